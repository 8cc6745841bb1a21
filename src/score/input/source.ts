/**
 * Turn the inputs of `ownit score` into work: files and folders expanded, each file read
 * by its format. JSONL and CSV are streamed (never read whole); plain text and JSON files
 * are read whole, within the input size limit. Parsing of text, JSON and JSONL records
 * is left to the workers (see work.ts).
 */
import { createReadStream, fstatSync, readdirSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pushAll } from '../../arrays.js'
import { decodeText, describeFsError, emptyName, firstInvalidUtf8, InputError, maxInputBytes, readTextFile, startsWithBom } from '../../input/read.js'
import type { Conversation, Skipped, Speakers } from '../types.js'
import { csvAliases, CsvFileError, fieldSpans, maxRecordChars, readCsv, type CsvColumns } from './csv.js'
import { conversationsFromJson, parseJson, RecordError } from './json.js'
import { unlabelledText } from './text.js'

/** One unit of work for a scorer: a whole text transcript, a JSONL record, or a conversation read from CSV or JSON. */
export type WorkItem =
  | { kind: 'file'; path: string; text: string }
  | { kind: 'jsonl'; path: string; line: number; offset: number; raw: string }
  | { kind: 'conversation'; conversation: Conversation }

/**
 * What reading the inputs gives: work, a record that cannot be read (`skipped`: counts
 * toward exit code 2 and stops `--strict`), or a `note` on text that was read but is not
 * scored (a transcript's header before its first speaker label), which counts for neither.
 */
export type SourceEvent = WorkItem | { kind: 'skipped'; skipped: Skipped } | { kind: 'note'; note: Skipped }

export type InputFormat = 'text' | 'json' | 'jsonl' | 'csv'

export const inputFormats: readonly InputFormat[] = ['text', 'json', 'jsonl', 'csv']

/** The input that means standard input, and the name its records are reported under. */
export const stdinInput = '-'
export const stdinName = '<stdin>'

/** Extensions read when a folder is given, and the format each means. */
export const transcriptExtensions: Record<string, InputFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.log': 'text',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv'
}

export interface SourceOptions {
  speakers: Speakers
  csv: CsvColumns
  /**
   * Read every input in this format. By default a file's extension says, and standard
   * input and files with other extensions are recognised by their first line (`sniffFormat`).
   */
  format?: InputFormat | undefined
  /** Standard input's bytes, for the input `-` (default: `process.stdin`, streamed). */
  stdin?: (() => AsyncIterable<Uint8Array>) | undefined
}

/** The files to read, in order (`-` for standard input), and the inputs that could not be read. */
export interface Transcripts {
  files: string[]
  errors: Skipped[]
}

/** The files to read, in order; problems (missing files, empty folders) as skipped inputs. */
export function expandTranscripts(inputs: readonly string[]): Transcripts {
  const files: string[] = []
  const errors: Skipped[] = []
  const walk = (folder: string): string[] => {
    const found: string[] = []
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch (error) {
      errors.push({ path: folder, line: 0, reason: `cannot read (${describeFsError(error)})` })
      return found
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name)
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) pushAll(found, walk(path))
      else if (entry.isFile() && extname(entry.name).toLowerCase() in transcriptExtensions) found.push(path)
    }
    return found
  }
  for (const input of inputs) {
    if (input === stdinInput) {
      files.push(input)
      continue
    }
    if (input === '') {
      errors.push({ path: '""', line: 0, reason: emptyName })
      continue
    }
    let directory: boolean
    try {
      directory = statSync(input).isDirectory()
    } catch (error) {
      errors.push({ path: input, line: 0, reason: `cannot read (${describeFsError(error)})` })
      continue
    }
    if (!directory) {
      files.push(input)
      continue
    }
    const found = walk(input)
    if (found.length === 0) errors.push({ path: input, line: 0, reason: `no transcripts (looked for ${Object.keys(transcriptExtensions).join(', ')})` })
    pushAll(files, found)
  }
  return { files, errors }
}

/**
 * The total size in bytes of `files` (see `expandTranscripts`; unreadable ones count 0);
 * counting stops once it reaches `enough`.
 */
