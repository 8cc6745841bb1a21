import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createScorer } from '../src/score/conversation.js'
import { readCsv } from '../src/score/input/csv.js'
import { readSources, sniffFormat } from '../src/score/input/source.js'
import { parseTextTranscript } from '../src/score/input/text.js'
import { runScore } from '../src/score/run.js'
import { defaultSpeakers, type ConversationResult, type Skipped } from '../src/score/types.js'

const fixtures = 'test/fixtures/score/'
const pack = fixtures + 'pack.yml'
const scorer = createScorer({ packs: [pack], builtin: false })

async function score(inputs: string[], extra: Partial<Parameters<typeof runScore>[1]> = {}) {
  const results: ConversationResult[] = []
  const skipped: Skipped[] = []
  await runScore(inputs, { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false, ...extra }, { result: (r) => results.push(r), skipped: (s) => skipped.push(s) }, extra.speakers ? undefined : scorer)
  return { results, skipped }
}

/** Line and column of an offset, counted in the file itself. */
function place(text: string, offset: number) {
  // A line ends at \n, \r\n or a lone \r.
  const lines = text.slice(0, offset).split(/\r\n|\n|\r(?!\n)/)
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

/** Every message points at its words in the original file. */
function expectPlaced(path: string, result: ConversationResult) {
  // Offsets count from after a byte order mark, as columns do.
  const file = readFileSync(path, 'utf8').replace(/^\ufeff/, '')
  for (const message of result.messages) {
    expect(place(file, message.offset), message.actual).toEqual({ line: message.line, column: message.column })
    expect(place(file, message.endOffset)).toEqual({ line: message.endLine, column: message.endColumn })
  }
}

describe('plain-text transcripts', () => {
  test('time-stamped names: the agent is told apart from the customer, and messages point into the file', async () => {
    const { results } = await score([fixtures + 'chat.txt'])
    const [result] = results
    expect(result!.agent).toBe('Dana')
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column, m.actual])).toEqual([
      ['fixture-corporate-policy', 3, 15, 'Corporate sets the policy'],
      ['fixture-any-inconvenience', 5, 15, 'Sorry for any inconvenience']
    ])
    expectPlaced(fixtures + 'chat.txt', result!)
    const file = readFileSync(fixtures + 'chat.txt', 'utf8')
    expect(file.slice(result!.messages[0]!.offset, result!.messages[0]!.endOffset)).toBe('Corporate sets the policy')
  })

  test('“Agent (Dana):” names the agent; lines without a label continue the turn; customer text is never linted', () => {
    const text = 'Customer: Corporate sets the policy, they told me.\nAgent (Dana): Hello.\nI see.\nCorporate sets the policy.\n'
    const conversation = parseTextTranscript(text, 'x.txt', defaultSpeakers)!
    expect(conversation.agent).toBe('Dana')
    expect(conversation.turns.map((turn) => turn.role)).toEqual(['customer', 'agent'])
    const result = scorer.score(conversation)
    expect(result.messages).toHaveLength(1)
    expect(result.messages[0]).toMatchObject({ line: 4, column: 1, turn: 1 })
  })

  test('labels are configurable', () => {
    const text = 'Patron: hi\nConcierge: Corporate sets the policy.\n'
    expect(parseTextTranscript(text, 'x.txt', defaultSpeakers)).toBeUndefined()
    const speakers = { agent: [...defaultSpeakers.agent, 'concierge'], customer: [...defaultSpeakers.customer, 'Patron'] }
    const conversation = parseTextTranscript(text, 'x.txt', speakers)!
    expect(conversation.turns.map((turn) => turn.role)).toEqual(['customer', 'agent'])
  })

  test('“Note:” inside a reply is not a speaker', () => {
    const conversation = parseTextTranscript('Agent: Hi.\nNote: your refund is on its way.\n', 'x.txt', defaultSpeakers)!
    expect(conversation.turns).toHaveLength(1)
    expect(conversation.turns[0]!.text).toBe('Hi.\nNote: your refund is on its way.')
  })
})

