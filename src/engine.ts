/**
 * The ownership engine: rule packs and options compiled once into a matcher, then used
 * to find the flagged phrases of a parsed text. Pure apart from reading packs named by
 * path in the options (done once, when the engine is created).
 */
import type { Root } from 'nlcst'
import { compileRules, deserializeProgram, onlyRules, type Program } from './compile.js'
import { captureGroups, matchSentences } from './match.js'
import { assertUniqueIds, classLookup, loadBuiltinRuleset, readPack, uniquePacks, type Ruleset } from './pack/load.js'
import { fitsPlace, placeOf } from './place.js'
import { sentencesOf } from './tokens.js'
import type { Category, Pack, Rule, SafePlace, Severity } from './types.js'

export interface EngineOptions {
  /** Only check these categories. Default: every category. */
  categories?: readonly Category[] | undefined
  /** Per rule id: a severity, or `off`. Default: each rule's own severity. */
  rules?: Readonly<Record<string, Severity | 'off'>> | undefined
  /** Extra rule packs: paths to YAML files, or packs already loaded. Default: none. */
  packs?: ReadonlyArray<string | Pack> | undefined
  /** Phrases (patterns) never flagged. Default: none. */
  allow?: readonly string[] | undefined
  /** Use the bundled packs. Default: true; false checks with `packs` only. */
  builtin?: boolean | undefined
}

/** One flagged phrase, with offsets into the original text. */
export interface Finding {
  rule: Rule
  severity: Severity
  start: number
  end: number
  actual: string
  /** Rewrites, with groups filled in; the safe one (if any) first. */
  expected: string[]
  /** Whether `expected[0]` is a safe fix, and fits where the match stands (its `where`). */
  fix: boolean
  /**
   * Rules of other families that matched the same words, or words inside or around these,
   * and give no message of their own (see `foldNested`). Absent when there are none.
   */
  also?: Rule[] | undefined
}

export interface Engine {
  rules: readonly Rule[]
  program: Program
  find(tree: Root, text: string): Finding[]
}

/** Build an engine from the bundled packs and `options`. Throws PackError on a broken pack. */
export function createEngine(options: Readonly<EngineOptions> = {}, ruleset: Ruleset = loadBuiltinRuleset()): Engine {
  const extra = (options.packs ?? []).map((pack) => (typeof pack === 'string' ? readPack(pack, ruleset.shared) : pack))
  const packs = uniquePacks([...(options.builtin === false ? [] : ruleset.packs), ...extra])
  // Two rules with one id would share its settings, directives and reports.
  if (extra.length > 0) assertUniqueIds(packs)
  const owner = new Map<Rule, Pack>()
  const severity = new Map<Rule, Severity>()
  const categories = options.categories ? new Set(options.categories) : undefined
  const rules: Rule[] = []
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const setting = options.rules?.[rule.id]
      if (setting === 'off') continue
      if (categories && !categories.has(rule.category)) continue
      owner.set(rule, pack)
      severity.set(rule, setting ?? rule.severity)
      rules.push(rule)
    }
  }
  const lookups = new Map<Pack, (name: string) => readonly string[] | undefined>()
  const sharedLookup = (name: string): readonly string[] | undefined => ruleset.shared.classes[name]
  // The bundled packs' program, saved at build time, serves any choice of their rules (the
  // others are switched off in it); extra packs or allowed phrases compile afresh.
  const saved = ruleset.program
  const bundled = ruleset.packs.flatMap((pack) => pack.rules)
  const usesSaved =
    (saved ?? ruleset.compiled) !== undefined &&
    extra.length === 0 &&
    options.builtin !== false &&
    (options.allow ?? []).length === 0 &&
    (ruleset.compiled ?? saved)!.ruleCount === bundled.length
  const program = usesSaved ? savedProgram(ruleset, bundled, new Set(rules)) : compileRules({
    rules,
    classesFor: (rule) => {
      const pack = rule ? owner.get(rule) : undefined
      if (!pack) return sharedLookup
      let lookup = lookups.get(pack)
      if (!lookup) lookups.set(pack, (lookup = classLookup(pack, ruleset.shared)))
      return lookup
    },
    sharedUnless: ruleset.shared.unless,
    allow: options.allow ?? []
  })

  const usesGroups = new Set(rules.filter((rule) => rule.suggest.some((suggestion) => /\$[1-9]/.test(suggestion.text))))
  // Per rule: its rewrites, the safe one first, each as written when it uses no group or
  // the matched words (most do), so that a finding fills in only the ones that do.
  const rewrites = new Map<Rule, Array<{ text: string; fixed: string | undefined }>>()
  // Per rule with a safe rewrite: where it may be applied (undefined: anywhere).
  const safeWhere = new Map<Rule, readonly SafePlace[] | undefined>()
  for (const rule of rules) {
    const ordered = [...rule.suggest.filter((s) => s.safe), ...rule.suggest.filter((s) => !s.safe)]
    rewrites.set(rule, ordered.map((suggestion) => ({ text: suggestion.text, fixed: suggestion.text.includes('$') ? undefined : tidy(suggestion.text) })))
    if (ordered[0]?.safe) safeWhere.set(rule, ordered[0].where)
  }

  return {
    rules,
    program,
    find(tree, text) {
      const sentences = sentencesOf(tree, text)
      const matches = matchSentences(program, sentences)
      const findings = matches.map((match): Finding => {
        const rule = program.rules[match.rule]!
        const sentence = sentences[match.sentence]!
        const start = sentence.starts[match.start]!
        const end = sentence.ends[match.end - 1]!
        const actual = text.slice(start, end)
        // Groups are worked out (a small VM run) only for rules whose rewrites use them.
        const groups = usesGroups.has(rule) ? captureGroups(program, match, sentence) : []
        // A rewrite keeps the capital of a phrase that starts its sentence, its line ("Hi
        // Sam,⏎Mistakes were made" is one sentence to the parser) or a numbered step ("2. ").
        const place = placeOf(sentence, match.start, match.end, text)
        // A match that starts with a number ("2 mistakes were made") starts the rewrite with a capital too.
        const capitalise = place.sentenceStart && !isLower(actual.charAt(0))
        const fill = (template: string): string =>
          tidy(
            template.replace(/\$(\d)/g, (_, digit: string) => {
              const index = Number(digit)
              if (index === 0) return actual
              const group = groups[index - 1]
              if (!group) return ''
              const words = text.slice(sentence.starts[group[0]]!, sentence.ends[group[1]]!)
              // Words moved from the start of the sentence lose its capital ("Several
              // errors were made" → "we made several errors").
              return group[0] === match.start && place.sentenceStart ? uncapitalise(words) : words
            })
          )
        const capital = (rewrite: string): string => (capitalise ? rewrite.charAt(0).toUpperCase() + rewrite.slice(1) : rewrite)
        const ordered = rewrites.get(rule)!
        return {
          rule,
          severity: severity.get(rule)!,
          start,
          end,
          actual,
          expected: ordered.map((rewrite) => capital(rewrite.fixed ?? fill(rewrite.text))),
          fix: safeWhere.has(rule) && fitsPlace(safeWhere.get(rule), place)
        }
      })
      return foldNested(findings, (index) => matches[index]!.sentence)
    }
  }
}