export function inputBytes(files: readonly string[], enough = Infinity): number {
  let total = 0
  for (const file of files) {
    if (total >= enough) break
    try {
      // Standard input counts when it is a file (`< export.jsonl`); a pipe's size is unknown.
      const stats = file === stdinInput ? fstatSync(0) : statSync(file)
      if (stats.isFile()) total += stats.size
    } catch {
      // Reported as skipped when it is read.
    }
  }
  return total
}

/** The format of a file from its extension, or undefined when the extension is not a transcript's. */
export function formatOf(path: string): InputFormat | undefined {
  return transcriptExtensions[extname(path).toLowerCase()]
}

/**
 * Stream the work of every input (or of the files already expanded), in order. Never
 * throws for a bad file: it becomes a skipped input.
 */
export async function* readSources(inputs: readonly string[] | Transcripts, options: SourceOptions): AsyncGenerator<SourceEvent> {
  const { files, errors } = 'files' in inputs ? inputs : expandTranscripts(inputs)
  for (const skipped of errors) yield { kind: 'skipped', skipped }
  for (const path of files) {
    const name = path === stdinInput ? stdinName : path
    const format = options.format ?? (path === stdinInput ? undefined : formatOf(path))
    try {
      // Node.js reads a folder given as standard input (`< folder`) as nothing at all.
      if (path === stdinInput && !options.stdin && fstatSync(0).isDirectory()) {
        yield { kind: 'skipped', skipped: { path: name, line: 0, reason: 'cannot read (is a directory)' } }
        continue
      }
      if (path === stdinInput || format === undefined) {
        // Read as a stream, and recognised by its first line unless --input-format says.
        // process.stdin, not a stream of file descriptor 0: a pipe may be non-blocking (EAGAIN).
        const chunks = path === stdinInput ? (options.stdin?.() ?? (process.stdin as AsyncIterable<Buffer>)) : createReadStream(path, { highWaterMark: 1 << 16 })
        yield* readStream(name, chunks, format, options)
      } else if (format === 'jsonl') yield* readJsonl(path, createReadStream(path, { highWaterMark: 1 << 16 }))
      else if (format === 'csv') yield* readCsv(path, options.csv, options.speakers)
      else yield* wholeFile(path, readTextFile(path), format, options.speakers)
    } catch (error) {
      if (error instanceof InputError || error instanceof CsvFileError) {
        // "path:line: why" or "path:line:column: why" (bad UTF-8): keep the line.
        const match = /^(.*?):(\d+)(?::\d+)?: (.*)$/.exec(error.message)
        const reason = error.message.startsWith(name + ': ') ? error.message.slice(name.length + 2) : match ? match[3]! : error.message
        yield { kind: 'skipped', skipped: { path: name, line: match ? Number(match[2]) : 0, reason } }
      } else if ((error as NodeJS.ErrnoException).code) {
        yield { kind: 'skipped', skipped: { path: name, line: 0, reason: `cannot read (${describeFsError(error)})` } }
      } else throw error
    }
  }
}

/** Why an input with nothing in it (or only white space) is skipped: likely a wrong export or path. */
const emptyReason = 'empty: no conversations in it'

/**
 * A text or JSON file read whole, as work; skipped when there is nothing in it. A JSON file
 * is read here, and each of its conversations is a unit of work of its own: an export of
 * 50,000 conversations in one array is scored across the worker threads, and its results
 * go out as they come (as one unit it took 1 GB, on one thread).
 */
