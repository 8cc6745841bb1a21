/**
 * Read an input as text: UTF-8 only, no binary, within a size limit. Each problem is one
 * line naming the file (and the line, for bad UTF-8).
 */
import { isUtf8 } from 'node:buffer'
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { megabytes } from '../limits.js'

/** Inputs larger than this are refused rather than read into memory. */
export const maxInputBytes = 50 * 1024 * 1024

export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** Why an input given as "" is not read. */
export const emptyName = 'an empty file name (a shell variable that is not set?)'

/** A file, device or pipe with more than the limit in it (see `readBounded`). */
export class TooLargeError extends Error {
  /** How large and the limit: "60.0 MB, the limit is 50 MB". */
  readonly detail: string

  /** `size`: the file's, when known (a device or pipe is read only up to the limit). */
  constructor(limit: number, size?: number) {
    const detail = size === undefined ? `more than the limit of ${limit / 1048576} MB` : `${megabytes(size)} MB, the limit is ${limit / 1048576} MB`
    super(`too large (${detail})`)
    this.detail = detail
    this.name = 'TooLargeError'
  }
}

/** How much of a device or pipe is read at a time. */
const streamChunk = 1 << 16

/**
 * The whole of a file, or of what an open file descriptor reads (standard input is 0), of
 * at most `limit` bytes: more is a TooLargeError. A device or pipe that never ends
 * (`/dev/zero`, `yes |`) is refused once past the limit, not read until memory runs out.
 * Other failures are the fs errors (a directory: EISDIR).
 */
export function readBounded(file: string | URL | number, limit = maxInputBytes): Buffer {
  const fd = typeof file === 'number' ? file : openSync(file, 'r')
  try {
    const stats = fstatSync(fd)
    if (stats.isDirectory()) throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' })
    if (stats.isFile()) {
      if (stats.size > limit) throw new TooLargeError(limit, stats.size)
      const bytes = readFileSync(fd)
      // A file that grew since: the limit still holds.
      if (bytes.length > limit) throw new TooLargeError(limit, bytes.length)
      return bytes
    }
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(streamChunk)
      const read = readSync(fd, chunk, 0, streamChunk, null)
      if (read === 0) break
      total += read
      if (total > limit) throw new TooLargeError(limit)
      chunks.push(read === streamChunk ? chunk : chunk.subarray(0, read))
    }
    return Buffer.concat(chunks, total)
  } finally {
    if (typeof file !== 'number') closeSync(fd)
  }
}

/** `readBounded` as UTF-8 text (configs, packs and the like; inputs use `readTextFile`). */
export function readBoundedText(file: string | URL, limit = maxInputBytes): string {
  return readBounded(file, limit).toString('utf8')
}

/** Decode bytes as UTF-8 text, or explain in one line why they are not text. */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.length > maxInputBytes) {
    throw new InputError(`${name}: too large (${megabytes(bytes.length)} MB, the limit is ${maxInputBytes / 1048576} MB)`)
  }
  const probe = Math.min(bytes.length, 8192)
  for (let index = 0; index < probe; index++) {
    if (bytes[index] === 0) throw new InputError(`${name}: binary file (it contains NUL bytes), not text`)
  }
  const invalid = firstInvalidUtf8(bytes)
  if (invalid >= 0) {
    let line = 1
    let lineStart = 0
    for (let index = 0; index < invalid; index++) {
      if (bytes[index] === 10) {
        line++
        lineStart = index + 1
      }
    }
    throw new InputError(`${name}:${line}:${invalid - lineStart + 1}: not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')}); save the file as UTF-8`)
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return text
}

/** Whether `bytes` start with UTF-8's byte order mark. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}

/** Read a file as text; every failure is an InputError with one line. */
export function readTextFile(path: string, name = path): string {
  return decodeText(readInputBytes(() => readBounded(path), name), name)
}

/**
 * Run a read of an input's bytes (`readBounded`, or standard input's), with each failure an
 * InputError naming the input.
 */
export function readInputBytes(read: () => Uint8Array, name: string): Uint8Array {
  try {
    return read()
  } catch (error) {
    if (error instanceof InputError) throw error
    if (error instanceof TooLargeError) throw new InputError(`${name}: ${error.message}`)
    if (!(error as NodeJS.ErrnoException).code) throw error
    throw new InputError(`${name}: cannot read (${describeFsError(error)})`)
  }
}

/**
 * A YAML document's data, or the one-line reason it cannot be had: aliases that expand
 * past the YAML library's limit (an "alias bomb", a few lines standing for millions of
 * nodes). Nesting too deep for the stack is already a parse error (`yamlProblem`).
 */
export function yamlData(document: { toJS: () => unknown }): { data: unknown } | { problem: string } {
  try {
    return { data: document.toJS() }
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { problem: 'its aliases expand too far to read (a guard against alias bombs)' }
    throw error
  }
}

/**
 * A YAML reader's complaint as one line. It recurses, and past some thousands of levels
 * reports the stack overflow: that is said as what it means.
 */
export function yamlProblem(message: string): string {
  if (/call stack/i.test(message)) return 'nested too deeply to read'
  // The library's own advice names its API: say what is wrong with the file instead.
  if (/multiple documents/i.test(message)) return 'more than one document (a second `---` line); this file must hold one'
  return message.split('\n')[0]!
}

export function describeFsError(error: unknown): string {
  if (error instanceof TooLargeError) return `too large: ${error.detail}`
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    default:
      return code ?? String(error)
  }
}

/** Index of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  // Node.js checks valid UTF-8 natively, 20–30 times faster than the walk below, which
  // runs only to find where a text that is not goes wrong.
  if (isUtf8(bytes)) return -1
  let index = 0
  const length = bytes.length
  while (index < length) {
    const byte = bytes[index]!
    if (byte < 0x80) {
      index++
      continue
    }
    let need: number
    let min: number
    if (byte >= 0xc2 && byte <= 0xdf) {
      need = 1
      min = 0x80
    } else if (byte >= 0xe0 && byte <= 0xef) {
      need = 2
      min = 0x800
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      need = 3
      min = 0x10000
    } else {
      return index
    }
    if (index + need >= length) return index
    let code = byte & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    for (let offset = 1; offset <= need; offset++) {
      const next = bytes[index + offset]
      if (next === undefined || (next & 0xc0) !== 0x80) return index
      code = (code << 6) | (next & 0x3f)
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return index
    index += need + 1
  }
  return -1
}
