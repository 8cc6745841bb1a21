/**
 * The lexicon: every word form of a dictionary, sorted by its case-folded bytes, in one
 * compact binary form that loads without parsing (a few milliseconds, against the
 * ~300 ms nspell needs to expand a Hunspell .aff/.dic). Pure: bytes in, lookups out.
 * Decoding builds an open-addressing hash table of the common words' folded keys, so that
 * `has` (once per checked word) is, for most words, one hash of the string and one
 * comparison, without encoding the word or allocating anything. Bytes are case-folded
 * as they are compared, not copied folded at load.
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
  /** Entry `i` is `data.subarray(offsets[i], offsets[i + 1])`: for tight loops. */
  readonly offsets: Uint32Array
  /** All entries' bytes as written: compare them through `foldByte`. */
  readonly data: Uint8Array
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

// The hash of a folded key: h × 31 + byte over its bytes (Java's String.hashCode), with
// the high bits folded into the low ones the table uses. An ASCII string's code units are
// its UTF-8 bytes, so a word is hashed without being encoded. Shifts and adds, no
// Math.imul: the table is built by code that runs once, before it is optimised, where
// every call counts.
function mix(hash: number): number {
  return hash ^ (hash >>> 15)
}

/** A power of two of at least twice `count`, less one: a table mask. */
function tableMask(count: number): number {
  let size = 16
  while (size < count * 2) size *= 2
  return size - 1
}

/**
 * Words at least this frequent (0–255) go in the hash table: about 27,000 of en-US's
 * 124,000 forms, yet 87% of the words of real replies and 97% of generated ones. The
 * rest are found by binary search. Hashing every form would double the lexicon's load
 * time (the table's random writes) for lookups that are rare.
 */
const commonFrequency = 40

/** How many answers of the binary search are remembered (then forgotten all at once). */
const searchedLimit = 10_000
/** Longer words are not remembered: no English word is, and a flood of them must not fill memory. */
const rememberedLength = 64

/**
 * The hash table of the common entries' folded keys: entry index + 1 per slot, 0 when
 * empty. A function of its own, with only local variables, so that its loops run at full
 * speed the one time they run.
 */
function hashCommon(data: Uint8Array, offsets: Uint32Array, frequencies: Uint8Array, count: number): Uint32Array {
  // Sized from the entry count, not the common ones, which would take one more pass over
  // every entry: at least count + 1 slots, so never full (en-US uses about a fifth).
  const mask = tableMask((count + 1) / 2)
  const slots = new Uint32Array(mask + 1)
  for (let index = 0; index < count; index++) {
    if (frequencies[index]! < commonFrequency) continue
    const end = offsets[index + 1]!
    let hash = 0
    for (let at = offsets[index]!; at < end; at++) {
      const byte = data[at]!
      hash = ((hash << 5) - hash + (byte >= 65 && byte <= 90 ? byte + 32 : byte)) | 0
    }
    let slot = (hash ^ (hash >>> 15)) & mask
    while (slots[slot] !== 0) slot = (slot + 1) & mask
    slots[slot] = index + 1
  }
  return slots
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
  const slots = hashCommon(data, offsets, bytes.subarray(frequencyStart, flagsStart), count)
  const mask = slots.length - 1

  // Words outside the table recur too (names, brands, jargon, the same typo): remember
  // up to 10,000 answers rather than search again.
  const searched = new Map<string, boolean>()

  /** Entry `index` against a plain-ASCII word, in lexicon order (compareKey on the string). */
  const compareAscii = (index: number, word: string): number => {
    const start = offsets[index]!
    const length = offsets[index + 1]! - start
    const shared = Math.min(length, word.length)
    for (let position = 0; position < shared; position++) {
      const difference = foldByte(data[start + position]!) - foldByte(word.charCodeAt(position))
      if (difference !== 0) return difference
    }
    return length - word.length
  }

  /** Whether a plain-ASCII word is listed, ignoring case: hashed, then searched. No allocation. */
  const hasAscii = (word: string, hash: number): boolean => {
    for (let slot = mix(hash) & mask, entry = slots[slot]!; entry !== 0; slot = (slot + 1) & mask, entry = slots[slot]!) {
      if (compareAscii(entry - 1, word) === 0) return true
    }
    let found = searched.get(word)
    if (found === undefined) {
      let low = 0
      let high = count
      while (low < high) {
        const middle = (low + high) >>> 1
        if (compareAscii(middle, word) < 0) low = middle + 1
        else high = middle
      }
      found = low < count && compareAscii(low, word) === 0
      if (word.length <= rememberedLength) {
        if (searched.size >= searchedLimit) searched.clear()
        searched.set(word, found)
      }
    }
    return found
  }

  /** Whether a folded key (UTF-8 bytes) is listed. */
  const hasKey = (key: Uint8Array): boolean => {
    const index = lowerBound(key)
    return index < count && compareKey(index, key) === 0
  }

  const compareKey = (index: number, key: Uint8Array): number => {
    const start = offsets[index]!
    const length = offsets[index + 1]! - start
    const shared = Math.min(length, key.length)
    for (let position = 0; position < shared; position++) {
      const difference = foldByte(data[start + position]!) - key[position]!
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
    data,
    has(word) {
      // The hot path of spelling: hash the string's code units as they are, with no
      // encoding and no copy; only a word with letters beyond ASCII is encoded.
      let hash = 0
      for (let position = 0; position < word.length; position++) {
        const code = word.charCodeAt(position)
        if (code >= 128) return hasKey(foldKey(word))
        hash = ((hash << 5) - hash + foldByte(code)) | 0
      }
      return hasAscii(word, hash)
    },
    byteAt(index, depth) {
      const start = offsets[index]!
      return start + depth < offsets[index + 1]! ? foldByte(data[start + depth]!) : -1
    },
    wordAt: (index) => decoder.decode(data.subarray(offsets[index]!, offsets[index + 1]!)),
    frequencyAt: (index) => bytes[frequencyStart + index]!,
    flagsAt: (index) => bytes[flagsStart + index]!,
    lowerBound
  }
}
