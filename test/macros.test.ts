import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { readMacros } from '../src/input/macros.js'
import { parseTemplate } from '../src/input/template.js'
import { fixMacros, lintMacros } from '../src/macros.js'
import { readPack } from '../src/pack/load.js'
import { toOwnitMessage } from '../src/api.js'
import { ownit, root, teamPack, workspace } from './helpers.js'
import { loadProse } from '../src/input/prose.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const fixtures = join(root, 'test', 'fixtures', 'macros')
const example = join(root, 'examples', 'macros.json')

interface Result {
  path: string
  messages: Array<{ ruleId: string; line: number; column: number; offset: number; endOffset: number; actual: string; macro?: { title?: string; id?: string; field: string } }>
}

const json = (stdout: string): Result[] => JSON.parse(stdout) as Result[]

/** Every placeholder of a text, in order: what must survive byte for byte. */
const placeholdersIn = (text: string): string[] => text.match(/\{\{\{[^]*?\}\}\}|\{\{[^]*?\}\}|\{%[^]*?%\}|\[[A-Z][\w ]+\]/g) ?? []

describe('templates', () => {
  test('a placeholder is one opaque word of the same length', () => {
    const text = 'Hi {{ first_name | fallback: "there." }}, [Customer Name] and {%customer.firstName,fallback=there%}.'
    const { views, placeholders } = parseTemplate(text)
    expect(views).toHaveLength(1)
    expect(views[0]).toHaveLength(text.length)
    expect(placeholders.map(({ start, end }) => text.slice(start, end))).toEqual(['{{ first_name | fallback: "there." }}', '[Customer Name]', '{%customer.firstName,fallback=there%}'])
    expect(views[0]).toMatch(/^Hi \{\{x+\}\}, \{\{x+\}\} and \{\{x+\}\}\.$/)
  })

  test.each([
    ['Liquid if/else', 'A{% if vip %}B{% else %}C{% endif %}D', ['A B D', 'A C D']],
    ['Liquid if without else may print nothing', 'A{% if vip %}B{% endif %}D', ['A B D', 'A D']],
    ['Handlebars', 'A{{#if vip}}B{{else}}C{{/if}}D', ['A B D', 'A C D']],
    ['nested', 'A{% if a %}{% if b %}B{% else %}C{% endif %}{% else %}E{% endif %}', ['A B', 'A C', 'A E']]
  ])('%s: one view per branch', (_, text, expected) => {
    const views = parseTemplate(text).views.map((view) => view.replace(/\s+/g, ' ').trim())
    expect(new Set(views)).toEqual(new Set(expected))
  })

  test('a long template gets fewer views: at most 16 M characters of them, and always one', async () => {
    const { templateViewChars } = await import('../src/input/template.js')
    const branches = '{% if a %}Sorry, corporate sets the policy.{% else %}We set this policy.{% endif %}\n'.repeat(100)
    for (const [length, most] of [[256 * 1024, 64], [1024 * 1024, 16], [4 * 1024 * 1024, 4], [20 * 1024 * 1024, 1]] as const) {
      const text = branches + 'x'.repeat(length - branches.length)
      const { views } = parseTemplate(text)
      expect(views.length).toBe(most)
      expect(views.length * text.length <= templateViewChars || views.length === 1).toBe(true)
    }
  })

  test('many conditionals give at most 64 views, each as long as the text, in linear time', async () => {
    const { maxTemplateViews } = await import('../src/input/template.js')
    for (const text of [
      '{% if a %}'.repeat(20_000) + 'Corporate sets the policy.' + '{% endif %}'.repeat(20_000),
      '{{#if a}}B{{else}}C{{/if}} '.repeat(5_000)
    ]) {
      const { views } = parseTemplate(text)
      expect(views.length).toBeLessThanOrEqual(maxTemplateViews)
      expect(views.length).toBeGreaterThan(1)
      for (const view of views) expect(view).toHaveLength(text.length)
    }
    // The CLI: half a megabyte of nested conditionals ran out of memory; now it is linted.
    const cwd = workspace({ 'deep.liquid': '{% if a %}'.repeat(20_000) + 'Corporate sets the policy.' + '{% endif %}'.repeat(20_000) })
    const run = ownit(['--no-spelling', '-f', 'json', 'deep.liquid'], cwd)
    expect(run.code).toBe(1)
    expect(json(run.stdout)[0]!.messages.map((message) => message.actual)).toEqual(['Corporate sets the policy'])
  })

  test('a Markdown link is not a placeholder', () => {
    expect(parseTemplate('See [our returns page](https://example.com).').placeholders).toEqual([])
  })
})

