// False alarms a QA probe found on good replies, and the real problems next to them that
// must still be flagged. Every text here is written for this file.
import { describe, expect, test } from 'vitest'
import { retext } from 'retext'
import { check } from '../src/api.js'
import { createEngine } from '../src/engine.js'
import { loadBuiltinRuleset, PackError, parsePack } from '../src/pack/load.js'
import { sentencesOf } from '../src/tokens.js'

const builtin = loadBuiltinRuleset()
const parser = retext()
const ruleIds = (text: string): string[] => check(text).messages.map((message) => message.ruleId)

/** A pack of one rule with these patterns (and unless), matched alone. */
function onePattern(patterns: string[], unless: string[] = []) {
  const pack = parsePack(
    `rules:
  - id: probe
    category: helplessness
    severity: error
    patterns: ${JSON.stringify(patterns)}
    unless: ${JSON.stringify(unless)}
    message: M.
    why: W.
    suggest: [{ text: "here's what I can do" }]
    # Examples are data here: parsePack does not run them.
    examples: { bad: ["First example.", "Second example."], good: ["Third example.", "Fourth example."] }
`,
    'probe.yml',
    builtin.shared
  )
  const engine = createEngine({}, { shared: builtin.shared, packs: [pack] })
  return (text: string): string[] => engine.find(parser.parse(text), text).map((finding) => finding.actual)
}

describe('clause breaks', () => {
  test.each([
    "If I can't help, you will get a full refund from me today.",
    "If we can't help, you'll hear it from me first, along with who can.",
    "When I can't assist, you get my manager's direct line.",
    "If I can't help; you still keep the discount.",
    "Where we can't help — you'll have a named contact instead."
  ])('a phrase does not run from one clause into the next: “%s”', (text) => {
    expect(ruleIds(text)).not.toContain('i-cant-help-you')
  })

  test.each([
    "I can't help you, sorry.",
    "Sorry, I can't help you with that.",
    "Sorry, can't help you there.",
    "We, unfortunately, cannot assist you with this.",
    "I'm sorry, we can't help you."
  ])('the same phrase with commas around it is still flagged: “%s”', (text) => {
    expect(ruleIds(text)).toContain('i-cant-help-you')
  })

  test.each([
    ['Sorry, not my department.', 'not-my-department'],
    ['Different department, sorry.', 'not-my-department'],
    ['Hopefully, we will have it fixed soon.', 'hopefully-soon'],
    ['No offence, but you should have kept the box.', 'no-offence-but'],
    ['Respectfully, you should have read the terms.', 'with-all-due-respect'],
    ['Hi Sam, relax, your order is fine.', 'relax'],
    ["That's on the courier, not us.", 'thats-on-them'],
    ["That's just the way it is, I'm afraid.", 'it-is-what-it-is'],
    ['Please, contact your bank about this charge.', 'contact-your-bank'],
    ["We'd love to do more, but not this time.", 'wish-i-could-help']
  ])('a comma that is part of the phrase is allowed for: “%s”', (text, id) => {
    expect(ruleIds(text)).toContain(id)
  })

  test('the sentence records where its clause breaks stand', () => {
    const text = 'Sorry, I cannot help: 1,000 times — no.'
    const [sentence] = sentencesOf(parser.parse(text), text)
    expect(sentence!.words).toEqual(['sorry', 'i', 'can', 'not', 'help', '1', '000', 'times', 'no'])
    // After "sorry", after "help", none inside 1,000, after "times"; none after the last word.
    expect(sentence!.breaks).toEqual([0, 1, 0, 0, 0, 1, 0, 0, 1, 0])
  })
})

