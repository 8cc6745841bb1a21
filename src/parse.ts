/**
 * Parse text into an nlcst tree in pieces. retext's parser slows down more than linearly
 * on long single documents, so a long text is cut at blank lines (or, failing that, line
 * breaks or spaces) into pieces of a few KB, each parsed alone, and the pieces joined into
 * one tree whose places point into the whole text. Short texts are parsed in one go.
 */
import type { Nodes, Root } from 'nlcst'
import { pushAll } from './arrays.js'

/** Texts up to this length are parsed whole. */
export const wholeParseLimit = 8192
const softSize = 4096
const hardSize = 16384
const minimumSize = 256
const sentenceEnd = new Set(['.', '!', '?', '…'])

/**
 * Where to end the piece that starts at `start`. Every search stays within the piece's
 * reach: `lastIndexOf` from the piece's end went back to the start of the text when no
 * line there had a break, and `indexOf` on to its end, so a long text with no blank line
 * took time growing with the square of its length (60,000 lines: seconds).
 */
export function pieceEnd(text: string, start: number): number {
  const length = text.length
  if (length - start <= softSize) return length
  const soft = start + softSize
  const hard = Math.min(start + hardSize, length)
  const floor = start + minimumSize
  // The last blank line at or before `soft`, then the first one after it, before `hard`.
  for (let index = soft; index > floor; index--) if (text.charCodeAt(index) === 10 && text.charCodeAt(index + 1) === 10) return index + 2
  for (let index = soft; index < hard; index++) if (text.charCodeAt(index) === 10 && text.charCodeAt(index + 1) === 10) return index + 2
  if (hard === length) return length
  // A line ends at \n, \r\n or a lone \r (old Mac exports): never cut a phrase in two.
  for (let index = hard - 1; index > floor; index--) {
    const code = text.charCodeAt(index)
    if (code === 10) return index + 1
    if (code === 13 && index <= hard - 2) return text.charCodeAt(index + 1) === 10 ? index + 2 : index + 1
  }
  // No line break: cut after the end of a sentence, so no phrase is split.
  for (let index = hard; index > start + minimumSize; index--) {
    const code = text.charCodeAt(index - 1)
    if ((code === 32 || code === 9) && sentenceEnd.has(text.charAt(index - 2))) return index
  }
  // No sentence end either (a pasted chat log, link texts side by side): cut before a
  // capitalised word, which most likely starts a sentence whose full stop is missing.
  for (let index = hard; index > start + minimumSize; index--) {
    const code = text.charCodeAt(index - 1)
    if ((code === 32 || code === 9) && isCapitalised(text, index)) return index
  }
  for (let index = hard; index > start + minimumSize; index--) {
    const code = text.charCodeAt(index - 1)
    if (code === 32 || code === 9) return index
  }
  // One enormous word: cut it, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(hard - 1)
  return code >= 0xd800 && code <= 0xdbff ? hard - 1 : hard
}

/** A word at `index` that starts with a capital and goes on in small letters ("Corporate", not "I" or "USB"). */
function isCapitalised(text: string, index: number): boolean {
  const first = text.charCodeAt(index)
  const second = text.charCodeAt(index + 1)
  return first >= 65 && first <= 90 && second >= 97 && second <= 122
}

/** Parse `text` with `parse` (a retext parser), in pieces when it is long. */
export function parseInPieces(text: string, parse: (text: string) => Root): Root {
  if (text.length <= wholeParseLimit) return parse(text)
  const children: Root['children'] = []
  forEachPiece(text, parse, (piece) => {
    pushAll(children, piece.children)
  })
  return {
    type: 'RootNode',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: pointAfter(text, 0, 1, 1, text.length)
    }
  }
}

/**
 * Parse `text` with `parse` a piece at a time, handing `each` the tree of each piece with
 * places in the whole text; a short text is one piece. A piece's tree can go once `each`
 * returns: a tree takes about 120 bytes per character of text, so a 50 MB document held
 * whole took more memory than Node.js has. `each` returns false to stop.
 */
export function forEachPiece(text: string, parse: (text: string) => Root, each: (piece: Root) => boolean | void): void {
  if (text.length <= wholeParseLimit) {
    each(parse(text))
    return
  }
  let start = 0
  let line = 1
  let column = 1
  while (start < text.length) {
    const end = pieceEnd(text, start)
    const piece = parse(text.slice(start, end))
    for (const child of piece.children) shift(child as Nodes, start, line, column, undefined, undefined)
    const after = pointAfter(text, start, line, column, end)
    piece.position = { start: { line, column, offset: start }, end: after }
    if (each(piece) === false) return
    start = end
    line = after.line
    column = after.column
  }
}

/** The point at `end`, walking `text` from `start` (at `line` and `column`). */
function pointAfter(text: string, start: number, line: number, column: number, end: number): { line: number; column: number; offset: number } {
  for (let index = start; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++
      column = 1
    } else {
      column++
    }
  }
  return { line, column, offset: end }
}

/**
 * Move a piece's node (and its children) to its place in the whole text. retext shares
 * point objects between a node and its first or last child (and only so): a point that is
 * also its parent's was moved with the parent. (A Set of the points moved cost more than
 * the parse of the piece.)
 */
function shift(node: Nodes, offset: number, line: number, column: number, parentStart: object | undefined, parentEnd: object | undefined): void {
  const position = node.position
  if (position) {
    const { start, end } = position
    if (start !== parentStart && start !== parentEnd) move(start, offset, line, column)
    if (end !== parentStart && end !== parentEnd && end !== start) move(end, offset, line, column)
  }
  if ('children' in node) for (const child of node.children) shift(child as Nodes, offset, line, column, position?.start, position?.end)
}

function move(point: { line: number; column: number; offset?: number | undefined }, offset: number, line: number, column: number): void {
  if (point.line === 1) point.column += column - 1
  point.line += line - 1
  if (point.offset !== undefined) point.offset += offset
}