describe('Zendesk exports', () => {
  test('--format github annotates exactly the bad macros, by title', () => {
    const run = ownit(['examples/macros.json', '--format', 'github'], root)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    const titles = new Set([...run.stdout.matchAll(/title=ownit [a-z-]+ in macro “([^”]+)”/g)].map((match) => match[1]!.replace(/%3A/g, ':').replace(/%2C/g, ',')))
    expect([...titles].sort()).toEqual([
      'Account::Cannot merge accounts',
      'Billing::Duplicate charge',
      'Orders::Lost parcel (courier)',
      'Returns::Outside the return window',
      'Shipping::Delayed (conditional, blames warehouse)',
      'Technical::Escalate to engineering'
    ])
    expect(run.stdout.trim().split('\n').every((line) => /^::(error|warning|notice) file=examples\/macros\.json,line=\d+,col=\d+,/.test(line))).toBe(true)
  })

  test('every place points at the flagged words in the original file, never inside a placeholder', () => {
    const text = readFileSync(example, 'utf8')
    const run = ownit(['examples/macros.json', '--format', 'json'], root)
    const messages = json(run.stdout)[0]!.messages
    expect(messages.length).toBeGreaterThanOrEqual(6)
    const lines = text.split('\n')
    const spans = [...text.matchAll(/\{\{[^]*?\}\}|\{%[^]*?%\}/g)].map((match) => [match.index, match.index + match[0].length] as const)
    for (const message of messages) {
      // The file holds the words (JSON escapes aside) where the message says.
      expect(text.slice(message.offset, message.endOffset).replace(/\\u2019/g, '’')).toBe(message.actual)
      expect(lines[message.line - 1]!.slice(message.column - 1).startsWith(text.slice(message.offset, message.endOffset))).toBe(true)
      expect(message.macro?.title).toBeTruthy()
      expect(message.macro?.id).toMatch(/^3600112\d\d$/)
      for (const [start, end] of spans) expect(start <= message.offset && message.endOffset <= end).toBe(false)
    }
  })

  test('HTML bodies, nested placeholders, conditionals branch by branch, every template syntax', () => {
    const path = join(fixtures, 'templates.json')
    const text = readFileSync(path, 'utf8')
    const run = ownit(['test/fixtures/macros/templates.json', '--format', 'json'], root)
    expect(run.stderr).toBe('')
    const messages = json(run.stdout)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.actual, message.macro?.field])).toEqual([
      ['not-my-department', "that's not my department", 'comment_value_html'],
      ['i-cant-help-you', "{{agent}} can't help you", 'comment_value']
    ])
    // Places are offsets into the file, placeholders and all.
    expect(messages[0]!.offset).toBe(text.indexOf("that's not my department"))
    expect(messages[1]!.offset).toBe(text.indexOf("{{agent}} can't help you"))
    expect(messages[1]).toMatchObject({ line: 12, column: text.split('\n')[11]!.indexOf('{{agent}}') + 1 })
  })

  test('HTML character references in bodies read as the characters they stand for; actual quotes them as written', () => {
    const body = '<p>Hi&nbsp;{{name}},</p><p>I can&#39;t help you with that.</p><p>Our team&nbsp;can&rsquo;t help you &amp; that&rsquo;s final.</p>'
    const folder = workspace({ 'macros.json': JSON.stringify({ macros: [{ id: 1, title: 'Entities', actions: [{ field: 'comment_value_html', value: body }] }] }) })
    const text = readFileSync(join(folder, 'macros.json'), 'utf8')
    const messages = json(ownit(['macros.json', '--format', 'json'], folder).stdout)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.actual, text.slice(message.offset, message.endOffset)])).toEqual([
      ['i-cant-help-you', 'I can&#39;t help you', 'I can&#39;t help you'],
      ['i-cant-help-you', 'team&nbsp;can&rsquo;t help you', 'team&nbsp;can&rsquo;t help you']
    ])
  })

  test('a URL or e-mail address between words of a body is a clause break, after character references too', () => {
    const html = '<p>Hi&nbsp;{{name}}, for a copy of the receipt please contact help@acme.example your bank only sees the total.</p><p>Kindly message https://m.me/AcmeBilling regarding the refund.</p>'
    const plain = 'You can find the number on https://acme.example/contact our site has chat too.'
    const folder = workspace({ 'macros.json': JSON.stringify({ macros: [{ id: 1, title: 'Links', actions: [{ field: 'comment_value_html', value: html }, { field: 'comment_value', value: plain }] }] }) })
    const messages = json(ownit(['macros.json', '--format', 'json', '--no-spelling'], folder).stdout)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.actual])).toEqual([['dm-another-account', 'Kindly message https://m.me/AcmeBilling regarding']])
  })

  test('actual is the field as written where the message points: references, a line break and double spaces kept', () => {
    const phrase = 'it&rsquo;s all  in the\nT&amp;Cs'
    const body = `<p>Sorry, ${phrase} on our site.</p>`
    const yaml = ['macros:', '  - id: 2', '    title: Terms', '    actions:', '      - field: comment_value_html', '        value: |', ...body.split('\n').map((line) => `          ${line}`), '']
    const folder = workspace({
      'macros.json': JSON.stringify({ macros: [{ id: 1, title: 'Terms', actions: [{ field: 'comment_value_html', value: body }] }] }),
      'macros.yaml': yaml.join('\n'),
      'terms.liquid': 'Hi {{name}}, that is not  my\nfault.\n'
    })
    const run = ownit(['--no-spelling', '-f', 'json', 'macros.json', 'macros.yaml', 'terms.liquid'], folder)
    expect(run.stderr).toBe('')
    const [inJson, inYaml, template] = json(run.stdout) as Array<{ path: string; messages: Array<Result['messages'][number] & { endLine: number; endColumn: number }> }>
    for (const result of [inJson!, inYaml!]) {
      expect(result.messages.map((message) => [message.ruleId, message.actual])).toEqual([['its-all-on-the-website', phrase]])
    }
    // The file holds those words under its own quoting only: a JSON string's `\n`, a YAML block's indent.
    const jsonText = readFileSync(join(folder, 'macros.json'), 'utf8')
    const [fromJson] = inJson!.messages
    expect(JSON.parse(`"${jsonText.slice(fromJson!.offset, fromJson!.endOffset)}"`)).toBe(phrase)
    expect(fromJson).toMatchObject({ line: 1, column: jsonText.indexOf('it&rsquo;s') + 1, endLine: 1, endColumn: jsonText.indexOf('T&amp;Cs') + 'T&amp;Cs'.length + 1 })
    const yamlText = readFileSync(join(folder, 'macros.yaml'), 'utf8')
    const [fromYaml] = inYaml!.messages
    expect(yamlText.slice(fromYaml!.offset, fromYaml!.endOffset)).toBe('it&rsquo;s all  in the\n          T&amp;Cs')
    expect(fromYaml).toMatchObject({ line: 7, column: 21, endLine: 8, endColumn: 19 })
    // A template file is its own field: actual is exactly the text at the place.
    const liquid = readFileSync(join(folder, 'terms.liquid'), 'utf8')
    expect(template!.messages.map((message) => [message.ruleId, message.actual, liquid.slice(message.offset, message.endOffset)])).toEqual([['not-my-fault', 'not  my\nfault', 'not  my\nfault']])
  })

  test('a phrase is never assembled across branches', () => {
    const folder = workspace({
      'macros.json': JSON.stringify({ macros: [{ id: 1, title: 'Split', actions: [{ field: 'comment_value', value: "It's not {% if vip %}a problem{% else %}my{% endif %} fault, {% if a %}I can't{% else %}we can{% endif %} help you today." }] }] })
    })
    const run = ownit(['macros.json', '--no-spelling', '--format', 'json'], folder)
    expect(json(run.stdout)[0]!.messages.map((message) => message.ruleId)).toEqual(['not-my-fault', 'i-cant-help-you'])
  })

  test('a malformed macro: one line naming file, place, macro and field; exit 2; the rest still reported', () => {
    const run = ownit(['test/fixtures/macros/broken.json', 'examples/good-reply.txt', '--format', 'compact'], root)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('ownit: test/fixtures/macros/broken.json:11:56: macro "Broken macro" (id 7002): comment_value: expected text or a list of texts, not a number, so it was not linted\n')
    expect(run.stdout).toMatch(/^test\/fixtures\/macros\/broken\.json:16:67: error not-my-department: macro "Bad macro" \(id 7003\): comment_value: /)
  })

  test('a field that is not text: the line says it was not linted, the report never calls the file clean, exit 2, the other fields and files still reported', () => {
    const saved = JSON.stringify({ replies: [{ title: 'Refund', id: 1, body: 'We have refunded your order.' }, { title: 'Broken', id: 2, body: 42 }] }, null, 1)
    const folder = workspace({ 'saved.json': saved, 'mixed.json': saved.replace('We have refunded', "It's not my fault, we refunded"), 'reply.txt': 'We have refunded your order.\n' })
    const stderr = 'ownit: saved.json:11:12: macro "Broken" (id 2): /replies/1/body: expected text, not a number, so it was not linted\n'
    const run = ownit(['saved.json', 'reply.txt', '--no-spelling', '--fields', '/replies/*/body'], folder)
    expect(run).toEqual({ code: 2, stdout: 'reply.txt: no issues found\nsaved.json: 1 field not linted\n', stderr })
    const both = ownit(['mixed.json', 'saved.json', '--no-spelling', '--fields', '/replies/*/body'], folder)
    expect(both.code).toBe(2)
    expect(both.stdout).toMatch(/^mixed\.json: 1 field not linted\n6:\d+-6:\d+ +error .* not-my-fault ownit\n/)
    expect(both.stdout).toContain('\n\nsaved.json: 1 field not linted\n\n✖ 1 error\n')
    // The formats that list only problems say nothing of a clean file: the line on stderr and exit 2 say it.
    expect(ownit(['saved.json', '--no-spelling', '--fields', '/replies/*/body', '-f', 'compact'], folder)).toEqual({ code: 2, stdout: '', stderr })
  })

  test('json: a file with fields not linted carries them as errors (message, line, column, macro); a file read whole has no errors key', () => {
    const saved = JSON.stringify({ replies: [{ title: 'Refund', id: 1, body: "It's not my fault, we refunded your order." }, { title: 'Broken', id: 2, body: 42 }, { body: ['a', 'list'] }] }, null, 1)
    const folder = workspace({ 'saved.json': saved, 'reply.txt': 'We have refunded your order.\n' })
    const run = ownit(['saved.json', 'reply.txt', '--no-spelling', '--fields', '/replies/*/body', '--fields', '/replies/*/text', '-f', 'json'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      [
        'ownit: saved.json:11:12: macro "Broken" (id 2): /replies/1/body: expected text, not a number, so it was not linted',
        'ownit: saved.json:14:12: macro: /replies/2/body: expected text, not a list, so it was not linted',
        'ownit: saved.json:1:1: --fields /replies/*/text: matches nothing in this file',
        ''
      ].join('\n')
    )
    const [file, clean] = JSON.parse(run.stdout) as Array<Result & { errors?: unknown }>
    expect(file!.messages.map((message) => message.ruleId)).toEqual(['not-my-fault'])
    // The lines on stderr in parts: what is wrong, where, and in which macro and field (as a message names it).
    expect(file!.errors).toEqual([
      { message: 'expected text, not a number, so it was not linted', line: 11, column: 12, macro: { title: 'Broken', id: '2', field: '/replies/1/body' } },
      { message: 'expected text, not a list, so it was not linted', line: 14, column: 12, macro: { field: '/replies/2/body' } },
      { message: '--fields /replies/*/text: matches nothing in this file', line: 1, column: 1 }
    ])
    // Only when there are any: a clean file's object is as it always was, byte for byte.
    expect(run.stdout).toContain('\n  {\n    "path": "reply.txt",\n    "messages": []\n  }\n]\n')
    expect(Object.keys(clean!)).toEqual(['path', 'messages'])
    // A file that cannot be read at all has no object (no messages to stand for it): its line on stderr and exit 2 say it.
    const unread = ownit(['bad.json', 'reply.txt', '--no-spelling', '-f', 'json'], workspace({ 'bad.json': '{"macros": [', 'reply.txt': 'We have refunded your order.\n' }))
    expect(unread.code).toBe(2)
    expect((JSON.parse(unread.stdout) as Result[]).map((result) => result.path)).toEqual(['reply.txt'])
  })

  test('json: a Zendesk export with a field not linted; after --fix its errors point into the fixed file, as its messages do', () => {
    // All on one line: the fix before the broken field moves its column.
    const exported = JSON.stringify({ macros: [{ id: 7, title: 'Late', actions: [{ field: 'comment_value', value: "Sorry, corporate sets the policy. It's not my fault." }, { field: 'subject', value: true }] }] })
    const folder = workspace({ 'macros.json': exported })
    const run = ownit(['macros.json', '--no-spelling', '-f', 'json'], folder)
    expect(run.code).toBe(2)
    const where = { title: 'Late', id: '7', field: 'subject' }
    const message = 'expected text or a list of texts, not a boolean, so it was not linted'
    const column = exported.indexOf('true') + 1
    expect((JSON.parse(run.stdout) as Array<{ errors?: unknown }>)[0]!.errors).toEqual([{ message, line: 1, column, macro: where }])
    const fixed = ownit(['macros.json', '--no-spelling', '-f', 'json', '--fix'], folder)
    expect(fixed.code).toBe(2)
    const text = readFileSync(join(folder, 'macros.json'), 'utf8')
    expect(text).toContain('Sorry, we set the policy.')
    const [result] = JSON.parse(fixed.stdout) as Array<Result & { errors?: unknown }>
    expect(result!.messages.map((found) => [found.ruleId, found.column])).toEqual([['not-my-fault', text.indexOf('not my fault') + 1]])
    expect(result!.errors).toEqual([{ message, line: 1, column: text.indexOf('true') + 1, macro: where }])
  })

  test('invalid JSON is one line with its place; other files are still linted', () => {
    const folder = workspace({ 'bad.json': '{"macros": [\n  {"title": "x",}\n]}', 'reply.txt': "Sorry, that's not my department.\n" })
    const run = ownit(['bad.json', 'reply.txt', '--format', 'compact'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('ownit: bad.json:2:16: invalid JSON: a comma before “}” (JSON allows none after the last property)\n')
    expect(run.stdout).toContain('reply.txt:1:8: error not-my-department')
  })

  // JSON.parse gave no place for some (“Unexpected end of JSON input” was 1:1) and its own words for the rest.
  test.each([
    ['cut short', '{"macros": [\n  {"title": "Refunds", "actions": [\n', 'm.json:3:1: invalid JSON: expected a value, not the end of the text'],
    ['a string not closed', '{"macros": [\n  {"title": "Refunds\n', 'm.json:2:21: invalid JSON: expected “"” to end the string, not a line break'],
    ['single quotes', "{'macros': []}", "m.json:1:2: invalid JSON: expected a property name in double quotes, not “'” (JSON strings take double quotes)"],
    ['a comment', '{"macros": [] // from Zendesk\n}', 'm.json:1:15: invalid JSON: expected “,” or “}” after a property, not a comment (JSON has none)'],
    ['a tab in a text', '{"macros": [{"title": "Tab\there", "actions": []}]}', 'm.json:1:27: invalid JSON: a control character (U+0009) in a string: write it as an escape, like \\u0009']
  ])('invalid JSON, %s: the line, column and what is wrong', (_name, text, message) => {
    expect(() => readMacros(text, 'm.json', 'json')).toThrow(message)
    expect(() => readMacros(text, 'm.json', 'zendesk')).toThrow(message)
  })

  test('--type zendesk on something else says what was expected', () => {
    const folder = workspace({ 'data.json': '{"items": []}' })
    const run = ownit(['data.json', '--type', 'zendesk'], folder)
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: data.json:1:1: not a Zendesk macro export: expected "macros": [{"title", "id", "actions": […]}]\n' })
  })

  test('--fix rewrites inside the JSON string, escaped, and leaves placeholders alone', () => {
    const body = 'Hi {{ticket.requester.first_name}},\n\nThe gremlins lost your parcel. Say "hi" to {{agent}} from [Agent Name].'
    const folder = workspace({ '.ownitrc.json': JSON.stringify({ packs: ['./team.yml'], spelling: false }), 'macros.json': JSON.stringify({ macros: [{ id: 5, title: 'Gremlins', actions: [{ field: 'comment_value', value: body }] }] }, null, 2) })
    const run = ownit(['macros.json', '--fix', '--no-builtin'], folder)
    expect(run.stderr).toBe('ownit: fixed 1 problem in 1 file\n')
    const fixed = JSON.parse(readFileSync(join(folder, 'macros.json'), 'utf8')) as { macros: Array<{ actions: Array<{ value: string }> }> }
    expect(fixed.macros[0]!.actions[0]!.value).toBe('Hi {{ticket.requester.first_name}},\n\nWe lost your parcel. Say "hi" to {{agent}} from [Agent Name].')
  })
})

describe('folders, templates and directives', () => {
  test('a folder walk lints macro exports and templates, and skips other JSON and YAML', () => {
    const folder = workspace({
      'macros/zendesk.json': readFileSync(example, 'utf8'),
      'macros/package.json': '{"name": "support-macros", "version": "1.0.0"}',
      'macros/settings.json': '{"broken": ',
      'macros/replies/policy.liquid': 'Hi {{ name }},\n\n{% if vip %}Thanks for waiting!{% else %}Corporate sets the policy.{% endif %}\n'
    })
    const run = ownit(['macros', '--format', 'compact'], folder)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toBe('macros/replies/policy.liquid:3:42: error corporate-sets-policy: Saying the people above you set the rule tells the customer nobody here owns it.')
    expect(lines.slice(1).every((line) => line.startsWith('macros/zendesk.json:'))).toBe(true)
    expect(lines).toHaveLength(10)
  })

  test('ownit-disable inside an HTML body silences what follows, in that macro only', () => {
    const body = '<p>Corporate sets the policy.</p><!-- ownit-disable corporate-sets-policy --><p>Corporate sets the policy on this, and we agree with it.</p>'
    const folder = workspace({ 'macros.json': JSON.stringify({ macros: [{ id: 1, title: 'Deliberate', actions: [{ field: 'comment_value_html', value: body }] }, { id: 2, title: 'Next', actions: [{ field: 'comment_value', value: 'Corporate sets the policy.' }] }] }) })
    const messages = json(ownit(['macros.json', '--format', 'json'], folder).stdout)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.macro?.title, message.column])).toEqual([
      ['corporate-sets-policy', 'Deliberate', 94],
      ['corporate-sets-policy', 'Next', 304]
    ])
  })
})

