import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { prepare } from '../src/api.js'
import { loadProse } from '../src/input/prose.js'
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
    'unused.txt': '# ownit-disable-next-line not-my-fault\nThanks for waiting, Ana.\n',
    'unknown.txt': '# ownit-disable-next-line not-my-faul, deflecton -- from our training deck\nIt’s not my fault.\n',
    'category.txt': "# ownit-disable-next-line deflection\nThat's not my department, and it's not my fault.\n# ownit-disable blame-shifting\nCorporate sets the policy. That's not my department.\n",
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
      actual: '# ownit-disable-next-line not-my-fault',
      message: 'Unused ownit-disable-next-line not-my-fault directive: no problem here to silence'
    })
  })

  test('a directive names rule ids or categories, and silences only what it names', () => {
    const ids = (text: string) => check(text, plain).messages.map((message) => `${message.line}:${message.ruleId}`)
    expect(ids(texts['category.txt'])).toEqual(['2:not-my-fault', '4:not-my-department'])
    // Of a rule and its category, the directive read last holds.
    expect(ids('# ownit-disable blame-shifting\n# ownit-enable not-my-fault\nIt’s not my fault. Corporate sets the policy.\n')).toEqual(['3:not-my-fault'])
    expect(ids('# ownit-disable not-my-fault\n# ownit-enable blame-shifting\nIt’s not my fault. Corporate sets the policy.\n')).toEqual(['3:not-my-fault', '3:corporate-sets-policy'])
    expect(fix("# ownit-disable-next-line blame-shifting\nCorporate sets the policy.\nCorporate sets the policy.\n", plain).text).toBe(
      '# ownit-disable-next-line blame-shifting\nCorporate sets the policy.\nWe set the policy.\n'
    )
  })

  test('a name that is no rule id or category is reported, with a did-you-mean, unless rules turns it off', () => {
    const { ok, messages } = check(texts['unknown.txt'], plain)
    expect(ok).toBe(false)
    expect(messages.map(({ ruleId, severity, line, column, message }) => ({ ruleId, severity, line, column, message }))).toEqual([
      { ruleId: 'unknown-directive-name', severity: 'warning', line: 1, column: 1, message: 'ownit-disable-next-line not-my-faul, deflecton: unknown rule or category “not-my-faul”, did you mean “not-my-fault”?' },
      { ruleId: 'unknown-directive-name', severity: 'warning', line: 1, column: 1, message: 'ownit-disable-next-line not-my-faul, deflecton: unknown rule or category “deflecton”, did you mean “deflection”?' },
      { ruleId: 'not-my-fault', severity: 'error', line: 2, column: 6, message: expect.any(String) }
    ])
    expect(messages[0]!.actual).toBe('# ownit-disable-next-line not-my-faul, deflecton -- from our training deck')
    expect(check(texts['unknown.txt'], { ...plain, rules: { 'unknown-directive-name': 'off' } }).messages.map((message) => message.ruleId)).toEqual(['not-my-fault'])
    expect(check(texts['unknown.txt'], { ...plain, rules: { 'unknown-directive-name': 'error', 'not-my-fault': 'warning' } }).ok).toBe(false)
    // Rules of packs in use are names too; the bundled ones are not without the bundled packs.
    expect(check('# ownit-enable fixture-not-my-fault\nHi.\n', options).messages).toEqual([])
    expect(check('# ownit-enable not-my-fault\nHi.\n', options).messages.map((message) => message.message)).toEqual(['ownit-enable not-my-fault: unknown rule or category “not-my-fault”'])
    expect(check('# ownit-disable too-many-problems\nHi.\n', plain).messages.map((message) => message.message)).toEqual([
      'ownit-disable too-many-problems: “too-many-problems” cannot be silenced: a run never passes on a text it did not finish'
    ])
  })

  test('a misspelt directive keyword is reported on the keyword, with a did-you-mean, unless rules turns it off', () => {
    const text = "# ownit-disable-next-lin not-my-fault -- from our training deck\nIt's not my fault.\n"
    const { ok, messages } = check(text, plain)
    expect(ok).toBe(false)
    expect(messages.map(({ ruleId, severity, line, column, offset, endOffset, actual, expected, message }) => ({ ruleId, severity, line, column, offset, endOffset, actual, expected, message }))).toEqual([
      { ruleId: 'unknown-directive', severity: 'warning', line: 1, column: 3, offset: 2, endOffset: 24, actual: 'ownit-disable-next-lin', expected: ['ownit-disable-next-line'], message: 'unknown directive “ownit-disable-next-lin”, did you mean “ownit-disable-next-line”?' },
      { ruleId: 'not-my-fault', severity: 'error', line: 2, column: 6, offset: 69, endOffset: 81, actual: 'not my fault', expected: expect.any(Array), message: expect.any(String) }
    ])
    expect(check(text, { ...plain, rules: { 'unknown-directive': 'off' } }).messages.map((message) => message.ruleId)).toEqual(['not-my-fault'])
    expect(check(text, { ...plain, rules: { 'unknown-directive': 'error', 'not-my-fault': 'off' } }).ok).toBe(false)
    // fix leaves the comment to the writer, and rewrites the line it was meant to silence.
    expect(fix('# ownit-disabel corporate-sets-policy\nCorporate sets the policy.\n', plain).text).toBe('# ownit-disabel corporate-sets-policy\nWe set the policy.\n')
  })

  test('fix never rewrites a silenced line, a quoted line or a URL', () => {
    const text = '# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nCorporate sets the policy.\n> Corporate sets the policy.\n'
    expect(fix(text, plain).text).toBe('# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nWe set the policy.\n> Corporate sets the policy.\n')
    expect(fix('See https://example.com/corporate-sets-the-policy today.', plain).applied).toEqual([])
  })
})

