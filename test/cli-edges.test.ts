/**
 * Command lines found by probing the built CLI as a user would: an empty number from an
 * unset shell variable, a report written over its own input, `--` before the files, a
 * dry run's exit code on macros, and a file name with control characters.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ownit, root, workspace } from './helpers.js'

const chats = readFileSync(join(root, 'examples', 'transcripts', 'chats.jsonl'), 'utf8')

describe('an empty value for a number flag (a shell variable that is not set) stops the run', () => {
  const folder = workspace({ 'reply.txt': 'Sorry for any inconvenience.\n', 'chats.jsonl': chats })
  test.each([
    [['reply.txt', '--max-warnings', ''], 'ownit: --max-warnings: an empty value'],
    [['score', 'chats.jsonl', '--fail-under', ''], 'ownit score: --fail-under: an empty value'],
    [['score', 'chats.jsonl', '--fail-under='], 'ownit score: --fail-under: an empty value'],
    [['score', 'chats.jsonl', '-j', ' '], 'ownit score: --jobs: an empty value'],
    [['serve', '--port', ''], 'ownit serve: --port: an empty value'],
    [['serve', '--processes='], 'ownit serve: --processes: an empty value']
  ])('%j', (args, message) => {
    const run = ownit(args, folder)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toContain(message)
    expect(run.stdout).toBe('')
  })

  test('a number given still works', () => {
    expect(ownit(['score', 'chats.jsonl', '--fail-under', '100', '-j', '1'], folder).code).toBe(1)
    expect(ownit(['reply.txt', '--max-warnings', '5'], folder).code).toBe(0)
  })
})

describe('ownit score --output never replaces an input', () => {
  test('a report named as one of the inputs is refused, and the input is left whole', () => {
    const folder = workspace({ 'chats.jsonl': chats })
    const run = ownit(['score', 'chats.jsonl', '-f', 'json', '-o', `../${folder.split('/').pop()}/chats.jsonl`], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is also an input (chats.jsonl)')
    expect(readFileSync(join(folder, 'chats.jsonl'), 'utf8')).toBe(chats)
  })

  test("a report inside a folder given as input is not read back as a transcript on the next run", () => {
    const folder = workspace({ 'transcripts/chats.jsonl': chats })
    const first = ownit(['score', 'transcripts', '-f', 'json', '-o', 'transcripts/report.json'], folder)
    expect(first.code).toBe(0)
    const report = readFileSync(join(folder, 'transcripts', 'report.json'), 'utf8')
    const second = ownit(['score', 'transcripts', '-f', 'json', '-o', 'transcripts/report.json'], folder)
    expect(second.code).toBe(0)
    expect(second.stderr).not.toContain('skipped')
    const conversations = (text: string) => (JSON.parse(text) as { conversations: unknown[] }).conversations
    expect(conversations(readFileSync(join(folder, 'transcripts', 'report.json'), 'utf8'))).toEqual(conversations(report))
  })
})

describe('after --, every argument is a file', () => {
  const folder = workspace({ 'reply.txt': "That's not my department.\n", '-odd.txt': "That's not my department.\n", 'chats.jsonl': chats })
  test('ownit', () => {
    const run = ownit(['-f', 'compact', '--', 'reply.txt', '-odd.txt'], folder)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('reply.txt:1:1: error not-my-department')
    expect(run.stdout).toContain('-odd.txt:1:1: error not-my-department')
  })

  test('ownit score', () => {
    const run = ownit(['score', '-f', 'csv', '--', 'chats.jsonl'], folder)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('conversations')
    expect(run.stdout.split('\n').length).toBeGreaterThan(2)
  })
})

describe('--fix-dry-run exits as --fix would leave the file', () => {
  test.each([
    ['macros.json', JSON.stringify({ replies: [{ id: 1, body: 'Corporate sets the policy.' }] }), ['--fields', '/replies/*/body']],
    ['reply.liquid', 'Hi {{name}}, Corporate sets the policy.\n', []]
  ])('%s', (name, content, flags) => {
    const folder = workspace({ [name]: content })
    const dry = ownit([name, ...flags, '--fix-dry-run'], folder)
    expect(dry.stdout).toContain('+')
    expect(readFileSync(join(folder, name), 'utf8')).toBe(content)
    const fixed = ownit([name, ...flags, '--fix'], folder)
    expect(fixed.code).toBe(0)
    expect(dry.code).toBe(fixed.code)
  })
})

