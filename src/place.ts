/**
 * Where a match stands in its sentence, for the rewrites that fit only some places (a
 * suggestion's `where`) and for the capital of a rewrite that starts a sentence. Pure.
 */
import type { Sentence } from './tokens.js'
import type { SafePlace } from './types.js'

/** The places `where` can name that hold for a match of words `[start, end)` of `sentence` in `text`. */
export interface MatchPlace {
  sentenceStart: boolean
  clauseStart: boolean
  beforeBreak: boolean
}

/**
 * Words (normalised) after which a clause starts: coordinating conjunctions and the words
 * that open a subordinate clause. "and corporate sets the policy" can become "and we set
 * the policy"; "our corporate sets the policy" cannot.
 */
const clauseOpeners = new Set([
  'and', 'but', 'or', 'so', 'yet', 'because', 'since', 'although', 'though', 'while', 'whilst',
  'whereas', 'when', 'once', 'if', 'unless', 'that', 'as', 'then'
])

/**
 * Sentence adverbs, which leave a clause start a clause start when they open it:
 * "Unfortunately head office has decided…" can become "Unfortunately we decided…".
 */
const sentenceAdverbs = new Set([
  'unfortunately', 'sadly', 'regrettably', 'apparently', 'honestly', 'frankly', 'however', 'also',
  'now', 'recently', 'actually', 'basically', 'obviously', 'clearly', 'evidently', 'luckily',
  'fortunately', 'today', 'yesterday', 'originally', 'initially', 'previously', 'unluckily'
])

/** Words that may stand before a list number: "Step 3.", "Point 2)". */
const listWords = new Set(['step', 'point', 'item', 'part', 'stage', 'question', 'option', 'note'])

/** A list number or letter as written: 1, 12, a, B, iv (a final full stop is allowed: the parser keeps "1." as one word). */
const listMarker = /^(?:\d{1,3}|\p{L}|[ivx]{1,5})\.?$/iu

/** Where words `[start, end)` of `sentence` stand; `text` is the text the sentence was read from. */
export function placeOf(sentence: Sentence, start: number, end: number, text: string): MatchPlace {
  const sentenceStart = startsSentence(sentence, start, text)
  const breaks = sentence.breaks ?? []
  return {
    sentenceStart,
    clauseStart:
      sentenceStart ||
      opensClause(sentence, start, text) ||
      (sentenceAdverbs.has(sentence.words[start - 1]!) && sentence.starts[start - 1] !== sentence.starts[start] && (startsSentence(sentence, start - 1, text) || opensClause(sentence, start - 1, text))),
    beforeBreak: breaks[end] === 1
  }
}

/** Whether a clause break or a word that opens a clause stands right before word `index`. */
function opensClause(sentence: Sentence, index: number, text: string): boolean {
  if (index === 0) return false
  if (sentence.breaks?.[index] === 1) return true
  // A word of a contraction ("can't" → can, not) is no word of its own.
  if (sentence.starts[index - 1] === sentence.starts[index]) return false
  return clauseOpeners.has(sentence.words[index - 1]!) && text.slice(sentence.ends[index - 1]!, sentence.starts[index]!).trim() === ''
}

/** Whether a rewrite may be applied at `place`: every place of `where` holds (none listed: anywhere). */
export function fitsPlace(where: readonly SafePlace[] | undefined, place: MatchPlace): boolean {
  if (!where) return true
  return where.every((name) => (name === 'sentence-start' ? place.sentenceStart : name === 'clause-start' ? place.clauseStart : place.beforeBreak))
}

/**
 * Whether word `index` starts its sentence: it is the first word, the first on its line
 * ("Hi Sam,⏎Mistakes were made" is one sentence to the parser), or only a list number
 * stands before it ("1.", "2)", "(b)", "Step 3.") or a number that ended the sentence
 * before ("We're open until 6. Corporate sets…", which the parser keeps as one sentence).
 */
export function startsSentence(sentence: Sentence, index: number, text: string): boolean {
  if (index === 0) return true
  const start = sentence.starts[index]!
  if (startsLine(text, start)) return true
  // A word the normaliser split ("can't" → can, not) shares its start with the word before.
  if (sentence.starts[index - 1] === start) return false
  const gap = text.slice(sentence.ends[index - 1]!, start)
  // A full stop the tokens leave out of the word before ("6." → 6, then the stop) is still its own.
  const previous = text.slice(sentence.starts[index - 1]!, sentence.ends[index - 1]!) + (gap.startsWith('.') ? '.' : '')
  const closed = /^[.)]?[ \t\u00a0]+$/u.test(gap) && (previous.endsWith('.') || gap.startsWith('.') || gap.startsWith(')'))
  if (!closed) return false
  if (/^\d[\d,]*\.$/u.test(previous)) return true
  if (!listMarker.test(previous)) return false
  // The list number is the sentence's first word, or follows "Step" and the like.
  const before = index - 1
  return before === 0 || (before === 1 && listWords.has(sentence.words[0]!))
}

/** Whether only spaces or tabs stand between a line break (or the text's start) and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  let index = offset - 1
  while (index >= 0 && (text[index] === ' ' || text[index] === '\t')) index--
  return index < 0 || text[index] === '\n' || text[index] === '\r'
}
