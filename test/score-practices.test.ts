import { describe, expect, test } from 'vitest'
import { createScorer } from '../src/score/conversation.js'
import { parseTextTranscript } from '../src/score/input/text.js'
import { parsePractices } from '../src/score/practices.js'
import { defaultSpeakers } from '../src/score/types.js'
import { loadBuiltinRuleset, PackError } from '../src/pack/load.js'
import { readBuiltinYaml } from '../src/score/builtin.js'
import { readFileSync } from 'node:fs'

const scorer = createScorer()

function practice(transcript: string, id: string) {
  const conversation = parseTextTranscript(transcript, 'example.txt', defaultSpeakers)!
  return scorer.score(conversation).practices.find((result) => result.id === id)!
}

describe.each(scorer.practices.practices.map((p) => ({ id: p.id, p })))('practice $id', ({ p }) => {
  test.for(p.examples.found)('found in %j', (transcript) => {
    const result = practice(transcript, p.id)
    expect(result.status).toBe('found')
    expect(result.evidence?.quote.length).toBeGreaterThan(0)
  })
  test.for(p.examples.missing)('missing in %j', (transcript) => {
    expect(practice(transcript, p.id).status).toBe('missing')
  })
  test.for(p.examples['not-applicable'])('does not apply to %j', (transcript) => {
    expect(practice(transcript, p.id).status).toBe('not-applicable')
  })
})

describe('practice evidence', () => {
  test('quotes the sentence and points at its line and column in the file', () => {
    const text = 'Customer: Hi, my order is late.\nAgent: Hello! My name is Dana. I have opened case 48213 for you.\n'
    const result = scorer.score(parseTextTranscript(text, 't.txt', defaultSpeakers)!)
    const intro = result.practices.find((r) => r.id === 'introduces-self')!
    expect(intro.evidence).toMatchObject({ turn: 1, quote: 'My name is Dana.', line: 2, column: 15 })
    const ticket = result.practices.find((r) => r.id === 'gives-case-number')!
    expect(ticket.evidence).toMatchObject({ quote: 'I have opened case 48213 for you.', line: 2, column: 46 })
  })

  test('customer turns are never evidence for the agent', () => {
    const text = 'Customer: My name is Sam, case 12345.\nAgent: ok\n'
    const result = scorer.score(parseTextTranscript(text, 't.txt', defaultSpeakers)!)
    expect(result.practices.find((r) => r.id === 'introduces-self')!.status).toBe('missing')
    expect(result.practices.find((r) => r.id === 'gives-case-number')!.status).toBe('missing')
  })

  test('an alternative offered before the “no” does not count as offering another path', () => {
    const text = 'Agent: Would you like me to check stock?\nCustomer: I want a refund.\nAgent: Unfortunately we can not refund sale items.\n'
    const result = scorer.score(parseTextTranscript(text, 't.txt', defaultSpeakers)!)
    expect(result.practices.find((r) => r.id === 'offers-another-path')!.status).toBe('missing')
  })

  test('a missing practice that applies quotes what made it apply', () => {
    const text = 'Agent: We apologise for any inconvenience caused.\n'
    const result = scorer.score(parseTextTranscript(text, 't.txt', defaultSpeakers)!)
    const apology = result.practices.find((r) => r.id === 'specific-apology')!
    expect(apology.status).toBe('missing')
    expect(apology.note).toContain('We apologise for any inconvenience caused.')
  })
})

describe('practices file', () => {
  const valid = (patterns: string) => `practices:
  - id: intro
    title: Intro
    scope: opening
    patterns: [${patterns}]
    message: m
    why: w
    examples: {found: [a, b], missing: [c, d]}
`
  test('a bad scope names file, line and field', () => {
    expect(() => parsePractices(valid('"my name is _"').replace('scope: opening', 'scope: start'), 'p.yml')).toThrow(
      /^p\.yml:4:12: practices\[0\]\.scope: expected opening, responses, closing or any|^p\.yml:4:12: practices\[0\]\.scope: expected/
    )
  })
  test('a broken pattern names file, line, column and field', () => {
    expect(() => parsePractices(valid('"my name is (_"'), 'p.yml')).toThrow(PackError)
    expect(() => parsePractices(valid('"my name is (_"'), 'p.yml')).toThrow(/^p\.yml:5:\d+: practices\[0\]\.patterns\[0\]: missing “\)”/)
  })
})

describe('the practices and weights saved at build time', () => {
  test('are what rules/practices.yml and rules/score.yml give', () => {
    // `ownit score` reads dist/builtin-score.json instead of the YAML while it is newer than the YAML.
    const saved: unknown = JSON.parse(readFileSync(new URL('../dist/builtin-score.json', import.meta.url), 'utf8'))
    const fresh = readBuiltinYaml(loadBuiltinRuleset().shared)
    expect(fresh.practices.practices.length).toBeGreaterThan(3)
    expect(saved).toEqual(JSON.parse(JSON.stringify(fresh)))
  })
})