describe('JSON and JSONL', () => {
  test('a JSON conversation: id, agent, and places through escapes (\\n, \\")', async () => {
    const { results } = await score([fixtures + 'chat.json'])
    expect(results[0]).toMatchObject({ id: 'T-100', agent: 'dana' })
    expect(results[0]!.messages[0]).toMatchObject({ line: 6, column: 48, actual: 'Corporate sets the policy' })
    expectPlaced(fixtures + 'chat.json', results[0]!)
  })

  test('JSONL: one conversation per line; \\u escapes keep columns right; bad lines are skipped with their line', async () => {
    const { results, skipped } = await score([fixtures + 'chats.jsonl'])
    expect(results.map((r) => r.id)).toEqual(['c1', `${fixtures}chats.jsonl:4`])
    expect(results[0]!.messages[0]).toMatchObject({ line: 1, actual: 'Head office decided the policy' })
    const line = readFileSync(fixtures + 'chats.jsonl', 'utf8').split('\n')[0]!
    expect(line.slice(results[0]!.messages[0]!.column - 1, results[0]!.messages[0]!.endColumn - 1)).toBe('Head office decided the policy')
    expectPlaced(fixtures + 'chats.jsonl', results[1]!)
    expect(skipped).toEqual([
      { path: fixtures + 'chats.jsonl', line: 2, reason: expect.stringMatching(/^not valid JSON/) },
      { path: fixtures + 'chats.jsonl', line: 5, reason: 'turns[0]: missing “text” (a string)' }
    ])
  })

  test('after a byte order mark, offsets count from after it, as columns do (JSONL and CSV alike)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-bom-'))
    const record = (id: string) => JSON.stringify({ id, turns: [{ role: 'agent', text: 'Héllo. Corporate sets the policy, sorry.' }] })
    const jsonl = join(folder, 'bom.jsonl')
    writeFileSync(jsonl, `\ufeff${record('c1')}\n${record('c2')}\n`)
    const csv = join(folder, 'bom.csv')
    writeFileSync(csv, '\ufeffconversation_id,role,text\nc1,agent,Héllo. Corporate sets the policy.\n')
    for (const path of [jsonl, csv]) {
      const { results } = await score([path])
      const messages = results.flatMap((result) => result.messages)
      expect(messages.length, path).toBeGreaterThan(0)
      for (const result of results) expectPlaced(path, result)
    }
    const { results } = await score([jsonl])
    expect(results[0]!.messages[0]).toMatchObject({ line: 1, column: 52, offset: 51 })
  })

  test('each turn points at its own literal: same texts, "text" as a value and as a nested key, escapes, any key order', async () => {
    const policy = 'Corporate sets the policy.'
    const conversation = {
      id: 'tricky',
      note: { text: policy },
      turns: [
        { type: 'text', role: 'agent', text: policy },
        { text: `He said \\"text\\": \\"no\\". ${policy}`, role: 'agent' },
        { meta: { text: policy, role: 'bot' }, role: 'agent', text: policy },
        { role: 'customer', body: 'ok' },
        { role: 'agent', message: `Café \u2014 ${policy}` }
      ]
    }
    const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
    const pretty = join(folder, 'tricky.json')
    writeFileSync(pretty, JSON.stringify(conversation, null, 2).replace('\u2014', '\\u2014'))
    const lines = join(folder, 'tricky.jsonl')
    writeFileSync(lines, `${JSON.stringify({ id: 'first', turns: [{ role: 'agent', text: policy }] })}\n${JSON.stringify(conversation)}\n`)
    for (const path of [pretty, lines]) {
      const { results } = await score([path])
      const result = results.at(-1)!
      expect(result.messages.map((message) => [message.turn, message.actual])).toEqual([0, 1, 2, 4].map((turn) => [turn, 'Corporate sets the policy']))
      expectPlaced(path, result)
      // Each message is in its own turn's literal: no two share a place.
      expect(new Set(result.messages.map((message) => message.offset)).size).toBe(4)
      const file = readFileSync(path, 'utf8')
      for (const message of result.messages) expect(file.slice(message.offset, message.endOffset)).toBe('Corporate sets the policy')
    }
  })

  test('an array of turns with speaker names only', async () => {
    const { results } = await score([fixtures + 'chats.jsonl'])
    expect(results[1]!.messages.map((m) => m.ruleId)).toEqual(['fixture-any-inconvenience'])
  })
})

