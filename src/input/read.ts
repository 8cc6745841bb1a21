/**
 * Read an input as text: UTF-8, or UTF-16 with its byte order mark; no binary; within a
 * size limit. Each problem is one line naming the file (and the line, for bad UTF-8).
 */
import { isUtf8 } from 'node:buffer'
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml'
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

/** How an input's text was stored: UTF-8 (with its byte order mark or without), or UTF-16 with its byte order mark. */
export interface Decoded {
  /** The text, without its byte order mark: offsets and columns count from after it. */
  text: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be'
  /** Whether the bytes started with a byte order mark (UTF-16's always do). */
  bom: boolean
}

/** Decode bytes as text (see `decodeInput`), or explain in one line why they are not text. */
export function decodeText(bytes: Uint8Array, name: string): string {
  return decodeInput(bytes, name).text
}

/**
 * Decode an input: UTF-8, or UTF-16 when a byte order mark says so (as Windows Notepad and
 * Excel save "Unicode" text: unambiguous, so it is read, not refused). Anything else is an
 * InputError of one line: binary, UTF-32, UTF-16 without its mark, bytes that are not
 * valid in their encoding (with the line and column), too large.
 */
export function decodeInput(bytes: Uint8Array, name: string): Decoded {
  if (bytes.length > maxInputBytes) {
    throw new InputError(`${name}: too large (${megabytes(bytes.length)} MB, the limit is ${maxInputBytes / 1048576} MB)`)
  }
  const mark = byteOrderMark(bytes)
  if (mark === 'utf-32le' || mark === 'utf-32be') throw new InputError(`${name}: UTF-32${mark === 'utf-32le' ? 'LE' : 'BE'} text (by its byte order mark), which ownit does not read; save the file as UTF-8`)
  if (mark === 'utf-16le' || mark === 'utf-16be') return { text: decodeUtf16(bytes, name, mark), encoding: mark, bom: true }
  const probe = Math.min(bytes.length, 8192)
  for (let index = 0; index < probe; index++) {
    if (bytes[index] !== 0) continue
    const unmarked = utf16Without(bytes.subarray(0, probe))
    if (unmarked) throw new InputError(`${name}: looks like UTF-16${unmarked === 'utf-16le' ? 'LE' : 'BE'} without a byte order mark, which ownit does not guess at; save the file as UTF-8, or as UTF-16 with its byte order mark`)
    throw new InputError(`${name}: binary file (it contains NUL bytes), not text`)
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
  const bom = text.charCodeAt(0) === 0xfeff
  if (bom) text = text.slice(1)
  return { text, encoding: 'utf-8', bom }
}

/** Whether `bytes` start with UTF-8's byte order mark. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}

/** The encoding the byte order mark at the start of `bytes` names, if any. UTF-32's come first: FF FE 00 00 is its mark, not UTF-16's before a NUL. */
export function byteOrderMark(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | undefined {
  if (startsWithBom(bytes)) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.length >= 4 && bytes[2] === 0 && bytes[3] === 0 ? 'utf-32le' : 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be'
  return undefined
}

/** UTF-16 after its byte order mark, as text; bytes that are not UTF-16 (a byte left over, a lone surrogate) are an InputError with the place. */
function decodeUtf16(bytes: Uint8Array, name: string, encoding: 'utf-16le' | 'utf-16be'): string {
  const label = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.byteLength - 2)
  if (body.length % 2 === 1) throw new InputError(`${name}: not valid ${label} (an odd number of bytes: the last character is cut short); save the file as UTF-8`)
  // Node.js decodes UTF-16LE natively; big-endian is swapped into it first (a copy).
  const text = (encoding === 'utf-16le' ? body : Buffer.from(body).swap16()).toString('utf16le')
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    if (unit < 0xd800 || unit > 0xdfff) continue
    const next = text.charCodeAt(index + 1)
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      index++
      continue
    }
    const before = text.slice(0, index)
    const line = before.split('\n').length
    throw new InputError(`${name}:${line}:${index - (before.lastIndexOf('\n') + 1) + 1}: not valid ${label} (a lone surrogate 0x${unit.toString(16)}); save the file as UTF-8`)
  }
  if (text.includes('\0')) throw new InputError(`${name}: binary file (it contains NUL characters), not text`)
  return text
}

