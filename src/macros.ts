/**
 * Lint and fix macro exports and templates: each text field is linted on its own (a phrase
 * never runs from one macro into the next), HTML fields as HTML, with template syntax left
 * alone and conditionals linted branch by branch. Every message points into the original
 * file and names its macro; a fix is escaped for the way its field is written, and never
 * touches a placeholder.
 */
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { VFileMessage } from 'vfile-message'
import { lintFile } from './compiled.js'
import { pushAll } from './arrays.js'
import { applyDirectives } from './directives.js'
import { fixUntilStable, type AppliedFix, type FixEdit } from './fix.js'
import { stoppedId } from './limits.js'
import type { FieldStyle, MacroField, MacroSource } from './input/macros.js'
import { blockOffsets } from './blocks.js'
import { decodedOffsets, decodeEntities } from './input/entities.js'
import { overlapTest } from './input/mask.js'
import { proseOf } from './input/prose.js'
import { parseTemplate } from './input/template.js'
import type { Options } from './plugin.js'
import { toOwnitMessage } from './ownit-message.js'
import { describeMacro } from './report/macro.js'
import { reportDirectives, silenceSettings, type SilenceSettings } from './silence.js'

interface FieldMessage {
  message: VFileMessage
  field: MacroField
  /** Offsets in the field's decoded value. */
  offset: number
  endOffset: number
  /** The decoded value here is prose (not markup, not a URL, not a placeholder). */
  fixable: boolean
}

/**
 * Lint every field of a macro source; the file holds the original text.
 * `reportUnusedDisables` and `knownRuleIds`: as for documents (`DocumentSettings`).
 */
export function lintMacros(path: string, text: string, source: MacroSource, options: Readonly<Options>, reportUnusedDisables = false, knownRuleIds?: () => readonly string[]): VFile {
  const file = new VFile({ path, value: text })
  const place = location(text)
  const directives = silenceSettings(options, reportUnusedDisables, knownRuleIds)
  for (const { message, field, offset, endOffset } of fieldMessages(source, options, directives)) {
    const start = place.toPoint(field.starts[offset] ?? 0)
    const end = place.toPoint(field.starts[endOffset] ?? field.starts[field.starts.length - 1] ?? 0)
    message.place = start && end ? { start, end } : start
    message.line = start?.line
    message.column = start?.column
    message.file = path
    message.name = `${start?.line ?? 1}:${start?.column ?? 1}`
    // A template file is its own macro; a field of an export names its macro.
    if (field.style !== 'raw') {
      message.macro = { ...(field.title === undefined ? {} : { title: field.title }), ...(field.id === undefined ? {} : { id: field.id }), field: field.field }
      // The stylish output shows the note: say which macro first.
      message.note = `In ${describeMacro(message.macro)}\n${message.note ?? ''}`.trimEnd()
    }
    file.messages.push(message)
  }
  file.messages.sort((a, b) => offsetOf(a) - offsetOf(b))
  return file
}

/**
 * Apply the safe rewrites to a macro source's file, repeating until nothing changes.
 * `read` reads the fields again from the new text.
 */
export function fixMacros(text: string, read: (text: string) => MacroSource, options: Readonly<Options>): { text: string; applied: AppliedFix[] } {
  return fixUntilStable(text, (current) => {
    const edits: FixEdit[] = []
    let stopped = false
    for (const { message, field, offset, endOffset, fixable } of fieldMessages(read(current), options)) {
      if (message.ruleId === stoppedId) stopped = true
      const replacement = message.expected?.[0]
      if (!fixable || message.fix !== true || replacement === undefined) continue
      const start = field.starts[offset]!
      const end = field.starts[endOffset]!
      // Only where the file holds the very characters linted: no escape, no folding.
      if (current.slice(start, end) !== field.value.slice(offset, endOffset)) continue
      const escaped = escapeFor(field.style, field.html, replacement)
      if (escaped === undefined) continue
      edits.push({ start, end, text: escaped, ruleId: message.ruleId ?? 'unknown', actual: current.slice(start, end) })
    }
    // Each field stops on its own: no one offset says where (see `FixPass`).
    return { edits, stoppedAt: stopped ? Infinity : undefined }
  })
}

