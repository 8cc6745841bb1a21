/**
 * The spelling plugin: flags words that are not in the dictionary, the shipped support
 * vocabulary or the user's words, with up to three suggestions, most likely first.
 * Quiet on what support replies are full of and a dictionary does not know: links,
 * addresses, mentions, ids, placeholders, acronyms and names (see mask.ts and word.ts),
 * and the name that signs a reply off (sign-off.ts).
 * The lexicon is loaded on the first file, not when the plugin is attached.
 */
import type { Parent, Root, RootContent, Sentence, Word } from 'nlcst'
import { toString } from 'nlcst-to-string'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { checkNamed, spellingRuleId } from '../checks.js'
import type { Severity } from '../types.js'
import type { Lexicon } from './lexicon.js'
import { loadLexicon } from './load.js'
import { Lru } from './lru.js'
import { findMaskedRanges, overlaps, type Range } from './mask.js'
import { findSignOff } from './sign-off.js'
import type { Language } from './sources.js'
import { suggest } from './suggest.js'
import { isDerived, isPrefix, treatmentOf, type Treatment } from './word.js'
import { bundledWords, WordSet } from './words.js'

export interface SpellingOptions {
  /** Check spelling. Default: `true`. */
  spelling?: boolean | undefined
  /** `en-US` or `en-GB`. Default: `en-US`. */
  language?: Language | undefined
  /** Extra words to accept (product names, jargon), matched ignoring case. Default: none. */
  words?: readonly string[] | undefined
  /** The severity of spelling messages. Default: `warning`. */
  severity?: Severity | undefined
}

export { spellingRuleId }

const why = checkNamed(spellingRuleId)!.why

/** A capitalised word at a sentence start is flagged only with a correction this close. */
const closeCost = 0.7

/** A derived-looking word this close to a dictionary word is a slip: untill, colour. */
const slipCost = 0.5

/** How many word forms that no list has are remembered as right or wrong, per plugin. */
const derivedCacheSize = 2000
/** Longer words are not remembered: no English word is, and a flood of them must not fill memory. */
const rememberedLength = 64

/**
 * A reply is most likely not in English when at least this share of its checked words
 * (and `foreignMinimum` words) are unknown and not a slip from an English word; at
 * `clearlyForeignShare` unknown words (and `clearlyForeignMinimum`), whatever they are.
 * Spelling stays quiet on it.
 */
const foreignShare = 0.3
const clearlyForeignShare = 0.5
const clearlyForeignMinimum = 5
const foreignMinimum = 3

/**
 * Function words of the languages a support inbox most often gets beside English
 * (Spanish, French, German, Portuguese, Italian, Dutch) that are no English word and no
 * common part of an English name: “de”, “la”, “el”, “le”, “die”, “per”, “con” are left
 * out (`de la Cruz`, `Le Mans`), nor are words English text has (`den`, `les`, `est`, `com`
 * of a web address). A short reply in one of them can have unknown words close
 * to English ones (“caso”, “persiste”), which the share of far words misses.
 */
const foreignWords = new Set([
  ...['que', 'los', 'las', 'por', 'para', 'una', 'muy', 'pero', 'como', 'nos', 'usted', 'ustedes', 'gracias', 'hola', 'saludos', 'del', 'tu', 'su', 'está', 'estamos', 'puedes', 'puede', 'podemos', 'nuestro', 'nuestra', 'tienes', 'hemos', 'cuenta', 'pedido'],
  ...['nous', 'vous', 'pas', 'une', 'pour', 'avec', 'dans', 'sur', 'merci', 'bonjour', 'votre', 'notre', 'je', 'elle', 'sont', 'mais', 'très', 'qui', 'peux', 'pouvez', 'avez', 'sommes', 'commande'],
  ...['und', 'ist', 'nicht', 'ich', 'wir', 'sie', 'mit', 'für', 'bitte', 'danke', 'ihr', 'ihre', 'uns', 'auf', 'eine', 'einen', 'das', 'der', 'dem', 'haben', 'können', 'ihnen'],
  ...['você', 'não', 'obrigado', 'obrigada', 'olá', 'também', 'uma', 'pelo', 'pela', 'seu', 'sua', 'ajudar'],
  ...['grazie', 'ciao', 'sono', 'della', 'questo', 'che', 'siamo', 'ordine'],
  ...['het', 'een', 'niet', 'wij', 'jij', 'jullie', 'bedankt', 'graag', 'onze']
])
/** Distinct `foreignWords` that, with an unknown word, make a reply another language's. */
const foreignWordsNeeded = 3

/** Marks after which the next word starts anew: `Note: Your…`, `(Your…`, a new line. */
const openers = new Set([':', '"', '“', '(', '[', '•', '>'])
/** Marks that, written right before a word, sign a reply: `-Anwar`, `^JK`, `~Pia`. */
const signatureMarks = new Set(['-', '–', '—', '^', '~', '*', '/', '|'])