describe('ownit score: a JSON array of conversations with a bad one', () => {
  test('skips that one, naming it, and scores the rest, whatever --jobs', () => {
    const conversations = [
      { id: 'c1', turns: [{ role: 'agent', text: "That's not my department." }] },
      { id: 'c2', turns: [{ role: 'agent' }] },
      5,
      { id: 'c4', turns: [{ role: 'agent', text: 'I can help with that.' }] }
    ]
    const folder = workspace({ 'export.json': JSON.stringify(conversations) })
    const one = ownit(['score', 'export.json', '-f', 'json', '-j', '1'], folder)
    expect(one.code).toBe(2)
    expect(one.stderr).toContain('export.json:1: skipped: conversation 2 of the array (c2): turns[0]: missing “text”')
    expect(one.stderr).toContain('conversation 3 of the array: expected a conversation')
    const report = JSON.parse(one.stdout) as { conversations: Array<{ id: string }>; skipped: { count: number } }
    expect(report.conversations.map((conversation) => conversation.id)).toEqual(['c1', 'c4'])
    expect(report.skipped.count).toBe(2)
    expect(ownit(['score', 'export.json', '-f', 'json', '-j', '2'], folder).stdout).toBe(one.stdout)
  })
})

describe('ownit score --strict', () => {
  test('stops at the first bad record with the same report whatever --jobs: every conversation before it, none after', () => {
    const folder = workspace()
    const generated = spawnSync(process.execPath, [join(root, 'scripts', 'generate-transcripts.js'), '600', join(folder, 'all.jsonl'), '1'], { encoding: 'utf8' })
    expect(generated.status).toBe(0)
    const lines = readFileSync(join(folder, 'all.jsonl'), 'utf8').split('\n')
    // Line 100: inside the second batch of 64 that a worker thread scores.
    writeFileSync(join(folder, 'bad.jsonl'), [...lines.slice(0, 99), 'not json', ...lines.slice(99)].join('\n'))
    const runs = ['1', '2'].map((jobs) => ownit(['score', 'bad.jsonl', '--strict', '-f', 'json', '-j', jobs], folder))
    for (const run of runs) {
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('bad.jsonl:100: not valid JSON')
      expect(run.stdout.match(/"id":"GEN-\d+","path"/g)).toHaveLength(99)
    }
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout)
  })
})

describe('--fix keeps a byte order mark', () => {
  test.each([
    ['reply.txt', 'Corporate sets the policy.\r\nThanks!\r\n', []],
    ['macros.json', JSON.stringify({ replies: [{ id: 1, body: 'Corporate sets the policy.' }] }), ['--fields', '/replies/*/body']]
  ])('%s', (name, content, flags) => {
    const folder = workspace({ [name]: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content)]) })
    expect(ownit([name, ...flags, '--fix'], folder).code).toBe(0)
    const bytes = readFileSync(join(folder, name))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text).not.toContain('Corporate sets the policy')
    expect(text.startsWith(content.slice(0, 1) === '{' ? '{' : 'We')).toBe(true)
    expect(text.includes('\r\n')).toBe(content.includes('\r\n'))
  })
})