/**
 * Whether bytes with NULs in them look like UTF-16 text that lost its byte order mark:
 * mostly ASCII, so that (nearly) every other byte is 0 and none between is. A few bytes
 * are too few to tell from binary.
 */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(bytes.length / 2)
  if (pairs < 8) return undefined
  let evenNuls = 0
  let oddNuls = 0
  for (let index = 0; index < pairs * 2; index += 2) {
    if (bytes[index] === 0) evenNuls++
    if (bytes[index + 1] === 0) oddNuls++
  }
  if (evenNuls === 0 && oddNuls >= pairs * 0.9) return 'utf-16le'
  if (oddNuls === 0 && evenNuls >= pairs * 0.9) return 'utf-16be'
  return undefined
}

/** Read a file as text; every failure is an InputError with one line. */
export function readTextFile(path: string, name = path): string {
  return readTextInput(path, name).text
}

/** Read a file as text, and how it was stored (for --fix to write it back the same way); every failure is an InputError with one line. */
export function readTextInput(path: string, name = path): Decoded {
  return decodeInput(readInputBytes(() => readBounded(path), name), name)
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

/** Why a YAML document's data cannot be had, and where, when that is one node. */
export interface YamlDataProblem {
  problem: string
  /** Where the problem is, in UTF-16 code units from the start of the text. */
  offset?: number | undefined
  /** The keys and indices from the document's root to that node. */
  path?: Array<string | number> | undefined
}

/**
 * A YAML document's data, or the one-line reason it cannot be had: an alias inside the
 * node it repeats (`a: &x {b: *x}`), whose data would never end (JSON.stringify, a schema
 * check or a walk of it would throw or hang), placed at the alias; or aliases that expand
 * past the YAML library's limit (an "alias bomb", a few lines standing for millions of
 * nodes). Nesting too deep for the stack is already a parse error (`yamlProblem`).
 */
export function yamlData(document: Document): { data: unknown } | YamlDataProblem {
  const cycle = aliasCycle(document)
  if (cycle) return cycle
  try {
    return { data: document.toJS() }
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { problem: 'its aliases expand too far to read (a guard against alias bombs)' }
    throw error
  }
}

/**
 * The first alias that is inside the node it repeats, found in the syntax tree (which holds
 * each node once, however often it is repeated), walked without recursion.
 */
function aliasCycle(document: Document): YamlDataProblem | undefined {
  const onPath = new Set<unknown>()
  const stack: Array<{ node: unknown; path: Array<string | number>; leave?: true }> = [{ node: document.contents, path: [] }]
  while (stack.length > 0) {
    const { node, path, leave } = stack.pop()!
    if (leave) {
      onPath.delete(node)
    } else if (isAlias(node)) {
      if (!onPath.has(node.resolve(document))) continue
      return { problem: `the alias *${node.source} is inside the node &${node.source} that it repeats, so its data would never end`, offset: node.range?.[0], path }
    } else if (isMap(node) || isSeq(node)) {
      onPath.add(node)
      stack.push({ node, path, leave: true })
      // Pushed last first, so that the first alias in the text is found first.
      for (let index = node.items.length - 1; index >= 0; index--) {
        const item: unknown = node.items[index]
        if (isSeq(node)) {
          stack.push({ node: item, path: [...path, index] })
        } else {
          const pair = item as { key: unknown; value: unknown }
          stack.push({ node: pair.value, path: [...path, keyOf(pair.key)] }, { node: pair.key, path })
        }
      }
    }
  }
  return undefined
}

function keyOf(key: unknown): string | number {
  const value: unknown = isScalar(key) ? key.value : key
  return typeof value === 'number' ? value : String(value)
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
