/**
 * Inputs of `ownit score` found by probing the CLI: text before a transcript's first
 * speaker label (it was dropped without a word), role titles as labels ("Support Agent:"),
 * and the line of each conversation of a JSON array (all were line 1).
 */
import { describe, expect, test } from 'vitest'
import { conversationsFromJson } from '../src/score/input/json.js'
import { parseTextTranscript } from '../src/score/input/text.js'
import { defaultSpeakers, type Skipped } from '../src/score/types.js'
import { ownit, workspace } from './helpers.js'

interface Report {
  conversations: Array<{ id: string; line: number; turns: number; agentTurns: number; agent: string }>
  agents: Array<{ worst: Array<{ id: string; line: number }> }>
  skipped: { count: number; records: Skipped[] }
}

const score = (args: readonly string[], folder: string, input?: string) => {
  const run = ownit(['score', '--no-config', '-j', '1', ...args], folder, input)
  return { ...run, lines: run.stderr.split('\n').filter((line) => line !== '') }
}

describe('text before the first speaker label is noted, never dropped without a word', () => {
  const header = 'Chat transcript, order 1234\nStarted 10:42\n\nAgent: Hi, I am Dana. Sorry for any inconvenience.\nCustomer: ok\n'
  const note =
    'ownit score: chat.txt:1: note: lines 1–2, before the first speaker label (line 4), were not scored: “Chat transcript, order 1234”; if this is a turn, start it with a label such as “Agent:”, or name its label with --agent-label or --customer-label'

  test('a header: one note naming the file, its lines and how it starts; the turns are scored, and it is no error', () => {
    const run = score(['chat.txt', '-f', 'json'], workspace({ 'chat.txt': header }))
    expect(run.code).toBe(0)
    expect(run.lines).toEqual([note, expect.stringMatching(/^ownit score: 1 conversation \(2 turns\) scored in [0-9.]+ s$/)])
    const report = JSON.parse(run.stdout) as Report
    expect(report.conversations).toMatchObject([{ id: 'chat.txt', line: 1, turns: 2, agentTurns: 1 }])
    expect(report.skipped).toMatchObject({ count: 0, records: [] })
  })

  test('--strict does not stop at a header', () => {
    const run = score(['chat.txt', '-f', 'json', '--strict'], workspace({ 'chat.txt': header }))
    expect(run.code).toBe(0)
    expect(run.lines[0]).toBe(note)
  })

  test('an export with a header on every transcript: three notes, then how many more', () => {
    const files = Object.fromEntries(Array.from({ length: 7 }, (_, index) => [`chats/${index}.txt`, header]))
    const run = score(['chats', '-f', 'csv'], workspace(files))
    expect(run.code).toBe(0)
    expect(run.lines.filter((line) => line.includes(': note: lines 1–2, before the first speaker label'))).toHaveLength(3)
    expect(run.lines).toContain('ownit score: note: 4 more transcripts have text before the first speaker label, not scored (a header, most likely)')
    expect(run.stdout.trim().split('\n')).toHaveLength(8)
  })

  test('a turn whose label is not known is quoted, so it can be named; named, it is a turn', () => {
    const folder = workspace({ 'chat.txt': '\r\nSam: Hi, where is my refund?\r\nAgent: Let me check that for you.\r\n' })
    const unnamed = score(['chat.txt', '-f', 'csv'], folder)
    expect(unnamed.code).toBe(0)
    expect(unnamed.lines[0]).toBe(
      'ownit score: chat.txt:2: note: line 2, before the first speaker label (line 3), was not scored: “Sam: Hi, where is my refund?”; if this is a turn, start it with a label such as “Agent:”, or name its label with --agent-label or --customer-label'
    )
    expect(unnamed.stdout.split('\n')[1]).toMatch(/^chat\.txt,chat\.txt,1,\(unknown\),/)
    const named = score(['chat.txt', '-f', 'json', '--customer-label', 'Sam'], folder)
    expect(named.code).toBe(0)
    expect(named.stderr).not.toContain('note:')
    expect((JSON.parse(named.stdout) as Report).conversations[0]).toMatchObject({ turns: 2, agentTurns: 1 })
  })

  test('standard input read as text is noted as <stdin>', () => {
    const run = score(['-', '--input-format', 'text', '-f', 'csv'], workspace(), '{"note": "pasted"}\nAgent: Sorry for any inconvenience.\nCustomer: ok\n')
    expect(run.code).toBe(0)
    expect(run.lines[0]).toMatch(/^ownit score: <stdin>:1: note: line 1, before the first speaker label \(line 2\), was not scored: “\{"note": "pasted"\}”;/)
    expect(run.stdout.split('\n')[1]).toMatch(/^<stdin>,<stdin>,1,/)
  })

  test('a long first line is quoted clipped', () => {
    const run = score(['chat.txt'], workspace({ 'chat.txt': `${'Transcript exported from the help centre of Example Ltd on 1 March 2024 '.repeat(3)}\nAgent: Hello.\n` }))
    expect(run.lines[0]).toContain('was not scored: “Transcript exported from the help centre of Example Ltd on…”;')
  })

  test.for([
    ['blank lines', '\n\n  \t\nAgent: Hello, Dana here.\nCustomer: ok\n'],
    ['a rule', '------------\r\n\r\nAgent: Hello, Dana here.\r\nCustomer: ok\r\n'],
    ['nothing', 'Agent: Hello, Dana here.\nCustomer: ok\n']
  ])('%s before the first label: nothing to report', ([, transcript]) => {
    const run = score(['chat.txt'], workspace({ 'chat.txt': transcript! }))
    expect(run.code).toBe(0)
    expect(run.stderr).not.toContain('note:')
    expect(run.stderr).not.toContain('skipped')
  })

  test('a file without any label is one skipped line, as before (not two)', () => {
    const run = score(['chat.txt'], workspace({ 'chat.txt': 'Hello there.\nHow are you?\n' }))
    expect(run.code).toBe(2)
    expect(run.lines.filter((line) => line.includes('skipped:') || line.includes('note:'))).toEqual([expect.stringMatching(/^ownit score: chat\.txt:1: skipped: no speaker labels/)])
  })
})

