import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { defaultSpeakers } from '../src/score/types.js'

const fixtures = 'test/fixtures/score/'
const pack = ['--pack', fixtures + 'pack.yml', '--no-builtin']

/** Run the built binary; CLI tests check exit code, stdout and stderr together. */
function spawnOwnit(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/ownit.js', 'score', ...args], { encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** The built binary with `input` on its standard input. */
function spawnWithInput(input: string | Buffer, ...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/ownit.js', 'score', ...args], { input, encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** The same, without a new process: the built CLI's `main`, which is all bin/ownit.js calls. */
async function ownit(...args: string[]) {
  return ownitWithInput('', ...args)
}

async function ownitWithInput(input: string, ...args: string[]) {
  const { main } = await import('../dist/cli.js')
  let stdout = ''
  let stderr = ''
  const code = await main(['score', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: () => Buffer.from(input), isTTY: false })
  return { code, stdout, stderr }
}

describe('ownit score', () => {
  test('prints a table, one row per conversation then per agent, and exits 0 when every record was read', () => {
    const { code, stdout, stderr } = spawnOwnit(fixtures + "chat.json", fixtures + "chat.txt", ...pack)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^conversation\s+agent\s+score\s+flags\s+missing practices$/)
    expect(lines[1]).toMatch(/^T-100\s+dana\s+72\s+1\s+introduces-self, gives-case-number, asks-anything-else$/)
    expect(stdout).toMatch(/^Dana\s+1\s+48\.0\s+48\s+48\s+“Sorry for any inconvenience” ×1; gives-case-number missing in 100%/m)
    expect(stdout).toMatch(/^all agents\s+2\s+60\.0\s+60\s+48/m)
    expect(stderr).toMatch(/^ownit score: 2 conversations \(7 turns\) scored in \d+\.\d s\n$/)
  })

  test('skipped records are reported with file and line, counted in the summary, and exit 2; the report is still written', async () => {
    const { code, stdout, stderr } = await ownit(fixtures + 'chats.jsonl', '--format', 'json', ...pack)
    expect(code).toBe(2)
    expect(stderr).toContain(`ownit score: ${fixtures}chats.jsonl:2: skipped: not valid JSON`)
    expect(stderr).toContain(`ownit score: ${fixtures}chats.jsonl:5: skipped: turns[0]: missing “text” (a string)`)
    expect(stderr).toMatch(/2 records skipped \(see above\)\n$/)
    expect(JSON.parse(stdout).skipped.count).toBe(2)
  })

  test('--strict stops at the first unreadable record', async () => {
    const { code, stdout, stderr } = await ownit(fixtures + 'chats.jsonl', '--strict', ...pack)
    expect(code).toBe(2)
    expect(stderr).toBe(`ownit score: ${fixtures}chats.jsonl:2: not valid JSON (Unexpected token 'o') (--strict: stopped)\n`)
    expect(stdout).not.toContain('all agents')
  })

  test('--fail-under exits 1 when a conversation scores below it', async () => {
    expect((await ownit(fixtures + 'chat.txt', '--fail-under', '50', ...pack)).code).toBe(1)
    expect((await ownit(fixtures + 'chat.txt', '--fail-under', '40', ...pack)).code).toBe(0)
  })

  test('the JSON shape: version, conversations with score, practices and placed messages, per-agent aggregates', async () => {
    const { code, stdout } = await ownit(fixtures + 'chat.txt', fixtures + 'export.csv', '--format', 'json', ...pack)
    expect(code).toBe(2)
    const report = JSON.parse(stdout)
    expect(Object.keys(report)).toEqual(['version', 'conversations', 'agents', 'overall', 'skipped', 'weights'])
    expect(report.version).toBe(1)
    const [conversation] = report.conversations
    expect(Object.keys(conversation)).toEqual(['id', 'path', 'line', 'agent', 'turns', 'agentTurns', 'score', 'deductions', 'practices', 'messages', 'bestReply'])
    expect(conversation.practices[0]).toEqual({
      id: 'introduces-self',
      status: 'found',
      evidence: { turn: 1, quote: "Hi Sam, my name is Dana.", line: 2, column: 23 },
      note: 'found: “Hi Sam, my name is Dana.”'
    })
    expect(conversation.messages[0]).toEqual({
      ruleId: 'fixture-corporate-policy',
      category: 'blame-shifting',
      severity: 'error',
      message: '“Corporate sets the policy” tells the customer nobody here owns it.',
      why: 'To the customer you are the company.',
      line: 3,
      column: 15,
      endLine: 3,
      endColumn: 40,
      offset: 149,
      endOffset: 174,
      actual: 'Corporate sets the policy',
      expected: ['We set the policy'],
      fix: false,
      turn: 2
    })
    expect(conversation.deductions[0]).toEqual({ kind: 'message', id: 'fixture-corporate-policy', points: 12 })
    expect(report.agents.map((agent: { agent: string }) => agent.agent)).toEqual(['Dana', 'ana', 'ben'])
    expect(Object.keys(report.agents[0])).toEqual([
      'agent', 'conversations', 'turns', 'mean', 'median', 'min', 'max', 'distribution', 'worst', 'problems', 'practices', 'bestReplies', 'flaggedReplies'
    ])
    expect(report.overall.conversations).toBe(3)
    expect(report.skipped).toEqual({ count: 1, records: [{ path: fixtures + 'export.csv', line: 6, reason: 'columns length is 4, got 3' }] })
  })

  test('CSV by agent: one row per agent with practice rates', async () => {
    const { stdout } = await ownit(fixtures + 'export.csv', '--format', 'csv', '--by', 'agent', ...pack)
    const [header, ...rows] = stdout.trim().split('\n')
    expect(header).toBe(
      'agent,conversations,turns,mean,median,min,max,introduces-self_rate,gives-case-number_rate,specific-apology_rate,specific-follow-up_rate,offers-another-path_rate,asks-anything-else_rate,listens-back_rate,top_problem,top_problem_count'
    )
    expect(rows).toEqual(['ana,1,2,72,72,72,72,1,0,,,,0,0,fixture-corporate-policy,1', 'ben,1,2,66,66,66,66,0,0,,,,0,0,fixture-not-my-department,2'])
  })

  test('worker threads give the same report, in the same order, as one thread', async () => {
    // Enough records for several batches, so that workers start; bad lines among them.
    const big = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'big.jsonl')
    writeFileSync(big, readFileSync(fixtures + 'chats.jsonl', 'utf8').repeat(100))
    const one = await ownit(big, fixtures, '--format', 'json', '--jobs', '1', ...pack)
    const many = await ownit(big, fixtures, '--format', 'json', '--jobs', '3', ...pack)
    expect(JSON.parse(one.stdout).overall.conversations).toBe(206)
    expect(many.stdout).toBe(one.stdout)
    // With fewer than 3 cores, a line says so, and as many threads as cores score.
    const tidy = (stderr: string) => stderr.replace(/^ownit score: --jobs 3: scoring with \d threads?, one per core this process may use\n/, '').replace(/in \d+\.\d s/, '')
    expect(tidy(many.stderr)).toBe(tidy(one.stderr))
    // Workers add up their part of the summaries (and count the scores below --fail-under)
    // and write the rows of their conversations; the main thread writes them in order.
    for (const flags of [
      ['--format', 'csv', '--by', 'agent', '--fail-under', '70'],
      ['--format', 'csv', '--by', 'conversation'],
      ['--format', 'table', '--by', 'agent'],
      ['--format', 'table', '--fail-under', '70']
    ]) {
      const single = await ownit(big, ...flags, '--jobs', '1', ...pack)
      const threads = await ownit(big, ...flags, '--jobs', '3', ...pack)
      expect(threads.stdout).toBe(single.stdout)
      expect(threads.code).toBe(single.code)
    }
  })

  test('a JSON export of many conversations in one array is scored conversation by conversation: the same report with worker threads', async () => {
    // Its conversations are units of work of their own (it was one unit: 1 GB and one thread for 50,000).
    const conversations = Array.from({ length: 300 }, (_, index) => ({
      id: `c${index}`,
      agent: index % 2 === 0 ? 'ana' : 'ben',
      turns: [
        { role: 'customer', text: 'Where is my parcel?' },
        { role: 'agent', text: index % 3 === 0 ? 'Thanks, I have sent it again.' : 'Head office decided the policy, it\u2019s not my department.' }
      ]
    }))
    const big = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'export.json')
    writeFileSync(big, JSON.stringify(conversations, null, 1))
    const one = await ownit(big, '--format', 'json', '--jobs', '1', ...pack)
    const many = await ownit(big, '--format', 'json', '--jobs', '3', ...pack)
    expect(JSON.parse(one.stdout).overall.conversations).toBe(300)
    expect(many.stdout).toBe(one.stdout)
    expect(many.code).toBe(one.code)
    // Each conversation is a unit of work of its own.
    const { readSources } = await import('../src/score/input/source.js')
    const kinds: string[] = []
    for await (const event of readSources([big], { speakers: defaultSpeakers, csv: {} })) kinds.push(event.kind)
    expect(kinds).toEqual(Array(300).fill('conversation'))
    // Messages still point into the file through its layout.
    const text = readFileSync(big, 'utf8')
    for (const conversation of (JSON.parse(one.stdout) as { conversations: Array<{ messages: Array<{ offset: number; endOffset: number; actual: string }> }> }).conversations.slice(0, 20)) {
      for (const message of conversation.messages) expect(JSON.parse(`"${text.slice(message.offset, message.endOffset)}"`)).toBe(message.actual)
    }
  })

  test('as many agents as conversations (an id read as the agent) gets a note on stderr; the run is unchanged', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
    const lines = (agentOf: (index: number) => string) =>
      Array.from({ length: 1200 }, (_, index) => JSON.stringify({ id: `t${index}`, agent: agentOf(index), turns: [{ role: 'agent', text: 'Thanks for waiting.' }] })).join('\n')
    writeFileSync(join(folder, 'ids.jsonl'), lines((index) => `T-${index}`))
    writeFileSync(join(folder, 'team.jsonl'), lines((index) => (index % 2 === 0 ? 'ana' : 'ben')))
    const ids = await ownit(join(folder, 'ids.jsonl'), '--format', 'json', ...pack)
    expect(ids.code).toBe(0)
    expect(ids.stderr).toContain('ownit score: note: 1,200 agents for 1,200 conversations; is the agent\'s id read from the right field (--csv-agent, or "agent" in JSON)?\n')
    expect((await ownit(join(folder, 'team.jsonl'), '--format', 'json', ...pack)).stderr).not.toContain('note:')
  })

  test('by default, inputs under 8 MB are scored in one thread and larger ones on every core', async () => {
    const { defaultJobs } = await import('../src/score/cli.js')
    const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
    expect(defaultJobs([fixtures + 'chats.jsonl'], 2)).toBe(1)
    // A sparse file: only its size is read.
    const big = join(folder, 'big.jsonl')
    writeFileSync(big, '')
    truncateSync(big, 9 * 1024 * 1024)
    expect(defaultJobs([big], 2)).toBe(2)
    const { expandTranscripts } = await import('../src/score/input/source.js')
    expect(defaultJobs(expandTranscripts([folder]).files, 4)).toBe(4)
    expect(defaultJobs([big], 1)).toBe(1)
    // 8 MB with 2 cores, less with more: 6 MB is enough for 8 cores, not for 2.
    truncateSync(big, 6 * 1024 * 1024)
    expect(defaultJobs([big], 2)).toBe(1)
    expect(defaultJobs([big], 8)).toBe(8)
    expect(defaultJobs([join(folder, 'missing.jsonl')], 2)).toBe(1)
  })

  test('- reads standard input, its format found from its first line, with the same report as the file', () => {
    // Each fixture, piped: JSONL (bad lines reported as <stdin>:line), pretty JSON, CSV, and
    // a text transcript whose lines start with a time stamp in brackets (not JSON).
    for (const file of ['chats.jsonl', 'chat.json', 'export.csv', 'chat.txt']) {
      const fromFile = spawnOwnit(fixtures + file, '--format', 'csv', ...pack)
      const piped = spawnWithInput(readFileSync(fixtures + file), '-', '--format', 'csv', ...pack)
      expect(piped.code).toBe(fromFile.code)
      const named = (text: string) => text.replaceAll(fixtures + file, '<stdin>').replace(/in \d+\.\d s/, '')
      expect(piped.stdout).toBe(named(fromFile.stdout))
      expect(piped.stderr.replace(/in \d+\.\d s/, '')).toBe(named(fromFile.stderr))
    }
    const bad = spawnWithInput(readFileSync(fixtures + 'chats.jsonl'), '-', ...pack)
    expect(bad.stderr).toContain('ownit score: <stdin>:2: skipped: not valid JSON')
    expect(bad.stderr).toContain('ownit score: <stdin>:5: skipped: turns[0]: missing “text” (a string)')
  })

  test('--input-format reads every input in that format; other extensions are recognised by their first line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
    const exported = join(folder, 'export')
    writeFileSync(exported, readFileSync(fixtures + 'chats.jsonl'))
    const asJsonl = await ownit(fixtures + 'chats.jsonl', '--format', 'csv', ...pack)
    expect((await ownit(exported, '--format', 'csv', ...pack)).stdout).toBe(asJsonl.stdout.replaceAll(fixtures + 'chats.jsonl', exported))
    const misnamed = join(folder, 'chats.txt')
    writeFileSync(misnamed, readFileSync(fixtures + 'chats.jsonl'))
    const forced = await ownit(misnamed, '--format', 'csv', '--input-format', 'jsonl', ...pack)
    expect(forced.stdout).toBe(asJsonl.stdout.replaceAll(fixtures + 'chats.jsonl', misnamed))
    // Without it, a .txt file is a text transcript, whatever it holds.
    expect((await ownit(misnamed, ...pack)).stderr).toContain(`${misnamed}:1: skipped: no speaker labels`)
    // Standard input in a given format: here a transcript that would otherwise look like JSONL.
    const forcedText = await ownitWithInput('{"note": "pasted"}\nAgent: Sorry for any inconvenience.\nCustomer: ok\n', '-', '--input-format', 'text', '--format', 'csv', ...pack)
    expect(forcedText.code).toBe(0)
    expect(forcedText.stdout.split('\n')[1]).toMatch(/^<stdin>,<stdin>,1,/)
    expect(await ownit('-', '--input-format', 'xml')).toMatchObject({ code: 2, stderr: 'ownit score: --input-format: expected one of auto, text, json, jsonl, csv, not “xml”\nTry ownit score --help\n' })
  })

  test('an empty value (an unset shell variable) is one line, exit 2: -o "" does not print the report instead', async () => {
    for (const flag of ['--output', '--practices', '--weights', '--agent-label', '--csv-text']) {
      expect(await ownit(fixtures + 'chats.jsonl', flag, ''), flag).toEqual({ code: 2, stdout: '', stderr: `ownit score: ${flag}: an empty value (a shell variable that is not set?)\n` })
    }
  })

  test('--fail-under must be a score from 0 to 100, --jobs a whole number: one line each, exit 2, nothing scored', async () => {
    expect(await ownit(fixtures + 'chats.jsonl', '--fail-under', 'high')).toEqual({ code: 2, stdout: '', stderr: 'ownit score: --fail-under: expected a score from 0 to 100, not a number\n' })
    expect(await ownit(fixtures + 'chats.jsonl', '--fail-under', '101')).toEqual({ code: 2, stdout: '', stderr: 'ownit score: --fail-under: expected a score from 0 to 100, not “101”\n' })
    expect(await ownit(fixtures + 'chats.jsonl', '--jobs', 'all')).toEqual({ code: 2, stdout: '', stderr: 'ownit score: --jobs: expected a whole number of at least 1, not a number\n' })
  })

  test('worker threads started ahead for a large input are stopped when a pack is broken or the report cannot be written', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
    const big = join(folder, 'big.jsonl')
    writeFileSync(big, readFileSync(fixtures + 'chats.jsonl', 'utf8').repeat(2000))
    const broken = join(folder, 'broken.yml')
    writeFileSync(broken, 'rules:\n  - id: x\n    patterns: 3\n')
    const run = (...args: string[]) => {
      const child = spawnSync(process.execPath, ['bin/ownit.js', 'score', big, '--jobs', '2', ...args], { encoding: 'utf8', timeout: 20_000 })
      return { code: child.status, stdout: child.stdout, stderr: child.stderr }
    }
    expect(run('--pack', broken)).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(new RegExp(`^ownit: ${broken.replace(/[/\\.]/g, '\\$&')}:3:\\d+: [^\n]+\n$`)) })
    expect(run('-o', join(folder, 'missing', 'report.json'))).toEqual({ code: 2, stdout: '', stderr: `ownit score: ${join(folder, 'missing', 'report.json')}: cannot write (ENOENT)\n` })
  })

  test('--jobs above the cores this process may use scores with one thread per core, and says so', async () => {
    const { usableCores } = await import('../src/cores.js')
    const cores = usableCores()
    const one = await ownit(fixtures + 'chats.jsonl', '--format', 'csv', '--jobs', '1', ...pack)
    const many = await ownit(fixtures + 'chats.jsonl', '--format', 'csv', '--jobs', String(cores + 48), ...pack)
    expect(many.stdout).toBe(one.stdout)
    expect(many.stderr.split('\n')[0]).toBe(`ownit score: --jobs ${cores + 48}: scoring with ${cores} thread${cores === 1 ? '' : 's'}, one per core this process may use`)
  })

  test('-o writes the report to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'r.csv')
    const { code, stdout, stderr } = await ownit(fixtures + 'chat.txt', '-f', 'csv', '-o', out, ...pack)
    expect(code).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toContain(`report written to ${out}`)
    expect(readFileSync(out, 'utf8')).toMatch(/^conversation,path,line,agent,score/)
  })

  test('--explain-score prints the weights in words', async () => {
    const { code, stdout } = await ownit('--explain-score')
    expect(code).toBe(0)
    expect(stdout).toContain('Every conversation starts at 100 points')
    expect(stdout).toContain('Offers another path when the answer is no')
  })

  test("the team's config applies to scoring too: its rules, packs, allowed phrases and speakers; --config and --no-config as for ownit", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ownit-'))
    const root = process.cwd()
    writeFileSync(join(dir, 'pack.yml'), readFileSync(fixtures + 'pack.yml'))
    writeFileSync(join(dir, 'chat.txt'), 'Sam: Hi, where is my refund?\nDana: Head office decided the policy. That is not my department.\n')
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, [join(root, 'bin/ownit.js'), 'score', '--no-builtin', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' })
      const report = result.status === 0 ? (JSON.parse(result.stdout) as { conversations: Array<{ agent: string; messages: Array<{ ruleId: string }> }> }) : undefined
      return { code: result.status, stderr: result.stderr, flags: report?.conversations[0]?.messages.map((message) => message.ruleId), agent: report?.conversations[0]?.agent }
    }
    // No config: the turns are not told apart (no label is known), so the run needs the pack and the labels.
    expect(run('--pack', 'pack.yml', '--agent-label', 'Dana', '--customer-label', 'Sam', 'chat.txt')).toMatchObject({ code: 0, flags: ['fixture-corporate-policy', 'fixture-not-my-department'] })
    writeFileSync(join(dir, '.ownitrc.yaml'), 'packs: [./pack.yml]\nspeakers: {agent: [Dana], customer: [Sam]}\nrules: {fixture-not-my-department: off}\nallow: ["head office decided the policy"]\n')
    expect(run('chat.txt')).toMatchObject({ code: 0, flags: [] })
    writeFileSync(join(dir, 'other.yaml'), 'packs: [./pack.yml]\nspeakers: {agent: [Dana]}\n')
    expect(run('--config', 'other.yaml', 'chat.txt')).toMatchObject({ code: 0, flags: ['fixture-corporate-policy', 'fixture-not-my-department'] })
    expect(run('--no-config', 'chat.txt').code).toBe(2)
    writeFileSync(join(dir, '.ownitrc.yaml'), 'rulez: {}\n')
    expect(run('chat.txt')).toMatchObject({ code: 2, stderr: 'ownit: .ownitrc.yaml:1:1: unknown field “rulez”, did you mean “rules”?\n' })
    expect(run('--config', '', 'chat.txt')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ownit score: --config: an empty value/) })
  })

  test('usage, config and input errors exit 2 with one line', async () => {
    expect(await ownit('--formt', 'json', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ownit score: Unknown argument: formt\nTry ownit score --help\n$/) })
    expect(await ownit()).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ownit score: no input/) })
    expect(await ownit('-', '-')).toEqual({ code: 2, stdout: '', stderr: 'ownit score: - (standard input) can be given only once\nTry ownit score --help\n' })
    expect(await ownitWithInput('', '-')).toMatchObject({ code: 2, stderr: expect.stringContaining('ownit score: <stdin>: skipped: empty: no conversations in it\n') })
    expect(await ownitWithInput('\u0000\u0001binary', '-')).toMatchObject({ code: 2, stderr: expect.stringContaining('ownit score: <stdin>: skipped: binary file (it contains NUL bytes), not text') })
    expect(await ownit('nope.jsonl')).toMatchObject({ code: 2, stderr: expect.stringContaining('ownit score: nope.jsonl: skipped: cannot read (no such file or directory)') })
    const dir = mkdtempSync(join(tmpdir(), 'ownit-'))
    writeFileSync(join(dir, 'score.yml'), 'start: 100\nmessages: {error: 1, warning: 1, info: 1, perRuleCap: 1, cap: 1}\npractices: {introduces-self: high}\n')
    expect(await ownit('--weights', join(dir, 'score.yml'), 'x')).toEqual({
      code: 2,
      stdout: '',
      stderr: `ownit: ${join(dir, 'score.yml')}:3:30: practices.introduces-self: expected number, not string "high"\n`
    })
  })
})

describe('ownit score in-process', () => {
  test('shows progress on stderr when asked (a terminal), then clears it; --by agent prints only the agents', async () => {
    const { mainScore } = await import('../src/score/cli.js')
    let stdout = ''
    let stderr = ''
    let clock = 0
    const code = await mainScore([fixtures + 'chats.jsonl', fixtures + 'chat.txt', '--by', 'agent', '--jobs', '1', ...pack], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      readStdin: () => new Uint8Array(),
      isTTY: false,
      stderrIsTTY: true,
      now: () => new Date((clock += 1000))
    })
    expect(code).toBe(2)
    expect(stderr).toMatch(/\rownit score: 1 conversations, 2 turns \(\d+ turns\/s\)/)
    expect(stderr).toContain('\r\x1b[K')
    expect(stdout.split('\n')[0]).toMatch(/^agent\s+convs\s+mean\s+median\s+worst\s+coach first$/)
    expect(stdout).not.toContain('conversation ')
  })
})
