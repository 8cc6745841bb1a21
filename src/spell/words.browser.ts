/**
 * The browser build's stand-in for words.ts (scripts/build-browser.js swaps it in): the
 * shipped word lists come inlined in the bundle.
 */
import lists from 'ownit:word-lists'
import type { Language } from './sources.js'
import { wordsOfLists } from './word-lists.js'

export { parseWordList, WordSet } from './word-lists.js'

/** The shipped words for `language`. */
export function bundledWords(language: Language): readonly string[] {
  return wordsOfLists(language, (file) => lists[file] ?? '')
}
