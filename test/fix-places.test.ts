// What `fix` writes: a safe rewrite only where it leaves a grammatical sentence (a
// suggestion's `where`), capitals after a list number, and the good replies a QA probe
// found flagged. Every text here is written for this file.
import { beforeAll, describe, expect, test } from 'vitest'
import { check, fix } from '../src/api.js'
import { ownit, workspace } from './helpers.js'
import { fixDocument } from '../src/document.js'
import { placeholdersFor } from '../src/config/options.js'
import { loadProse } from '../src/input/prose.js'
import { loadBuiltinRuleset, PackError, parsePack } from '../src/pack/load.js'

beforeAll(() => loadProse('markdown', 'html'))

const fixed = (text: string): string => fix(text).text
const ruleIds = (text: string): string[] => check(text, { spelling: false }).messages.map((message) => message.ruleId)
/** The message of `id` in `text`, which must be there. */
const messageOf = (text: string, id: string) => {
  const found = check(text, { spelling: false }).messages.find((message) => message.ruleId === id)
  expect(found, `${id} in ${text}`).toBeDefined()
  return found!
}

describe('mistakes-were-made: the rewrite keeps how many mistakes, and a denial is no apology', () => {
  test.each([
    'No mistakes were made on your order.',
    'I checked, and no errors were made in your bill.',
    "Not one mistake has been made on your account since you moved.",
    'Mistakes were made, and they were mine: I have refunded you.',
    'An error was made, and it was my fault, so the fee is back on your card.'
  ])('not flagged: “%s”', (text) => {
    expect(ruleIds(text)).not.toContain('mistakes-were-made')
    expect(fixed(text)).toBe(text)
  })

  test.each([
    ['Several mistakes were made when your account was set up.', 'We made several mistakes when your account was set up.'],
    ['Two mistakes were made: we charged you twice.', 'We made two mistakes: we charged you twice.'],
    ['2 errors were made on your bill.', 'We made 2 errors on your bill.'],
    ['Errors were made on both invoices.', 'We made errors on both invoices.'],
    ['An error was made on your invoice.', 'We made an error on your invoice.'],
    ['I can confirm that a mistake was made with the booking.', 'I can confirm that we made a mistake with the booking.'],
    ['Sorry, some errors have been made with the billing.', 'Sorry, we made some errors with the billing.']
  ])('“%s” → “%s”', (text, expected) => {
    expect(fixed(text)).toBe(expected)
  })

  test('a word before the mistakes that the rewrite cannot carry: still flagged, offered, not applied', () => {
    for (const text of ['Serious mistakes were made with your booking.', 'Billing errors were made on your account.']) {
      const message = messageOf(text, 'mistakes-were-made')
      expect(message.fix).toBe(false)
      expect(message.expected.length).toBeGreaterThan(0)
      expect(fixed(text)).toBe(text)
    }
  })
})

describe('a safe rewrite is applied only where it fits (where: clause-start, before-break)', () => {
  test.each([
    'As I already said to you yesterday, the deposit is safe.',
    'As stated previously in my email of 3 May, the deposit is safe.',
    'The deposit comes back after the inspection as I already said.',
    'The key is at reception per my last email.',
    'As I already said the deposit comes back.',
    'Please send the form as advised earlier so we can refund you.'
  ])('flagged, not fixed: “%s”', (text) => {
    const messages = check(text, { spelling: false }).messages
    expect(messages.length).toBeGreaterThan(0)
    expect(messages.every((message) => !message.fix)).toBe(true)
    expect(fixed(text)).toBe(text)
  })

  test.each([
    ['As I already said, the deposit is safe.', 'To recap, the deposit is safe.'],
    ['Thanks Jo, per my last email, the key is at reception.', 'Thanks Jo, to recap, the key is at reception.'],
    ['The boiler is fine and, as I said before, the part is on order.', 'The boiler is fine and, to recap, the part is on order.'],
    ['Our corporate sets the policy on refunds.', 'Our corporate sets the policy on refunds.'],
    ['Sorry, corporate sets the policy on refunds.', 'Sorry, we set the policy on refunds.'],
    ['Unfortunately management decided to close the branch.', 'Unfortunately we decided to close the branch.'],
    ['I know that head office decided to close it.', 'I know that we decided to close it.']
  ])('“%s” → “%s”', (text, expected) => {
    expect(fixed(text)).toBe(expected)
  })

  test('a decision the agent overruled is not blamed on anyone', () => {
    expect(ruleIds('Management decided against it, but I overruled them and refunded you.')).toEqual([])
    expect(ruleIds("Head office sets the rules on fees, but I've overridden them for you.")).toEqual([])
    expect(ruleIds('Management decided against a refund.')).toContain('management-decided')
  })
})

