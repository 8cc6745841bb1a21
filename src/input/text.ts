/**
 * Plain text replies: quoted e-mail (`>` lines and the "On … wrote:" tail), URLs and
 * comment lines are not prose; a URL between words is a clause break. A comment line starts with `#` or `//` followed by an
 * ownit directive, like `# ownit-disable-next-line not-my-fault`, or by what reads as one
 * with its keyword misspelt (`# ownit-disabel not-my-fault`, reported).
 */
import { readComment, type Directive, type MisspeltDirective } from '../directives.js'
import { blank, quotedTailStart, readerProse, type Span } from './mask.js'
import type { Prose } from './prose.js'

/** A line starting with `#` or `//` and then a letter: a directive, or a misspelt one, or neither (`#BlackFriday`). */
const commentPattern = /^([ \t]*(?:#|\/\/)[ \t]*)([A-Za-z][^\r\n]*)$/gm
const quotePattern = /^[ \t]*>[^\n]*$/gm

export function textProse(text: string): Prose {
  const spans: Span[] = []
  const directives: Directive[] = []
  const misspelt: MisspeltDirective[] = []
  // What every match has is looked for first: most replies have no comment line and no quoted line.
  if (text.includes('#') || text.includes('//')) for (const match of text.matchAll(commentPattern)) {
    const start = match.index
    const end = start + match[0].length
    const commentStart = start + match[1]!.length
    // A directive's line, or a misspelt one's, is not prose.
    if (readComment(match[2]!, start, end, (index) => commentStart + index, { directives, misspelt })) spans.push({ start, end })
  }
  addQuoted(text, spans)
  return readerProse(text, blank(text, spans), { directives, misspelt })
}

/**
 * A turn of a conversation transcript (`ownit score`), read as `textProse` reads a reply
 * but with no directives: quoted e-mail and URLs are not prose, a URL between words is a
 * clause break. A transcript holds what was sent, so a line that reads as a directive was
 * sent to the customer too, and is scored as the prose it was.
 */
export function turnProse(text: string): Prose {
  const spans: Span[] = []
  addQuoted(text, spans)
  return readerProse(text, blank(text, spans), { directives: [], misspelt: [] })
}

/** Add to `spans` the quoted `>` lines of `text` and its quoted e-mail tail ("On … wrote:" and all after it). */
function addQuoted(text: string, spans: Span[]): void {
  if (text.includes('>')) for (const match of text.matchAll(quotePattern)) spans.push({ start: match.index, end: match.index + match[0].length })
  const tail = quotedTailStart(text)
  if (tail >= 0) spans.push({ start: tail, end: text.length })
}
