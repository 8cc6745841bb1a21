/**
 * Where `ownit score`'s report goes and what it shows, found by probing the built CLI:
 * `-o` written whole or not at all (a stop, a failed write, Ctrl-C), `-o -`, the counts on
 * stderr, control characters in ids on a terminal, and the HTML report's agent anchors.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { agentAnchors } from '../src/score/report/html.js'
import { printable } from '../src/printable.js'
import { bin, isRoot, ownit, root, workspace } from './helpers.js'

const chats = readFileSync(join(root, 'examples', 'transcripts', 'chats.jsonl'), 'utf8')
const earlier = 'an earlier report\n'
const posix = process.platform !== 'win32'

/** One JSONL line: a conversation of `id` by `agent`; without an agent turn when `agentTurns` is 0. */
function line(id: string, agent: string, agentTurns = 1): string {
  const turns = [{ role: 'customer', text: 'My parcel never arrived.' }]
  for (let turn = 0; turn < agentTurns; turn++) turns.push({ role: 'agent', text: `Hi, I'm ${agent}. Sorry for any inconvenience.` })
  return JSON.stringify({ id, agent, turns })
}

/** Files the report left beside it: its temporary files. */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.tmp'))
}

/** `n` conversations and their turns, as the last line on stderr says. */
function counted(stderr: string): { conversations: number; turns: number } {
  const match = /(\d+) conversations? \((\d+) turns?\) scored/.exec(stderr)
  expect(match, stderr).not.toBeNull()
  return { conversations: Number(match![1]), turns: Number(match![2]) }
}

