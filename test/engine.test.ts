import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serialize } from 'node:v8'
import { describe, expect, test } from 'vitest'
import { retext } from 'retext'
import { dispatchAt, startsByWordAt, wordSetAt } from '../src/compile.js'
import { createEngine, type EngineOptions } from '../src/engine.js'
import { matchSentences } from '../src/match.js'
import { normalizeWord, vocabularyEpoch, wordNumber } from '../src/normalize.js'
import { sentencesOf } from '../src/tokens.js'
import { loadBuiltinRuleset, readBuiltinYaml, readPack, type Ruleset } from '../src/pack/load.js'
import { readSnapshot } from '../src/pack/snapshot.js'

const builtin = loadBuiltinRuleset()
const fixture = readPack(fileURLToPath(new URL('fixtures/engine-pack.yml', import.meta.url)), builtin.shared, 'engine-pack.yml')
const engine = createEngine({}, { shared: builtin.shared, packs: [fixture] })
const parser = retext()

function find(text: string) {
  return engine.find(parser.parse(text), text).map((finding) => ({
    id: finding.rule.id,
    actual: finding.actual,
    start: finding.start,
    end: finding.end,
    expected: finding.expected
  }))
}
const ids = (text: string) => find(text).map((finding) => finding.id)

describe('normalizeWord', () => {
  test.each([
    ["can't", ['can', 'not']],
    ['can’t', ['can', 'not']],
    ['cant', ['can', 'not']],
    ['cannot', ['can', 'not']],
    ["won't", ['will', 'not']],
    ['wont', ['will', 'not']],
    ["don't", ['do', 'not']],
    ['DONT', ['do', 'not']],
    ["I'm", ['i', 'am']],
    ['im', ['i', 'am']],
    ["we'll", ['we', 'will']],
    ["they're", ['they', 'are']],
    ["it's", ['it', 'is']],
    ["that’s", ['that', 'is']],
    ["let's", ['let', 'us']],
    ["courier's", ['courier', "'s"]],
    ['higher-ups', ['higher', 'ups']],
    ['rn', ['right', 'now']],
    ['apologise', ['apologize']],
    ['apologised', ['apologized']],
    ['centre', ['center']],
    ['Sorry', ['sorry']],
    ["'policy'", ['policy']]
  ])('%s → %j', (word, expected) => {
    expect(normalizeWord(word)).toEqual(expected)
  })

  test('“its” is “it is” only where a verb fits', () => {
    expect(normalizeWord('its', 'not')).toEqual(['it', 'is'])
    expect(normalizeWord('its', 'battery')).toEqual(['its'])
    expect(normalizeWord('its')).toEqual(['its'])
  })
})

