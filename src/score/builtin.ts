/**
 * The bundled practices and score weights (rules/practices.yml, rules/score.yml), read and
 * validated once. `npm run build` saves them validated as JSON (dist/builtin-score.json):
 * `ownit score` then starts without the YAML parser and the schema checks, about a tenth
 * of a second. The YAML is read instead whenever it, or the shared classes the practices
 * use, is newer than that file.
 */
import { readFileSync } from 'node:fs'
import { builtSince } from '../pack/load.js'
import { rulesDirectory, sharedClassesFile } from '../pack/paths.js'
import type { Shared } from '../types.js'
import { practicesFile, readPractices, type PracticeSet } from './practices.js'
import type { Weights } from './types.js'
import { readWeights, weightsFile } from './weights.js'

export interface Scoring {
  practices: PracticeSet
  weights: Weights
}

export const prebuiltScoringFile = new URL('../builtin-score.json', import.meta.url)

let builtin: Scoring | undefined

/** The bundled practices and weights; `shared` are the bundled shared classes. Throws PackError. */
export function loadBuiltinScoring(shared: Shared): Scoring {
  builtin ??= readPrebuilt() ?? readBuiltinYaml(shared)
  return builtin
}

/** Read and validate rules/practices.yml and rules/score.yml. Throws PackError. */
export function readBuiltinYaml(shared: Shared): Scoring {
  const practices = readPractices(undefined, shared)
  return { practices, weights: readWeights(practices.practices) }
}

function readPrebuilt(): Scoring | undefined {
  if (!builtSince(prebuiltScoringFile, [practicesFile, weightsFile, new URL(sharedClassesFile, rulesDirectory)])) return undefined
  try {
    return JSON.parse(readFileSync(prebuiltScoringFile, 'utf8')) as Scoring
  } catch {
    return undefined
  }
}
