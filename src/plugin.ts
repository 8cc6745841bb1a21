/**
 * retext plugins: a preset that applies every pack, and one plugin per family. The
 * packs are compiled when the plugin is attached; each file is only matched.
 */
import type { Root } from 'nlcst'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { createEngine, type EngineOptions, type Finding } from './engine.js'
import { pushAll } from './arrays.js'
import { checkNamed } from './checks.js'
import { maxProblems, stoppedId } from './limits.js'
import { markClauseBreaks, splitAtBlocks } from './blocks.js'
import { forEachPiece } from './parse.js'
import { structureMessage } from './structure-message.js'
import { assertOptions, rulesProblem } from './config/validate.js'
import { knownRuleIds } from './config/rule-ids.js'
import { readComment, type Directive, type MisspeltDirective } from './directives.js'
import { blank } from './input/mask.js'
import type { Prose } from './input/prose.js'
import { textProse } from './input/text.js'
import { loadBuiltinRuleset, readPack } from './pack/load.js'
import { silence, silenceSettings } from './silence.js'
import type { VFileMessage } from 'vfile-message'
import retextOwnitSpelling, { spellingRuleId, type SpellingOptions, type SpellingPass } from './spell/plugin.js'
import type { Category, DocumentKind, FoldedRule, MacroPlace, OwnitMessage, Rule, Severity } from './types.js'

export type Options = EngineOptions &
  Omit<SpellingOptions, 'severity'> & {
    /**
     * How the text is read: `text`, `markdown` or `html`, as the CLI reads a file of that
     * kind (`--type`). Default: plain text (`check`, `fix`); the file's extension (the plugin).
     */
    type?: DocumentKind | undefined
  }

declare module 'vfile-message' {
  interface VFileMessage {
    /** ownit: the family of the rule. */
    category?: Category | undefined
    /** ownit: error, warning or info. */
    severity?: 'error' | 'warning' | 'info' | undefined
    /** ownit: the coaching note (also in `note`). */
    why?: string | undefined
    /** ownit: whether `expected[0]` is a safe fix. */
    fix?: boolean | undefined
    /** ownit: the macro a message was found in (macro exports only). */
    macro?: MacroPlace | undefined
    /** ownit: rules of other families on the same words, folded into this message (absent when none). */
    also?: FoldedRule[] | undefined
  }
}

/**
 * Check a retext tree for ownership language with every bundled pack (and any extra
 * packs in `options.packs`), and for spelling unless `spelling` is `false`, the
 * `spelling` category is left out of `categories`, or `rules.spelling` is `off`.
 * Messages carry `ruleId`, `source: 'ownit'`, `actual`, `expected`, `category`,
 * `severity`, `why`, `note` and `fix`; `error` is fatal.
 *
 * The options are checked when the plugin is attached (when the processor is frozen, at
 * its first use), as `check` checks them: a TypeError or RangeError of one line naming the
 * option. `null` and `undefined` mean the defaults, as for any unified plugin.
 *
 * Inline directives in the file's text are applied to this plugin's messages, as the CLI
 * applies them to a file of the same name, or of `options.type` (see `pluginProse`).
 */
export default function retextOwnit(options?: Readonly<Options> | null) {
  const settings: Readonly<Options> = options ?? {}
  assertOptions(settings)
  // Packs named by path are read here, so that their rule ids are known to `rules`.
  const packs = settings.packs?.map((pack) => (typeof pack === 'string' ? readPack(pack, loadBuiltinRuleset().shared) : pack))
  const read = { ...settings, packs }
  const problem = rulesProblem(read)
  if (problem) throw problem
  const checker = createChecker(read)
  let known: string[] | undefined
  const directiveSettings = silenceSettings(read, false, () => (known ??= knownRuleIds(packs ?? [], read.builtin !== false)))
  const transform = checkerTransformer(checker)
  const markup = settings.type === undefined ? undefined : settings.type !== 'text'
  return function (tree: Root, file: VFile): undefined {
    const from = file.messages.length
    transform(tree, file)
    const text = String(file.value ?? '')
    const prose = pluginProse(text, markup ?? (file.extname !== undefined && markupExtensions.has(file.extname.toLowerCase())))
    const masked = prose.masked
    if (masked !== text) {
      // What the CLI does not lint (a directive line, a quoted line, a URL) is not reported.
      const own = file.messages.slice(from).filter((message) => inProse(message, text, masked))
      file.messages = [...file.messages.slice(0, from), ...own]
    }
    silence(file, prose, directiveSettings, from)
  }
}

const markupExtensions = new Set(['.md', '.markdown', '.mdown', '.mkd', '.html', '.htm'])
const htmlCommentPattern = /<!--([^]*?)-->/g

