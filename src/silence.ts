/**
 * Directives applied to a linted file: the messages they silence are dropped, names that
 * are no rule id or category are reported, and directives that silence nothing are
 * reported when asked. The one way the CLI (documents and macro
 * fields), `check`, `fix` and the retext plugin apply them. No Node.js built-ins: the
 * browser build applies them too.
 */
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { VFileMessage } from 'vfile-message'
import { checkNamed, unknownDirectiveNameId, unusedDirectiveId } from './checks.js'
import { directiveNameProblem, isDirectiveName } from './config/rule-ids.js'
import { applyDirectives, type Directive } from './directives.js'
import { structureMessage } from './structure-message.js'
import type { Severity } from './types.js'

type RuleSettings = { rules?: Readonly<Record<string, Severity | 'off'>> | undefined }

/**
 * The severity of messages for directives that silence nothing, or undefined when they
 * are not reported: what `rules` sets `unused-disable-directive` to, else a warning when
 * asked (`--report-unused-disables`), else none.
 */
export function unusedDirectiveSeverity(options: RuleSettings, asked = false): Severity | undefined {
  const setting = options.rules?.[unusedDirectiveId]
  if (setting !== undefined && setting !== 'off') return setting
  return asked ? 'warning' : undefined
}

/**
 * The severity of messages for names in directives that are no rule or category, or
 * undefined when they are not reported: what `rules` sets `unknown-directive-name` to, else
 * a warning.
 */
export function unknownDirectiveSeverity(options: RuleSettings): Severity | undefined {
  const setting = options.rules?.[unknownDirectiveNameId]
  return setting === 'off' ? undefined : (setting ?? 'warning')
}

export interface SilenceSettings {
  /** Report directives that silence nothing, at this severity; undefined: do not. */
  unusedSeverity?: Severity | undefined
  /** Report each name in a directive that is no rule id or category, at this severity; undefined: do not. */
  unknownSeverity?: Severity | undefined
  /**
   * The rule ids in force, for directive names to be checked against (a typo); read only
   * when a directive names something. Undefined: names are not checked.
   */
  knownRuleIds?: (() => readonly string[]) | undefined
}

/**
 * Apply `directives` (found in `file`'s text) to the messages of `file` from index `from`
 * on (those before it, another plugin's, are left alone): drop the silenced ones, and add
 * the messages `reportDirectives` adds.
 */
export function silence(file: VFile, directives: readonly Directive[], settings: SilenceSettings = {}, from = 0): void {
  if (directives.length === 0) return
  const place = location(file)
  const lineOf = (offset: number): number => place.toPoint(offset)?.line ?? 1
  const before = file.messages.slice(0, from)
  const { kept, unused } = applyDirectives(file.messages.slice(from), directives, lineOf)
  file.messages = [...before, ...kept]
  reportDirectives(file, directives, unused, settings, place)
}

/**
 * Add to `file` (of the text the directives are in) a message for each name in
 * `directives` that is no rule id or category (`settings.unknownSeverity`), and one for each
 * directive of `unused`, which silence nothing (`settings.unusedSeverity`), unless it was
 * reported for a name already: a misspelt name is why it silences nothing.
 */
export function reportDirectives(file: VFile, directives: readonly Directive[], unused: readonly Directive[], settings: SilenceSettings, place: ReturnType<typeof location>): void {
  const { unknownSeverity, unusedSeverity } = settings
  if (!unknownSeverity && !(unusedSeverity && unused.length > 0)) return
  const known = settings.knownRuleIds && directives.some((directive) => directive.names.length > 0) ? settings.knownRuleIds() : undefined
  const knownSet = known && knownSetOf(known)
  if (!known && !(unusedSeverity && unused.length > 0)) return
  const silencesNothing = unusedSeverity ? new Set(unused) : undefined
  // In the order of the text, as each adapter found them.
  for (const directive of [...directives].sort((a, b) => a.start - b.start)) {
    let misspelt: string | undefined
    if (known && knownSet) {
      for (const name of directive.names) {
        if (isDirectiveName(name, knownSet)) continue
        misspelt ??= name
        if (unknownSeverity) directiveMessage(file, directive, `${written(directive)}: ${directiveNameProblem(name, known)}`, unknownDirectiveNameId, unknownSeverity, place, [])
      }
    }
    if (!unusedSeverity || !silencesNothing!.has(directive) || (misspelt && unknownSeverity)) continue
    directiveMessage(file, directive, `Unused ${written(directive)} directive: ${misspelt ? directiveNameProblem(misspelt, known!) : 'no problem here to silence'}`, unusedDirectiveId, unusedSeverity, place, [''])
  }
}

/** `ownit-disable-next-line not-my-fault, hush-now`: a directive as its message names it. */
function written(directive: Directive): string {
  return `ownit-${directive.kind}${directive.names.length > 0 ? ` ${directive.names.join(', ')}` : ''}`
}

const knownSets = new WeakMap<readonly string[], ReadonlySet<string>>()

/** The rule ids as a set, made once per list (the lists are kept per set of options, or per config). */
function knownSetOf(known: readonly string[]): ReadonlySet<string> {
  let set = knownSets.get(known)
  if (!set) knownSets.set(known, (set = new Set(known)))
  return set
}

/** A message about `directive`, placed on it; `actual` is the directive as written. */
function directiveMessage(file: VFile, directive: Directive, reason: string, ruleId: string, severity: Severity, place: ReturnType<typeof location>, expected: string[]): void {
  const start = place.toPoint(directive.start)
  const end = place.toPoint(directive.end)
  structureMessage(file, reason, {
    ruleId,
    severity,
    place: start && end ? { start, end } : undefined,
    why: checkNamed(ruleId)!.why,
    actual: file.value.toString().slice(directive.start, directive.end),
    expected
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
