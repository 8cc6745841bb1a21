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
  let result = text
  let limit = Number.POSITIVE_INFINITY
  for (const edit of sorted) {
    if (edit.end > limit || edit.start > edit.end || edit.start < 0 || edit.end > text.length) continue
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end)
    limit = edit.start
    applied.push(edit)
  }
  return { text: result, applied: applied.reverse() }
}
