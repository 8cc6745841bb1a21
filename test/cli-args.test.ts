/**
 * A plain command line is read without yargs (src/command/lint-flags.ts): whatever
 * `plainLintArgs` accepts, it must read exactly as yargs does, and anything unusual must
 * go to yargs.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseArgs, plainArgs } from '../src/cli.js'
import { formats, inputTypes, lintFlags, type LintArgs } from '../src/command/lint-flags.js'
import { bin } from './helpers.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
const keys = ['files', ...Object.keys(lintFlags).map(camel)]

/** What yargs made of `args`, as the default command's arguments (undefined: an error, help, or another command). */
async function byYargs(args: readonly string[]): Promise<Partial<LintArgs> | undefined> {
  const parsed = await parseArgs(args)
  if (parsed.usageError !== undefined || parsed.output !== '' || parsed.chosen === undefined) return undefined
  const argv = parsed.chosen.argv
  return Object.fromEntries(keys.filter((key) => argv[key] !== undefined).map((key) => [key, argv[key]]))
}

const defined = (args: LintArgs | undefined) => args && Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined))

/** Words a command line is made of: flags right and wrong, values, files and look-alikes. */
const word = fc.oneof(
  fc.constantFrom(...Object.keys(lintFlags).map((name) => `--${name}`), ...Object.keys(lintFlags).map((name) => `--no-${name}`), '-f', '-q', '-r', '-c', '-h', '-v', '--help', '--version', '-qf', '--', '-x', '--format=json', '--formatt', '--failOn'),
  fc.constantFrom(...formats, ...inputTypes, 'error', 'warning', 'info', 'off', 'en-GB', 'en-US', 'x=off', 'not-my-fault=off', 'blame', '/macros/*/body'),
  fc.constantFrom('reply.txt', 'replies/', '*.md', '-', '', ' ', '\t', 'true', 'false', '0', '12', '3.5', '1e3', '0x1f', '-1', 'a b.txt', 'score', 'serve', 'ünïcode.txt', '2024-report.txt'),
  fc.string({ maxLength: 6 })
)

describe('a plain command line, read without yargs', () => {
  test('is read exactly as yargs reads it, whenever it is accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 7 }), async (args) => {
        const plain = plainArgs(args)
        // `ownit score …` and `ownit serve …` never reach either parser (see main).
        if (plain === undefined || args[0] === 'score' || args[0] === 'serve') return
        expect(defined(plain)).toEqual(await byYargs(args))
      }),
      { numRuns: Number(process.env.OWNIT_PROPERTY_RUNS ?? 1500) }
    )
  })

  test.each([
    [['reply.txt']],
    [['reply.txt', '--no-spelling', '--no-config']],
    [['-', '--format', 'json']],
    [['replies/', '-f', 'sarif', '--fail-on', 'warning', '--max-warnings', '0']],
    [['macros.json', '--type', 'zendesk', '--fields', '/macros/*/body', '--quiet']],
    [['--fix', 'a.md', 'b.html', '--rule', 'not-my-fault=off', '--language', 'en-GB']]
  ])('the usual ones are plain: %j', async (args) => {
    const plain = plainArgs(args)
    expect(plain).toBeDefined()
    expect(defined(plain)).toEqual(await byYargs(args))
  })

  test.each([[['--help']], [['--version']], [['-r', 'a=off', '-r', 'b=off']], [['--format=json', 'a.txt']], [['--formatt', 'json']], [['a.txt', '--', '-b.txt']], [['--max-warnings', '-1']], [['--quiet', 'false']], [['-qf', 'json']], [['--quiet', 'serve', 'a.txt']]])(
    'anything else goes to yargs: %j',
    (args) => {
      expect(plainArgs(args)).toBeUndefined()
    }
  )

  test('the CLI reports the same either way: a plain line and one yargs reads', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-args-'))
    writeFileSync(join(folder, 'reply.txt'), "That's not my department.\n")
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    const plain = run(['reply.txt', '--no-config', '-f', 'compact'])
    // `--format=compact` is not plain: yargs reads this one.
    const viaYargs = run(['reply.txt', '--no-config', '--format=compact'])
    expect(plain.status).toBe(1)
    expect(plain.stdout).toContain('reply.txt:1:1: error not-my-department: ')
    expect(viaYargs).toMatchObject({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr })
  })
})
