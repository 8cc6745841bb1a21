/**
 * Bad input found by a QA probe: each one a clear, one-line error naming the file, line and
 * field (or the option), never a stack trace, silent data loss or a run that looks clean.
 * A YAML alias inside itself, pattern messages that all said "kebab-case", the README's
 * pack example, the library's `text` and `allow`, SARIF from a failed run, and number flags.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Ajv } from 'ajv'
import type { FastifyInstance } from 'fastify'
import { afterAll, describe, expect, test } from 'vitest'
import { check, fix, prepare } from '../src/api.js'
import { readConfig } from '../src/config/load.js'
import { parsePack, PackError } from '../src/pack/load.js'
import { formatSarif } from '../src/report/sarif.js'
import { buildServer } from '../dist/serve/app.js'
import { ownit, root, workspace } from './helpers.js'

const reply = 'Sorry, you will need to ask someone else about refunds.\n'

/** stderr as lines, without the empty one after the last newline. */
const lines = (stderr: string): string[] => stderr.split('\n').filter(Boolean)

describe('a YAML alias inside the node it repeats', () => {
  const cycle = 'the alias *a is inside the node &a that it repeats, so its data would never end'

  test('in a config: one line with file, line, column and field; the other files are still linted', () => {
    const cwd = workspace({ 'sub/.ownitrc.yaml': 'rules: &a\n  x: *a\n', 'sub/r.txt': reply, 'ok.txt': reply })
    const run = ownit(['-f', 'compact', 'sub/r.txt', 'ok.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`ownit: sub/.ownitrc.yaml:2:6: rules.x: ${cycle}\n`)
    expect(run.stderr).not.toMatch(/internal error|circular/i)
    expect(run.stdout).toMatch(/^ok\.txt:/)
  })

  test('ownit score says the same', () => {
    const cwd = workspace({ '.ownitrc.yaml': 'rules: &a\n  x: *a\n', 'chat.txt': 'Customer: hi\nAgent: Sorry, you will need to ask someone else.\n' })
    const run = ownit(['score', 'chat.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`.ownitrc.yaml:2:6: rules.x: ${cycle}`)
    expect(run.stderr).not.toMatch(/internal error|circular/i)
    expect(lines(run.stderr)).toHaveLength(1)
  })

  test.each([
    ['in a list', 'categories: &a [deflection, *a]\n', `.ownitrc.yaml:1:29: categories[1]: ${cycle}`],
    ['deeper down', 'speakers:\n  agent: &a\n    - Dana\n    - [*a]\n', `.ownitrc.yaml:4:8: speakers.agent[1][0]: ${cycle}`]
  ])('%s', (_name, text, message) => {
    const cwd = workspace({ '.ownitrc.yaml': text })
    expect(() => readConfig(join(cwd, '.ownitrc.yaml'), cwd)).toThrow(message)
  })

  test('an alias repeated outside its anchor is fine', () => {
    const cwd = workspace({ '.ownitrc.yaml': 'allow: &a ["contact your bank"]\nspeakers: {agent: *a}\n' })
    expect(readConfig(join(cwd, '.ownitrc.yaml'), cwd)?.speakers).toEqual({ agent: ['contact your bank'] })
  })

  test('in a pack: named by rule and field', () => {
    const text = 'rules:\n  - id: loop\n    patterns: &p [a, *p]\n'
    expect(() => parsePack(text, 'loop.yml')).toThrow(PackError)
    expect(() => parsePack(text, 'loop.yml')).toThrow(`loop.yml:3:22: rule loop: patterns[1]: the alias *p is inside the node &p that it repeats, so its data would never end`)
  })

  test('a mapping where a value was expected is named by its kind, not printed as JSON', () => {
    const cwd = workspace({ '.ownitrc.yaml': 'rules:\n  not-my-fault: {a: 1}\n' })
    expect(() => readConfig(join(cwd, '.ownitrc.yaml'), cwd)).toThrow('.ownitrc.yaml:2:17: rules.not-my-fault: expected off, info, warning or error, not a mapping')
  })
})

describe('each pattern says what its field expects', () => {
  const configError = (files: Record<string, string>): string => ownit(['r.txt'], workspace({ ...files, 'r.txt': reply })).stderr

  test('words: a single word', () => {
    expect(configError({ '.ownitrc.json': '{"words": ["Zendesk", "two words"]}' })).toBe('ownit: .ownitrc.json:1:23: words[1]: expected a single word, without spaces, not "two words"\n')
  })

  test('rule ids in a config answer as the server and --rule do', () => {
    expect(configError({ '.ownitrc.json': '{"rules": {"__proto__": "off"}}' })).toBe('ownit: .ownitrc.json:1:12: rules: unknown rule “__proto__”\n')
    expect(configError({ '.ownitrc.yaml': 'rules:\n  Not-My-Fault: off\n' })).toBe('ownit: .ownitrc.yaml:2:3: rules: unknown rule “Not-My-Fault”, did you mean “not-my-fault”?\n')
  })

  test('a class name in a pack: the name is pointed at, not the whole mapping', () => {
    expect(() => parsePack('classes:\n  Bad Name: [a]\nrules: []\n', 'team.yml')).toThrow(
      'team.yml:2:3: classes: bad name "Bad Name": expected a name of lowercase letters, digits and hyphens that starts with a letter (like policy-word)'
    )
  })

  test('a rule id is still kebab-case', () => {
    const pack = readFileSync(join(root, 'test/fixtures/packs/team.yml'), 'utf8').replace('id: gremlins-did-it', 'id: Gremlins_Did_It')
    expect(() => parsePack(pack, 'team.yml')).toThrow(/^team\.yml:\d+:\d+: rule Gremlins_Did_It: id: expected kebab-case \(like not-my-fault\), not "Gremlins_Did_It"$/)
  })
})

describe('rule packs as the README shows them', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Rule packs'), readme.indexOf('\n### Adding a rule'))
  const example = /```yaml\n([^]*?)```/.exec(section)![1]!

  test('the example, saved and passed with --pack, is a pack that runs', () => {
    const run = ownit(['--pack', 'team.yml', '-f', 'compact', 'r.txt'], workspace({ 'team.yml': example, 'r.txt': reply }))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^r\.txt:1:8: error ask-someone-else: /)
  })

  test('the rules alone, as a list, get a hint at the real shape', () => {
    const list = example.replace(/^rules:\n/m, '').replace(/^ {2}/gm, '')
    const run = ownit(['--pack', 'team.yml', 'r.txt'], workspace({ 'team.yml': list, 'r.txt': reply }))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^ownit: team\.yml:\d+:1: expected a pack: a mapping with “rules:” \(a list of rules\), not a list/)
    expect(lines(run.stderr)).toHaveLength(1)
  })

  test('its message written as a > block (which keeps its last line break) is refused with the line the README shows', () => {
    const folded = example.replace(/^( {4}message: )/m, '$1>\n      ')
    const shown = /```text\n(ownit: team\.yml:\d+:\d+: rule ask-someone-else: message: .*)\n```/.exec(section)![1]
    expect(ownit(['--pack', 'team.yml', 'r.txt'], workspace({ 'team.yml': folded, 'r.txt': reply }))).toEqual({ code: 2, stdout: '', stderr: `${shown}\n` })
    expect(ownit(['--pack', 'team.yml', '-f', 'compact', 'r.txt'], workspace({ 'team.yml': folded.replace('message: >', 'message: >-'), 'r.txt': reply })).code).toBe(1)
  })
})

describe('the library checks text and allow as it checks its other options', () => {
  test.each([
    ['a number', () => check(5 as unknown as string), TypeError, 'ownit: text: expected a string, not number 5'],
    ['nothing', () => (check as unknown as () => unknown)(), TypeError, 'ownit: text: expected a string, not undefined'],
    ['a String object', () => check(new String('Corporate sets the policy.') as unknown as string), TypeError, 'ownit: text: expected a string, not a String object (pass a string: text.valueOf())'],
    ['fix, a number', () => fix(12 as unknown as string), TypeError, 'ownit: text: expected a string, not number 12'],
    ['prepare, a number', () => prepare({}).check(3 as unknown as string), TypeError, 'ownit: text: expected a string, not number 3'],
    ['an empty allow pattern', () => check('hi', { allow: [''] }), RangeError, 'ownit: options.allow[0]: empty pattern'],
    ['a broken allow pattern', () => check('hi', { allow: ['contact your bank', '(a|'] }), RangeError, 'ownit: options.allow[1]: missing “)”'],
    ['fix, a broken allow pattern', () => fix('hi', { allow: ['(a|'] }), RangeError, 'ownit: options.allow[0]: missing “)”'],
    ['a word with a space', () => check('hi', { words: ['two words'] }), RangeError, 'ownit: options.words[0]: expected a single word, without spaces, not "two words"'],
    ['a pack that holds itself', () => {
      const pack: Record<string, unknown> = { file: 'x.yml', classes: {}, rules: [] }
      pack.self = pack
      return check('hi', { packs: [pack as never] })
    }, TypeError, 'ownit: options.packs: expected plain data, not a value that holds itself (a cycle)']
  ] as const)('%s', (_name, run, type, message) => {
    let thrown: unknown
    try {
      run()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(type)
    expect((thrown as Error).message).toBe(message)
  })

  test('good values still work', () => {
    expect(check('Please contact your bank.', { allow: ['contact your bank'], words: ['Zendesk'] }).ok).toBe(true)
    expect(fix('Corporate sets the policy on refunds.').text).toBe('We set the policy on refunds.')
  })

  test('a bad option is refused on every call, not only the first', () => {
    const options = { allow: ['(a|'] }
    expect(() => check('hi', options)).toThrow(RangeError)
    expect(() => check('hi', options)).toThrow(RangeError)
  })

  describe('the server agrees', () => {
    const apps: FastifyInstance[] = []
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()))
    })
    const post = async (payload: object): Promise<{ statusCode: number; message: string }> => {
      const app = buildServer({ logLevel: 'silent', jobs: 1 })
      apps.push(app)
      const response = await app.inject({ method: 'POST', url: '/v1/check', headers: { 'content-type': 'application/json' }, payload })
      return { statusCode: response.statusCode, message: (response.json() as { message: string }).message }
    }

    test('a broken allow pattern is still a 400 naming the entry', async () => {
      expect(await post({ text: 'hi', allow: ['(a|b'] })).toEqual({ statusCode: 400, message: 'body/allow/0: missing “)”' })
    })

    test('a word with a space is refused there too', async () => {
      const response = await post({ text: 'hi', words: ['two words'] })
      expect(response.statusCode).toBe(400)
      expect(response.message).toMatch(/^body\/words\/0 /)
    })
  })
})

