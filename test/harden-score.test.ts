/**
 * Hardening (issue 9, part 4): `ownit score` on truncated or corrupt JSONL, CSV and text
 * reports each bad record with its line and scores the rest.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createScorer } from '../src/score/conversation.js'
import { TurnLocator, type FilePoint } from '../src/score/origin.js'
import { runScore } from '../src/score/run.js'
import { defaultSpeakers, type ConversationResult, type Origin, type Skipped } from '../src/score/types.js'

const pack = 'test/fixtures/score/pack.yml'
const scorer = createScorer({ packs: [pack], builtin: false })
const folder = mkdtempSync(join(tmpdir(), 'ownit-harden-score-'))

function file(name: string, content: string | Uint8Array): string {
  const path = join(folder, name)
  writeFileSync(path, content)
  return path
}

async function score(path: string) {
  const results: ConversationResult[] = []
  const skipped: Skipped[] = []
  await runScore([path], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false }, { result: (r) => results.push(r), skipped: (s) => skipped.push(s) }, scorer)
  return { ids: results.map((result) => [result.id, result.messages.map((message) => message.ruleId)]), skipped: skipped.map((s) => [s.line, s.reason]) }
}

const record = (id: string, text: string): string => JSON.stringify({ id, turns: [{ role: 'agent', text }] })
const policy = 'Corporate sets the policy.'

describe('JSONL', () => {
  test('truncated, binary, wrong-shaped and non-UTF-8 lines are skipped with their line; the rest are scored', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${record('a', policy)}\n`),
      Buffer.from('{"id":"b","turns":[{"role":"agent","te\n'),
      Buffer.from([0, 1, 2, 0x0a]),
      Buffer.from(`${record('c', policy)}\r\n`),
      Buffer.from('[1, 2]\n"text"\nnull\n{"id":"d","turns":"x"}\n\n'),
      Buffer.from('{"id":"e","turns":[{"role":"agent","text":"Corporate \xff sets"}]}\n', 'latin1'),
      Buffer.from(`${record('f', `é ${policy}`)}\n`),
      Buffer.from(`${record('g', policy)}\n{"id":"h","turns":[{"role":"agent","text":"Corporate se`)
    ])
    const { ids, skipped } = await score(file('corrupt.jsonl', bytes))
    expect(ids).toEqual([
      ['a', ['fixture-corporate-policy']],
      ['c', ['fixture-corporate-policy']],
      ['f', ['fixture-corporate-policy']],
      ['g', ['fixture-corporate-policy']]
    ])
    expect(skipped).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [3, expect.stringMatching(/^not valid JSON/)],
      [5, expect.stringMatching(/^turns\[0\]: /)],
      [6, expect.stringMatching(/^expected an array of turns/)],
      [7, expect.stringMatching(/^expected an array of turns/)],
      [8, expect.stringMatching(/turns/)],
      [10, 'column 54: not valid UTF-8 (byte 0xff); save the file as UTF-8'],
      [13, expect.stringMatching(/^not valid JSON/)]
    ])
  })

  test('messages after a skipped line still point into the file', async () => {
    const text = `{"id":"x","turns":[{"role":"agent","text":"\xff"}]}\n${record('y', `Hi. ${policy}`)}\n`
    const path = file('places.jsonl', Buffer.from(text, 'latin1'))
    const results: ConversationResult[] = []
    await runScore([path], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false }, { result: (r) => results.push(r), skipped: () => {} }, scorer)
    expect(results[0]!.messages[0]).toMatchObject({ line: 2, actual: 'Corporate sets the policy' })
  })
})

describe('CSV', () => {
  test('a stray quote, short and long rows and a truncated last row are skipped with their line; the rest are scored', async () => {
    const csv = ['conversation_id,role,agent_id,text', `c1,agent,ana,"${policy}"`, 'c1,agent,ana,x"y', `c2,agent,ben,${policy}`, 'c3,agent', `c4,agent,ben,${policy},extra`, `c5,agent,ben,${policy}`, `c6,agent,ben,"${policy}`].join('\n')
    const { ids, skipped } = await score(file('corrupt.csv', csv))
    expect(ids.map(([id]) => id)).toEqual(['c1', 'c2', 'c5'])
    expect(skipped.map(([line]) => line)).toEqual([3, 5, 6, 8])
  })

  test('a quote left open for more than 16 M characters stops the file at that record, with its line; the rows before it are scored', async () => {
    const csv = ['conversation_id,role,agent_id,text', `c1,agent,ana,${policy}`, `c2,agent,ben,"${'a'.repeat(17 * 1024 * 1024)}`, `c3,agent,ben,${policy}`].join('\n')
    const { ids, skipped } = await score(file('open-quote.csv', csv))
    expect(ids.map(([id]) => id)).toEqual(['c1'])
    expect(skipped).toEqual([[3, 'a record longer than 16 M characters (a quote not closed?); the rest of the file was not read']])
  })

  test('a header with no rows, and a binary file, are one skipped line each', async () => {
    expect((await score(file('header.csv', 'conversation_id,role,agent_id,text\n'))).skipped).toEqual([[1, expect.stringMatching(/^no rows/)]])
    expect((await score(file('binary.csv', new Uint8Array([0xff, 0xfe, 0, 0x61])))).skipped).toHaveLength(1)
  })
})

describe('plain text and JSON', () => {
  test('a text transcript that is not UTF-8 names its line', async () => {
    const { ids, skipped } = await score(file('bad.txt', Buffer.from('Agent: Corporate sets the policy.\nCustomer: caf\xe9\n', 'latin1')))
    expect(ids).toEqual([])
    expect(skipped).toEqual([[2, 'not valid UTF-8 (byte 0xe9); save the file as UTF-8']])
  })

  test('a truncated JSON file is one skipped line', async () => {
    const { ids, skipped } = await score(file('cut.json', record('a', policy).slice(0, 40)))
    expect(ids).toEqual([])
    expect(skipped).toEqual([[1, expect.stringMatching(/^not valid JSON/)]])
  })
})

describe('deeply nested JSON', () => {
  test('a record with 100,000 levels of nesting beside its turns is scored; nesting instead of turns is one skipped record', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const nested = `{"id":"deep","turns":[{"role":"agent","meta":${deep},"text":"${policy}"}]}\n${deep}\n${record('after', policy)}\n`
    expect(await score(file('deep.jsonl', nested))).toEqual({
      ids: [['deep', ['fixture-corporate-policy']], ['after', ['fixture-corporate-policy']]],
      skipped: [[2, expect.stringMatching(/^turns\[0\]: /)]]
    })
  })
})

describe('empty inputs', () => {
  test('a file or standard input with nothing in it (or only blank lines) is one skipped input, in every format', async () => {
    for (const [name, content] of [['empty.txt', ''], ['empty.json', ' \n'], ['blank.jsonl', '\n \r\n\n'], ['bom.jsonl', '\ufeff\n']] as const) {
      expect(await score(file(name, content)), name).toEqual({ ids: [], skipped: [[0, 'empty: no conversations in it']] })
    }
    // A file of unreadable lines is not empty: each line is reported instead.
    expect((await score(file('bad.jsonl', Buffer.from([0xff, 0x0a])))).skipped).toEqual([[1, 'column 1: not valid UTF-8 (byte 0xff); save the file as UTF-8']])
  })
})

describe('standard input', () => {
  /** Score `bytes` as standard input, in chunks of the given sizes. */
  async function scoreStdin(bytes: Uint8Array, sizes: number[]) {
    const results: ConversationResult[] = []
    const skipped: Skipped[] = []
    const stdin = async function* () {
      let at = 0
      for (let index = 0; at < bytes.length; index++) {
        const size = Math.max(1, sizes[index % sizes.length] ?? 1)
        yield bytes.subarray(at, at + size)
        at += size
      }
    }
    await runScore(['-'], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false, stdin }, { result: (r) => results.push(r), skipped: (s) => skipped.push(s) }, scorer)
    return { results, skipped }
  }

  test('any bytes, in any chunks: scored or skipped with one line each, never a crash', async () => {
    // Pieces of every format, shuffled and cut: whatever the first line makes of them.
    const piece = fc.oneof(
      fc.constantFrom(`${record('a', policy)}\n`, '{"id":"b","turns":[{"role":"agent","te', '[\n', ']\n', '[10:42] Dana: Corporate sets the policy.\n', 'Agent: hi\n', 'conversation_id,role,text\n', 'c1,agent,"a ""b""\n', '\r\n', '\ufeff', '\u0000', '\xff'),
      fc.string({ unit: 'binary', maxLength: 40 })
    )
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), async (pieces, sizes) => {
        const bytes = Buffer.from(pieces.join(''), 'utf8')
        const { results, skipped } = await scoreStdin(bytes, sizes)
        for (const entry of skipped) {
          expect(entry.path).toBe('<stdin>')
          expect(entry.line).toBeGreaterThanOrEqual(0)
          expect(entry.reason).not.toContain('\n')
        }
        for (const result of results) expect(result.path).toBe('<stdin>')
        // The same bytes in one chunk are read the same way.
        const whole = await scoreStdin(bytes, [bytes.length])
        expect(whole.skipped).toEqual(skipped)
        expect(whole.results.map((result) => [result.id, result.score])).toEqual(results.map((result) => [result.id, result.score]))
      }),
      { numRuns: 150 }
    )
  })
})


