/**
 * The bundled packs and their compiled matcher as one V8-serialized file
 * (dist/builtin-rules.v8), written by the build next to dist/builtin-rules.json. It loads
 * the matcher in its in-memory form (typed arrays, Maps and Sets), with no JSON to parse
 * and no program to rebuild: about 30 ms less CPU at every start of the CLI.
 *
 * The file is only a faster copy of the JSON: one written by a newer Node.js, cut short
 * or otherwise unreadable is ignored, and the JSON is read instead.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { deserialize, serialize } from 'node:v8'
import type { Program } from '../compile.js'
import type { Ruleset } from './load.js'

/** The matcher of the bundled packs, without its rules (they are the packs' own). */
export type CompiledProgram = Omit<Program, 'rules'>

/** What the file holds. `format` changes whenever its shape does. */
interface Snapshot {
  format: typeof snapshotFormat
  ruleset: Omit<Ruleset, 'program'>
  ruleCount: number
  program: CompiledProgram
}

const snapshotFormat = 1

export const snapshotFile = new URL('../builtin-rules.v8', import.meta.url)

/** Save `ruleset` with `program`, compiled from all its rules with default options. */
export function writeSnapshot(ruleset: Ruleset, program: Program): void {
  const { rules, ...compiled } = program
  const { program: _serialized, ...rest } = ruleset
  const snapshot: Snapshot = { format: snapshotFormat, ruleset: rest, ruleCount: rules.length, program: compiled }
  writeFileSync(snapshotFile, serialize(snapshot))
}

/** The saved ruleset with its compiled program, or undefined when `file` cannot be used. */
export function readSnapshot(file: URL = snapshotFile): Ruleset | undefined {
  try {
    const snapshot = deserialize(readFileSync(file)) as Snapshot
    if (snapshot.format !== snapshotFormat || !(snapshot.program.op instanceof Uint8Array)) return undefined
    const { program } = snapshot
    // Rebuild the two sparse per-state arrays as the compiler builds them, so that the
    // matcher indexes them as it always does (a deserialized sparse array may be slow).
    const dispatch: CompiledProgram['dispatch'] = new Array(program.op.length)
    program.dispatch.forEach((map, state) => (dispatch[state] = map))
    const words: CompiledProgram['words'] = Array.from(program.words)
    return { ...snapshot.ruleset, compiled: { ruleCount: snapshot.ruleCount, program: { ...program, dispatch, words } } }
  } catch {
    return undefined
  }
}
