/**
 * HTML replies, parsed with rehype-parse: only text nodes are prose, except inside
 * `script`, `style`, `code`, `pre`, `kbd`, `samp`, `blockquote`, `head` and `title`, and
 * URLs. The text of a `textarea` and the content of a `template` are prose: macros and
 * canned replies kept as HTML hold the reply there. A textarea's text is raw text to the
 * parser, but what a page keeps there is a reply's HTML (`&lt;p&gt;…` or written as is), so
 * it is read as HTML in its turn: its tags are not prose and its blocks bound phrases. Block elements (`p`, `li`, `td`,
 * `div`, `br`, headings…) bound phrases: no phrase is matched across one, and a URL in the
 * text is a clause break (see `blankUrls`). Directives are comments: `<!-- ownit-disable -->`.
 */
import type { Nodes, Root } from 'hast'
import rehypeParse from 'rehype-parse'
import { unified } from 'unified'
import { readComment, type Directive, type MisspeltDirective } from '../directives.js'
import { decodeEntities } from './entities.js'
import { blank, keep, quotedTailStart, readerProse, type Span } from './mask.js'
import type { Prose } from './prose.js'

const parser = unified().use(rehypeParse, { fragment: true }).freeze()

const skipped = new Set(['script', 'style', 'code', 'pre', 'kbd', 'samp', 'blockquote', 'head', 'title'])

/**
 * Elements that start a block of their own (or a line, `br`): the words before one and
 * the words in or after it are never one phrase. The rest (`span`, `b`, `a`, `font`…) are
 * inline: `<b>not</b> my fault` is one phrase.
 */
const blockElements = new Set([
  'address', 'article', 'aside', 'body', 'br', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'optgroup', 'option', 'p', 'section', 'summary', 'table', 'tbody',
  'td', 'template', 'textarea', 'tfoot', 'th', 'thead', 'tr', 'ul'
])

const singleTag = /^<\/?([A-Za-z][A-Za-z\d-]*)(?:[\s/][^<>]*)?>$/

/** What `htmlFragmentProse` finds: prose spans, where blocks start and end, and (when given) directives, misspelt ones and inline elements. */
export interface HtmlFinds {
  prose: Span[]
  blocks: number[]
  directives?: Directive[] | undefined
  /** Comments that read as directives with a misspelt keyword; collected only when given. */
  misspelt?: MisspeltDirective[] | undefined
  /** Inline elements (`<b>`, `<a>`…), four offsets each (see inline.ts); collected only when given. */
  inline?: number[] | undefined
}

/**
 * Parse `html`, which stands at `offset` in a document, and add its prose spans, its block
 * boundaries and (when `found.directives` and `found.misspelt` are given) its directives
 * and the comments that read as misspelt ones, as offsets in the document. Markdown reads the HTML written in it with this too.
 */
export function htmlFragmentProse(html: string, offset: number, found: HtmlFinds): void {
  // One tag alone (Markdown's inline HTML: `<b>`, `</span>`, `<br>`) holds no text: not parsed.
  const tag = singleTag.exec(html)
  if (tag) {
    if (blockElements.has(tag[1]!.toLowerCase())) found.blocks.push(offset, offset + html.length)
    return
  }
  addProse(html, (local) => offset + local, found)
}

/** Parse `html` and add what it holds to `found`; `place` gives the document offset of each of its offsets. */
function addProse(html: string, place: (local: number) => number, found: HtmlFinds): void {
  const visit = (node: Nodes): void => {
    if (node.type === 'element' && skipped.has(node.tagName)) return
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (node.type === 'text' && start !== undefined && end !== undefined) {
      found.prose.push({ start: place(start), end: place(end) })
    } else if (node.type === 'comment' && start !== undefined && end !== undefined) {
      // The comment's text starts after `<!--`.
      if (found.directives && found.misspelt) readComment(node.value, place(start), place(end), (index) => place(start + 4 + index), { directives: found.directives, misspelt: found.misspelt })
    } else if ('children' in node) {
      const block = node.type === 'element' && blockElements.has(node.tagName)
      if (block && start !== undefined) found.blocks.push(place(start))
      if (found.inline && !block && node.type === 'element') addInline(node.children, start, end, place, found.inline)
      if (node.type === 'element' && node.tagName === 'textarea') addTextarea(html, node.children, place, found)
      else for (const child of node.children) visit(child as Nodes)
      // A template's children are not in `children` but in a fragment of their own, whose
      // places still point into the file.
      if (node.type === 'element' && node.content) visit(node.content)
      if (block && end !== undefined) found.blocks.push(place(end))
    }
  }
  visit(parser.parse(html) as Root)
}

/** Add an inline element, from `start` to `end`, whose content is `children`, to `inline`. */
function addInline(children: readonly Nodes[], start: number | undefined, end: number | undefined, place: (local: number) => number, inline: number[]): void {
  const contentStart = children[0]?.position?.start.offset
  const contentEnd = children[children.length - 1]?.position?.end.offset
  if (start === undefined || end === undefined || contentStart === undefined || contentEnd === undefined) return
  inline.push(place(start), place(contentStart), place(contentEnd), place(end))
}

/**
 * A textarea's text (one raw text node: `<b>` in it is not an element to the parser) read
 * as the HTML it holds. Its references are decoded first, as a browser shows them
 * (`&lt;p&gt;Sorry…` is `<p>Sorry…`), each character placed where it is written.
 */
function addTextarea(html: string, children: readonly Nodes[], place: (local: number) => number, found: HtmlFinds): void {
  for (const child of children) {
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    if (child.type !== 'text' || start === undefined || end === undefined) continue
    const raw = html.slice(start, end)
    // Plain words need no second parse: most textareas hold a reply without markup.
    if (!raw.includes('<') && !raw.includes('&')) found.prose.push({ start: place(start), end: place(end) })
    else {
      const { text, at } = decodeEntities(raw)
      addProse(text, (local) => place(start + at[local]!), found)
    }
  }
}

/** The prose of an HTML document; its inline elements are added to `inline` when given (see inline.ts). */
export function htmlProse(text: string, inline?: number[]): Prose {
  const found: HtmlFinds = { prose: [], blocks: [], directives: [], misspelt: [], inline }
  htmlFragmentProse(text, 0, found)
  const kept = keep(text, found.prose)
  const tail = quotedTailStart(kept)
  const masked = tail >= 0 ? blank(kept, [{ start: tail, end: text.length }]) : kept
  return readerProse(text, masked, { directives: found.directives!, misspelt: found.misspelt!, blocks: found.blocks })
}
