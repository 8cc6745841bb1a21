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

/**
 * Conversations' report text, one after another as the report lists them, as UTF-8 bytes
 * with a buffer of their own (a worker thread hands it over without a copy). JSON objects
 * are separated by `,\n` (the caller puts the same between two runs); rows end their line.
 */
export function rowBytes(results: readonly ConversationResult[], format: RowFormat, practices: readonly Practice[]): Uint8Array {
  switch (format) {
    case 'json':
      return encoder.encode(results.map(jsonConversationText).join(',\n'))
    case 'table':
      return encoder.encode(results.map((result) => conversationRow(result, practices)).join(''))
    case 'csv':
      return encoder.encode(results.map((result) => conversationCsvRow(result, practices)).join(''))
  }
}
