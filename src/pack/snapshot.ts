/**
 * The bundled packs and their compiled matcher as one binary file (dist/builtin-rules.bin),
 * written by the build next to dist/builtin-rules.json. It loads the matcher in its
 * in-memory form with no program to rebuild: the typed arrays are views of the file's own
 * bytes (nothing to copy or decode), and the word sets and dispatch maps are flat (see
 * `FlatStates`), each built when the matcher first reaches it.
 *
 * Layout: a 24-byte header (magic, byte-order mark, file length, the lengths of the two
 * JSON parts), the header JSON (the ruleset, and the program with every array replaced by
 * where its bytes are), the cold JSON, then the arrays, each 8-byte aligned. Lists of lists
 * (a pattern's start states, …) are kept as one flat array and its offsets; the small ones
 * are built back as lists when read, the large ones and the accepts entry by entry as the
 * matcher reads them (`Program.lazy`). The cold JSON holds what a check never reads (each rule's patterns,
 * unless and examples, each pack's classes: what compiling and `--explain` read): more
 * than half of the rules' text, parsed the first time one of them is.
 *
 * The file is only a faster copy of the JSON: one of another format or byte order, cut
 * short or otherwise unreadable is ignored, and the JSON is read instead. It replaced a V8
 * serialization of the same (`node:v8`), which copied every array and made every list an
 * object to collect: about 4 ms of every cold start.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { flattenAccepts, flattenLists, flattenStates, listOf, type FlatStates, type LazyParts, type Program } from '../compile.js'
import type { Pack, Rule } from '../types.js'
import type { Ruleset } from './load.js'

/** The matcher of the bundled packs, without its rules (they are the packs' own). */
export type CompiledProgram = Omit<Program, 'rules'>

/**
 * The program as saved: no rules; the word sets and dispatch maps flat, and the accepts and
 * three lists of lists in `lazy` (both built as the matcher reaches them, see compile.ts).
 */
type SavedProgram = Omit<CompiledProgram, 'words' | 'dispatch' | 'startsByWord' | 'flat' | 'accepts' | 'acceptSets' | 'starts' | 'unlessOf' | 'lazy'> & {
  flat: Omit<FlatStates, 'sets'>
  lazy: LazyParts
}

const snapshotFormat = 6
const magic = 'OWNITRS6'
const headerBytes = 24
/** Written in the machine's byte order: read back as another number on a machine of the other. */
const byteOrderMark = 0x01020304

export const snapshotFile = new URL('../builtin-rules.bin', import.meta.url)

const typedArrays = { Uint8Array, Int32Array } as const
type TypedName = keyof typeof typedArrays
type Typed = Uint8Array | Int32Array

/**
 * A saved value in the header JSON. An array's bytes are at `at` (from the start of the
 * arrays) for `length` elements; `lists` are lists of numbers, as one flat array and the
 * offsets of each list in it; `list` is one list of numbers; `map` a string → number Map.
 */
type Saved =
  | { $: 'typed'; type: TypedName; at: number; length: number }
  | { $: 'lists'; flat: Saved; start: Saved }
  | { $: 'list'; values: Saved }
  | { $: 'map'; keys: string[]; values: Saved }
  | { $: 'object'; fields: Record<string, Saved> }
  | { $: 'json'; value: unknown }

interface Header {
  format: typeof snapshotFormat
  /** The ruleset without its cold parts. */
  ruleset: Omit<Ruleset, 'program' | 'compiled'>
  ruleCount: number
  program: Saved
}

const coldRuleKeys = ['patterns', 'unless', 'examples'] as const
type ColdRule = Pick<Rule, (typeof coldRuleKeys)[number]>
/** Per pack: its classes and, per rule, its cold parts. */
type Cold = Array<{ classes: Pack['classes']; rules: ColdRule[] }>

/** Split `ruleset` into what a check reads and the rest. */
function splitCold(ruleset: Omit<Ruleset, 'program' | 'compiled'>): { hot: Omit<Ruleset, 'program' | 'compiled'>; cold: Cold } {
  const cold: Cold = ruleset.packs.map((pack) => ({ classes: pack.classes, rules: pack.rules.map((rule) => ({ patterns: rule.patterns, unless: rule.unless, examples: rule.examples })) }))
  const packs = ruleset.packs.map(({ classes: _classes, rules, ...pack }) => ({ ...pack, rules: rules.map(({ patterns: _patterns, unless: _unless, examples: _examples, ...rule }) => rule) }))
  return { hot: { ...ruleset, packs: packs as Pack[] }, cold }
}

