import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isRoot, ownit, teamConfig, workspace } from './helpers.js'
import { replaceFile } from '../src/input/write.js'

const bad = 'Hi Maria,\nthe gremlins lost your parcel. Sorry for the kerfuffle.\n'
const good = 'Hi Maria,\nwe lost your parcel, and I have sent a new one today.\n'

interface JsonMessage {
  ruleId: string
  severity: string
  line: number
  column: number
  actual: string
}
const ruleIds = (stdout: string): string[] => (JSON.parse(stdout) as Array<{ messages: JsonMessage[] }>).flatMap((file) => file.messages.map((message) => message.ruleId))

describe('help and version', () => {
  test('--help prints every flag with examples and exits 0', () => {
    const run = ownit(['--help'], workspace())
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    for (const flag of ['--format', '--quiet', '--max-warnings', '--fail-on', '--rule', '--category', '--config', '--fix', '--fix-dry-run', '--list-rules', '--explain', '--init', '--color', '--report-unused-disables']) {
      expect(run.stdout).toContain(flag)
    }
    expect(run.stdout).toContain('Examples:')
    expect(run.stdout).toContain('Exit codes: 0 clean')
  })

  test('--version prints the package version', () => {
    const run = ownit(['--version'], workspace())
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  test('an unknown option is one line with a did-you-mean, exit 2', () => {
    const run = ownit(['--formt', 'json', 'reply.txt'], workspace({ 'reply.txt': good }))
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('ownit: unknown option --formt, did you mean --format?\nTry ownit --help\n')
  })

  test('a flag without its value, or a bad --max-warnings, is a usage error', () => {
    expect(ownit(['--config'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: Not enough arguments following: config\nTry ownit --help\n' })
    expect(ownit(['--max-warnings', '-1', 'x.txt'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: --max-warnings: expected a whole number of 0 or more, not “-1”\n' })
    expect(ownit(['--max-warnings', 'ten', 'x.txt'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: --max-warnings: expected a whole number of 0 or more, not “ten”\n' })
  })

  test('a value that is not one of the choices is one line naming the flag, the choices and the value, for each such flag', () => {
    expect(ownit(['--format', 'pdf', 'x.txt'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: --format: expected one of stylish, json, sarif, github, compact, not “pdf”\nTry ownit --help\n' })
    expect(ownit(['x.txt', '--language', 'fr', '--fail-on', 'never'], workspace()).stderr).toBe(
      'ownit: --language: expected one of en-US, en-GB, not “fr”; --fail-on: expected one of error, warning, info, not “never”\nTry ownit --help\n'
    )
  })

  test('an option before score or serve: the command is named as what must come first', () => {
    expect(ownit(['--no-config', 'score', 'chats.jsonl'], workspace()).stderr).toMatch(/unexpected argument “chats\.jsonl” \(a command comes first: ownit score …, ownit serve …\)\nTry ownit --help\n$/)
  })

  test('an empty value (an unset shell variable) is a usage error, never "not given": --category "" would check nothing', () => {
    const cwd = workspace({ 'x.txt': 'Corporate sets the policy.' })
    for (const flag of ['--config', '--pack', '--category']) {
      expect(ownit([flag, '', 'x.txt'], cwd), flag).toEqual({ code: 2, stdout: '', stderr: `ownit: ${flag}: an empty value (a shell variable that is not set?)\n` })
    }
    expect(ownit(['--category', ' , ', 'x.txt'], cwd).stderr).toMatch(/^ownit: --category: expected one or more of: blame-shifting, /)
  })

  test('no input is a usage error', () => {
    const run = ownit([], workspace())
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^ownit: no input: give files, folders or globs/)
  })
})

describe('inputs', () => {
  test('a clean file exits 0; a flagged one exits 1 with the problems on stdout', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'good.txt': good, 'bad.txt': bad })
    const clean = ownit(['good.txt'], cwd)
    expect(clean).toEqual({ code: 0, stdout: 'good.txt: no issues found\n', stderr: '' })
    const flagged = ownit(['bad.txt'], cwd)
    expect(flagged.code).toBe(1)
    expect(flagged.stderr).toBe('')
    expect(flagged.stdout).toContain('2:1-2:30')
    expect(flagged.stdout).toContain('gremlins-did-it')
  })

  test('stdin is read when the input is -', () => {
    const run = ownit(['-f', 'compact', '-'], workspace({ '.ownitrc.json': teamConfig }), 'Sorry, the gremlins lost your order.')
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('<stdin>:1:8: error gremlins-did-it: “The gremlins did it” tells the customer nobody here owns the mistake.\n')
  })

  test('a folder is walked for .txt, .md and .html, skipping node_modules, .git and .ownitignore entries', () => {
    const cwd = workspace({
      '.ownitrc.json': teamConfig,
      '.ownitignore': 'drafts/\n*.skip.txt\n',
      'replies/a.txt': bad,
      'replies/b.md': bad,
      'replies/c.html': `<p>${bad}</p>`,
      'replies/d.json': bad,
      'replies/e.skip.txt': bad,
      'replies/drafts/f.txt': bad,
      'replies/node_modules/g.txt': bad,
      'replies/.git/h.txt': bad
    })
    const run = ownit(['-f', 'json', 'replies'], cwd)
    expect(run.code).toBe(1)
    expect((JSON.parse(run.stdout) as Array<{ path: string }>).map((file) => file.path)).toEqual(['replies/a.txt', 'replies/b.md', 'replies/c.html'])
  })

  test('a glob is matched, sorted, and .ownitignore applies', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, '.ownitignore': 'old/\n', 'replies/b.md': bad, 'replies/a/c.md': bad, 'replies/old/d.md': bad, 'replies/e.txt': bad })
    const run = ownit(['-f', 'json', 'replies/**/*.md'], cwd)
    expect((JSON.parse(run.stdout) as Array<{ path: string }>).map((file) => file.path)).toEqual(['replies/a/c.md', 'replies/b.md'])
  })

  test('a glob through symbolic links lints each file once, and a link to a parent folder is no loop', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'replies/a.txt': bad, 'replies/b.txt': bad })
    symlinkSync('..', join(cwd, 'replies', 'up'))
    symlinkSync('.', join(cwd, 'replies', 'self'))
    const run = ownit(['-f', 'json', '**/*.txt'], cwd)
    expect((JSON.parse(run.stdout) as Array<{ path: string }>).map((file) => file.path)).toEqual(['replies/a.txt', 'replies/b.txt'])
    // A folder walk does not follow them at all.
    expect((JSON.parse(ownit(['-f', 'json', 'replies'], cwd).stdout) as Array<{ path: string }>).map((file) => file.path)).toEqual(['replies/a.txt', 'replies/b.txt'])
  })

  test('a glob that matches nothing is an input error, exit 2', () => {
    const run = ownit(['replies/**/*.md'], workspace())
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: replies/**/*.md: no files match this pattern\n' })
  })

  test('a missing file is one line on stderr, the other files are still linted, exit 2', () => {
    const run = ownit(['-f', 'compact', 'missing.txt', 'bad.txt'], workspace({ '.ownitrc.json': teamConfig, 'bad.txt': bad }))
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('ownit: missing.txt: cannot read (no such file or directory)\n')
    expect(run.stdout).toContain('bad.txt:2:1: error gremlins-did-it')
  })

  test('a binary file is refused in one line, exit 2', () => {
    const run = ownit(['image.txt'], workspace({ 'image.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: image.txt: binary file (it contains NUL bytes), not text\n' })
  })

  test('a folder with no lintable files is an input error, exit 2', () => {
    const run = ownit(['data'], workspace({ 'data/export.json': '[]' }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: data: no files to lint (looked for .txt, .text, .md, .markdown, .html, .htm)\n' })
  })

  // Root reads any file whatever its mode, so chmod 000 cannot make one unreadable there.
  test.skipIf(isRoot)('an unreadable file is one line on stderr, exit 2 (skipped as root: chmod 000 does not block root)', () => {
    const cwd = workspace({ 'locked.txt': good })
    chmodSync(join(cwd, 'locked.txt'), 0o000)
    const run = ownit(['locked.txt'], cwd)
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: locked.txt: cannot read (permission denied)\n' })
  })

  test('a file that is not UTF-8 is refused with its line and column, exit 2', () => {
    const run = ownit(['latin1.txt'], workspace({ 'latin1.txt': new Uint8Array([0x48, 0x69, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]) }))
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: latin1.txt:2:4: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n' })
  })
})

describe('formats', () => {
  const cwd = workspace({ '.ownitrc.json': teamConfig, 'bad.txt': bad })

  test('json is the DESIGN.md contract', () => {
    const run = ownit(['--format', 'json', 'bad.txt'], cwd)
    expect(run.code).toBe(1)
    const [file] = JSON.parse(run.stdout) as Array<{ path: string; messages: Array<Record<string, unknown>> }>
    expect(file!.path).toBe('bad.txt')
    expect(file!.messages[0]).toEqual({
      ruleId: 'gremlins-did-it',
      category: 'blame-shifting',
      severity: 'error',
      message: '“The gremlins did it” tells the customer nobody here owns the mistake.',
      why: 'To the customer you are the company. Own the mistake, then fix it.',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 30,
      offset: 10,
      endOffset: 39,
      actual: 'the gremlins lost your parcel',
      expected: ['we lost your parcel'],
      fix: true
    })
  })

  test('compact is one line per message', () => {
    const run = ownit(['-f', 'compact', 'bad.txt'], cwd)
    expect(run.stdout).toBe(
      'bad.txt:2:1: error gremlins-did-it: “The gremlins did it” tells the customer nobody here owns the mistake.\n' +
        'bad.txt:2:32: warning sorry-for-the-kerfuffle: “Sorry for the kerfuffle” apologises for nothing in particular.\n'
    )
  })

  test('github prints workflow commands with the coaching note', () => {
    const run = ownit(['-f', 'github', 'bad.txt'], cwd)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe(
      '::error file=bad.txt,line=2,col=1,endLine=2,endColumn=30,title=ownit gremlins-did-it::“The gremlins did it” tells the customer nobody here owns the mistake.%0ATo the customer you are the company. Own the mistake, then fix it.%0ATry: “we lost your parcel”'
    )
    expect(lines[1]).toMatch(/^::warning file=bad.txt,line=2,col=32,/)
  })

  test('sarif is one run with the rules that fired', () => {
    const run = ownit(['-f', 'sarif', 'bad.txt'], cwd)
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: unknown[] }> }
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(['gremlins-did-it', 'sorry-for-the-kerfuffle'])
    expect(log.runs[0]!.results).toHaveLength(2)
  })

  test('stylish shows the coaching note; --color adds ANSI colours, --no-color removes them', () => {
    const plain = ownit(['--no-color', 'bad.txt'], cwd)
    expect(plain.stdout).toContain('To the customer you are the company.')
    expect(plain.stdout).not.toContain('\u001b[')
    const coloured = ownit(['--color', 'bad.txt'], cwd)
    expect(coloured.stdout).toContain('\u001b[')
  })
})

describe('exit code flags', () => {
  const cwd = workspace({ '.ownitrc.json': teamConfig, 'warn.txt': 'Sorry for the kerfuffle, Maria.\n', 'info.txt': 'OK hush now, Maria.\n' })

  test('--fail-on sets the lowest severity that fails', () => {
    expect(ownit(['warn.txt'], cwd).code).toBe(0)
    expect(ownit(['--fail-on', 'warning', 'warn.txt'], cwd).code).toBe(1)
    expect(ownit(['--fail-on', 'warning', 'info.txt'], cwd).code).toBe(0)
    expect(ownit(['--fail-on', 'info', 'info.txt'], cwd).code).toBe(1)
  })

  test('--max-warnings fails when there are more warnings than allowed', () => {
    expect(ownit(['--max-warnings', '1', 'warn.txt'], cwd).code).toBe(0)
    const run = ownit(['--max-warnings', '0', '-f', 'compact', 'warn.txt'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('ownit: too many warnings (1; --max-warnings is 0)\n')
  })

  test('--quiet reports errors only', () => {
    const run = ownit(['--quiet', '-f', 'compact', 'warn.txt', 'info.txt'], cwd)
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('rule flags', () => {
  const cwd = workspace({ '.ownitrc.json': teamConfig, 'bad.txt': bad })

  test('--rule ID=off turns a rule off, --rule ID=info changes its severity', () => {
    const run = ownit(['-f', 'json', '--rule', 'gremlins-did-it=off', '-r', 'sorry-for-the-kerfuffle=error', 'bad.txt'], cwd)
    expect(run.code).toBe(1)
    const messages = (JSON.parse(run.stdout) as Array<{ messages: JsonMessage[] }>)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.severity])).toEqual([['sorry-for-the-kerfuffle', 'error']])
    expect(ownit(['--rule', 'gremlins-did-it=info', 'bad.txt'], cwd).code).toBe(0)
  })

  test('an unknown rule id is one line with a did-you-mean, exit 2', () => {
    const run = ownit(['--rule', 'gremlin-did-it=off', 'bad.txt'], cwd)
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: --rule gremlin-did-it: unknown rule “gremlin-did-it”, did you mean “gremlins-did-it”?\n' })
  })

  test('a malformed --rule says what is expected', () => {
    expect(ownit(['--rule', 'gremlins-did-it', 'bad.txt'], cwd).stderr).toBe('ownit: --rule gremlins-did-it: expected ID=off|info|warning|error, like --rule not-my-fault=off\n')
    expect(ownit(['--rule', 'gremlins-did-it=high', 'bad.txt'], cwd).stderr).toBe('ownit: --rule gremlins-did-it=high: expected off, info, warning or error, not “high”\n')
  })

  test('--category keeps only those categories; an unknown one gets a did-you-mean', () => {
    expect(ruleIds(ownit(['-f', 'json', '--category', 'non-apology', 'bad.txt'], cwd).stdout)).toEqual(['sorry-for-the-kerfuffle'])
    expect(ruleIds(ownit(['-f', 'json', '--category', 'non-apology', '--category', 'blame-shifting', 'bad.txt'], cwd).stdout)).toEqual(['gremlins-did-it', 'sorry-for-the-kerfuffle'])
    const run = ownit(['--category', 'blame-shifing', 'bad.txt'], cwd)
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ownit: --category blame-shifing: unknown category, did you mean “blame-shifting”?\n' })
  })
})

describe('config flags', () => {
  test('--config uses that file for every input; --no-config ignores config files', () => {
    const cwd = workspace({ 'conf/team.json': JSON.stringify({ packs: ['../team.yml'] }), 'bad.txt': bad })
    expect(ownit(['bad.txt'], cwd).code).toBe(0)
    expect(ruleIds(ownit(['-f', 'json', '--config', 'conf/team.json', 'bad.txt'], cwd).stdout)).toEqual(['gremlins-did-it', 'sorry-for-the-kerfuffle'])
    writeFileSync(join(cwd, '.ownitrc.json'), teamConfig)
    expect(ownit(['bad.txt'], cwd).code).toBe(1)
    expect(ownit(['--no-config', 'bad.txt'], cwd)).toEqual({ code: 0, stdout: 'bad.txt: no issues found\n', stderr: '' })
  })

  test('a missing --config file is one line, exit 2', () => {
    expect(ownit(['--config', 'nope.json', 'x.txt'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: nope.json: cannot read config (no such file)\n' })
  })
})

describe('fixing', () => {
  const reply = 'Hi Maria,\nthe gremlins lost your parcel. `the gremlins lost it`\n\n> the gremlins lost your order\n'

  test('--fix rewrites in place, leaves code and quotes alone, and reports what is left', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.md': reply })
    const run = ownit(['--fix', '-f', 'compact', '.'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('ownit: fixed 1 problem in 1 file\n')
    expect(readFileSync(join(cwd, 'reply.md'), 'utf8')).toBe('Hi Maria,\nwe lost your parcel. `the gremlins lost it`\n\n> the gremlins lost your order\n')
    const again = ownit(['--fix', '.'], cwd)
    expect(again.stderr).toBe('ownit: fixed 0 problems in 0 files\n')
  })

  test('--fix-dry-run prints a unified diff and writes nothing', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.md': reply })
    const run = ownit(['--fix-dry-run', 'reply.md'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      ['--- a/reply.md', '+++ b/reply.md', '@@ -1,4 +1,4 @@', ' Hi Maria,', '-the gremlins lost your parcel. `the gremlins lost it`', '+we lost your parcel. `the gremlins lost it`', ' ', ' > the gremlins lost your order', ''].join('\n')
    )
    expect(run.stderr).toBe('ownit: 1 fix in 1 file (dry run: nothing written)\n')
    expect(readFileSync(join(cwd, 'reply.md'), 'utf8')).toBe(reply)
  })

  test('--fix on stdin prints the fixed text', () => {
    const run = ownit(['--fix', '-'], workspace({ '.ownitrc.json': teamConfig }), 'The gremlins lost your parcel, {{ticket.requester.first_name}}.')
    expect(run).toEqual({ code: 0, stdout: 'We lost your parcel, {{ticket.requester.first_name}}.', stderr: '' })
  })

  test('--fix on stdin: the problems no rewrite fixes are on stderr, one line each, with the exit code they set', () => {
    const run = ownit(['--fix', '-'], workspace(), "It's not my fault. Corporate sets the policy.")
    expect(run.code).toBe(1)
    expect(run.stdout).toBe("It's not my fault. We set the policy.")
    expect(run.stderr).toMatch(/^<stdin>:1:6: error not-my-fault: .+\n$/)
  })

  test.skipIf(isRoot)('a file that cannot be written is one line, exit 2 (skipped as root: chmod does not block root)', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.txt': 'The gremlins lost it.' })
    chmodSync(join(cwd, 'reply.txt'), 0o444)
    const run = ownit(['--fix', '-f', 'compact', 'reply.txt'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('ownit: reply.txt: cannot write the fixes (permission denied)\n')
  })

  test('--fix replaces a file whole: it keeps its mode, a symbolic link stays a link, and nothing is left beside it', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'real.txt': 'The gremlins lost it.\n' })
    chmodSync(join(cwd, 'real.txt'), 0o664)
    symlinkSync('real.txt', join(cwd, 'link.txt'))
    const run = ownit(['--fix', 'link.txt'], cwd)
    expect(run.stderr).toBe('ownit: fixed 1 problem in 1 file\n')
    expect(readFileSync(join(cwd, 'real.txt'), 'utf8')).toBe('We lost it.\n')
    expect(lstatSync(join(cwd, 'link.txt')).isSymbolicLink()).toBe(true)
    expect(statSync(join(cwd, 'real.txt')).mode & 0o777).toBe(0o664)
    expect(readdirSync(cwd).sort()).toEqual(['.ownitrc.json', 'link.txt', 'real.txt', 'team.yml'])
  })

  test('a write that fails leaves the old file whole, and no temporary file', () => {
    const folder = workspace({ 'reply.txt': 'old text\n' })
    // The temporary file's name taken by a folder: the write fails before the old file is touched.
    mkdirSync(join(folder, `.reply.txt.ownit-${process.pid}.tmp`))
    expect(() => replaceFile(join(folder, 'reply.txt'), 'new text\n')).toThrow(/EEXIST/)
    expect(readFileSync(join(folder, 'reply.txt'), 'utf8')).toBe('old text\n')
    rmSync(join(folder, `.reply.txt.ownit-${process.pid}.tmp`), { recursive: true })
    replaceFile(join(folder, 'reply.txt'), 'new text\n')
    expect(readFileSync(join(folder, 'reply.txt'), 'utf8')).toBe('new text\n')
    expect(readdirSync(folder).sort()).toEqual(['reply.txt', 'team.yml'])
  })

  test.skipIf(isRoot)('in a folder that cannot be written, the file is written in place (skipped as root)', () => {
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.txt': 'The gremlins lost it.\n' })
    chmodSync(cwd, 0o555)
    try {
      expect(ownit(['--fix', 'reply.txt'], cwd).stderr).toBe('ownit: fixed 1 problem in 1 file\n')
      expect(readFileSync(join(cwd, 'reply.txt'), 'utf8')).toBe('We lost it.\n')
    } finally {
      chmodSync(cwd, 0o755)
    }
  })

  test('--fix and --fix-dry-run together are a usage error', () => {
    expect(ownit(['--fix', '--fix-dry-run', 'x.txt'], workspace())).toEqual({ code: 2, stdout: '', stderr: 'ownit: --fix and --fix-dry-run cannot be used together: pick one\n' })
  })
})

describe('rules and setup', () => {
  const cwd = workspace({ '.ownitrc.json': JSON.stringify({ packs: ['./team.yml'], rules: { 'hush-now': 'off' } }) })

  test('--list-rules lists id, category, severity in force and an example', () => {
    const run = ownit(['--list-rules'], cwd)
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^id +category +severity +example$/)
    expect(run.stdout).toMatch(/gremlins-did-it +blame-shifting +error +Sorry Maria, the gremlins lost your parcel\./)
    expect(run.stdout).toMatch(/hush-now +condescension +off +Hush now, it will arrive\./)
    const json = JSON.parse(ownit(['--list-rules', '--rule', 'hush-now=warning', '-f', 'json'], cwd).stdout) as Array<{ id: string; severity: string }>
    expect(json.find((rule) => rule.id === 'hush-now')?.severity).toBe('warning')
  })

  test('--explain shows why, the rewrites and the examples', () => {
    const run = ownit(['--explain', 'gremlins-did-it'], cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Why: To the customer you are the company. Own the mistake, then fix it.')
    expect(run.stdout).toContain('✗ Sorry Maria, the gremlins lost your parcel.')
    expect(run.stdout).toContain('✓ Gremlins is a great film.')
    expect(run.stdout).toContain('The gremlins lost your parcel.  →  We lost your parcel.')
  })

  test('--explain with an unknown id is one line with a did-you-mean', () => {
    expect(ownit(['--explain', 'hush-nw'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'ownit: --explain: unknown rule “hush-nw”, did you mean “hush-now”?\n' })
  })

  test('--explain knows the checks that are not rules, with the severity in force', () => {
    const spelling = ownit(['--explain', 'spelling', '--rule', 'spelling=error'], cwd)
    expect(spelling.code).toBe(0)
    expect(spelling.stdout.split('\n')[0]).toBe('spelling (spelling, error)')
    expect(spelling.stdout).toContain('an .ownit-words file')
    expect(ownit(['--explain', 'spelling', '--no-spelling'], cwd).stdout.split('\n')[0]).toBe('spelling (spelling, off)')
    expect(ownit(['--explain', 'unused-disable-directive'], cwd).stdout.split('\n')[0]).toBe('unused-disable-directive (structure, off)')
    expect(ownit(['--explain', 'unused-disable-directive', '--report-unused-disables'], cwd).stdout.split('\n')[0]).toBe('unused-disable-directive (structure, warning)')
    expect(ownit(['--explain', 'unknown-directive-name'], cwd).stdout.split('\n')[0]).toBe('unknown-directive-name (structure, warning)')
    expect(ownit(['--explain', 'unknown-directive-name', '--rule', 'unknown-directive-name=off'], cwd).stdout.split('\n')[0]).toBe('unknown-directive-name (structure, off)')
    expect(ownit(['--explain', 'unknown-directive'], cwd).stdout.split('\n')[0]).toBe('unknown-directive (structure, warning)')
    expect(ownit(['--explain', 'unknown-directive', '--rule', 'unknown-directive=error'], cwd).stdout.split('\n')[0]).toBe('unknown-directive (structure, error)')
    const stop = ownit(['--explain', 'too-many-problems'], cwd)
    expect(stop.stdout.split('\n')[0]).toBe('too-many-problems (structure, error)')
    expect(stop.stdout).toContain('It cannot be turned off')
    expect(ownit(['--explain', 'spelin'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'ownit: --explain: unknown rule “spelin”, did you mean “spelling”?\n' })
  })

  test('--list-rules also names the checks that are not rules', () => {
    expect(ownit(['--list-rules'], cwd).stdout).toContain('Also reported: spelling (warning), unused-disable-directive (off), unknown-directive-name (warning), unknown-directive (warning), too-many-problems (error).')
    const json = JSON.parse(ownit(['--list-rules', '--no-spelling', '-f', 'json'], cwd).stdout) as Array<{ id: string; category: string; severity: string }>
    expect(json.slice(-5)).toMatchObject([
      { id: 'spelling', category: 'spelling', severity: 'off' },
      { id: 'unused-disable-directive', category: 'structure', severity: 'off' },
      { id: 'unknown-directive-name', category: 'structure', severity: 'warning' },
      { id: 'unknown-directive', category: 'structure', severity: 'warning' },
      { id: 'too-many-problems', category: 'structure', severity: 'error' }
    ])
  })

  test('rules may set spelling and unused-disable-directive, in the config and with --rule, but not too-many-problems', () => {
    const typo = 'Hi Maria, we have sent the parcell today.\n'
    const folder = workspace({ '.ownitrc.yaml': 'rules:\n  spelling: error\n', 'reply.txt': typo })
    expect(ownit(['-f', 'compact', 'reply.txt'], folder)).toEqual({ code: 1, stdout: 'reply.txt:1:28: error spelling: “parcell” looks like a typo; try “parcel”\n', stderr: '' })
    expect(ownit(['-f', 'compact', '--rule', 'spelling=off', 'reply.txt'], folder)).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(ownit(['--rule', 'too-many-problems=off', 'reply.txt'], folder)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ownit: --rule too-many-problems: “too-many-problems” cannot be turned off or changed: a run never passes on a text it did not finish\n'
    })
    const fixed = workspace({ '.ownitrc.yaml': 'rules:\n  too-many-problems: off\n', 'reply.txt': good })
    expect(ownit(['reply.txt'], fixed)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ownit: .ownitrc.yaml:2:3: rules: “too-many-problems” cannot be turned off or changed: a run never passes on a text it did not finish\n'
    })
  })

  test('--init writes a commented starter config that ownit accepts, and never overwrites one', () => {
    const folder = workspace({ 'reply.txt': good })
    const run = ownit(['--init'], folder)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Wrote .ownitrc.yaml')
    const text = readFileSync(join(folder, '.ownitrc.yaml'), 'utf8')
    expect(text).toContain('# Turn rules off')
    expect(ownit(['reply.txt'], folder).code).toBe(0)
    expect(ownit(['--init'], folder)).toEqual({ code: 2, stdout: '', stderr: 'ownit: --init: .ownitrc.yaml already exists; not overwriting it\n' })
    expect(existsSync(join(folder, '.ownitrc.yaml'))).toBe(true)
  })
})

describe('inline control', () => {
  test('a disable comment silences one line; --report-unused-disables reports one that silences nothing', () => {
    const text = 'Hi Maria,\n# ownit-disable-next-line gremlins-did-it\nthe gremlins lost your parcel.\n// ownit-disable-next-line hush-now\nThanks for waiting.\n'
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.txt': text })
    expect(ownit(['reply.txt'], cwd)).toEqual({ code: 0, stdout: 'reply.txt: no issues found\n', stderr: '' })
    const run = ownit(['--report-unused-disables', '-f', 'compact', 'reply.txt'], cwd)
    expect(run.stdout).toBe('reply.txt:4:1: warning unused-disable-directive: Unused ownit-disable-next-line hush-now directive: no problem here to silence\n')
  })

  test("--report-unused-disables' messages, and spelling's, come in line order with the file's others, in every format", () => {
    const text = 'Hi Maria,\n# ownit-disable-next-line hush-now\nThanks for waitng.\nThe gremlins lost your parcel.\n'
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'reply.txt': text, 'reply.md': text.replace('# ownit-disable-next-line hush-now', '<!-- ownit-disable-next-line hush-now -->') })
    const run = ownit(['--report-unused-disables', '-f', 'compact', 'reply.txt', 'reply.md'], cwd)
    expect(run.stdout.split('\n').map((line) => /^[^:]*:\d+:\d+: \S+ [^:]+/.exec(line)?.[0] ?? line)).toEqual([
      'reply.txt:2:1: warning unused-disable-directive',
      'reply.txt:3:12: warning spelling',
      'reply.txt:4:1: error gremlins-did-it',
      'reply.md:2:1: warning unused-disable-directive',
      'reply.md:3:12: warning spelling',
      'reply.md:4:1: error gremlins-did-it',
      ''
    ])
    const report = (format: string): string => ownit(['--report-unused-disables', '-f', format, 'reply.txt'], cwd).stdout
    expect((JSON.parse(report('json')) as Array<{ messages: Array<{ line: number }> }>)[0]!.messages.map((message) => message.line)).toEqual([2, 3, 4])
    expect([...report('github').matchAll(/,line=(\d+),/g)].map((match) => Number(match[1]))).toEqual([2, 3, 4])
    const sarif = JSON.parse(report('sarif')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> }
    expect(sarif.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.region.startLine)).toEqual([2, 3, 4])
  })

  test('a directive naming no rule or category says so, with a did-you-mean, in documents and macro exports, once', () => {
    const macros = JSON.stringify([{ title: 'Delay', actions: [{ field: 'comment_value', value: '# ownit-disable-next-line hush-nw\nThanks for waiting.' }] }])
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'macros.json': macros, 'reply.txt': '// ownit-disable-next-line hush-nw, spelling\nThanks for waiting.\n' })
    const reported =
      'macros.json:1:64: warning unknown-directive-name: macro "Delay": comment_value: ownit-disable-next-line hush-nw: unknown rule or category “hush-nw”, did you mean “hush-now”?\n' +
      'reply.txt:1:1: warning unknown-directive-name: ownit-disable-next-line hush-nw, spelling: unknown rule or category “hush-nw”, did you mean “hush-now”?\n'
    // Reported without being asked; with --report-unused-disables, not again as unused.
    expect(ownit(['-f', 'compact', 'macros.json', 'reply.txt'], cwd)).toEqual({ code: 0, stdout: reported, stderr: '' })
    expect(ownit(['-f', 'compact', '--report-unused-disables', 'macros.json', 'reply.txt'], cwd).stdout).toBe(reported)
    // Turned off, the unused report still says why.
    expect(ownit(['-f', 'compact', '--report-unused-disables', '--rule', 'unknown-directive-name=off', 'macros.json', 'reply.txt'], cwd).stdout).toBe(
      'macros.json:1:64: warning unused-disable-directive: macro "Delay": comment_value: Unused ownit-disable-next-line hush-nw directive: unknown rule or category “hush-nw”, did you mean “hush-now”?\n' +
        'reply.txt:1:1: warning unused-disable-directive: Unused ownit-disable-next-line hush-nw, spelling directive: unknown rule or category “hush-nw”, did you mean “hush-now”?\n'
    )
    expect(ownit(['-f', 'compact', '--rule', 'unknown-directive-name=off', 'macros.json', 'reply.txt'], cwd)).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(ownit(['-f', 'compact', '--rule', 'unknown-directive-name=error', 'reply.txt'], cwd).code).toBe(1)
  })

  test('a misspelt directive keyword says so, with a did-you-mean, in documents and macro exports, compact and JSON', () => {
    const html = '<p><!-- ownit-disabel hush-now --></p><p>Hush now.</p>'
    const macros = JSON.stringify([{ title: 'Delay', actions: [{ field: 'comment_value', value: '# ownti-disable-next-line hush-now\nHush now.' }, { field: 'comment_value_html', value: html }] }])
    const cwd = workspace({ '.ownitrc.json': teamConfig, 'macros.json': macros, 'reply.txt': '// ownit disable-next-line hush-now\nHush now.\n', 'reply.md': '# Ownership\n\n<!-- ownit-disable-next-lin hush-now -->\nHush now.\n' })
    const files = ['macros.json', 'reply.md', 'reply.txt']
    // Reported without being asked, and the rule each was meant to silence still fires.
    const hush = '“Hush now” talks down to the customer.'
    expect(ownit(['-f', 'compact', ...files], cwd)).toEqual({
      code: 0,
      stdout:
        'macros.json:1:66: warning unknown-directive: macro "Delay": comment_value: unknown directive “ownti-disable-next-line”, did you mean “ownit-disable-next-line”?\n' +
        `macros.json:1:100: info hush-now: macro "Delay": comment_value: ${hush}\n` +
        'macros.json:1:159: warning unknown-directive: macro "Delay": comment_value_html: unknown directive “ownit-disabel”, did you mean “ownit-disable”?\n' +
        `macros.json:1:192: info hush-now: macro "Delay": comment_value_html: ${hush}\n` +
        'reply.md:3:6: warning unknown-directive: unknown directive “ownit-disable-next-lin”, did you mean “ownit-disable-next-line”?\n' +
        `reply.md:4:1: info hush-now: ${hush}\n` +
        'reply.txt:1:4: warning unknown-directive: unknown directive “ownit disable-next-line”, did you mean “ownit-disable-next-line”?\n' +
        `reply.txt:2:1: info hush-now: ${hush}\n`,
      stderr: ''
    })
    // Placed on the keyword as written.
    const report = JSON.parse(ownit(['-f', 'json', ...files], cwd).stdout) as Array<{ path: string; messages: Array<JsonMessage & { offset: number; endOffset: number }> }>
    const texts: Record<string, string> = { 'macros.json': macros, 'reply.md': readFileSync(join(cwd, 'reply.md'), 'utf8'), 'reply.txt': readFileSync(join(cwd, 'reply.txt'), 'utf8') }
    for (const { path, messages } of report) {
      expect(messages.map((message) => message.ruleId)).toEqual(path === 'macros.json' ? ['unknown-directive', 'hush-now', 'unknown-directive', 'hush-now'] : ['unknown-directive', 'hush-now'])
      for (const message of messages.filter((message) => message.ruleId === 'unknown-directive')) {
        expect(texts[path]!.slice(message.offset, message.endOffset)).toBe(message.actual)
        expect(message).toMatchObject({ severity: 'warning', category: 'structure', fix: false, expected: [expect.stringMatching(/^ownit-(disable|enable|disable-next-line)$/)] })
      }
    }
    expect(ownit(['-f', 'compact', '--rule', 'unknown-directive=off', ...files], cwd).stdout.trimEnd().split('\n').map((line) => line.split(' ')[2])).toEqual(['hush-now:', 'hush-now:', 'hush-now:', 'hush-now:'])
    expect(ownit(['-f', 'compact', '--rule', 'unknown-directive=error', 'reply.txt'], cwd).code).toBe(1)
    const config = workspace({ '.ownitrc.json': JSON.stringify({ packs: ['./team.yml'], rules: { 'unknown-directive': 'error' } }), 'reply.txt': '# ownit-disabel\nThanks for waiting.\n' })
    expect(ownit(['-f', 'compact', 'reply.txt'], config)).toEqual({ code: 1, stdout: 'reply.txt:1:3: error unknown-directive: unknown directive “ownit-disabel”, did you mean “ownit-disable”?\n', stderr: '' })
  })

  test('a directive may name categories: it silences every rule of the category, and only those', () => {
    const text = [
      '# ownit-disable-next-line deflection',
      "That's not my department, and it's not my fault.",
      '# ownit-disable blame-shifting, non-apology',
      'It is not my fault. Sorry for any inconvenience.',
      '# ownit-enable not-my-fault',
      "It's not my fault. That's not my department.",
      ''
    ].join('\n')
    const cwd = workspace({ 'reply.txt': text, 'reply.md': text.replace(/^# (ownit-.*)$/gm, '<!-- $1 -->') })
    const lines = (name: string): string[] =>
      (JSON.parse(ownit(['--no-config', '--no-spelling', '--report-unused-disables', '-f', 'json', name], cwd).stdout) as Array<{ messages: JsonMessage[] }>)[0]!.messages.map((message) => `${message.ruleId}:${message.actual}`)
    const expected = ['not-my-fault:not my fault', 'not-my-fault:not my fault', "not-my-department:That's not my department"]
    expect(lines('reply.txt')).toEqual(expected)
    expect(lines('reply.md')).toEqual(expected)
  })

  test('rules can turn the unused-directive report on at a severity, and it covers macro exports too', () => {
    const macros = JSON.stringify([{ title: 'Delay', actions: [{ field: 'comment_value', value: '# ownit-disable-next-line hush-now\nThanks for waiting.' }] }])
    const config = JSON.stringify({ packs: ['./team.yml'], rules: { 'unused-disable-directive': 'error' } })
    const cwd = workspace({ '.ownitrc.json': config, 'macros.json': macros, 'reply.txt': '// ownit-disable-next-line hush-now\nThanks for waiting.\n' })
    expect(ownit(['-f', 'compact', 'macros.json', 'reply.txt'], cwd)).toEqual({
      code: 1,
      stdout:
        'macros.json:1:64: error unused-disable-directive: macro "Delay": comment_value: Unused ownit-disable-next-line hush-now directive: no problem here to silence\n' +
        'reply.txt:1:1: error unused-disable-directive: Unused ownit-disable-next-line hush-now directive: no problem here to silence\n',
      stderr: ''
    })
    expect(ownit(['-f', 'compact', '--rule', 'unused-disable-directive=off', 'macros.json', 'reply.txt'], cwd)).toEqual({ code: 0, stdout: '', stderr: '' })
    const flagOnly = workspace({ '.ownitrc.json': teamConfig, 'macros.json': macros })
    expect(ownit(['-f', 'compact', '--report-unused-disables', 'macros.json'], flagOnly).stdout).toContain('macros.json:1:64: warning unused-disable-directive: macro "Delay"')
  })
})