describe('role titles of several words are speaker labels', () => {
  /** The roles and speakers of `transcript`'s turns. */
  const turnsOf = (transcript: string) => parseTextTranscript(transcript, 'chat.txt', defaultSpeakers)!.turns.map((turn) => [turn.role, turn.speaker])

  test.for([
    ['Support Agent:', 'agent'],
    ['Customer Service Representative:', 'agent'],
    ['Customer Service Rep:', 'agent'],
    ['Support:', 'agent'],
    ['SUPPORT AGENT:', 'agent'],
    ['Tech Support:', 'agent'],
    ['Technical Support Specialist:', 'agent'],
    ['Help Desk:', 'agent'],
    ['Customer Care:', 'agent'],
    ['Customer Care Executive:', 'agent'],
    ['Live Chat Agent:', 'agent'],
    ['Team Member:', 'agent'],
    ['Sr. Support Engineer:', 'agent'],
    ['Senior Customer Service Representative:', 'agent'],
    ['[10:42] Support Agent:', 'agent'],
    ['End User:', 'customer'],
    ['Guest User:', 'customer']
  ])('“%s” is a %s label', ([label, role]) => {
    const other = role === 'agent' ? 'Customer' : 'Agent'
    const turns = turnsOf(`${other}: Hello.\n${label} Where is the order? I can check.\n`)
    expect(turns).toHaveLength(2)
    expect(turns[1]![0]).toBe(role)
  })

  test('with a name in parentheses, the agent is credited by name', () => {
    const conversation = parseTextTranscript('Customer: Hi.\nCustomer Service Representative (Dana): Hello, Dana here.\n', 'chat.txt', defaultSpeakers)!
    expect(conversation.agent).toBe('Dana')
    expect(conversation.turns.map((turn) => [turn.role, turn.speaker, turn.origin.column])).toEqual([
      ['customer', 'Customer', 11],
      ['agent', 'Dana', 41]
    ])
  })

  // A false label splits a reply (and can give it to the customer): lines like these stay text.
  test.for([
    'Note: your refund is on the way',
    'Please note: your refund is on the way',
    'Account Number: 48213',
    'Customer Name: Jo Bloggs',
    'Agent ID: 4521',
    'Customer Contact: jo@example.com',
    'Phone support: 0800 123 456',
    'Email support: help@example.com',
    'Live chat: open 24/7',
    'Support Hours: 9am to 5pm',
    'Our support team: we are on it',
    'Dear customer: thank you for waiting',
    'Account Manager: Dana',
    'Customer service is closed: sorry',
    'Update: the parcel left the depot'
  ])('“%s” is part of the reply', (line) => {
    const turns = parseTextTranscript(`Customer: Hi.\nAgent: Hello.\n${line}\n`, 'chat.txt', defaultSpeakers)!.turns
    expect(turns).toHaveLength(2)
    expect(turns[1]!.text).toBe(`Hello.\n${line}`)
  })

  test('in JSON, a role title is a role (it was “other”, and the conversation had no agent)', () => {
    const raw = JSON.stringify({ id: 'c1', turns: [{ role: 'end_user', text: 'Hi.' }, { role: 'support_agent', text: 'Hello.' }] })
    const [conversation] = conversationsFromJson(JSON.parse(raw), { path: 'c.json', raw, line: 1, offset: 0, fallbackId: 'c.json' }, defaultSpeakers, true)
    expect(conversation!.turns.map((turn) => turn.role)).toEqual(['customer', 'agent'])
    expect(conversation!.agent).toBe('(unknown)')
  })
})

