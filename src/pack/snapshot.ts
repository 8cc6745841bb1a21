/**
 * The bundled packs and their compiled matcher as one V8-serialized file
 * (dist/builtin-rules.v8), written by the build next to dist/builtin-rules.json. It loads
 * the matcher in its in-memory form, with no JSON to parse and no program to rebuild:
 * typed arrays, with the word sets and dispatch maps flat (see `FlatStates`), each built
 * when the matcher first reaches it.
 *
 * The file is only a faster copy of the JSON: one written by a newer Node.js, cut short
 * or otherwise unreadable is ignored, and the JSON is read instead.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { deserialize, serialize } from 'node:v8'
import { flattenStates, type AcceptInfo, type FlatStates, type Program } from '../compile.js'
import type { Ruleset } from './load.js'

/** The matcher of the bundled packs, without its rules (they are the packs' own). */
export type CompiledProgram = Omit<Program, 'rules'>

/**
 * What the file holds. `format` changes whenever its shape does. The program's word sets
 * and dispatch maps are kept flat (`flat`); its `startsByWord` is built as it is used.
 */
interface Snapshot {
  format: typeof snapshotFormat
  ruleset: Omit<Ruleset, 'program'>
  ruleCount: number
  program: Omit<CompiledProgram, 'words' | 'dispatch' | 'startsByWord' | 'flat' | 'accepts'> & { flat: Omit<FlatStates, 'sets'>; accepts: FlatAccepts }
}

/** The accepts, a typed array a field: 4,400 objects took V8 longer to read than to make. */
interface FlatAccepts {
  kind: Uint8Array
  rule: Int32Array
  pattern: Int32Array
  entry: Int32Array
  groups: Int32Array
}

const kinds: ReadonlyArray<AcceptInfo['kind']> = ['rule', 'unless', 'shared-unless', 'allow']

function flattenAccepts(accepts: readonly AcceptInfo[]): FlatAccepts {
  return {
    kind: Uint8Array.from(accepts, (accept) => kinds.indexOf(accept.kind)),
    rule: Int32Array.from(accepts, (accept) => accept.rule),
    pattern: Int32Array.from(accepts, (accept) => accept.pattern),
    entry: Int32Array.from(accepts, (accept) => accept.entry),
    groups: Int32Array.from(accepts, (accept) => accept.groups)
  }
}

function acceptsOf(flat: FlatAccepts): AcceptInfo[] {
  const accepts: AcceptInfo[] = new Array(flat.kind.length)
  for (let index = 0; index < accepts.length; index++) {
    accepts[index] = { kind: kinds[flat.kind[index]!]!, rule: flat.rule[index]!, pattern: flat.pattern[index]!, entry: flat.entry[index]!, groups: flat.groups[index]! }
  }
  return accepts
}

const snapshotFormat = 3

export const snapshotFile = new URL('../builtin-rules.v8', import.meta.url)

/** Save `ruleset` with `program`, compiled from all its rules with default options. */
export function writeSnapshot(ruleset: Ruleset, program: Program): void {
  const { rules, words: _words, dispatch: _dispatch, startsByWord: _starts, flat: _flat, accepts, ...compiled } = program
  const { program: _serialized, ...rest } = ruleset
  const snapshot: Snapshot = {
    format: snapshotFormat,
    ruleset: rest,
    ruleCount: rules.length,
    program: { ...compiled, flat: flattenStates(program), accepts: flattenAccepts(accepts) }
  }
  writeFileSync(snapshotFile, serialize(snapshot))
}

/** The saved ruleset with its compiled program, or undefined when `file` cannot be used. */
export function readSnapshot(file: URL = snapshotFile): Ruleset | undefined {
  try {
    const snapshot = deserialize(readFileSync(file)) as Snapshot
    if (snapshot.format !== snapshotFormat || !(snapshot.program.op instanceof Uint8Array)) return undefined
    const { program } = snapshot
    const states = program.op.length
    // Empty, and filled from `flat` as the matcher reaches each state (see compile.ts).
    const words: CompiledProgram['words'] = new Array(states)
    const dispatch: CompiledProgram['dispatch'] = new Array(states)
    const startsByWord: CompiledProgram['startsByWord'] = new Array(program.patternCount)
    const flat: FlatStates = { ...program.flat, sets: [] }
    const accepts = acceptsOf(program.accepts)
    return { ...snapshot.ruleset, compiled: { ruleCount: snapshot.ruleCount, program: { ...program, words, dispatch, startsByWord, flat, accepts } } }
  } catch {
    return undefined
  }
}
