import { describe, expect, test } from 'vitest'
import { Aggregator } from '../src/score/aggregate.js'
import { csvField } from '../src/score/report/csv.js'
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