function* wholeFile(path: string, text: string, format: 'text' | 'json', speakers: Speakers): Generator<SourceEvent> {
  if (text.trim() === '') {
    yield { kind: 'skipped', skipped: { path, line: 0, reason: emptyReason } }
    return
  }
  if (format === 'text') {
    // Text before the first label (most often a header: title, date, ticket number) is
    // said here, as a note (the rest is parsed by the workers, see work.ts).
    const unlabelled = unlabelledText(text, speakers)
    if (unlabelled) yield { kind: 'note', note: { path, ...unlabelled } }
    yield { kind: 'file', path, text }
    return
  }
  const skippedOf = (error: RecordError): SourceEvent => ({ kind: 'skipped', skipped: { path, line: error.line, reason: error.message } })
  let conversations: Conversation[]
  /** Conversations of an array that could not be read, each after the ones read before it. */
  const bad: Array<{ error: RecordError; before: number }> = []
  try {
    conversations = conversationsFromJson(parseJson(text, 1), { path, raw: text, line: 1, offset: 0, fallbackId: path }, speakers, true, (error, before) => bad.push({ error, before }))
  } catch (error) {
    if (!(error instanceof RecordError)) throw error
    yield skippedOf(error)
    return
  }
  let next = 0
  for (const [index, conversation] of conversations.entries()) {
    for (; next < bad.length && bad[next]!.before <= index; next++) yield skippedOf(bad[next]!.error)
    yield { kind: 'conversation', conversation }
  }
  for (; next < bad.length; next++) yield skippedOf(bad[next]!.error)

}

/** How much of a stream's start is read to recognise its format, at most. */
const sniffBytes = 1 << 20

/**
 * Read one stream (standard input, or a file whose extension says nothing) in `format`,
 * or in the format its start shows. Its first chunks are read ahead for that, then
 * handed on with the rest: JSONL and CSV are streamed, text and JSON read whole within
 * the input size limit.
 */
async function* readStream(name: string, source: AsyncIterable<Uint8Array>, format: InputFormat | undefined, options: SourceOptions): AsyncGenerator<SourceEvent> {
  const iterator = source[Symbol.asyncIterator]()
  const head: Buffer[] = []
  let headBytes = 0
  let ended = false
  const asBuffer = (chunk: Uint8Array): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  if (format === undefined) {
    // Up to the end of the first line that is not blank (a byte order mark is blank here).
    let inContent = false
    const lineEnds = (chunk: Buffer): boolean => {
      for (let index = 0; index < chunk.length; index++) {
        const byte = chunk[index]!
        if (inContent) {
          if (byte === 0x0a) return true
        } else if (!(isBlankByte(byte) || (headBytes + index < 3 && byte >= 0xbb))) inContent = true
      }
      return false
    }
    while (headBytes < sniffBytes) {
      const next = await iterator.next()
      if (next.done) {
        ended = true
        break
      }
      const chunk = asBuffer(next.value)
      const done = lineEnds(chunk)
      head.push(chunk)
      headBytes += chunk.length
      if (done) break
    }
    format = sniffFormat(Buffer.concat(head), options.csv)
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* head
    if (ended) return
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield asBuffer(next.value)
  }
  if (format === 'jsonl') yield* readJsonl(name, chunks())
  else if (format === 'csv') yield* readCsv(name, options.csv, options.speakers, Readable.from(chunks(), { objectMode: false }).setEncoding('utf8'))
  else {
    const parts: Buffer[] = []
    let total = 0
    for await (const chunk of chunks()) {
      total += chunk.length
      if (total > maxInputBytes) {
        throw new InputError(`${name}: too large (more than ${maxInputBytes / 1048576} MB of ${format === 'json' ? 'JSON' : 'text'}; JSONL and CSV are streamed, with no limit)`)
      }
      parts.push(chunk)
    }
    yield* wholeFile(name, decodeText(Buffer.concat(parts), name), format, options.speakers)
  }
}

/** Space, tab, line feed or carriage return. */
function isBlankByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d
}

/** Where the content starts: after a byte order mark and white space. */
function contentStart(bytes: Uint8Array): number {
  let index = startsWithBom(bytes) ? 3 : 0
  while (index < bytes.length && isBlankByte(bytes[index]!)) index++
  return index
}

/**
 * The format a transcript's start shows: `[` opening an array is JSON; `{` is JSONL when the first line is
 * a whole JSON value, else JSON (pretty-printed); a first line naming a conversation id
 * and a text column (see csv.ts) is CSV; anything else is plain text.
 */
