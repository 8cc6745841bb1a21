import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { check } from '../src/api.js'
import { Aggregator, keep } from '../src/score/aggregate.js'
import { createScorer } from '../src/score/conversation.js'
import { explainScore, scoreConversation } from '../src/score/score.js'
import type { ConversationResult, Turn, TurnMessage } from '../src/score/types.js'

const scorer = createScorer({ packs: ['test/fixtures/score/pack.yml'], builtin: false })
const weights = scorer.weights

function turn(role: Turn['role'], text: string): Turn {
  return { role, speaker: role, text, origin: { offset: 0, line: 1, column: 1, quoting: 'none' } }
}

const good = [
  'Hi, my name is Dana from Acme.',
  'I understand, the parcel arrived damaged.',
  'I have opened case 48213 for you.',
  'I am sorry we sent the wrong size.',
  'Unfortunately we can not refund it, but I can offer a replacement instead.',
  'I will call you back tomorrow before noon.',
  'Is there anything else I can help you with?',
  'Your refund is on its way.'
]
const customer = ['Hi, my parcel is late.', 'I was charged twice.', 'That is not good enough.', 'Thanks.']
const blame = ['Corporate sets the policy, not me.', 'Head office decided the policy.', 'Sorry for any inconvenience.', "That's not my department."]

describe('the score', () => {
  test('adding a blame-shifting reply never raises a score', () => {
    const conversation = fc.array(fc.oneof(fc.constantFrom(...good).map((text) => turn('agent', text)), fc.constantFrom(...customer).map((text) => turn('customer', text))), {
      minLength: 1,
      maxLength: 8
    })
    fc.assert(
      fc.property(conversation, fc.constantFrom(...blame), fc.nat(), (turns, bad, at) => {
        const before = scorer.score({ id: 'c', path: 'c', line: 1, agent: 'a', turns })
        const position = at % (turns.length + 1)
        const more = [...turns.slice(0, position), turn('agent', bad), ...turns.slice(position)]
        const after = scorer.score({ id: 'c', path: 'c', line: 1, agent: 'a', turns: more })
        expect(after.messages.length).toBeGreaterThan(before.messages.length)
        expect(after.score).toBeLessThanOrEqual(before.score)
      }),
      { numRuns: 150 }
    )
  })

  test('a conversation that shows every practice and no blame scores 100', () => {
    const turns = [turn('customer', customer[0]!), ...good.slice(0, 7).map((text) => turn('agent', text))]
    turns.splice(2, 0, turn('customer', customer[1]!))
    const result = scorer.score({ id: 'c', path: 'c', line: 1, agent: 'a', turns })
    expect(result.practices.filter((p) => p.status !== 'found')).toEqual([])
    expect(result.score).toBe(100)
  })

  test('each message costs its severity weight, each rule at most perRuleCap, all messages at most cap', () => {
    const message = (ruleId: string, severity: TurnMessage['severity']): TurnMessage => ({
      ruleId,
      category: 'blame-shifting',
      severity,
      message: '',
      why: '',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      offset: 0,
      endOffset: 0,
      actual: '',
      expected: [],
      fix: false,
      turn: 0
    })
    expect(scoreConversation([message('a', 'error')], [], weights).score).toBe(100 - weights.messages.error)
    expect(scoreConversation([message('a', 'warning')], [], weights).score).toBe(100 - weights.messages.warning)
    const many = Array.from({ length: 10 }, () => message('a', 'error'))
    expect(scoreConversation(many, [], weights).score).toBe(100 - weights.messages.perRuleCap)
    const all = Array.from({ length: 20 }, (_, index) => message(`r${index}`, 'error'))
    expect(scoreConversation(all, [], weights).score).toBe(100 - weights.messages.cap)
    const spelling = { ...message('typo', 'error'), category: 'spelling' as const }
    expect(scoreConversation([spelling], [], weights).score).toBe(100)
  })

  test('a practice that does not apply costs nothing; a missing one costs its weight', () => {
    const id = 'offers-another-path'
    expect(scoreConversation([], [{ id, status: 'not-applicable', note: '' }], weights).score).toBe(100)
    expect(scoreConversation([], [{ id, status: 'missing', note: '' }], weights)).toEqual({
      score: 100 - weights.practices[id]!,
      deductions: [{ kind: 'practice', id, points: weights.practices[id] }]
    })
  })

  test('--explain-score names every weight and practice', () => {
    const text = explainScore(weights, scorer.practices.practices)
    expect(text).toContain(`−${weights.messages.error} for each error`)
    for (const practice of scorer.practices.practices) expect(text).toContain(practice.title)
  })
})

