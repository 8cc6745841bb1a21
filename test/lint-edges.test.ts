/**
 * Edges found by probing the CLI, the library and the server as a user would: a file
 * named twice, a rule list in a report format, options the library took without a word,
 * `__proto__` in a request, a broken package.json told in YAML's words, and UTF-16 text
 * called binary.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { check, fix, type Options } from '../src/api.js'
import { jsonProblem, maxJsonDepth } from '../src/config/json.js'
import { expandInputs } from '../src/input/files.js'
import { decodeText } from '../src/input/read.js'
import { languages as spellingLanguages } from '../src/spell/sources.js'
import { languages } from '../src/types.js'
import { buildServer } from '../dist/serve/app.js'
import { bin, ownit, teamConfig, workspace } from './helpers.js'

const gremlins = 'The gremlins lost your parcel. Sorry for the kerfuffle.\n'

describe('each file is linted once, however it is named', () => {
  const cwd = workspace({ '.ownitrc.json': teamConfig, 'a.txt': gremlins, 'sub/b.txt': gremlins })
  symlinkSync('a.txt', join(cwd, 'link.txt'))

  test.each([
    ['twice as written', ['a.txt', 'a.txt'], ['a.txt']],
    ['./ and without', ['a.txt', './a.txt'], ['a.txt']],
    ['relative and absolute', ['./a.txt', join(cwd, 'a.txt')], ['./a.txt']],
    ['through a symbolic link', ['link.txt', 'a.txt'], ['link.txt']],
    ['a file and its folder', ['sub/b.txt', 'sub'], ['sub/b.txt']],
    ['a folder and a file in it', ['./sub', 'sub/b.txt'], ['sub/b.txt']],
    ['overlapping globs', ['sub/*.txt', 'sub/**/*.txt', '*.txt'], ['sub/b.txt', 'a.txt']],
    ['a path through ..', ['a.txt', 'sub/../a.txt'], ['a.txt']]
  ])('%s', (_name, args, names) => {
    const run = ownit(['-f', 'compact', ...args], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trim().split('\n')
    // Two problems per file, once each, under the first name given, in the order first met.
    expect(lines.map((line) => line.split(':')[0])).toEqual(names.flatMap((name) => [name, name]))
  })

  test('a file named twice counts once toward --max-warnings', () => {
    const run = ownit(['--max-warnings', '1', '--rule', 'gremlins-did-it=off', 'a.txt', './a.txt'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })

  test('expandInputs keeps the first name and tells a named file from a walked one by identity', () => {
    const folder = workspace({ 'data.json': '{"not": "macros"}', 'reply.txt': gremlins })
    const expanded = expandInputs(['.', './data.json', 'reply.txt'], folder)
    expect(expanded.files).toEqual(['data.json', 'reply.txt', 'team.yml'])
    // Named as ./data.json: a file the user asked for, not one a walk met (which would be skipped quietly).
    expect([...expanded.walked]).toEqual(['team.yml'])
  })
})

describe('--list-rules and --explain take only the formats that make sense for them', () => {
  const cwd = workspace()
  test.each(['sarif', 'github', 'compact'])('--list-rules -f %s is refused with one line', (format) => {
    const run = ownit(['--list-rules', '-f', format], cwd)
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `ownit: --list-rules: --format ${format} is for reports of problems; the rule list prints as a table (stylish, the default) or as json\n`
    })
  })

  test('the table and JSON still print', () => {
    expect(ownit(['--list-rules'], cwd).stdout).toMatch(/^id +category +severity +example\n/)
    const list = JSON.parse(ownit(['--list-rules', '-f', 'json'], cwd).stdout) as Array<{ id: string }>
    expect(list.map((rule) => rule.id)).toContain('not-my-fault')
  })

  test.each(['json', 'sarif'])('--explain -f %s is refused: an explanation is text', (format) => {
    const run = ownit(['--explain', 'not-my-fault', '-f', format], cwd)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(`ownit: --explain: --format ${format} is for reports of problems; an explanation prints as text only\n`)
  })

  test('--help says which formats --list-rules takes', () => {
    expect(ownit(['--help'], cwd).stdout).toContain('--list-rules  list every rule: a table, or JSON with -f json')
  })
})

