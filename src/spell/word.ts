/**
 * Which written words spelling looks at. Skipped: anything with a digit (ids, units,
 * times, versions: INC-20431, A1B2C3, 20GB, 3pm, 5mins), acronyms (ASAP, IDs), words
 * with inner capitals (iPhone, PayPal), and capitalised words inside a sentence, which
 * are mostly names of people, products and places. A capitalised word that starts a
 * sentence is checked, but flagged only when a close correction exists. Words stretched
 * for feeling (sooo) are skipped too. Pure.
 */

export type Treatment = 'skip' | 'check' | 'check-if-close'

/**
 * How to treat `word` (apostrophes straight, no surrounding punctuation). Called for
 * every word of every reply: plain ASCII words are judged in one pass over their code
 * units, and only words with other letters go through the Unicode expressions.
 */
export function treatmentOf(word: string, sentenceStart: boolean): Treatment {
  let letters = 0
  let uppers = 0
  let first = -1
  let previous = -1
  let beforePrevious = -1
  let mixed = false
  for (let position = 0; position < word.length; position++) {
    const code = word.charCodeAt(position)
    if (code >= 128) return treatmentOfUnicode(word, sentenceStart)
    if (code === 39 || code === 45) continue
    const upper = code >= 65 && code <= 90
    // Digits and symbols (INC-20431, 20GB, 3pm).
    if (!upper && !(code >= 97 && code <= 122)) return 'skip'
    // Stretched for feeling, not by mistake: sooo, Hmmm, yaaasss.
    if (code === previous && code === beforePrevious) return 'skip'
    // Inner capitals: iPhone, PayPal.
    if (upper && previous >= 97) mixed = true
    if (first < 0) first = code
    if (upper) uppers++
    letters++
    beforePrevious = previous
    previous = code
  }
  if (letters < 2 || mixed) return 'skip'
  // Acronyms, and their plurals: ASAP, IDs.
  if (uppers === letters || (uppers === letters - 1 && previous === 115)) return 'skip'
  if (first <= 90) return sentenceStart ? 'check-if-close' : 'skip'
  return 'check'
}

/** treatmentOf for words with letters beyond ASCII (café, naïve, Straße, привет). */
function treatmentOfUnicode(word: string, sentenceStart: boolean): Treatment {
  // Digits, symbols, and scripts other than Latin (an English dictionary cannot judge them).
  if (/[^\p{Script=Latin}'-]/u.test(word)) return 'skip'
  const letters = word.replace(/['-]/g, '')
  if (letters.length < 2) return 'skip'
  if (/(\p{L})\1\1/u.test(letters)) return 'skip'
  if (/^\p{Lu}+s?$/u.test(letters)) return 'skip'
  if (/\p{Ll}\p{Lu}/u.test(letters)) return 'skip'
  if (/^\p{Lu}/u.test(letters)) return sentenceStart ? 'check-if-close' : 'skip'
  return 'check'
}

/** Prefixes written with a hyphen, which are not words on their own: pre-booked, co-op. */
const prefixes = new Set(['pre', 're', 'co', 'non', 'anti', 'de', 'ex', 'mid', 'multi', 'post', 'semi', 'sub', 'un', 'self', 'bi', 'tri', 'inter', 'intra', 'micro', 'mini', 'auto', 'e', 'pro', 'counter', 'ultra', 'cross', 'over', 'under', 'out', 'up', 'off', 'mis', 'dis', 'hyper', 'mega', 'tele', 'cyber', 'eco'])

/** Whether `part`, before a hyphen, is a prefix such as `pre` or `co`. */
export function isPrefix(part: string): boolean {
  return prefixes.has(part.toLowerCase())
}

/** Prefixes that make new words when written solid: redownload, unpair, desync. */
const solidPrefixes = ['re', 'un', 'pre', 'de', 'dis', 'mis', 'non', 'co', 'over', 'under', 'sub', 'anti', 'multi', 'auto', 'inter', 'micro', 'mini', 'self']

/** The shortest word a solid prefix is accepted on. */
const minStem = 4

/**
 * Forms built from a known word that dictionaries leave out: a solid prefix on a word
 * (re+downloading, un+pairing), and contractions (what're, this'll, they'd).
 */
export function isDerived(word: string, isKnown: (word: string) => boolean): boolean {
  const lower = word.toLowerCase()
  const contraction = /^(.+)'(?:ll|re|ve|d|s|m)$/.exec(lower)
  if (contraction && isKnown(contraction[1]!)) return true
  for (const prefix of solidPrefixes) {
    if (lower.startsWith(prefix) && lower.length - prefix.length >= minStem && isKnown(lower.slice(prefix.length))) return true
  }
  return false
}
