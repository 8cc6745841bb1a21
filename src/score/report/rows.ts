/**
 * The per-conversation part of a report, as text made where the conversations are scored
 * (in worker threads when there are some): the main thread only writes it, in order.
 */
import type { ConversationResult, Practice } from '../types.js'
import { conversationCsvRow } from './csv.js'
import { jsonConversationText } from './json.js'
import { conversationRow } from './table.js'

/** The formats with a part per conversation: JSON objects, table rows, CSV rows. */
export type RowFormat = 'json' | 'table' | 'csv'

const encoder = new TextEncoder()

/** Where `RowEncoder` encodes, reused from batch to batch; one larger than `keptBytes` is let go after use. */
let scratch = new Uint8Array(1 << 20)
const keptBytes = 8 << 20

/**
 * Conversations' report text, one after another as the report lists them, as UTF-8 bytes
 * with a buffer of their own (a worker thread hands it over without a copy). JSON objects
 * are separated by `,\n` (the caller puts the same between two runs); rows end their line.
 */
export function rowBytes(results: readonly ConversationResult[], format: RowFormat, practices: readonly Practice[]): Uint8Array {
  const rows = new RowEncoder(format, practices)
  rows.add(results)
  return rows.take()
}

/**
 * `rowBytes` a few results at a time: each conversation's text is encoded as soon as it is
 * scored, and the result can be let go. Joining a batch's texts first made one string of
 * the whole batch (two bytes a character once a curly quote is in it) in fresh memory each
 * time, which with --jobs 2 was half of a worker's page faults; holding a batch's results
 * and texts until its end made every young-generation collection copy them.
 */
export class RowEncoder {
  private used = 0
  private readonly format: RowFormat
  private readonly practices: readonly Practice[]

  constructor(format: RowFormat, practices: readonly Practice[]) {
    this.format = format
    this.practices = practices
  }

  /** Whether no text is waiting. */
  get empty(): boolean {
    return this.used === 0
  }

  /** Bytes of text waiting (where the text of the results added next will start, but for a separator). */
  get length(): number {
    return this.used
  }

  add(results: readonly ConversationResult[]): void {
    for (const result of results) {
      switch (this.format) {
        case 'json':
          if (this.used > 0) this.put(',\n')
          this.put(jsonConversationText(result))
          break
        case 'table':
          this.put(conversationRow(result, this.practices))
          break
        case 'csv':
          this.put(conversationCsvRow(result, this.practices))
          break
      }
    }
  }

  /** The text so far, in a buffer of its own; the encoder starts again empty. */
  take(): Uint8Array {
    const bytes = scratch.slice(0, this.used)
    this.used = 0
    if (scratch.length > keptBytes) scratch = new Uint8Array(1 << 20)
    return bytes
  }

  private put(text: string): void {
    // At most three bytes of UTF-8 for each UTF-16 unit.
    if (scratch.length - this.used < text.length * 3) {
      const grown = new Uint8Array(Math.max(scratch.length * 2, this.used + text.length * 3))
      grown.set(scratch.subarray(0, this.used))
      scratch = grown
    }
    this.used += encoder.encodeInto(text, scratch.subarray(this.used)).written
  }
}