describe('matching', () => {
  test('contractions, missing and curly apostrophes all match one pattern', () => {
    for (const text of ["It's not my fault.", 'its not my fault', 'It’s not my fault.', 'It is not my fault.']) {
      expect(ids(text), text).toEqual(['fixture-not-my-fault'])
    }
  })

  test('person matters: “not your fault” is kind', () => {
    expect(ids("It's not your fault at all.")).toEqual([])
  })

  test('the place and the words flagged are those of the original text', () => {
    const text = 'Sorry, corporate sets the policy.'
    const [finding] = find(text)
    expect(finding).toMatchObject({ id: 'fixture-sets-policy', actual: 'corporate sets the policy', start: 7, end: 32 })
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.actual)
  })

  test('groups fill suggestions, capitalised at the start of a sentence', () => {
    expect(find('Corporate sets the policy.')[0]!.expected).toEqual(['We set the policy'])
    expect(find('Honestly, management decide the rules.')[0]!.expected).toEqual(['we set the rules'])
  })

  test('statements and questions differ', () => {
    expect(ids("There's nothing I can do.")).toEqual(['fixture-nothing-i-can-do'])
    expect(ids('Is there anything else I can do?')).toEqual([])
    expect(ids('Nothing else I can do, is there?')).toEqual([])
  })

  test('bounded gaps: up to the bound and no further', () => {
    expect(ids('I cannot do anything right now about it.')).toEqual(['fixture-nothing-i-can-do'])
    expect(ids('I cannot do anything for the next few days about it.')).toEqual([])
  })

  test('unless cancels a match in the same sentence only', () => {
    expect(ids('Corporate sets the policy, but we set it for you.')).toEqual([])
    expect(ids('Corporate sets the policy. We set prices.')).toEqual(['fixture-sets-policy'])
  })

  test('sentence anchors', () => {
    expect(ids('Relax, it is only £5.')).toEqual(['fixture-calm-down'])
    expect(ids('You can relax now.')).toEqual([])
    expect(ids('We will be in touch.')).toEqual(['fixture-in-touch'])
    expect(ids('We will be in touch by Friday.')).toEqual([])
  })

  test('a negated word class', () => {
    expect(ids('Someone will get back to you.')).toEqual(['fixture-in-touch'])
    expect(ids('I will get back to you.')).toEqual([])
  })

  test('a match never crosses a sentence boundary', () => {
    expect(ids('It is not. My fault is elsewhere.')).toEqual([])
  })

  test('quoted and reported speech is not the agent’s own', () => {
    expect(ids('You said you were told “corporate sets the policy”. We set it.')).toEqual([])
    expect(ids("You were told there's nothing we can do; there is.")).toEqual([])
  })

  test('placeholders are one opaque word', () => {
    expect(ids('{{agent.name}} says corporate sets the policy.')).toEqual(['fixture-sets-policy'])
    expect(ids('Corporate {{x}} sets the policy.')).toEqual([])
  })

  test('allowed phrases are never flagged', () => {
    const allowing = createEngine({ allow: ['not my fault'] }, { shared: builtin.shared, packs: [fixture] })
    const text = "It's not my fault."
    expect(allowing.find(parser.parse(text), text)).toEqual([])
  })

  test('rules can be turned off, re-graded, or limited by category', () => {
    const text = "Corporate sets the policy and it's not my fault. There's nothing I can do."
    const tuned = createEngine(
      { rules: { 'fixture-not-my-fault': 'off', 'fixture-sets-policy': 'info' }, categories: ['blame-shifting'] },
      { shared: builtin.shared, packs: [fixture] }
    )
    const findings = tuned.find(parser.parse(text), text)
    expect(findings.map((finding) => [finding.rule.id, finding.severity])).toEqual([['fixture-sets-policy', 'info']])
  })
})

describe('questions without a question mark', () => {
  test('an inverted start makes a chat line a question', () => {
    expect(ids('is there anything else i can do')).toEqual([])
    expect(ids('There is nothing else I can do')).toEqual(['fixture-nothing-i-can-do'])
  })
})

describe('numbers', () => {
  test('# matches one word that starts with a digit', async () => {
    const { parsePack } = await import('../src/pack/load.js')
    const pack = parsePack(
      `rules:
  - id: within-hours
    category: vague-promise
    severity: info
    patterns: ["within # (hours|hrs)"]
    message: M.
    why: W.
    suggest: [{ text: "by 5 pm today" }]
    examples: { bad: ["within 48 hours", "within 2 hrs"], good: ["within hours", "within a few hours"] }
`,
      'numbers.yml',
      builtin.shared
    )
    const numbers = createEngine({}, { shared: builtin.shared, packs: [pack] })
    const hits = (text: string) => numbers.find(parser.parse(text), text).map((finding) => finding.actual)
    expect(hits("We'll reply within 48 hours.")).toEqual(['within 48 hours'])
    expect(hits("We'll reply within a few hours.")).toEqual([])
  })
})

describe('words retext leaves punctuation on', () => {
  test('a full stop before a lower-case word is not part of the word', () => {
    expect(normalizeWord('stated.')).toEqual(['stated'])
    expect(normalizeWord('shouldve')).toEqual(['should', 'have'])
  })
})

