/**
 * Map a place in a turn's text back to its line, column and offset in the original file,
 * through the file's own quoting (JSON escapes, CSV doubled quotes). Pure.
 */
import type { Origin } from './types.js'

export interface FilePoint {
  line: number
  column: number
  offset: number
}

/** Index in `origin.raw` (or in the verbatim text) where decoded index `index` starts. */
function rawIndex(origin: Origin, index: number): number {
  const raw = origin.raw
  if (origin.quoting === 'none' || raw === undefined) return index
  if (origin.quoting === 'csv') {
    if (!raw.startsWith('"')) return index
    let at = 1
    for (let decoded = 0; decoded < index && at < raw.length; decoded++) at += raw[at] === '"' && raw[at + 1] === '"' ? 2 : 1
    return at
  }
  let at = 1
  for (let decoded = 0; decoded < index && at < raw.length; decoded++) {
    if (raw[at] !== '\\') at += 1
    else at += raw[at + 1] === 'u' ? 6 : 2
  }
  return at
}

/** The place in the file of decoded index `index` of a turn's text. */
export function pointAt(origin: Origin, text: string, index: number): FilePoint {
  const at = rawIndex(origin, index)
  const source = origin.quoting === 'none' || origin.raw === undefined ? text : origin.raw
  let line = origin.line
  let column = origin.column
  for (let position = 0; position < at && position < source.length; position++) {
    if (source.charCodeAt(position) === 10) {
      line++
      column = 1
    } else {
      column++
    }
  }
  return { line, column, offset: origin.offset + at }
}
