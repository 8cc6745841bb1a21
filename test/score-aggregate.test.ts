/**
 * With worker threads, each batch's results are aggregated where they are scored and the
 * batches' parts merged in input order: the summaries must be the same as adding every
 * result in order, whatever the batches and however many results tie.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { Aggregator, ordinalBase } from '../src/score/aggregate.js'
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

describe('summaries from parts aggregated apart', () => {
  test('equal the summaries of every result added in order, whichever part takes which batch and in whatever order the parts merge', () => {
    fc.assert(
      fc.property(
        fc.array(result, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (data, sizes, takers, reversed) => {
          const results = data.map(conversation)
          const inOrder = new Aggregator()
          for (const one of results) inOrder.add(one)
          // Three workers take batches as they come free; each adds its batches' results.
          const parts = [new Aggregator(), new Aggregator(), new Aggregator()]
          for (let start = 0, batch = 0; start < results.length; batch++) {
            const size = sizes[batch % sizes.length]!
            const part = parts[takers[batch % takers.length]!]!
            results.slice(start, start + size).forEach((one, index) => part.add(one, ordinalBase(batch) + index))
            start += size
          }
          const merged = new Aggregator()
          // As the worker threads hand them over: structured clones, in any order.
          for (const part of reversed ? parts.reverse() : parts) merged.merge(structuredClone(part.partial()))
          expect(merged.summary()).toEqual(inOrder.summary())
          expect(JSON.stringify(merged.summary())).toBe(JSON.stringify(inOrder.summary()))
        }
      ),
      { numRuns: Number(process.env.OWNIT_PROPERTY_RUNS ?? 300) }
    )
  })
})

describe('flagged replies', () => {
  test('each flagged reply carries the messages of its own turn, in order', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 20 }), (data) => {
        const aggregator = new Aggregator()
        const results = data.map(conversation)
        results.forEach((item, index) => aggregator.add(item, index))
        for (const reply of aggregator.summary().overall.flaggedReplies) {
          const source = results.find((item) => item.id === reply.conversation)!
          const turn = source.flaggedReplies!.find((flagged) => flagged.text === reply.text)!.turn
          const expected = source.messages.filter((message) => message.turn === turn).map((message) => ({ ruleId: message.ruleId, actual: message.actual, expected: message.expected[0] ?? '', message: message.message }))
          expect(reply.flags).toEqual(expected)
        }
      })
    )
  })
})

describe('more agents than can be summarised one by one', () => {
  const plain: Data = { id: 'c', agent: 'Ana', turns: 2, score: 80, messages: [], practices: [], flagged: [], best: undefined }
  const withAgents = (count: number, first = 0): ConversationResult[] => Array.from({ length: count }, (_, index) => ({ ...conversation(plain, first + index), agent: `agent ${first + index}` }))

  test('50,000 agents are summarised; past that, none is, and the overall summary still counts every conversation', () => {
    const atLimit = new Aggregator()
    withAgents(50_000).forEach((result, index) => atLimit.add(result, index))
    expect(atLimit.summary()).toMatchObject({ tooManyAgents: false, overall: { conversations: 50_000 } })
    expect(atLimit.summary().agents).toHaveLength(50_000)
    const past = new Aggregator()
    withAgents(50_001).forEach((result, index) => past.add(result, index))
    expect(past.summary()).toMatchObject({ tooManyAgents: true, agents: [], overall: { conversations: 50_001 } })
  })

  test('found the same way when the agents are spread over parts that each have fewer', () => {
    const parts = [withAgents(30_000), withAgents(30_000, 30_000)].map((results) => {
      const part = new Aggregator()
      results.forEach((result) => part.add(result, Number(result.line) - 1))
      return part.partial()
    })
    expect(parts.map((part) => part.tooManyAgents)).toEqual([false, false])
    const merged = new Aggregator()
    parts.forEach((part) => merged.merge(part))
    const inOrder = new Aggregator()
    withAgents(60_000).forEach((result, index) => inOrder.add(result, index))
    expect(merged.summary()).toEqual(inOrder.summary())
    expect(merged.summary().tooManyAgents).toBe(true)
    // A part that had too many alone says so.
    const alone = new Aggregator()
    withAgents(50_001).forEach((result, index) => alone.add(result, index))
    const fromPart = new Aggregator()
    fromPart.merge(alone.partial())
    expect(fromPart.summary()).toMatchObject({ tooManyAgents: true, agents: [], overall: { conversations: 50_001 } })
  })
})
