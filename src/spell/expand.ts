/**
 * Expand a Hunspell dictionary into lexicon entries, with nspell: every word form the
 * affix rules allow, a frequency for ranking suggestions, and the NOSUGGEST mark. Pure,
 * but slow (~300 ms for English): run at build time, or once when no prebuilt lexicon
 * is found.
 */
import nspell from 'nspell'
import { noSuggestFlag, type LexiconEntry } from './lexicon.js'

export interface HunspellDictionary {
  aff: Uint8Array
  dic: Uint8Array
}

/**
 * @param dictionary the .aff and .dic bytes
 * @param byFrequency words, most frequent first (case is ignored); may be empty
 */
export function expandDictionary(dictionary: HunspellDictionary, byFrequency: readonly string[]): LexiconEntry[] {
  const spell = nspell(dictionary)
  const onlyInCompound = spell.flags['ONLYINCOMPOUND']
  const noSuggest = spell.flags['NOSUGGEST']
  const ranks = new Map<string, number>()
  byFrequency.forEach((word, rank) => {
    const key = word.toLowerCase()
    if (!ranks.has(key)) ranks.set(key, rank)
  })
  const entries: LexiconEntry[] = []
  for (const [word, codes] of Object.entries(spell.data)) {
    if (onlyInCompound !== undefined && codes.includes(onlyInCompound)) continue
    entries.push({
      word,
      frequency: frequencyOf(word.toLowerCase(), ranks),
      flags: noSuggest !== undefined && codes.includes(noSuggest) ? noSuggestFlag : 0
    })
  }
  return entries
}

/** Log-scaled rank: 240 for the most common word, down to ~12 at rank 75,000; 0 unknown. */
function frequencyOf(word: string, ranks: ReadonlyMap<string, number>): number {
  const rank = ranks.get(word)
  if (rank !== undefined) return Math.max(1, Math.round(255 - Math.log2(rank + 2) * 15))
  // Frequency lists split contractions and possessives at the apostrophe ("don", "t"):
  // such a form is a little rarer than its first part.
  const apostrophe = word.indexOf("'")
  if (apostrophe > 0) {
    const base = ranks.get(word.slice(0, apostrophe))
    if (base !== undefined) return Math.max(1, Math.round(255 - Math.log2(base + 2) * 15) - 20)
  }
  return 0
}
