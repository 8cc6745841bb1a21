/**
 * Which rule ids `rules` may name, and the one clause that says why it cannot name
 * another: a config file, `--rule`, a server request and the library's options all say
 * it the same way. No Node.js built-ins: the browser build checks its options too.
 */
import { checkNamed, checks } from '../checks.js'
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

/**
 * The known name closest to `name`, when it is a likely typo (edit distance ≤ 2). As
 * pack/schema.ts's, which cannot be in the browser build (it reads files).
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  const lower = name.toLowerCase()
  for (const candidate of known) {
    // Lengths further apart than that cannot be closer: and a name of a megabyte (a request
    // body's rule id) must not cost a megabyte times each id.
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
