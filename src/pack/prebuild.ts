/**
 * Build step: validate the bundled packs and save them as JSON next to the compiled code,
 * with their compiled matcher, so that starting ownit skips YAML parsing, schema checks and
 * compiling; and the same in binary form (dist/builtin-rules.bin, see snapshot.ts),
 * which loads faster still; and the bundled practices and score weights, validated
 * (dist/builtin-score.json, see score/builtin.ts). Run by `npm run build`.
 */
import { writeFileSync } from 'node:fs'
import { serializeProgram } from '../compile.js'
import { createEngine } from '../engine.js'
import { PackError, prebuiltFile, readBuiltinYaml } from './load.js'
import { writeSnapshot } from './snapshot.js'
import { prebuiltScoringFile, readBuiltinYaml as readScoringYaml } from '../score/builtin.js'

try {
  const ruleset = readBuiltinYaml()
  const { program } = createEngine({}, ruleset)
  ruleset.program = serializeProgram(program)
  writeFileSync(prebuiltFile, JSON.stringify(ruleset))
  writeSnapshot(ruleset, program)
  writeFileSync(prebuiltScoringFile, JSON.stringify(readScoringYaml(ruleset.shared)))
} catch (error) {
  if (!(error instanceof PackError)) throw error
  process.stderr.write(`ownit build: ${error.message}\n`)
  process.exitCode = 1
}
