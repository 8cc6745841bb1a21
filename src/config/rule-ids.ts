/**
 * Which rule ids `rules` may name, and the one clause that says why it cannot name
 * another: a config file, `--rule`, a server request and the library's options all say
 * it the same way. No Node.js built-ins: the browser build checks its options too.
 */
import { checkNamed, checks } from '../checks.js'
import { closest } from '../closest.js'
import { loadBuiltinRuleset } from '../pack/load.js'
import type { Pack } from '../types.js'

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
  // A name past any rule's length is cut: a request's rule id may be a megabyte, and its answer need not echo it.
  const shown = id.length > 80 ? `${id.slice(0, 79)}…` : id
  return `unknown rule “${shown}”${guess ? `, did you mean “${guess}”?` : known.length === 0 ? ' (no rules are loaded)' : ''}`
}