describe('--type', () => {
  test('stdin read as a Zendesk export, and as a template', () => {
    const folder = workspace()
    const zendesk = JSON.stringify({ macro: { id: 77, title: 'From stdin', actions: [{ field: 'comment_value', value: "Hi {{name}}, that's not my department." }] } })
    expect(ownit(['-', '--type', 'zendesk', '--format', 'compact'], folder, zendesk).stdout).toBe(
      `<stdin>:1:${zendesk.indexOf("that's") + 1}: error not-my-department: macro "From stdin" (id 77): comment_value: Saying it isn't your area tells the customer to start again somewhere else.\n`
    )
    const template = "Hi [Customer Name],\n{{agent}} can't help you{% if vip %} today{% endif %}.\n"
    const run = ownit(['-', '--type', 'template', '--format', 'json'], folder, template)
    expect(json(run.stdout)[0]!.messages.map((message) => [message.ruleId, message.line, message.column, message.actual])).toEqual([['i-cant-help-you', 2, 1, "{{agent}} can't help you"]])
  })

  test('--type text reads a JSON file as plain text', () => {
    const folder = workspace({ 'note.json': "Sorry, that's not my department.\n" })
    expect(ownit(['note.json', '--type', 'text', '--format', 'compact'], folder).stdout).toMatch(/^note\.json:1:8: error not-my-department: Saying it isn't your area/)
  })

  test('SARIF results carry the macro', () => {
    const run = ownit(['test/fixtures/macros/broken.json', '--format', 'sarif'], root)
    const result = (JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ message: { text: string }; properties: { macro: unknown } }> }> }).runs[0]!.results[0]!
    expect(result.message.text).toMatch(/^macro "Bad macro" \(id 7003\): comment_value: /)
    expect(result.properties.macro).toEqual({ title: 'Bad macro', id: '7003', field: 'comment_value' })
  })
})