describe('SARIF from a run that failed does not look like a clean run', () => {
  const schema = JSON.parse(readFileSync(join(root, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>
  const { $schema: _draft, id, ...rest } = schema
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile({ ...rest, $id: String(id) })

  interface Log {
    runs: Array<{
      invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string }; locations?: unknown[] }> }>
      results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>
    }>
  }
  const sarif = (args: string[], files: Record<string, string>): { code: number | null; log: Log; stderr: string } => {
    const run = ownit(['-f', 'sarif', ...args], workspace(files))
    const log = JSON.parse(run.stdout) as Log
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
    return { code: run.code, log, stderr: run.stderr }
  }

  test('a file that cannot be read', () => {
    const { code, log, stderr } = sarif(['missing.txt', 'r.txt'], { 'r.txt': reply })
    expect(code).toBe(2)
    expect(stderr).toBe('ownit: missing.txt: cannot read (no such file or directory)\n')
    expect(log.runs[0]!.invocations).toEqual([
      { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'missing.txt: cannot read (no such file or directory)' } }] }
    ])
  })

  test('a broken config, placed at its file, line and column', () => {
    const { code, log } = sarif(['r.txt'], { '.ownitrc.yaml': 'rules: [1]\n', 'r.txt': reply })
    expect(code).toBe(2)
    expect(log.runs[0]!.results).toEqual([])
    expect(log.runs[0]!.invocations![0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: '.ownitrc.yaml:1:8: rules: expected object, not a list' },
          locations: [{ physicalLocation: { artifactLocation: { uri: '.ownitrc.yaml' }, region: { startLine: 1, startColumn: 8 } } }]
        }
      ]
    })
  })

  test('a macro field that could not be read, placed at its line and column; the fields read are still results', () => {
    const exported = JSON.stringify({ macros: [{ id: 7, title: 'Late', actions: [{ field: 'comment_value', value: 'Sorry, corporate sets the policy.' }, { field: 'comment_value', value: 42 }] }] }, null, 2)
    const { code, log } = sarif(['--no-spelling', 'macros.json'], { 'macros.json': exported })
    expect(code).toBe(2)
    expect(log.runs[0]!.results).toHaveLength(1)
    expect(log.runs[0]!.invocations![0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'macros.json:13:20: macro "Late" (id 7): comment_value: expected text or a list of texts, not a number, so it was not linted' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'macros.json' }, region: { startLine: 13, startColumn: 20 } } }]
        }
      ]
    })
  })

  test('a clean run and a run with problems both succeeded', () => {
    expect(sarif(['ok.txt'], { 'ok.txt': 'Thanks for waiting, Maria.\n' }).log.runs[0]!.invocations).toEqual([{ executionSuccessful: true }])
    const problems = sarif(['r.txt'], { 'r.txt': 'Corporate sets the policy on refunds.\n' })
    expect(problems.code).toBe(1)
    expect(problems.log.runs[0]!.invocations).toEqual([{ executionSuccessful: true }])
  })

  test('an absolute path is a file:// URI', () => {
    const cwd = workspace({ 'r.txt': 'Corporate sets the policy on refunds.\n' })
    const run = ownit(['-f', 'sarif', join(cwd, 'r.txt')], cwd)
    const log = JSON.parse(run.stdout) as Log
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(pathToFileURL(join(cwd, 'r.txt')).href)
    expect(JSON.parse(formatSarif([{ path: '/tmp/a b%.txt', messages: [] }], { version: '1', informationUri: 'x' })).runs[0].invocations).toEqual([{ executionSuccessful: true }])
  })

  test('the CI examples fail the step on exit code 2 instead of uploading', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(readme).not.toMatch(/ownit\.sarif \|\| true/)
    expect(readme).toContain('--format sarif > ownit.sarif || [ $? -eq 1 ]')
    const workflow = readFileSync(join(root, 'docs/ci/github-actions.yml'), 'utf8')
    const upload = workflow.slice(workflow.indexOf('upload-sarif'))
    expect(upload).not.toMatch(/if: always\(\)/)
    expect(upload).toMatch(/if: .*steps\.sarif\.outcome == 'success'/)
    expect(workflow).toContain('> ownit.sarif || test $? -eq 1')
  })
})

