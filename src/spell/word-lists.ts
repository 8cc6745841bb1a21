/**
 * Word lists, whatever reads them: the parser, the shipped lists and the set that matches
 * words ignoring case. No I/O, so the browser build shares it (words.ts reads the files).
 */
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
export const bundledLists: ReadonlyArray<{ file: string; languages: readonly Language[] }> = [
  { file: 'support-words.txt', languages: ['en-US', 'en-GB'] },
  { file: 'us-variants.txt', languages: ['en-US'] }
]

const bundled = new Map<string, readonly string[]>()

/** The shipped words for `language`, each list read once with `read` (given its file name). */
export function wordsOfLists(language: Language, read: (file: string) => string): readonly string[] {
  const words: string[] = []
  for (const list of bundledLists) {
    if (!list.languages.includes(language)) continue
    let loaded = bundled.get(list.file)
    if (!loaded) {
      loaded = parseWordList(read(list.file))
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
