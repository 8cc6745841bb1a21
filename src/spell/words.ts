/**
 * Word lists that spelling accepts on top of the dictionary: the user's `words`, an
 * .ownit-words file, and the lists shipped in rules/ (support and technology
 * vocabulary; US spellings the en-US dictionary lacks). One word a line, `#` comments.
 */
import { readFileSync } from 'node:fs'
import { rulesDirectory } from '../pack/paths.js'
import type { Language } from './sources.js'
import { wordsOfLists } from './word-lists.js'

export { parseWordList, WordSet } from './word-lists.js'

/** The shipped words for `language`, read once from rules/. */
export function bundledWords(language: Language): readonly string[] {
  return wordsOfLists(language, (file) => readFileSync(new URL(file, rulesDirectory), 'utf8'))
}
