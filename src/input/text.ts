/**
 * Plain text replies: quoted e-mail (`>` lines and the "On … wrote:" tail), URLs and
 * comment lines are not prose. A comment line starts with `#` or `//` followed by an
 * ownit directive, like `# ownit-disable-next-line not-my-fault`.
 */
import { pushAll } from '../arrays.js'
import { parseDirective, type Directive } from '../directives.js'
import { blank, quotedTailStart, urlSpans, type Span } from './mask.js'
import type { Prose } from './prose.js'

const commentPattern = /^([ \t]*(?:#|\/\/)[ \t]*)(ownit-[^\r\n]*)$/gm
const quotePattern = /^[ \t]*>[^\n]*$/gm

export function textProse(text: string): Prose {
  const spans: Span[] = []
  const directives: Directive[] = []
  // What every match has is looked for first: most replies have no directive and no quoted line.
  if (text.includes('ownit-')) for (const match of text.matchAll(commentPattern)) {
    const start = match.index
    const end = start + match[0].length
    const directive = parseDirective(match[2]!, start, end)
    if (directive) {
      directives.push(directive)
      spans.push({ start, end })
    }
  }
  if (text.includes('>')) for (const match of text.matchAll(quotePattern)) spans.push({ start: match.index, end: match.index + match[0].length })
  const tail = quotedTailStart(text)
  if (tail >= 0) spans.push({ start: tail, end: text.length })
  pushAll(spans, urlSpans(text))
  return { masked: blank(text, spans), directives }
}
