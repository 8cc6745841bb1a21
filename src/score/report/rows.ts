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

/** Where `rowBytes` encodes, reused from call to call; one larger than `keptBytes` is let go after use. */
let scratch = new Uint8Array(1 << 20)
const keptBytes = 8 << 20

/**
 * Conversations' report text, one after another as the report lists them, as UTF-8 bytes
 * with a buffer of their own (a worker thread hands it over without a copy). JSON objects
 * are separated by `,\n` (the caller puts the same between two runs); rows end their line.
 */
export function rowBytes(results: readonly ConversationResult[], format: RowFormat, practices: readonly Practice[]): Uint8Array {
  switch (format) {
    case 'json':
      return encodeAll(results.map(jsonConversationText), ',\n')
    case 'table':
      return encodeAll(results.map((result) => conversationRow(result, practices)), '')
    case 'csv':
      return encodeAll(results.map((result) => conversationCsvRow(result, practices)), '')
  }
}

/**
 * `texts` joined by `separator`, in UTF-8. Each text is encoded where the bytes go: joining
 * them first made one string of the whole batch (two bytes a character once a curly quote is
 * in it) in fresh memory each time, which with --jobs 2 was half of a worker's page faults.
 */
function encodeAll(texts: readonly string[], separator: string): Uint8Array {
  let used = 0
  const put = (text: string): void => {
    // At most three bytes of UTF-8 for each UTF-16 unit.
    if (scratch.length - used < text.length * 3) {
      const grown = new Uint8Array(Math.max(scratch.length * 2, used + text.length * 3))
      grown.set(scratch.subarray(0, used))
      scratch = grown
    }
    used += encoder.encodeInto(text, scratch.subarray(used)).written
  }
  texts.forEach((text, index) => {
    if (index > 0 && separator) put(separator)
    put(text)
  })
  const bytes = scratch.slice(0, used)
  if (scratch.length > keptBytes) scratch = new Uint8Array(1 << 20)
  return bytes
}
