/**
 * The library API for the pre-send check: `check` and `fix`, synchronous after a
 * one-time setup per set of options.
 */
import { VFile } from 'vfile'
import { fixUntilStable } from './fix.js'
import { stoppedId } from './limits.js'
import { location } from 'vfile-location'
import { compiledForCaller, type Compiled } from './compiled.js'
import { assertText, documentType } from './config/validate.js'
import { placeholdersFor } from './config/options.js'
import { fixDocument, lintDocument, type DocumentSettings } from './document.js'
import { NestingError } from './input/nesting.js'
import { toOwnitMessage } from './ownit-message.js'
import { findingMessage, reportScan, scan, type Options } from './plugin.js'
import type { Root } from 'nlcst'
import type { DocumentKind, OwnitMessage } from './types.js'
import { textProse } from './input/text.js'
import { silence } from './silence.js'

export type { Options }
export { toOwnitMessage }

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

/**
 * Check one reply. Synchronous; the first call with a given set of options compiles the
 * packs (a few milliseconds), later calls only match. The reply is read as the CLI reads
 * a file of its `type` (default: plain text, as `ownit -` reads it: `>` lines, URLs and the
 * "On … wrote:" tail are not checked, and `#`/`//` directive lines apply; Markdown and HTML
 * as a `.md` or `.html` file, directives in HTML comments). Directives name rule ids or
 * categories; a name that is neither is reported (`unknown-directive-name`, a warning unless
 * `options.rules` sets it), and directives that silence nothing are reported when
 * `options.rules` sets `unused-disable-directive` (default: off).
 *
 * @param text the reply, as the agent wrote it
 * @param options categories, rule severities, extra packs, allowed phrases, how the text is
 *   read (default: all bundled rules at their own severity, plain text)
 * @throws TypeError for a `text` that is not a string (a String object included), or an
 *   option of the wrong type or one that does not exist; RangeError for a value not allowed
 *   (an unknown rule id, category, language or type, a bad severity, an allowed phrase that
 *   is not a valid pattern, a word with a space), or Markdown or HTML nested too deeply to
 *   read: one line naming the option, like
 *   `ownit: options.language: expected en-US or en-GB, not "fr"`
 */
export function check(text: string, options: Readonly<Options> = {}): CheckResult {
  assertText(text)
  const compiled = compiledForCaller(options)
  return checkWith(compiled, options, documentType(options), text)
}

/**
 * `check` and `fix` for one set of options, looked up once: for many texts checked with
 * options costly to look up each time (packs held in memory, whose rules make the key).
 */
export function prepare(options: Readonly<Options>): { check: (text: string) => CheckResult; fix: (text: string) => FixResult } {
  const compiled = compiledForCaller(options)
  const type = documentType(options)
  return {
    check: (text) => {
      assertText(text)
      return checkWith(compiled, options, type, text)
    },
    fix: (text) => {
      assertText(text)
      return fixWith(compiled, options, type, text)
    }
  }
}

function checkWith(compiled: Compiled, options: Readonly<Options>, type: DocumentKind, text: string): CheckResult {
  const messages = type === 'text' ? lintText(compiled, text).messages : readable(() => lintDocument(undefined, text, documentSettings(compiled, options, type)).messages.map(toOwnitMessage))
  return { ok: !messages.some((message) => message.severity === 'error'), messages }
}

/** Markdown and HTML are read as the CLI reads a `.md` or `.html` file (`lintDocument`, `fixDocument`). */
function documentSettings(compiled: Compiled, options: Readonly<Options>, kind: DocumentKind): DocumentSettings {
  return { kind, options, knownRuleIds: compiled.silence.knownRuleIds }
}

/** Run `read` on a Markdown or HTML text; one that cannot be read as its type is a RangeError naming `text`. */
function readable<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof NestingError) throw new RangeError(`ownit: text: ${error.message.replace('--type text', "type 'text'")}`)
    throw error
  }
}

/**
 * Check `text` as the CLI checks a plain-text reply (`ownit -`): only its prose (quoted
 * `>` lines, URLs, the "On … wrote:" tail and `#`/`//` directive lines are not), with its
 * directives applied. Returns the messages, in order of place, and the prose (`masked`).
 */
function lintText({ processor, checker, silence: settings }: Compiled, text: string): { messages: OwnitMessage[]; masked: string } {
  const prose = textProse(text)
  const { masked, directives } = prose
  const scanned = scan(checker, masked, (piece) => processor.parse(piece) as Root, undefined, prose.breaks)
  const messages: OwnitMessage[] = []
  if (directives.length > 0 || prose.misspelt) {
    // As a document is linted (lintDocument): vfile messages, for the directives to silence.
    const file = new VFile({ value: masked })
    reportScan(file, scanned)
    file.value = text
    silence(file, prose, settings)
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
 * neither a line a directive silences nor what is not prose (as `check` reads it: in
 * Markdown and HTML, markup and code too) is rewritten; in Markdown and HTML, nor is a
 * phrase written with markup or character references, or a `{{…}}` or `{%…%}`
 * placeholder, as `ownit --fix` leaves them. Throws on bad options as `check` does.
 */
export function fix(text: string, options: Readonly<Options> = {}): FixResult {
  assertText(text)
  const compiled = compiledForCaller(options)
  return fixWith(compiled, options, documentType(options), text)
}

/** The template syntaxes `ownit --fix` never rewrites across without a config: `{{…}}` and `{%…%}`. */
const placeholders = placeholdersFor(undefined)

function fixWith(compiled: Compiled, options: Readonly<Options>, type: DocumentKind, text: string): FixResult {
  if (type !== 'text') return readable(() => fixDocument(undefined, text, documentSettings(compiled, options, type), placeholders))
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