describe('ownit score -o: the report is written whole or not at all', () => {
  test.each(['1', '2'])('--strict (-j %s) writes no report and leaves an earlier one as it was', (jobs) => {
    const folder = workspace()
    // The bad record falls in the second batch of 64, which a worker thread scores with -j 2.
    const lines = chats.trim().split('\n')
    const good = Array.from({ length: 60 }, () => lines).flat()
    writeFileSync(join(folder, 'bad.jsonl'), [...good.slice(0, 99), 'not json', ...good.slice(99)].join('\n') + '\n')
    writeFileSync(join(folder, 'report.json'), earlier)
    if (posix) chmodSync(join(folder, 'report.json'), 0o640)
    const run = ownit(['score', 'bad.jsonl', '--strict', '-f', 'json', '-j', jobs, '-o', 'report.json'], folder)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^ownit score: bad\.jsonl:100: not valid JSON .*\(--strict: stopped; no report written to report\.json\)\n$/)
    expect(readFileSync(join(folder, 'report.json'), 'utf8')).toBe(earlier)
    if (posix) expect(statSync(join(folder, 'report.json')).mode & 0o777).toBe(0o640)
    expect(leftovers(folder)).toEqual([])
  })

  test.runIf(posix)('a write that fails partway (a file size limit) leaves the earlier report and no temporary file', () => {
    const folder = workspace({ 'chats.jsonl': chats.repeat(25) })
    writeFileSync(join(folder, 'report.json'), earlier)
    const run = spawnSync('sh', ['-c', `ulimit -f 8 && exec "${process.execPath}" "${bin}" score chats.jsonl -f json -o report.json`], { cwd: folder, encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('ownit score: report.json: cannot write the report (EFBIG: file too large)')
    expect(readFileSync(join(folder, 'report.json'), 'utf8')).toBe(earlier)
    expect(leftovers(folder)).toEqual([])
  })

  test.runIf(posix)('Ctrl-C partway leaves the earlier report and no temporary file, and ends the run as SIGINT does', async () => {
    const folder = workspace({ 'big.jsonl': chats.repeat(6000) })
    const report = join(folder, 'report.json')
    writeFileSync(report, earlier)
    const child = spawn(process.execPath, [bin, 'score', 'big.jsonl', '-f', 'json', '-j', '1', '-o', 'report.json'], { cwd: folder, stdio: 'ignore' })
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    let running = true
    void exited.then(() => (running = false))
    // Once the report has been started: its temporary file is there (or, written in
    // place, the earlier report is gone).
    const deadline = Date.now() + 15_000
    while (running && Date.now() < deadline && leftovers(folder).length === 0 && readFileSync(report, 'utf8') === earlier) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(running, 'the run ended before it could be interrupted').toBe(true)
    child.kill('SIGINT')
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' })
    expect(readFileSync(report, 'utf8')).toBe(earlier)
    expect(leftovers(folder)).toEqual([])
  })

  test.runIf(posix)('a report replaced keeps its mode, one through a link keeps the link, and a new one has the mode of any new file', () => {
    const folder = workspace({ 'chats.jsonl': chats })
    writeFileSync(join(folder, 'kept.csv'), earlier)
    chmodSync(join(folder, 'kept.csv'), 0o640)
    symlinkSync('kept.csv', join(folder, 'link.csv'))
    writeFileSync(join(folder, 'fresh'), '')
    for (const name of ['kept.csv', 'link.csv', 'new.csv']) {
      const run = ownit(['score', 'chats.jsonl', '-f', 'csv', '-o', name], folder)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain(`report written to ${name}`)
      expect(readFileSync(join(folder, name), 'utf8')).toMatch(/^conversation,path,line,agent,score/)
    }
    expect(statSync(join(folder, 'kept.csv')).mode & 0o777).toBe(0o640)
    expect(lstatSync(join(folder, 'link.csv')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(folder, 'link.csv'))).toBe('kept.csv')
    expect(statSync(join(folder, 'new.csv')).mode & 0o777).toBe(statSync(join(folder, 'fresh')).mode & 0o777)
    expect(leftovers(folder)).toEqual([])
  })

  test.runIf(posix && !isRoot)('in a folder where no file can be made, a writable report is written in place, as --fix does', () => {
    const folder = workspace({ 'chats.jsonl': chats, 'locked/report.csv': earlier })
    chmodSync(join(folder, 'locked'), 0o555)
    try {
      const run = ownit(['score', 'chats.jsonl', '-f', 'csv', '-o', 'locked/report.csv'], folder)
      expect(run.code, run.stderr).toBe(0)
      expect(readFileSync(join(folder, 'locked', 'report.csv'), 'utf8')).toMatch(/^conversation,path,line,agent,score/)
    } finally {
      chmodSync(join(folder, 'locked'), 0o755)
    }
  })

  test.runIf(posix)('a device is written as it is; a folder is one line, exit 2', () => {
    const folder = workspace({ 'chats.jsonl': chats })
    const toNull = ownit(['score', 'chats.jsonl', '-o', '/dev/null'], folder)
    expect(toNull.code, toNull.stderr).toBe(0)
    expect(toNull.stdout).toBe('')
    expect(ownit(['score', 'chats.jsonl', '-o', '.'], folder)).toEqual({ code: 2, stdout: '', stderr: 'ownit score: .: cannot write (EISDIR)\n' })
  })
})

describe('ownit score -o - is standard output', () => {
  test.each([[['-o', '-']], [['--output=-']], [['--output', '-', '-f', 'json']]])('%j', (flags) => {
    const folder = workspace({ 'chats.jsonl': chats })
    const plain = ownit(['score', 'chats.jsonl', ...flags.filter((flag) => flag === '-f' || flag === 'json')], folder)
    const run = ownit(['score', 'chats.jsonl', ...flags], folder)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(plain.stdout)
    expect(run.stdout).toContain('CH-2041')
    expect(run.stderr).not.toContain('report written')
    expect(readdirSync(folder)).not.toContain('-')
  })

  test('with standard input as the input too', () => {
    const run = ownit(['score', '-', '-o', '-', '-f', 'csv'], workspace(), chats)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.split('\n')[1]).toMatch(/^CH-2041,<stdin>,1,Priya,/)
  })
})

describe('the counts on stderr are the report’s: a skipped conversation adds no turns', () => {
  // 150 conversations of two turns, every fifth without an agent turn (one turn, skipped):
  // more than two batches, so that -j 2 scores some in worker threads.
  const lines = Array.from({ length: 150 }, (_, index) => line(`c${index}`, index % 2 ? 'Dana' : 'Sam', index % 5 === 4 ? 0 : 1))
  test.each([
    ['json', '1'],
    ['json', '2'],
    ['table', '2'],
    ['html', '2']
  ])('-f %s -j %s', (format, jobs) => {
    const folder = workspace({ 'chats.jsonl': lines.join('\n') + '\n' })
    const run = ownit(['score', 'chats.jsonl', '-f', format, '-j', jobs], folder)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('30 records skipped')
    expect(counted(run.stderr)).toEqual({ conversations: 120, turns: 240 })
    if (format === 'json') {
      const { overall } = JSON.parse(run.stdout) as { overall: { conversations: number; turns: number } }
      expect({ conversations: overall.conversations, turns: overall.turns }).toEqual({ conversations: 120, turns: 240 })
    }
  })
})

