/**
 * CSV exports, one turn per row, streamed with csv-parse: rows with the same conversation
 * id in a row make one conversation; rows of it that come back after other conversations'
 * rows are skipped (said once). A row that cannot be read is reported with its line and
 * skipped. The file is never read whole into memory.
 */
import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import { roleOf, settleRoles } from './text.js'
import type { Conversation, Origin, Role, Skipped, Speakers } from '../types.js'

/** A JSONL line or CSV record longer than this is skipped rather than held in memory. */
export const maxRecordChars = 16 * 1024 * 1024

/** Column names for CSV exports; each defaults to the first of its aliases found in the header. */
export interface CsvColumns {
  conversation?: string | undefined
  speaker?: string | undefined
  role?: string | undefined
  agent?: string | undefined
  text?: string | undefined
}

export const csvAliases: Record<keyof CsvColumns, string[]> = {
  conversation: ['conversation_id', 'conversation', 'conversationId', 'ticket_id', 'ticket', 'chat_id', 'thread_id', 'case_id', 'id'],
  speaker: ['speaker', 'author', 'from', 'sender', 'name'],
  role: ['role', 'speaker_role', 'author_type', 'sender_type', 'type'],
  agent: ['agent_id', 'agent', 'agentId', 'agent_name', 'assignee'],
  text: ['text', 'message', 'body', 'content', 'comment']
}

/** A CSV file that cannot be scored at all (no header, no text column). */
export class CsvFileError extends Error {}

/** Conversation ids remembered per file to notice rows that come back (some 100 MB at most). */
const trackedIds = 2_000_000

export type CsvItem = { kind: 'conversation'; conversation: Conversation } | { kind: 'skipped'; skipped: Skipped }

interface Row {
  role: Role | undefined
  speaker: string
  text: string
  origin: Origin
}

/** The raw text of each field of a CSV record, with its start in the record. */
export function fieldSpans(raw: string, delimiter = ','): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = []
  let start = 0
  let index = 0
  let quoted = false
  while (index <= raw.length) {
    const char = raw[index]
    if (quoted) {
      if (char === '"' && raw[index + 1] === '"') index += 2
      else if (char === '"') {
        quoted = false
        index++
      } else index++
      continue
    }
    if (char === '"' && index === start) {
      quoted = true
      index++
    } else if (char === delimiter || index === raw.length) {
      spans.push({ start, end: index })
      start = index + 1
      index++
    } else index++
  }
  return spans
}

/**
 * Lone `\r` line ends (old Mac exports) as `\n`: the same length, so every place stays
 * right, and lines are counted as in any other file. (Read as they were, every line and
 * offset after the header was wrong.) A `\r` at the end of a chunk waits for the next.
 */
function loneCarriageReturns(): Transform {
  let held = ''
  return new Transform({
    // Text in, text out (`input` is text already decoded): the tracker counts characters.
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _encoding, done) {
      let text = held + chunk
      held = ''
      if (text.endsWith('\r')) {
        held = '\r'
        text = text.slice(0, -1)
      }
      done(null, text.replace(/\r(?!\n)/g, '\n'))
    },
    flush(done) {
      done(null, held === '' ? undefined : '\n')
    }
  })
}

/**
 * Stream the conversations of a CSV file (or of `input`, text already decoded, named
 * `path`). Throws CsvFileError when the header will not do.
 */