describe('the library checks its options as the server checks a request', () => {
  test.each<[string, unknown, ErrorConstructor, string]>([
    ['an unknown rule', { rules: { 'not-my-falt': 'off' } }, RangeError, 'ownit: options.rules: unknown rule “not-my-falt”, did you mean “not-my-fault”?'],
    ['a bad severity', { rules: { 'not-my-fault': 'high' } }, RangeError, 'ownit: options.rules["not-my-fault"]: expected off, info, warning or error, not "high"'],
    ['a check that cannot be set', { rules: { 'too-many-problems': 'off' } }, RangeError, 'ownit: options.rules: “too-many-problems” cannot be turned off or changed'],
    ['an unknown category', { categories: ['blame-shifing'] }, RangeError, 'not "blame-shifing"; did you mean “blame-shifting”?'],
    ['a category twice', { categories: ['deflection', 'deflection'] }, RangeError, 'ownit: options.categories: "deflection" is given twice'],
    ['categories as a string', { categories: 'deflection' }, TypeError, 'ownit: options.categories: expected an array, not string "deflection"'],
    ['an unknown language', { language: 'fr' }, RangeError, 'ownit: options.language: expected en-US or en-GB, not "fr"'],
    ['words as a number', { words: 5 }, TypeError, 'ownit: options.words: expected an array, not number 5'],
    ['a word that is no string', { words: ['Zendesk', 7] }, TypeError, 'ownit: options.words[1]: expected a string, not number 7'],
    ['spelling as a string', { spelling: 'yes' }, TypeError, 'ownit: options.spelling: expected a boolean, not string "yes"'],
    ['an unknown type', { type: 'htm' }, RangeError, 'ownit: options.type: expected text, markdown or html, not "htm"; did you mean “html”?'],
    ['type as a number', { type: 2 }, TypeError, 'ownit: options.type: expected a string, not number 2'],
    ['a misspelt option', { categroies: ['deflection'] }, TypeError, 'ownit: options: unknown option “categroies”, did you mean “categories”?'],
    ['a pack that is neither', { packs: [5] }, TypeError, 'ownit: options.packs[0]: expected a path to a YAML pack or a pack from parsePack, not number 5'],
    ['a BigInt', { spelling: 1n }, TypeError, 'ownit: options.spelling: expected a boolean, not bigint 1n'],
    ['options that are no object', null, TypeError, 'ownit: options: expected an object, not null'],
    ['__proto__ as a rule id', { rules: JSON.parse('{"__proto__": "off"}') as object }, RangeError, 'ownit: options.rules: unknown rule “__proto__”'],
    ['a bundled rule without the bundled packs', { builtin: false, rules: { 'not-my-fault': 'off' } }, RangeError, 'ownit: options.rules: unknown rule “not-my-fault”']
  ])('%s', (_name, options, type, message) => {
    for (const run of [() => check('Thanks for waiting.', options as Options), () => fix('Thanks for waiting.', options as Options)]) {
      expect(run).toThrow(type)
      expect(run).toThrow(message)
    }
  })

  test('good options pass: the checks that are not rules can be set, and an option left undefined is left out', () => {
    expect(check("That's not my department.", { rules: { spelling: 'off', 'unused-disable-directive': 'error', 'not-my-department': 'warning' }, language: undefined }).messages.map((message) => message.severity)).toEqual(['warning'])
    expect(check("That's not my department.", { rules: { 'unknown-directive-name': 'off' }, type: undefined }).messages.map((message) => message.ruleId)).toEqual(['not-my-department'])
  })

  test('the same options are checked once: a later call with options equal to them does not read them again', () => {
    const options = { categories: ['deflection'] as Options['categories'], spelling: false, words: ['Zendesk'] }
    check('Thanks.', { ...options })
    let reads = 0
    const counted = Object.defineProperty({ ...options }, 'words', {
      enumerable: true,
      get() {
        reads++
        return ['Zendesk']
      }
    })
    check('Thanks.', counted)
    // Once, for the key of the compiled options; not again to check or compile them.
    expect(reads).toBe(1)
  })

  test("the library's languages are the dictionaries'", () => {
    expect([...languages]).toEqual([...spellingLanguages])
  })
})