describe('each conversation of a JSON array is placed at the line where its object begins', () => {
  const conversation = (id: string, turns: unknown[]) => ({ id, agent: 'Dana', turns })
  const agent = (text: string) => ({ role: 'agent', text })
  const exported = [
    conversation('c1', [{ role: 'customer', text: 'Where is my order?' }, agent('Sorry for any inconvenience.')]),
    conversation('c2', [{ role: 'agent' }]),
    conversation('c3', [{ role: 'customer', text: 'Hello?' }]),
    'not a conversation',
    conversation('c5', [agent('That is not my department.')])
  ]
  const pretty = JSON.stringify(exported, null, 2)
  /** The line where each element of the array starts: two spaces in, at the array's depth. */
  const starts = pretty
    .split('\n')
    .flatMap((line, index) => (/^ {2}[{"]/.test(line) ? [index + 1] : []))
  const folder = workspace({ 'export.json': pretty })

  test('in skipped lines, and in the report', () => {
    expect(starts).toHaveLength(5)
    const run = score(['export.json', '-f', 'json'], folder)
    expect(run.code).toBe(2)
    expect(run.lines.slice(0, 3)).toEqual([
      `ownit score: export.json:${starts[1]}: skipped: conversation 2 of the array (c2): turns[0]: missing “text” (a string)`,
      `ownit score: export.json:${starts[2]}: skipped: conversation c3: no agent turns (speakers: customer); name the agent's label with --agent-label`,
      `ownit score: export.json:${starts[3]}: skipped: conversation 4 of the array: expected a conversation: an object with “turns” or “messages”`
    ])
    const report = JSON.parse(run.stdout) as Report
    expect(report.conversations.map((result) => [result.id, result.line])).toEqual([
      ['c1', starts[0]],
      ['c5', starts[4]]
    ])
    expect(report.agents[0]!.worst.map((result) => [result.id, result.line])).toEqual(
      expect.arrayContaining([
        ['c1', starts[0]],
        ['c5', starts[4]]
      ])
    )
    const csv = score(['export.json', '-f', 'csv'], folder)
    expect(csv.stdout.split('\n').slice(1, 3).map((row) => row.split(',').slice(0, 3).join(','))).toEqual([`c1,export.json,${starts[0]}`, `c5,export.json,${starts[4]}`])
  })

  test('strings holding brackets, braces, commas and escaped quotes; several on a line; nested arrays', () => {
    const tricky = [
      '',
      '[{"id": "a", "meta": {"tags": ["[", "{", ","], "n": [[1, 2], {}]},',
      '  "turns": [{"role": "agent", "text": "He said \\"], {\\" and left \\\\"}]}, {"id": "b", "turns": []},',
      '',
      '   {"id": "c", "turns": [{"role": "agent", "text": "Hi.\\n[{,"}]}',
      ']'
    ].join('\n')
    const value = JSON.parse(tricky) as unknown
    const conversations = conversationsFromJson(value, { path: 't.json', raw: tricky, line: 1, offset: 0, fallbackId: 't.json' }, defaultSpeakers, true)
    expect(conversations.map((read) => [read.id, read.line])).toEqual([
      ['a', 2],
      ['b', 3],
      ['c', 5]
    ])
  })

  test('one conversation, after blank lines: the line where it begins', () => {
    const raw = '\n\n  {"id": "solo", "turns": [{"role": "agent", "text": "Hello."}]}\n'
    const [read] = conversationsFromJson(JSON.parse(raw), { path: 's.json', raw, line: 1, offset: 0, fallbackId: 's.json' }, defaultSpeakers, true)
    expect(read!.line).toBe(3)
  })
})
