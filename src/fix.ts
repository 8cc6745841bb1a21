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
