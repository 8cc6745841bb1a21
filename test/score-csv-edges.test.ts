/**
 * CSV exports not sorted by conversation: rows of a conversation that come back after
 * other conversations' rows are skipped, said once per conversation, and never scored as
 * a conversation of their own (they were said as skipped and scored too: a second, partial
 * report of the conversation under the same id, and counts that did not agree).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createScorer } from '../src/score/conversation.js'
import { runScore } from '../src/score/run.js'
import { defaultSpeakers, type ConversationResult, type Skipped } from '../src/score/types.js'

const fixtures = 'test/fixtures/score/'
const pack = fixtures + 'pack.yml'
const scorer = createScorer({ packs: [pack], builtin: false })

const cameBack = (id: string): string =>
  `rows of conversation ${id} come back here, after other conversations' rows: neither these nor any later ones are scored (the conversation is its first run of rows; sort the export by conversation_id: a conversation's rows must be together)`

function csvFile(rows: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'unsorted.csv')
  writeFileSync(path, `conversation_id,role,text\n${rows.join('\n')}\n`)
  return path
}

async function score(path: string) {
  const results: ConversationResult[] = []
  const skipped: Skipped[] = []
  const totals = await runScore([path], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false }, { result: (r) => results.push(r), skipped: (s) => skipped.push(s) }, scorer)
  return { results, skipped, totals }
}

/** The built binary, as a user runs it. */
function spawnScore(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/ownit.js', 'score', ...args], { encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe('CSV rows of a conversation that come back after other conversations’ rows', () => {
  test('are skipped, said once per conversation at the first of them, and not scored as a conversation of their own', async () => {
    const path = csvFile(['c1,agent,Corporate sets the policy.', 'c2,agent,Hi.', 'c1,agent,Sorry for any inconvenience.', 'c2,agent,Bye.', 'c3,agent,Hello.'])
    const { results, skipped, totals } = await score(path)
    expect(results.map((r) => [r.id, r.line, r.turns])).toEqual([['c1', 2, 1], ['c2', 3, 1], ['c3', 6, 1]])
    expect(skipped).toEqual([
      { path, line: 4, reason: cameBack('c1') },
      { path, line: 5, reason: cameBack('c2') }
    ])
    expect(totals).toEqual({ conversations: 3, turns: 3 })
  })

  test('a conversation whose rows come back more than once, or several in a row, is said once', async () => {
    const path = csvFile(['c1,agent,Hello.', 'c2,agent,Hi.', 'c1,agent,One.', 'c1,agent,Two.', 'c3,agent,Hey.', 'c1,agent,Three.', 'c3,agent,Bye.'])
    const { results, skipped } = await score(path)
    expect(results.map((r) => [r.id, r.line])).toEqual([['c1', 2], ['c2', 3], ['c3', 6]])
    expect(skipped).toEqual([
      { path, line: 4, reason: cameBack('c1') },
      { path, line: 8, reason: cameBack('c3') }
    ])
  })

  test('a conversation right after rows that came back is read whole', async () => {
    const path = csvFile(['c1,agent,Hello.', 'c2,agent,Hi.', 'c1,agent,Late.', 'c4,customer,Where is it?', 'c4,agent,Corporate sets the policy.'])
    const { results, skipped } = await score(path)
    expect(results.map((r) => [r.id, r.line, r.turns])).toEqual([['c1', 2, 1], ['c2', 3, 1], ['c4', 5, 2]])
    expect(skipped.map((entry) => entry.line)).toEqual([4])
  })

  test('the CLI: one report row per conversation, the counts on stderr and in the report agree, exit 2; the same with -j 1 and -j 2', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'e.csv')
    writeFileSync(path, 'conversation_id,role,text\nc1,agent,"Not my fault."\nc1,customer,ok\nc2,customer,hi\nc1,agent,late row\n')
    const runs = ['1', '2'].map((jobs) => spawnScore(path, '-f', 'json', '--no-config', '--jobs', jobs))
    for (const run of runs) {
      expect(run.code).toBe(2)
      const report = JSON.parse(run.stdout) as { conversations: Array<{ id: string; line: number }>; skipped: { count: number; records: Skipped[] }; overall: { conversations: number } }
      expect(report.conversations.map((c) => [c.id, c.line])).toEqual([['c1', 2]])
      expect(report.overall.conversations).toBe(1)
      expect(report.skipped.records.map((r) => [r.line, r.reason])).toEqual([
        [4, "conversation c2: no agent turns (speakers: customer); name the agent's label with --agent-label"],
        [5, cameBack('c1')]
      ])
      expect(report.skipped.count).toBe(2)
      const lines = run.stderr.trimEnd().split('\n')
      expect(lines.filter((line) => line.includes(': skipped: '))).toEqual([
        `ownit score: ${path}:4: skipped: conversation c2: no agent turns (speakers: customer); name the agent's label with --agent-label`,
        `ownit score: ${path}:5: skipped: ${cameBack('c1')}`
      ])
      expect(lines.at(-1)).toMatch(/^ownit score: 1 conversation \(2 turns\) scored in \d+\.\d s; 2 records skipped \(see above\)$/)
    }
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout)
  })

  test('worker threads give the same report as one thread, with no conversation reported twice', () => {
    const rows: string[] = []
    let back = 0
    for (let index = 0; index < 400; index++) {
      rows.push(`c${index},customer,Where is my parcel?`, `c${index},agent,${index % 3 === 0 ? '"Corporate sets the policy, sorry."' : 'I have sent it again today.'}`)
      // Now and then a conversation's row comes back after the next one's. (Each skipped
      // record sends the work before it off at once: far enough apart, workers start.)
      if (index % 150 === 149) {
        rows.push(`c${index - 1},agent,One more thing.`)
        back++
      }
    }
    const path = csvFile(rows)
    const one = spawnScore(path, '-f', 'json', '--no-config', '--jobs', '1')
    const two = spawnScore(path, '-f', 'json', '--no-config', '--jobs', '2')
    expect(two.stdout).toBe(one.stdout)
    expect(two.code).toBe(one.code)
    expect(one.code).toBe(2)
    const report = JSON.parse(one.stdout) as { conversations: Array<{ id: string }>; skipped: { count: number }; overall: { conversations: number } }
    const ids = report.conversations.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toHaveLength(400)
    expect(report.overall.conversations).toBe(400)
    expect(report.skipped.count).toBe(back)
    const said = (stderr: string) => stderr.split('\n').filter((line) => line.includes(': skipped: '))
    expect(said(two.stderr)).toEqual(said(one.stderr))
    expect(said(one.stderr)).toHaveLength(report.skipped.count)
  })
})
