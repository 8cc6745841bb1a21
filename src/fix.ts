/** Apply text edits. Pure: a fix is `{start, end, text}`. */

export interface Edit {
  start: number
  end: number
  text: string
}

/**
 * Apply edits last to first, skipping any that overlaps one already applied
 * (textlint, ESLint). Returns the new text and the edits applied.
 */
export function applyEdits<T extends Edit>(text: string, edits: readonly T[]): { text: string; applied: T[] } {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end)
  const applied: T[] = []
  // Collect the pieces and join once: splicing the whole text per edit is quadratic.
  const pieces: string[] = []
  let limit = text.length
  for (const edit of sorted) {
    if (edit.end > limit || edit.start > edit.end || edit.start < 0) continue
    pieces.push(text.slice(edit.end, limit), edit.text)
    limit = edit.start
    applied.push(edit)
  }
  pieces.push(text.slice(0, limit))
  return { text: pieces.reverse().join(''), applied: applied.reverse() }
}

/** A rewrite applied, placed in the original text. */
export interface AppliedFix {
  ruleId: string
  offset: number
  endOffset: number
  /** The words rewritten. */
  actual: string
  /** What they became. */
  text: string
}

/** A rewrite a fix pass would make, with its rule and the words it rewrites. */
export interface FixEdit extends Edit {
  ruleId: string
  actual: string
}

/** What one fix pass found in the text as it is now. */
export interface FixPass {
  /** The safe rewrites to make. */
  edits: readonly FixEdit[]
  /**
   * Where checking stopped at the problem limit (`too-many-problems`), if it did; `Infinity`
   * when it stopped somewhere no single offset says (a field of a macro export).
   */
  stoppedAt?: number | undefined
}

/** Passes that did not stop at the problem limit: a rewrite uncovering another is rare, a chain of five unknown. */
const usualPasses = 5

/**
 * Fix `text` pass after pass until nothing changes, for a rewrite can uncover another: at
 * most five passes, and more while a pass stopped at the problem limit, so that a text
 * with more than 100,000 fixable problems is fixed to its end. Each rewrite is fitted to
 * the words it replaces first (see `fitRewrite`).
 *
 * `applied` are the rewrites of the original text, placed in it: the first pass's, and,
 * after a pass that stopped, those a later pass made past that point (the text there is
 * the original's, moved). Rewrites of what earlier rewrites uncovered are not in it.
 */
export function fixUntilStable(text: string, pass: (current: string) => FixPass): { text: string; applied: AppliedFix[] } {
  let current = text
  const applied: AppliedFix[] = []
  // From offset `from` of `current` on, the text is the original's from `from - shift` on.
  let from = 0
  let shift = 0
  let settled = 0
  // Each pass that stops fixes up to the limit's worth of problems: the length bounds them.
  for (let stops = 0; stops <= text.length; ) {
    const { edits: found, stoppedAt } = pass(current)
    if (found.length === 0) break
    const edits = found.map((edit) => ({ ...edit, text: fitRewrite(current.slice(edit.start, edit.end), edit.text) }))
    const result = applyEdits(current, edits)
    if (result.text === current) break
    let delta = 0
    for (const edit of result.applied) {
      if (edit.start >= from) applied.push({ ruleId: edit.ruleId, offset: edit.start - shift, endOffset: edit.end - shift, actual: edit.actual, text: edit.text })
      delta += edit.text.length - (edit.end - edit.start)
    }
    current = result.text
    if (stoppedAt === undefined) {
      // Every problem was seen: what a later pass finds, a rewrite uncovered.
      from = Infinity
      if (++settled >= usualPasses) break
    } else {
      // This pass rewrote only before `stoppedAt`: past it, the text moved by `delta`.
      from = Math.max(from, stoppedAt) + delta
      shift += delta
      stops++
    }
  }
  return { text: current, applied }
}

/**
 * A rewrite fitted to the words it replaces, so that fixing keeps how the text was
 * written: their case, when it is ALL CAPS or Title Case (a capital at a sentence start is
 * the engine's), and the white space between them (the line break of hard-wrapped e-mail,
 * a no-break space) in the gaps of the rewrite that stand where theirs did. A rewrite
 * with an escape in it (`\u2019`, `&amp;`: a macro export's field) keeps its case.
 */
