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
