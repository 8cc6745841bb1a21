/** The weights of rules/score.yml, loaded and validated (problems name file, line and field). */
import { describeFsError, readBoundedText } from '../input/read.js'
import { fail, PackError, parseYaml } from '../pack/load.js'
import { rulesDirectory } from '../pack/paths.js'
import { checkSchema } from '../pack/schema.js'
import type { Practice, Weights } from './types.js'

/** Where the bundled weights live. */
export const weightsFile = new URL('score.yml', rulesDirectory)

/**
 * Parse and validate weights YAML. Every practice must have a weight, and every weight a
 * practice, so that a renamed practice cannot silently stop counting. Throws PackError.
 */
export function parseWeights(text: string, file: string, practices: readonly Practice[]): Weights {
  const parsed = parseYaml(text, file)
  const problem = checkSchema('score.schema.json', parsed.data)
  if (problem) fail(file, parsed, problem.path, problem.message, problem.atKey)
  const weights = parsed.data as Weights
  const known = new Set(practices.map((practice) => practice.id))
  for (const id of Object.keys(weights.practices)) {
    if (!known.has(id)) fail(file, parsed, ['practices', id], `no practice “${id}” in practices.yml`, true)
  }
  for (const id of known) {
    if (!(id in weights.practices)) fail(file, parsed, ['practices'], `missing a weight for practice “${id}”`, true)
  }
  return weights
}

/** Read weights from a file (default: the bundled rules/score.yml). */
export function readWeights(practices: readonly Practice[], path: string | URL = weightsFile, displayName = 'rules/score.yml'): Weights {
  let text: string
  try {
    text = readBoundedText(path)
  } catch (error) {
    throw new PackError(`${displayName}: cannot read score weights (${describeFsError(error)})`)
  }
  return parseWeights(text, displayName, practices)
}
