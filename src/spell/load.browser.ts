/**
 * The browser build's stand-in for load.ts (scripts/build-browser.js swaps it in): there
 * is no disk to read the lexicon from, so the page loads it (`loadDictionary` in
 * browser.ts) and hands the bytes here before spelling is checked.
 */
import { decodeLexicon, type Lexicon } from './lexicon.js'
import type { Language } from './sources.js'

const loaded = new Map<Language, Lexicon>()

/** Register the prebuilt lexicon of `language` (a dist/dictionaries/*.lex file's bytes). */
export function addLexicon(language: Language, bytes: Uint8Array): void {
  loaded.set(language, decodeLexicon(bytes))
}

/** Whether the lexicon of `language` has been registered. */
export function hasLexicon(language: Language): boolean {
  return loaded.has(language)
}

/** The lexicon of `language`; an error when it was not loaded first. */
export function loadLexicon(language: Language): Lexicon {
  const lexicon = loaded.get(language)
  if (!lexicon) throw new Error(`ownit/browser: no ${language} dictionary: await loadDictionary(url, '${language}') before checking spelling`)
  return lexicon
}
