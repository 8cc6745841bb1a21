/** `--list-rules` and `--explain ID`: the rules in force, from the bundled and configured packs. */
import { checks, spellingRuleId, stoppedId, unknownDirectiveId, unknownDirectiveNameId, unusedDirectiveId, type Check } from '../checks.js'
import type { Config } from '../config/load.js'
import { unknownRule } from '../config/rule-ids.js'
import { optionsFor, type Overrides } from '../config/options.js'
import { misspeltDirectiveSeverity, unknownDirectiveSeverity, unusedDirectiveSeverity } from '../silence.js'
import { loadBuiltinRuleset } from '../pack/load.js'
import { spellingOn } from '../plugin.js'
import type { Rule, SafePlace, Severity } from '../types.js'
import { UsageError } from './io.js'

export interface RuleEntry {
  rule: Rule
  /** The severity in force: the rule's own, the config's, or the flag's. */
  severity: Severity | 'off'
}

/** Every rule known with this config, each with the severity in force, in pack order. */
export function rulesInForce(config: Config | undefined, overrides: Overrides): RuleEntry[] {
  const packs = [...(overrides.builtin ? loadBuiltinRuleset().packs : []), ...(config?.packs ?? []), ...overrides.packs]
  const categories = overrides.categories ?? config?.categories
  return packs
    .flatMap((pack) => pack.rules)
    .filter((rule) => !categories || categories.includes(rule.category))
    .map((rule) => ({ rule, severity: overrides.rules[rule.id] ?? config?.rules[rule.id] ?? rule.severity }))
}

export interface CheckEntry {
  check: Check
  /** The severity in force; `off` when it is not checked or reported. */
  severity: Severity | 'off'
}

/** The checks that are not rules (spelling, directives that silence nothing or name no rule, misspelt directives, where checking stopped), each with the severity in force. */
export function checksInForce(config: Config | undefined, overrides: Overrides, reportUnusedDisables: boolean): CheckEntry[] {
  const options = optionsFor(config, overrides)
  const spelling = options.rules?.[spellingRuleId]
  const severities: Record<string, Severity | 'off'> = {
    [spellingRuleId]: spellingOn(options) ? (spelling !== undefined && spelling !== 'off' ? spelling : 'warning') : 'off',
    [unusedDirectiveId]: unusedDirectiveSeverity(options, reportUnusedDisables) ?? 'off',
    [unknownDirectiveNameId]: unknownDirectiveSeverity(options) ?? 'off',
    [unknownDirectiveId]: misspeltDirectiveSeverity(options) ?? 'off',
    [stoppedId]: 'error'
  }
  return checks.map((check) => ({ check, severity: severities[check.id] ?? check.severity }))
}

/** A table: id, category, severity, and the first bad example; then the checks that are not rules. */
export function formatRuleList(entries: readonly RuleEntry[], others: readonly CheckEntry[], json: boolean): string {
  if (json) {
    return JSON.stringify(
      [
        ...entries.map(({ rule, severity }) => ({ id: rule.id, category: rule.category, severity, fix: rule.suggest.some((s) => s.safe), message: rule.message, example: rule.examples.bad[0] ?? '' })),
        ...others.map(({ check, severity }) => ({ id: check.id, category: check.category, severity, fix: false, message: check.message, example: check.example }))
      ],
      null,
      2
    )
  }
  const also = `Also reported: ${others.map(({ check, severity }) => `${check.id} (${severity})`).join(', ')}.`
  if (entries.length === 0) return `No rules are loaded.\n${also} Explain one with: ownit --explain ${others[0]!.check.id}`
  const header = ['id', 'category', 'severity', 'example']
  const rows = entries.map(({ rule, severity }) => [rule.id, rule.category, severity, rule.examples.bad[0] ?? ''])
  const widths = [0, 1, 2].map((column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)))
  const line = (row: readonly string[]): string => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd()
  return [line(header), ...rows.map(line), '', `${entries.length} rule${entries.length === 1 ? '' : 's'}. ${also}`, `Explain one with: ownit --explain ${entries[0]!.rule.id}`].join('\n')
}

/** Why a rule (or a check that is not a rule) matters, its bad and good examples, and its rewrites. */
export function formatExplain(id: string, entries: readonly RuleEntry[], others: readonly CheckEntry[]): string {
  const entry = entries.find(({ rule }) => rule.id === id)
  if (!entry) {
    const other = others.find(({ check }) => check.id === id)
    if (other) return formatCheck(other)
    throw new UsageError(`--explain: ${unknownRule(id, [...entries.map(({ rule }) => rule.id), ...others.map(({ check }) => check.id)])}`)
  }
  const { rule, severity } = entry
  const lines = [
    `${rule.id} (${rule.category}, ${severity}${rule.suggest.some((s) => s.safe) ? ', fixable with --fix' : ''})`,
    '',
    rule.message,
    '',
    `Why: ${rule.why}`,
    '',
    'Write instead:',
    ...rule.suggest.map((suggestion) => `  ${suggestion.text}${suggestion.safe ? `  (applied by --fix${placesNamed(suggestion.where)})` : ''}`),
    '',
    'Flagged:',
    ...rule.examples.bad.map((text) => `  ✗ ${text}`),
    '',
    'Not flagged:',
    ...rule.examples.good.map((text) => `  ✓ ${text}`)
  ]
  if (rule.examples.fixed.length > 0) {
    lines.push('', 'Fixed by --fix:', ...rule.examples.fixed.map((example) => `  ${example.bad}  →  ${example.fixed}`))
  }
  lines.push('', `Defined in ${rule.source.file}:${rule.source.line}`)
  return lines.join('\n')
}

function formatCheck({ check, severity }: CheckEntry): string {
  const lines = [`${check.id} (${check.category}, ${severity})`, '', check.message, '', `Why: ${check.why}`, '', 'How to set it:', ...check.control.map((line) => `  ${line}`)]
  if (check.example) lines.push('', 'Flagged:', `  ✗ ${check.example}`)
  lines.push('', 'Built into ownit: not in a rule pack.')
  return lines.join('\n')
}

/** Where a safe rewrite is applied, in words: " at a clause start, before a clause break". */
function placesNamed(where: readonly SafePlace[] | undefined): string {
  if (!where) return ''
  const words: Record<SafePlace, string> = { 'sentence-start': 'at a sentence start', 'clause-start': 'at a clause start', 'before-break': 'before a clause break' }
  return ` ${where.map((place) => words[place]).join(', ')}`
}
