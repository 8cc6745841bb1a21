/**
 * Markdown replies, parsed with remark-parse: only the text of paragraphs, headings,
 * lists, emphasis and link text is prose. Code, inline code, HTML, images, link
 * targets, URLs, front matter and quoted e-mail (`>` blocks, the "On … wrote:" tail) are
 * not. Directives are HTML comments: `<!-- ownit-disable-next-line not-my-fault -->`.
 */
import type { Nodes, Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { parseDirective, type Directive } from '../directives.js'
import { blank, keep, quotedTailStart, urlSpans, type Span } from './mask.js'
import type { Prose } from './prose.js'

const parser = unified().use(remarkParse).freeze()

const frontMatterPattern = /^(---|\+\+\+)[ \t]*\r?\n[^]*?\r?\n\1[ \t]*(?:\r?\n|$)/
const commentPattern = /<!--([^]*?)-->/g
/** Nodes whose whole subtree is not prose. */
const skipped = new Set(['code', 'inlineCode', 'blockquote', 'image', 'imageReference', 'definition', 'footnoteDefinition', 'yaml', 'toml', 'math', 'inlineMath'])

export function markdownProse(text: string): Prose {
  const frontMatter = frontMatterPattern.exec(text)
  const body = frontMatter ? blank(text, [{ start: 0, end: frontMatter[0].length }]) : text
  const tree = parser.parse(body) as Root
  const prose: Span[] = []
  const directives: Directive[] = []
  const visit = (node: Nodes): void => {
    if (skipped.has(node.type)) return
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (node.type === 'text' && start !== undefined && end !== undefined) {
      prose.push({ start, end })
    } else if (node.type === 'html' && start !== undefined && end !== undefined) {
      const source = text.slice(start, end)
      for (const match of source.matchAll(commentPattern)) {
        const directive = parseDirective(match[1]!, start + match.index, start + match.index + match[0].length)
        if (directive) directives.push(directive)
      }
    } else if ('children' in node) {
      for (const child of node.children) visit(child as Nodes)
    }
  }
  visit(tree)
  const notProse = urlSpans(text)
  const tail = quotedTailStart(body)
  if (tail >= 0) notProse.push({ start: tail, end: text.length })
  return { masked: blank(keep(text, prose), notProse), directives }
}
