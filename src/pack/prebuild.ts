/**
 * Build step: validate the bundled packs and save them as JSON next to the compiled code,
 * so that starting ownit skips YAML parsing and schema checks. Run by `npm run build`.
 */
import { writeFileSync } from 'node:fs'
import { PackError, prebuiltFile, readBuiltinYaml } from './load.js'

try {
  writeFileSync(prebuiltFile, JSON.stringify(readBuiltinYaml()))
} catch (error) {
  if (!(error instanceof PackError)) throw error
  process.stderr.write(`ownit build: ${error.message}\n`)
  process.exitCode = 1
}