describe('generic JSON and YAML fields', () => {
  test('YAML with --fields: literal, single-quoted and folded scalars, places in the file', () => {
    const text = readFileSync(join(fixtures, 'replies.yaml'), 'utf8')
    const run = ownit(['test/fixtures/macros/replies.yaml', '--fields', '/replies/*/body', '--format', 'json'], root)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    const messages = json(run.stdout)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.macro?.title, message.macro?.field])).toEqual([
      ['not-my-fault', 'Policy', '/replies/1/body'],
      ['corporate-sets-policy', 'Policy', '/replies/1/body'],
      ['nothing-i-can-do', 'Wait', '/replies/2/body'],
      ['sorry-for-any-inconvenience', 'Plain', '/replies/3/body']
    ])
    expect(text.slice(messages[1]!.offset, messages[1]!.endOffset)).toBe('corporate sets the policy')
    expect(text.slice(messages[3]!.offset, messages[3]!.endOffset)).toBe('Sorry for any inconvenience')
    expect(messages[2]).toMatchObject({ line: 17, column: 7 })
  })

  test('a path that matches nothing is an error, not a silent pass', () => {
    const run = ownit(['test/fixtures/macros/replies.yaml', '--fields', '/macros/*/body'], root)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('ownit: test/fixtures/macros/replies.yaml:1:1: --fields /macros/*/body: matches nothing in this file\n')
  })

  test('a JSON file that is not a Zendesk export needs --fields', () => {
    const saved = JSON.stringify({ items: [{ id: 'sr_1', name: 'Lost parcel', text: "{{ customer.first_name }}, it's not my fault." }] })
    const folder = workspace({ 'saved.json': saved })
    expect(ownit(['saved.json'], folder).stderr).toBe("ownit: saved.json:1:1: not a Zendesk macro export; name the fields to lint with --fields, like --fields '/macros/*/body'\n")
    const run = ownit(['saved.json', '--fields', '/items/*/text', '--format', 'compact'], folder)
    expect(run.stdout).toBe(`saved.json:1:${saved.indexOf('not my fault') + 1}: error not-my-fault: macro "Lost parcel" (id sr_1): /items/0/text: Saying the fault isn't yours tells the customer you are defending yourself instead of helping them.\n`)
  })

  test('YAML aliases: a text shared through an anchor is read, once, where it is written, and fixed there', () => {
    const saved = 'signoff: &signoff "Corporate sets the policy, not me."\nreplies:\n  - title: Refund\n    body: *signoff\n  - title: Late\n    body: *signoff\n  - title: Loop\n    body: &self [*self]\n'
    const folder = workspace({ 'saved.yml': saved })
    const run = ownit(['saved.yml', '--no-config', '--no-spelling', '--fields', '/replies/*/body', '--format', 'compact'], folder)
    expect(run.stdout).toBe('saved.yml:1:20: error corporate-sets-policy: macro "Refund": /replies/0/body: Saying the people above you set the rule tells the customer nobody here owns it.\n')
    expect(run.stderr).toBe('ownit: saved.yml:8:17: macro "Loop": /replies/2/body: expected text, not a list, so it was not linted\n')
    ownit(['saved.yml', '--no-config', '--no-spelling', '--fields', '/replies/*/body', '--fix'], folder)
    expect(readFileSync(join(folder, 'saved.yml'), 'utf8')).toBe(saved.replace('Corporate sets the policy', 'We set the policy'))
  })

  test('YAML merge keys: fields a reply takes from <<: *defaults are linted where they are written; its own win', () => {
    const saved = [
      'defaults: &defaults',
      '  signoff: "Corporate sets the policy, sorry."',
      '  body: "Thanks for waiting."',
      'extra: &extra',
      '  footer: "That\'s not my department."',
      'replies:',
      '  - <<: [*defaults, *extra]',
      '    title: Refund',
      '    body: "It\'s not my fault."',
      '  - <<: *defaults',
      '    title: Late',
      ''
    ].join('\n')
    const run = ownit(['saved.yml', '--no-config', '--no-spelling', '--fields', '/replies/*/body', '--fields', '/replies/*/signoff', '--fields', '/replies/*/footer', '--format', 'compact'], workspace({ 'saved.yml': saved }))
    // Each line without its message (the text after the last “: ”).
    expect(run.stdout.split('\n').map((line) => line.replace(/: [^:]+$/, ''))).toEqual([
      'saved.yml:2:13: error corporate-sets-policy: macro "Refund": /replies/0/signoff',
      'saved.yml:5:12: error not-my-department: macro "Refund": /replies/0/footer',
      'saved.yml:9:17: error not-my-fault: macro "Refund": /replies/0/body',
      ''
    ])
  })

  test('--fields must be a path', () => {
    expect(ownit(['x.json', '--fields', 'body'], root)).toEqual({ code: 2, stdout: '', stderr: 'ownit: --fields body: expected a path starting with /, like /macros/*/body\n' })
  })
})

