/**
 * Hardening (issue 9, part 4): `check` and `fix` never throw, every message points at its
 * words, and `fix` is idempotent and touches only the bytes it rewrites. fast-check
 * properties over hostile strings and over real replies from the bundled packs.
 */
import fc from 'fast-check'
import { firstInvalidUtf8 } from '../src/input/read.js'
import { describe, expect, test } from 'vitest'
import { check, fix, toOwnitMessage, type Options } from '../src/api.js'
import { placeholdersFor } from '../src/config/options.js'
import { fixDocument, lintDocument } from '../src/document.js'
import { applyEdits } from '../src/fix.js'
import { loadBuiltinRuleset } from '../src/pack/load.js'
import type { OwnitMessage } from '../src/types.js'

const settings: Array<[string, Options]> = [
  ['spelling off', { spelling: false }],
  ['spelling on', { spelling: true }]
]

/** Line and column of `offset`, counting \n, \r\n and a lone \r as line endings (vfile-location). */
function place(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/)
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

/** Each message's `actual` is the text at its offsets, and its line/column agree with them. */
function expectPlaced(text: string, messages: readonly OwnitMessage[]): void {
  for (const message of messages) {
    expect(text.slice(message.offset, message.endOffset), message.ruleId).toBe(message.actual)
    expect(place(text, message.offset)).toEqual({ line: message.line, column: message.column })
    expect(place(text, message.endOffset)).toEqual({ line: message.endLine, column: message.endColumn })
  }
}

const ruleset = loadBuiltinRuleset()
const replies = ruleset.packs.flatMap((pack) => pack.rules.flatMap((rule) => [...rule.examples.bad, ...rule.examples.good]))
const fixable = ruleset.packs.flatMap((pack) => pack.rules.flatMap((rule) => rule.examples.fixed.map((example) => example.bad)))

/** What goes between replies: every kind of line break, NUL, lone surrogates, emoji, RTL marks. */
const separator = fc.constantFrom(' ', '\n', '\n\n', '\r', '\r\n', '\r\n\r\n', '\t', '', '\u2028', ' \u0000 ', '\ud83d', '\udc00', '😀 ', '\u202e', ' שלום ', '"', '\u00a0', ' {{ticket.id}} ')
/** Replies from the packs, some cut in half, joined by hostile separators. */
const reply = (from: readonly string[], length: { minLength?: number; maxLength: number }) =>
  fc
    .array(fc.tuple(fc.constantFrom(...from), separator, fc.nat(3)), length)
    .map((parts) => parts.map(([text, between, cut]) => (cut === 0 ? text.slice(0, text.length >> 1) : text) + between).join(''))

