/**
 * The pattern language (see rules/README.md), parsed into a small syntax tree.
 * Pure: no regular expression is ever built from a pattern.
 */
import { normalizeWord } from './normalize.js'

export type PatternNode =
  | { type: 'words'; tokens: string[] }
  | { type: 'seq'; items: PatternNode[] }
  | { type: 'alt'; options: PatternNode[]; group: number }
  | { type: 'optional'; item: PatternNode }
  | { type: 'class'; name: string; group: number; column: number }
  | { type: 'any' }
  | { type: 'number' }
  | { type: 'gap'; max: number }
  | { type: 'not'; words: string[] }
  | { type: 'start' }
  | { type: 'end' }
  | { type: 'break' }

/** A problem in a pattern; `column` is 1-based within the pattern text. */
export class PatternError extends Error {
  readonly column: number
  constructor(message: string, column: number) {
    super(message)
    this.column = column
  }
}

/** The longest gap `*N` allowed: keeps every match short and the matcher fast. */
export const maxGap = 6

interface Lexeme {
  value: string
  column: number
}

const operators = new Set(['(', ')', '|', '?', ','])

function lex(pattern: string): Lexeme[] {
  const lexemes: Lexeme[] = []
  let index = 0
  while (index < pattern.length) {
    const char = pattern[index]!
    if (/\s/.test(char)) {
      index++
    } else if (operators.has(char)) {
      lexemes.push({ value: char, column: index + 1 })
      index++
    } else {
      const begin = index
      while (index < pattern.length && !/\s/.test(pattern[index]!) && !operators.has(pattern[index]!)) index++
      lexemes.push({ value: pattern.slice(begin, index), column: begin + 1 })
    }
  }
  return lexemes
}

/**
 * Parse a pattern. Groups (`( … )` and `@class`) are numbered from 1, left to right,
 * when `capture` is on; class entries are parsed without capture.
 */
export function parsePattern(pattern: string, capture = true): { node: PatternNode; groups: number } {
  // Packs repeat patterns (shared classes, validation then compilation): parse each once.
  const key = (capture ? '1' : '0') + pattern
  const cached = parsed.get(key)
  if (cached) return cached
  const result = parseUncached(pattern, capture)
  parsed.set(key, result)
  return result
}

/** Parsed patterns are never changed after parsing, so they can be shared. */
const parsed = new Map<string, { node: PatternNode; groups: number }>()

function parseUncached(pattern: string, capture: boolean): { node: PatternNode; groups: number } {
  const lexemes = lex(pattern)
  let position = 0
  let groups = 0

  const peek = (): Lexeme | undefined => lexemes[position]
  const fail = (message: string, lexeme = peek()): never => {
    throw new PatternError(message, lexeme ? lexeme.column : pattern.length + 1)
  }

  function parseAlternatives(): { options: PatternNode[] } {
    const options = [parseSequence()]
    while (peek()?.value === '|') {
      position++
      options.push(parseSequence())
    }
    return { options }
  }

  function parseSequence(): PatternNode {
    const items: PatternNode[] = []
    let words: string[] = []
    const flush = (): void => {
      if (words.length === 0) return
      const tokens: string[] = []
      for (let index = 0; index < words.length; index++) {
        tokens.push(...normalizeWord(words[index]!, words[index + 1]))
      }
      if (tokens.length > 0) items.push({ type: 'words', tokens })
      words = []
    }
    for (;;) {
      const lexeme = peek()
      if (!lexeme || lexeme.value === '|' || lexeme.value === ')') break
      if (lexeme.value === '?') fail('“?” must follow a word or a group')
      const atom = parseAtom()
      if (peek()?.value === '?') {
        position++
        flush()
        if (atom.type === 'words') {
          atom.tokens = normalizeWord(atom.tokens[0]!)
          if (atom.tokens.length === 0) fail('nothing to make optional', lexeme)
        }
        if (atom.type === 'start' || atom.type === 'end' || atom.type === 'gap') fail('“?” cannot follow “^”, “$” or “*N”', lexeme)
        items.push({ type: 'optional', item: atom })
      } else if (atom.type === 'words') {
        words.push(...atom.tokens)
      } else {
        flush()
        items.push(atom)
      }
    }
    flush()
    if (items.length === 1) return items[0]!
    return { type: 'seq', items }
  }

  function parseAtom(): PatternNode {
    const lexeme = peek()!
    const value = lexeme.value
    position++
    if (value === '(') {
      const group = capture ? ++groups : 0
      const { options } = parseAlternatives()
      if (peek()?.value !== ')') fail('missing “)”', peek() ?? lexeme)
      position++
      if (options.some((option) => option.type === 'seq' && option.items.length === 0)) {
        fail('empty alternative in “( … )”: use “?” for an optional group', lexeme)
      }
      return { type: 'alt', options, group }
    }
    if (value === ')') return fail('unexpected “)”', lexeme)
    if (value === '_') return { type: 'any' }
    if (value === '#') return { type: 'number' }
    // A clause break (comma, semicolon, colon or dash) between two words; `,?` allows one.
    if (value === ',') return { type: 'break' }
    if (/^['’‘`]/.test(value)) fail(`“${value}” starts with an apostrophe: write the whole word, as in “we'll” or “it's”`, lexeme)
    if (value === '^') return { type: 'start' }
    if (value === '$') return { type: 'end' }
    if (value.startsWith('@')) {
      const name = value.slice(1)
      if (!/^[a-z][a-z0-9-]*$/.test(name)) fail(`bad class name “${value}”: expected @ and a kebab-case name`, lexeme)
      return { type: 'class', name, group: capture ? ++groups : 0, column: lexeme.column }
    }
    if (value.startsWith('*')) {
      const max = Number(value.slice(1))
      if (!/^\*[0-9]+$/.test(value) || max < 1 || max > maxGap) {
        fail(`bad gap “${value}”: expected *1 to *${maxGap}`, lexeme)
      }
      return { type: 'gap', max }
    }
    if (value.startsWith('!')) {
      const rest = value.slice(1)
      let raw: string[]
      if (rest.length > 0) {
        raw = [rest]
      } else {
        if (peek()?.value !== '(') fail('“!” must be followed by a word or “( … | … )”', lexeme)
        position++
        raw = []
        for (;;) {
          const word = peek()
          if (!word || operators.has(word.value)) fail('expected a word inside “!( … )”', word ?? lexeme)
          raw.push(word!.value)
          position++
          if (peek()?.value === '|') position++
          else break
        }
        if (peek()?.value !== ')') fail('missing “)” after “!(”', peek() ?? lexeme)
        position++
      }
      const words = raw.map((word) => {
        const tokens = normalizeWord(word)
        if (tokens.length !== 1) fail(`“!${word}” must be one word (it reads as “${tokens.join(' ')}”)`, lexeme)
        return tokens[0]!
      })
      return { type: 'not', words }
    }
    // Raw here: words are normalised together in parseSequence, which knows the next word.
    return { type: 'words', tokens: [value] }
  }

  const { options } = parseAlternatives()
  if (position < lexemes.length) fail('unexpected “)”')
  const node: PatternNode = options.length === 1 ? options[0]! : { type: 'alt', options, group: 0 }
  if (node.type === 'seq' && node.items.length === 0) fail('empty pattern')
  return { node, groups }
}
