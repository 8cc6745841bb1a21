/**
 * With worker threads, each batch's results are aggregated where they are scored and the
 * batches' parts merged in input order: the summaries must be the same as adding every
 * result in order, whatever the batches and however many results tie.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { Aggregator } from '../src/score/aggregate.js'
import type { ConversationResult, PracticeStatus } from '../src/score/types.js'

/** Small pools of values, so that agents, rules, practices and scores repeat and tie. */
const result = fc.record({
  id: fc.string({ maxLength: 4 }),
  agent: fc.constantFrom('Ana', 'Ben', 'Cy'),
  turns: fc.integer({ min: 1, max: 30 }),
  score: fc.integer({ min: 0, max: 100 }),
  messages: fc.array(fc.record({ ruleId: fc.constantFrom('not-my-fault', 'not-my-department', 'any-inconvenience'), turn: fc.integer({ min: 0, max: 3 }), actual: fc.string({ maxLength: 5 }) }), { maxLength: 4 }),
  practices: fc.array(fc.record({ id: fc.constantFrom('greet', 'name', 'close'), status: fc.constantFrom<PracticeStatus>('found', 'missing', 'not-applicable') }), { maxLength: 3 }),
  flagged: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
  best: fc.option(fc.array(fc.constantFrom('greet', 'name', 'close'), { maxLength: 3 }), { nil: undefined })
})

type Data = typeof result extends fc.Arbitrary<infer Value> ? Value : never

function conversation(data: Data, index: number): ConversationResult {
  return {
    id: `${data.id}#${index}`,
    path: 'chats.jsonl',
    line: index + 1,
    agent: data.agent,
    turns: data.turns,
    agentTurns: Math.ceil(data.turns / 2),
    score: data.score,
    deductions: [],
    practices: data.practices.map((practice) => ({ ...practice, note: practice.id })),
    messages: data.messages.map((message) => ({ ...message, category: 'deflection', message: `${message.ruleId} message`, expected: [`${message.actual}!`] }) as unknown as ConversationResult['messages'][number]),
    flaggedReplies: data.flagged.map((turn) => ({ turn, line: index + 1, text: `reply ${turn}` })),
    bestReply: data.best && { turn: 0, line: index + 1, text: 'best', practices: data.best }
  }
}

describe('summaries from batches aggregated apart', () => {
  test('equal the summaries of every result added in order', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }), (data, sizes) => {
        const results = data.map(conversation)
        const inOrder = new Aggregator()
        for (const one of results) inOrder.add(one)
        const merged = new Aggregator()
        for (let start = 0, batch = 0; start < results.length; batch++) {
          const size = sizes[batch % sizes.length]!
          const part = new Aggregator()
          for (const one of results.slice(start, start + size)) part.add(one)
          // As a worker thread hands it over: a structured clone.
          merged.merge(structuredClone(part.partial()))
          start += size
        }
        expect(merged.summary()).toEqual(inOrder.summary())
      }),
      { numRuns: 300 }
    )
  })
})
