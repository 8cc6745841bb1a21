/**
 * Parse text into an nlcst tree in pieces. retext's parser slows down more than linearly
 * on long single documents, so a long text is cut at blank lines (or, failing that, line
 * breaks or spaces) into pieces of a few KB, each parsed alone, and the pieces joined into
 * one tree whose places point into the whole text. Short texts are parsed in one go.
 */
import type { Nodes, Root } from 'nlcst'

/** Texts up to this length are parsed whole. */
export const wholeParseLimit = 8192
const softSize = 4096
const hardSize = 16384
const minimumSize = 256
const sentenceEnd = new Set(['.', '!', '?', '…'])

/** Where to end the piece that starts at `start`. */
export function pieceEnd(text: string, start: number): number {
  const length = text.length
  if (length - start <= softSize) return length
  const soft = start + softSize
  const hard = Math.min(start + hardSize, length)
  const blankBefore = text.lastIndexOf('\n\n', soft)
  if (blankBefore > start + minimumSize) return blankBefore + 2
  const blankAfter = text.indexOf('\n\n', soft)
  if (blankAfter !== -1 && blankAfter < hard) return blankAfter + 2
  if (hard === length) return length
  // A line ends at \n, \r\n or a lone \r (old Mac exports): never cut a phrase in two.
  const newline = Math.max(text.lastIndexOf('\n', hard - 1), text.lastIndexOf('\r', hard - 2))
  if (newline > start + minimumSize) return text.charCodeAt(newline) === 13 && text.charCodeAt(newline + 1) === 10 ? newline + 2 : newline + 1
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
  let start = 0
  let line = 1
  let column = 1
  while (start < text.length) {
    const end = pieceEnd(text, start)
    const piece = parse(text.slice(start, end))
    // retext shares point objects between a node and its first or last child: shift each once.
    const shifted = new Set<object>()
    for (const child of piece.children) {
      shift(child as Nodes, start, line, column, shifted)
      children.push(child)
    }
    for (let index = start; index < end; index++) {
      if (text.charCodeAt(index) === 10) {
        line++
        column = 1
      } else {
        column++
      }
    }
    start = end
  }
  return {
    type: 'RootNode',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line, column, offset: text.length }
    }
  }
}

function shift(node: Nodes, offset: number, line: number, column: number, shifted: Set<object>): void {
  const position = node.position
  if (position) {
    for (const point of [position.start, position.end]) {
      if (shifted.has(point)) continue
      shifted.add(point)
      if (point.line === 1) point.column += column - 1
      point.line += line - 1
      if (point.offset !== undefined) point.offset += offset
    }
  }
  if ('children' in node) for (const child of node.children) shift(child as Nodes, offset, line, column, shifted)
}
