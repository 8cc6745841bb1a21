/**
 * Find the lexicon entries within a weighted edit distance of a word, by walking the
 * sorted lexicon as a trie and pruning every branch that is already too far (one
 * dynamic-programming row per letter of the branch). Pure.
 */
import { extraCost, omitCost, substituteCost, transposeCost } from './cost.js'
import { foldKey, type Lexicon } from './lexicon.js'

export interface Near {
  /** Index of the entry in the lexicon. */
  index: number
  /** Weighted edit distance from the typed word. */
  cost: number
}

/** Entries within `limit` of `word` (case ignored), in lexicon order. */
export function findNear(lexicon: Lexicon, word: string, limit: number): Near[] {
  // Costs are sums of decimals: allow for rounding (0.55 + 0.55 > 1.1 in floating point).
  const maxCost = limit + 1e-9
  const typed = foldKey(word)
  const width = typed.length + 1
  const maxDepth = typed.length + 4
  const rows: Float64Array[] = []
  for (let depth = 0; depth <= maxDepth + 1; depth++) rows.push(new Float64Array(width))
  const first = rows[0]!
  for (let column = 1; column < width; column++) first[column] = first[column - 1]! + extraCost(typed[column - 1]!, typed[column - 2] ?? -1)
  const path = new Int32Array(maxDepth + 2)
  const found: Near[] = []
  const { offsets, data } = lexicon
  const byteAt = (index: number, depth: number): number => {
    const at = offsets[index]! + depth
    if (at >= offsets[index + 1]!) return -1
    const byte = data[at]!
    return byte >= 65 && byte <= 90 ? byte + 32 : byte
  }
  /** First index in [low, high) whose byte at `depth` is above `byte` (the range is sorted). */
  const upperBound = (depth: number, byte: number, low: number, high: number): number => {
    while (low < high) {
      const middle = (low + high) >>> 1
      if (byteAt(middle, depth) <= byte) low = middle + 1
      else high = middle
    }
    return low
  }

  // People rarely get the first letter wrong: a word may start with the typed first
  // letter, the second (a swap or a stray first key), a key next to it, or a vowel for a
  // vowel. This prunes most of the lexicon before the walk starts.
  const plausibleFirst = (byte: number): boolean =>
    typed.length === 0 || byte === typed[0] || byte === typed[1] || substituteCost(typed[0]!, byte) < 1

  // Entries in [low, high) share the first `depth` folded bytes, whose row is rows[depth].
  const walk = (depth: number, low: number, high: number): void => {
    const row = rows[depth]!
    let index = low
    while (index < high && offsets[index + 1]! - offsets[index]! === depth) {
      if (row[typed.length]! <= maxCost) found.push({ index, cost: row[typed.length]! })
      index++
    }
    if (depth >= maxDepth) return
    while (index < high) {
      const byte = byteAt(index, depth)
      const end = upperBound(depth, byte, index, high)
      if (depth === 0 && !plausibleFirst(byte)) {
        index = end
        continue
      }
      const next = rows[depth + 1]!
      path[depth + 1] = byte
      const previous = depth > 0 ? path[depth]! : -1
      next[0] = row[0]! + omitCost(byte, previous)
      let best = next[0]!
      for (let column = 1; column < width; column++) {
        const char = typed[column - 1]!
        let cost = Math.min(
          row[column]! + omitCost(byte, previous),
          next[column - 1]! + extraCost(char, typed[column - 2] ?? -1),
          row[column - 1]! + substituteCost(char, byte)
        )
        if (column > 1 && depth > 0 && char === previous && typed[column - 2] === byte && char !== byte) {
          cost = Math.min(cost, rows[depth - 1]![column - 2]! + transposeCost)
        }
        next[column] = cost
        if (cost < best) best = cost
      }
      if (best <= maxCost) walk(depth + 1, index, end)
      index = end
    }
  }
  walk(0, 0, lexicon.size)
  return found
}

