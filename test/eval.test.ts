/**
 * `npm run eval`: the quality measure (precision, recall and F1 per category on a labeled
 * set) and the corpus survey; bad sets and arguments are one line and exit 2.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { root, workspace } from './helpers.js'

const evalScript = join(root, 'dist', 'eval', 'main.js')

function runEval(args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [evalScript, ...args], { cwd, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const line = (id: string, text: string, expected: string[]): string => JSON.stringify({ id, text, expect: expected })
const labeled = [
  line('hit', 'Corporate sets the policy, not me.', ['blame-shifting']),
  line('missed', 'Thanks for waiting: I have refunded the order.', ['blame-shifting']),
  '',
  line('false-alarm', 'Corporate sets the policy, not me.', []),
  line('clean', 'Thanks, the refund is on its way.', [])
].join('\n')

describe('npm run eval', () => {
  test('counts true and false alarms and misses per category, and lists each false alarm and miss', () => {
    const cwd = workspace({ 'set.jsonl': labeled })
    const run = runEval(['set.jsonl'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('set.jsonl: 4 replies, 2 clean (1 of them flagged)')
    expect(run.stdout).toContain('| blame-shifting | 0.500 | 0.500 | 0.500 | 1 | 1 | 1 |')
    expect(run.stdout).toContain('| helplessness |   –   |   –   |   –   | 0 | 0 | 0 |')
    expect(run.stdout).toMatch(/False alarms \(1\):\n {2}false-alarm \[blame-shifting\] corporate-sets-policy “Corporate sets the policy”/)
    expect(run.stdout).toMatch(/Misses \(1\):\n {2}missed \[blame-shifting\]\n/)
  })

  test('--json gives the same figures as data', () => {
    const cwd = workspace({ 'set.jsonl': labeled })
    const report = JSON.parse(runEval(['set.jsonl', '--json'], cwd).stdout) as { items: number; clean: number; cleanFlagged: number; categories: Array<{ category: string; tp: number; fp: number; fn: number; precision: number | null }> }
    expect(report).toMatchObject({ items: 4, clean: 2, cleanFlagged: 1 })
    expect(report.categories.find((row) => row.category === 'blame-shifting')).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5 })
  })

  test('--corpus counts the replies each category and rule flags, with a sample of hits marked', () => {
    const cwd = workspace({ 'replies.jsonl': labeled })
    const run = runEval(['--corpus', 'replies.jsonl', '--sample', '1'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('| blame-shifting | 2 | 50.00% |')
    expect(run.stdout).toContain('| corporate-sets-policy | blame-shifting | 2 | 50.000% |')
    expect(run.stdout).toContain('Sample of blame-shifting hits (1 of 2):\n  (corporate-sets-policy) [[Corporate sets the policy]], not me.')
  })

  test('bad sets and arguments: one line naming the file and line, exit 2', () => {
    const cwd = workspace({
      'bad-json.jsonl': labeled + '\n{"id": "x", "text": \n',
      'bad-label.jsonl': line('x', 'Hello', ['rudeness']),
      'no-text.jsonl': '{"id": "x", "expect": []}\n',
      'latin1.jsonl': Buffer.from([...Buffer.from('{"text": "caf'), 0xe9, ...Buffer.from('", "expect": []}\n')]),
      'empty.jsonl': '\n\n'
    })
    const cases: Array<[string[], RegExp]> = [
      [['bad-json.jsonl'], /^ownit eval: bad-json\.jsonl:6: not valid JSON \(.+\)$/],
      [['bad-label.jsonl'], /^ownit eval: bad-label\.jsonl:1: expect: expected a list of blame-shifting, .+$/],
      [['no-text.jsonl'], /^ownit eval: no-text\.jsonl:1: text: expected a string$/],
      [['latin1.jsonl'], /^ownit eval: latin1\.jsonl:1: column 14: not valid UTF-8 \(byte 0xe9\); save the file as UTF-8$/],
      [['empty.jsonl'], /^ownit eval: empty\.jsonl: empty: no replies in it$/],
      [['missing.jsonl'], /^ownit eval: missing\.jsonl: no such file$/],
      [['.'], /^ownit eval: \.: cannot read \(is a directory\)$/],
      [['--category', 'rudeness'], /^ownit eval: --category: expected one of blame-shifting, .+, not “rudeness”$/],
      [['--corpus', 'empty.jsonl', '--sample', 'ten'], /^ownit eval: --sample: expected a whole number, not “ten”$/],
      [['--nope'], /^ownit eval: Unknown option '--nope'.*$/]
    ]
    for (const [args, pattern] of cases) {
      const run = runEval(args, cwd)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1)
      expect(run.stderr.trimEnd(), args.join(' ')).toMatch(pattern)
    }
  })

  test.skipIf(!existsSync('/dev/zero'))('a set that never ends (/dev/zero) stops at its first line, too long to hold', () => {
    const run = runEval(['/dev/zero'], workspace())
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit eval: /dev/zero:1: record longer than 16 M characters\n' })
  })
})
