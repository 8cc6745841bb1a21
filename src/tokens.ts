/**
 * Turn an nlcst tree into sentences of normalised words, each word knowing its place in
 * the original text. Punctuation, symbols and white space are not words; `?` and
 * quotation marks are noted, and template placeholders become one opaque word.
 */
import type { Nodes, Root, Sentence as SentenceNode } from 'nlcst'
import { toString } from 'nlcst-to-string'
import { normalizedWords } from './normalize.js'

export interface Sentence {
  /** Normalised words; a written word may give several (`can't` → `can`, `not`). */
  words: string[]
  /** Start and end offset, in the original text, of the written word each comes from. */
  starts: number[]
  ends: number[]
  /** 1 where the word is inside quotation marks. */
  quoted: number[]
  /** Offset of the last `?` of the sentence, or -1. */
  question: number
  paragraph: number
}

/** The one word every template placeholder becomes. */
export const placeholderWord = '{{}}'

const auxiliaries = new Set(['is', 'are', 'can', 'could', 'would', 'will', 'shall', 'should', 'do', 'does', 'did', 'have', 'has', 'may', 'might'])
const subjects = new Set(['i', 'you', 'we', 'there', 'it', 'they', 'he', 'she', 'that', 'this', 'anything', 'anyone', 'someone'])

const openQuotes = new Set(['“', '«', '„', '‘', '‹'])
const closeQuotes = new Set(['”', '»', '’', '›'])

/**
 * Collect the sentences of a tree, in order. `text` is the text the tree was parsed
 * from: words are read from it by offset, which is faster than joining node values.
 */
export function sentencesOf(tree: Root, text?: string): Sentence[] {
  const sentences: Sentence[] = []
  let paragraph = 0
  const walk = (node: Nodes): void => {
    if (node.type === 'SentenceNode') {
      sentences.push(sentenceOf(node, paragraph, text))
    } else if ('children' in node) {
      for (const child of node.children) walk(child as Nodes)
      if (node.type === 'ParagraphNode') paragraph++
    }
  }
  walk(tree)
  return sentences
}

/** Append one word to `sentence`. */
function pushWord(sentence: Sentence, word: string, start: number, end: number, quoted: number): void {
  sentence.words.push(word)
  sentence.starts.push(start)
  sentence.ends.push(end)
  sentence.quoted.push(quoted)
}

/** Append the normalised words of one written word to `sentence`. */
function pushWords(sentence: Sentence, raw: string, start: number, end: number, quoted: number, next: string | undefined): void {
  for (const word of normalizedWords(raw, next)) pushWord(sentence, word, start, end, quoted)
}

function sentenceOf(node: SentenceNode, paragraph: number, text: string | undefined): Sentence {
  const sentence: Sentence = { words: [], starts: [], ends: [], quoted: [], question: -1, paragraph }
  const children = node.children
  let inQuote = false
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
    pushWord(sentence, word, start, end, quoted)
  }

  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    const start = child.position?.start.offset ?? 0
    const end = child.position?.end.offset ?? 0
    if (placeholderStart >= 0) {
      if (child.type === 'PunctuationNode' && (child.value.includes('}}') || child.value.includes('%}'))) {
        emitOpaque(placeholderWord, placeholderStart, end, inQuote ? 1 : 0)
        placeholderStart = -1
      }
      continue
    }
    if (child.type === 'WordNode') {
      const raw = text !== undefined && child.position ? text.slice(start, end) : toString(child)
      const first = raw.charCodeAt(0)
      if ((first >= 48 && first <= 57) || raw.includes('@') || raw.includes('/')) {
        // E-mail addresses, paths and numbers never take part in a phrase's wording.
        emitOpaque(raw.toLowerCase(), start, end, inQuote ? 1 : 0)
      } else {
        emit(raw, start, end, inQuote ? 1 : 0)
        const last = raw.charAt(raw.length - 1)
        if (inQuote && (last === "'" || closeQuotes.has(last))) inQuote = false
      }
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
      if (value === '"') inQuote = !inQuote
      else if (openQuotes.has(value)) inQuote = true
      else if (closeQuotes.has(value)) inQuote = false
      else if (value === "'") {
        const before = children[index - 1]
        inQuote = !inQuote && (before === undefined || before.type === 'WhiteSpaceNode')
      }
    } else if (child.type === 'SymbolNode' && child.value === '@') {
      // An @mention is a name, not a word of the reply.
      const mention = children[index + 1]
      if (mention && mention.type === 'WordNode') index++
    }
  }
  if (pending !== undefined) pushWords(sentence, pending, pendingStart, pendingEnd, pendingQuoted, undefined)
  if (placeholderStart >= 0) {
    // An unclosed placeholder: still one opaque word, up to the end of the sentence.
    const last = children[children.length - 1]
    emitOpaque(placeholderWord, placeholderStart, last?.position?.end.offset ?? placeholderStart, 0)
  }
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
