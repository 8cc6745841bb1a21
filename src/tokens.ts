/**
 * Turn an nlcst tree into sentences of normalised words, each word knowing its place in
 * the original text. Punctuation, symbols and white space are not words; `?`, clause
 * breaks and quotation marks are noted, and template placeholders become one opaque word.
 */
import type { Nodes, Root, Sentence as SentenceNode, Word } from 'nlcst'
import { toString } from 'nlcst-to-string'
import { normalizedEntry } from './normalize.js'

export interface Sentence {
  /** Normalised words; a written word may give several (`can't` → `can`, `not`). */
  words: string[]
  /**
   * Per word, its number in the vocabulary (see `wordNumber`), or -1 (a number, a
   * placeholder). Absent: not known (a matcher looks the words up).
   */
  numbers?: number[]
  /** Start and end offset, in the original text, of the written word each comes from. */
  starts: number[]
  ends: number[]
  /** 1 where the word is inside quotation marks. */
  quoted: number[]
  /**
   * 1 where a clause break (a comma, semicolon, colon or dash, or a URL the reader blanked:
   * `WhiteSpaceData.clauseBreak`) stands between a word and the word before it
   * (`words.length + 1` long: the last entry is after the last word; empty when the
   * sentence has none). Absent: no breaks are known, and patterns match across punctuation.
   */
  breaks?: number[]
  /**
   * Where a pattern's `^` may match besides word 0, ascending: after a leading greeting or
   * sentence adverb ("Hi Sam, …", "Unfortunately, …", "Sorry, but …", "To be honest, …"),
   * and after a full stop or "!" retext left inside the sentence ("thanks! not our problem").
   * Absent or empty: only word 0.
   */
  openings?: number[]
  /**
   * Where a pattern's `$` may match besides after the last word: before a sign-off after a
   * clause break at the sentence's end ("…, sorry.", "…, I'm afraid.", "…, Sam.",
   * "… tbh"). Absent: only after the last word.
   */
  closing?: number
  /** Offset of the last `?` of the sentence, or -1. */
  question: number
  paragraph: number
}

/** The one word every template placeholder becomes. */
export const placeholderWord = '{{}}'

const auxiliaries = new Set(['is', 'are', 'can', 'could', 'would', 'will', 'shall', 'should', 'do', 'does', 'did', 'have', 'has', 'may', 'might'])
const subjects = new Set(['i', 'you', 'we', 'there', 'it', 'they', 'he', 'she', 'that', 'this', 'anything', 'anyone', 'someone'])

type QuoteFamily = 'double' | 'single'

/** What a quotation mark may do: open a quotation, close one, or either. */
interface QuoteMark {
  family: QuoteFamily
  open: boolean
  close: boolean
  /**
   * A `'` after a plural noun with a word after it ("our agents' hours"): a possessive
   * more often than a closing quote, so it closes only a quotation opened in its sentence.
   */
  possessive?: boolean
  /**
   * A mark that may close but is written as an opening one, with white space (or the
   * start of its sentence) before it and a word after it (`the "Refund" button`): it
   * closes only a quotation opened on its own line.
   */
  leading?: boolean
}

/**
 * Words written with an apostrophe for what they leave out ('til, 'tis, 'round, 'cause):
 * the apostrophe before them opens no quotation. The parser keeps some ('em, 'n', '90s)
 * as one word with theirs; these it writes apart.
 */
const elisions = new Set([
  'til', 'till', 'tis', 'twas', 'twere', 'twill', 'twould', 'n', 'round', 'bout', 'cause', 'cos', 'coz', 'cuz',
  'em', 'ere', 'neath', 'nuff', 'scuse', 'cept', 'gainst', 'fore', 'kay', 'sup', 'specially', 'fraid', 'ow'
])

/** Whether `node` is a word the apostrophe before it stands in for letters or digits of ('til, '90s, '20). */
function elidedAfter(node: Nodes | undefined): boolean {
  if (node?.type !== 'WordNode') return false
  const word = toString(node)
  return elisions.has(word.toLowerCase()) || /^\d\ds?$/u.test(word)
}

