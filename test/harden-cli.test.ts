/**
 * Hardening (issue 9, part 4): the CLI on inputs that are not text, cannot be read, or
 * come with a broken config or pack. Each problem is one line on stderr and exit 2; no
 * other file's results are lost, and no stack is ever printed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, closeSync, existsSync, openSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { bin, isRoot, ownit, teamConfig, workspace, type Run } from './helpers.js'

const bad = 'Sorry for the kerfuffle, the gremlins lost your parcel.\n'

/** The paths in the JSON report, each with its rule ids. */
const reported = (run: Run): Record<string, string[]> =>
  Object.fromEntries((JSON.parse(run.stdout) as Array<{ path: string; messages: Array<{ ruleId: string }> }>).map((file) => [file.path, file.messages.map((message) => message.ruleId)]))

function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
}

describe('bad inputs beside a good one', () => {
  test('binary, invalid UTF-8, a truncated UTF-8 sequence and an encoded surrogate: one line each, exit 2, the good file still reported', () => {
    const cwd = workspace({
      '.ownitrc.json': teamConfig,
      'good.txt': bad,
      'image.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'truncated.txt': new Uint8Array([...Buffer.from('Hi Maria, the gremlins lost it '), 0xf0, 0x9f, 0x98]),
      'surrogate.txt': new Uint8Array([0x68, 0x69, 0x0a, 0xed, 0xa0, 0x80])
    })
    const run = ownit(['--no-spelling', '-f', 'json', 'image.txt', 'latin1.txt', 'good.txt', 'truncated.txt', 'surrogate.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')).toEqual([
      'ownit: image.txt: binary file (it contains NUL bytes), not text',
      'ownit: latin1.txt:1:4: not valid UTF-8 (byte 0xe9); save the file as UTF-8',
      'ownit: truncated.txt:1:32: not valid UTF-8 (byte 0xf0); save the file as UTF-8',
      'ownit: surrogate.txt:2:1: not valid UTF-8 (byte 0xed); save the file as UTF-8',
      ''
    ])
    expect(reported(run)).toEqual({ 'good.txt': ['sorry-for-the-kerfuffle', 'gremlins-did-it'] })
  })

  test('an empty argument (an unset shell variable) is one line, not the current folder linted; for score too', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'good.txt': bad, 'other/reply.txt': bad })
    const run = ownit(['--no-spelling', '-f', 'json', '', 'good.txt'], cwd)
    expectOneLine(run, /^ownit: "": an empty file name \(a shell variable that is not set\?\)$/)
    expect(Object.keys(reported(run))).toEqual(['good.txt'])
    const score = ownit(['score', '', '--no-progress'], cwd)
    expect(score.code).toBe(2)
    expect(score.stderr).toMatch(/^ownit score: "": skipped: an empty file name \(a shell variable that is not set\?\)\n/)
  })

  test('invalid UTF-8 on stdin is one line naming <stdin>', () => {
    const cwd = workspace()
    const result = spawnSync(process.execPath, [bin, '--no-spelling', '-'], { cwd, input: Buffer.from([0x68, 0x69, 0x0a, 0x61, 0xff, 0x0a]), encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('ownit: <stdin>:2:2: not valid UTF-8 (byte 0xff); save the file as UTF-8\n')
  })

  test.skipIf(isRoot)('an unreadable file beside a good one (skipped as root: chmod 000 does not block root)', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'good.txt': bad, 'locked.txt': bad })
    chmodSync(join(cwd, 'locked.txt'), 0o000)
    const run = ownit(['--no-spelling', '-f', 'json', 'locked.txt', 'good.txt'], cwd)
    expectOneLine(run, /^ownit: locked\.txt: cannot read \(permission denied\)$/)
    expect(Object.keys(reported(run))).toEqual(['good.txt'])
  })

  test('Markdown with no place to cut it for 1 MB, and HTML over 8 MB, are one line each (they took minutes, or all the memory); --type text reads them', () => {
    const lines = Array.from({ length: 30_000 }, (_, index) => `Line ${index}: *sorry*, corporate sets the policy.\n`).join('')
    const cwd = workspace({ 'long.md': lines, 'page.html': `<p>${'Corporate sets the policy. '.repeat(320_000)}</p>`, 'good.txt': bad, '.ownitrc.json': teamConfig })
    const run = ownit(['--no-spelling', '-f', 'json', 'long.md', 'page.html', 'good.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')).toEqual([
      'ownit: long.md: 1.4 MB in one piece, more than the 1.0 MB read as Markdown at once (pieces end at a blank line before a paragraph, heading or list item; a file that defines link references is one piece); --type text reads it as plain text',
      'ownit: page.html: 8.2 MB of HTML, more than the 8 MB read as HTML',
      ''
    ])
    expect(Object.keys(reported(run))).toEqual(['good.txt'])
    const asText = spawnSync(process.execPath, [bin, '--no-spelling', '-f', 'compact', '--type', 'text', 'long.md'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
    expect(asText.stderr).toBe('')
    expect(asText.stdout.match(/corporate-sets-policy/g)).toHaveLength(30_000)
  })
})