/** One text's spelling check, fed its trees a piece at a time (see `begin` below). */
export interface SpellingPass {
  /** Check the words of one tree of the text (the whole text, or one piece of it). */
  sentences(tree: Root): void
  /** Add the messages to `file` (a file of the same text), unless the text is not English. */
  report(file: VFile): void
  /** Unknown words found so far (at most the messages `report` adds). */
  found(): number
}

interface Candidate {
  word: string
  start: number
  treatment: Treatment
}

/**
 * Check spelling. Messages: `ruleId` `spelling`, category `spelling`, `actual` the
 * word, `expected` up to three suggestions, `fix` false (spelling is never auto-fixed).
 */
export default function retextOwnitSpelling(options: Readonly<SpellingOptions> = {}) {
  const language = options.language ?? 'en-US'
  const severity = options.severity ?? 'warning'
  const accepted = new WordSet([...bundledWords(language), ...(options.words ?? [])])
  let lexicon: Lexicon | undefined
  const isKnown = (word: string): boolean => known(lexicon!, accepted, word, language)
  // A prefixed or contracted form of a known word (redownload, what're) is right, unless
  // it is one small slip from a word (untill = un+till, but until). That takes a dozen
  // lookups and a suggestion search, so the answer is remembered per word form.
  const derived = new Lru<string, boolean>(derivedCacheSize)
  const isRightDerived = (word: string): boolean => {
    let right = derived.get(word)
    if (right === undefined) {
      right = false
      if (isDerived(word, isKnown)) {
        const closest = suggest(lexicon!, word)[0]
        right = !closest || closest.cost > slipCost
      }
      if (word.length <= rememberedLength) derived.set(word, right)
    }
    return right
  }

  /**
   * A spelling pass over `text`: hand it the text's trees (`sentences`, once per piece, in
   * order), then `report` its messages to a file of that text. Whether the text is in
   * English at all is judged over all of it, at the end.
   */
  const begin = (text: string): SpellingPass => {
    lexicon ??= loadLexicon(language)
    const dictionary = lexicon
    const masked = findMaskedRanges(text)
    // The reply's last word, when it signs the reply off (=) yana, trip-yana), in any case.
    const signOff = findSignOff(text, isPrefix)
    const unknown: Candidate[] = []
    let checked = 0
    /** The `foreignWords` met, once each (made at the first). */
    let foreign: Set<string> | undefined
    const consider = (word: string, start: number, treatment: Treatment): void => {
      if (start === signOff) return
      checked++
      if (word.length <= 8) {
        // Most words come in lower case: no lower-case copy made for them.
        const key = foreignWords.has(word) ? word : word.charCodeAt(0) < 97 && foreignWords.has(word.toLowerCase()) ? word.toLowerCase() : undefined
        if (key) (foreign ??= new Set()).add(key)
      }
      if (!isKnown(word) && !isRightDerived(word)) unknown.push({ word, start, treatment })
    }
    const sentences = (tree: Root): void => {
      forEachSentence(tree, (sentence) => {
        const children = sentence.children
        let wordCount = 0
        let lastWord = -1
        for (let index = 0; index < children.length; index++) {
          if (children[index]!.type === 'WordNode') {
            wordCount++
            lastWord = index
          }
        }
        let sentenceStart = true
        let mark = false
        let adjacentMark = false
        for (let index = 0; index < children.length; index++) {
          const child = children[index]!
          if (child.type === 'WordNode') {
            const last = index === lastWord
            // A name that signs the reply (-Anwar, ^JK, "Thanks – mariya") is skipped;
            // so is a name addressed at a sentence start ("Rach, I've…") or standing alone.
            const signature = mark && last
            const vocative = children[index + 1]?.type === 'PunctuationNode' && (children[index + 1] as { value: string }).value === ','
            const alone = wordCount === 1
            if (!signature) considerWord(child, sentenceStart && !adjacentMark && !vocative && !alone, masked, isKnown, consider)
            sentenceStart = false
            mark = false
            adjacentMark = false
          } else if (child.type === 'WhiteSpaceNode') {
            if (child.value.includes('\n')) sentenceStart = true
            adjacentMark = false
          } else if (child.type === 'PunctuationNode' || child.type === 'SymbolNode') {
            if (openers.has(child.value)) sentenceStart = true
            if (signatureMarks.has(child.value)) mark = adjacentMark = true
          }
        }
      })
    }
    const report = (file: VFile): void => {
      if ((foreign?.size ?? 0) >= foreignWordsNeeded || looksForeign(dictionary, unknown, checked)) return
      let place: ReturnType<typeof location> | undefined
      for (const { word, start, treatment } of unknown) {
        const suggestions = suggest(dictionary, word)
        if (treatment === 'check-if-close' && !(suggestions[0] && suggestions[0].cost <= closeCost)) continue
        place ??= location(file)
        const from = place.toPoint(start)
        const to = place.toPoint(start + word.length)
        const expected = suggestions.map((suggestion) => suggestion.word)
        const message = file.message(
          expected.length > 0 ? `“${word}” looks like a typo; try “${expected[0]}”` : `“${word}” is not in the dictionary`,
          { place: from && to ? { start: from, end: to } : undefined, ruleId: spellingRuleId, source: 'ownit' }
        )
        message.actual = text.slice(start, start + word.length)
        message.expected = expected
        message.category = 'spelling'
        message.severity = severity
        message.why = why
        message.note = why
        message.fix = false
        message.url = 'https://github.com/ownit/ownit#spelling'
        message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined
      }
    }
    return { sentences, report, found: () => unknown.length }
  }

  const transformer = function (tree: Root, file: VFile): undefined {
    const pass = begin(String(file.value ?? ''))
    pass.sentences(tree)
    pass.report(file)
  }
  return Object.assign(transformer, { begin })
}

