/**
 * Load a language's lexicon once per process: the prebuilt file that `npm run build`
 * writes to dist/dictionaries/, or, when it is missing or stale, one built from the
 * dictionary package (slower, same result) and written there for the next process.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { decodeLexicon, type Lexicon } from './lexicon.js'
import { compileLexicon, type Language } from './sources.js'

/** Where the build writes the lexicons: dist/dictionaries/ at the package root. */
export const lexiconDirectory = new URL('../../dist/dictionaries/', import.meta.url)

/** The prebuilt lexicon file of `language`. */
export function lexiconFile(language: Language): URL {
  return new URL(`${language}.lex`, lexiconDirectory)
}

const loaded = new Map<Language, Lexicon>()

/** The lexicon of `language`, loaded on first use. */
export function loadLexicon(language: Language): Lexicon {
  let lexicon = loaded.get(language)
  if (!lexicon) {
    lexicon = readPrebuilt(language) ?? decodeLexicon(compileAndCache(language))
    loaded.set(language, lexicon)
  }
  return lexicon
}

function readPrebuilt(language: Language): Lexicon | undefined {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(lexiconFile(language))
  } catch {
    return undefined
  }
  try {
    return decodeLexicon(bytes)
  } catch {
    // A lexicon from another version of ownit: rebuild rather than fail.
    return undefined
  }
}

function compileAndCache(language: Language): Uint8Array {
  const bytes = compileLexicon(language)
  try {
    mkdirSync(lexiconDirectory, { recursive: true })
    writeFileSync(lexiconFile(language), bytes)
  } catch {
    // A read-only install: this process keeps its lexicon in memory all the same.
  }
  return bytes
}
