import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { check } from '../src/api.js'
import { pieceEnd, wholeParseLimit } from '../src/parse.js'

const options = { builtin: false, packs: [fileURLToPath(new URL('fixtures/engine-pack.yml', import.meta.url))] }

function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}

describe('long texts are parsed in pieces, with places in the whole text', () => {
  test.each([
    ['paragraphs', (index: number) => `Reply ${index}: thanks for waiting.\n\nIt's not my fault, {{name}}.\n\n`],
    ['lines', (index: number) => `Reply ${index}: thanks for waiting. It's not my fault.\n`],
    ['one long line', (index: number) => `Reply ${index} is here, and it's not my fault. `],
    ['emoji and curly quotes', (index: number) => `😊 Réponse ${index} — it’s not my fault. `]
  ])('%s', (_name, make) => {
    let text = ''
    for (let index = 0; text.length < wholeParseLimit * 6; index++) text += make(index)
    const messages = check(text, options).messages.filter((message) => message.ruleId === 'fixture-not-my-fault')
    const expected = text.split(/it['’]s not my fault/i).length - 1
    expect(messages).toHaveLength(expected)
    for (const message of messages) {
      expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
      expect(placeOf(text, message.offset)).toEqual({ line: message.line, column: message.column })
      expect(placeOf(text, message.endOffset)).toEqual({ line: message.endLine, column: message.endColumn })
    }
  })

  test('one long line without a full stop: cut before a capitalised word, so no phrase is split', () => {
    // Link texts side by side in Markdown read as one sentence of thousands of words.
    // Shifted by 0 to 11 characters, so that the cuts fall in every place of a phrase.
    for (let shift = 0; shift < 12; shift++) {
      const text = 'x'.repeat(shift) + ' ' + Array.from({ length: 2000 }, (_, index) => `It's not my fault, reply ${index}`).join(' ')
      const messages = check(text, options).messages.filter((message) => message.ruleId === 'fixture-not-my-fault')
      expect(messages, `shifted by ${shift}`).toHaveLength(2000)
    }
  })

  test('a piece never splits a surrogate pair', () => {
    const text = '😊'.repeat(20000)
    let start = 0
    while (start < text.length) {
      const end = pieceEnd(text, start)
      expect(end).toBeGreaterThan(start)
      const code = text.charCodeAt(end - 1)
      expect(code >= 0xd800 && code <= 0xdbff).toBe(false)
      start = end
    }
  })
})

describe('where pieces end', () => {
  /** pieceEnd as first written, with searches over the whole text (see parse.ts). */
  const sentenceEnd = new Set(['.', '!', '?', '…'])
  const isCapitalised = (text: string, index: number): boolean => /^[A-Z][a-z]/.test(text.slice(index, index + 2))
  function pieceEndBefore(text: string, start: number): number {
    const length = text.length
    if (length - start <= 4096) return length
    const soft = start + 4096
    const hard = Math.min(start + 16384, length)
    const blankBefore = text.lastIndexOf('\n\n', soft)
    if (blankBefore > start + 256) return blankBefore + 2
    const blankAfter = text.indexOf('\n\n', soft)
    if (blankAfter !== -1 && blankAfter < hard) return blankAfter + 2
    if (hard === length) return length
    // A line ends at \n, \r\n or a lone \r (old Mac exports): never cut a phrase in two.
    const newline = Math.max(text.lastIndexOf('\n', hard - 1), text.lastIndexOf('\r', hard - 2))
    if (newline > start + 256) return text.charCodeAt(newline) === 13 && text.charCodeAt(newline + 1) === 10 ? newline + 2 : newline + 1
    // No line break: cut after the end of a sentence, so no phrase is split.
    for (let index = hard; index > start + 256; index--) {
      const code = text.charCodeAt(index - 1)
      if ((code === 32 || code === 9) && sentenceEnd.has(text.charAt(index - 2))) return index
    }
    // No sentence end either (a pasted chat log, link texts side by side): cut before a
    // capitalised word, which most likely starts a sentence whose full stop is missing.
    for (let index = hard; index > start + 256; index--) {
      const code = text.charCodeAt(index - 1)
      if ((code === 32 || code === 9) && isCapitalised(text, index)) return index
    }
    for (let index = hard; index > start + 256; index--) {
      const code = text.charCodeAt(index - 1)
      if (code === 32 || code === 9) return index
    }
    // One enormous word: cut it, but never between the halves of a surrogate pair.
    const code = text.charCodeAt(hard - 1)
    return code >= 0xd800 && code <= 0xdbff ? hard - 1 : hard
  }

  test('pieces end where they did when each search went over the whole text', () => {
    const letters = fc.constantFrom('a', 'a', 'a', 'A', ' ', '.', '\t', '\ud83d\ude00')
    const breaks = fc.constantFrom('\n', '\r', '\n\n', '\r\n')
    // A break at the edges of a piece's reach, and none at all.
    const edges = ['\r', '\n', '\r\n', '\n\n'].flatMap((lineBreak) => [256, 257, 4095, 4096, 4097, 16_382, 16_383].map((at) => 'a'.repeat(at) + lineBreak + 'a'.repeat(20_000)))
    for (const text of [...edges, 'a '.repeat(20_000), 'A'.repeat(40_000)]) expect(pieceEnd(text, 0)).toBe(pieceEndBefore(text, 0))
    // Line breaks about every 300 characters, and about every 30,000.
    for (const weight of [50, 5000]) {
      const unit = fc.oneof({ weight, arbitrary: letters }, { weight: 1, arbitrary: breaks })
      fc.assert(
        fc.property(fc.string({ unit, minLength: 4000, maxLength: 40_000, size: 'max' }), fc.nat(40_000), (text, at) => {
          const start = Math.min(at, text.length)
          expect(pieceEnd(text, start)).toBe(pieceEndBefore(text, start))
        }),
        { numRuns: 150 }
      )
    }
  })
})
