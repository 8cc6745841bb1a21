/**
 * Messages about a text rather than from a rule of a pack: where checking stopped, and a
 * directive that silences nothing.
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import type { Severity } from './types.js'

/**
 * A message about the text rather than from a rule (where checking stopped, a directive
 * that silences nothing): category `structure`, never fixed, its coaching also its note.
 */
export function structureMessage(
  file: VFile,
  reason: string,
  fields: { ruleId: string; severity: Severity; place: { start: Point; end: Point } | undefined; why: string; actual: string; expected: string[] }
): void {
  const message = file.message(reason, { place: fields.place, ruleId: fields.ruleId, source: 'ownit' })
  message.category = 'structure'
  message.severity = fields.severity
  message.why = fields.why
  message.note = fields.why
  message.actual = fields.actual
  message.expected = fields.expected
  message.fix = false
  message.fatal = fields.severity === 'error' ? true : fields.severity === 'warning' ? false : undefined
}
