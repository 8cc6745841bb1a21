export { check, fix, toOwnitMessage } from './api.js'
export type { CheckResult, FixResult, Options } from './api.js'
export {
  default as retextOwnit,
  retextOwnitBlameShifting,
  retextOwnitCondescension,
  retextOwnitDeflection,
  retextOwnitDistancing,
  retextOwnitHelplessness,
  retextOwnitNonApology,
  retextOwnitVaguePromise
} from './plugin.js'
export { loadBuiltinRuleset, parsePack, readPack, PackError } from './pack/load.js'
export type { Ruleset } from './pack/load.js'
export { categories, families, severities } from './types.js'
export type { Category, Mood, OwnitMessage, Pack, Rule, Severity, Suggestion } from './types.js'