/** Anything a user could paste: any code unit, any code point, graphemes, plus pack phrases. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...replies.slice(0, 60))), { maxLength: 12 }).map((parts) => parts.join(''))
)

describe.each(settings)('check gives what the CLI reports for plain text (%s)', (_name, options) => {
  // check() builds its messages straight from the findings; the CLI (a plain-text
  // document) makes vfile messages, which toOwnitMessage turns into the same JSON, key for key.
  const viaPlugin = (text: string, settings: Options) => lintDocument('<stdin>', text, { kind: 'text', options: settings }).messages.map(toOwnitMessage)
  test('on every example of the packs, and on mixes of them with hostile separators', () => {
    for (const text of replies) expect(JSON.stringify(check(text, options).messages)).toBe(JSON.stringify(viaPlugin(text, options)))
    fc.assert(
      fc.property(fc.oneof(reply(replies, { maxLength: 8 }), hostile), fc.constantFrom<Options>({}, { categories: ['deflection', 'spelling'] }, { rules: { 'not-my-department': 'info' } }), (text, extra) => {
        const settings = { ...options, ...extra }
        expect(JSON.stringify(check(text, settings).messages)).toBe(JSON.stringify(viaPlugin(text, settings)))
      }),
      { numRuns: 300 }
    )
  })
})

describe.each(settings)('check and fix never throw (%s)', (_name, options) => {
  test('on random Unicode, lone surrogates, NUL, emoji and RTL text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expectPlaced(text, check(text, options).messages)
        fix(text, options)
      }),
      { numRuns: 30 }
    )
  })

  test.for([
    ['empty', ''],
    ['NUL', '\u0000'],
    ['a lone high surrogate', "It's not my fault\ud800"],
    ['a lone low surrogate', '\udc00Corporate sets the policy.'],
    ['a right-to-left override', '\u202eIt\u2019s not my fault.\u202c'],
    ['Hebrew and Arabic', 'שלום, corporate sets the policy. مرحبا'],
    ['emoji with joiners', '👩‍👩‍👧 corporate sets the policy 🇬🇧.'],
    ['combining marks', 'Cafe\u0301, corporate sets the policy.'],
    ['only punctuation', '?!…“”‘’"\'{{}}{%%}'],
    ['an unclosed placeholder', 'Hi {{customer.name, corporate sets the policy.']
  ] as const)('%s', ([, text]) => {
    expectPlaced(text, check(text, options).messages)
    expect(fix(fix(text, options).text, options).text).toBe(fix(text, options).text)
  })
})

describe('messages point at their words', () => {
  test('in short replies joined by every kind of line break', () => {
    fc.assert(
      fc.property(reply(replies, { maxLength: 10 }), fc.boolean(), (text, spelling) => {
        const { messages } = check(text, { spelling })
        expectPlaced(text, messages)
      }),
      { numRuns: 30 }
    )
  })

  test('in long texts that are parsed in pieces', () => {
    fc.assert(
      fc.property(reply(replies, { minLength: 120, maxLength: 150 }), (text) => {
        expectPlaced(text, check(text, { spelling: false }).messages)
      }),
      { numRuns: 2 }
    )
  })

  // A long text is parsed in pieces; a cut in the middle of a phrase would lose it.
  test.for(['\n', '\r\n', '\r', ' '])('a long text loses no message: replies joined by %j', (between) => {
    // One sentence per line, so the only safe cuts are at line breaks.
    const one = "Sorry, it's not my fault, corporate sets the policy on refunds and returns."
    const count = check(one, { spelling: false }).messages.length
    expect(count).toBe(2)
    const text = Array.from({ length: 240 }, () => one).join(between)
    const { messages } = check(text, { spelling: false })
    expect(messages).toHaveLength(240 * count)
    expectPlaced(text, messages)
  })
})

describe('fix', () => {
  const placeholder = /\{\{[^{}]*\}\}|\{%[^%]*%\}/g
  const count = (text: string, part: string): number => text.split(part).length - 1
  const document = (text: string, options: Options) => fixDocument('reply.txt', text, { kind: 'text', options }, placeholdersFor(undefined))

  test('is idempotent, changes only the bytes of the fixes it reports, and keeps placeholders byte for byte', () => {
    fc.assert(
      fc.property(reply([...fixable, ...replies.slice(0, 40)], { maxLength: 8 }), fc.boolean(), (text, spelling) => {
        const options = { spelling }
        for (const result of [fix(text, options), document(text, options)]) {
          const rebuilt = applyEdits(text, result.applied.map((edit) => ({ start: edit.offset, end: edit.endOffset, text: edit.text })))
          expect(rebuilt.text).toBe(result.text)
          for (const part of text.match(placeholder) ?? []) expect(count(result.text, part)).toBeGreaterThanOrEqual(count(text, part))
        }
        const once = fix(text, options).text
        expect(fix(once, options).text).toBe(once)
        const onceDocument = document(text, options).text
        expect(document(onceDocument, options).text).toBe(onceDocument)
      }),
      { numRuns: 20 }
    )
  })

  test('a placeholder next to a fixed phrase survives byte for byte', () => {
    const text = 'Hi {{ customer.first_name }},\r\nhead office set the rules for {%if vip%}price matching{%endif%}, {{customer.first_name}}.'
    const result = fix(text, { spelling: false })
    expect(result.text).toBe('Hi {{ customer.first_name }},\r\nwe set the rules for {%if vip%}price matching{%endif%}, {{customer.first_name}}.')
    expect(result.applied).toEqual([{ ruleId: 'corporate-sets-policy', offset: 31, endOffset: 56, actual: 'head office set the rules', text: 'we set the rules' }])
  })
})

describe('UTF-8 checking of input bytes', () => {
  const valid = (bytes: Uint8Array): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      return true
    } catch {
      return false
    }
  }
  // Bytes near the edges: ASCII, continuation bytes, lead bytes of every length, overlongs (C0, E0 80), surrogates (ED A0), past U+10FFFF (F4 90, F5).
  const edgy = fc.constantFrom(0x41, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xa0, 0x9f, 0xef, 0xf0, 0xf4, 0x90, 0x8f, 0xf5, 0xff)
  test('the first invalid byte is found where a strict decoder fails, and everything before it is valid', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(edgy, fc.integer({ min: 0, max: 255 })), { maxLength: 24 }), (list) => {
        const bytes = Uint8Array.from(list)
        const invalid = firstInvalidUtf8(bytes)
        expect(invalid === -1).toBe(valid(bytes))
        if (invalid >= 0) {
          expect(valid(bytes.subarray(0, invalid))).toBe(true)
          // No valid text runs through that byte: the text cut anywhere after it is still not valid.
          expect(valid(bytes.subarray(0, invalid + 4))).toBe(false)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