describe('ownit score: CSV rows with stray quotes', () => {
  test('each bad row is one skipped record, however many quotes it holds', () => {
    let csv = 'conversation_id,role,agent_id,text\n'
    for (let row = 0; row < 40; row++) csv += `C${row >> 2},agent,Dana,He said "hi" and "bye" and "no" to "me"\n`
    const run = ownit(['score', 'sloppy.csv', '-f', 'csv'], workspace({ 'sloppy.csv': csv }))
    expect(run.code).toBe(2)
    expect(run.stderr.match(/skipped: /g)).toHaveLength(40)
    expect(run.stderr).toContain('40 records skipped')
  })

  test('a first line that is no CSV header stops that file at once, with one line', () => {
    const folder = workspace()
    spawnSync(process.execPath, [join(root, 'scripts', 'generate-transcripts.js'), '600', join(folder, 'chats.jsonl'), '1'])
    const run = ownit(['score', 'chats.jsonl', '--input-format', 'csv'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('chats.jsonl:1: skipped: the header line cannot be read as CSV')
    expect(run.stderr).toContain('1 record skipped')
  })
})

describe('a flag of one value given twice takes the last (yargs made a list of them)', () => {
  const folder = workspace({ 'reply.txt': 'Sorry for any inconvenience.\n', 'chats.jsonl': chats })
  test('ownit: -f json -f compact prints compact (it printed nothing, exit 0)', () => {
    const run = ownit(['reply.txt', '-f', 'json', '-f', 'compact'], folder)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('reply.txt:1:1: warning sorry-for-any-inconvenience')
  })

  test('ownit: --max-warnings 5 --max-warnings 0 is 0', () => {
    const run = ownit(['reply.txt', '--max-warnings', '5', '--max-warnings', '0'], folder)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--max-warnings is 0')
  })

  test('ownit: --rule still adds up', () => {
    expect(ownit(['reply.txt', '--rule', 'not-my-fault=error', '--rule', 'sorry-for-any-inconvenience=off'], folder).stdout).toContain('no issues found')
  })

  test('ownit score: -j 1 -j 2, -f csv -f json, -o a -o b', () => {
    const run = ownit(['score', 'chats.jsonl', '-j', '1', '-j', '2', '-f', 'csv', '-f', 'json', '-o', 'a.json', '-o', 'b.json'], folder)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('report written to b.json')
    expect(existsSync(join(folder, 'a.json'))).toBe(false)
    expect(JSON.parse(readFileSync(join(folder, 'b.json'), 'utf8'))).toHaveProperty('conversations')
  })

  test('ownit score: --agent-label still adds up', () => {
    const run = ownit(['score', '-', '--input-format', 'text', '-f', 'json', '--agent-label', 'Dana', '--agent-label', 'Lee'], folder, 'Dana: Hi, I am Dana.\nSam: hello\nLee: Here is what I can do.\n')
    expect(run.code).toBe(0)
    expect((JSON.parse(run.stdout) as { conversations: Array<{ agentTurns: number }> }).conversations[0]!.agentTurns).toBe(2)
  })

  test('ownit serve: --port 1 --port x is x', () => {
    const run = ownit(['serve', '--port', '1', '--port', 'x'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--port: expected a whole number of at least 0, not a number')
  })
})

describe('--init, --list-rules and --explain lint no files: files given with them are refused, not ignored', () => {
  test.each([
    [['--list-rules', 'reply.txt'], 'ownit: --list-rules takes no files (given: reply.txt); lint them in a run of their own: ownit reply.txt'],
    [['--explain', 'not-my-fault', 'a.txt', 'b.txt', 'c.txt', 'd.txt'], 'ownit: --explain takes no files (given: a.txt b.txt c.txt …)'],
    [['reply.txt', '--init'], 'ownit: --init takes no files (given: reply.txt)']
  ])('%j', (args, message) => {
    const folder = workspace({ 'reply.txt': 'Sorry for any inconvenience.\n' })
    const run = ownit(args, folder)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toContain(message)
    expect(run.stdout).toBe('')
    expect(existsSync(join(folder, '.ownitrc.yaml'))).toBe(false)
  })
})

describe('a file name with control characters is shown escaped, one line, as in ownit score', () => {
  const name = 'we\nird\u001b[2J.txt'
  const shown = 'we\\x0aird\\x1b[2J.txt'
  const folder = workspace({ [name]: 'Sorry for any inconvenience.\n', 'b\nad.json': '{"macros": [\n' })

  test('compact and stylish escape it; json keeps it; github escapes it as GitHub reads it back', () => {
    const compact = ownit(['-f', 'compact', '--no-spelling', name], folder)
    expect(compact.stdout.startsWith(`${shown}:1:1: warning sorry-for-any-inconvenience: `)).toBe(true)
    expect(compact.stdout.split('\n')).toHaveLength(2)
    expect(ownit(['--no-spelling', name], folder).stdout.split('\n')[0]).toBe(shown)
    expect((JSON.parse(ownit(['-f', 'json', '--no-spelling', name], folder).stdout) as Array<{ path: string }>)[0]!.path).toBe(name)
    expect(ownit(['-f', 'github', '--no-spelling', name], folder).stdout).toMatch(/^::warning file=we%0Aird\u001b\[2J\.txt,line=1,[^\n]*\n$/)
  })

  test('the one-line error naming it on stderr', () => {
    const run = ownit(['b\nad.json', name, '-f', 'compact', '--no-spelling'], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('ownit: b\\x0aad.json:2:1: invalid JSON: expected a value, not the end of the text\n')
    expect(run.stdout.startsWith(`${shown}:1:1: `)).toBe(true)
    expect(ownit(['--pack', 'no\npe.yml', name], folder).stderr).toBe('ownit: no\\x0ape.yml: cannot read rule pack (no such file)\n')
  })
})