describe('places in the file', () => {
  /** The place of decoded index `index`, walking the turn from its start (as before TurnLocator). */
  function walkFromStart(origin: Origin, text: string, index: number): FilePoint {
    const raw = origin.raw
    let at = index
    if (origin.quoting === 'csv' && raw?.startsWith('"')) {
      at = 1
      for (let decoded = 0; decoded < index && at < raw.length; decoded++) at += raw[at] === '"' && raw[at + 1] === '"' ? 2 : 1
    } else if (origin.quoting === 'json' && raw !== undefined) {
      at = 1
      for (let decoded = 0; decoded < index && at < raw.length; decoded++) at += raw[at] !== '\\' ? 1 : raw[at + 1] === 'u' ? 6 : 2
    }
    const source = origin.quoting === 'none' || raw === undefined ? text : raw
    let { line, column } = origin
    for (let position = 0; position < at && position < source.length; position++) {
      if (source[position] === '\n') {
        line++
        column = 1
      } else {
        column++
      }
    }
    return { line, column, offset: origin.offset + at }
  }

  /** A turn's text as each kind of file writes it. */
  const quotings = {
    none: (): Origin => ({ offset: 7, line: 3, column: 5, quoting: 'none' }),
    json: (text: string): Origin => ({ offset: 7, line: 3, column: 5, quoting: 'json', raw: JSON.stringify(text) }),
    'json, \\u escapes': (text: string): Origin => ({ offset: 7, line: 3, column: 5, quoting: 'json', raw: JSON.stringify(text).replace(/[^\x20-\x7e]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`) }),
    'csv, quoted': (text: string): Origin => ({ offset: 7, line: 3, column: 5, quoting: 'csv', raw: `"${text.replaceAll('"', '""')}"` }),
    'csv, bare': (text: string): Origin => ({ offset: 7, line: 3, column: 5, quoting: 'csv', raw: text.replaceAll('"', '') })
  }

  test.for(Object.keys(quotings))('indices asked in any order are placed as a walk from the start places them (%s)', (name) => {
    const quote = quotings[name as keyof typeof quotings]
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '"', '\\', '\t', 'é', '😀', '\u0000'), maxLength: 3000, size: 'max' })
    fc.assert(
      fc.property(text, fc.array(fc.nat(3100), { maxLength: 40 }), (raw, asked) => {
        const turnText = name === 'csv, bare' ? raw.replaceAll('"', '') : raw
        const origin = quote(turnText)
        const locator = new TurnLocator(origin, turnText)
        for (const index of [...asked, ...asked.toSorted((a, b) => a - b)]) expect(locator.pointAt(index)).toEqual(walkFromStart(origin, turnText, index))
      }),
      { numRuns: 200 }
    )
  })

  test('a turn with 20,000 problems: each placed in the file, in bounded time (it took minutes)', async () => {
    const phrase = 'Sorry for any inconvenience.'
    const path = file('many.jsonl', `${record('m', `${phrase} See C:\\temp, café.\n${phrase}\n`.repeat(10_000))}\n`)
    const raw = readFileSync(path, 'utf8')
    const results: ConversationResult[] = []
    const started = performance.now()
    await runScore([path], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false }, { result: (r) => results.push(r), skipped: () => {} }, scorer)
    expect(performance.now() - started).toBeLessThan(20_000)
    const messages = results[0]!.messages.filter((message) => message.ruleId === 'fixture-any-inconvenience')
    expect(messages).toHaveLength(20_000)
    for (const message of messages) {
      expect(raw.slice(message.offset, message.endOffset)).toBe('Sorry for any inconvenience')
      expect(message.line).toBe(1)
      expect(message.column).toBe(message.offset + 1)
    }
  })
})

describe('a conversation with more problems than any', () => {
  test('is checked up to 100,000 problems and scored on that, with a line saying so; the next conversation is scored', async () => {
    const text = `${'Sorry for any inconvenience.\n'.repeat(110_000)}`
    const path = file('over.jsonl', `${record('over', text)}\n${record('next', policy)}\n`)
    const results: ConversationResult[] = []
    const skipped: Skipped[] = []
    await runScore([path], { speakers: defaultSpeakers, csv: {}, scorer: { packs: [pack], builtin: false }, jobs: 1, strict: false }, { result: (r) => results.push(r), skipped: (s) => skipped.push(s) }, scorer)
    expect(results.map((result) => result.id)).toEqual(['over', 'next'])
    expect(results[0]!.messages.length).toBeGreaterThanOrEqual(100_000)
    expect(results[0]!.messages.length).toBeLessThan(110_000)
    expect(results[1]!.messages.map((message) => message.ruleId)).toEqual(['fixture-corporate-policy'])
    expect(skipped).toEqual([{ path, line: 1, reason: 'conversation over: checking stopped after 100,000 problems at turn 1; the rest of it was not scored' }])
  })
})
