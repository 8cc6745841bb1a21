/**
 * Hardening (issue 9, part 4): pathological texts of 1 MB finish in bounded time, never
 * throw, and every message still points at its words. The bounds are generous (the CI
 * machine is shared); a super-linear step would blow far past them.
 */
import { describe, expect, test } from 'vitest'
import { check, fix } from '../src/api.js'
import { lintDocument } from '../src/document.js'

const megabyte = 1 << 20

const texts = [
  ['one word', 'a'.repeat(megabyte)],
  ['100k newlines', '\n'.repeat(100_000)],
  ['NUL', '\u0000'.repeat(megabyte)],
  ['one word of emoji', '😀'.repeat(megabyte >> 1)],
  ['lone surrogates (256 KB)', '\ud800x\udc00'.repeat(megabyte / 12)],
  ['right-to-left words (256 KB)', 'שלום עולם '.repeat(megabyte / 40)]
] as const

/** Check `text`; every message points at its words, within `bound` milliseconds. */
function expectBounded(text: string, options: { spelling: boolean }, bound: number): void {
  const started = performance.now()
  const { messages } = check(text, options)
  for (const message of messages) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
  expect(performance.now() - started).toBeLessThan(bound)
}

describe('1 MB pathological texts', () => {
  test.for(texts)('%s (spelling off)', ([, text]) => expectBounded(text, { spelling: false }, 15_000))
  // Spelling adds a pass per word; three shapes cover it (one long word, empty lines, control characters).
  test.for(texts.slice(0, 3))('%s (spelling on)', ([, text]) => expectBounded(text, { spelling: true }, 15_000))
})

describe('long lines of replies', () => {
  test('a 64 KB line with no line break: every phrase found and placed, and fixed, in bounded time', () => {
    const reply = 'Sorry, corporate sets the policy on returns. '
    const text = reply.repeat(Math.ceil((64 * 1024) / reply.length))
    const started = performance.now()
    const { messages } = check(text, { spelling: false })
    const fixed = fix(text, { spelling: false })
    expect(performance.now() - started).toBeLessThan(20_000)
    const count = text.length / reply.length
    expect(messages.filter((message) => message.ruleId === 'corporate-sets-policy')).toHaveLength(count)
    for (const message of messages) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
    expect(fixed.text).toBe('Sorry, we set the policy on returns. '.repeat(count))
  })
})

describe('a text with more problems than any reply', () => {
  test('checking stops at 100,000 problems with an error saying where; every message still points at its words', () => {
    const text = 'Sorry for any inconvenience. '.repeat(120_000)
    const { ok, messages } = check(text, { spelling: false })
    expect(ok).toBe(false)
    const stop = messages.filter((message) => message.ruleId === 'too-many-problems')
    expect(stop).toHaveLength(1)
    expect(stop[0]!.severity).toBe('error')
    expect(stop[0]!.message).toMatch(/^Checking stopped after 100,000 problems: the rest of the text, from line 1, was not checked$/)
    expect(messages.at(-1)).toBe(stop[0])
    const found = messages.filter((message) => message.ruleId === 'sorry-for-any-inconvenience')
    expect(found.length).toBeGreaterThanOrEqual(100_000)
    expect(found.length).toBeLessThan(120_000)
    for (const message of messages) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
    // The first text checked past the limit is where it stopped.
    expect(stop[0]!.offset).toBeGreaterThan(found.at(-1)!.endOffset - 1)
  })

  test('words not in the dictionary count towards the limit, and the error says so', () => {
    // Made-up words: a text not in English, so none of them is reported.
    let seed = 7
    const letter = (): string => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 26))
    const words = Array.from({ length: 120_000 }, () => Array.from({ length: 7 }, letter).join('')).join(' ')
    const { messages } = check(words, { spelling: true })
    expect(messages.map((message) => message.message)).toEqual([expect.stringMatching(/^Checking stopped after 100,000 problems and unknown words: the rest of the text, from line 1, was not checked$/)])
  })

  test('a directive silencing every rule does not silence where checking stopped', () => {
    const file = lintDocument('log.txt', `# ownit-disable\n${'Sorry for any inconvenience. '.repeat(120_000)}`, { kind: 'text', options: { spelling: false } })
    expect(file.messages.map((message) => message.ruleId)).toEqual(['too-many-problems'])
  })

  test('a text just under the limit is checked to its end', () => {
    const { messages } = check('Sorry for any inconvenience. '.repeat(99_000), { spelling: false })
    expect(messages).toHaveLength(99_000)
  })
})
