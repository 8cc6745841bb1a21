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
 * the engine's), and the white space between them (the line break of hard-wrapped e-mail
 * with the indentation after it, a no-break space) in the gaps of the rewrite that stand
 * where theirs did: a line break stays before the word the rewrite keeps (see
 * `keepSpacing`). A rewrite with an escape in it (`\u2019`, `&amp;`: a macro export's
 * field) keeps its case.
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
 * `rewrite` with the white space of `actual` between its words. Each gap of `actual` that
 * is not one plain space (a line break with the indentation after it, a tab, a no-break
 * space) goes to the gap of the rewrite `wantedGap` says, line breaks first: there, a line
 * break stays before the word the rewrite keeps ("Head office⏎Sets the policy" → "We⏎set
 * the policy"). A gap already given goes to the nearest free one. A rewrite's own white
 * space other than a plain space is kept, and holds the same white space of `actual`, or
 * a line break one, without adding it again (a capture brings its words' gaps: `we set
 * $4`). When the rewrite has fewer gaps than there are to place, those placed last are
 * left out: a one-word rewrite joins the lines.
 */
function keepSpacing(actual: string, rewrite: string): string {
  if (!/\s/u.test(actual) || /^\s|\s$/u.test(actual) || /^\s|\s$/u.test(rewrite)) return rewrite
  const from = spacedWords(actual)
  const to = spacedWords(rewrite)
  if (to.gaps.length === 0) return rewrite
  const actualWords = from.words.map((word) => word.toLowerCase())
  const rewriteWords = to.words.map((word) => word.toLowerCase())
  const shared = alignWords(actualWords, rewriteWords)
  const gaps = [...to.gaps]
  // givenBy[j]: the gap of `actual` that gap j of the rewrite holds.
  const givenBy: Array<number | undefined> = []
  const order = [...from.gaps.keys()].filter((index) => from.gaps[index] !== ' ').sort((a, b) => Number(hasBreak(from.gaps[b]!)) - Number(hasBreak(from.gaps[a]!)) || a - b)
  for (const index of order) {
    const wanted = wantedGap(index, actualWords, rewriteWords, shared)
    // On a tie, the side that keeps the gaps in their order.
    const step = (givenBy[wanted] ?? Infinity) < index ? 1 : -1
    for (let distance = 0; distance < gaps.length; distance++) {
      const place = [wanted + step * distance, wanted - step * distance].find((at) => at >= 0 && at < gaps.length && givenBy[at] === undefined && (gaps[at] === ' ' || holds(gaps[at]!, from.gaps[index]!)))
      if (place === undefined) continue
      givenBy[place] = index
      gaps[place] = from.gaps[index]!
      break
    }
  }
  let text = to.words[0]!
  for (const [index, gap] of gaps.entries()) text += gap + to.words[index + 1]!
  return text
}

/**
 * The gap of the rewrite (gap `j` is before its word `j + 1`) where gap `gap` of the
 * actual words (before their word `gap + 1`) stands. Before the same word when the
 * rewrite keeps it: the word it is aligned with, or else, when the rewrite moved it, the
 * same word where it is not aligned with another ("Several mistakes were⏎made" → "We⏎made
 * several mistakes"). Any other gap is counted from the next shared word, or from the end
 * of the phrase past the last one or when none is shared: it keeps as many words between
 * it and there as it had ("Head office⏎Sets the policy" → "We⏎set the policy", "As I
 * already⏎said" → "To⏎recap"), then is moved, if it must, to between the shared words
 * around it, so that it never passes one when the rewrite has a gap on its side ("Two
 * mistakes⏎were made" has none: "We made⏎two mistakes"). It always stays inside the
 * rewrite: at its first or last gap at the most.
 */
function wantedGap(gap: number, actual: readonly string[], rewrite: readonly string[], shared: ReadonlyArray<readonly [number, number]>): number {
  const word = gap + 1
  let previous = -1
  let next: readonly [number, number] = [actual.length, rewrite.length]
  for (const pair of shared) {
    if (pair[0] < word) previous = pair[1]
    else {
      next = pair
      break
    }
  }
  const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value))
  const low = Math.max(1, previous + 1)
  const high = Math.min(rewrite.length - 1, next[1])
  const counted = next[1] - (next[0] - word)
  if (next[0] !== word) {
    // The word moved: the nearest place it is written in the rewrite, not aligned with another.
    const aligned = new Set(shared.map((pair) => pair[1]))
    let moved: number | undefined
    for (const [index, other] of rewrite.entries()) {
      if (index === 0 || other !== actual[word] || aligned.has(index)) continue
      if (moved === undefined || Math.abs(index - counted) < Math.abs(moved - counted)) moved = index
    }
    if (moved !== undefined) return moved - 1
  }
  return (low <= high ? clamp(counted, low, high) : clamp(counted, 1, rewrite.length - 1)) - 1
}

/** Whether a rewrite's own gap `gap` stands for `actual`'s gap `source`: the same, or both line breaks (which `source` then writes as it was). */
function holds(gap: string, source: string): boolean {
  return gap === source || (hasBreak(gap) && hasBreak(source))
}

function hasBreak(gap: string): boolean {
  return /[\n\r\u2028\u2029]/.test(gap)
}

/** The pairs of indices of words `left` and `right` (in lower case) share, in order, as many as can be (a longest common subsequence). */
function alignWords(left: readonly string[], right: readonly string[]): Array<readonly [number, number]> {
  if (left.length * right.length > maxAligned) return []
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
