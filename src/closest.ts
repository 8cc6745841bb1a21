/**
 * "Did you mean …?": the known name nearest a typo. No imports, so that the browser build
 * (option checks, rule ids) and the pack loader, the config and the CLI share one.
 */

/** The known name closest to `name`, when it is a likely typo (edit distance ≤ 2, ignoring case); the first such when several tie. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  const lower = name.toLowerCase()
  for (const candidate of known) {
    // Lengths further apart than that cannot be closer: and a name of a megabyte (a request
    // body's rule id) must not cost a megabyte times each id.
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * The edit distance of `a` and `b`, with a swap of two neighbours counting as one edit
 * (optimal string alignment): `ownti` is one typo from `ownit`, not two.
 */
export function typoDistance(a: string, b: string): number {
  return editDistance(a, b, true)
}

/** Levenshtein distance; with `swaps`, a swap of two neighbours is one edit too. */
function editDistance(a: string, b: string, swaps = false): number {
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, before[j - 2]! + 1)
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}
