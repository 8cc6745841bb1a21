/**
 * Spelling suggestions, most likely first: lexicon words near the typed one by a
 * weighted edit distance (see cost.ts), and splits of run-together words ("alot"),
 * ranked by that distance plus how rare the word is, in the case the writer used.
 * Suggestions are slow next to a lookup, so they are computed only for flagged words,
 * capped, and cached.
 */
import { maxCostFor } from './cost.js'
import { findNear } from './fuzzy.js'
import { noSuggestFlag, type Lexicon } from './lexicon.js'
import { Lru } from './lru.js'

export interface Suggestion {
  /** The word as it should be written, in the writer's case where the dictionary allows. */
  word: string
  /** Lower is likelier: edit cost plus a rarity penalty. */
  score: number
  /** The weighted edit distance alone. */
  cost: number
}

/** How many suggestions a message carries. */
export const maxSuggestions = 3

/** How much rarity weighs against one edit: a rare word needs a closer match to win. */
const rarityWeight = 0.8
/** Writing `NEH` or `Te` for a lowercase typo is rarely meant. */
const acronymPenalty = 0.6
const properNounPenalty = 0.3
const splitCost = 0.8
/** A cut-short word is completed only from its fourth letter, to an everyday word. */
const completionCost = 0.9
const completionMinLength = 4
const completionMinFrequency = 40
/** Both halves of a split must be everyday words (about the 800 most frequent). */
const splitMinFrequency = 110

/** The first, cheap search: one slip, or two of the cheapest. */
const firstPassCost = 1.1

const cache = new WeakMap<Lexicon, Lru<string, Suggestion[]>>()

/** Up to three suggestions for `word`, best first; cached per lexicon (1,000 words). */
export function suggest(lexicon: Lexicon, word: string): Suggestion[] {
  let lru = cache.get(lexicon)
  if (!lru) cache.set(lexicon, (lru = new Lru(1000)))
  const key = word.toLowerCase()
  let ranked = lru.get(key)
  if (!ranked) {
    ranked = rank(lexicon, key)
    lru.set(key, ranked)
  }
  return ranked.map((suggestion) => ({ ...suggestion, word: matchCase(word, suggestion.word) }))
}

function rarity(lexicon: Lexicon, index: number): number {
  return rarityWeight * (1 - lexicon.frequencyAt(index) / 255)
}

function rank(lexicon: Lexicon, word: string): Suggestion[] {
  const best = new Map<string, Suggestion>()
  const offer = (candidate: Suggestion): void => {
    const seen = best.get(candidate.word)
    if (!seen || candidate.score < seen.score) best.set(candidate.word, candidate)
  }
  // Most typos are one slip away: search that close first, and further only if needed.
  const max = maxCostFor(word.length)
  let nears = findNear(lexicon, word, Math.min(firstPassCost, max))
  if (nears.length < maxSuggestions && max > 1) nears = findNear(lexicon, word, nears.length > 0 ? Math.min(max, 1.5) : max)
  for (const near of nears) {
    if (lexicon.flagsAt(near.index) & noSuggestFlag) continue
    const candidate = lexicon.wordAt(near.index)
    if (candidate.toLowerCase() === word) continue
    let score = near.cost + rarity(lexicon, near.index)
    if (candidate.length > 1 && candidate === candidate.toUpperCase()) score += acronymPenalty
    else if (candidate !== candidate.toLowerCase()) score += properNounPenalty
    offer({ word: candidate, score, cost: near.cost })
  }
  for (const split of splits(lexicon, word)) offer(split)
  for (const completion of completions(lexicon, word)) offer(completion)
  return [...best.values()].sort((a, b) => a.score - b.score || a.cost - b.cost || (a.word < b.word ? -1 : 1)).slice(0, maxSuggestions)
}

/** "alot" → "a lot", "thankyou" → "thank you": both halves common words. */
function splits(lexicon: Lexicon, word: string): Suggestion[] {
  const found: Suggestion[] = []
  for (let cut = 1; cut < word.length; cut++) {
    const left = word.slice(0, cut)
    const right = word.slice(cut)
    if ((left.length === 1 && left !== 'a') || right.length < 2) continue
    const leftIndex = exactIndex(lexicon, left)
    const rightIndex = exactIndex(lexicon, right)
    if (leftIndex < 0 || rightIndex < 0) continue
    if (lexicon.frequencyAt(leftIndex) < splitMinFrequency || lexicon.frequencyAt(rightIndex) < splitMinFrequency) continue
    const score = splitCost + Math.max(rarity(lexicon, leftIndex), rarity(lexicon, rightIndex))
    found.push({ word: `${left} ${right}`, score, cost: splitCost })
  }
  return found
}

/** A cut-short word: "inconv" → "inconvenience", "approx" → "approximately". */
function completions(lexicon: Lexicon, word: string): Suggestion[] {
  if (word.length < completionMinLength) return []
  const key = new TextEncoder().encode(word)
  const found: Array<{ index: number; frequency: number }> = []
  for (let index = lexicon.lowerBound(key); index < lexicon.size && found.length < 2000; index++) {
    let prefix = true
    for (let depth = 0; depth < key.length && prefix; depth++) prefix = lexicon.byteAt(index, depth) === key[depth]
    if (!prefix) break
    const frequency = lexicon.frequencyAt(index)
    if (frequency >= completionMinFrequency && !(lexicon.flagsAt(index) & noSuggestFlag)) found.push({ index, frequency })
  }
  return found
    .sort((a, b) => b.frequency - a.frequency)
    .slice(0, maxSuggestions)
    .map(({ index }) => ({ word: lexicon.wordAt(index), score: completionCost + rarity(lexicon, index), cost: completionCost }))
}

/** Index of the lowercase entry spelled exactly `word`, or -1. */
function exactIndex(lexicon: Lexicon, word: string): number {
  const key = new TextEncoder().encode(word)
  for (let index = lexicon.lowerBound(key); index < lexicon.size; index++) {
    const entry = lexicon.wordAt(index)
    if (entry.toLowerCase() !== word) return -1
    if (entry === word) return lexicon.flagsAt(index) & noSuggestFlag ? -1 : index
  }
  return -1
}

/** Give a lowercase dictionary word the writer's case: `Recieve` → `Receive`. */
function matchCase(typed: string, word: string): string {
  if (word !== word.toLowerCase()) return word
  const first = typed.charAt(0)
  if (first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1)
  return word
}
