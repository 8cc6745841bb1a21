import { describe, expect, test } from 'vitest'
import { check, fix, loadBuiltinRuleset } from '../src/index.js'
import { families } from '../src/types.js'

const ruleset = loadBuiltinRuleset()
const rules = ruleset.packs.flatMap((pack) => pack.rules)
// A rule folded into another family's message on the same words (`also`) flagged the text too.
const ruleIds = (text: string): string[] => check(text).messages.flatMap((message) => [message.ruleId, ...(message.also ?? []).map((folded) => folded.ruleId)])

describe('the bundled packs', () => {
  test('hold at least 150 rules across the seven families', () => {
    expect(rules.length).toBeGreaterThanOrEqual(150)
    for (const family of families) expect(rules.filter((rule) => rule.category === family).length, family).toBeGreaterThanOrEqual(15)
  })

  test('every rule is in the pack named for its family', () => {
    for (const pack of ruleset.packs) {
      for (const rule of pack.rules) expect(pack.file, rule.id).toBe(`rules/${rule.category}.yml`)
    }
  })
})

describe.each(rules.map((rule) => ({ id: rule.id, rule })))('$id', ({ rule }) => {
  test.for(rule.examples.bad)('flags “%s”', (text) => {
    expect(ruleIds(text)).toContain(rule.id)
  })
  test.for(rule.examples.good)('does not flag “%s”', (text) => {
    expect(ruleIds(text)).not.toContain(rule.id)
  })
  if (rule.examples.fixed.length > 0) {
    test.for(rule.examples.fixed.map((example) => [example.bad, example.fixed] as const))('fixes “%s”', ([bad, fixed]) => {
      const result = fix(bad)
      expect(result.text).toBe(fixed)
      expect(result.applied.map((edit) => edit.ruleId)).toContain(rule.id)
      expect(fix(result.text).text).toBe(result.text)
    })
  }
})

/**
 * The texts `variants` makes of `rule`'s bad examples, each set in more of a reply, that
 * the rule no longer flags. Only examples written as a sentence (a capital first) and
 * flagged on their own: retext joins one that starts in lower case ("not our problem
 * tbh") to the sentence before it.
 */
function lostInCompany(rule: (typeof rules)[number], variants: (bad: string) => string[]): string[] {
  return rule.examples.bad
    .filter((bad) => /^[A-Z]/.test(bad) && ruleIds(bad).includes(rule.id))
    .flatMap(variants)
    .filter((text) => !ruleIds(text).includes(rule.id))
}

// A rule cancelled anywhere in its paragraph (`unlessScope: paragraph`) must be cancelled
// by what answers it, not by the story so far: "I have read your message and we are
// looking at the order now. Please contact your bank" still sends the customer away.
describe('a neutral opening or sign-off in the same paragraph cancels no rule', () => {
  const openings = [
    'Thanks for getting in touch. I have looked at your account and I can see the order.',
    'Hi Sam, I have read your message and we are looking at the order now.',
    'Thanks for waiting, and I can understand why you are upset.',
    'I checked your order and we can see it left our warehouse.',
    'Thank you for your patience. We really appreciate you letting us know.'
  ]
  // Nor does a sign-off after it.
  const closings = ['Have a lovely day.', 'Let me know if there is anything else.', 'Thanks again for your patience.', 'Hope this helps!']
  test.for(rules.map((rule) => [rule.id, rule] as const))('%s', ([, rule]) => {
    const lost = lostInCompany(rule, (bad) => [...openings.map((opening) => `${opening} ${bad}`), ...closings.map((closing) => `${bad}${/[.!?]$/.test(bad) ? '' : '.'} ${closing}`)])
    expect(lost).toEqual([])
  })
})

// "Hi Sam, …" or "Unfortunately, …" before a phrase leaves it as it was: a pattern's `^`
// is the start of what the sentence says.
describe('a greeting or sentence adverb before a rule’s bad example, or a name after it, leaves it flagged', () => {
  const openers = ['Hi Sam, ', 'Unfortunately, ', 'To be honest, ', 'Good morning Priya - ']
  const names = [', Sam.', ', {{customer.first_name}}.']
  test.for(rules.map((rule) => [rule.id, rule] as const))('%s', ([, rule]) => {
    const lost = lostInCompany(rule, (bad) => [
      ...openers.map((opener) => opener + (/^I\b/.test(bad) ? bad : bad[0]!.toLowerCase() + bad.slice(1))),
      ...(/[?]$/.test(bad) ? [] : names.map((name) => bad.replace(/[.!]+$/, '') + name))
    ])
    expect(lost).toEqual([])
  })
})
