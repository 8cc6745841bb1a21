/**
 * The lexicon: every word form of a dictionary, sorted by its case-folded bytes, in one
 * compact binary form that loads without parsing (a few milliseconds, against the
 * ~300 ms nspell needs to expand a Hunspell .aff/.dic). Pure: bytes in, lookups out.
 *
 * Layout (little-endian): magic `OWLX`, format version, entry count, data length; then
 * `count + 1` uint32 offsets into the data; `count` bytes of frequency (0 unknown, 255
 * most common); `count` bytes of flags; the UTF-8 words back to back.
 */

/** The binary format's version: a lexicon of another version is rebuilt, not read. */
export const lexiconVersion = 1

const magic = 0x584c574f // 'OWLX'
const headerBytes = 16

/** Never offered as a suggestion (Hunspell NOSUGGEST: profanity and the like). */
export const noSuggestFlag = 1

export interface LexiconEntry {
  word: string
  /** 0 when unknown, else 1 (rare) to 255 (most common). */
  frequency: number
  flags: number
}

export interface Lexicon {
  /** Number of entries. */
  readonly size: number
  /** Entry `i` is `folded.subarray(offsets[i], offsets[i + 1])`: for tight loops. */
  readonly offsets: Uint32Array
  /** All entries' bytes, case-folded. */
  readonly folded: Uint8Array
  /** Whether a word is known, ignoring case. */
  has(word: string): boolean
  /** The case-folded byte of entry `index` at `depth`, or -1 past its end. */
  byteAt(index: number, depth: number): number
  /** The entry's word as written in the dictionary (`Monday`, `I'm`, `receive`). */
  wordAt(index: number): string
  frequencyAt(index: number): number
  flagsAt(index: number): number
  /** First index in `[low, high)` whose folded key is not below `key` (bytes). */
  lowerBound(key: Uint8Array, low?: number, high?: number): number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** ASCII case folding on bytes: enough for English, and the build and lookups agree. */
export function foldByte(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte + 32 : byte
}

/** The folded key of a word: UTF-8 bytes, ASCII letters lowercased, ’ read as '. */
export function foldKey(word: string): Uint8Array {
  const bytes = encoder.encode(word.replace(/’/g, "'"))
  for (let index = 0; index < bytes.length; index++) bytes[index] = foldByte(bytes[index]!)
  return bytes
}

function compareFolded(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const difference = foldByte(a[index]!) - foldByte(b[index]!)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}

function compareRaw(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const difference = a[index]! - b[index]!
    if (difference !== 0) return difference
  }
  return a.length - b.length
}

/** Encode entries (any order, duplicates merged) into the binary lexicon. */
export function encodeLexicon(entries: readonly LexiconEntry[]): Uint8Array {
  const merged = new Map<string, LexiconEntry>()
  for (const entry of entries) {
    const word = entry.word.replace(/’/g, "'")
    const seen = merged.get(word)
    merged.set(word, seen ? { word, frequency: Math.max(seen.frequency, entry.frequency), flags: seen.flags & entry.flags } : { ...entry, word })
  }
  const rows = [...merged.values()].map((entry) => ({ entry, bytes: encoder.encode(entry.word) }))
  rows.sort((a, b) => compareFolded(a.bytes, b.bytes) || compareRaw(a.bytes, b.bytes))
  const count = rows.length
  const dataLength = rows.reduce((total, row) => total + row.bytes.length, 0)
  const out = new Uint8Array(headerBytes + (count + 1) * 4 + count * 2 + dataLength)
  const view = new DataView(out.buffer)
  view.setUint32(0, magic, true)
  view.setUint32(4, lexiconVersion, true)
  view.setUint32(8, count, true)
  view.setUint32(12, dataLength, true)
  const frequencyStart = headerBytes + (count + 1) * 4
  const flagsStart = frequencyStart + count
  const dataStart = flagsStart + count
  let position = 0
  rows.forEach((row, index) => {
    view.setUint32(headerBytes + index * 4, position, true)
    out[frequencyStart + index] = Math.max(0, Math.min(255, Math.round(row.entry.frequency)))
    out[flagsStart + index] = row.entry.flags
    out.set(row.bytes, dataStart + position)
    position += row.bytes.length
  })
  view.setUint32(headerBytes + count * 4, position, true)
  return out
}

/** Read a binary lexicon. Throws when the bytes are not one, or of another version. */
export function decodeLexicon(input: Uint8Array): Lexicon {
  // Offsets are read as a Uint32Array, which needs 4-byte alignment.
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice()
  if (bytes.length < headerBytes) throw new Error('not an ownit lexicon: too short')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== magic) throw new Error('not an ownit lexicon: bad magic number')
  const version = view.getUint32(4, true)
  if (version !== lexiconVersion) throw new Error(`lexicon version ${version}, expected ${lexiconVersion}`)
  const count = view.getUint32(8, true)
  const dataLength = view.getUint32(12, true)
  const frequencyStart = headerBytes + (count + 1) * 4
  const flagsStart = frequencyStart + count
  const dataStart = flagsStart + count
  if (bytes.length !== dataStart + dataLength) throw new Error('not an ownit lexicon: truncated')
  const offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + headerBytes, count + 1)
  const data = bytes.subarray(dataStart)
  // One tight loop: a callback per byte (data.map) costs ten times as much at start-up.
  const folded = new Uint8Array(data.length)
  for (let index = 0; index < data.length; index++) {
    const byte = data[index]!
    folded[index] = byte >= 65 && byte <= 90 ? byte + 32 : byte
  }

  const compareKey = (index: number, key: Uint8Array): number => {
    const start = offsets[index]!
    const length = offsets[index + 1]! - start
    const shared = Math.min(length, key.length)
    for (let position = 0; position < shared; position++) {
      const difference = folded[start + position]! - key[position]!
      if (difference !== 0) return difference
    }
    return length - key.length
  }

  const lowerBound = (key: Uint8Array, low = 0, high = count): number => {
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareKey(middle, key) < 0) low = middle + 1
      else high = middle
    }
    return low
  }

  return {
    size: count,
    offsets,
    folded,
    has(word) {
      const key = foldKey(word)
      const index = lowerBound(key)
      return index < count && compareKey(index, key) === 0
    },
    byteAt(index, depth) {
      const start = offsets[index]!
      return start + depth < offsets[index + 1]! ? folded[start + depth]! : -1
    },
    wordAt: (index) => decoder.decode(data.subarray(offsets[index]!, offsets[index + 1]!)),
    frequencyAt: (index) => bytes[frequencyStart + index]!,
    flagsAt: (index) => bytes[flagsStart + index]!,
    lowerBound
  }
}