/** Give `object` a `key` read from `get` the first time it is read (and from then on a plain property). */
function lazy(object: object, key: string, get: () => unknown): void {
  const settle = (value: unknown): void => void Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
  Object.defineProperty(object, key, {
    get() {
      const value = get()
      settle(value)
      return value
    },
    set: settle,
    enumerable: true,
    configurable: true
  })
}

/** Put the cold parts back on `packs`, parsed (all at once) from `read` the first time one is read. */
function attachCold(packs: readonly Pack[], read: () => Cold): void {
  let cold: Cold | undefined
  const coldOf = (pack: number) => (cold ??= read())[pack]!
  packs.forEach((pack, packIndex) => {
    lazy(pack, 'classes', () => coldOf(packIndex).classes)
    pack.rules.forEach((rule, ruleIndex) => {
      for (const key of coldRuleKeys) lazy(rule, key, () => coldOf(packIndex).rules[ruleIndex]![key])
    })
  })
}

const isNumbers = (value: readonly unknown[]): value is number[] => value.every((item) => Number.isInteger(item) && (item as number) >= -0x80000000 && (item as number) <= 0x7fffffff)

/** Lay out `value`'s arrays in `arrays`, and say where they are. */
function save(value: unknown, arrays: Typed[], offset: { bytes: number }): Saved {
  const typed = (array: Typed): Saved => {
    const at = offset.bytes
    arrays.push(array)
    offset.bytes += Math.ceil(array.byteLength / 8) * 8
    return { $: 'typed', type: array instanceof Uint8Array ? 'Uint8Array' : 'Int32Array', at, length: array.length }
  }
  if (value instanceof Uint8Array || value instanceof Int32Array) return typed(value)
  if (ArrayBuffer.isView(value)) throw new Error(`ownit: the matcher snapshot cannot hold a ${value.constructor.name}`)
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)]
    if (!entries.every(([key, number]) => typeof key === 'string' && isNumbers([number]))) throw new Error('ownit: the matcher snapshot holds only string → number maps')
    return { $: 'map', keys: entries.map(([key]) => key as string), values: typed(Int32Array.from(entries, ([, number]) => number as number)) }
  }
  if (Array.isArray(value) && value.length > 0 && value.every((item) => Array.isArray(item) && isNumbers(item))) {
    const { flat, start } = flattenLists(value as number[][])
    return { $: 'lists', flat: typed(flat), start: typed(start) }
  }
  if (Array.isArray(value) && value.length > 0 && isNumbers(value)) return { $: 'list', values: typed(Int32Array.from(value)) }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { $: 'object', fields: Object.fromEntries(Object.entries(value).map(([key, field]) => [key, save(field, arrays, offset)])) }
  }
  return { $: 'json', value }
}

/** Save `ruleset` with `program`, compiled from all its rules with default options. */
export function writeSnapshot(ruleset: Ruleset, program: Program): void {
  const { rules, words: _words, dispatch: _dispatch, startsByWord: _byWord, flat: _flat, accepts, acceptSets, starts, unlessOf, lazy: _lazy, ...compiled } = program
  const { program: _serialized, compiled: _compiled, ...rest } = ruleset
  const lazy: LazyParts = { acceptSets: flattenLists(acceptSets), starts: flattenLists(starts), unlessOf: flattenLists(unlessOf), accepts: flattenAccepts(accepts) }
  const saved: SavedProgram = { ...compiled, flat: flattenStates(program), lazy }
  const arrays: Typed[] = []
  const offset = { bytes: 0 }
  const { hot, cold } = splitCold(rest)
  const header: Header = { format: snapshotFormat, ruleset: hot, ruleCount: rules.length, program: save(saved, arrays, offset) }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const coldJson = Buffer.from(JSON.stringify(cold), 'utf8')
  const arraysStart = Math.ceil((headerBytes + json.length + coldJson.length) / 8) * 8
  const file = Buffer.alloc(arraysStart + offset.bytes)
  file.write(magic, 0, 'latin1')
  new Uint32Array(file.buffer, file.byteOffset + 8, 1)[0] = byteOrderMark
  file.writeUInt32LE(file.length, 12)
  file.writeUInt32LE(json.length, 16)
  file.writeUInt32LE(coldJson.length, 20)
  json.copy(file, headerBytes)
  coldJson.copy(file, headerBytes + json.length)
  let at = arraysStart
  for (const array of arrays) {
    file.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at)
    at += Math.ceil(array.byteLength / 8) * 8
  }
  writeFileSync(snapshotFile, file)
}

