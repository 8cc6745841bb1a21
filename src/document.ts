/**
 * Lint and fix one document (plain text, Markdown or HTML): only its prose is matched,
 * its inline directives are applied, and every place points into the original text.
 */
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import { lintFile } from './compiled.js'
import type { Placeholder } from './config/load.js'
import { fixUntilStable, type AppliedFix } from './fix.js'
import { stoppedId } from './limits.js'
import { blockOffsets } from './blocks.js'
import { decodedOffsets, decodeEntities } from './input/entities.js'
import { indexInline, widenToMarkup, type InlineIndex } from './input/inline.js'
import { overlapTest } from './input/mask.js'
import { proseOf, type DocumentKind, type Prose } from './input/prose.js'
import { toOwnitMessage } from './ownit-message.js'
import type { Options } from './plugin.js'
import { silence, silenceSettings, sortByPlace } from './silence.js'
import type { VFileMessage } from 'vfile-message'

export interface DocumentSettings {
  kind: DocumentKind
  options: Options
  /**
   * Report `ownit-disable…` directives that silence nothing (`--report-unused-disables`),
   * at the severity `options.rules` gives `unused-disable-directive`, or as warnings.
   * `options.rules` turning it on reports them too. Default: false.
   */
  reportUnusedDisables?: boolean
  /**
   * The rule ids of the run, for a directive that names no rule or category (a typo) to be
   * reported (`unknown-directive-name`, on unless `options.rules` turns it off); called only
   * for a document with a directive that names one. Default: none, and such names are not
   * reported.
   */
  knownRuleIds?: (() => readonly string[]) | undefined
}

/** Lint `text`; the returned file holds the original text and the messages left after directives. `path`: the file's name, if it has one. */
export function lintDocument(path: string | undefined, text: string, settings: DocumentSettings): VFile {
  return lintProse(path, text, proseOf(text, settings.kind), settings)
}

function lintProse(path: string | undefined, text: string, prose: Prose, settings: DocumentSettings): VFile {
  // HTML and Markdown: lint the characters references stand for (`That&rsquo;s`, `not&nbsp;my`).
  const decoded = settings.kind !== 'text' && prose.masked.includes('&') ? decodeEntities(prose.masked) : undefined
  const blocks = blockOffsets(prose.blocks ?? [])
  const breaks = prose.breaks ?? []
  const file = lintFile(new VFile({ path, value: decoded?.text ?? prose.masked }), settings.options, decoded ? decodedOffsets(decoded.at, blocks) : blocks, decoded ? decodedOffsets(decoded.at, breaks) : breaks)
  file.value = text
  const place = location(text)
  if (decoded) for (const message of file.messages) placeInSource(message, decoded.at, text, place)
  // A message's `actual` is the text at its place as written, markup and all
  // (`Corporate **sets** the policy`), not the masked text the rules read.
  for (const message of file.messages) actualInSource(message, text)
  if (settings.kind !== 'text') wholeMarkup(file.messages, text, prose.masked, settings.kind, place)
  silence(file, prose, silenceSettings(settings.options, settings.reportUnusedDisables, settings.knownRuleIds))
  // In the order of the text, as `check` gives them: spelling's messages come after the
  // rules', and a directive that silences nothing is added last.
  sortByPlace(file.messages)
  return file
}

/** Move a message found in decoded HTML to where its words are written in `text`; `actual` is the text as written there. */
function placeInSource(message: VFileMessage, at: readonly number[], text: string, place: ReturnType<typeof location>): void {
  const found = message.place && 'start' in message.place ? message.place : undefined
  if (found?.start.offset === undefined || found.end.offset === undefined) return
  moveTo(message, at[found.start.offset]!, at[found.end.offset]!, text, place)
}

