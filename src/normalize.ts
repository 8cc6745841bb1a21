/**
 * Word normalisation shared by the pattern compiler and the tokenizer, so that a
 * pattern and the text it matches are always normalised the same way.
 *
 * A word becomes one or more normalised tokens: lower case, one apostrophe, contractions
 * expanded (`can't` → `can not`), chat shorthand expanded (`rn` → `right now`), British
 * spellings of common words mapped to American (`apologise` → `apologize`), hyphenated
 * words split (`higher-ups` → `higher ups`).
 */

const apostrophes = /[’‘`´ʼ′]/g

/** Whole-word expansions: contractions typed without an apostrophe, chat shorthand. */
const expansions = new Map<string, readonly string[]>(
  Object.entries({
    cannot: ['can', 'not'],
    cant: ['can', 'not'],
    wont: ['will', 'not'],
    aint: ['is', 'not'],
    "ain't": ['is', 'not'],
    dont: ['do', 'not'],
    doesnt: ['does', 'not'],
    didnt: ['did', 'not'],
    isnt: ['is', 'not'],
    arent: ['are', 'not'],
    wasnt: ['was', 'not'],
    werent: ['were', 'not'],
    havent: ['have', 'not'],
    hasnt: ['has', 'not'],
    hadnt: ['had', 'not'],
    wouldnt: ['would', 'not'],
    couldnt: ['could', 'not'],
    shouldnt: ['should', 'not'],
    mustnt: ['must', 'not'],
    neednt: ['need', 'not'],
    shouldve: ['should', 'have'],
    couldve: ['could', 'have'],
    wouldve: ['would', 'have'],
    mustve: ['must', 'have'],
    mightve: ['might', 'have'],
    im: ['i', 'am'],
    ive: ['i', 'have'],
    youre: ['you', 'are'],
    youve: ['you', 'have'],
    youll: ['you', 'will'],
    youd: ['you', 'would'],
    theyre: ['they', 'are'],
    theyve: ['they', 'have'],
    theyll: ['they', 'will'],
    theyd: ['they', 'would'],
    weve: ['we', 'have'],
    itll: ['it', 'will'],
    thats: ['that', 'is'],
    theres: ['there', 'is'],
    whats: ['what', 'is'],
    hes: ['he', 'is'],
    shes: ['she', 'is'],
    // Chat shorthand.
    u: ['you'],
    ur: ['your'],
    ya: ['you'],
    pls: ['please'],
    plz: ['please'],
    plse: ['please'],
    rn: ['right', 'now'],
    tbh: ['to', 'be', 'honest'],
    ngl: ['not', 'going', 'to', 'lie'],
    gonna: ['going', 'to'],
    wanna: ['want', 'to'],
    gotta: ['got', 'to'],
    idk: ['i', 'do', 'not', 'know'],
    imo: ['in', 'my', 'opinion'],
    imho: ['in', 'my', 'honest', 'opinion'],
    bc: ['because'],
    cuz: ['because'],
    coz: ['because'],
    cos: ['because'],
    asap: ['as', 'soon', 'as', 'possible'],
    lmk: ['let', 'me', 'know'],
    atm: ['at', 'the', 'moment'],
    sry: ['sorry'],
    soz: ['sorry'],
    apols: ['apologies'],
    inconv: ['inconvenience'],
    dept: ['department'],
    mgmt: ['management'],
    thru: ['through'],
    ppl: ['people'],
    tho: ['though'],
    thx: ['thanks'],
    ty: ['thank', 'you'],
    // British spellings, mapped to American so either can be written in a pattern.
    centre: ['center'],
    centres: ['centers'],
    favour: ['favor'],
    behaviour: ['behavior'],
    colour: ['color'],
    honour: ['honor'],
    labour: ['labor'],
    cancelled: ['canceled'],
    cancelling: ['canceling'],
    travelled: ['traveled'],
    enquiry: ['inquiry'],
    enquiries: ['inquiries'],
    enquire: ['inquire'],
    licence: ['license'],
    programme: ['program'],
    judgement: ['judgment'],
    defence: ['defense'],
    offence: ['offense'],
    catalogue: ['catalog'],
    cheque: ['check']
  })
)

/** Stems whose British `-ise` forms are spelt `-ize` in American English. */
const izeStems = new Set([
  'apolog', 'real', 'recogn', 'organ', 'author', 'priorit', 'categor', 'emphas',
  'personal', 'optim', 'minim', 'custom', 'final', 'util', 'summar', 'special',
  'critic', 'sympath', 'familiar', 'standard', 'patron', 'penal', 'victim', 'capital'
])
const iseForm = /^([a-z]+)is(e|ed|es|ing|ation|ations)$/

/** `'s` after these words is the verb "is", not a possessive. */
const isBases = new Set([
  'it', 'that', 'there', 'here', 'what', 'who', 'he', 'she', 'where', 'how', 'when',
  'why', 'everything', 'nothing', 'something', 'someone', 'somebody', 'everyone',
  'everybody', 'this', 'which', 'anything', 'anyone', 'nobody', 'noone'
])

/** `its` without an apostrophe means "it is" only before these words. */
const itsIsBefore = new Set([
  'not', 'nothing', 'just', 'only', 'really', 'simply', 'out', 'up', 'all', 'the',
  'beyond', 'above', 'because', 'a', 'an', 'been', 'literally', 'totally', 'completely',
  'honestly', 'too', 'on', 'down', 'above', 'company', 'corporate', 'their', 'our', 'my',
  'your', 'no', 'what', 'how', 'fine', 'ok', 'okay', 'obvious', 'clearly', 'obviously'
])

const suffixes: ReadonlyArray<readonly [string, string]> = [
  ["'m", 'am'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'d", 'would']
]

const letter = /\p{L}/u
/** ' . ! ? , ; : — characters that are never the end of a word. */
const trailing = new Set([39, 46, 33, 63, 44, 59, 58])

/**
 * Normalise one word as written. `next` is the word after it, when known (it decides
 * whether `its` is "it is").
 */
export function normalizeWord(raw: string, next?: string): string[] {
  return normalizedWords(raw, next).slice()
}

/** `normalizeWord` without the copy: the words are shared, never change them (the hot path). */
export function normalizedWords(raw: string, next?: string): readonly string[] {
  return normalizedEntry(raw, next).words
}

/** A written word's normalised words, and the number of each (see `wordNumber`). */
export interface NormalizedEntry {
  readonly words: readonly string[]
  readonly numbers: readonly number[]
}

/** `normalizedWords`, with each word's number: the words and numbers are shared, never change them. */
export function normalizedEntry(raw: string, next?: string): NormalizedEntry {
  // Most words recur: remember them (bounded), except `its`, which depends on `next`.
  if (raw.length === 3 && raw.toLowerCase() === 'its') return numbered(normalizeUncached(raw, next))
  let result = cache.get(raw)
  if (!result) {
    result = numbered(normalizeUncached(raw, next))
    if (cache.size >= maxCached) cache.clear()
    cache.set(raw, result)
  }
  return result
}

const cache = new Map<string, NormalizedEntry>()
const maxCached = 20000

/**
 * Every normalised word seen, by number: a matcher can keep what it knows of a word in an
 * array by the word's number instead of looking the word up. Bounded: past `maxVocabulary`
 * words the numbering starts again (`vocabularyEpoch` counts the restarts), so a number
 * is only a hint: `vocabulary[number] === word` says it is still the word's.
 */
export const vocabulary: string[] = []
const numbers = new Map<string, number>()
const maxVocabulary = 200_000
let epoch = 0

/** How many times the numbering has started again: what a matcher knows by number is stale once it changes. */
export function vocabularyEpoch(): number {
  return epoch
}

/** The number of a normalised word, given it the first time it is seen. */
export function wordNumber(word: string): number {
  let number = numbers.get(word)
  if (number === undefined) {
    if (vocabulary.length >= maxVocabulary) {
      vocabulary.length = 0
      numbers.clear()
      cache.clear()
      epoch++
    }
    number = vocabulary.length
    vocabulary.push(word)
    numbers.set(word, number)
  }
  return number
}

function numbered(words: string[]): NormalizedEntry {
  // The vocabulary's own copy of each word, so that `vocabulary[number] === word` is one comparison.
  const numbers = words.map(wordNumber)
  return {
    words: numbers.map((number, index) => {
      const word = words[index]!
      return vocabulary[number] === word ? vocabulary[number] : word
    }),
    numbers
  }
}

function normalizeUncached(raw: string, next: string | undefined): string[] {
  let word = raw.toLowerCase()
  // A soft hyphen (U+00AD) is invisible: `Corpo\u00ADrate` reads as one word.
  if (word.includes('\u00ad')) word = word.replaceAll('\u00ad', '')
  if (word.includes('’') || word.includes('‘') || word.includes('`') || word.includes('´') || word.includes('ʼ') || word.includes('′')) {
    word = word.replace(apostrophes, "'")
  }
  // Quotes glued to the word ('policy') are not part of it, nor is a full stop retext
  // left on it ("stated. pls" keeps the stop on "stated.").
  let from = 0
  let to = word.length
  while (from < to && word.charCodeAt(from) === 39) from++
  while (to > from && trailing.has(word.charCodeAt(to - 1))) to--
  if (from > 0 || to < word.length) word = word.slice(from, to)
  if (word.length === 0) return []

  if (word.includes('-') && !word.startsWith('-') && letter.test(word)) {
    const parts = word.split('-').filter((part) => part.length > 0)
    if (parts.length > 1) return parts.flatMap((part) => normalizeWord(part))
  }

  if (word === 'its') {
    return next !== undefined && itsIsBefore.has(next.toLowerCase()) ? ['it', 'is'] : ['its']
  }

  const expanded = expansions.get(word)
  if (expanded) return [...expanded]

  if (word.includes("'")) return normalizeApostrophe(word)

  const ise = iseForm.exec(word)
  if (ise && izeStems.has(ise[1]!)) return [ise[1] + 'iz' + ise[2]]

  return [word]
}

function normalizeApostrophe(word: string): string[] {
  if (word.endsWith("n't")) {
    const base = word.slice(0, -3)
    if (base === 'ca') return ['can', 'not']
    if (base === 'can') return ['can', 'not']
    if (base === 'wo') return ['will', 'not']
    if (base === 'sha') return ['shall', 'not']
    if (base === 'ai') return ['is', 'not']
    return [...normalizeWord(base), 'not']
  }
  for (const [suffix, verb] of suffixes) {
    if (word.endsWith(suffix) && word.length > suffix.length) {
      return [...normalizeWord(word.slice(0, -suffix.length)), verb]
    }
  }
  if (word.endsWith("'s") && word.length > 2) {
    const base = word.slice(0, -2)
    if (base === 'let') return ['let', 'us']
    if (isBases.has(base)) return [base, 'is']
    return [...normalizeWord(base), "'s"]
  }
  return [word]
}