describe('placeholders survive --fix byte for byte', () => {
  const options = { packs: [readPack(teamPack)], builtin: false, spelling: false as const }
  const placeholder = fc.constantFrom(
    '{{ticket.requester.first_name}}',
    '{{ first_name | fallback: "there" }}',
    '{%customer.firstName,fallback=there%}',
    '[Customer Name]',
    '{{{signature}}}',
    '{{the gremlins lost it}}',
    '{% if vip %}',
    '{% else %}',
    '{% endif %}'
  )
  const phrase = fc.constantFrom('the gremlins lost your parcel', 'The gremlins broke it', 'we lost your parcel', 'thanks for waiting', 'Maria', "it's on its way")
  const body = fc.array(fc.oneof(placeholder, phrase), { minLength: 1, maxLength: 8 }).chain((parts) => fc.constantFrom(' ', '. ', ', ', '\n').map((separator) => parts.join(separator) + '.'))

  test('in JSON (escaped) and YAML (single-quoted) exports', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 4 }), fc.boolean(), (bodies, yaml) => {
        const macros = bodies.map((value, index) => ({ id: index, title: `Macro ${index}`, actions: [{ field: 'comment_value', value }] }))
        const text = yaml
          ? `macros:\n${macros.map((macro) => `  - id: ${macro.id}\n    title: ${macro.title}\n    actions:\n      - field: comment_value\n        value: '${macro.actions[0]!.value.replace(/'/g, "''").replace(/\n/g, '\n\n          ')}'\n`).join('')}`
          : JSON.stringify({ macros }, null, 2)
        const read = (current: string) => readMacros(current, 'macros', yaml ? 'yaml' : 'json')
        const fixed = fixMacros(text, read, options)
        const before = read(text).fields.map((field) => field.value)
        const after = read(fixed.text).fields.map((field) => field.value)
        expect(after.map(placeholdersIn)).toEqual(before.map(placeholdersIn))
        // Nothing left to fix, and no message inside a placeholder.
        expect(fixMacros(fixed.text, read, options).text).toBe(fixed.text)
        const file = lintMacros('macros', fixed.text, read(fixed.text), options)
        for (const message of file.messages.map(toOwnitMessage)) expect(message.actual).not.toMatch(/^[^{[]*[}\]]|^\{\{[^}]*$/)
      }),
      { numRuns: 60 }
    )
  })
})
