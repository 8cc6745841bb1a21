/**
 * The library API for the pre-send check: `check` and `fix`, synchronous after a
 * one-time setup per set of options.
 */
import retextEnglish from 'retext-english'
import { unified, type Processor } from 'unified'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { Root } from 'nlcst'
import { fixUntilStable } from './fix.js'
import { stoppedId } from './limits.js'
import { location } from 'vfile-location'
import { createChecker, findingMessage, placeFields, reportScan, scan, type Checker, type Options } from './plugin.js'
import type { OwnitMessage, Pack } from './types.js'
import { assertOptions, assertText, rulesProblem, unreadableOption } from './config/validate.js'
import { knownRuleIds } from './config/rule-ids.js'
import { textProse } from './input/text.js'
import { loadBuiltinRuleset, readPack } from './pack/load.js'
import { silence, unusedDirectiveSeverity, type SilenceSettings } from './silence.js'

export type { Options }

export interface CheckResult {
  /** No message of severity `error`: the reply can be sent as it is. */
  ok: boolean
  /** Messages in the JSON contract, in order of place. */
  messages: OwnitMessage[]
}

export interface FixResult {
  /** The text with every safe rewrite applied. */
  text: string
  /** The rewrites applied, in order of place in the original text. */
  applied: Array<{ ruleId: string; offset: number; endOffset: number; actual: string; text: string }>
}

interface Compiled {
  processor: Processor<any, any, any, any, any>
  checker: Checker
  /** A rule id in `rules` that these packs do not have: `check`, `fix` and `prepare` throw it. */
  rulesProblem: RangeError | undefined
  /** How directives that silence nothing are reported (`rules['unused-disable-directive']`). */
  silence: SilenceSettings
}

const compiledSets = new Map<string, Compiled>()
const maxCompiled = 32

/**
 * One frozen parser (and its checker) per set of options: packs are compiled once, not per
 * call, and the options are checked then too (`assertOptions`: TypeError or RangeError),
 * so that a call with options already seen costs only the lookup.
 */
function compiledFor(options: Readonly<Options>): Compiled {
  let key: string
  try {
    // Most callers pass a few flags (`{spelling: false}`): JSON without a replacer is much faster.
    key = flat(options) ? JSON.stringify(options) : JSON.stringify(options, (_, value: unknown) => (value instanceof Set ? [...value] : value))
  } catch (error) {
    // A value JSON cannot hold (a BigInt, a cycle): say which option, if one is wrong.
    assertOptions(options)
    throw unreadableOption(options, error)
  }
  let compiled = compiledSets.get(key)
  if (!compiled) {
    assertOptions(options)
    // Packs named by path are read here, so that their rule ids are known to `rules`.
    const packs = options.packs?.map((pack) => (typeof pack === 'string' ? readPack(pack, loadBuiltinRuleset().shared) : pack))
    const read: Readonly<Options & { packs?: readonly Pack[] | undefined }> = { ...options, packs }
    const checker = createChecker(read)
    // The checker runs on each piece's tree (see `scan`), not as the processor's transformer.
    const processor = unified().use(retextEnglish).freeze()
    if (compiledSets.size >= maxCompiled) compiledSets.delete(compiledSets.keys().next().value!)
    let known: string[] | undefined
    const silence: SilenceSettings = {
      unusedSeverity: unusedDirectiveSeverity(read),
      knownRuleIds: () => (known ??= knownRuleIds(packs ?? [], read.builtin !== false))
    }
    compiledSets.set(key, (compiled = { processor, checker, rulesProblem: rulesProblem(read), silence }))
  }
  return compiled
}

/** Whether every option is a primitive (no Set to spell out, no object to walk). */
function flat(options: Readonly<Options>): boolean {
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null) return false
  }
  return true
}

/** `compiledFor`, for the public API: a rule id these packs do not have is an error (a config's, from the command line, is checked where it is read). */
function compiledForCaller(options: Readonly<Options>): Compiled {
  const compiled = compiledFor(options)
  if (compiled.rulesProblem) throw compiled.rulesProblem
  return compiled
}

