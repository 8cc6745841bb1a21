import { fileURLToPath } from 'node:url'
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