describe('summaries', () => {
  const result = (agent: string, score: number, id = `c${score}`): ConversationResult => ({
    id,
    path: 'p',
    line: 1,
    agent,
    turns: 2,
    agentTurns: 1,
    score,
    deductions: [],
    practices: [{ id: 'listens-back', status: score > 50 ? 'found' : 'missing', note: '' }],
    messages: [],
    flaggedReplies: []
  })

  test('mean, median, worst and distribution per agent and overall', () => {
    const aggregator = new Aggregator()
    for (const [agent, score] of [['ana', 90], ['ana', 70], ['ana', 40], ['ben', 100], ['ben', 60]] as const) aggregator.add(result(agent, score))
    const summary = aggregator.summary()
    expect(summary.agents.map((a) => [a.agent, a.conversations, a.mean, a.median, a.min, a.max])).toEqual([
      ['ana', 3, 66.7, 70, 40, 90],
      ['ben', 2, 80, 80, 60, 100]
    ])
    expect(summary.overall.median).toBe(70)
    expect(summary.overall.worst.map((w) => w.score)).toEqual([40, 60, 70, 90, 100])
    expect(summary.overall.distribution).toEqual([0, 0, 0, 0, 1, 0, 1, 1, 0, 2])
    expect(summary.agents[0]!.practices['listens-back']).toEqual({ found: 2, missing: 1, 'not-applicable': 0 })
  })

  test('memory stays bounded: only the few worst conversations and skipped records are kept', () => {
    const aggregator = new Aggregator()
    for (let index = 0; index < 5000; index++) aggregator.add(result('ana', index % 101, `c${index}`))
    for (let index = 0; index < 500; index++) aggregator.skip({ path: 'p', line: index, reason: 'bad' })
    const summary = aggregator.summary()
    expect(summary.overall.worst).toHaveLength(keep.worst)
    expect(summary.overall.worst.every((w) => w.score === 0)).toBe(true)
    expect(summary.skipped.count).toBe(500)
    expect(summary.skipped.records).toHaveLength(keep.skipped)
  })
})

describe('what of an agent turn is scored', () => {
  const pack = { packs: ['test/fixtures/score/pack.yml'], builtin: false, spelling: false }
  const messagesOf = (text: string) => scorer.score({ id: 'c', path: 'c', line: 1, agent: 'a', turns: [turn('agent', text)] }).messages
  const places = (messages: ReadonlyArray<{ ruleId: string; offset: number; endOffset: number; actual: string }>) => messages.map(({ ruleId, offset, endOffset, actual }) => ({ ruleId, offset, endOffset, actual }))

  test.each([
    ['quoted > lines', 'Thanks for writing in, I have refunded you.\n\n> Corporate sets the policy, you said.\n> That is not my department, you said.\n'],
    ['the quoted e-mail tail', 'I have refunded you today.\n\nOn Tue, 3 Jun 2025 at 10:02, Maria <maria@example.com> wrote:\nSorry for any inconvenience, head office decided the policy.\n'],
  ])('%s: nothing is flagged, as `ownit check -` flags nothing', (_, text) => {
    expect(messagesOf(text)).toEqual([])
    expect(check(text, pack).messages).toEqual([])
  })

  test('a phrase beside quoted text or a URL is flagged where it stands in the turn, as `ownit check -` flags it', () => {
    const text = '> you wrote: is it not your department?\nSee https://acme.example/policy - corporate sets the policy.\r\nSorry for any inconvenience.\n\nOn Mon, 2 Jun 2025, Sam wrote:\n> Corporate sets the policy\n'
    const scored = messagesOf(text)
    expect(scored.map((message) => message.ruleId)).toEqual(['fixture-corporate-policy', 'fixture-any-inconvenience'])
    for (const message of scored) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
    expect(places(scored)).toEqual(places(check(text, pack).messages))
  })
})

describe('URLs in an agent turn, with the bundled packs', () => {
  const builtin = createScorer()
  const ruleIds = (text: string) => builtin.score({ id: 'c', path: 'c', line: 1, agent: 'a', turns: [turn('agent', text)] }).messages.map((message) => message.ruleId)

  test.each([
    ['the words of a URL are not prose', 'The answer is at https://acme.example/blog/not-my-fault-policy and I hope it helps.', []],
    ['an e-mail address between words is a clause break', 'For a copy of the receipt please contact help@acme.example your bank only sees the total.', []],
    ['a pattern that allows a clause break runs over a URL', 'Kindly message https://m.me/AcmeBilling regarding the refund.', ['dm-another-account']]
  ])('%s, as in `ownit check -`', (_, text, expected) => {
    expect(ruleIds(text)).toEqual(expected)
    expect(check(text, { spelling: false }).messages.map((message) => message.ruleId)).toEqual(expected)
  })
})
