/**
 * Directives applied to a linted file: the messages they silence are dropped, names that
 * are no rule id or category and misspelt directives are reported, and directives that
 * silence nothing are reported when asked. The one way the CLI (documents and macro
 * fields), `check`, `fix` and the retext plugin apply them. No Node.js built-ins: the
 * browser build applies them too.
 */
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { VFileMessage } from 'vfile-message'
import { checkNamed, unknownDirectiveId, unknownDirectiveNameId, unusedDirectiveId } from './checks.js'
import { directiveNameProblem, isDirectiveName } from './config/rule-ids.js'
import { applyDirectives, type Directive, type DirectiveFinds, type MisspeltDirective } from './directives.js'
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
  return warningUnlessOff(options, unknownDirectiveNameId)
}

/**
 * The severity of messages for comments that read as directives with a misspelt keyword,
 * or undefined when they are not reported: what `rules` sets `unknown-directive` to, else
 * a warning.
 */
export function misspeltDirectiveSeverity(options: RuleSettings): Severity | undefined {
  return warningUnlessOff(options, unknownDirectiveId)
}

/** What `rules` sets check `id` to, a warning when it is not set, undefined when it is off. */
function warningUnlessOff(options: RuleSettings, id: string): Severity | undefined {
  const setting = options.rules?.[id]
  return setting === 'off' ? undefined : (setting ?? 'warning')
}

/**
 * How directives are checked under `options`: the severities of the three directive
 * checks, and where to find the rule ids a directive may name (see `SilenceSettings`).
 */
export function silenceSettings(options: RuleSettings, reportUnusedDisables = false, knownRuleIds?: () => readonly string[]): SilenceSettings {
  return {
    unusedSeverity: unusedDirectiveSeverity(options, reportUnusedDisables),
    unknownSeverity: unknownDirectiveSeverity(options),
    misspeltSeverity: misspeltDirectiveSeverity(options),
    knownRuleIds
  }
}

export interface SilenceSettings {
  /** Report directives that silence nothing, at this severity; undefined: do not. */
  unusedSeverity?: Severity | undefined
  /** Report each name in a directive that is no rule id or category, at this severity; undefined: do not. */
  unknownSeverity?: Severity | undefined
  /** Report each comment that reads as a directive with a misspelt keyword, at this severity; undefined: do not. */
  misspeltSeverity?: Severity | undefined
  /**
   * The rule ids in force, for directive names to be checked against (a typo); read only
   * when a directive names something. Undefined: names are not checked.
   */
  knownRuleIds?: (() => readonly string[]) | undefined
}

/**
 * Apply the directives `found` in `file`'s text to the messages of `file` from index `from`
 * on (those before it, another plugin's, are left alone): drop the silenced ones, and add
 * the messages `reportDirectives` adds.
 */
export function silence(file: VFile, found: Readonly<DirectiveFinds>, settings: SilenceSettings = {}, from = 0): void {
  const { directives } = found
  if (directives.length === 0 && !found.misspelt?.length) return
  const place = location(file)
  const lineOf = (offset: number): number => place.toPoint(offset)?.line ?? 1
  const before = file.messages.slice(0, from)
  const { kept, unused } = applyDirectives(file.messages.slice(from), directives, lineOf)
  file.messages = [...before, ...kept]
  reportDirectives(file, found, unused, settings, place)
}

/**
 * Add to `file` (of the text the directives are in) a message for each comment `found`
 * that reads as a directive with a misspelt keyword (`settings.misspeltSeverity`), then one
 * for each name in its directives that is no rule id or category
 * (`settings.unknownSeverity`), and one for each directive of `unused`, which silence
 * nothing (`settings.unusedSeverity`), unless it was reported for a name already: a
 * misspelt name is why it silences nothing.
 */
export function reportDirectives(file: VFile, found: Readonly<DirectiveFinds>, unused: readonly Directive[], settings: SilenceSettings, place: ReturnType<typeof location>): void {
  if (settings.misspeltSeverity) for (const comment of found.misspelt ?? []) misspeltMessage(file, comment, settings.misspeltSeverity, place)
  const { directives } = found
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

/**
 * A message about a misspelt directive, placed on its keyword: `actual` is the keyword as
 * written, `expected` the one meant (not a safe fix: `disable-line` becomes
 * `disable-next-line`, which silences another line).
 */
function misspeltMessage(file: VFile, misspelt: MisspeltDirective, severity: Severity, place: ReturnType<typeof location>): void {
  const start = place.toPoint(misspelt.start)
  const end = place.toPoint(misspelt.end)
  structureMessage(file, `unknown directive “${misspelt.written}”, did you mean “${misspelt.meant}”?`, {
    ruleId: unknownDirectiveId,
    severity,
    place: start && end ? { start, end } : undefined,
    why: checkNamed(unknownDirectiveId)!.why,
    actual: file.value.toString().slice(misspelt.start, misspelt.end),
    expected: [misspelt.meant]
  })
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