describe('a rewrite after a list number starts with a capital', () => {
  test.each([
    ['1. As I already said, the deposit is safe.', '1. To recap, the deposit is safe.'],
    ['2. Corporate sets the policy.', '2. We set the policy.'],
    ['2) Corporate sets the policy.', '2) We set the policy.'],
    ['(b) Head office set the rules on refunds.', '(b) We set the rules on refunds.'],
    ['a. Corporate sets the policy on fees.', 'a. We set the policy on fees.'],
    ['Step 3. Management decided to close it.', 'Step 3. We decided to close it.'],
    ['We are open until 6. Corporate sets the policy on refunds.', 'We are open until 6. We set the policy on refunds.'],
    ['Hi Sam, corporate sets the policy.', 'Hi Sam, we set the policy.']
  ])('fix: “%s” → “%s”', (text, expected) => {
    expect(fixed(text)).toBe(expected)
  })

  test('in a plain-text file as in a Markdown one', () => {
    const text = '1. As I already said, the deposit is safe.\n2. Corporate sets the policy.\nStep 3. Management decided to close it.\n'
    const expected = '1. To recap, the deposit is safe.\n2. We set the policy.\nStep 3. We decided to close it.\n'
    for (const kind of ['text', 'markdown'] as const) {
      expect(fixDocument('reply', text, { kind, options: { spelling: false } }, placeholdersFor(undefined)).text).toBe(expected)
    }
  })
})

describe('an apostrophe that stands for letters opens no quotation', () => {
  test.each([
    "You can call us 'til 6. Corporate sets the policy on refunds. Our agents' hours are on the site.",
    'You can call us ‘til 6. Corporate sets the policy on refunds. Our agents’ hours are on the site.',
    "We're open 'round the clock. Corporate sets the policy on refunds, and the managers' names are below.",
    "It's been that way since the '90s. Corporate sets the policy on refunds. Our agents' hours are online."
  ])('the rest is checked: “%s”', (text) => {
    expect(ruleIds(text)).toContain('corporate-sets-policy')
  })

  test("a plural possessive does not close a quotation opened in another sentence", () => {
    expect(ruleIds("He wrote 'call us back. Corporate sets the policy. The agents' rota is full.")).toContain('corporate-sets-policy')
    // A quotation that closes after a word ending in s, in its sentence, still closes.
    expect(ruleIds("You called it 'the rules on refunds' and I agree.")).toEqual([])
  })
})

describe('good replies the probe found flagged', () => {
  test.each([
    ["I'm sorry for the inconvenience the outage caused you yesterday; we've credited a full day to your account.", 'sorry-for-the-inconvenience'],
    ["I'm sorry you were upset by the wrong delivery. I've sent the right one today.", 'sorry-you-were-upset'],
    ["I'm sorry you were frustrated with the late refund; it's on your card now.", 'sorry-you-were-upset'],
    ['It can take up to ten days. You should hear back within the next couple of days.', 'someone-should-reach-out']
  ])('“%s” is not flagged by %s', (text, id) => {
    expect(ruleIds(text)).not.toContain(id)
  })

  test.each([
    ["I'm sorry for the inconvenience this has caused.", 'sorry-for-the-inconvenience'],
    ["I'm sorry you were upset by our reply.", 'sorry-you-were-upset'],
    ['You should hear back from the team soon.', 'someone-should-reach-out']
  ])('still flagged: “%s” (%s)', (text, id) => {
    expect(ruleIds(text)).toContain(id)
  })
})

describe('where, in a pack', () => {
  const shared = loadBuiltinRuleset().shared
  const pack = (suggest: string): string => `rules:
  - id: probe-blame
    category: blame-shifting
    severity: error
    patterns: ["the gremlins lost"]
    message: M.
    why: W.
    suggest: [${suggest}]
    examples:
      bad: ["The gremlins lost your parcel.", "Sorry, the gremlins lost it."]
      good: ["We lost your parcel.", "Gremlins are not real."]
      fixed: [{ bad: "The gremlins lost your parcel.", fixed: "We lost your parcel." }]
`

  test('restricts a safe rewrite of one’s own pack to the places it names', () => {
    const own = parsePack(pack('{ text: "we lost", safe: true, where: [sentence-start] }'), 'team.yml', shared)
    const options = { builtin: false, packs: [own], spelling: false }
    expect(fix('The gremlins lost your parcel.', options).text).toBe('We lost your parcel.')
    expect(fix('Sorry, the gremlins lost it.', options).text).toBe('Sorry, the gremlins lost it.')
    expect(check('Sorry, the gremlins lost it.', options).messages[0]).toMatchObject({ ruleId: 'probe-blame', fix: false, expected: ['we lost'] })
  })

  test('is refused on a suggestion that is not safe, and with a place it does not know', () => {
    expect(() => parsePack(pack('{ text: "we lost", where: [sentence-start] }'), 'team.yml', shared)).toThrow(PackError)
    expect(() => parsePack(pack('{ text: "we lost", where: [sentence-start] }'), 'team.yml', shared)).toThrow(/suggest\[0\]\.where|where says/)
    expect(() => parsePack(pack('{ text: "we lost", safe: true, where: [anywhere] }'), 'team.yml', shared)).toThrow(PackError)
  })

  test('ownit rules --explain says where a rewrite is applied', () => {
    const run = ownit(['--explain', 'as-i-already-said'], workspace())
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('to recap  (applied by --fix at a clause start, before a clause break)')
  })
})