export function sniffFormat(head: Uint8Array, csv: CsvColumns = {}): InputFormat {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
  const start = contentStart(bytes)
  if (start >= bytes.length) return 'text'
  const newline = bytes.indexOf(10, start)
  const line = bytes.toString('utf8', start, newline < 0 ? bytes.length : newline).replace(/\r$/, '')
  // An array of conversations; `[10:42] Dana:` is a transcript's time stamp.
  if (/^\[\s*(?:[{["\]]|$)/.test(line)) return 'json'
  if (line.startsWith('{')) {
    // A first line cut short by the read-ahead limit is a long record: JSONL.
    if (newline < 0) return 'jsonl'
    try {
      JSON.parse(line)
      return 'jsonl'
    } catch {
      return 'json'
    }
  }
  const names = new Set(fieldSpans(line).map(({ start: from, end }) => line.slice(from, end).trim().replace(/^"(.*)"$/s, '$1').trim().toLowerCase()))
  const has = (field: 'conversation' | 'text'): boolean => (csv[field] === undefined ? csvAliases[field] : [csv[field]]).some((alias) => names.has(alias.toLowerCase()))
  return names.size >= 2 && has('conversation') && has('text') ? 'csv' : 'text'
}

/**
 * The lines of a JSONL file, each with its line number and offset; blank lines are not
 * records. Lines are split as bytes and each is checked as UTF-8 on its own, so a line
 * that is not UTF-8 is skipped with its line number instead of being read as U+FFFD.
 */
export async function* readJsonl(path: string, stream: AsyncIterable<Buffer>): AsyncGenerator<SourceEvent> {
  let line = 1
  let offset = 0
  let carry: Buffer[] = []
  let carryBytes = 0
  let carryTooLong = false
  /** Whether a line held anything but white space (a record, or a line skipped as unreadable). */
  let content = false
  const emit = (bytes: Buffer, tooLong: boolean): SourceEvent | undefined => {
    const event = record(bytes, tooLong)
    if (event) content = true
    return event
  }
  /** The record of one line (without its \n); moves `offset` past it. */
  const record = (bytes: Buffer, tooLong: boolean): SourceEvent | undefined => {
    if (tooLong) {
      return { kind: 'skipped', skipped: { path, line, reason: `record longer than ${maxRecordChars / 1048576} M characters` } }
    }
    let decoded = bytes.toString('utf8')
    // Offsets count from after a byte order mark, as columns do (and as in `ownit` itself).
    if (line === 1 && decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1)
    const start = offset
    offset += decoded.length + 1
    const invalid = firstInvalidUtf8(bytes)
    if (invalid >= 0) {
      return { kind: 'skipped', skipped: { path, line, reason: `column ${invalid + 1}: not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')}); save the file as UTF-8` } }
    }
    const text = decoded.endsWith('\r') ? decoded.slice(0, -1) : decoded
    if (text.trim() === '') return undefined
    return { kind: 'jsonl', path, line, offset: start, raw: text }
  }
  for await (const chunk of stream) {
    let start = 0
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline)
      if (carryTooLong) {
        // The end of a line already skipped: only its characters count, for later offsets.
        offset += piece.toString('utf8').length + 1
      } else {
        const event = emit(carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece, false)
        if (event) yield event
      }
      line++
      carry = []
      carryBytes = 0
      carryTooLong = false
      start = newline + 1
    }
    if (!carryTooLong && start < chunk.length) {
      carry.push(chunk.subarray(start))
      carryBytes += chunk.length - start
      if (carryBytes > maxRecordChars) {
        // Too long to hold: skipped now (a line that never ends, from a device, is reported
        // at once), its characters counted for the offsets of later lines, its bytes dropped.
        const skipped = Buffer.concat(carry).toString('utf8')
        offset += skipped.length - (line === 1 && skipped.charCodeAt(0) === 0xfeff ? 1 : 0)
        carry = []
        carryBytes = 0
        carryTooLong = true
        const event = emit(Buffer.alloc(0), true)
        if (event) yield event
      }
    } else if (carryTooLong) offset += chunk.subarray(start).toString('utf8').length
  }
  if (carryBytes > 0 && !carryTooLong) {
    const event = emit(Buffer.concat(carry), false)
    if (event) yield event
  }
  if (!content) yield { kind: 'skipped', skipped: { path, line: 0, reason: emptyReason } }
}