describe('type: Markdown and HTML are read as the CLI reads a .md or .html file', () => {
  // The library loads a reader itself when first asked (Node.js `require` of an ES module);
  // the test runner's modules are not files it can require, so these load them first, as
  // the CLI does. The built library is checked without this below.
  beforeAll(() => loadProse('markdown', 'html'))

  test('a misspelt directive keyword in a comment is reported on the keyword; a heading or an ordinary comment is not', () => {
    const plain = { spelling: false }
    const html = '<h1>Ownership</h1><!-- ownit disable-next-line -->\n<p>It&rsquo;s not my fault.</p>'
    const found = check(html, { ...plain, type: 'html' }).messages
    expect(found.map((message) => [message.ruleId, message.line, message.actual, html.slice(message.offset, message.endOffset)])).toEqual([
      ['unknown-directive', 1, 'ownit disable-next-line', 'ownit disable-next-line'],
      ['not-my-fault', 2, 'not my fault', 'not my fault']
    ])
    expect(check('# Ownership\n\n<!-- own it: disable the old macro -->\nThanks for waiting.\n', { ...plain, type: 'markdown' }).messages).toEqual([])
  })

  const documents = {
    'reply.md': [
      '---',
      'title: Refund reply',
      '---',
      '# Your refund',
      '',
      'Hi Ana, corporate sets the **policy** on refunds, not me. Corporate sets the policy, I know.',
      '',
      '- Head office',
      '- Sets the policy for all stores',
      '',
      "> That's not my department.",
      '',
      '| Who | What |',
      '| --- | --- |',
      '| Corporate sets the policy | today |',
      '',
      '`It is not my fault` is what we never say. It&rsquo;s not my fault.',
      '',
      '<!-- ownit-disable-next-line deflection -- a training example -->',
      "That's not my department, and it's not my fault.",
      '',
      '<!-- ownit-disable-next-line not-my-faul -->',
      'Sorry for any inconvenience. See [our policy](https://example.com/corporate-sets-the-policy).',
      '',
      '```',
      'Corporate sets the policy.',
      '```',
      '',
      'On Mon, Dec 1, 2026 at 9:00 AM Sam wrote:',
      "It's not my fault.",
      ''
    ].join('\n'),
    'reply.html': [
      '<html><head><title>Corporate sets the policy</title></head><body>',
      '<p>Hi Ana,</p>',
      '<p>Corporate sets the policy on refunds. That&rsquo;s not my department.</p>',
      '<!-- ownit-disable-next-line blame-shifting -->',
      "<p>It's not my fault, and we're sorry for any inconvenience.</p>",
      "<blockquote>It's not my fault.</blockquote>",
      '<pre>Corporate sets the policy</pre>',
      '<ul><li>Head office</li><li>sets the policy</li></ul>',
      '<p>Corporate <b>sets</b> the policy. Corporate sets the policy.</p>',
      '<!-- ownit-disable deflecton -->',
      '</body></html>',
      ''
    ].join('\n')
  }
  const typeOf = (name: string) => (name.endsWith('.md') ? 'markdown' : 'html') as 'markdown' | 'html'

  test.for([
    ['without spelling', ['--no-spelling'], { spelling: false }],
    ['with spelling and unused directives', ['--report-unused-disables'], { rules: { 'unused-disable-directive': 'warning' } }]
  ] as const)('check gives the messages of ownit --format json, %s', ([, flags, settings]) => {
    const cwd = workspace(documents)
    const reports = JSON.parse(ownit(['--no-config', ...flags, '-f', 'json', ...Object.keys(documents)], cwd).stdout) as Array<{ path: string; messages: unknown[] }>
    expect(reports.map((report) => report.path)).toEqual(Object.keys(documents))
    for (const report of reports) {
      const text = documents[report.path as keyof typeof documents]
      expect(check(text, { ...settings, type: typeOf(report.path) }).messages, report.path).toEqual(report.messages)
    }
  })

  test('not a vacuous match: markup, code, quotes and directives are read as such', () => {
    const found = (name: keyof typeof documents) => check(documents[name], { spelling: false, type: typeOf(name) }).messages.map((message) => `${message.line}:${message.ruleId}:${message.actual}`)
    expect(found('reply.md')).toEqual([
      '6:corporate-sets-policy:corporate sets the **policy**',
      '6:corporate-sets-policy:Corporate sets the policy',
      '15:corporate-sets-policy:Corporate sets the policy',
      '17:not-my-fault:not my fault',
      '20:not-my-fault:not my fault',
      '22:unknown-directive-name:<!-- ownit-disable-next-line not-my-faul -->',
      '23:sorry-for-any-inconvenience:Sorry for any inconvenience'
    ])
    expect(found('reply.html')).toEqual([
      '3:corporate-sets-policy:Corporate sets the policy',
      '3:not-my-department:That&rsquo;s not my department',
      "5:sorry-for-any-inconvenience:we're sorry for any inconvenience",
      '9:corporate-sets-policy:Corporate <b>sets</b> the policy',
      '9:corporate-sets-policy:Corporate sets the policy',
      '10:unknown-directive-name:<!-- ownit-disable deflecton -->'
    ])
    // The same text read as plain text (the default) is another reading.
    expect(check(documents['reply.md'], { spelling: false }).messages).not.toEqual(check(documents['reply.md'], { spelling: false, type: 'markdown' }).messages)
    expect(check(documents['reply.md'], { spelling: false, type: 'text' })).toEqual(check(documents['reply.md'], { spelling: false }))
  })

  test('fix gives the text of ownit --fix, and its rewrites point into the text given', () => {
    const cwd = workspace(documents)
    ownit(['--no-config', '--no-spelling', '--fix', ...Object.keys(documents)], cwd)
    for (const [name, text] of Object.entries(documents)) {
      const fixed = fix(text, { spelling: false, type: typeOf(name) })
      expect(fixed.text, name).toBe(readFileSync(join(cwd, name), 'utf8'))
      expect(fixed.text).not.toBe(text)
      for (const applied of fixed.applied) expect(text.slice(applied.offset, applied.endOffset)).toBe(applied.actual)
      expect(fix(fixed.text, { spelling: false, type: typeOf(name) }).text).toBe(fixed.text)
      expect(prepare({ spelling: false, type: typeOf(name) }).fix(text)).toEqual(fixed)
    }
  })

  test('type is checked on every call, as other options are', () => {
    check('Hi.', { spelling: false })
    expect(() => check('Hi.', { spelling: false, type: 'md' as never })).toThrow(new RangeError('ownit: options.type: expected text, markdown or html, not "md"'))
    expect(() => fix('Hi.', { type: 'HTML' as never })).toThrow(new RangeError('ownit: options.type: expected text, markdown or html, not "HTML"; did you mean “html”?'))
    expect(() => check('Hi.', { type: 1 as never })).toThrow(new TypeError('ownit: options.type: expected a string, not number 1'))
    expect(() => prepare({ type: 'txt' as never })).toThrow(RangeError)
  })

  test('a document too deeply nested to read is a RangeError naming text', () => {
    const deep = Array.from({ length: 101 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n')
    expect(() => check(deep, { type: 'markdown' })).toThrow(new RangeError('ownit: text: lists nested 100 levels deep or more: not read as Markdown'))
    expect(check(deep, { spelling: false }).ok).toBe(true)
  })

  test('the built library loads the readers itself, and gives the same messages', () => {
    const script = `import { check, fix } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)}
const documents = JSON.parse(process.argv[1])
process.stdout.write(JSON.stringify(Object.entries(documents).map(([name, text]) => [check(text, { spelling: false, type: name.endsWith('.md') ? 'markdown' : 'html' }), fix(text, { spelling: false, type: name.endsWith('.md') ? 'markdown' : 'html' })])))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(documents)], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(Object.entries(documents).map(([name, text]) => [check(text, { spelling: false, type: typeOf(name) }), fix(text, { spelling: false, type: typeOf(name) })]))
  })
})