describe('number flags and empty configs', () => {
  test.each([
    ['abc', 'ownit: --max-warnings: expected a whole number of 0 or more, not “abc”\n'],
    ['1e3', 'ownit: --max-warnings: expected a number written in digits, like 10, not “1e3”\nTry ownit --help\n'],
    ['0x10', 'ownit: --max-warnings: expected a number written in digits, like 10, not “0x10”\nTry ownit --help\n'],
    ['2.5', 'ownit: --max-warnings: expected a whole number of 0 or more, not “2.5”\n']
  ])('--max-warnings %s', (value, stderr) => {
    expect(ownit(['--max-warnings', value, 'r.txt'], workspace({ 'r.txt': reply }))).toEqual({ code: 2, stdout: '', stderr })
  })

  test('--max-warnings in digits still works', () => {
    expect(ownit(['--max-warnings', '10', 'r.txt'], workspace({ 'r.txt': 'Thanks for waiting.\n' })).code).toBe(0)
  })

  test('the other number flags refuse 0x10 too', () => {
    const run = ownit(['score', '--jobs', '0x2', 'chat.txt'], workspace({ 'chat.txt': 'Customer: hi\nAgent: hello\n' }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit score: --jobs: expected a number written in digits, like 10, not “0x2”\n' })
  })

  test('an empty .ownitrc.json is an error naming the file, not "no config"', () => {
    const run = ownit(['r.txt'], workspace({ '.ownitrc.json': '', 'r.txt': reply }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: .ownitrc.json:1:1: the file is empty: expected a JSON object (write {} for a config that sets nothing)\n' })
  })

  test('a YAML config of comments only still sets nothing', () => {
    const run = ownit(['-f', 'compact', 'r.txt'], workspace({ '.ownitrc.yaml': '# rules:\n#   not-my-fault: off\n', 'r.txt': 'Corporate sets the policy on refunds.\n' }))
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
  })
})
