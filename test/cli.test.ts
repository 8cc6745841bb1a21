import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const bin = fileURLToPath(new URL('../bin/ownit.js', import.meta.url))
const pack = fileURLToPath(new URL('fixtures/engine-pack.yml', import.meta.url))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function ownit(args: string[], input?: string | Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
    child.stdin!.end(input ?? '')
  })
}

const folder = mkdtempSync(join(tmpdir(), 'ownit-cli-'))
const write = (name: string, content: string | Buffer): string => {
  const path = join(folder, name)
  writeFileSync(path, content)
  return path
}

describe('ownit CLI', () => {
  test('stdin with a problem: exit 1, JSON in the contract', async () => {
    const result = await ownit(['--no-builtin', '--pack', pack, '--format', 'json', '-'], 'Sorry, corporate sets the policy.\n')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const output = JSON.parse(result.stdout) as Array<{ path: string; messages: Array<Record<string, unknown>> }>
    expect(output).toHaveLength(1)
    expect(output[0]!.path).toBe('<stdin>')
    const message = output[0]!.messages.find((m) => m.ruleId === 'fixture-sets-policy')
    expect(message).toEqual({
      ruleId: 'fixture-sets-policy',
      category: 'blame-shifting',
      severity: 'error',
      message: 'Fixture message.',
      why: 'Fixture why.',
      line: 1,
      column: 8,
      endLine: 1,
      endColumn: 33,
      offset: 7,
      endOffset: 32,
      actual: 'corporate sets the policy',
      expected: ['we set the policy'],
      fix: true
    })
  })

  test('a clean reply: exit 0', async () => {
    const result = await ownit(['--no-builtin', '--pack', pack, '--category', 'blame-shifting', write('clean.txt', 'Thanks, {{name}}! Your refund went out today.\n')])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })

  test('stylish output shows place, message, rule and the coaching note', async () => {
    const result = await ownit(['--no-builtin', '--pack', pack, '--no-color', '-'], "It's not my fault.")
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/1:1-1:18\s+error\s+Fixture message\.\s+fixture-not-my-fault\s+ownit/)
    expect(result.stdout).toContain('Fixture why.')
  })

  test('warnings alone exit 0 unless --fail-on warning', async () => {
    const text = "There's nothing I can do."
    expect((await ownit(['--no-builtin', '--pack', pack, '--category', 'helplessness', '-'], text)).code).toBe(0)
    expect((await ownit(['--no-builtin', '--pack', pack, '--category', 'helplessness', '--fail-on', 'warning', '-'], text)).code).toBe(1)
  })

  test('a folder: lints .txt and .md files inside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ownit-dir-'))
    writeFileSync(join(dir, 'a.txt'), "It's not my fault.")
    writeFileSync(join(dir, 'b.md'), 'All sorted.')
    writeFileSync(join(dir, 'c.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]))
    const result = await ownit(['--no-builtin', '--pack', pack, '--format', 'json', dir])
    const paths = (JSON.parse(result.stdout) as Array<{ path: string }>).map((file) => file.path)
    expect(paths).toEqual([join(dir, 'a.txt'), join(dir, 'b.md')])
    expect(result.code).toBe(1)
  })

  test('an empty file is clean', async () => {
    const result = await ownit(['--format', 'json', write('empty.txt', '')])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([{ path: join(folder, 'empty.txt'), messages: [] }])
  })

  test.each([
    ['a missing file', () => join(folder, 'nope.txt'), /^ownit: .*nope\.txt: cannot read \(no such file or directory\)$/],
    ['a binary file', () => write('bin.txt', Buffer.from([0x68, 0x69, 0, 0x01, 0x02])), /^ownit: .*bin\.txt: binary file \(it contains NUL bytes\), not text$/],
    ['invalid UTF-8', () => write('latin1.txt', Buffer.from('caf\xe9 ok\nsecond \xff line', 'latin1')), /^ownit: .*latin1\.txt:1:4: not valid UTF-8 \(byte 0xe9\); save the file as UTF-8$/],
    [
      'a huge file',
      () => {
        const path = write('huge.txt', '')
        truncateSync(path, 60 * 1024 * 1024)
        return path
      },
      /^ownit: .*huge\.txt: too large \(60\.0 MB, the limit is 50 MB\)$/
    ]
  ])('%s: one line on stderr, exit 2, other files still linted', async (_name, make, pattern) => {
    const good = write('good.txt', "It's not my fault.")
    const result = await ownit(['--no-builtin', '--pack', pack, '--format', 'json', make(), good])
    expect(result.code).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
    const output = JSON.parse(result.stdout) as Array<{ path: string; messages: unknown[] }>
    expect(output.map((file) => file.path)).toEqual([good])
    expect(output[0]!.messages.length).toBeGreaterThan(0)
  })

  test('a broken pack: one line naming file, line, rule and field; exit 2', async () => {
    const broken = write('broken.yml', 'rules:\n  - id: bad-rule\n    category: blame\n')
    const result = await ownit(['--pack', broken, '-'], 'hello')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`ownit: ${broken}:3:15: rule bad-rule: category: expected blame-shifting, helplessness, distancing, deflection, non-apology, vague-promise, condescension, spelling or structure, not "blame"\n`)
    expect(result.stdout).toBe('')
  })

  test('usage errors: exit 2 with one line and a hint', async () => {
    const result = await ownit(['--formt', 'json', '-'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('ownit: Unknown argument: formt\nTry ownit --help\n')
    const none = await ownit([])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^ownit: no input/)
  })

  test('--help and --version', async () => {
    const help = await ownit(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('ownit [files… | -]')
    expect(help.stdout).toContain('--format')
    const version = await ownit(['--version'])
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
