/**
 * Which rule ids `rules` may name, and the one clause that says why it cannot name
 * another: a config file, `--rule`, a server request and the library's options all say
 * it the same way. Directives name them too, or categories. No Node.js built-ins: the
 * browser build checks its options too.
 */
import { checkNamed, checks } from '../checks.js'
import { closest } from '../closest.js'
import { loadBuiltinRuleset } from '../pack/load.js'
import { categories, type Pack } from '../types.js'

/**
 * Rule ids that configuration may name: the bundled rules (unless `builtin` is false),
 * those of `packs`, and the checks that are not rules but can be set (`spelling`,
 * `unused-disable-directive`).
 */
export function knownRuleIds(packs: readonly Pack[] = [], builtin = true): string[] {
  const ids = [...(builtin ? loadBuiltinRuleset().packs : []), ...packs].flatMap((pack) => pack.rules.map((rule) => rule.id))
  for (const check of checks) if (check.settable) ids.push(check.id)
  return ids
}

/** Why `rules` cannot set `id` (one clause), or undefined when it can. */
export function ruleSettingProblem(id: string, known: readonly string[]): string | undefined {
  if (known.includes(id)) return undefined
  const check = checkNamed(id)
  if (check && !check.settable) return `“${id}” cannot be turned off or changed: ${check.unsettable}`
  return unknownRule(id, known)
}

/** "unknown rule “x”, did you mean “y”?" */
export function unknownRule(id: string, known: readonly string[]): string {
  const guess = closest(id, known)
  return `unknown rule “${shorten(id)}”${guess ? `, did you mean “${guess}”?` : known.length === 0 ? ' (no rules are loaded)' : ''}`
}

/** A name past any rule's length is cut: a request's rule id may be a megabyte, and its answer need not echo it. */
function shorten(id: string): string {
  return id.length > 80 ? `${id.slice(0, 79)}…` : id
}

/** Whether a directive may name `name`: a rule id of `known` (see `knownRuleIds`) or a category. */
export function isDirectiveName(name: string, known: ReadonlySet<string>): boolean {
  return known.has(name) || (categories as readonly string[]).includes(name)
}

/**
 * Why a directive cannot name `name` (one clause), which `isDirectiveName` refuses:
 * "unknown rule or category “x”, did you mean “y”?".
 */
export function directiveNameProblem(name: string, known: readonly string[]): string {
  const check = checkNamed(name)
  if (check && !check.settable) return `“${name}” cannot be silenced: ${check.unsettable}`
  const guess = closest(name, [...known, ...categories])
  return `unknown rule or category “${shorten(name)}”${guess ? `, did you mean “${guess}”?` : ''}`
}