function offsetOf(message: VFileMessage): number {
  const place = message.place
  const point = place && 'start' in place ? place.start : place
  return point?.offset ?? 0
}

/** The messages of every field, each found once however many branches show it; with `directives`, also what `reportDirectives` says of its directives. */
function fieldMessages(source: MacroSource, options: Readonly<Options>, directives?: SilenceSettings): FieldMessage[] {
  const all: FieldMessage[] = []
  for (const field of source.fields) {
    // Directives work inside a field too: `<!-- ownit-disable not-my-fault -->` in HTML.
    const found = proseOf(field.value, field.html ? 'html' : 'text')
    const { masked: prose, directives: fieldDirectives, blocks, breaks = [] } = found
    const sortedBlocks = blockOffsets(blocks ?? [])
    const template = parseTemplate(field.value)
    const inPlaceholders = overlapTest(template.placeholders)
    const seen = new Set<string>()
    const messages: FieldMessage[] = []
    for (const view of template.views) {
      const masked = combine(field.value, prose, view)
      // Helpdesk editors write `can&rsquo;t` and `&nbsp;`: lint the characters they stand for.
      const decoded = field.html ? decodeEntities(masked) : { text: masked, at: undefined }
      const file = lintFile(new VFile({ value: decoded.text }), options, decoded.at ? decodedOffsets(decoded.at, sortedBlocks) : sortedBlocks, decoded.at ? decodedOffsets(decoded.at, breaks) : breaks)
      for (const message of file.messages) {
        const found = toOwnitMessage(message)
        const offset = decoded.at ? decoded.at[found.offset]! : found.offset
        const endOffset = decoded.at ? decoded.at[found.endOffset]! : found.endOffset
        message.place = { start: { line: found.line, column: found.column, offset }, end: { line: found.endLine, column: found.endColumn, offset: endOffset } }
        const key = `${message.ruleId}:${offset}:${endOffset}`
        if (seen.has(key)) continue
        seen.add(key)
        const inPlaceholder = inPlaceholders(offset, endOffset)
        // The field's text at the place as its author wrote it (`can&rsquo;t`, line breaks,
        // double spaces), as a document's `actual` is: the file holds it under only its JSON
        // or YAML quoting (`\n`, `\u2019`, a block's indent), where the place points.
        message.actual = field.value.slice(offset, endOffset)
        if (inPlaceholder) message.fix = false
        const fixable = !inPlaceholder && prose.slice(offset, endOffset) === field.value.slice(offset, endOffset)
        messages.push({ message, field, offset, endOffset, fixable })
      }
    }
    if (fieldDirectives.length === 0 && !found.misspelt?.length) {
      pushAll(all, messages)
      continue
    }
    const place = location(field.value)
    const applied = applyDirectives(messages.map(({ message }) => message), fieldDirectives, (offset) => place.toPoint(offset)?.line ?? 1)
    const kept = new Set(applied.kept)
    pushAll(all, messages.filter(({ message }) => kept.has(message)))
    if (!directives) continue
    const file = new VFile({ value: field.value })
    reportDirectives(file, found, applied.unused, directives, place)
    for (const message of file.messages) {
      const placed = message.place && 'start' in message.place ? message.place : undefined
      all.push({ message, field, offset: placed?.start.offset ?? 0, endOffset: placed?.end.offset ?? 0, fixable: false })
    }
  }
  return all
}

/** Prose from the field's markup, placeholders and branches from the template view. */
function combine(value: string, prose: string, view: string): string {
  let result = ''
  for (let index = 0; index < value.length; index++) result += prose[index] === value[index] ? view[index] : prose[index]
  return result
}

/** The replacement as the field's style writes it, or undefined when it cannot be written safely. */
function escapeFor(style: FieldStyle, html: boolean, text: string): string | undefined {
  if (/[\r\n]/.test(text)) return undefined
  const escaped = html ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text
  switch (style) {
    case 'double':
      return JSON.stringify(escaped).slice(1, -1)
    case 'single':
      return escaped.replace(/'/g, "''")
    case 'plain':
      return /: | #|^[-?:,[\]{}#&*!|>'"%@`]/.test(escaped) ? undefined : escaped
    default:
      return escaped
  }
}