describe('CSV', () => {
  test('rows grouped by conversation; quoted multi-line fields keep their place; a short row is skipped with its line', async () => {
    const { results, skipped } = await score([fixtures + 'export.csv'])
    expect(results.map((r) => [r.id, r.agent, r.turns])).toEqual([
      ['c1', 'ana', 2],
      ['c2', 'ben', 2]
    ])
    expect(results[0]!.messages[0]).toMatchObject({ line: 4, column: 1, actual: 'Corporate sets the policy' })
    expectPlaced(fixtures + 'export.csv', results[0]!)
    expect(results[1]!.messages[1]).toMatchObject({ line: 7, column: 44 })
    expect(skipped).toEqual([{ path: fixtures + 'export.csv', line: 6, reason: 'columns length is 4, got 3' }])
  })

  test('rows of a conversation that come back after other conversations are skipped, said once per conversation', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'unsorted.csv')
    const rows = ['c1,agent,Corporate sets the policy.', 'c2,agent,Hi.', 'c1,agent,Sorry for any inconvenience.', 'c2,agent,Bye.', 'c3,agent,Hello.']
    writeFileSync(path, `conversation_id,role,text\n${rows.join('\n')}\n`)
    const { results, skipped } = await score([path])
    expect(results.map((r) => [r.id, r.line])).toEqual([['c1', 2], ['c2', 3], ['c3', 6]])
    const reason = (id: string) => `rows of conversation ${id} come back here, after other conversations' rows: neither these nor any later ones are scored (the conversation is its first run of rows; sort the export by conversation_id: a conversation's rows must be together)`
    expect(skipped).toEqual([
      { path, line: 4, reason: reason('c1') },
      { path, line: 5, reason: reason('c2') }
    ])
  })

  test.for([
    ['\\n (csv-parse keeps the \\n in a record: every place was a line early)', (text: string) => text.replaceAll('\r\n', '\n')],
    ['a lone \\r (old Mac exports: every place after the header was wrong)', (text: string) => text.replaceAll('\r\n', '\r')],
    ['\\n, after a byte order mark', (text: string) => `\ufeff${text.replaceAll('\r\n', '\n')}`]
  ] as const)('a file with line ends of %s is placed as one with \\r\\n', async ([, variant]) => {
    const path = join(mkdtempSync(join(tmpdir(), 'ownit-')), 'export-variant.csv')
    writeFileSync(path, variant(readFileSync(fixtures + 'export.csv', 'utf8').replace('Hello', 'Héllo')))
    const other = await score([path])
    const crlf = await score([fixtures + 'export.csv'])
    const places = (results: ConversationResult[]) => results.map((r) => [r.line, r.messages.map((m) => [m.line, m.column, m.endLine, m.endColumn])])
    expect(places(other.results)).toEqual(places(crlf.results))
    expect(other.skipped.map((entry) => entry.line)).toEqual(crlf.skipped.map((entry) => entry.line))
    expect(other.results[0]!.messages[0]).toMatchObject({ line: 4, column: 1 })
    for (const result of other.results) expectPlaced(path, result)
  })

  test('column names are configurable, and a missing column is named', async () => {
    const items = readCsv(fixtures + 'export.csv', { text: 'body' }, defaultSpeakers)
    await expect(items.next()).rejects.toThrow(`${fixtures}export.csv:1: no column “body” (--csv-text); the header has: conversation_id, role, agent_id, text`)
  })

  test('is streamed: the first conversation arrives before the file is read to the end', async () => {
    const source = readSources([fixtures + 'export.csv'], { speakers: defaultSpeakers, csv: {} })
    const first = await source.next()
    expect(first.value).toMatchObject({ kind: 'conversation' })
    await source.return(undefined)
  })
})

describe('folders', () => {
  test('every transcript in a folder, in name order; a folder with none is reported', async () => {
    const { results } = await score([fixtures])
    expect(results.map((r) => r.path)).toEqual([
      fixtures + 'chat.json',
      fixtures + 'chat.txt',
      fixtures + 'chats.jsonl',
      fixtures + 'chats.jsonl',
      fixtures + 'export.csv',
      fixtures + 'export.csv'
    ])
    const empty = await score(['src/pack'])
    expect(empty.skipped).toEqual([{ path: 'src/pack', line: 0, reason: expect.stringMatching(/^no transcripts/) }])
  })
})

