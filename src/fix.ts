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
 * with more than 100,000 fixable problems is fixed to its end.
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
    const { edits, stoppedAt } = pass(current)
    if (edits.length === 0) break
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