describe('the “,” element', () => {
  test('words side by side do not match across a break', () => {
    const find = onePattern(['can not help you'])
    expect(find("I can't help you.")).toEqual(["can't help you"])
    expect(find("If I can't help, you'll hear from me.")).toEqual([])
  })

  test('“,” needs a break, “,?” allows one', () => {
    const needs = onePattern(['sorry , no'])
    expect(needs('Sorry, no refunds.')).toEqual(['Sorry, no'])
    expect(needs('Sorry no refunds.')).toEqual([])
    const allows = onePattern(['sorry ,? no'])
    expect(allows('Sorry, no refunds.')).toEqual(['Sorry, no'])
    expect(allows('Sorry no refunds.')).toEqual(['Sorry no'])
  })

  test('a semicolon, colon or dash is a break; a comma inside a number is not', () => {
    const find = onePattern(['help you'])
    expect(find("I can't help; you will see.")).toEqual([])
    expect(find("I can't help: you will see.")).toEqual([])
    expect(find("I can't help — you will see.")).toEqual([])
    const number = onePattern(['# items'])
    expect(number('We sent 1,000 items.')).toEqual(['000 items'])
  })

  test('a gap spans breaks', () => {
    const find = onePattern(['sorry *3 inconvenience'])
    expect(find('Sorry, Jo, for the inconvenience.')).toEqual(['Sorry, Jo, for the inconvenience'])
  })

  test('an unless spans breaks, unless it says “,” itself', () => {
    const loose = onePattern(['can not help'], ['help but'])
    expect(loose("I can't help, but I'll find who can.")).toEqual([])
    const strict = onePattern(['can not help'], ['_ , but'])
    expect(strict("I can't help, but I'll find who can.")).toEqual([])
    expect(strict("I can't help but laugh.")).toEqual(["can't help"])
  })

  test('a pattern cannot start with “,”', () => {
    expect(() => onePattern([', no refunds'])).toThrow(PackError)
    expect(() => onePattern([', no refunds'])).toThrow(/“,” must stand between two words/)
  })
})

describe('apologies followed by ownership', () => {
  test.each([
    "I'm sorry you feel let down by us, and you're right: we missed the date.",
    "I'm sorry you feel we let you down — we did, and I've refunded the delivery charge.",
    "Sorry you feel that way about the wait; it was too long, and I've added a £10 credit.",
    "We're sorry you feel ignored, and you're quite right, we should have called back."
  ])('are not non-apologies: “%s”', (text) => {
    const ids = ruleIds(text)
    expect(ids).not.toContain('sorry-you-feel-that-way')
    expect(ids).not.toContain('sorry-you-think')
  })

  test.each([
    ["I'm sorry you feel that way, but that's our policy.", 'sorry-you-feel-that-way'],
    ["I'm sorry you feel that way; we followed the correct process.", 'sorry-you-feel-that-way'],
    ["I'm sorry you feel that way, we've already refunded you twice.", 'sorry-you-feel-that-way'],
    ["I'm sorry you feel we missed the date.", 'sorry-you-think'],
    ['Sorry you feel we let you down.', 'sorry-you-think'],
    ["I'm sorry you think we overcharged you, but the fee is in the terms.", 'sorry-you-think']
  ])('real non-apologies are still flagged: “%s”', (text, id) => {
    expect(ruleIds(text)).toContain(id)
  })
})

describe('reported questions and specific apologies', () => {
  test('a question of the customer’s, restated, is not the agent’s claim', () => {
    expect(ruleIds("You asked whether corporate sets the policy: we do, and here's why.")).not.toContain('corporate-sets-policy')
    expect(ruleIds('You asked about refunds, and corporate sets the policy on those.')).toContain('corporate-sets-policy')
  })

  test('“the inconvenience of <something>” names it', () => {
    expect(ruleIds("I apologise for the inconvenience of the missing part; I've posted it first class today.")).not.toContain(
      'sorry-for-the-inconvenience'
    )
    expect(ruleIds('Sorry for the inconvenience caused by our billing error: the £12 is back on your card.')).not.toContain(
      'sorry-for-the-inconvenience'
    )
    expect(ruleIds('Sorry for the inconvenience caused.')).toContain('sorry-for-the-inconvenience')
    expect(ruleIds('Sorry for the inconvenience of it all.')).toContain('sorry-for-the-inconvenience')
  })
})