describe('the needed-word gate', () => {
  // A sentence runs through the matcher only when it holds the words a pattern needs;
  // the gate must never change what is found. Every example of every bundled rule, and
  // mixes of them, give the same matches with the gate and without it.
  const full = createEngine({})
  const texts = builtin.packs.flatMap((pack) =>
    pack.rules.flatMap((rule) => [...rule.examples.bad, ...rule.examples.good])
  )
  const mixes = texts.map((text, index) => `${text} ${texts[(index * 7 + 3) % texts.length]}\n\n${texts[(index * 13 + 5) % texts.length]}`)
  // An unless runs only where its rule woke (or, paragraph-wide, was found): the same
  // phrase in several sentences and paragraphs, beside other rules' examples.
  const repeats = texts.filter((_, index) => index % 4 === 0).map((text, index) => {
    const other = texts[(index * 11 + 7) % texts.length]!
    return `${text} ${other} ${text}\n\n${other} ${texts[(index * 5 + 1) % texts.length]}\n\n${text}`
  })

  test.each([
    ['examples', texts],
    ['mixed paragraphs', mixes],
    ['phrases repeated across sentences and paragraphs', repeats]
  ])('finds the same on %s with and without it', (_, list) => {
    let found = 0
    for (const text of list) {
      const sentences = sentencesOf(parser.parse(text), text)
      const gated = matchSentences(full.program, sentences)
      expect(gated).toEqual(matchSentences(full.program, sentences, false))
      found += gated.length
    }
    expect(found).toBeGreaterThan(list.length / 3)
    // The ungated reference runs every pattern on every sentence: slow by design.
  }, 120_000)

  test('an unless in a sentence where no rule woke still cancels a paragraph-wide rule found beside it', () => {
    const rulesIn = (text: string) => {
      const sentences = sentencesOf(parser.parse(text), text)
      const gated = matchSentences(full.program, sentences)
      expect(gated).toEqual(matchSentences(full.program, sentences, false))
      return gated.map((match) => full.program.rules[match.rule]!.id)
    }
    expect(rulesIn("That's not my department. Have a good day.")).toContain('not-my-department')
    // The second sentence wakes no rule: its unless is checked only once the first sentence's rule is found.
    expect(rulesIn("That's not my department. I have passed your case to billing.")).not.toContain('not-my-department')
    expect(rulesIn("I have passed your case to billing. That's not my department.")).not.toContain('not-my-department')
    // Paragraph-wide, not text-wide.
    expect(rulesIn("That's not my department.\n\nI have passed your case to billing.")).toContain('not-my-department')
  })
})

describe('the matcher saved at build time', () => {
  test('finds exactly what a freshly compiled one finds', () => {
    const built = JSON.parse(readFileSync(new URL('../dist/builtin-rules.json', import.meta.url), 'utf8')) as Ruleset
    expect(built.program, 'npm run build saves the compiled packs').toBeDefined()
    const saved = createEngine({}, built)
    const fresh = createEngine({}, readBuiltinYaml())
    const texts = built.packs.flatMap((pack) => pack.rules.flatMap((rule) => rule.examples.bad))
    const summary = (engine: typeof saved, text: string) =>
      engine.find(parser.parse(text), text).map((finding) => [finding.rule.id, finding.start, finding.end, finding.expected])
    for (const text of texts) expect(summary(saved, text)).toEqual(summary(fresh, text))
  })

  // Rules turned off and categories left out use the saved matcher with those rules
  // switched off in it, not a fresh compile: they must find the same.
  test.each([
    ['a rule off', { rules: { 'not-my-department': 'off', 'i-cant-help-you': 'off' } }],
    ['one category', { categories: ['deflection'] }],
    ['two categories and a severity', { categories: ['non-apology', 'vague-promise'], rules: { 'sorry-for-any-inconvenience': 'info' } }]
  ] as Array<[string, EngineOptions]>)('with %s, finds what a freshly compiled one finds', (_, options) => {
    const built = JSON.parse(readFileSync(new URL('../dist/builtin-rules.json', import.meta.url), 'utf8')) as Ruleset
    const saved = createEngine(options, built)
    expect(saved.program.ruleOn, 'the saved matcher is used').toBeDefined()
    const fresh = createEngine(options, readBuiltinYaml())
    const texts = built.packs.flatMap((pack) => pack.rules.flatMap((rule) => rule.examples.bad))
    const summary = (engine: typeof saved, text: string) =>
      engine.find(parser.parse(text), text).map((finding) => [finding.rule.id, finding.severity, finding.start, finding.end, finding.expected])
    let found = 0
    for (const text of texts) {
      const expected = summary(fresh, text)
      expect(summary(saved, text)).toEqual(expected)
      for (const [id] of expected) expect(options.rules?.[id as string]).not.toBe('off')
      found += expected.length
    }
    expect(found).toBeGreaterThan(50)
  })
})

