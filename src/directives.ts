/**
 * Inline control: `ownit-disable`, `ownit-enable` and `ownit-disable-next-line`, each
 * optionally followed by rule ids. Pure: directives are found by the input adapters (in
 * HTML comments, or in `#`/`//` comment lines of plain text) and applied here to the
 * messages of a file.
 */
import type { VFileMessage } from 'vfile-message'

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line'

export interface Directive {
  kind: DirectiveKind
  /** The rule ids named; empty means every rule. */
  ruleIds: string[]
  /** Where the comment is, as offsets into the original text. */
  start: number
  end: number
}

const directivePattern = /^\s*ownit-(disable-next-line|disable|enable)(?=\s|$)([^]*)$/

/**
 * Read a directive from the text of a comment (without its delimiters), or undefined when
 * the comment is not one. Rule ids are separated by spaces or commas; anything after `--`
 * is a free description.
 */
export function parseDirective(comment: string, start: number, end: number): Directive | undefined {
  const match = directivePattern.exec(comment)
  if (!match) return undefined
  const rest = match[2]!.split('--')[0]!
  const ruleIds = rest.split(/[\s,]+/).filter((id) => id.length > 0)
  return { kind: match[1] as DirectiveKind, ruleIds, start, end }
}

export interface DirectiveResult {
  /** The messages no directive silenced, in their original order. */
  kept: VFileMessage[]
  /** `disable` and `disable-next-line` directives that silenced nothing. */
  unused: Directive[]
}

/**
 * Drop the messages that directives silence. `lineOf` maps an offset of the original
 * text to its 1-based line. A message without a place or a rule id is always kept.
 */
export function applyDirectives(messages: readonly VFileMessage[], directives: readonly Directive[], lineOf: (offset: number) => number): DirectiveResult {
  const sorted = [...directives].sort((a, b) => a.start - b.start)
  const used = new Set<Directive>()
  const kept = messages.filter((message) => {
    const offset = startOffset(message)
    if (offset === undefined || !message.ruleId) return true
    const silencer = silencerOf(sorted, message.ruleId, offset, message.line ?? lineOf(offset), lineOf)
    if (silencer) used.add(silencer)
    return !silencer
  })
  const unused = sorted.filter((directive) => directive.kind !== 'enable' && !used.has(directive))
  return { kept, unused }
}

function startOffset(message: VFileMessage): number | undefined {
  const place = message.place
  if (!place) return undefined
  return 'start' in place ? place.start.offset : place.offset
}

function silencerOf(directives: readonly Directive[], ruleId: string, offset: number, line: number, lineOf: (offset: number) => number): Directive | undefined {
  let all: Directive | undefined
  const byId = new Map<string, Directive | undefined>()
  let nextLine: Directive | undefined
  for (const directive of directives) {
    if (directive.end > offset) break
    const names = directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId)
    switch (directive.kind) {
      case 'disable-next-line':
        if (names && lineOf(directive.end) + 1 === line) nextLine = directive
        break
      case 'disable':
        if (directive.ruleIds.length === 0) {
          all = directive
          byId.clear()
        } else if (names) {
          byId.set(ruleId, directive)
        }
        break
      case 'enable':
        if (directive.ruleIds.length === 0) {
          all = undefined
          byId.clear()
        } else if (names) {
          // Enabled by name: stays on even inside a disable-everything block.
          byId.set(ruleId, undefined)
        }
        break
    }
  }
  if (nextLine) return nextLine
  return byId.has(ruleId) ? byId.get(ruleId) : all
}