/** Convert a vfile message to the JSON contract of DESIGN.md. */
export function toOwnitMessage(message: VFileMessage): OwnitMessage {
  const start = message.place && 'start' in message.place ? message.place.start : message.place
  const end = message.place && 'end' in message.place ? message.place.end : start
  return {
    ruleId: message.ruleId ?? 'unknown',
    category: message.category ?? 'structure',
    severity: message.severity ?? (message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'),
    message: message.reason,
    why: message.why ?? '',
    ...placeFields(start, end),
    actual: message.actual ?? '',
    expected: message.expected ?? [],
    fix: message.fix === true,
    ...(message.also ? { also: message.also } : {}),
    ...(message.macro ? { macro: message.macro } : {})
  }
}

/**
 * Lint a vfile in place: its messages get the ownit messages. Returns the same file.
 * `blocks`: sorted offsets where a block of a Markdown or HTML document starts or ends,
 * which no phrase runs across (default: none).
 */
export function lintFile(file: VFile, options: Readonly<Options> = {}, blocks: readonly number[] = []): VFile {
  const { processor, checker } = compiledFor(options)
  reportScan(file, scan(checker, String(file.value ?? ''), (piece) => processor.parse(piece) as Root, blocks))
  return file
}

/**
 * Check one reply. Synchronous; the first call with a given set of options compiles the
 * packs (a few milliseconds), later calls only match. The reply is read as the CLI reads
 * plain text (`ownit -`): `>` lines, URLs and the "On … wrote:" tail are not checked, and
 * `#`/`//` directive lines apply. Directives that silence nothing are reported when
 * `options.rules` sets `unused-disable-directive` (default: off).
 *
 * @param text the reply, as the agent wrote it
 * @param options categories, rule severities, extra packs, allowed phrases (default: all
 *   bundled rules at their own severity)
 * @throws TypeError for a `text` that is not a string (a String object included), or an
 *   option of the wrong type or one that does not exist; RangeError for a value not allowed
 *   (an unknown rule id, category or language, a bad severity, an allowed phrase that is not
 *   a valid pattern, a word with a space): one line naming the option, like
 *   `ownit: options.language: expected en-US or en-GB, not "fr"`
 */
export function check(text: string, options: Readonly<Options> = {}): CheckResult {
  assertText(text)
  return checkWith(compiledForCaller(options), text)
}

/**
 * `check` and `fix` for one set of options, looked up once: for many texts checked with
 * options costly to look up each time (packs held in memory, whose rules make the key).
 */
export function prepare(options: Readonly<Options>): { check: (text: string) => CheckResult; fix: (text: string) => FixResult } {
  const compiled = compiledForCaller(options)
  return {
    check: (text) => {
      assertText(text)
      return checkWith(compiled, text)
    },
    fix: (text) => {
      assertText(text)
      return fixWith(compiled, text)
    }
  }
}

function checkWith(compiled: Compiled, text: string): CheckResult {
  const messages = lintText(compiled, text).messages
  return { ok: !messages.some((message) => message.severity === 'error'), messages }
}

/**
 * Check `text` as the CLI checks a plain-text reply (`ownit -`): only its prose (quoted
 * `>` lines, URLs, the "On … wrote:" tail and `#`/`//` directive lines are not), with its
 * directives applied. Returns the messages, in order of place, and the prose (`masked`).
 */
function lintText({ processor, checker, silence: settings }: Compiled, text: string): { messages: OwnitMessage[]; masked: string } {
  const { masked, directives } = textProse(text)
  const scanned = scan(checker, masked, (piece) => processor.parse(piece) as Root)
  const messages: OwnitMessage[] = []
  if (directives.length > 0) {
    // As a document is linted (lintDocument): vfile messages, for the directives to silence.
    const file = new VFile({ value: masked })
    reportScan(file, scanned)
    file.value = text
    silence(file, directives, settings)
    for (const message of file.messages) messages.push(toOwnitMessage(message))
  } else {
    // The same as lintFile and toOwnitMessage (a test holds them equal), without a vfile
    // message per finding or unified's run: a pre-send check is on the agent's clock.
    const { findings, spelling, stoppedAt, wordsCounted } = scanned
    if (findings.length > 0) {
      const place = location(text)
      for (const finding of findings) messages.push(findingMessage(finding, place))
    }
    if (spelling || stoppedAt !== undefined) {
      // Spelling's messages, and where checking stopped, as lintFile makes them.
      const file = new VFile({ value: text })
      reportScan(file, { findings: [], spelling, stoppedAt, wordsCounted })
      for (const message of file.messages) messages.push(toOwnitMessage(message))
    }
  }
  if (masked !== text) {
    // A phrase around what is not prose (a URL) is quoted as written, not with the blanks the matcher saw.
    for (const message of messages) {
      if (masked.slice(message.offset, message.endOffset) !== text.slice(message.offset, message.endOffset)) message.actual = text.slice(message.offset, message.endOffset)
    }
  }
  messages.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset)
  return { messages, masked }
}

/**
 * Apply every safe ownership rewrite to a reply. Idempotent: fixing the result again
 * changes nothing. Everything outside the rewritten words is kept byte for byte, and
 * neither a line a directive silences nor what is not prose (as `check` reads it) is
 * rewritten. Throws on bad options as `check` does.
 */
export function fix(text: string, options: Readonly<Options> = {}): FixResult {
  assertText(text)
  return fixWith(compiledForCaller(options), text)
}

function fixWith(compiled: Compiled, text: string): FixResult {
  return fixUntilStable(text, (current) => {
    const { messages, masked } = lintText(compiled, current)
    const edits = messages
      .filter((message) => message.fix && message.expected.length > 0)
      // Never across what is not prose (a quoted line or a URL inside the phrase), as fixDocument.
      .filter((message) => masked.slice(message.offset, message.endOffset) === current.slice(message.offset, message.endOffset))
      .map((message) => ({ start: message.offset, end: message.endOffset, text: message.expected[0]!, ruleId: message.ruleId, actual: message.actual }))
    return { edits, stoppedAt: messages.find((message) => message.ruleId === stoppedId)?.offset }
  })
}
