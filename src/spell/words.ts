/**
 * Word lists that spelling accepts on top of the dictionary: the user's `words`, an
 * .ownit-words file, and the lists shipped in rules/ (support and technology
 * vocabulary; US spellings the en-US dictionary lacks). One word a line, `#` comments.
 */
import { readFileSync } from 'node:fs'
import { rulesDirectory } from '../pack/paths.js'
import type { Language } from './sources.js'

/** The words of a word list: one a line; blank lines and `#` comments ignored. */
export function parseWordList(text: string): string[] {
  const words: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const word = line.replace(/#.*/, '').trim()
    if (word) words.push(word)
  }
  return words
}

/** Shipped lists, by file in rules/, and the languages each applies to. */
const bundledLists: ReadonlyArray<{ file: string; languages: readonly Language[] }> = [
  { file: 'support-words.txt', languages: ['en-US', 'en-GB'] },
  { file: 'us-variants.txt', languages: ['en-US'] }
]

const bundled = new Map<string, readonly string[]>()

/** The shipped words for `language`, read once. */
export function bundledWords(language: Language): readonly string[] {
  const words: string[] = []
  for (const list of bundledLists) {
    if (!list.languages.includes(language)) continue
    let loaded = bundled.get(list.file)
    if (!loaded) {
      loaded = parseWordList(readFileSync(new URL(list.file, rulesDirectory), 'utf8'))
      bundled.set(list.file, loaded)
    }
    words.push(...loaded)
  }
  return words
}

/** A set of accepted words, matched ignoring case, with plurals and possessives. */
export class WordSet {
  readonly #words = new Set<string>()

  constructor(words: Iterable<string>) {
    for (const word of words) this.#words.add(word.replace(/’/g, "'").toLowerCase())
  }

  has(word: string): boolean {
    const lower = word.toLowerCase()
    if (this.#words.has(lower)) return true
    const base = lower.replace(/(?:'s|s'|')$/, (suffix) => (suffix === "s'" ? 's' : ''))
    if (base !== lower && this.#words.has(base)) return true
    if (lower.endsWith('es') && this.#words.has(lower.slice(0, -2))) return true
    return lower.endsWith('s') && this.#words.has(lower.slice(0, -1))
  }
}