describe('control characters from the data are shown, not run, on a terminal', () => {
  const id = 'c1\u001b[2J\u001b]0;pwned\u0007\u007f'
  const agent = 'Eve\u009b\u202e'
  const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
  const folder = workspace({ 'chats.jsonl': `${line(id, agent)}\n${line(`${id}-none`, agent, 0)}\n` })

  test('the table, by conversation and by agent, and the stderr line of a skipped record', () => {
    for (const by of ['conversation', 'agent']) {
      const run = ownit(['score', 'chats.jsonl', '--by', by], folder)
      expect(run.code).toBe(2)
      expect(run.stdout).not.toMatch(unsafe)
      expect(run.stdout).toMatch(/^Eve\\x9b\\u202e +1 /m)
      if (by === 'conversation') expect(run.stdout).toMatch(/^c1\\x1b\[2J\\x1b\]0;pwned\\x07\\x7f +Eve\\x9b\\u202e +\d+ /m)
      expect(run.stderr).not.toMatch(unsafe)
      expect(run.stderr).toContain('skipped: conversation c1\\x1b[2J\\x1b]0;pwned\\x07\\x7f-none: no agent turns')
    }
    const strict = ownit(['score', 'chats.jsonl', '--strict'], folder)
    expect(strict.code).toBe(2)
    expect(strict.stderr).not.toMatch(unsafe)
    expect(strict.stderr).toContain('conversation c1\\x1b[2J\\x1b]0;pwned\\x07\\x7f-none: no agent turns')
  })

  test('JSON and CSV keep every character as it is', () => {
    const json = ownit(['score', 'chats.jsonl', '-f', 'json'], folder)
    const report = JSON.parse(json.stdout) as { conversations: Array<{ id: string; agent: string }>; skipped: { records: Array<{ reason: string }> } }
    expect(report.conversations[0]).toMatchObject({ id, agent })
    expect(report.skipped.records[0]!.reason).toContain(`${id}-none`)
    const csv = ownit(['score', 'chats.jsonl', '-f', 'csv'], folder)
    expect(csv.stdout.split('\n')[1]!.startsWith(`${id},chats.jsonl,1,${agent},`)).toBe(true)
  })

  test.each([
    ['plain text', 'plain text'],
    ['tab\tnew\nline', 'tab\\x09new\\x0aline'],
    ['\u0000\u001b\u007f\u0085\u009f', '\\x00\\x1b\\x7f\\x85\\x9f'],
    ['abc\u202edcba\u2066\u2069\u200f\u061c', 'abc\\u202edcba\\u2066\\u2069\\u200f\\u061c'],
    ['Zoë 🙂 “quoted”', 'Zoë 🙂 “quoted”']
  ])('printable(%j)', (text, shown) => {
    expect(printable(text)).toBe(shown)
  })
})

describe('the HTML report: one id per agent section', () => {
  test('names that come to the same id get a suffix, in report order; an id another agent has by its name, or the page has, is skipped', () => {
    expect(agentAnchors(['Dana Smith', 'Dana.Smith', 'Zoë', 'Zoé', 'chart', 'Dana_Smith-2', 'Priya'])).toEqual([
      'agent-Dana_Smith',
      'agent-Dana_Smith-3',
      'agent-Zo_',
      'agent-Zo_-2',
      'agent-chart-2',
      'agent-Dana_Smith-2',
      'agent-Priya'
    ])
  })

  test('the report built by the CLI has no id twice, and the same agents get the same ids each run', () => {
    const agents = ['Dana Smith', 'Dana.Smith', 'Zoë', 'Zoé', 'chart']
    const folder = workspace({ 'chats.jsonl': agents.map((agent, index) => line(`c${index}`, agent)).join('\n') + '\n' })
    const sections = (html: string) => [...html.matchAll(/<section class="agent" id="([^"]+)"><h3>([^<]+) — /g)].map((match) => [match[2], match[1]])
    const first = ownit(['score', 'chats.jsonl', '-f', 'html'], folder)
    expect(first.code, first.stderr).toBe(0)
    const ids = [...first.stdout.matchAll(/ id="([^"]+)"/g)].map((match) => match[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(sections(first.stdout).map(([name]) => name).sort()).toEqual([...agents].sort())
    expect(sections(ownit(['score', 'chats.jsonl', '-f', 'html'], folder).stdout)).toEqual(sections(first.stdout))
  })
})