describe('the server and the library agree on what they refuse', () => {
  const apps: FastifyInstance[] = []
  const server = (): FastifyInstance => {
    const app = buildServer({ logLevel: 'silent', jobs: 1, inlineLength: 0 })
    apps.push(app)
    return app
  }
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()))
  })
  const post = (app: FastifyInstance, payload: string) => app.inject({ method: 'POST', url: '/v1/check', headers: { 'content-type': 'application/json' }, payload })

  test.each([
    '{"rules": {"__proto__": "off"}}',
    '{"rules": {"constructor": "off"}}',
    '{"rules": {"not-my-falt": "off"}}',
    '{"rules": {"not-my-fault": "high"}}',
    '{"categories": ["rudeness"]}',
    '{"language": "fr"}',
    '{"words": 5}',
    '{"spelling": "no"}'
  ])('%s', async (options) => {
    const response = await post(server(), `{"text": "Thanks for waiting.", ${options.slice(1)}`)
    expect(response.statusCode).toBe(400)
    expect(response.json().message).not.toMatch(/not valid JSON/)
    expect(() => check('Thanks for waiting.', JSON.parse(options) as Options)).toThrow(/^ownit: options/)
  })

  test('__proto__ in rules is an unknown rule, not "invalid JSON", and no prototype is touched', async () => {
    const app = server()
    const inRules = await post(app, '{"text": "hi", "rules": {"__proto__": "off"}}')
    expect(inRules.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body/rules: unknown rule “__proto__”' })
    const atTop = await post(app, '{"text": "hi", "__proto__": {"spelling": false, "polluted": true}}')
    expect(atTop.statusCode).toBe(400)
    expect(atTop.json().message).toBe('body must NOT have additional properties, found “__proto__”')
    const constructor = await post(app, '{"text": "hi", "constructor": {"prototype": {"polluted": true}}}')
    expect(constructor.json().message).toBe('body must NOT have additional properties, found “constructor”')
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  test('JSON that does not parse is a 400 saying where and what', async () => {
    const app = server()
    const cases: Array<[string, string]> = [
      ['{"text": "hi",}', 'the body is not valid JSON (line 1, column 14): a comma before “}” (JSON allows none after the last property)'],
      ["{'text': 'hi'}", 'the body is not valid JSON (line 1, column 2): expected a property name in double quotes, not “\'” (JSON strings take double quotes)'],
      ['{\n  "text": "hi"\n  "spelling": false\n}', 'the body is not valid JSON (line 3, column 3): expected “,” or “}” after a property, not “"”']
    ]
    for (const [payload, message] of cases) expect((await post(app, payload)).json().message).toBe(message)
  })

  test('an enum names the values it allows', async () => {
    expect((await post(server(), '{"text": "hi", "language": "fr"}')).json().message).toBe('body/language must be equal to one of the allowed values: en-US, en-GB')
  })
})

describe('a config that is not valid JSON is told in JSON’s words', () => {
  const reply = { 'reply.txt': gremlins }
  test.each([
    ['package.json', '{\n  "name": "replies",\n  "ownit": {\n    "rules": { "gremlins-did-it": "off" }\n  }\n', 'package.json:6:1: not valid JSON: expected “,” or “}” after a property, not the end of the text'],
    ['package.json', '{\n  "ownit": {\n    "rules": { "gremlins-did-it": }\n  }\n}\n', 'package.json:3:35: not valid JSON: expected a value, not “}”'],
    ['package.json', '{\n  "ownit": {\n    rules: {}\n  }\n}\n', 'package.json:3:5: not valid JSON: expected a property name in double quotes, not “rules”'],
    ['package.json', "{\n  'ownit': {}\n}\n", 'package.json:2:3: not valid JSON: expected a property name in double quotes, not “\'” (JSON strings take double quotes)'],
    ['package.json', '{"ownit": {"packs": ["./team.yml"]}, "ownit": {}}', 'package.json:1:38: a key given twice: each key may appear once'],
    ['.ownitrc.json', '{\n  "packs": ["./team.yml"]\n  "rules": {}\n}\n', '.ownitrc.json:3:3: not valid JSON: expected “,” or “}” after a property, not “"”'],
    ['ownit.config.json', '{"allow": ["a\tb"]}', 'ownit.config.json:1:14: not valid JSON: a control character (U+0009) in a string: write it as an escape, like \\u0009']
  ])('%s: %j', (name, content, message) => {
    const run = ownit(['reply.txt'], workspace({ ...reply, [name]: content }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: `ownit: ${message}\n` })
  })

  test('a byte order mark is allowed, as it was', () => {
    const run = ownit(['-f', 'compact', 'reply.txt'], workspace({ ...reply, 'package.json': `\ufeff${JSON.stringify({ name: 'replies', ownit: { packs: ['./team.yml'] } })}` }))
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('error gremlins-did-it')
  })

  test('comments and trailing commas are still allowed, as in tsconfig.json', () => {
    const run = ownit(['-f', 'compact', 'reply.txt'], workspace({ ...reply, '.ownitrc.json': '{\n  // the team pack\n  "packs": ["./team.yml",],\n  "rules": {"sorry-for-the-kerfuffle": "off",},\n}\n' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('error gremlins-did-it')
    expect(run.stdout).not.toContain('kerfuffle')
  })

  test.each([
    ['every kind of value', '{"a": [1, 2.5e-3, -0, true, false, null, "\\u00e9\\n"]}', undefined],
    ['white space around', '  {}  ', undefined],
    ['a leading zero', '{"a": 01}', 'expected “,” or “}” after a property, not “1”'],
    ['an array not closed', '[1, 2', 'expected “,” or “]” after an item, not the end of the text'],
    ['a misspelt literal', '{"a": tru}', 'expected a value, not “tru”'],
    ['a bad escape', '{"a": "\\x"}', 'expected an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX, not “\\x”'],
    ['two values', '{} {}', 'expected the end of the text after the value, not “{”'],
    ['a number cut short', '[1.]', 'expected a digit, not “]”'],
    ['an exponent cut short', '[1e+]', 'expected a digit, not “]”'],
    ['a bad \\u escape', '["\\u12G4"]', 'expected four hex digits after \\u, not “\\u12G4”'],
    ['a string across a line break', '["a\nb"]', 'expected “"” to end the string, not a line break'],
    ['a control character after a bad escape', '["\\x\t"]', 'expected an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX, not “\\x”'],
    ['a comment', '{"a": 1 // one\n}', 'expected “,” or “}” after a property, not a comment (JSON has none)'],
    ['a leading comma', '[,1]', 'expected a value, not “,”'],
    ['a comma with no property', '{,}', 'expected a property name in double quotes, not “,”'],
    ['a missing colon', '{"a" 1}', 'expected “:” after the property name, not “1”'],
    ['a trailing comma in an array', '[1, 2, ]', 'a comma before “]” (JSON allows none after the last item)'],
    ['nothing', '', 'expected a value, not the end of the text'],
    ['a key given twice (JSON.parse keeps the last)', '{"a": 1, "a": 2}', undefined],
    [`${maxJsonDepth - 1} levels deep, not closed`, '['.repeat(maxJsonDepth - 1), 'expected a value, not the end of the text'],
    ['100,000 levels deep (no stack overflow)', '['.repeat(100_000), `expected at most ${maxJsonDepth} levels of nesting, not more`]
  ])('jsonProblem: %s', (_name, text, message) => {
    expect(jsonProblem(text)?.message).toBe(message)
    if (message === undefined) expect(() => JSON.parse(text) as unknown).not.toThrow()
    else expect(() => JSON.parse(text) as unknown).toThrow()
  })

  test.each([
    ['comments and trailing commas', '{\n  // a note\n  "a": [1, 2,], /* another */\n}', {}, undefined],
    ['a comment never closed', '{"a": 1 /* note', {}, [1, 16, 'expected “*/” to end the comment, not the end of the text']],
    ['a key given twice, with its place', '{\n  "a": 1,\n  "b": {"a": 2},\n  "\\u0061": 3\n}', { uniqueKeys: true }, [4, 3, 'a key given twice: each key may appear once']],
    ['a syntax error before a key given twice', '{"a": 1, "a": 2, }', { uniqueKeys: true, jsonc: false }, [1, 16, 'a comma before “}” (JSON allows none after the last property)']]
  ])('jsonProblem with options, %s', (_name, text, options, expected) => {
    const problem = jsonProblem(text, { jsonc: true, ...options })
    expect(problem && [problem.line, problem.column, problem.message]).toEqual(expected)
  })

  test('jsonProblem finds a problem exactly when JSON.parse does', () => {
    const parses = (text: string): boolean => {
      try {
        JSON.parse(text)
        return true
      } catch {
        return false
      }
    }
    const text = fc.oneof(
      fc.json(),
      // JSON with one character dropped, doubled or changed: mostly not JSON any more.
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '"', '}', ']', ':', '\\', ' ', '0', '-', 'e', '.', '\n', "'")).map(([json, at, char]) => {
        const index = json.length === 0 ? 0 : at % json.length
        return json.slice(0, index) + char + json.slice(index + (at % 3 === 0 ? 1 : 0))
      }),
      fc.string()
    )
    fc.assert(fc.property(text, (candidate) => (jsonProblem(candidate) === undefined) === parses(candidate)), { numRuns: 3000 })
    // JSON with comments and trailing commas takes all JSON.
    fc.assert(fc.property(fc.json(), (json) => jsonProblem(json, { jsonc: true }) === undefined), { numRuns: 500 })
  })
})

describe('UTF-16 with a byte order mark is read, not called binary', () => {
  const text = 'Hi Ana,\r\nthe gremlins lost your parcel. Sorry for the kerfuffle 🙁\n'
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
  const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])
  const report = (stdout: string) => (JSON.parse(stdout) as Array<{ messages: unknown[] }>)[0]!.messages

  test('its messages are those of the same text in UTF-8: lines, columns and offsets into the decoded text', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'utf8.txt': text, 'le.txt': utf16le, 'be.txt': utf16be })
    const expected = report(ownit(['-f', 'json', 'utf8.txt'], cwd).stdout)
    expect(expected).toHaveLength(2)
    for (const name of ['le.txt', 'be.txt']) {
      const run = ownit(['-f', 'json', name], cwd)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(1)
      expect(report(run.stdout)).toEqual(expected)
    }
    // Standard input too.
    const stdin = spawnSync(process.execPath, [bin, '-f', 'compact', '-'], { cwd, input: utf16be, encoding: 'utf8' })
    expect(stdin.status).toBe(1)
    expect(stdin.stdout).toMatch(/^<stdin>:2:1: error gremlins-did-it/)
  })

  test('--fix and --fix-dry-run leave a UTF-16 file as it is, saying why, rather than change its encoding', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'le.txt': utf16le, 'clean.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('All sorted.\n', 'utf16le')]) })
    for (const flag of ['--fix', '--fix-dry-run']) {
      const run = ownit([flag, '-f', 'compact', 'le.txt', 'clean.txt'], cwd)
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('ownit: le.txt: not fixed: it is UTF-16LE text, and --fix writes only UTF-8 (save it as UTF-8 to fix it)\n')
      expect(readFileSync(join(cwd, 'le.txt'))).toEqual(utf16le)
    }
    // What is reported is what the file still says.
    expect(ownit(['--fix', '-f', 'compact', 'le.txt'], cwd).stdout).toContain('le.txt:2:1: error gremlins-did-it')
    // A UTF-16 file with nothing to fix is no problem.
    expect(ownit(['--fix', 'clean.txt'], cwd).code).toBe(0)
  })

  test.each([
    ['UTF-16 without its mark', Buffer.from('Thanks for waiting, Ana.\n', 'utf16le'), 'x.txt: looks like UTF-16LE without a byte order mark, which ownit does not guess at; save the file as UTF-8, or as UTF-16 with its byte order mark'],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), 'x.txt: UTF-32LE text (by its byte order mark), which ownit does not read; save the file as UTF-8'],
    ['a byte left over', Buffer.concat([utf16le, Buffer.from([0x41])]), 'x.txt: not valid UTF-16LE (an odd number of bytes: the last character is cut short); save the file as UTF-8'],
    ['a lone surrogate', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('ab\ncd', 'utf16le').swap16(), Buffer.from([0xdc, 0x00])]), 'x.txt:2:3: not valid UTF-16BE (a lone surrogate 0xdc00); save the file as UTF-8'],
    ['a few bytes with a NUL', Buffer.from([0x68, 0x69, 0, 0x01, 0x02]), 'x.txt: binary file (it contains NUL bytes), not text']
  ])('%s: one line naming the encoding', (_name, bytes, message) => {
    expect(() => decodeText(bytes, 'x.txt')).toThrow(message)
  })

  test('decodeText reads both byte orders', () => {
    expect(decodeText(utf16le, 'x')).toBe(text)
    expect(decodeText(utf16be, 'x')).toBe(text)
  })
})

describe('a --rule known to one config only still lints the files of another', () => {
  test('the library is strict with its callers, not with the command line', () => {
    const cwd = workspace({ 'team/.ownitrc.json': JSON.stringify({ packs: ['../team.yml'] }), 'team/reply.txt': gremlins, 'other/reply.txt': gremlins })
    writeFileSync(join(cwd, 'other', '.ownitrc.json'), '{}')
    const run = ownit(['-f', 'compact', '--rule', 'gremlins-did-it=off', 'team', 'other'], cwd)
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(/^team\/reply\.txt:1:\d+: warning sorry-for-the-kerfuffle/m)
    expect(run.stdout).not.toContain('gremlins-did-it')
  })
})
