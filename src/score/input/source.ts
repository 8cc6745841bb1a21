/**
 * Turn the inputs of `ownit score` into work: files and folders expanded, each file read
 * by its format. JSONL and CSV are streamed (never read whole); plain text and JSON files
 * are read whole, within the input size limit. Parsing of text, JSON and JSONL records
 * is left to the workers (see work.ts).
 */
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { describeFsError, firstInvalidUtf8, InputError, readTextFile } from '../../input/read.js'
import type { Conversation, Skipped, Speakers } from '../types.js'
import { CsvFileError, readCsv, type CsvColumns } from './csv.js'

/** One unit of work for a scorer: a whole small file, a JSONL record, or a conversation read from CSV. */
export type WorkItem =
  | { kind: 'file'; path: string; text: string; format: 'text' | 'json' }
  | { kind: 'jsonl'; path: string; line: number; offset: number; raw: string }
  | { kind: 'conversation'; conversation: Conversation }

export type SourceEvent = WorkItem | { kind: 'skipped'; skipped: Skipped }

export type InputFormat = 'text' | 'json' | 'jsonl' | 'csv'

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
}

/** A JSONL line longer than this is skipped rather than held in memory. */
export const maxRecordChars = 16 * 1024 * 1024

/** The files to read, in order; problems (missing files, empty folders) as skipped inputs. */
export function expandTranscripts(inputs: readonly string[]): { files: string[]; errors: Skipped[] } {
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
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...walk(path))
      else if (entry.isFile() && extname(entry.name).toLowerCase() in transcriptExtensions) found.push(path)
    }
    return found
  }
  for (const input of inputs) {
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
    files.push(...found)
  }
  return { files, errors }
}

/**
 * The total size in bytes of the files `inputs` name, folders expanded (unreadable ones
 * count 0); counting stops once it reaches `enough`.
 */
export function inputBytes(inputs: readonly string[], enough = Infinity): number {
  let total = 0
  for (const file of expandTranscripts(inputs).files) {
    if (total >= enough) break
    try {
      total += statSync(file).size
    } catch {
      // Reported as skipped when it is read.
    }
  }
  return total
}

/** The format of a file, from its extension; anything unknown is read as plain text. */
export function formatOf(path: string): InputFormat {
  return transcriptExtensions[extname(path).toLowerCase()] ?? 'text'
}

/** Stream the work of every input, in order. Never throws for a bad file: it becomes a skipped input. */
export async function* readSources(inputs: readonly string[], options: SourceOptions): AsyncGenerator<SourceEvent> {
  const { files, errors } = expandTranscripts(inputs)
  for (const skipped of errors) yield { kind: 'skipped', skipped }
  for (const path of files) {
    const format = formatOf(path)
    try {
      if (format === 'jsonl') yield* readJsonl(path)
      else if (format === 'csv') {
        for await (const item of readCsv(path, options.csv, options.speakers)) yield item
      } else yield { kind: 'file', path, text: readTextFile(path), format }
    } catch (error) {
      if (error instanceof InputError || error instanceof CsvFileError) {
        // "path:line: why" or "path:line:column: why" (bad UTF-8): keep the line.
        const match = /^(.*?):(\d+)(?::\d+)?: (.*)$/.exec(error.message)
        const reason = error.message.startsWith(path + ': ') ? error.message.slice(path.length + 2) : match ? match[3]! : error.message
        yield { kind: 'skipped', skipped: { path, line: match ? Number(match[2]) : 0, reason } }
      } else if ((error as NodeJS.ErrnoException).code) {
        yield { kind: 'skipped', skipped: { path, line: 0, reason: `cannot read (${describeFsError(error)})` } }
      } else throw error
    }
  }
}

/**
 * The lines of a JSONL file, each with its line number and offset; blank lines are not
 * records. Lines are split as bytes and each is checked as UTF-8 on its own, so a line
 * that is not UTF-8 is skipped with its line number instead of being read as U+FFFD.
 */
async function* readJsonl(path: string): AsyncGenerator<SourceEvent> {
  let line = 1
  let offset = 0
  let carry: Buffer[] = []
  let carryBytes = 0
  let carryTooLong = false
  const stream = createReadStream(path, { highWaterMark: 1 << 16 })
  /** The record of one line (without its \n); moves `offset` past it. */
  const emit = (bytes: Buffer, tooLong: boolean): SourceEvent | undefined => {
    if (tooLong) {
      return { kind: 'skipped', skipped: { path, line, reason: `record longer than ${maxRecordChars / 1048576} M characters` } }
    }
    const decoded = bytes.toString('utf8')
    const start = offset
    offset += decoded.length + 1
    const invalid = firstInvalidUtf8(bytes)
    if (invalid >= 0) {
      return { kind: 'skipped', skipped: { path, line, reason: `column ${invalid + 1}: not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')}); save the file as UTF-8` } }
    }
    const text = decoded.endsWith('\r') ? decoded.slice(0, -1) : decoded
    if (text.trim() === '') return undefined
    const bom = line === 1 && text.charCodeAt(0) === 0xfeff
    return { kind: 'jsonl', path, line, offset: start + (bom ? 1 : 0), raw: bom ? text.slice(1) : text }
  }
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline)
      const event = emit(carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece, carryTooLong)
      if (event) yield event
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
        // Too long to hold: count its characters for the offsets of later lines, then drop it.
        offset += Buffer.concat(carry).toString('utf8').length
        carry = []
        carryBytes = 0
        carryTooLong = true
      }
    } else if (carryTooLong) offset += chunk.subarray(start).toString('utf8').length
  }
  if (carryBytes > 0 || carryTooLong) {
    const event = emit(Buffer.concat(carry), carryTooLong)
    if (event) yield event
  }
}