describe('the format of standard input and unknown extensions, from the first line', () => {
  const cases: Array<[string, string]> = [
    ['{"id": "c1", "turns": []}\n{"id": "c2", "turns": []}\n', 'jsonl'],
    ['\ufeff\r\n\n  {"id":"c1","turns":[]}\r\n', 'jsonl'],
    ['{\n  "id": "T-100",\n  "turns": []\n}\n', 'json'],
    ['[\n  {"id": "c1"}\n]\n', 'json'],
    ['[{"id": "c1", "turns": []}]', 'json'],
    ['[10:42] Dana: Hi, I\'m Dana.\n[10:43] Sam: Hi\n', 'text'],
    ['Agent: Hi, thanks for writing in.\nCustomer: hello\n', 'text'],
    ['conversation_id,role,text\nc1,agent,hi\n', 'csv'],
    ['"Ticket_ID" , "Author", "Body"\r\n', 'csv'],
    ['text,speaker\n', 'text'],
    ['', 'text'],
    ['{"cut short by the read-ahead', 'jsonl']
  ]
  test.each(cases)('%j is %s', (head, format) => {
    expect(sniffFormat(Buffer.from(head))).toBe(format)
  })

  test('named CSV columns count as a header', () => {
    expect(sniffFormat(Buffer.from('chat,said\n'))).toBe('text')
    expect(sniffFormat(Buffer.from('chat,said\n'), { conversation: 'chat', text: 'Said' })).toBe('csv')
  })

  test('a record too long to hold is skipped with its line; the records after it keep their lines and places', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-long-'))
    const path = join(folder, 'long.jsonl')
    // Over 16 M characters, with two-byte characters: offsets after it count characters.
    const long = `{"text": "${'é'.repeat(9 * 1024 * 1024)}"}`
    writeFileSync(path, long + '\n' + readFileSync(fixtures + 'chats.jsonl', 'utf8'))
    const { results, skipped } = await score([path])
    const plain = await score([fixtures + 'chats.jsonl'])
    expect(results.map((result) => [result.line, result.score])).toEqual(plain.results.map((result) => [result.line + 1, result.score]))
    expect(skipped[0]).toEqual({ path, line: 1, reason: 'record longer than 16 M characters' })
    for (const result of results) expectPlaced(path, result)
  })

  test('a line that never ends (a device) is reported as soon as it is too long, not read forever', async () => {
    const zeros = Buffer.alloc(1 << 16, 0x30)
    // 256 MB at most, a macrotask now and then: a regression fails rather than hangs.
    let given = 0
    const stdin = async function* () {
      for (; given < 4096; given++) {
        if (given % 64 === 0) await new Promise((resolve) => setImmediate(resolve))
        yield zeros
      }
    }
    const events = readSources(['-'], { speakers: defaultSpeakers, csv: {}, format: 'jsonl', stdin })
    const first = await events.next()
    await events.return(undefined)
    expect(first.value).toEqual({ kind: 'skipped', skipped: { path: '<stdin>', line: 1, reason: 'record longer than 16 M characters' } })
    // Just past 16 MB: 257 chunks of 64 KB.
    expect(given).toBeLessThan(300)
  })

  test('standard input is streamed: a record split across chunks is read whole, with its line', async () => {
    const text = readFileSync(fixtures + 'chats.jsonl', 'utf8')
    const bytes = Buffer.from(text)
    // One byte at a time: the format is still found, and every record and line is the file's.
    const stdin = async function* () {
      for (let index = 0; index < bytes.length; index++) yield bytes.subarray(index, index + 1)
    }
    const fromFile = await score([fixtures + 'chats.jsonl'])
    const piped = await score(['-'], { stdin })
    expect(piped.results.map((result) => [result.line, result.score])).toEqual(fromFile.results.map((result) => [result.line, result.score]))
    expect(piped.skipped).toEqual(fromFile.skipped.map((skipped) => ({ ...skipped, path: '<stdin>' })))
  })
})