/**
 * What of a file the plugin reports on, and its directives, as the CLI reads it: Markdown
 * and HTML (`markup`: by `options.type`, else by the file's extension) have their
 * directives in HTML comments; any other file, or one without a name, is plain text
 * (`#`/`//` directive lines, and `>` lines, URLs and the "On … wrote:" tail are not prose).
 * A plugin sees the tree it is given, so in Markdown and HTML it leaves code and quotes to
 * the parser before it.
 */
function pluginProse(text: string, markup: boolean): Prose {
  if (!markup) return textProse(text)
  const directives: Directive[] = []
  const misspelt: MisspeltDirective[] = []
  const spans: Array<{ start: number; end: number }> = []
  for (const match of text.matchAll(htmlCommentPattern)) {
    const end = match.index + match[0].length
    // The comment's text starts after `<!--`; a directive's comment is not prose.
    if (readComment(match[1]!, match.index, end, (index) => match.index + 4 + index, { directives, misspelt }) === 'directive') spans.push({ start: match.index, end })
  }
  return { masked: directives.length > 0 ? blank(text, spans) : text, directives, ...(misspelt.length > 0 ? { misspelt } : {}) }
}

/** Whether a message's words are all prose: unchanged in `masked`. A message without a place is kept. */
function inProse(message: VFileMessage, text: string, masked: string): boolean {
  if (message.ruleId === stoppedId) return true
  const place = message.place
  const start = place && 'start' in place ? place.start.offset : place?.offset
  const end = place && 'end' in place ? place.end.offset : start
  if (start === undefined || end === undefined) return true
  return masked.slice(start, Math.max(end, start + 1)) === text.slice(start, Math.max(end, start + 1))
}

/** What a set of options compiles to: the ownership engine, and spelling if it is on. */
export interface Checker {
  engine: ReturnType<typeof createEngine>
  spelling: ReturnType<typeof retextOwnitSpelling> | undefined
}

/** Compile `options` (packs, then spelling): the work done once per set of options. */
export function createChecker(options: Readonly<Options> = {}): Checker {
  const engine = createEngine(options)
  const spelling = spellingOn(options)
    ? retextOwnitSpelling({ ...options, severity: spellingSeverity(options) })
    : undefined
  return { engine, spelling }
}

/** The retext transformer of a checker: its findings and spelling as vfile messages. */
export function checkerTransformer(checker: Checker) {
  return function (tree: Root, file: VFile): undefined {
    const text = String(file.value ?? '')
    const spelling = checker.spelling?.begin(text)
    spelling?.sentences(tree)
    reportScan(file, { findings: checker.engine.find(tree, text), spelling })
  }
}

export { stoppedId }

/** What checking a text found: the rules' findings, and the spelling pass that saw all of it. */
export interface Scan {
  findings: Finding[]
  spelling: SpellingPass | undefined
  /** Where checking stopped, at `maxProblems` problems; undefined when all the text was checked. */
  stoppedAt?: number | undefined
  /** Whether words not in the dictionary counted towards the limit (some may not be reported: a text not in English). */
  wordsCounted?: boolean | undefined
}

/**
 * Check `text` a piece at a time (see `forEachPiece`), so that only one piece's tree is
 * held; `parse` is a retext parser. The same findings as one tree of the whole text.
 * `blocks`: sorted offsets where a block of the document starts or ends (`blockOffsets`),
 * which no phrase runs across. Default: none (retext's own paragraphs and sentences).
 * `breaks`: sorted offsets of clause breaks retext cannot see, where a URL was blanked
 * (`Prose.breaks`). Default: none.
 */
export function scan(checker: Checker, text: string, parse: (text: string) => Root, blocks: readonly number[] = [], breaks: readonly number[] = []): Scan {
  const findings: Finding[] = []
  const spelling = checker.spelling?.begin(text)
  let stoppedAt: number | undefined
  forEachPiece(text, parse, (piece) => {
    splitAtBlocks(piece, blocks)
    markClauseBreaks(piece, breaks)
    const found = checker.engine.find(piece, text)
    if (found.length > 0) pushAll(findings, found)
    spelling?.sentences(piece)
    if (findings.length + (spelling?.found() ?? 0) < maxProblems) return true
    const end = piece.position?.end.offset ?? text.length
    if (end < text.length) stoppedAt = end
    return false
  })
  return { findings, spelling, stoppedAt, wordsCounted: findings.length < maxProblems }
}

/** Add what a scan found to `file`, a file of the scanned text: the rules' messages, then spelling's, then where checking stopped. */
export function reportScan(file: VFile, { findings, spelling, stoppedAt, wordsCounted }: Scan): void {
  withoutStacks(() => {
    let place: ReturnType<typeof location> | undefined
    if (findings.length > 0) {
      place = location(file)
      for (const finding of findings) report(file, finding, place)
    }
    spelling?.report(file)
    if (stoppedAt !== undefined) reportStop(file, stoppedAt, wordsCounted === true, place ?? location(file))
  })
}