export function fitRewrite(actual: string, rewrite: string): string {
  const fitted = keepSpacing(actual, rewrite)
  if (/\\|&(?:#?\w+);/.test(fitted)) return fitted
  const style = caseStyle(actual)
  if (style === 'upper') return fitted.toUpperCase()
  if (style === 'title') return fitted.replace(/\S+/gu, (word, index: number) => (index > 0 && smallWords.has(word) ? word : word.replace(/^(\P{L}*)(\p{Ll})/u, (_, before: string, letter: string) => before + letter.toUpperCase())))
  return fitted
}

/** Words Title Case leaves in lower case ("Head Office Set the Rules"). */
const smallWords = new Set(['a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'so', 'yet', 'as', 'at', 'by', 'in', 'of', 'off', 'on', 'per', 'to', 'up', 'via'])

/**
 * ALL CAPS (two capitals or more, no small letter), Title Case (every word capitalised
 * or a small word, and a capital past the first word that is not "I": a capital at a
 * sentence start says nothing), or neither.
 */
function caseStyle(actual: string): 'upper' | 'title' | undefined {
  if (/\p{Ll}/u.test(actual)) {
    const words = actual.split(/\s+/u).filter((word) => /\p{L}/u.test(word))
    const capitalised = (word: string): boolean => /^\P{L}*[\p{Lu}\p{Lt}]/u.test(word)
    const titled = words.every((word) => capitalised(word) || smallWords.has(word))
    return titled && words.some((word, index) => index > 0 && capitalised(word) && !/^I(?:['’]\p{L}+)?$/u.test(word)) ? 'title' : undefined
  }
  return (actual.match(/\p{Lu}/gu) ?? []).length >= 2 ? 'upper' : undefined
}

/** Words and the white space between them (`gaps[i]` is between `words[i]` and `words[i + 1]`). */
interface Spaced {
  words: string[]
  gaps: string[]
}

function spacedWords(text: string): Spaced {
  const words: string[] = []
  const gaps: string[] = []
  let last = 0
  for (const gap of text.matchAll(/\s+/gu)) {
    words.push(text.slice(last, gap.index))
    gaps.push(gap[0])
    last = gap.index + gap[0].length
  }
  words.push(text.slice(last))
  return { words, gaps }
}

/** Longer phrases are rare; past this many word pairs the words are not aligned. */
const maxAligned = 10_000

/**
 * `rewrite` with the white space of `actual` between its words. The words the two share
 * (the matched words a rewrite repeats: "set the policy") are aligned, and between them,
 * and before and after them, the gaps of `actual` go to the rewrite's in order when there
 * are as many, else each (line breaks first) to the rewrite's gap at about the same place.
 */
function keepSpacing(actual: string, rewrite: string): string {
  if (!/\s/u.test(actual) || /^\s|\s$/u.test(actual) || /^\s|\s$/u.test(rewrite)) return rewrite
  const from = spacedWords(actual)
  const to = spacedWords(rewrite)
  if (to.gaps.length === 0) return rewrite
  const gaps = [...to.gaps]
  let fromGap = 0
  let toGap = 0
  for (const [a, r] of [...alignWords(from.words, to.words), [from.gaps.length, to.gaps.length] as const]) {
    placeGaps(from.gaps.slice(fromGap, a), gaps, toGap, r)
    fromGap = a
    toGap = r
  }
  let text = to.words[0]!
  for (const [index, gap] of gaps.entries()) text += gap + to.words[index + 1]!
  return text
}

/** Put `source` (the gaps of a stretch of the actual words) in `gaps[start, end)`, the rewrite's gaps in the same stretch. */
function placeGaps(source: readonly string[], gaps: string[], start: number, end: number): void {
  const count = end - start
  if (count <= 0 || source.length === 0) return
  if (source.length === count) {
    for (const [index, gap] of source.entries()) gaps[start + index] = gap
    return
  }
  const taken = new Set<number>()
  const order = [...source.keys()].filter((index) => source[index] !== ' ').sort((a, b) => Number(hasBreak(source[b]!)) - Number(hasBreak(source[a]!)) || a - b)
  for (const index of order) {
    const wanted = Math.min(count - 1, Math.floor(((index + 0.5) * count) / source.length))
    // The nearest gap not yet taken, and not already special (white space a group brought along).
    for (let distance = 0; distance < count; distance++) {
      const place = [wanted - distance, wanted + distance].find((at) => at >= 0 && at < count && !taken.has(at) && gaps[start + at] === ' ')
      if (place === undefined) continue
      taken.add(place)
      gaps[start + place] = source[index]!
      break
    }
  }
}

function hasBreak(gap: string): boolean {
  return /[\n\r\u2028\u2029]/.test(gap)
}

/** The pairs of indices of words `a` and `b` share, in order, as many as can be (a longest common subsequence, ignoring case). */
function alignWords(a: readonly string[], b: readonly string[]): Array<readonly [number, number]> {
  if (a.length * b.length > maxAligned) return []
  const left = a.map((word) => word.toLowerCase())
  const right = b.map((word) => word.toLowerCase())
  // lengths[i][j]: the longest common subsequence of left[i…] and right[j…].
  const lengths = Array.from({ length: left.length + 1 }, () => new Array<number>(right.length + 1).fill(0))
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      lengths[i]![j] = left[i] === right[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const pairs: Array<readonly [number, number]> = []
  for (let i = 0, j = 0; i < left.length && j < right.length; ) {
    if (left[i] === right[j]) pairs.push([i++, j++] as const)
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++
    else j++
  }
  return pairs
}