/** Place `message` at `offset`–`endOffset` of `text`; its `actual` is the text there. */
function moveTo(message: VFileMessage, offset: number, endOffset: number, text: string, place: ReturnType<typeof location>): void {
  const start = place.toPoint(offset)
  const end = place.toPoint(endOffset)
  if (!start || !end) return
  message.place = { start, end }
  message.line = start.line
  message.column = start.column
  message.name = `${start.line}:${start.column}-${end.line}:${end.column}`
  message.actual = text.slice(offset, endOffset)
}

/**
 * A phrase that ends in a link's text or in emphasis (`Corporate sets the [policy](…)`)
 * holds what opens the markup and not what closes it: its span takes in the rest of the
 * element when no other word stands there (see inline.ts), so `actual` is whole markup.
 * The document's inline elements are read only when a message's span holds markup, once.
 */
function wholeMarkup(messages: readonly VFileMessage[], text: string, masked: string, kind: DocumentKind, place: ReturnType<typeof location>): void {
  let index: InlineIndex | undefined
  for (const message of messages) {
    const found = message.place && 'start' in message.place ? message.place : undefined
    const offset = found?.start.offset
    const endOffset = found?.end.offset
    if (offset === undefined || endOffset === undefined || message.actual === undefined || !holdsMarkup(text, masked, offset, endOffset)) continue
    if (!index) {
      const inline: number[] = []
      proseOf(text, kind, inline)
      index = indexInline(inline)
    }
    const wider = widenToMarkup(index, masked, offset, endOffset)
    if (wider.start !== offset || wider.end !== endOffset) moveTo(message, wider.start, wider.end, text, place)
  }
}

/** Whether `text` holds, from `start` to `end`, a character its reader left out of the prose (`masked`): markup. */
function holdsMarkup(text: string, masked: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (text.charCodeAt(at) !== masked.charCodeAt(at)) return true
  return false
}

function actualInSource(message: VFileMessage, text: string): void {
  const found = message.place && 'start' in message.place ? message.place : undefined
  if (found?.start.offset === undefined || found.end.offset === undefined || message.actual === undefined) return
  message.actual = text.slice(found.start.offset, found.end.offset)
}

/**
 * Apply the safe rewrites to a document, repeating until nothing changes (a rewrite can
 * uncover another). Never touches what is not prose (code, quotes, URLs), a silenced
 * message, or a placeholder. Idempotent: fixing the result again changes nothing.
 */
export function fixDocument(path: string | undefined, text: string, settings: DocumentSettings, placeholders: readonly Placeholder[]): { text: string; applied: AppliedFix[] } {
  return fixUntilStable(text, (current) => {
    const prose = proseOf(current, settings.kind)
    const masked = prose.masked
    const file = lintProse(path, current, prose, { ...settings, reportUnusedDisables: false })
    const isProtected = overlapTest(placeholderSpans(current, placeholders))
    const messages = file.messages.map(toOwnitMessage)
    const edits = messages
      .filter((message) => message.fix && message.expected.length > 0)
      .filter((message) => masked.slice(message.offset, message.endOffset) === current.slice(message.offset, message.endOffset))
      // A span written with character references (`can&rsquo;t`) is left for the writer.
      .filter((message) => settings.kind === 'text' || !current.slice(message.offset, message.endOffset).includes('&'))
      .filter((message) => !isProtected(message.offset, message.endOffset))
      .map((message) => ({ start: message.offset, end: message.endOffset, text: message.expected[0]!, ruleId: message.ruleId, actual: message.actual }))
    return { edits, stoppedAt: messages.find((message) => message.ruleId === stoppedId)?.offset }
  })
}

function placeholderSpans(text: string, placeholders: readonly Placeholder[]): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = []
  for (const { open, close } of placeholders) {
    let from = 0
    for (;;) {
      const start = text.indexOf(open, from)
      if (start < 0) break
      const end = text.indexOf(close, start + open.length)
      if (end < 0) break
      spans.push({ start, end: end + close.length })
      from = end + close.length
    }
  }
  return spans
}