/** Curly quotes and guillemets, which say which way they face („…“ closes with “). */
const curlyQuotes = new Map<string, QuoteMark>([
  ['“', { family: 'double', open: true, close: true }],
  ['„', { family: 'double', open: true, close: false }],
  ['«', { family: 'double', open: true, close: false }],
  ['”', { family: 'double', open: false, close: true }],
  ['»', { family: 'double', open: false, close: true }],
  ['‘', { family: 'single', open: true, close: false }],
  ['‹', { family: 'single', open: true, close: false }],
  ['’', { family: 'single', open: false, close: true }],
  ['›', { family: 'single', open: false, close: true }]
])

/** Punctuation a straight quote may open a quotation after (`said: "…"`, `("…")`). */
const beforeOpening = /^[(\[{:/\u2013\u2014-]+$/

/**
 * Punctuation that ends a clause inside a sentence: a match of a pattern's words does not
 * run across one unless the pattern says so (see rules/README.md, “,”).
 */
const clauseBreak = /^[,;:\u2012\u2013\u2014\u2015\u2E3A\u2E3B\uFF0C\uFF1A\uFF1B-]+$/
/** One or more "!" (not "?!": a question is a question). */
const exclamation = /^[!\uFF01]+$/

/** Whether a node is a word whose last (or first) character is a digit. */
function digitAt(node: Nodes | undefined, last: boolean): boolean {
  if (node?.type !== 'WordNode') return false
  const value = toString(node)
  const code = value.charCodeAt(last ? value.length - 1 : 0)
  return code >= 48 && code <= 57
}

/**
 * What a node of a sentence may do as a quotation mark, from the mark and what it is
 * attached to: `"` glued to a digit is inches (27"), and inside a word it is a typo (ma"am);
 * a straight quote glued to the word before it can only close. Undefined: not a quotation mark.
 */
function quoteMarkOf(children: SentenceNode['children'], index: number): QuoteMark | undefined {
  const child = children[index]!
  if (child.type === 'WordNode') {
    // retext leaves a closing quote on the word before it at times ("policy'").
    const last = child.children.length > 1 ? child.children[child.children.length - 1] : undefined
    if (last?.type !== 'PunctuationNode') return undefined
    // "agents’ hours": the word before the mark ends in s, and a word follows.
    const possessive = /[sS]$/u.test(toString(child.children[child.children.length - 2]!)) && children[index + 1]?.type === 'WhiteSpaceNode' && children[index + 2]?.type === 'WordNode'
    if (last.value === "'") return { family: 'single', open: false, close: true, ...(possessive ? { possessive } : {}) }
    const mark = curlyQuotes.get(last.value)
    return mark?.close ? { ...mark, open: false, ...(possessive && mark.family === 'single' ? { possessive } : {}) } : undefined
  }
  if (child.type !== 'PunctuationNode') return undefined
  const value = child.value
  const before = children[index - 1]
  const after = children[index + 1]
  if (value !== '"' && value !== "'") {
    const mark = curlyQuotes.get(value)
    if (!mark) return undefined
    // ‘til: a curly opening quote typed for an apostrophe.
    if (value === '‘' && elidedAfter(after)) return undefined
    if (value === '’' && possessiveAt(children, index)) return { ...mark, possessive: true }
    // “ may close („…“), but after white space and before a word it is written to open.
    return mark.open && mark.close && freeBefore(before) && after?.type === 'WordNode' ? leadingDouble : mark
  }
  if (value === '"') {
    if (before?.type === 'WordNode' && after?.type === 'WordNode') return undefined
    if (digitAt(before, true) && (after === undefined || after.type === 'WhiteSpaceNode')) return undefined
  }
  const family: QuoteFamily = value === '"' ? 'double' : 'single'
  const free = freeBefore(before)
  if (family === 'single' && free && elidedAfter(after)) return undefined
  const mark: QuoteMark = { family, open: free, close: true }
  if (family === 'single' && !free && possessiveAt(children, index)) mark.possessive = true
  if (free && after?.type === 'WordNode') mark.leading = true
  return mark
}

/** Whether a quotation mark after `before` may open a quotation: it starts its sentence, or white space or `beforeOpening` stands before it. */
function freeBefore(before: Nodes | undefined): boolean {
  return before === undefined || before.type === 'WhiteSpaceNode' || (before.type === 'PunctuationNode' && beforeOpening.test(before.value))
}

/** “ written to open a quotation (see `QuoteMark.leading`). */
const leadingDouble: QuoteMark = { family: 'double', open: true, close: true, leading: true }

/** Whether the apostrophe at `index` follows a word ending in s and comes before a word: "our agents' hours". */
function possessiveAt(children: SentenceNode['children'], index: number): boolean {
  const before = children[index - 1]
  return before?.type === 'WordNode' && /[sS]$/u.test(toString(before)) && children[index + 1]?.type === 'WhiteSpaceNode' && children[index + 2]?.type === 'WordNode'
}

/** Marks that start an item of a plain-text list at the start of a line: `- `, `* `, `• `. */
const bullets = new Set(['-', '*', '+', '•', '◦', '‣', '▪', '·', '–', '—'])
/** A list number or letter: `1.` (one word to the parser), `2` or `b` before `)` or `.`. */
const listNumber = /^(?:\d{1,3}|[A-Za-z])\.?$/

/**
 * Whether `children[index]` starts an item of a list written in plain text (`- `, `* `,
 * `1. `, `2) `, `b) `) at the start of a line: after a line break inside the sentence, or
 * first in a sentence that starts a line (`lineStart`). Markdown and HTML lists need not
 * this: their readers give where items start (`SentenceData.blockStart`).
 */
function listItemAt(children: SentenceNode['children'], index: number, lineStart: boolean): boolean {
  const before = children[index - 1]
  if (before ? !(before.type === 'WhiteSpaceNode' && before.value.includes('\n')) : !lineStart) return false
  const child = children[index]!
  const after = children[index + 1]
  if (child.type === 'PunctuationNode' || child.type === 'SymbolNode') return bullets.has(child.value) && after?.type === 'WhiteSpaceNode'
  if (child.type !== 'WordNode' || !listNumber.test(toString(child))) return false
  if (after?.type === 'WhiteSpaceNode') return toString(child).endsWith('.')
  return after?.type === 'PunctuationNode' && (after.value === ')' || after.value === '.') && children[index + 2]?.type === 'WhiteSpaceNode'
}

/**
 * The quotation marks of one block of lines that open or close a quotation:
 * `siblings[first..last]`, the paragraphs retext made of one run of lines (it starts one at
 * a line break after a sentence's end) and the white space between them, or one sentence.
 * A mark opens a quotation only when a mark that can close it follows in the same block: a
 * stray quote does not silence the rest of the reply, and a quotation never runs over a
 * blank line, nor from one list item, table cell or other block into the next (a Markdown
 * or HTML reader's, `SentenceData.blockStart`, or a plain-text list item, `listItemAt`). A
 * quotation may run over several sentences (retext splits “Not my fault. Really.” in two)
 * and over the line breaks of a hard-wrapped paragraph. A mark written to open one
 * (`QuoteMark.leading`) closes only a quotation opened on its own line: one opened on an
 * earlier line was a stray mark, and this one opens instead (`Hi "Ana,⏎…the "Refund"
 * button`).
 */
function quotationMarks(siblings: readonly Nodes[], first: number, last: number): Map<Nodes, 'open' | 'close'> {
  const marks: Array<{ node: Nodes; mark: QuoteMark; sentence: number; block: number; line: number }> = []
  let block = 0
  let sentenceIndex = -1
  let line = 0
  let lineStart = true
  const visit = (node: Nodes): void => {
    if (node.type !== 'SentenceNode') {
      if (node.type === 'WhiteSpaceNode' && node.value.includes('\n')) {
        lineStart = true
        line++
      }
      return
    }
    sentenceIndex++
    if (sentenceIndex > 0 && node.data?.blockStart) block++
    const nodes = node.children
    for (let index = 0; index < nodes.length; index++) {
      const child = nodes[index]!
      if (child.type === 'WhiteSpaceNode') {
        if (child.value.includes('\n')) line++
        continue
      }
      if ((index > 0 || sentenceIndex > 0) && listItemAt(nodes, index, lineStart)) block++
      const mark = quoteMarkOf(nodes, index)
      if (mark) marks.push({ node: child, mark, sentence: sentenceIndex, block, line })
    }
    lineStart = false
  }
  for (let at = first; at <= last; at++) {
    const node = siblings[at]!
    if (node.type === 'ParagraphNode') for (const child of node.children) visit(child)
    else visit(node)
  }
  const roles = new Map<Nodes, 'open' | 'close'>()
  if (marks.length === 0) return roles
  // Per mark, whether a mark of its family that can close a quotation it opens follows in
  // its block (one that closes any, or a leading one on its line: the nearest leading one
  // after it is on its line if any is), and the next possessive one in its sentence (which
  // can close only a quotation opened there).
  const closeAfter = new Uint8Array(marks.length)
  const nextPossessive = new Array<number>(marks.length).fill(-1)
  for (let index = marks.length - 1, double = 0, single = 0, doubleLine = -1, singleLine = -1, next = -1; index >= 0; index--) {
    const { mark, sentence, block, line } = marks[index]!
    const following = marks[index + 1]
    if (following && following.block !== block) {
      double = single = 0
      doubleLine = singleLine = -1
    }
    if (!following || following.sentence !== sentence || following.block !== block) next = -1
    else if (following.mark.possessive) next = index + 1
    nextPossessive[index] = next
    closeAfter[index] = mark.family === 'double' ? (double === 1 || doubleLine === line ? 1 : 0) : single === 1 || singleLine === line ? 1 : 0
    if (mark.close && !mark.possessive) {
      if (mark.leading) {
        if (mark.family === 'double') doubleLine = line
        else singleLine = line
      } else if (mark.family === 'double') double = 1
      else single = 1
    }
  }
  let open: QuoteFamily | undefined
  let opener: Nodes | undefined
  let openedIn = -1
  let openLine = -1
  let openBlock = -1
  marks.forEach(({ node, mark, sentence, block, line }, index) => {
    if (open !== undefined && block !== openBlock) open = undefined
    const opens = mark.open && (closeAfter[index] === 1 || (mark.family === 'single' && nextPossessive[index]! > index))
    if (open === undefined || (mark.family === open && mark.leading && line !== openLine)) {
      if (!opens) return
      // A quotation left open from an earlier line: its mark was a stray one.
      if (open !== undefined) roles.delete(opener!)
      open = mark.family
      opener = node
      openedIn = sentence
      openLine = line
      openBlock = block
      roles.set(node, 'open')
    } else if (mark.family === open && mark.close && (!mark.possessive || sentence === openedIn)) {
      open = undefined
      roles.set(node, 'close')
    }
  })
  return roles
}

/**
 * The index in `siblings` of the last paragraph of the block of lines that starts at
 * paragraph `first`: the paragraphs after it that only a single line break parts from the
 * one before (retext starts a paragraph at a line break after a sentence's end).
 */
function lastOfBlock(siblings: readonly Nodes[], first: number): number {
  let last = first
  for (;;) {
    const between = siblings[last + 1]
    if (between?.type !== 'WhiteSpaceNode' || siblings[last + 2]?.type !== 'ParagraphNode' || holdsBlankLine(between.value)) return last
    last += 2
  }
}

/** Whether white space holds two line breaks or more (`\n`, `\r\n` or a lone `\r`): a blank line. */
function holdsBlankLine(value: string): boolean {
  let breaks = 0
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if ((code === 10 || (code === 13 && value.charCodeAt(index + 1) !== 10)) && ++breaks > 1) return true
  }
  return false
}

/**
 * Collect the sentences of a tree, in order. `text` is the text the tree was parsed
 * from: words are read from it by offset, which is faster than joining node values.
 */
export function sentencesOf(tree: Root, text?: string): Sentence[] {
  const sentences: Sentence[] = []
  let paragraph = 0
  const walk = (siblings: readonly Nodes[]): void => {
    for (let index = 0; index < siblings.length; index++) {
      const node = siblings[index]!
      if (node.type === 'SentenceNode') {
        // A sentence outside a paragraph: its quotation marks are its own.
        sentences.push(sentenceOf(node, paragraph, text, quotationMarks(siblings, index, index), { quoted: false }))
      } else if (node.type === 'ParagraphNode') {
        // A quotation runs on from one paragraph of a block of lines to the next.
        const last = lastOfBlock(siblings, index)
        const marks = quotationMarks(siblings, index, last)
        const state = { quoted: false }
        for (; index <= last; index++) {
          const inBlock = siblings[index]!
          if (inBlock.type !== 'ParagraphNode') continue
          for (const child of inBlock.children) if (child.type === 'SentenceNode') sentences.push(sentenceOf(child, paragraph, text, marks, state))
          paragraph++
        }
        index = last
      } else if ('children' in node) {
        walk(node.children as Nodes[])
      }
    }
  }
  walk(tree.children)
  return sentences
}

/** Append one word to `sentence`. */
function pushWord(sentence: Sentence, word: string, number: number, start: number, end: number, quoted: number): void {
  sentence.words.push(word)
  sentence.numbers!.push(number)
  sentence.starts.push(start)
  sentence.ends.push(end)
  sentence.quoted.push(quoted)
}

/** Append the normalised words of one written word to `sentence`. */
function pushWords(sentence: Sentence, raw: string, start: number, end: number, quoted: number, next: string | undefined): void {
  const { words, numbers } = normalizedEntry(raw, next)
  for (let index = 0; index < words.length; index++) pushWord(sentence, words[index]!, numbers[index]!, start, end, quoted)
}

/**
 * One sentence's words. `marks` are the paragraph's quotation marks that open or close a
 * quotation; `state.quoted` carries an open quotation from one sentence to the next.
 */
function sentenceOf(node: SentenceNode, paragraph: number, text: string | undefined, marks: ReadonlyMap<Nodes, 'open' | 'close'>, state: { quoted: boolean }): Sentence {
  const sentence: Sentence = { words: [], numbers: [], starts: [], ends: [], quoted: [], question: -1, paragraph }
  const children = node.children
  let inQuote = state.quoted
  // Offsets of the clause breaks of the sentence (words are placed between them at the end).
  const breakOffsets: number[] = []
  // Offsets of the full stops retext left inside the sentence (each also a break).
  let stopOffsets: number[] | undefined
  let placeholderStart = -1
  // A word is normalised once the next word is known (`its` needs it): the one waiting.
  let pending: string | undefined
  let pendingStart = 0
  let pendingEnd = 0
  let pendingQuoted = 0

  const emit = (raw: string, start: number, end: number, quoted: number): void => {
    if (pending !== undefined) pushWords(sentence, pending, pendingStart, pendingEnd, pendingQuoted, raw)
    pending = raw
    pendingStart = start
    pendingEnd = end
    pendingQuoted = quoted
  }
  const emitOpaque = (word: string, start: number, end: number, quoted: number): void => {
    if (pending !== undefined) pushWords(sentence, pending, pendingStart, pendingEnd, pendingQuoted, undefined)
    pending = undefined
    pushWord(sentence, word, -1, start, end, quoted)
  }

  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    const start = child.position?.start.offset ?? 0
    const end = child.position?.end.offset ?? 0
    if (placeholderStart >= 0) {
      // A quotation that closes inside a placeholder (`"{{name"}}`) still closes.
      if (marks.get(child) === 'close') inQuote = false
      if (child.type === 'PunctuationNode' && (child.value.includes('}}') || child.value.includes('%}'))) {
        emitOpaque(placeholderWord, placeholderStart, end, inQuote ? 1 : 0)
        placeholderStart = -1
      }
      continue
    }
    if (child.type === 'WordNode') {
      let raw = text !== undefined && child.position ? text.slice(start, end) : toString(child)
      let wordEnd = end
      if (endsWithStop(child)) {
        // retext leaves a full stop on a word when a small letter follows ("policy. and",
        // "policy.⏎- item"): the stop ends a sentence, not the word; no phrase runs over it.
        raw = raw.slice(0, -1)
        wordEnd = end - 1
        breakOffsets.push(wordEnd)
        ;(stopOffsets ??= []).push(wordEnd)
      }
      const first = raw.charCodeAt(0)
      if ((first >= 48 && first <= 57) || raw.includes('@') || raw.includes('/')) {
        // E-mail addresses, paths and numbers never take part in a phrase's wording.
        emitOpaque(raw.toLowerCase(), start, wordEnd, inQuote ? 1 : 0)
      } else {
        emit(raw, start, wordEnd, inQuote ? 1 : 0)
      }
      // A closing mark retext left on the word (`fault"`, `and/or"`) ends the quotation after it.
      if (marks.get(child) === 'close') inQuote = false
    } else if (child.type === 'PunctuationNode') {
      const value = child.value
      if (value.startsWith('{{') || value.startsWith('{%')) {
        placeholderStart = start
        if (value.endsWith('}}') || value.endsWith('%}')) {
          emitOpaque(placeholderWord, start, end, inQuote ? 1 : 0)
          placeholderStart = -1
        }
        continue
      }
      if (value.includes('?')) sentence.question = start
      const mark = marks.get(child)
      if (mark === 'open') inQuote = true
      else if (mark === 'close') inQuote = false
      else if (clauseBreak.test(value) && !(digitAt(children[index - 1], true) && digitAt(children[index + 1], false))) {
        // 1,000 and 9-5 are numbers, not two clauses.
        breakOffsets.push(start)
      } else if (exclamation.test(value) && index < children.length - 1) {
        // retext keeps "thanks! not our problem" one sentence (a small letter follows): the
        // "!" ends one all the same, as a full stop does there.
        breakOffsets.push(start)
        ;(stopOffsets ??= []).push(start)
      }
    } else if (child.type === 'WhiteSpaceNode') {
      // Where a URL or e-mail address stood (see blocks.ts): a break, as a comma.
      if (child.data?.clauseBreak) breakOffsets.push(start)
    } else if (child.type === 'SymbolNode' && child.value === '@') {
      // An @mention is a name, not a word of the reply.
      const mention = children[index + 1]
      if (mention && mention.type === 'WordNode') {
        index++
        if (marks.get(mention) === 'close') inQuote = false
      }
    }
  }
  if (pending !== undefined) pushWords(sentence, pending, pendingStart, pendingEnd, pendingQuoted, undefined)
  if (placeholderStart >= 0) {
    // An unclosed placeholder: still one opaque word, up to the end of the sentence.
    const last = children[children.length - 1]
    emitOpaque(placeholderWord, placeholderStart, last?.position?.end.offset ?? placeholderStart, 0)
  }
  state.quoted = inQuote
  sentence.breaks = breaksOf(sentence, breakOffsets)
  const openings = openingsOf(sentence.words, sentence.breaks, stopOffsets ? breaksOf(sentence, stopOffsets) : noBreaks)
  if (openings !== noOpenings) sentence.openings = openings
  const closing = closingOf(sentence, text)
  if (closing > 0) sentence.closing = closing
  // Chat questions often lose their "?": "is there anything else i can do". An inverted
  // start (auxiliary, then a subject) with no full stop makes the sentence a question.
  if (sentence.question < 0 && sentence.words.length > 1 && auxiliaries.has(sentence.words[0]!) && subjects.has(sentence.words[1]!)) {
    const last = children[children.length - 1]
    if (!(last?.type === 'PunctuationNode' && (last.value === '.' || last.value === '!'))) {
      sentence.question = last?.position?.end.offset ?? 0
    }
  }
  return sentence
}

/** Whether `word` is one run of letters or digits with a full stop retext attached (`policy.`, `6.`; not `e.g.`). */
function endsWithStop(word: Word): boolean {
  const children = word.children
  if (children.length !== 2) return false
  const stop = children[1]!
  return children[0]!.type === 'TextNode' && stop.type === 'PunctuationNode' && stop.value === '.'
}

/** The breaks of every sentence without one (most sentences): never changed. */
const noBreaks: number[] = []
/** The openings of every sentence without one besides word 0 (most sentences). */
const noOpenings: number[] = []

/** Words that greet, and may be followed by a name or two before a clause break ("Hi Sam,", "Good morning Priya -"). */
const greetings = new Set(['hi', 'hello', 'hey', 'hiya', 'heya', 'dear', 'greetings', 'howdy', 'morning', 'afternoon', 'evening'])
/**
 * A sentence's opening words before a clause break: a reply's pleasantries and sentence
 * adverbs, which stand before what the sentence says ("Unfortunately, per our policy …").
 * Each list is one opener, in normalised words (`tbh` is `to be honest`).
 */
const openers: ReadonlyMap<string, ReadonlyArray<readonly string[]>> = byFirstWord([
  ...['unfortunately', 'sadly', 'regrettably', 'honestly', 'frankly', 'ok', 'okay', 'alright', 'well', 'look', 'listen', 'right', 'so', 'also', 'again', 'yes', 'yeah', 'yep', 'no', 'nope', 'sorry', 'apologies', 'anyway', 'anyways', 'ah', 'oh', 'hmm', 'basically', 'actually', 'seriously', 'fyi', 'thanks', 'cheers', 'understood', 'noted'].map((word) => [word]),
  ['to', 'be', 'honest'],
  ['to', 'be', 'fair'],
  ['in', 'fairness'],
  ['just', 'so', 'you', 'know'],
  ['for', 'your', 'information'],
  ['thank', 'you']
])

/** `phrases` by their first word. */
function byFirstWord(phrases: ReadonlyArray<readonly string[]>): Map<string, Array<readonly string[]>> {
  const map = new Map<string, Array<readonly string[]>>()
  for (const phrase of phrases) {
    const list = map.get(phrase[0]!)
    if (list) list.push(phrase)
    else map.set(phrase[0]!, [phrase])
  }
  return map
}
const noPhrases: ReadonlyArray<readonly string[]> = []
/** Words that join an opener to the sentence after its break ("Sorry, but …", "Okay, so …"). */
const joiners = new Set(['but', 'so', 'and'])
/** Words that may follow an opener with no break: "OK so it says …". */
const softOpeners = new Set(['ok', 'okay', 'alright', 'right', 'well'])

/** Whether `words` from `at` begin with `phrase`. */
function startsWith(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  for (let index = 0; index < phrase.length; index++) if (words[at + index] !== phrase[index]) return false
  return true
}

/**
 * Where the words of a sentence start after its leading openers (0 when it has none):
 * up to three of a greeting with up to three more words ("Hi Sam", "Dear Mr Smith"), or
 * an opener, each ending at a clause break, and a joiner after it ("Sorry, but"); or
 * "ok so" with no break.
 */
function bodyStart(words: readonly string[], breaks: readonly number[]): number {
  let at = 0
  for (let count = 0; count < 3 && at < words.length; count++) {
    let end = -1
    if (greetings.has(words[at]!) || (words[at] === 'good' && greetings.has(words[at + 1]!))) {
      for (let after = at + 1; after <= at + 4 && after < words.length; after++) {
        if (breaks[after] === 1) {
          end = after
          break
        }
      }
    } else {
      for (const opener of openers.get(words[at]!) ?? noPhrases) {
        if (breaks[at + opener.length] === 1 && startsWith(words, at, opener)) {
          end = at + opener.length
          break
        }
      }
    }
    if (end < 0 && softOpeners.has(words[at]!) && words[at + 1] === 'so' && breaks[at + 1] !== 1) end = at + 2
    if (end < 0) break
    at = end
    if (joiners.has(words[at]!) && breaks[at + 1] !== 1) at++
  }
  return at < words.length ? at : 0
}

/** Sign-offs after a clause break at the end of a sentence, in normalised words (see `Sentence.closing`). */
const closers: ReadonlyMap<string, ReadonlyArray<readonly string[]>> = byFirstWord([
  ...['sorry', 'unfortunately', 'sadly', 'honestly', 'mate', 'thanks', 'cheers', 'again', 'please', 'though', 'anyway', 'ok', 'okay', 'i am afraid', 'to be honest', 'thank you', 'for now', 'i am sorry', 'my friend', 'i am afraid to say'].map((phrase) => phrase.split(' '))
])

/**
 * Where the sentence's words end before a sign-off (0 when they do not): after the last
 * clause break, up to three words that are a closer, a placeholder or a name (words
 * written with a capital); or "to be honest" (`tbh`) with no break before it.
 */
function closingOf(sentence: Sentence, text: string | undefined): number {
  const { words, breaks = noBreaks } = sentence
  const length = words.length
  if (length < 3) return 0
  if (words[length - 3] === 'to' && words[length - 2] === 'be' && words[length - 1] === 'honest' && length > 3) return length - 3
  let at = length - 1
  while (at > length - 4 && at > 1 && breaks[at] !== 1) at--
  if (breaks[at] !== 1 || at < 2) return 0
  const tail = length - at
  for (const closer of closers.get(words[at]!) ?? noPhrases) if (closer.length === tail && startsWith(words, at, closer)) return at
  if (tail === 1 && words[at] === placeholderWord) return at
  // A name: every word of it written with a capital (", Sam.", ", Mr Doyle.").
  if (text === undefined || tail > 2) return 0
  for (let index = at; index < length; index++) if (words[index] === 'i' || !isCapital(text.charCodeAt(sentence.starts[index]!))) return 0
  return at
}

function isCapital(code: number): boolean {
  return code >= 65 && code <= 90
}

/** The sentence's openings (see `Sentence.openings`): after its leading openers, and after each of `stops`. */
function openingsOf(words: readonly string[], breaks: readonly number[], stops: readonly number[]): number[] {
  const body = bodyStart(words, breaks)
  if (body === 0 && stops.length === 0) return noOpenings
  const openings: number[] = body > 0 ? [body] : []
  for (let index = body + 1; index < stops.length && index < words.length; index++) if (stops[index] === 1) openings.push(index)
  return openings.length > 0 ? openings : noOpenings
}

/** Per word, 1 where one of the break offsets lies between it and the word before it. */
function breaksOf(sentence: Sentence, offsets: readonly number[]): number[] {
  if (offsets.length === 0) return noBreaks
  const length = sentence.words.length
  const breaks = new Array<number>(length + 1).fill(0)
  let at = 0
  for (let word = 0; word <= length && at < offsets.length; word++) {
    const start = word < length ? sentence.starts[word]! : Infinity
    const after = word > 0 ? sentence.ends[word - 1]! : -Infinity
    while (at < offsets.length && offsets[at]! < after) at++
    if (at < offsets.length && offsets[at]! < start) breaks[word] = 1
  }
  return breaks
}