describe('quotation marks', () => {
  test.each([
    ['The 27" monitor is not my fault, sorry.', 'not-my-fault'],
    ['Sorry ma"am, corporate sets the policy.', 'corporate-sets-policy'],
    ['The 27" and 32" screens are not my fault.', 'not-my-fault'],
    ['He said "not my fault, and corporate sets the policy.', 'corporate-sets-policy'],
    ["He said 'not my fault, and corporate sets the policy.", 'corporate-sets-policy']
  ])('a stray quote does not silence the rest of the sentence: “%s”', (text, id) => {
    expect(ruleIds(text)).toContain(id)
  })

  test.each([
    '"Not my fault."',
    'You wrote "it\'s not my fault" and I agree it isn\'t yours.',
    "You called it 'not my fault', and it wasn't.",
    'You wrote: "It\'s not my fault. Corporate sets the policy." We set it, and I\'ve changed it.',
    'You wrote “It’s not my fault. Corporate sets the policy.” We set it here.'
  ])('quoted words, over one sentence or several, are skipped: “%s”', (text) => {
    expect(ruleIds(text)).toEqual([])
  })

  test('a quotation closes where its closing mark is', () => {
    expect(ruleIds('The sign says "no refunds" and honestly, not my fault.')).toContain('not-my-fault')
  })

  test('a quotation does not run into the next paragraph', () => {
    expect(ruleIds('You wrote "no refunds.\n\nNot my fault." ok')).toContain('not-my-fault')
  })

  // retext starts a paragraph at a line break after a sentence's end: an e-mail wrapped at
  // 72 columns is one block of lines, and a quotation runs over its line breaks.
  test.each([
    'Hi Sam,\nYou wrote "I waited a week.\nIt\'s not my fault the parcel is late" and you are right.',
    'Hi Sam,\r\nYou wrote "I waited a week.\r\nIt\'s not my fault the parcel is late" and you are right.',
    'You wrote:\n"I waited a week. It is what it is.\nCorporate sets the policy, not me."\nWe set it, and I have changed it.',
    'You called it \u201cnot our problem.\nNot my fault.\u201d We own it now.'
  ])('a quotation wrapped over lines is skipped: “%s”', (text) => {
    expect(ruleIds(text)).toEqual([])
  })

  test.each([
    // No closing mark in its block: the open quote pairs with none.
    ['Thanks for the "heads up.\n\nIt\'s not my fault the parcel is late." ok', 'not-my-fault'],
    ['Hi "Sam,\nsorry for the wait.\n\nIt\'s not my fault, see the "Refunds" page.', 'not-my-fault'],
    // A mark written to open (`the "Refunds"`) does not close one left open lines before.
    ['Hi "Sam.\nIt\'s not my fault the parcel is late.\nClick "Refunds" for your money back.', 'not-my-fault'],
    ['Hi \u201cSam.\nIt\'s not my fault the parcel is late.\nClick \u201cRefunds\u201d for your money back.', 'not-my-fault']
  ])('a stray quote does not silence the lines after it: “%s”', (text, id) => {
    expect(ruleIds(text)).toContain(id)
  })

  test('a quotation that closes inside a placeholder ends there', () => {
    expect(ruleIds('Type "{{name"}} and honestly, not my fault.')).toContain('not-my-fault')
  })

  test('a mark written to open still closes a quotation on its own line', () => {
    expect(ruleIds('You wrote "not my fault "and left.')).toEqual([])
  })

  test.each([
    '- You wrote "sorry for the wait.\n- It\'s not my fault the parcel is late.\n- Pick the "large" one.',
    '1. You wrote "sorry for the wait.\n2. It\'s not my fault the parcel is late.\n3. Pick the "large" one.'
  ])('a quotation does not run from one plain-text list item to the next: “%s”', (text) => {
    expect(ruleIds(text)).toContain('not-my-fault')
  })
})
