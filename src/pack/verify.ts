/**
 * A pack's examples hold it to its word: each `bad` example is flagged by its rule, no
 * `good` one is (a rule folded into another family's message on the same words counts as
 * flagging it), and each `fixed` pair is what `fix` makes. The bundled packs are held to
 * them by the tests; a pack of one's own is held to them when it is read for a run.
 */
import { prepare } from '../api.js'
import type { Pack } from '../types.js'

/** Where an example contradicts its rule (a path into the pack's YAML), and how. */
export interface ExampleProblem {
  path: Array<string | number>
  message: string
}

/** Show at most this much of an example in a message. */
const shown = 60

/**
 * The first example of `pack` that its rules contradict, or undefined. Each example is
 * checked with this pack alone (no bundled rules, no spelling), so another pack's rules
 * cannot hide or stand in for one of its rules.
 */
export function verifyExamples(pack: Pack): ExampleProblem | undefined {
  const { check, fix } = prepare({ builtin: false, packs: [pack], spelling: false })
  // A rule folded into another family's message on the same words (`also`) matched too.
  const flaggedBy = (text: string): string[] => check(text).messages.flatMap((message) => [message.ruleId, ...(message.also ?? []).map((folded) => folded.ruleId)])
  for (const [index, rule] of pack.rules.entries()) {
    for (const [position, text] of rule.examples.bad.entries()) {
      const ids = flaggedBy(text)
      if (ids.includes(rule.id)) continue
      const others = [...new Set(ids)]
      return { path: ['rules', index, 'examples', 'bad', position], message: `${quote(text)} is not flagged by this rule${others.length > 0 ? ` (it is by ${others.join(', ')}, which overlaps it)` : ''}` }
    }
    for (const [position, text] of rule.examples.good.entries()) {
      if (flaggedBy(text).includes(rule.id)) return { path: ['rules', index, 'examples', 'good', position], message: `${quote(text)} is flagged by this rule, and must not be` }
    }
    for (const [position, example] of rule.examples.fixed.entries()) {
      const fixed = fix(example.bad).text
      if (fixed !== example.fixed) return { path: ['rules', index, 'examples', 'fixed', position, 'fixed'], message: `--fix makes ${quote(example.bad)} into ${quote(fixed)}, not this` }
    }
  }
  return undefined
}

function quote(text: string): string {
  return `“${text.length > shown ? `${text.slice(0, shown - 1)}…` : text}”`
}