/** A few lines of YAML whose aliases stand for 9^10 strings (a "billion laughs"). */
const aliasBomb = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...[...'bcdefghij'].map((name, index) => `${name}: &${name} [${Array(9).fill('*' + 'abcdefghij'[index]).join(', ')}]`)].join('\n') + '\n'

describe('broken configs and packs', () => {
  const broken = [
    ['.ownitrc.json', '{"rules": {', /^not valid JSON: .+$/],
    ['.ownitrc.yaml', '\u0000\u0001\u0002', /^expected object, not string .+$/],
    ['.ownitrc.yaml', 'rules: [1, 2]\n', /^rules: expected object, not a list$/],
    ['.ownitrc.yaml', 'packs: [./missing.yml]\n', /^packs\[0\]: cannot read rule pack “\.\/missing\.yml” \(no such file\)$/],
    ['.ownitrc.yaml', 'packs: [./pack.yml]\n', /^not valid YAML: .+$/],
    ['.ownitrc.yaml', 'packs: [./wrong.yml]\n', /^rule bad-rule: category: expected .+, not "blame"$/],
    ['.ownitrc.yaml', 'rules:\n' + Array.from({ length: 3000 }, (_, depth) => '  '.repeat(depth + 1) + 'a:\n').join(''), /^not valid YAML: nested too deeply to read$/],
    ['.ownitrc.yaml', 'packs: [./deep.yml]\n', /^not valid YAML: nested too deeply to read$/],
    ['.ownitrc.yaml', 'rules: {}\nbomb:\n' + aliasBomb.replace(/^/gm, '  '), /^not valid YAML: its aliases expand too far to read \(a guard against alias bombs\)$/],
    ['.ownitrc.yaml', 'packs: [./bomb.yml]\n', /^not valid YAML: its aliases expand too far to read \(a guard against alias bombs\)$/]
  ] as const

  test('each broken folder is one line (config, missing pack, pack not YAML, bad field), exit 2; files elsewhere still reported', () => {
    const files: Record<string, string> = { 'fine/.ownitrc.json': JSON.stringify({ packs: ['../team.yml'] }), 'fine/reply.txt': bad }
    broken.forEach(([name, content], index) => {
      files[`broken${index}/${name}`] = content
      files[`broken${index}/reply.txt`] = bad
      files[`broken${index}/other.txt`] = bad
      files[`broken${index}/pack.yml`] = 'rules:\n  - id: x\n   bad: ['
      files[`broken${index}/wrong.yml`] = 'rules:\n  - id: bad-rule\n    category: blame\n'
      files[`broken${index}/deep.yml`] = 'rules:\n' + '  - '.repeat(1).concat('['.repeat(5000), ']'.repeat(5000), '\n')
      files[`broken${index}/bomb.yml`] = aliasBomb
    })
    const cwd = workspace(files)
    const inputs = broken.flatMap((_, index) => [`broken${index}/reply.txt`, `broken${index}/other.txt`])
    const run = ownit(['--no-spelling', '-f', 'json', ...inputs.slice(0, 5), 'fine/reply.txt', ...inputs.slice(5)], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(broken.length)
    broken.forEach(([, , pattern], index) => {
      const match = /^ownit: (broken\d)[/\\][^:]+(?::\d+:\d+)?: (.*)$/.exec(lines[index]!)
      expect(match?.[1], lines[index]).toBe(`broken${index}`)
      expect(match![2]).toMatch(pattern)
    })
    expect(reported(run)).toEqual({ 'fine/reply.txt': ['sorry-for-the-kerfuffle', 'gremlins-did-it'] })
  })

  test.for([
    ['a broken --pack', ['--pack', 'broken.yml'], /^ownit: broken\.yml:3:15: rule bad-rule: category: expected .+, not "blame"$/],
    ['a broken --config', ['--config', 'broken.json'], /^ownit: broken\.json:1:\d+: not valid JSON: .+$/]
  ] as const)('%s applies to every file: one line, exit 2, no output', ([, flags, pattern]) => {
    const cwd = workspace({ 'reply.txt': bad, 'broken.yml': 'rules:\n  - id: bad-rule\n    category: blame\n', 'broken.json': '{"packs": [' })
    const run = ownit(['--no-spelling', ...flags, 'reply.txt'], cwd)
    expectOneLine(run, pattern)
    expect(run.stdout).toBe('')
  })
})

describe('output that cannot be written', () => {
  const full = existsSync('/dev/full')

  /** Run with standard output on a file descriptor of its own (here /dev/full: every write fails). */
  function runTo(path: string, args: readonly string[], cwd: string): Run {
    const fd = openSync(path, 'w')
    try {
      const result = spawnSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 30_000 })
      return { code: result.status, stdout: '', stderr: result.stderr }
    } finally {
      closeSync(fd)
    }
  }

  test.skipIf(!full)('a full disk on standard output is one line and exit 2, for the lint and the score commands', () => {
    const cwd = workspace({ 'reply.txt': bad.repeat(50), 'chat.txt': 'Agent: Corporate sets the policy.\nCustomer: ok\n' })
    expectOneLine(runTo('/dev/full', ['--no-spelling', 'reply.txt'], cwd), /^ownit: cannot write to standard output \(ENOSPC: no space left on device\)$/)
    expectOneLine(runTo('/dev/full', ['score', 'chat.txt'], cwd), /^ownit: cannot write to standard output \(ENOSPC: no space left on device\)$/)
  })

  test.skipIf(!full)('ownit score -o on a full disk names the report file, exit 2, with or without worker threads', () => {
    const cwd = workspace({ 'chats.jsonl': `${JSON.stringify({ id: 'c1', turns: [{ role: 'agent', text: 'Corporate sets the policy.' }] })}\n`.repeat(3000) })
    for (const flags of [['--jobs', '1'], ['--jobs', '2'], ['--format', 'html']]) {
      expectOneLine(ownit(['score', 'chats.jsonl', '-o', '/dev/full', ...flags], cwd), /^ownit score: \/dev\/full: cannot write the report \(ENOSPC: no space left on device\)$/)
    }
  })

  test('a reader that stops early (| head) ends the run quietly, no stack', async () => {
    const cwd = workspace({ 'reply.txt': bad.repeat(2000) })
    writeFileSync(join(cwd, 'chats.jsonl'), `${JSON.stringify({ id: 'c1', turns: [{ role: 'agent', text: 'Corporate sets the policy.' }] })}\n`.repeat(3000))
    for (const args of [['--no-spelling', 'reply.txt'], ['score', 'chats.jsonl', '-f', 'json']]) {
      const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
      // Read the first chunk, then close the pipe, as `head -1` does.
      child.stdout.once('data', () => child.stdout.destroy())
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(stderr, args.join(' ')).not.toMatch(/Error|\n\s+at /)
      expect([0, 1, 2]).toContain(code)
    }
  })
})