export async function* readCsv(path: string, columns: CsvColumns, speakers: Speakers, input?: NodeJS.ReadableStream): AsyncGenerator<CsvItem> {
  // Where each line starts, for the offsets of messages; pruned as records are consumed.
  const lineStarts = new Map<number, number>([[1, 0]])
  let seenLine = 1
  let seenOffset = 0
  const tracker = new Transform({
    decodeStrings: false,
    transform(chunk: string, _encoding, done) {
      // Offsets count from after a byte order mark, as columns do (and as in `ownit` itself).
      if (seenOffset === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
      for (let index = chunk.indexOf('\n'); index >= 0; index = chunk.indexOf('\n', index + 1)) {
        seenLine++
        lineStarts.set(seenLine, seenOffset + index + 1)
      }
      seenOffset += chunk.length
      // A record that goes on and on (an unclosed quote) would hold the rest of the file in
      // the parser's memory, however large: stop at the limit. (csv-parse's max_record_size,
      // with skipped records, reports the same record again for each chunk that follows.)
      sinceRecord += chunk.length
      if (sinceRecord > maxRecordChars) {
        done(Object.assign(new Error(`a record longer than ${maxRecordChars / 1048576} M characters (a quote not closed?)`), { lines: Array.isArray(parser.options.columns) ? recordEndLine + 1 : 1 }))
        return
      }
      done(null, chunk)
    }
  })
  // Characters passed to the parser since it last ended a record (or the header), and the
  // line it ended on.
  let sinceRecord = 0
  let recordEndLine = 1
  const recordEnded = (lines: number): void => {
    sinceRecord = 0
    recordEndLine = lines
  }
  // Each skipped row, with how many records were read before it.
  const skippedQueue: Array<Skipped & { after: number }> = []
  let consumed = 0
  // csv-parse counts a CRLF inside a quoted field as two lines; undo that as records pass.
  let drift = 0
  const parser = parse({
    bom: true,
    columns: true,
    // Not `info: true`: csv-parse then builds each record's info (with a copy of its raw
    // text) twice, for the record and for on_record, which passes it on instead.
    raw: true,
    relax_quotes: false,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: { record: Record<string, string>; raw: string }, context) => {
      recordEnded(context.lines)
      return { record: record.record, raw: record.raw, info: context }
    },
    on_skip: (error) => {
      const line = (error as { lines?: number } | undefined)?.lines ?? 0
      recordEnded(line)
      failed = true
      // Without a header no row can be read: csv-parse would go on failing every line, once
      // per quote in it, with a message quoting ever more of the line (600 lines of JSON
      // read as CSV took two minutes). The file stops here, with one line.
      if (!Array.isArray(parser.options.columns)) {
        parser.destroy(Object.assign(new Error(`the header line cannot be read as CSV (${cleanReason(error?.message ?? 'unreadable')})`), { lines: line }))
        return
      }
      // A row is reported once, however many stray quotes it holds.
      if (line > 0 && line === lastSkippedLine) return
      lastSkippedLine = line
      skippedQueue.push({ path, line, reason: cleanReason(error?.message ?? 'unreadable row'), after: parser.info.records })
    }
  })
  let lastSkippedLine = 0
  const source: NodeJS.ReadableStream = input ?? createReadStream(path, { encoding: 'utf8' })
  const lineEnds = loneCarriageReturns()
  source.on('error', (error: Error) => parser.destroy(error))
  lineEnds.on('error', (error: Error) => parser.destroy(error))
  tracker.on('error', (error: Error) => parser.destroy(error))
  source.pipe(lineEnds).pipe(tracker).pipe(parser)

  let failed = false
  let names: Record<keyof CsvColumns, string | undefined> | undefined
  let current: { id: string; line: number; agent: string | undefined; rows: Row[] } | undefined
  /**
   * The conversations already read, to notice one whose rows come back later, and those
   * whose rows came back (said once each).
   */
  const finished = new Set<string>()
  const cameBack = new Set<string>()
  const finish = (): Conversation | undefined => {
    if (!current) return undefined
    const turns = settleRoles(current.rows)
    const named = turns.find((turn) => turn.role === 'agent' && roleOf(turn.speaker, speakers) === undefined && turn.speaker)?.speaker
    const conversation: Conversation = { id: current.id, path, line: current.line, agent: current.agent ?? named ?? '(unknown)', turns }
    current = undefined
    return conversation
  }

  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; raw: string; info: { lines: number; columns: Array<{ name: string } | false> } }>) {
      // Rows skipped before this record: correct their lines with the drift so far.
      while (skippedQueue.length > 0 && skippedQueue[0]!.after <= consumed) {
        const { after: _after, ...skipped } = skippedQueue.shift()!
        yield { kind: 'skipped', skipped: { ...skipped, line: skipped.line - drift } }
      }
      consumed++
      if (!names) names = resolveColumns(path, item.info.columns.map((column) => (column ? column.name : '')), columns)
      const header = item.info.columns.map((column) => (column ? column.name : ''))
      // The record without its line end: csv-parse keeps a `\n` there, or the `\r` of a `\r\n`.
      const raw = item.raw.endsWith('\r\n') ? item.raw.slice(0, -2) : item.raw.endsWith('\n') || item.raw.endsWith('\r') ? item.raw.slice(0, -1) : item.raw
      drift += countCrlf(raw)
      const startLine = item.info.lines - drift - countNewlines(raw)
      for (const line of lineStarts.keys()) {
        if (line < startLine) lineStarts.delete(line)
        else break
      }
      const record = item.record
      const id = record[names.conversation!] ?? ''
      const text = record[names.text!] ?? ''
      const roleName = names.role ? record[names.role] : undefined
      const speaker = (names.speaker ? record[names.speaker] : undefined) || roleName || ''
      const agentId = names.agent ? record[names.agent] || undefined : undefined
      if (id === '') {
        yield { kind: 'skipped', skipped: { path, line: startLine, reason: `empty ${names.conversation} (the conversation id)` } }
        continue
      }
      if (!roleName && !speaker) {
        yield { kind: 'skipped', skipped: { path, line: startLine, reason: `no ${[names.role, names.speaker].filter(Boolean).join(' or ')} for this row` } }
        continue
      }
      if (current && current.id !== id) {
        if (finished.size < trackedIds) finished.add(current.id)
        const done = finish()
        if (done) yield { kind: 'conversation', conversation: done }
      }
      if (!current && finished.has(id)) {
        // A CSV is read as it streams, so its rows are not regrouped: a conversation is the
        // first run of its rows. Rows of it that come back later are not scored (as a
        // conversation of their own, each would be a second, partial report of it), and
        // said once per conversation, at the first of them.
        if (!cameBack.has(id)) {
          cameBack.add(id)
          yield { kind: 'skipped', skipped: { path, line: startLine, reason: `rows of conversation ${id} come back here, after other conversations' rows: neither these nor any later ones are scored (the conversation is its first run of rows; sort the export by ${names.conversation}: a conversation's rows must be together)` } }
        }
        continue
      }
      current ??= { id, line: startLine, agent: undefined, rows: [] }
      const role = (roleName ? roleOf(roleName, speakers) : undefined) ?? roleOf(speaker, speakers) ?? (agentId !== undefined && speaker === agentId ? 'agent' : undefined)
      if (role === 'agent' && agentId !== undefined) current.agent ??= agentId
      const field = fieldSpans(raw)[header.indexOf(names.text!)] ?? { start: 0, end: 0 }
      const before = raw.slice(0, field.start)
      const newlines = countNewlines(before)
      const origin: Origin = {
        offset: (lineStarts.get(startLine) ?? 0) + field.start,
        line: startLine + newlines,
        column: newlines === 0 ? field.start + 1 : field.start - before.lastIndexOf('\n'),
        quoting: 'csv',
        raw: raw.slice(field.start, field.end)
      }
      current.rows.push({ role, speaker, text, origin })
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error
    failed = true
    const line = (error as { lines?: number }).lines
    const reason = cleanReason((error as Error).message)
    if ((error as NodeJS.ErrnoException).code && !(error as { lines?: number }).lines && !String((error as NodeJS.ErrnoException).code).startsWith('CSV_')) {
      throw new CsvFileError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code})`)
    }
    skippedQueue.push({ path, line: line === undefined ? 0 : line, reason: `${reason}; the rest of the file was not read`, after: Infinity })
  }
  while (skippedQueue.length > 0) {
    const { after: _after, ...skipped } = skippedQueue.shift()!
    yield { kind: 'skipped', skipped: { ...skipped, line: skipped.line > 0 ? skipped.line - drift : 0 } }
  }
  const done = finish()
  if (done) yield { kind: 'conversation', conversation: done }
  if (!names && consumed === 0 && !failed) throw new CsvFileError(`${path}:1: no rows: expected a header line and one turn per row`)
}

function resolveColumns(path: string, header: readonly string[], columns: CsvColumns): Record<keyof CsvColumns, string | undefined> {
  const lower = new Map(header.map((name) => [name.trim().toLowerCase(), name]))
  const find = (field: keyof CsvColumns, required: boolean): string | undefined => {
    const wanted = columns[field]
    if (wanted !== undefined) {
      const name = lower.get(wanted.trim().toLowerCase())
      if (!name) throw new CsvFileError(`${path}:1: no column “${wanted}” (--csv-${field}); the header has: ${header.join(', ')}`)
      return name
    }
    for (const alias of csvAliases[field]) {
      const name = lower.get(alias.toLowerCase())
      if (name) return name
    }
    if (required) {
      throw new CsvFileError(`${path}:1: no ${field} column (looked for ${csvAliases[field].join(', ')}); name it with --csv-${field}`)
    }
    return undefined
  }
  const names = { conversation: find('conversation', true), text: find('text', true), role: find('role', false), speaker: find('speaker', false), agent: find('agent', false) }
  if (!names.role && !names.speaker) throw new CsvFileError(`${path}:1: no speaker or role column (looked for ${[...csvAliases.role, ...csvAliases.speaker].join(', ')}); name it with --csv-speaker`)
  return names
}

/** csv-parse's message, without its error name and line (the line is reported apart). */
function cleanReason(message: string): string {
  const text = message.replace(/ on line \d+$/, '').replace(/^[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*: /, '')
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function countCrlf(text: string): number {
  let count = 0
  for (let index = text.indexOf('\r\n'); index >= 0; index = text.indexOf('\r\n', index + 2)) count++
  return count
}

function countNewlines(text: string): number {
  let count = 0
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++
  return count
}
