import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { check, fix } from '../src/index.js'
import { ownit, workspace } from './helpers.js'

const options = { builtin: false, packs: [fileURLToPath(new URL('fixtures/engine-pack.yml', import.meta.url))] }

describe('check', () => {
  test('ok is false only when an error-severity message is found', () => {
    expect(check("It's not my fault.", options).ok).toBe(false)
    const warningOnly = check("There's nothing I can do.", { ...options, categories: ['helplessness'] })
    expect(warningOnly.messages.map((message) => message.severity)).toEqual(['warning'])
    expect(warningOnly.ok).toBe(true)
    expect(check('', options)).toEqual({ ok: true, messages: [] })
  })

  test('messages are sorted by place and follow the JSON contract', () => {
    const { messages } = check("There's nothing I can do. It's not my fault.", options)
    expect(messages.map((message) => message.ruleId)).toEqual(['fixture-nothing-i-can-do', 'fixture-not-my-fault'])
    expect(Object.keys(messages[0]!).sort()).toEqual(
      ['actual', 'category', 'column', 'endColumn', 'endLine', 'endOffset', 'expected', 'fix', 'line', 'message', 'offset', 'ruleId', 'severity', 'why'].sort()
    )
  })
})

describe('fix', () => {
  test('applies safe rewrites, keeping the sentence-start capital and every other byte', () => {
    const text = 'Hi Ana,\n\nCorporate sets the policy 🙁 and honestly, head office made the rules.  Sorry!\n'
    const result = fix(text, options)
    expect(result.text).toBe('Hi Ana,\n\nWe set the policy 🙁 and honestly, we set the rules.  Sorry!\n')
    expect(result.applied.map((edit) => [edit.ruleId, edit.actual])).toEqual([
      ['fixture-sets-policy', 'Corporate sets the policy'],
      ['fixture-sets-policy', 'head office made the rules']
    ])
  })

  test('leaves unsafe suggestions alone', () => {
    expect(fix("It's not my fault.", options)).toEqual({ text: "It's not my fault.", applied: [] })
  })

  const fragment = fc.constantFrom(
    'Corporate sets the policy.',
    'corporate sets the policy',
    'Head office made the rules',
    "It's not my fault.",
    'Thanks, {{customer.first_name}}!',
    'We set the policy.',
    '😊',
    '\n\n',
    ' ',
    'management decide our rules,',
    'Is there anything else I can do?'
  )
  const reply = fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(' '))

  test('is idempotent and changes only the bytes of applied rewrites', () => {
    fc.assert(
      fc.property(reply, (text) => {
        const once = fix(text, options)
        expect(fix(once.text, options).text).toBe(once.text)
        // Undo the applied rewrites (last to first) and get the original back.
        let restored = once.text
        let shift = 0
        const positions = once.applied.map((edit) => {
          const start = edit.offset + shift
          shift += edit.text.length - (edit.endOffset - edit.offset)
          return { start, end: start + edit.text.length, actual: edit.actual }
        })
        for (const position of positions.reverse()) restored = restored.slice(0, position.start) + position.actual + restored.slice(position.end)
        expect(restored).toBe(text)
      }),
      { numRuns: 200 }
    )
  })
})

describe('never throws', () => {
  test('on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        const result = check(text, options)
        for (const message of result.messages) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
        fix(text, options)
      }),
      { numRuns: 300 }
    )
  })

  test.each([
    ['lone surrogates', '\ud800 not my fault \udc00'],
    ['NUL', "it's\u0000 not my fault"],
    ['RTL text', 'זה לא באשמתי, it’s not my fault'],
    ['only punctuation', '?!…—“”'],
    ['unclosed placeholder', 'Hi {{customer.name, it is not my fault']
  ])('%s', (_name, text) => {
    expect(() => check(text, options)).not.toThrow()
    expect(() => fix(text, options)).not.toThrow()
  })
})

describe('a text is read as the CLI reads a plain-text reply (ownit -)', () => {
  const plain = { spelling: false }
  const texts = {
    'next-line.txt': "# ownit-disable-next-line not-my-fault -- from our training deck\nIt's not my fault is the one reply that loses a customer.\nIt’s not my fault either way.\n",
    'block.txt': "// ownit-disable corporate-sets-policy, not-my-fault\nCorporate sets the policy. It is not my fault.\n// ownit-enable not-my-fault\nIts not my fault, and corporate sets the policy.\n",
    'not-prose.txt': "> That's not my department.\nSee https://example.com/corporate-sets-the-policy for the details.\n\nOn Mon, Dec 1, 2026 at 9:00 AM Sam wrote:\nIt's not my fault.\n",
    'unused.txt': '# ownit-disable-next-line not-my-faul\nThanks for waiting, Ana.\n',
    'html-comment.txt': "<!-- ownit-disable-next-line not-my-fault -->\nIt's not my fault.\n"
  }

  test('check gives the messages of ownit --format json, directives and unused directives included', () => {
    const cwd = workspace(texts)
    const run = ownit(['--no-config', '--no-spelling', '--rule', 'unused-disable-directive=warning', '-f', 'json', ...Object.keys(texts)], cwd)
    const reports = JSON.parse(run.stdout) as Array<{ path: string; messages: unknown[] }>
    expect(reports.map((report) => report.path)).toEqual(Object.keys(texts))
    for (const report of reports) {
      expect(check(texts[report.path as keyof typeof texts], { ...plain, rules: { 'unused-disable-directive': 'warning' } }).messages, report.path).toEqual(report.messages)
    }
    // Not a vacuous match: each file has what its name says.
    const ids = (text: string) => check(text, plain).messages.map((message) => `${message.ruleId}:${message.line}`)
    expect(ids(texts['next-line.txt'])).toEqual(['not-my-fault:3'])
    expect(ids(texts['block.txt'])).toEqual(['not-my-fault:4'])
    expect(ids(texts['not-prose.txt'])).toEqual([])
    // Plain text has no HTML comments: the CLI checks that line too.
    expect(ids(texts['html-comment.txt'])).toEqual(['not-my-fault:1', 'not-my-fault:2'])
  })

  test('a directive that silences nothing is reported only when rules sets unused-disable-directive', () => {
    expect(check(texts['unused.txt'], plain).messages).toEqual([])
    const [message, ...rest] = check(texts['unused.txt'], { ...plain, rules: { 'unused-disable-directive': 'error' } }).messages
    expect(rest).toEqual([])
    expect(message).toMatchObject({
      ruleId: 'unused-disable-directive',
      severity: 'error',
      line: 1,
      actual: '# ownit-disable-next-line not-my-faul',
      message: 'Unused ownit-disable-next-line not-my-faul directive: unknown rule “not-my-faul”, did you mean “not-my-fault”?'
    })
  })

  test('fix never rewrites a silenced line, a quoted line or a URL', () => {
    const text = '# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nCorporate sets the policy.\n> Corporate sets the policy.\n'
    expect(fix(text, plain).text).toBe('# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nWe set the policy.\n> Corporate sets the policy.\n')
    expect(fix('See https://example.com/corporate-sets-the-policy today.', plain).applied).toEqual([])
  })
})