/** The message that checking stopped at `offset`: an error, so a run never passes on a file it did not finish. */
function reportStop(file: VFile, offset: number, wordsCounted: boolean, place: ReturnType<typeof location>): void {
  const point = place.toPoint(offset)
  const what = wordsCounted ? 'problems and unknown words' : 'problems'
  structureMessage(file, `Checking stopped after ${maxProblems.toLocaleString('en-US')} ${what}: the rest of the text, from line ${point?.line ?? '?'}, was not checked`, {
    ruleId: stoppedId,
    severity: 'error',
    place: point ? { start: point, end: point } : undefined,
    why: checkNamed(stoppedId)!.why,
    actual: '',
    expected: []
  })
}

/** Run `work` with no stack captured for new errors: a message is an Error, and its stack (unread) is most of its cost. */
export function withoutStacks(work: () => void): void {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    work()
  } finally {
    Error.stackTraceLimit = limit
  }
}

interface PointLike {
  line?: number | undefined
  column?: number | undefined
  offset?: number | undefined
}

/** A message's place in the JSON contract, from its start and end points (either may be missing). */
export function placeFields(start: PointLike | undefined, end: PointLike | undefined): Pick<OwnitMessage, 'line' | 'column' | 'endLine' | 'endColumn' | 'offset' | 'endOffset'> {
  return {
    line: start?.line ?? 1,
    column: start?.column ?? 1,
    endLine: end?.line ?? start?.line ?? 1,
    endColumn: end?.column ?? start?.column ?? 1,
    offset: start?.offset ?? 0,
    endOffset: end?.offset ?? start?.offset ?? 0
  }
}

/**
 * A finding as the JSON contract's message, without a vfile message between: what
 * `toOwnitMessage` makes of the message `report` adds for it (a test holds them equal).
 */
export function findingMessage(finding: Finding, place: ReturnType<typeof location>): OwnitMessage {
  const { rule } = finding
  const start = place.toPoint(finding.start)
  const end = place.toPoint(finding.end)
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: finding.severity,
    message: rule.message,
    why: rule.why,
    ...placeFields(start && end ? start : undefined, start && end ? end : undefined),
    actual: finding.actual,
    expected: finding.expected,
    fix: finding.fix,
    ...(finding.also ? { also: foldedRules(finding.also) } : {})
  }
}

/** The JSON contract's `also`: each folded rule's id and family. */
function foldedRules(rules: readonly Rule[]): FoldedRule[] {
  return rules.map((rule) => ({ ruleId: rule.id, category: rule.category }))
}

/** Spelling is checked with these options. */
export function spellingOn(options: Readonly<Options>): boolean {
  if (options.spelling === false || options.rules?.[spellingRuleId] === 'off') return false
  return !options.categories || options.categories.includes('spelling')
}

function spellingSeverity(options: Readonly<Options>): SpellingOptions['severity'] {
  const setting = options.rules?.[spellingRuleId]
  return setting === 'off' ? undefined : setting
}

function report(file: VFile, finding: Finding, place: ReturnType<typeof location>): void {
  const { rule } = finding
  const start = place.toPoint(finding.start)
  const end = place.toPoint(finding.end)
  const message = file.message(rule.message, {
    place: start && end ? { start, end } : undefined,
    ruleId: rule.id,
    source: 'ownit'
  })
  message.actual = finding.actual
  message.expected = finding.expected
  message.category = rule.category
  message.severity = finding.severity
  message.why = rule.why
  message.fix = finding.fix
  if (finding.also) message.also = foldedRules(finding.also)
  // vfile-reporter shows `note` in verbose mode: the coaching, then what to write instead.
  message.note = finding.expected.length > 0 ? `${rule.why}\nTry: ${finding.expected.map((text) => `“${text}”`).join(' or ')}` : rule.why
  message.fatal = finding.severity === 'error' ? true : finding.severity === 'warning' ? false : undefined
}

function family(category: Category) {
  return function (options?: Readonly<Options> | null) {
    // Checked before the spread, which would make `5` or a string an empty object.
    assertOptions(options ?? {})
    return retextOwnit({ ...options, categories: [category] })
  }
}

/** Only the blame-shifting pack ("corporate sets the policy", "not my fault"). */
export const retextOwnitBlameShifting = family('blame-shifting')
/** Only the helplessness pack ("there's nothing I can do", "my hands are tied"). */
export const retextOwnitHelplessness = family('helplessness')
/** Only the distancing pack ("I just work here", "between you and me"). */
export const retextOwnitDistancing = family('distancing')
/** Only the deflection pack ("that's not my department", "please contact your bank"). */
export const retextOwnitDeflection = family('deflection')
/** Only the non-apology pack ("sorry for any inconvenience", "sorry you feel that way"). */
export const retextOwnitNonApology = family('non-apology')
/** Only the vague-promise pack ("someone will get back to you", "in due course"). */
export const retextOwnitVaguePromise = family('vague-promise')
/** Only the condescension pack ("calm down", "as I already said"). */
export const retextOwnitCondescension = family('condescension')