/**
 * Whether the unknown words say “another language” rather than “typos”: a reply with
 * three slips in ten words is English written in a hurry, and must still be flagged.
 */
function looksForeign(lexicon: Lexicon, unknown: readonly Candidate[], checked: number): boolean {
  const needed = Math.max(foreignMinimum, checked * foreignShare)
  if (unknown.length < needed) return false
  if (unknown.length >= clearlyForeignMinimum && unknown.length >= checked * clearlyForeignShare) return true
  let far = 0
  for (let index = 0; index < unknown.length && far < needed; index++) {
    if (unknown.length - index + far < needed) return false
    const word = unknown[index]!.word
    // Accented letters are rare in English (café), common in the languages next to it.
    if (/[^\x00-\x7f]/.test(word)) {
      far++
      continue
    }
    const closest = suggest(lexicon, word)[0]
    if (!closest || closest.cost > closeCost) far++
  }
  return far >= needed
}

/** Pass each checkable word (or part of a hyphenated word) of `node` to `consider`. */
function considerWord(
  node: Word,
  sentenceStart: boolean,
  masked: readonly Range[],
  isKnown: (word: string) => boolean,
  consider: (word: string, start: number, treatment: Treatment) => void
): void {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined || overlaps(masked, start, end)) return
  // Quotes around a word are not part of it; ’ is read as '. Most words are one text
  // node with no quote: take its value as it is.
  const only = node.children.length === 1 ? node.children[0]! : undefined
  let word = only?.type === 'TextNode' ? only.value : toString(node)
  if (word.includes('’')) word = word.replace(/’/g, "'")
  let lead = 0
  if (word.charCodeAt(0) === 39 || word.charCodeAt(word.length - 1) === 39) {
    const raw = word
    lead = raw.length - raw.replace(/^'+/, '').length
    word = raw.slice(lead).replace(/'+$/, '')
  }
  const whole = treatmentOf(word, sentenceStart)
  if (whole === 'skip') return
  // A hyphenated word is right when a word list has it whole, or when each part is
  // (follow-up, e-mail); a leading part may be a prefix (pre-booked, co-op).
  if (!word.includes('-') || isKnown(word)) {
    consider(word, start + lead, whole)
    return
  }
  const parts = word.split('-')
  let offset = start + lead
  parts.forEach((part, index) => {
    const treatment = treatmentOf(part, sentenceStart && index === 0)
    if (treatment !== 'skip' && !(index < parts.length - 1 && isPrefix(part))) consider(part, offset, treatment)
    offset += part.length + 1
  })
}

/** Whether the dictionary or a word list has `word`, in any case. */
function known(lexicon: Lexicon, accepted: WordSet, word: string, language: Language): boolean {
  if (lexicon.has(word) || accepted.has(word)) return true
  // British English may write -ize (Oxford spelling: apologize, organization); the en-GB
  // dictionary lists only -ise.
  if (language !== 'en-GB' || !/iz/i.test(word)) return false
  const ise = word.replace(/iz/gi, (match) => (match[1] === 'Z' ? `${match[0]}S` : `${match[0]}s`))
  return lexicon.has(ise) || accepted.has(ise)
}

/**
 * Call `each` with every sentence of the tree, in order, without looking inside them:
 * what unist-util-visit does for a test of 'SentenceNode' and a visitor that returns
 * 'skip', at a fraction of the cost (it runs on every reply).
 */
function forEachSentence(node: Root | RootContent, each: (sentence: Sentence) => void): void {
  if (node.type === 'SentenceNode') {
    each(node)
    return
  }
  if ('children' in node) {
    for (const child of (node as Parent).children) forEachSentence(child, each)
  }
}
