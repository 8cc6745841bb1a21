/**
 * Directives applied to a linted file: the messages they silence are dropped, and those
 * that silence nothing are reported when asked. The one way the CLI (documents and macro
 * fields), `check`, `fix` and the retext plugin apply them. No Node.js built-ins: the
 * browser build applies them too.
 */
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { VFileMessage } from 'vfile-message'
import { checkNamed, unusedDirectiveId } from './checks.js'
import { unknownRule } from './config/rule-ids.js'
import { applyDirectives, type Directive } from './directives.js'
import { structureMessage } from './structure-message.js'
import type { Severity } from './types.js'

/**
 * The severity of messages for directives that silence nothing, or undefined when they
 * are not reported: what `rules` sets `unused-disable-directive` to, else a warning when
 * asked (`--report-unused-disables`), else none.
 */
export function unusedDirectiveSeverity(options: { rules?: Readonly<Record<string, Severity | 'off'>> | undefined }, asked = false): Severity | undefined {
  const setting = options.rules?.[unusedDirectiveId]
  if (setting !== undefined && setting !== 'off') return setting
  return asked ? 'warning' : undefined
}

export interface SilenceSettings {
  /** Report directives that silence nothing, at this severity; undefined: do not. */
  unusedSeverity?: Severity | undefined
  /** The rule ids in force, for an unused directive to say which of its ids is no rule (a typo); read only when one is reported. */
  knownRuleIds?: (() => readonly string[]) | undefined
}

/**
 * Apply `directives` (found in `file`'s text) to the messages of `file` from index `from`
 * on (those before it, another plugin's, are left alone): drop the silenced ones, and add a
 * message for each directive that silences nothing when `settings.unusedSeverity` is set.
 */
export function silence(file: VFile, directives: readonly Directive[], settings: SilenceSettings = {}, from = 0): void {
  if (directives.length === 0) return
  const place = location(file)
  const lineOf = (offset: number): number => place.toPoint(offset)?.line ?? 1
  const before = file.messages.slice(0, from)
  const { kept, unused } = applyDirectives(file.messages.slice(from), directives, lineOf)
  file.messages = [...before, ...kept]
  const severity = settings.unusedSeverity
  if (!severity || unused.length === 0) return
  const known = settings.knownRuleIds?.()
  for (const directive of unused) reportUnused(file, directive, severity, place, known)
}

/** Add to `file` (of the text the directive is in) that `directive` silences nothing. */
export function reportUnused(file: VFile, directive: Directive, severity: Severity, place: ReturnType<typeof location>, knownRuleIds?: readonly string[]): void {
  const start = place.toPoint(directive.start)
  const end = place.toPoint(directive.end)
  const what = `ownit-${directive.kind}${directive.ruleIds.length > 0 ? ` ${directive.ruleIds.join(', ')}` : ''}`
  const unknown = knownRuleIds && directive.ruleIds.find((id) => !knownRuleIds.includes(id))
  structureMessage(file, `Unused ${what} directive: ${unknown ? unknownRule(unknown, knownRuleIds) : 'no problem here to silence'}`, {
    ruleId: unusedDirectiveId,
    severity,
    place: start && end ? { start, end } : undefined,
    why: checkNamed(unusedDirectiveId)!.why,
    actual: file.value.toString().slice(directive.start, directive.end),
    expected: ['']
  })
}

/** Sort messages in the order of the text, as `check` gives them (by start, then end). */
export function sortByPlace(messages: VFileMessage[]): void {
  messages.sort((a, b) => offsetOf(a, 'start') - offsetOf(b, 'start') || offsetOf(a, 'end') - offsetOf(b, 'end'))
}

function offsetOf(message: VFileMessage, side: 'start' | 'end'): number {
  const place = message.place
  const point = place && 'start' in place ? place[side] : place
  return point?.offset ?? 0
}
