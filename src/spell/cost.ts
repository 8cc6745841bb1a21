/**
 * What a slip of the finger costs: the weights of the edit distance that ranks spelling
 * suggestions. People swap neighbouring letters, hit the key next door, double or
 * undouble letters, confuse vowels and drop apostrophes far more often than they type
 * an unrelated letter, so those edits are cheap. Works on case-folded bytes.
 */

const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']

/** Pairs of keys that touch on a QWERTY keyboard, as `a * 256 + b`. */
const adjacent = new Set<number>()
for (let row = 0; row < rows.length; row++) {
  for (let column = 0; column < rows[row]!.length; column++) {
    const key = rows[row]!.charCodeAt(column)
    const neighbours = [rows[row]![column - 1], rows[row]![column + 1], rows[row - 1]?.[column], rows[row - 1]?.[column + 1], rows[row + 1]?.[column], rows[row + 1]?.[column - 1]]
    for (const neighbour of neighbours) if (neighbour) adjacent.add(key * 256 + neighbour.charCodeAt(0))
  }
}

const vowels = new Set([...'aeiouy'].map((char) => char.charCodeAt(0)))
const apostrophe = 39
const [o, s, u, z] = [...'osuz'].map((char) => char.charCodeAt(0)) as [number, number, number, number]

/** Swapping two neighbouring letters (teh, recieve). */
export const transposeCost = 0.55

/** Typing `typed` where `meant` belongs. */
export function substituteCost(typed: number, meant: number): number {
  if (typed === meant) return 0
  // US and British spelling: organise / organize.
  if ((typed === s && meant === z) || (typed === z && meant === s)) return 0.4
  if (vowels.has(typed) && vowels.has(meant)) return 0.6
  if (adjacent.has(typed * 256 + meant)) return 0.7
  return 1
}

/** Leaving out `meant` (`previous` is the letter before it in the intended word). */
export function omitCost(meant: number, previous: number): number {
  if (meant === apostrophe) return 0.25
  if (meant === previous) return 0.45
  // color → colour
  if (meant === u && previous === o) return 0.4
  if (vowels.has(meant)) return 0.55
  return 1
}

/** Typing `typed`, which does not belong (`previous` is the typed letter before it). */
export function extraCost(typed: number, previous: number): number {
  if (typed === apostrophe) return 0.25
  if (typed === previous) return 0.45
  // colour → color
  if (typed === u && previous === o) return 0.4
  return 1
}

/** The largest total cost still worth suggesting, for a word of `length` letters. */
export function maxCostFor(length: number): number {
  return length <= 3 ? 1 : length <= 5 ? 1.5 : 2
}
