/**
 * HTML replies, parsed with rehype-parse: only text nodes are prose, except inside
 * `script`, `style`, `code`, `pre`, `kbd`, `samp`, `blockquote`, `head` and `title`, and
 * URLs. The text of a `textarea` and the content of a `template` are prose: macros and
 * canned replies kept as HTML hold the reply there. Directives are comments:
 * `<!-- ownit-disable -->`.
 */
import type { Nodes, Root } from 'hast'
import rehypeParse from 'rehype-parse'
import { unified } from 'unified'
import { parseDirective, type Directive } from '../directives.js'
import { blank, keep, quotedTailStart, urlSpans, type Span } from './mask.js'
import type { Prose } from './prose.js'

const parser = unified().use(rehypeParse, { fragment: true }).freeze()

const skipped = new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'blockquote', 'head', 'title'])

export function htmlProse(text: string): Prose {
  const tree = parser.parse(text) as Root
  const prose: Span[] = []
  const directives: Directive[] = []
  const visit = (node: Nodes): void => {
    if (node.type === 'element' && skipped.has(node.tagName)) return
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (node.type === 'text' && start !== undefined && end !== undefined) {
      prose.push({ start, end })
    } else if (node.type === 'comment' && start !== undefined && end !== undefined) {
      const directive = parseDirective(node.value, start, end)
      if (directive) directives.push(directive)
    } else if ('children' in node) {
      for (const child of node.children) visit(child as Nodes)
      // A template's children are not in `children` but in a fragment of their own, whose
      // places still point into the file.
      if (node.type === 'element' && node.content) visit(node.content)
    }
  }
  visit(tree)
  const kept = keep(text, prose)
  const notProse = urlSpans(text)
  const tail = quotedTailStart(kept)
  if (tail >= 0) notProse.push({ start: tail, end: text.length })
  return { masked: blank(kept, notProse), directives }
}
