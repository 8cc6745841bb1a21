import { describe, expect, test } from 'vitest'
import { check } from '../src/api.js'
import { loadBuiltinRuleset, PackError, parsePack } from '../src/pack/load.js'
import { verifyExamples } from '../src/pack/verify.js'
import { ownit, workspace } from './helpers.js'

const { shared } = loadBuiltinRuleset()

const rule = (fields: string): string => `rules:
  - id: my-rule
    category: deflection
    severity: warning
    patterns: ["not my department"]
    message: Names the problem.
    why: Says why.
    suggest: [{ text: "let me get this to the right team", safe: false }]
    examples:
      bad: ["That's not my department.", "not my department sorry"]
      good: ["Not my area, but I've checked for you.", "Your department store card is ready."]
${fields}`

function problem(text: string): string {
  try {
    parsePack(text, 'rules/test.yml', shared)
  } catch (error) {
    expect(error).toBeInstanceOf(PackError)
    return (error as Error).message
  }
  throw new Error('expected the pack to be rejected')
}

describe('pack validation', () => {
  test('a valid pack loads, rules knowing their file and line', () => {
    const pack = parsePack(rule(''), 'rules/test.yml', shared)
    expect(pack.rules[0]).toMatchObject({ id: 'my-rule', mood: 'any', unless: [], source: { file: 'rules/test.yml', line: 2 } })
  })

  test('a wrong severity names file, line, rule and field, and what was expected', () => {
    expect(problem(rule('').replace('severity: warning', 'severity: high'))).toBe(
      'rules/test.yml:4:15: rule my-rule: severity: expected error, warning or info, not "high"'
    )
  })

  test('an unknown field suggests the likely one', () => {
    expect(problem(rule('    sugest: []'))).toMatch(/^rules\/test\.yml:12:5: rule my-rule: unknown field “sugest”, did you mean “suggest”\?$/)
  })

  test('a missing field', () => {
    expect(problem(rule('').replace('    why: Says why.\n', ''))).toBe('rules/test.yml:2:5: rule my-rule: missing field “why”')
  })

  test('too few examples', () => {
    expect(problem(rule('').replace('"not my department sorry"', '"That\'s not my department."').replace(', "That\'s not my department."]', ']'))).toMatch(
      /rule my-rule: examples\.bad: expected at least 2 items, found 1$/
    )
  })

  test('an empty list where one item is needed says “1 item”', () => {
    expect(problem(rule('').replace('suggest: [{ text: "let me get this to the right team", safe: false }]', 'suggest: []'))).toMatch(/rule my-rule: suggest: expected at least 1 item, found 0$/)
  })

  test('a broken pattern points into the pattern', () => {
    expect(problem(rule('').replace('["not my department"]', '["not (my|our department"]'))).toMatch(
      /^rules\/test\.yml:5:\d+: rule my-rule: patterns\[0\]: missing “\)”$/
    )
  })

  test('an unknown class', () => {
    expect(problem(rule('').replace('["not my department"]', '["not @nobody department"]'))).toMatch(/rule my-rule: patterns\[0\]: unknown class @nobody$/)
  })

  test('a pattern that can match nothing', () => {
    expect(problem(rule('').replace('["not my department"]', '["(not)?"]'))).toMatch(/rule my-rule: patterns\[0\]: this pattern can match without any word$/)
  })

  const folded = 'expected one line, not text that ends in a line break (a YAML block, > or |, keeps its last one: write >- instead, or the text on one line)'
  const lines = (count: number): string => `expected one line, not ${count} lines (write it on one line, or as a YAML >- block without blank lines, which folds its lines into one)`
  test.each([
    ['a folded block keeps its last line break', 'message: >\n      Names the\n      problem.', `rules/test.yml:6:14: rule my-rule: message: ${folded}`],
    ['a literal block of one line too', 'message: |\n      Names the problem.', `rules/test.yml:6:14: rule my-rule: message: ${folded}`],
    ['a literal block keeps every line break', 'message: |-\n      Names the\n      problem.', `rules/test.yml:6:14: rule my-rule: message: ${lines(2)}`],
    ['a folded block keeps a blank line', 'message: >-\n      Names the\n\n      problem.', `rules/test.yml:6:14: rule my-rule: message: ${lines(2)}`],
    ['an escaped line break', 'message: "Names the\\r\\nproblem.\\n"', `rules/test.yml:6:14: rule my-rule: message: ${lines(2)}`],
    ['a Unicode line separator', 'message: "Names the\\Lproblem."', `rules/test.yml:6:14: rule my-rule: message: ${lines(2)}`],
    ['a suggestion, which takes the place of words in a sentence', 'message: Names the problem.', `rules/test.yml:8:23: rule my-rule: suggest[0].text: ${lines(2)}`, (text: string) => text.replace('"let me get this', '"let me\\nget this')]
  ])('a line break where a report prints one line is refused, naming the field: %s', (_, message, expected, edit = (text: string) => text) => {
    expect(problem(edit(rule('').replace('message: Names the problem.', message)))).toBe(expected)
  })

  test('a message folded into one line (>- without blank lines) is accepted', () => {
    const pack = parsePack(rule('').replace('message: Names the problem.', 'message: >-\n      Names the\n      problem.'), 'rules/test.yml', shared)
    expect(pack.rules[0]!.message).toBe('Names the problem.')
  })

  test('the CLI refuses a pack whose message is not one line: one line, exit 2, whether named by --pack or by a config', () => {
    const pack = rule('').replace('message: Names the problem.', 'message: >\n      Names the\n      problem.')
    const cwd = workspace({ 'mine.yml': pack, 'reply.txt': 'Thanks for waiting.\n', 'conf/.ownitrc.yaml': 'packs: [../mine.yml]\n', 'conf/reply.txt': 'Thanks for waiting.\n' })
    const stderr = `ownit: mine.yml:6:14: rule my-rule: message: ${folded}\n`
    expect(ownit(['--pack', 'mine.yml', '-f', 'compact', 'reply.txt'], cwd)).toEqual({ code: 2, stdout: '', stderr })
    // A config's pack: only the files the config governs are skipped.
    expect(ownit(['-f', 'compact', 'conf/reply.txt', 'reply.txt'], cwd)).toEqual({ code: 2, stdout: '', stderr })
  })

  test('a safe suggestion needs fixed examples', () => {
    expect(problem(rule('').replace('safe: false', 'safe: true'))).toMatch(/rule my-rule: examples: a safe suggestion needs examples\.fixed/)
  })

  test('duplicate ids', () => {
    const text = rule('') + rule('').replace('rules:\n', '')
    expect(problem(text)).toMatch(/rule my-rule: id: duplicate rule id “my-rule”$/)
  })

  test('a pack reusing a bundled rule id is refused where the packs meet; the same pack twice is one pack', () => {
    const taken = parsePack(rule('').replace('id: my-rule', 'id: not-my-fault'), 'team/taken.yml', shared)
    expect(() => check('That is not my department.', { packs: [taken] })).toThrow(/^team\/taken\.yml:2:\d+: rule not-my-fault: id: already used in rules\/blame-shifting\.yml:\d+$/)
    expect(check('That is not my department.', { packs: [taken], builtin: false }).messages.map((message) => message.ruleId)).toEqual(['not-my-fault'])
    const mine = parsePack(rule(''), 'team/mine.yml', shared)
    const again = parsePack(rule(''), 'team/mine.yml', shared)
    const ids = check('That is not my department.', { packs: [mine, again], builtin: false }).messages.map((message) => message.ruleId)
    expect(ids).toEqual(['my-rule'])
  })

  test('a pack read for a run is held to its examples: bad ones flagged by their rule, good ones not, fixed pairs as --fix makes them', () => {
    const verified = (text: string): string => {
      try {
        parsePack(text, 'team/mine.yml', shared, verifyExamples)
      } catch (error) {
        expect(error).toBeInstanceOf(PackError)
        return (error as Error).message
      }
      return 'accepted'
    }
    expect(verified(rule(''))).toBe('accepted')
    expect(verified(rule('').replace('"not my department sorry"', '"not my dept sorry"'))).toBe('accepted')
    expect(verified(rule('').replace('"not my department sorry"', '"not my area sorry"'))).toBe('team/mine.yml:10:42: rule my-rule: examples.bad[1]: “not my area sorry” is not flagged by this rule')
    expect(verified(rule('').replace('"Your department store card is ready."', '"Well, not my department."'))).toBe(
      'team/mine.yml:11:56: rule my-rule: examples.good[1]: “Well, not my department.” is flagged by this rule, and must not be'
    )
    const safe = rule('      fixed: [{ bad: "That is not my department.", fixed: "That is not ours." }]\n').replace('safe: false', 'safe: true')
    expect(verified(safe)).toMatch(/^team\/mine\.yml:12:\d+: rule my-rule: examples\.fixed\[0\]\.fixed: --fix makes “That is not my department\.” into “That is let me get this to the right team\.”, not this$/)
    // Without the check (the library's parsePack), examples are data only.
    expect(() => parsePack(rule('').replace('"not my department sorry"', '"not my area sorry"'), 'team/mine.yml', shared)).not.toThrow()
  })

  test('an empty pack (or one of comments only) says so', () => {
    expect(problem('')).toBe('rules/test.yml:1:1: the pack is empty: it needs a list of `rules:` (see rules/README.md)')
    expect(problem('# our rules, to come\n')).toMatch(/^rules\/test\.yml:\d+:\d+: the pack is empty/)
  })

  test('YAML that does not parse', () => {
    expect(problem('rules:\n  - id: [unclosed\n')).toMatch(/^rules\/test\.yml:\d+:\d+: not valid YAML: /)
  })

  test('a self-referring class', () => {
    const text = rule('').replace('rules:', 'classes:\n  loop: ["@loop"]\nrules:').replace('["not my department"]', '["@loop department"]')
    expect(problem(text)).toMatch(/class @loop refers to itself/)
  })
})