describe('documents nested too deeply to read', () => {
  test('deep HTML and deeply nested Markdown lists are one line each, exit 2; the other files are still reported', () => {
    const cwd = workspace({
      'deep.html': '<div>'.repeat(20_000) + 'Corporate sets the policy.' + '</div>'.repeat(20_000),
      'deep.md': Array.from({ length: 120 }, (_, depth) => '  '.repeat(depth) + '- item\n').join('') + '\nCorporate sets the policy.\n',
      'macros.json': `{"macros": [{"title": "x", "actions": [], "meta": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
      'good.txt': bad
    })
    const run = ownit(['--no-spelling', '-f', 'json', 'deep.html', 'deep.md', 'macros.json', 'good.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')).toEqual([
      'ownit: deep.html: nested too deeply to read as HTML',
      'ownit: deep.md: lists nested 100 levels deep or more: not read as Markdown',
      expect.stringMatching(/^ownit: macros\.json:1:\d+: invalid JSON: nested too deeply to read$/),
      ''
    ])
    expect(Object.keys(reported(run))).toEqual(['good.txt'])
  })
})

describe('inputs that never end, and folders given as standard input', () => {
  // Linux devices: /dev/zero never ends, /dev/urandom never ends and is not text.
  const endless = existsSync('/dev/zero') && existsSync('/dev/urandom')

  test.skipIf(!endless)('a device that never ends is refused at the size limit, beside a good file, in one line each', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'good.txt': bad })
    const run = ownit(['--no-spelling', '-f', 'json', '/dev/zero', 'good.txt', '/dev/urandom'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')).toEqual(['ownit: /dev/zero: too large (more than the limit of 50 MB)', 'ownit: /dev/urandom: too large (more than the limit of 50 MB)', ''])
    expect(Object.keys(reported(run))).toEqual(['good.txt'])
  })

  test('standard input that never ends (yes | ownit -) is refused at the size limit', () => {
    const cwd = workspace()
    const child = spawnSync('sh', ['-c', `yes 'Corporate sets the policy.' | "${process.execPath}" "${bin}" --no-spelling -`], { cwd, encoding: 'utf8' })
    expect(child.status).toBe(2)
    expect(child.stderr).toBe('ownit: <stdin>: too large (more than the limit of 50 MB)\n')
  })

  test.skipIf(!endless)('a config, pack, practices or weights file that never ends is one line naming it', () => {
    const cwd = workspace({ 'good.txt': bad, 'chat.txt': 'Customer: Hi\nAgent: Corporate sets the policy.\n' })
    expectOneLine(ownit(['--config', '/dev/zero', 'good.txt'], cwd), /^ownit: \/dev\/zero: cannot read config \(too large: more than the limit of 50 MB\)$/)
    expectOneLine(ownit(['--pack', '/dev/zero', 'good.txt'], cwd), /^ownit: \/dev\/zero: cannot read rule pack \(too large: more than the limit of 50 MB\)$/)
    expectOneLine(ownit(['score', '--weights', '/dev/zero', 'chat.txt'], cwd), /^ownit: \/dev\/zero: cannot read score weights \(too large: more than the limit of 50 MB\)$/)
    expectOneLine(ownit(['score', '--practices', '/dev/zero', 'chat.txt'], cwd), /^ownit: \/dev\/zero: cannot read practices \(too large: more than the limit of 50 MB\)$/)
  })

  test('a config given through a pipe (process substitution) is read', () => {
    const cwd = workspace({ 'good.txt': bad })
    const config = JSON.stringify({ packs: [join(cwd, 'team.yml')] })
    const child = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" --no-spelling --config <(printf '%s' '${config}') -f json good.txt`], { cwd, encoding: 'utf8' })
    expect(child.stderr).toBe('')
    expect(reported({ code: child.status, stdout: child.stdout, stderr: child.stderr })).toEqual({ 'good.txt': ['sorry-for-the-kerfuffle', 'gremlins-did-it'] })
  })

  test('a folder as standard input (ownit - < folder) is "cannot read (is a directory)", for check and score', () => {
    const cwd = workspace()
    const folder = openSync(cwd, 'r')
    try {
      const check = spawnSync(process.execPath, [bin, '--no-spelling', '-'], { cwd, stdio: [folder, 'pipe', 'pipe'], encoding: 'utf8' })
      expect(check.status).toBe(2)
      expect(check.stderr).toBe('ownit: <stdin>: cannot read (is a directory)\n')
      const score = spawnSync(process.execPath, [bin, 'score', '-', '--no-progress'], { cwd, stdio: [folder, 'pipe', 'pipe'], encoding: 'utf8' })
      expect(score.status).toBe(2)
      expect(score.stderr).toMatch(/^ownit score: <stdin>: skipped: cannot read \(is a directory\)\n/)
    } finally {
      closeSync(folder)
    }
  })
})

