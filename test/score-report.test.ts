import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { writeAllSync } from '../src/command/io.js'
import { Aggregator } from '../src/score/aggregate.js'
import { csvField } from '../src/score/report/csv.js'
import { jsonConversationText } from '../src/score/report/json.js'
import { RowEncoder, rowBytes } from '../src/score/report/rows.js'
import { escapeHtml, htmlReport } from '../src/score/report/html.js'
import type { ConversationResult } from '../src/score/types.js'

const nasty = '<script>alert("x")</script> & \'quotes\''

function result(): ConversationResult {
  return {
    id: nasty,
    path: 'a<b>.txt',
    line: 1,
    agent: nasty,
    turns: 2,
    agentTurns: 1,
    score: 40,
    deductions: [],
    practices: [],
    messages: [
      {
        ruleId: 'r',
        category: 'blame-shifting',
        severity: 'error',
        message: nasty,
        why: '',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        offset: 0,
        endOffset: 0,
        actual: '<script>',
        expected: [nasty],
        fix: false,
        turn: 1
      }
    ],
    flaggedReplies: [{ turn: 1, line: 2, text: `Hi ${nasty}` }]
  }
}

describe('reports escape what they quote', () => {
  test('HTML: every transcript and rule text is escaped; no script, no external reference', () => {
    const aggregator = new Aggregator()
    aggregator.add(result())
    aggregator.skip({ path: '<x>', line: 3, reason: nasty })
    const html = htmlReport({ summary: aggregator.summary(), practices: [], explanation: nasty, title: nasty, generated: 'now' })
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain(escapeHtml(nasty))
    expect(html).toContain('<mark>&lt;script&gt;</mark>')
    expect(html).not.toMatch(/(src|href)=["']?https?:/i)
    expect(html).toContain('<svg id="agent-chart"')
  })

  test('CSV: fields with commas, quotes or new lines are quoted; formula-like text is defused', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"\nthen')).toBe('"say ""hi""\nthen"')
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvField(-3)).toBe('-3')
  })
})

describe('report text made in parts (what worker threads hand over)', () => {
  const many = (count: number, size: number): ConversationResult[] =>
    Array.from({ length: count }, (_, index) => ({ ...result(), id: `c${index} “${'é😀'.repeat(size)}”`, score: index }))

  test('JSON: the parts, joined as the report joins them, are the conversations as JSON, whatever the text', () => {
    const results = many(5, 3)
    const rows = new RowEncoder('json', [])
    rows.add(results.slice(0, 2))
    rows.add([])
    rows.add(results.slice(2))
    const text = new TextDecoder().decode(rows.take())
    expect(JSON.parse(`[${text}]`)).toEqual(results.map((item) => JSON.parse(jsonConversationText(item))))
    expect(rows.empty).toBe(true)
    expect(rowBytes(results, 'json', [])).toEqual(new TextEncoder().encode(text))
  })

  test('a batch larger than the reused buffer is whole, and the next batch starts afresh', () => {
    // Each about 1.2 MB of UTF-8: past the 1 MB buffer, and past the 8 MB kept between batches.
    const big = many(8, 200_000)
    const rows = new RowEncoder('csv', [])
    rows.add(big)
    const first = new TextDecoder().decode(rows.take())
    for (const item of big) expect(first).toContain(item.id)
    rows.add(big.slice(0, 1))
    const second = new TextDecoder().decode(rows.take())
    expect(second).toContain(big[0]!.id)
    expect(second).not.toContain(big[1]!.id)
    // Bytes handed over stay as they were when the encoder goes on.
    expect(new TextDecoder().decode(rowBytes(big, 'csv', []))).toBe(first)
  })
})

describe('writing the report', () => {
  test('more parts than one writev takes (1,024) are all written, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ownit-write-'))
    const file = join(dir, 'report.txt')
    const parts = Array.from({ length: 2_500 }, (_, index) => new TextEncoder().encode(`${index}${index % 7 === 0 ? '' : ','}`))
    const fd = openSync(file, 'w')
    try {
      writeAllSync(fd, parts)
      expect(readFileSync(file, 'utf8')).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    } finally {
      closeSync(fd)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
