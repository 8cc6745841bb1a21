/**
 * Boundaries a reader knows and retext does not, put into a parsed text. Block boundaries:
 * retext reads the prose of a Markdown or HTML document as running text, so two list
 * items, two table cells or a heading and the line after it could be one sentence to it.
 * Its sentences are split where a block starts or ends, so that no phrase runs from one
 * block into the next. Clause breaks: a URL in the prose is blanked to white space, and
 * that white space is marked as a break, so that the words on either side do not join.
 */
import type { Paragraph, Root, Sentence } from 'nlcst'

declare module 'nlcst' {
  interface SentenceData {
    /** The sentence starts a block of the document (`splitAtBlocks`): no quotation runs into it from the sentence before, in its paragraph or the one before. */
    blockStart?: boolean
  }
  interface WhiteSpaceData {
    /** The white space stands where a URL or e-mail address was (`markClauseBreaks`): a clause break, as a comma is. */
    clauseBreak?: boolean
  }
}

type SentenceChild = Sentence['children'][number]
type ParagraphChild = Paragraph['children'][number]

/** Sort and dedupe block offsets, once per document. */
export function blockOffsets(blocks: readonly number[]): number[] {
  return [...new Set(blocks)].sort((a, b) => a - b)
}

/**
 * Split the sentences of `tree` at `blocks` (sorted offsets in the text the tree was parsed
 * from, `blockOffsets`): a sentence with a block offset strictly inside it becomes one
 * sentence per side. White space at a split moves out between the sentences, so each still
 * ends with its own last word or mark (a list item without a full stop is not a question
 * because the next item ends with one). Paragraphs are kept; a sentence that starts a block
 * is marked (`SentenceData.blockStart`), the first of a paragraph too, as quotations run
 * from one paragraph of a block of lines to the next (see tokens.ts) but not across
 * blocks. Changes `tree` in place.
 */
export function splitAtBlocks(tree: Root, blocks: readonly number[]): void {
  if (blocks.length === 0) return
  let previousEnd = -1
  for (const node of tree.children) {
    if (node.type !== 'ParagraphNode') continue
    if (hasBlockInside(node, blocks)) {
      const children: ParagraphChild[] = []
      for (const child of node.children) {
        if (child.type === 'SentenceNode' && hasBlockInside(child, blocks)) {
          for (const part of splitSentence(child, blocks)) children.push(part)
        } else {
          children.push(child)
        }
      }
      node.children = children
    }
    previousEnd = markBlockStarts(node.children, blocks, previousEnd)
  }
}

/**
 * Mark each sentence of a paragraph's `children` that a block offset stands before, after
 * the sentence before it (which ends at `previousEnd`, or -1: none). Returns where the
 * paragraph's last sentence ends.
 */
function markBlockStarts(children: readonly ParagraphChild[], blocks: readonly number[], previousEnd: number): number {
  for (const child of children) {
    if (child.type !== 'SentenceNode') continue
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    if (previousEnd >= 0 && start !== undefined) {
      const at = firstAfter(blocks, previousEnd - 1)
      if (at < blocks.length && blocks[at]! <= start) child.data = { ...child.data, blockStart: true }
    }
    if (end !== undefined) previousEnd = end
  }
  return previousEnd
}

/**
 * Mark the white space of a sentence of `tree` that holds one of `breaks` (sorted offsets
 * in the text the tree was parsed from: `Prose.breaks`) as a clause break
 * (`WhiteSpaceData.clauseBreak`). One between two sentences needs none. Changes `tree` in
 * place; a tree with no break in its span is not walked.
 */
export function markClauseBreaks(tree: Root, breaks: readonly number[]): void {
  if (breaks.length === 0) return
  const start = tree.position?.start.offset ?? 0
  let next = firstAfter(breaks, start - 1)
  if (next >= breaks.length || breaks[next]! >= (tree.position?.end.offset ?? Infinity)) return
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue
    for (const sentence of paragraph.children) {
      if (sentence.type !== 'SentenceNode') continue
      for (const child of sentence.children) {
        if (child.type !== 'WhiteSpaceNode' || !child.position) continue
        const from = child.position.start.offset!
        while (next < breaks.length && breaks[next]! < from) next++
        if (next >= breaks.length) return
        if (breaks[next]! < child.position.end.offset!) child.data = { ...child.data, clauseBreak: true }
      }
    }
  }
}

/** Whether a block offset lies strictly inside `node`. */
function hasBlockInside(node: { position?: { start: { offset?: number | undefined }; end: { offset?: number | undefined } } | undefined }, blocks: readonly number[]): boolean {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return false
  const at = firstAfter(blocks, start)
  return at < blocks.length && blocks[at]! < end
}

/** Index of the first offset in `sorted` greater than `value`. */
function firstAfter(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! <= value) low = middle + 1
    else high = middle
  }
  return low
}

/** The parts of `sentence` between block offsets, with the white space between them. */
function splitSentence(sentence: Sentence, blocks: readonly number[]): ParagraphChild[] {
  const out: ParagraphChild[] = []
  let part: SentenceChild[] = []
  let next = firstAfter(blocks, sentence.position!.start.offset!)
  const flush = (): void => {
    let first = 0
    let last = part.length
    while (first < last && part[first]!.type === 'WhiteSpaceNode') first++
    while (last > first && part[last - 1]!.type === 'WhiteSpaceNode') last--
    for (let index = 0; index < first; index++) out.push(part[index] as ParagraphChild)
    if (last > first) {
      const children = part.slice(first, last)
      out.push({
        type: 'SentenceNode',
        children,
        position: { start: { ...children[0]!.position!.start }, end: { ...children[children.length - 1]!.position!.end } }
      })
    }
    for (let index = last; index < part.length; index++) out.push(part[index] as ParagraphChild)
    part = []
  }
  for (const child of sentence.children) {
    const start = child.position?.start.offset
    if (start !== undefined && next < blocks.length && blocks[next]! <= start) {
      flush()
      next = firstAfter(blocks, start)
    }
    part.push(child)
  }
  flush()
  return out
}
