/**
 * Markdown replies, parsed with remark-parse: only the text of paragraphs, headings,
 * lists, table cells, emphasis and link text is prose, and the text of the HTML written in
 * them, read as in an HTML file (`htmlFragmentProse`). Code, inline code, tags, images,
 * link targets, URLs, front matter and quoted e-mail (`>` blocks, the "On … wrote:" tail)
 * are not. Each block bounds phrases: no phrase is matched across two list items, two
 * table cells (`|`) or a heading and the line after it, and a bare URL or autolink in the
 * prose is a clause break (see `blankUrls`). Directives are HTML comments:
 * `<!-- ownit-disable-next-line not-my-fault -->`.
 */
import type { Nodes, Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { readComment, type Directive, type DirectiveFinds, type MisspeltDirective } from '../directives.js'
import { megabytes } from '../limits.js'
import { htmlFragmentProse, type HtmlFinds } from './html.js'
import { blank, keep, quotedTailStart, readerProse } from './mask.js'
import { NestingError, type Prose } from './prose.js'

const parser = unified().use(remarkParse).freeze()

const frontMatterPattern = /^(---|\+\+\+)[ \t]*\r?\n[^]*?\r?\n\1[ \t]*(?:\r?\n|$)/
const commentPattern = /<!--([^]*?)-->/g
/** Blocks that hold words: each bounds phrases (the HTML in one bounds them at its own block elements). */
const leafBlocks = new Set(['paragraph', 'heading', 'tableCell'])
/** Inline elements with words inside: a message's span that cuts one may take in the rest (inline.ts). */
const inlineElements = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference'])
/** Nodes whose whole subtree is not prose. */
const skipped = new Set(['code', 'inlineCode', 'blockquote', 'image', 'imageReference', 'definition', 'footnoteDefinition', 'yaml', 'toml', 'math', 'inlineMath'])

/** Documents longer than twice this are parsed in pieces of about this size (see `blockCuts`). */
export const markdownPieceChars = 32 * 1024
/**
 * A piece may be no longer than this. micromark's time grows with the square of a
 * paragraph's emphasis marks and its memory with the blocks of a piece: 870 KB of lines
 * with `*em*` and no blank line took 3 s, 1.8 MB 9 s, 3.5 MB minutes; a 22 MB list with
 * no blank line ran out of memory.
 */
export const maxPieceChars = 1024 * 1024

/**
 * The prose of a Markdown document (and its inline elements, added to `inline` when given:
 * see inline.ts). Long documents are parsed piece by piece, cut where
 * no block can run on (`blockCuts`): micromark's time grows faster than the length of
 * one long document (190 KB of nested lists took 9 s, 4 MB four and a half minutes),
 * and the prose found is the same.
 */
export function markdownProse(text: string, pieceChars = markdownPieceChars, inline?: number[]): Prose {
  const frontMatter = frontMatterPattern.exec(text)
  const body = frontMatter ? blank(text, [{ start: 0, end: frontMatter[0].length }]) : text
  const found: HtmlFinds = { prose: [], blocks: [], inline }
  const directives: Directive[] = []
  const misspelt: MisspeltDirective[] = []
  let start = 0
  // A link reference may be defined in one piece and used in another: such documents are
  // parsed whole.
  const cuts = body.length > 2 * pieceChars && !referenceDefinition.test(body) ? blockCuts(body, pieceChars) : []
  for (const end of [...cuts, body.length]) {
    if (end - start > maxPieceChars) throw new NestingError(`${megabytes(end - start)} MB in one piece, more than the ${megabytes(maxPieceChars)} MB read as Markdown at once (pieces end at a blank line before a paragraph, heading or list item; a file that defines link references is one piece); --type text reads it as plain text`)
    proseOfPiece(text, body, start, end, found, { directives, misspelt })
    start = end
  }
  const tail = quotedTailStart(body)
  const kept = keep(text, found.prose)
  const masked = tail >= 0 ? blank(kept, [{ start: tail, end: text.length }]) : kept
  return readerProse(text, masked, { directives, misspelt, blocks: found.blocks })
}

/** Parse `body.slice(start, end)` and add its prose, blocks and directives (and misspelt ones), as offsets in the whole text. */
function proseOfPiece(text: string, body: string, start: number, end: number, found: HtmlFinds, comments: Required<DirectiveFinds>): void {
  const tree = parser.parse(body.slice(start, end)) as Root
  // `phrasing`: inside a paragraph, heading or cell, where HTML is inline.
  const visit = (node: Nodes, phrasing: boolean): void => {
    if (skipped.has(node.type)) return
    const from = node.position?.start.offset
    const to = node.position?.end.offset
    const leaf = leafBlocks.has(node.type)
    if (leaf && from !== undefined) found.blocks.push(start + from)
    if (node.type === 'text' && from !== undefined && to !== undefined) {
      found.prose.push({ start: start + from, end: start + to })
      // A table's cells (`| Head office | Sets the policy |`): each pipe bounds phrases.
      // (Tables are GitHub's Markdown, read here as paragraphs; `\|` is a pipe in a cell.)
      const source = body.slice(start + from, start + to)
      for (let at = source.indexOf('|'); at >= 0; at = source.indexOf('|', at + 1)) {
        if (source.charCodeAt(at - 1) !== 92) found.blocks.push(start + from + at)
      }
    } else if (node.type === 'html' && from !== undefined && to !== undefined) {
      const source = text.slice(start + from, start + to)
      for (const match of source.matchAll(commentPattern)) {
        const at = start + from + match.index
        // The comment's text starts after `<!--`.
        readComment(match[1]!, at, at + match[0].length, (index) => at + 4 + index, comments)
      }
      // Readers see the text of HTML blocks (`<p>…</p>`, `<details>…`), which is a block
      // of its own, and of inline tags.
      if (!phrasing) found.blocks.push(start + from, start + to)
      htmlFragmentProse(source, start + from, found)
    } else if ('children' in node) {
      if (found.inline && inlineElements.has(node.type) && from !== undefined && to !== undefined) {
        const contentStart = node.children[0]?.position?.start.offset
        const contentEnd = node.children[node.children.length - 1]?.position?.end.offset
        if (contentStart !== undefined && contentEnd !== undefined) found.inline.push(start + from, start + contentStart, start + contentEnd, start + to)
      }
      if (found.inline && (phrasing || leaf)) pairInlineTags(node.children as Nodes[], start, found.inline)
      for (const child of node.children) visit(child as Nodes, phrasing || leaf)
    }
  }
  visit(tree, false)
}

/** An opening or closing tag alone, as Markdown keeps inline HTML (`<b>`, `</b>`: two nodes). */
const inlineTag = /^<(\/?)([A-Za-z][A-Za-z\d-]*)(?:\s[^<>]*)?>$/

/**
 * Add to `inline` the inline HTML elements written in a paragraph's `children` (offsets
 * from `start`): each opening tag with the closing tag of its name after it.
 */
function pairInlineTags(children: readonly Nodes[], start: number, inline: number[]): void {
  const open: Array<{ name: string; from: number; to: number }> = []
  for (const child of children) {
    const from = child.position?.start.offset
    const to = child.position?.end.offset
    const tag = child.type === 'html' && from !== undefined && to !== undefined ? inlineTag.exec(child.value) : null
    if (!tag) continue
    const name = tag[2]!.toLowerCase()
    if (!tag[1]) open.push({ name, from: from!, to: to! })
    else {
      let at = open.length - 1
      while (at >= 0 && open[at]!.name !== name) at--
      if (at < 0) continue
      inline.push(start + open[at]!.from, start + open[at]!.to, start + from!, start + to!)
      open.length = at
    }
  }
}

const referenceDefinition = /^ {0,3}\[[^\]\n]+\]:/m
const fencePattern = /^ {0,3}(`{3,}|~{3,})/
/**
 * Lines a piece may start with: a paragraph (a letter or digit in the first column), an
 * ATX heading, a list item with words on its first line. (Not an empty list item, a `>`,
 * HTML or a rule: what they are can depend on what came before.)
 */
const cutLine = /^(?:[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S|#{1,6}(?:[ \t]|$)|(?!\d{1,9}[.)])[\p{L}\p{N}])/u
/** HTML blocks that run on over blank lines (CommonMark kinds 1–5), with what ends each. */
const htmlBlocks: Array<{ start: RegExp; end: RegExp }> = [
  { start: /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i },
  { start: /^ {0,3}<!--/, end: /-->/ },
  { start: /^ {0,3}<\?/, end: /\?>/ },
  { start: /^ {0,3}<![A-Za-z]/, end: />/ },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/ }
]

/**
 * Offsets, about `size` apart, where a Markdown document can be cut and each piece parsed
 * on its own to the same prose: the start of a line that follows a blank line and begins
 * a paragraph, heading or list item in its first column (`cutLine`), outside fenced code
 * and outside HTML blocks that run on over blank lines. Such a line ends every open block:
 * a paragraph, a block quote, a list item's content (which would be indented); a list it
 * starts anew is still a list.
 */
export function blockCuts(body: string, size: number): number[] {
  const cuts: number[] = []
  let last = 0
  let fence: { char: string; length: number } | undefined
  let html: RegExp | undefined
  let previousBlank = false
  for (let start = 0; start < body.length; ) {
    const newline = body.indexOf('\n', start)
    const end = newline < 0 ? body.length : newline
    const line = body.slice(start, end)
    const isBlank = line.trim() === ''
    if (fence) {
      const close = fencePattern.exec(line)
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length && line.slice(close[0].length).trim() === '') fence = undefined
    } else if (html) {
      if (html.test(line)) html = undefined
    } else {
      if (previousBlank && cutLine.test(line) && start - last >= size) {
        cuts.push(start)
        last = start
      }
      const open = fencePattern.exec(line)
      if (open && !(open[1]![0] === '`' && line.slice(open[0].length).includes('`'))) fence = { char: open[1]![0]!, length: open[1]!.length }
      else {
        const block = htmlBlocks.find((kind) => kind.start.test(line))
        if (block && !block.end.test(line.replace(block.start, ''))) html = block.end
      }
    }
    previousBlank = isBlank
    start = end + 1
  }
  return cuts
}