describe('the matcher saved in binary form', () => {
  const snapshot = new URL('../dist/builtin-rules.bin', import.meta.url)

  test('finds exactly what a freshly compiled one finds', () => {
    const loaded = readSnapshot(snapshot)
    expect(loaded?.compiled, 'npm run build saves the snapshot').toBeDefined()
    const saved = createEngine({}, loaded)
    expect(saved.program.op).toBe(loaded!.compiled!.program.op)
    const fresh = createEngine({}, readBuiltinYaml())
    const texts = loaded!.packs.flatMap((pack) => pack.rules.flatMap((rule) => [...rule.examples.bad, ...rule.examples.good]))
    const summary = (engine: typeof saved, text: string) =>
      engine.find(parser.parse(text), text).map((finding) => [finding.rule.id, finding.severity, finding.start, finding.end, finding.expected])
    for (const text of texts) expect(summary(saved, text)).toEqual(summary(fresh, text))
  })

  test('its flat word sets and dispatch maps give back, state by state, the ones the compiler built', () => {
    const fresh = createEngine({}, readBuiltinYaml()).program
    const loaded = { ...readSnapshot(snapshot)!.compiled!.program, rules: fresh.rules }
    expect(loaded.words.filter(Boolean)).toHaveLength(0)
    expect(loaded.op.length).toBe(fresh.op.length)
    for (let state = 0; state < fresh.op.length; state++) {
      expect(wordSetAt(loaded, state)).toEqual(wordSetAt(fresh, state))
      if (fresh.dispatch[state]) expect(dispatchAt(loaded, state)).toEqual(fresh.dispatch[state])
    }
    for (let pattern = 0; pattern < fresh.patternCount; pattern++) expect(startsByWordAt(loaded, pattern)).toEqual(fresh.startsByWord[pattern])
    // States with the same words share one Set, as in the compiled program.
    const sets = new Set(loaded.words.filter(Boolean))
    expect(sets.size).toBe(new Set(fresh.words.filter(Boolean)).size)
  })

  test('holds the packs as read from YAML, the parts a check never reads included (parsed when first read)', () => {
    const loaded = readSnapshot(snapshot)!
    const fresh = readBuiltinYaml()
    expect(loaded.shared).toEqual(fresh.shared)
    expect(loaded.packs).toEqual(fresh.packs)
    // A rule's patterns can be set like any property (a config may rebuild a pack).
    const rule = readSnapshot(snapshot)!.packs[0]!.rules[0]!
    rule.patterns = ['we did it']
    expect(rule.patterns).toEqual(['we did it'])
    expect({ ...rule }.examples).toEqual(fresh.packs[0]!.rules[0]!.examples)
  })

  test('one cut short, of another format or not a snapshot at all is ignored', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ownit-snapshot-'))
    const bytes = readFileSync(snapshot)
    const write = (name: string, content: Uint8Array) => {
      writeFileSync(join(folder, name), content)
      return pathToFileURL(join(folder, name))
    }
    expect(readSnapshot(write('short.v8', bytes.subarray(0, bytes.length >> 1)))).toBeUndefined()
    expect(readSnapshot(write('empty.v8', new Uint8Array()))).toBeUndefined()
    expect(readSnapshot(write('json.v8', readFileSync(new URL('../dist/builtin-rules.json', import.meta.url))))).toBeUndefined()
    expect(readSnapshot(write('other.v8', serialize({ format: 0, ruleset: {}, program: {} })))).toBeUndefined()
    // Written on a machine of the other byte order: its arrays would read as other numbers.
    const swapped = Buffer.from(bytes)
    swapped.set([...bytes.subarray(8, 12)].reverse(), 8)
    expect(readSnapshot(write('swapped.bin', swapped))).toBeUndefined()
    expect(readSnapshot(write('longer.bin', Buffer.concat([bytes, Buffer.alloc(8)])))).toBeUndefined()
    expect(readSnapshot(pathToFileURL(join(folder, 'missing.v8')))).toBeUndefined()
  })
})

describe('word numbers (the matcher remembers a word by its number)', () => {
  test('findings stay the same when the numbering starts again, even within one text', () => {
    const text = "Sorry for any inconvenience. That's not my department, corporate sets the policy."
    const before = find(text)
    expect(before.length).toBeGreaterThan(0)
    const tree = parser.parse(text)
    const sentences = sentencesOf(tree, text)
    // Fill the vocabulary past its bound with words never seen: it starts again, so the
    // numbers these sentences hold now belong to other words (or to none).
    const epoch = vocabularyEpoch()
    for (let index = 0; vocabularyEpoch() === epoch; index++) wordNumber(`unseen${index}word`)
    for (let index = 0; index < 50; index++) wordNumber(`other${index}`)
    expect(matchSentences(engine.program, sentences)).toEqual(matchSentences(engine.program, sentences, false))
    expect(find(text)).toEqual(before)
    // Sentences built without numbers are matched by their words.
    const plain = sentencesOf(tree, text).map(({ numbers: _, ...sentence }) => sentence)
    expect(matchSentences(engine.program, plain)).toEqual(matchSentences(engine.program, sentences))
  })
})