/** The value `saved` describes, its arrays views of `buffer` from `base`. */
function load(saved: Saved, buffer: ArrayBuffer, base: number): unknown {
  switch (saved.$) {
    case 'typed':
      return new typedArrays[saved.type](buffer, base + saved.at, saved.length)
    case 'lists': {
      const lists = { flat: load(saved.flat, buffer, base) as Int32Array, start: load(saved.start, buffer, base) as Int32Array }
      return Array.from({ length: lists.start.length - 1 }, (_, index) => listOf(lists, index))
    }
    case 'list':
      return Array.from(load(saved.values, buffer, base) as Int32Array)
    case 'map': {
      const values = load(saved.values, buffer, base) as Int32Array
      const map = new Map<string, number>()
      for (let index = 0; index < saved.keys.length; index++) map.set(saved.keys[index]!, values[index]!)
      return map
    }
    case 'object': {
      const object: Record<string, unknown> = {}
      for (const key in saved.fields) object[key] = load(saved.fields[key]!, buffer, base)
      return object
    }
    default:
      return saved.value
  }
}

/** The saved ruleset with its compiled program, or undefined when `file` cannot be used. */
export function readSnapshot(file: URL = snapshotFile): Ruleset | undefined {
  try {
    let bytes = readFileSync(file)
    if (bytes.length < headerBytes || bytes.toString('latin1', 0, magic.length) !== magic) return undefined
    // Typed arrays need aligned bytes; a file's buffer is its own, at offset 0.
    if (bytes.byteOffset % 8 !== 0) bytes = Buffer.from(bytes)
    if (new Uint32Array(bytes.buffer, bytes.byteOffset + 8, 1)[0] !== byteOrderMark) return undefined
    if (bytes.readUInt32LE(12) !== bytes.length) return undefined
    const jsonBytes = bytes.readUInt32LE(16)
    const coldBytes = bytes.readUInt32LE(20)
    const header = JSON.parse(bytes.toString('utf8', headerBytes, headerBytes + jsonBytes)) as Header
    if (header.format !== snapshotFormat) return undefined
    const arraysStart = bytes.byteOffset + Math.ceil((headerBytes + jsonBytes + coldBytes) / 8) * 8
    const saved = load(header.program, bytes.buffer, arraysStart) as SavedProgram
    if (!(saved.op instanceof Uint8Array)) return undefined
    const states = saved.op.length
    // Empty, and filled from `flat` as the matcher reaches each state (see compile.ts).
    const words: CompiledProgram['words'] = new Array(states)
    const dispatch: CompiledProgram['dispatch'] = new Array(states)
    const startsByWord: CompiledProgram['startsByWord'] = new Array(saved.patternCount)
    const flat: FlatStates = { ...saved.flat, sets: [] }
    // Empty too, and filled from `lazy` as they are read (`listAt`, `acceptAt`).
    const { lazy } = saved
    const accepts: CompiledProgram['accepts'] = new Array(lazy.accepts.kind.length)
    const acceptSets: CompiledProgram['acceptSets'] = new Array(lazy.acceptSets.start.length - 1)
    const starts: CompiledProgram['starts'] = new Array(lazy.starts.start.length - 1)
    const unlessOf: Array<readonly number[] | undefined> = new Array(lazy.unlessOf.start.length - 1)
    const data = bytes
    attachCold(header.ruleset.packs, () => JSON.parse(data.toString('utf8', headerBytes + jsonBytes, headerBytes + jsonBytes + coldBytes)) as Cold)
    return { ...header.ruleset, compiled: { ruleCount: header.ruleCount, program: { ...saved, words, dispatch, startsByWord, flat, accepts, acceptSets, starts, unlessOf } } }
  } catch {
    return undefined
  }
}