describe('inputs with very many of something', () => {
  test('a file with 50,000 problems gets the default report, each problem once (vfile-reporter alone overflowed the stack); --fix reports them too', () => {
    const folder = workspace({ 'many.txt': 'Sorry for any inconvenience. '.repeat(50_000) })
    for (const args of [['many.txt'], ['many.txt', '--fix']]) {
      // About 10 MB of report: more than spawnSync's default buffer.
      const result = spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
      const run = { code: result.status, stdout: result.stdout, stderr: result.stderr }
      expect(run.stderr).not.toContain('internal error')
      expect(run.code).toBe(0) // warnings: below the default threshold
      expect(run.stdout.match(/warning +A catch-all apology is a formula/g)).toHaveLength(50_000)
      expect(run.stdout).toContain('⚠ 50000 warnings')
    }
  })

  test('a file with more than 100,000 problems is checked up to there, with an error saying where it stopped; the next file is checked whole', () => {
    const folder = workspace({ '.ownitrc.json': teamConfig, 'log.txt': 'Sorry for any inconvenience.\n'.repeat(120_000), 'reply.txt': bad })
    const result = spawnSync(process.execPath, [bin, 'log.txt', 'reply.txt', '--format', 'json'], { cwd: folder, encoding: 'utf8', maxBuffer: 256 << 20 })
    expect(result.status).toBe(1)
    const files = JSON.parse(result.stdout) as Array<{ path: string; messages: Array<{ ruleId: string; line: number; message: string }> }>
    const log = files.find((entry) => entry.path === 'log.txt')!.messages
    expect(log.at(-1)).toMatchObject({ ruleId: 'too-many-problems', line: log.at(-2)!.line + 1 })
    expect(log.length).toBeLessThan(101_000)
    expect(files.find((entry) => entry.path === 'reply.txt')!.messages.length).toBeGreaterThan(0)
  })

  test('a text of 150,000 links is read as text (it was "nested too deeply to read as Markdown")', () => {
    const links = Array.from({ length: 150_000 }, (_, index) => `https://example.com/${index}`).join(' ')
    const run = ownit(['links.txt', '--format', 'json'], workspace({ 'links.txt': `${links}\nI can't help you with that.\n` }))
    expect(run.stderr).toBe('')
    expect(reported(run)['links.txt']).toContain('i-cant-help-you')
  })
})
