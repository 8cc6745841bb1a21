/**
 * Map places in a turn's text back to their line, column and offset in the original file,
 * through the file's own quoting (JSON escapes, CSV doubled quotes). Pure.
 */
import type { Origin } from './types.js'

export interface FilePoint {
  line: number
  column: number
  offset: number
}

/** Decoded characters between the places a locator keeps to walk back to. */
const stride = 1024

/**
 * Finds the file places of indices in one turn's decoded text. It walks on from the last
 * index asked, so indices asked in order cost one pass over the turn in all (a turn with
 * thousands of findings was quadratic when each walked from the start); an index before
 * the last one walks from the place kept at or before it (one every `stride` characters).
 */
export class TurnLocator {
  private readonly source: string
  private readonly quoting: 'none' | 'json' | 'csv'
  /** Decoded index reached, and where it starts in `source`. */
  private decoded = 0
  private at = 0
  private line = 0
  private column = 0
  /** Where decoded index `k × stride` starts, its line and its column (made for a long turn only). */
  private kept: number[] | undefined

  constructor(
    private readonly origin: Origin,
    text: string
  ) {
    const raw = origin.raw
    this.source = origin.quoting === 'none' || raw === undefined ? text : raw
    // A CSV field without quotes is its text verbatim.
    this.quoting = raw === undefined || (origin.quoting === 'csv' && !raw.startsWith('"')) ? 'none' : origin.quoting
    this.kept = text.length > stride ? [] : undefined
    this.restart()
  }

  /** The place in the file of decoded index `index` of the turn's text. */
  pointAt(index: number): FilePoint {
    if (index < this.decoded) this.back(index)
    const source = this.source
    const length = source.length
    let { decoded, at, line, column } = this
    const kept = this.kept
    while (decoded < index && at < length) {
      if (kept !== undefined && decoded % stride === 0 && kept.length === (decoded / stride) * 3) kept.push(at, line, column)
      const step = this.quoting === 'none' ? 1 : this.quoting === 'csv' ? (source.charCodeAt(at) === 34 && source.charCodeAt(at + 1) === 34 ? 2 : 1) : source.charCodeAt(at) !== 92 ? 1 : source.charCodeAt(at + 1) === 117 ? 6 : 2
      for (const stop = at + step; at < stop && at < length; at++) {
        if (source.charCodeAt(at) === 10) {
          line++
          column = 1
        } else {
          column++
        }
      }
      decoded++
    }
    this.decoded = decoded
    this.at = at
    this.line = line
    this.column = column
    // Past the end of a verbatim text, the offset goes on with the index.
    return { line, column, offset: this.origin.offset + (this.quoting === 'none' ? Math.max(at, index) : at) }
  }

  /** Walk back to the place kept at or before decoded index `index`. */
  private back(index: number): void {
    const kept = this.kept ?? []
    const k = Math.min(Math.floor(index / stride), kept.length / 3 - 1)
    if (k < 0) return this.restart()
    this.decoded = k * stride
    this.at = kept[k * 3]!
    this.line = kept[k * 3 + 1]!
    this.column = kept[k * 3 + 2]!
  }

  private restart(): void {
    const opening = this.quoting === 'none' ? 0 : 1
    this.decoded = 0
    this.at = opening
    this.line = this.origin.line
    this.column = this.origin.column + opening
  }
}