const severityRank = { error: 0, warning: 1, info: 2 } as const

/**
 * One message per phrase: of findings (in text order) of different families on the same
 * words, or one inside the other, the most severe stands (as this run sets severities),
 * then the longer (it says more of what the agent wrote), then the leftmost, then the first
 * rule. The others are folded into it as `also`, so the families a phrase belongs to are
 * still known. Findings that only partly overlap both stand. (Within a family the matcher
 * already keeps one per overlapping stretch.)
 */
function foldNested(findings: Finding[], sentenceOf: (index: number) => number): Finding[] {
  let folded: Set<number> | undefined
  for (let first = 0; first < findings.length; ) {
    let last = first + 1
    while (last < findings.length && sentenceOf(last) === sentenceOf(first)) last++
    if (last - first > 1) {
      const ranked: number[] = []
      for (let index = first; index < last; index++) ranked.push(index)
      ranked.sort((a, b) => {
        const x = findings[a]!
        const y = findings[b]!
        return severityRank[x.severity] - severityRank[y.severity] || y.end - y.start - (x.end - x.start) || x.start - y.start || a - b
      })
      const standing: number[] = []
      for (const index of ranked) {
        const finding = findings[index]!
        const host = standing.find((other) => nests(findings[other]!, finding))
        if (host === undefined) {
          standing.push(index)
          continue
        }
        const kept = findings[host]!
        findings[host] = { ...kept, also: [...(kept.also ?? []), finding.rule, ...(finding.also ?? [])] }
        ;(folded ??= new Set()).add(index)
      }
    }
    first = last
  }
  return folded ? findings.filter((_, index) => !folded!.has(index)) : findings
}

/** Whether one finding's words are the other's, or lie inside them. */
function nests(a: Finding, b: Finding): boolean {
  return (a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end)
}

/** The saved program (dist/builtin-rules.bin, else JSON) with only the `chosen` rules on. */
function savedProgram(ruleset: Ruleset, bundled: readonly Rule[], chosen: ReadonlySet<Rule>): Program {
  const program = ruleset.compiled ? { ...ruleset.compiled.program, rules: bundled } : deserializeProgram(ruleset.program!, bundled)
  if (chosen.size === bundled.length) return program
  return onlyRules(program, Uint8Array.from(bundled, (rule) => (chosen.has(rule) ? 1 : 0)))
}

/**
 * A filled-in rewrite without the doubled spaces an empty group leaves. The indentation
 * after a line break a group brings along is the text's, and stays ("the⏎    rules").
 */
function tidy(rewrite: string): string {
  return rewrite.replace(/([\n\r\u2028\u2029] *)| {2,}/g, (_, indentation: string | undefined) => indentation ?? ' ').trim()
}

function isLower(char: string): boolean {
  return char !== char.toUpperCase() && char === char.toLowerCase()
}

/** A word capitalised only for starting the sentence, in lower case; "I", "I've" and ALL CAPS as they are. */
function uncapitalise(words: string): string {
  const first = /^\p{Lu}\p{Ll}*(?=$|[^\p{L}])/u.exec(words)
  if (!first || first[0] === 'I') return words
  return words.charAt(0).toLowerCase() + words.slice(1)
}
