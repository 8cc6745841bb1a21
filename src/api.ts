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
import { loadBuiltinRuleset, readPack } from './pack/load.js'

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
    key = JSON.stringify(options, (_, value: unknown) => (value instanceof Set ? [...value] : value))
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
    compiledSets.set(key, (compiled = { processor, checker, rulesProblem: rulesProblem(read) }))
  }
  return compiled
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

/** Lint a vfile in place: its messages get the ownit messages. Returns the same file. */
export function lintFile(file: VFile, options: Readonly<Options> = {}): VFile {
  const { processor, checker } = compiledFor(options)
  reportScan(file, scan(checker, String(file.value ?? ''), (piece) => processor.parse(piece) as Root))
  return file
}

/**
 * Check one reply. Synchronous; the first call with a given set of options compiles the
 * packs (a few milliseconds), later calls only match.
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

function checkWith({ processor, checker }: Compiled, text: string): CheckResult {
  // The same as lintFile and toOwnitMessage (a test holds them equal), without a vfile
  // message per finding or unified's run: a pre-send check is on the agent's clock.
  const { findings, spelling, stoppedAt, wordsCounted } = scan(checker, text, (piece) => processor.parse(piece) as Root)
  const messages: OwnitMessage[] = []
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
  messages.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset)
  return { ok: !messages.some((message) => message.severity === 'error'), messages }
}

/**
 * Apply every safe ownership rewrite to a reply. Idempotent: fixing the result again
 * changes nothing. Everything outside the rewritten words is kept byte for byte. Throws
 * on bad options as `check` does.
 */
export function fix(text: string, options: Readonly<Options> = {}): FixResult {
  assertText(text)
  return fixWith(compiledForCaller(options), text)
}

function fixWith(compiled: Compiled, text: string): FixResult {
  return fixUntilStable(text, (current) => {
    const { messages } = checkWith(compiled, current)
    const edits = messages
      .filter((message) => message.fix && message.expected.length > 0)
      .map((message) => ({ start: message.offset, end: message.endOffset, text: message.expected[0]!, ruleId: message.ruleId, actual: message.actual }))
    return { edits, stoppedAt: messages.find((message) => message.ruleId === stoppedId)?.offset }
  })
}
