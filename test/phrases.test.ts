/**
 * What an agent sees for one phrase: the phrases that are flagged, one message per phrase
 * when rules of several families match the same words, and messages that say what the
 * agent did rather than quote words the agent did not write.
 */
import { describe, expect, test } from 'vitest'
import { check, loadBuiltinRuleset } from '../src/index.js'
import { normalizeWord } from '../src/normalize.js'

const ownership = (text: string, options = {}) => check(text, { spelling: false, ...options }).messages.filter((message) => message.category !== 'structure')
const ruleIds = (text: string) => ownership(text).map((message) => message.ruleId)

describe('phrases that hide behind a rule, a party or being busy are flagged', () => {
  test.each([
    ['Per our policy, refunds aren’t available after 30 days.', 'policy-says-no'],
    ['Company policy doesn’t allow refunds on opened items.', 'policy-says-no'],
    ['The rules are the rules.', 'rules-are-rules'],
    ['Policy is policy, I’m afraid.', 'rules-are-rules'],
    ['I’m afraid that’s just how the system works.', 'rules-are-rules'],
    ['Thats just the way our system is set up.', 'rules-are-rules'],
    ['Unfortunately that’s above my head.', 'above-my-pay-grade'],
    ['I don’t have access to that, you’d have to ask accounts.', 'no-access-to-that'],
    ['I don’t have access to that, you’d have to ask accounts.', 'ring-another-team'],
    ['Sorry, I don’t handle returns.', 'i-dont-deal-with-that'],
    ['We are not responsible for delays caused by the post office.', 'their-responsibility-not-ours'],
    ['We can’t be held liable for damage caused by the courier.', 'their-responsibility-not-ours'],
    ['The delay is due to the courier, not us.', 'down-to-them'],
    ['Head office won’t allow it.', 'head-office-wont-allow'],
    ['Management won’t let me give you a discount.', 'head-office-wont-allow'],
    ['Not my problem, sorry.', 'not-my-job'],
    ['Please be patient, we’re very busy.', 'be-patient-we-are-busy'],
    ['Bear with us please, we’re swamped.', 'be-patient-we-are-busy'],
    ['You need to call the other number, we can’t do it here.', 'ring-another-team']
  ])('“%s” gets %s', (text, ruleId) => {
    expect(ruleIds(text)).toContain(ruleId)
  })

  test.each([
    'Our policy is to refund within 30 days, and I’ve started yours.',
    'Per our policy you’re entitled to a full refund.',
    'That’s how the system works: when you pay, we hold the stock for you.',
    'No problem at all, and sorry for the wait!',
    'Please be patient while the app syncs; it can take ten minutes.',
    'We’re very busy today, so I’ll call you back at 3pm.',
    'I don’t have access to that, so I’ve asked our billing team and I’ll reply by 3pm.'
  ])('“%s” is not flagged', (text) => {
    expect(ownership(text)).toEqual([])
  })
})

// A pattern's `^` is the start of what the sentence says: after a greeting or a
// sentence adverb too, and after a full stop retext kept inside a sentence (a small letter
// after it). It still matches at the first word.
describe('a phrase anchored at the start of a sentence is flagged after the reply’s opening words', () => {
  test.each([
    ['Hi Sam, not my problem, sorry.', 'not-my-job'],
    ['Dear Mr Smith, per our policy, refunds aren’t available after 30 days.', 'policy-says-no'],
    ['Good morning Priya - unfortunately, per our policy, refunds aren’t available after 30 days.', 'policy-says-no'],
    ['To be honest, not my problem.', 'not-my-job'],
    ['Tbh, not my problem.', 'not-my-job'],
    ['Okay, so check the help centre, it’s all in there.', 'refer-to-the-faq'],
    ['thanks. not our problem tbh', 'not-my-job'],
    ['thanks! not our problem tbh', 'not-my-job'],
    ['Not my problem, sorry.', 'not-my-job']
  ])('“%s” gets %s', (text, ruleId) => {
    expect(ruleIds(text)).toContain(ruleId)
  })

  test.each([
    // Not at the start of what the sentence says.
    ['If you have time later, check the help centre, it’s all in there.', 'refer-to-the-faq'],
    ['I said earlier, not my problem.', 'not-my-job']
  ])('“%s” does not get %s', (text, ruleId) => {
    expect(ruleIds(text)).not.toContain(ruleId)
  })

  test('a sentence knows where its opening words end', async () => {
    const { unified } = await import('unified')
    const { default: retextEnglish } = await import('retext-english')
    const { sentencesOf } = await import('../src/tokens.js')
    const openings = (text: string) => sentencesOf(unified().use(retextEnglish).parse(text) as never).map((sentence) => sentence.openings ?? [])
    expect(openings('Hi Sam, not my problem.')).toEqual([[2]])
    expect(openings('Good morning Priya - unfortunately, per our policy no.')).toEqual([[4]])
    expect(openings('Sorry, but we’re just the sales team.')).toEqual([[2]])
    expect(openings('OK so tbh, it’s fine.')).toEqual([[5]])
    expect(openings('thanks. not our problem')).toEqual([[1]])
    expect(openings('thanks!! not our problem')).toEqual([[1]])
    // A greeting's name is at most three words before the break; no opener, no opening.
    expect(openings('Hello there my friend and welcome, not my job.')).toEqual([[]])
    expect(openings('Not my job, sorry. I checked.')).toEqual([[], []])
  })
})

// A pattern's `$` is the end of what the sentence says: before a sign-off after a comma too.
describe('a phrase anchored at the end of a sentence is flagged before a sign-off', () => {
  test.each([
    ['The number is on the website, go find it, sorry.', 'go-find-it'],
    ['Go find it, Sam.', 'go-find-it'],
    ['go find it tbh', 'go-find-it'],
    ['Sorry, I don’t handle returns, Mr Doyle.', 'i-dont-deal-with-that'],
    ['We’ll fix it as soon as we can, I’m afraid.', 'when-they-can'],
    ['We’ll fix it as soon as we can, {{customer.first_name}}.', 'when-they-can']
  ])('“%s” gets %s', (text, ruleId) => {
    expect(ruleIds(text)).toContain(ruleId)
  })

  test('what follows the comma must be a sign-off or a name, not more of the sentence', () => {
    expect(ruleIds('Go find it, the chat button is right there.')).not.toContain('go-find-it')
    expect(ruleIds('We’ll fix it as soon as we can, all of us together.')).not.toContain('when-they-can')
  })
})

describe('blaming a third party is flagged in its paraphrases, owning it and plain facts are not', () => {
  test.each([
    ['The delay is the courier’s fault, not ours.', 'fault-lies-with-them'],
    ["the delay is the courier's fault, not ours", 'fault-lies-with-them'],
    ['The late refund was entirely the bank’s mistake.', 'fault-lies-with-them'],
    ['The outage was the system’s fault.', 'fault-lies-with-them'],
    ['Courier’s mistake, not ours.', 'fault-lies-with-them'],
    ['its the couriers fault not ours', 'fault-lies-with-them'],
    ['The warehouse team’s to blame for the mix-up.', 'fault-lies-with-them'],
    ['The fault’s with the manufacturer.', 'fault-lies-with-them'],
    ['The culprit is the supplier.', 'fault-lies-with-them'],
    ['You can put the blame on the other department for that.', 'fault-lies-with-them'],
    ['Blame it on the carrier, not us.', 'fault-lies-with-them'],
    ['It’s on the courier’s end.', 'thats-on-them'],
    ['The issue’s on the carrier’s side.', 'thats-on-them'],
    ['It’s the bank, not us.', 'not-me-them'],
    ['The supplier’s properly messed up your order.', 'courier-lost-it'],
    ['The delay’s down to the warehouse.', 'down-to-them']
  ])('“%s” gets %s', (text, ruleId) => {
    expect(ruleIds(text)).toContain(ruleId)
  })

  test.each([
    'It was our fault, not the courier’s, and I’ve sent a replacement.',
    'That’s on us, and I’ve refunded the delivery fee.',
    'None of this is your fault, Sam.',
    'The courier will deliver tomorrow between 9 and 12.',
    'The delay isn’t the courier’s fault: we packed it late, and it’s on express now.',
    'We’re to blame for this, not the courier, and I’m sorry.',
    'We never blame the courier: it’s ours to fix, and the replacement ships today.',
    'The refund is on the bank’s side now and usually takes 3 to 5 days.',
    'Our engineer’s fault report shows the line is fine, so I’ve booked a router swap.',
    'The bank wants to blame the merchant, so I’ve raised the dispute for you myself.',
    'That is the warehouse doing a stock check, so tracking will update tonight.',
    'The supplier never messed up an order before, so I’ve asked them to check the batch.'
  ])('“%s” is not flagged', (text) => {
    expect(ownership(text)).toEqual([])
  })
})

describe('one message per phrase', () => {
  test('two families on the same words give one message, and the other family is kept in also', () => {
    const messages = ownership('I’m just following the rules here.')
    expect(messages).toHaveLength(1)
    const [message] = messages
    const families = [message!.category, ...(message!.also ?? []).map((folded) => folded.category)].sort()
    expect(families).toEqual(['distancing', 'helplessness'])
    expect(message!.also).toHaveLength(1)
    expect(message!.also![0]!.ruleId).not.toBe(message!.ruleId)
  })

  test('a match inside a longer one of another family gives no message of its own', () => {
    const messages = ownership('You need to call the other number, we can’t do it here.')
    expect(messages.map((message) => [message.ruleId, message.actual])).toEqual([
      ['ring-another-team', 'You need to call the other number'],
      ['not-something-we-handle-here', 'we can’t do it here']
    ])
    expect(messages[1]!.also).toEqual([{ ruleId: 'i-cannot-do-that', category: 'helplessness' }])
    expect(messages[0]!).not.toHaveProperty('also')
  })

  test('the more severe rule stands, as the run sets severities', () => {
    const text = 'I’m just following the rules here.'
    const asSet = (options: object) => ownership(text, options).map((message) => message.ruleId)
    expect(asSet({ rules: { 'just-following-orders': 'error' } })).toEqual(['just-following-orders'])
    expect(asSet({ rules: { 'i-dont-make-the-rules': 'error' } })).toEqual(['i-dont-make-the-rules'])
  })

  test('a rule switched off is not folded into another', () => {
    const [message] = ownership('I’m just following the rules here.', { rules: { 'i-dont-make-the-rules': 'off' } })
    expect(message!.ruleId).toBe('just-following-orders')
    expect(message).not.toHaveProperty('also')
  })

  test('a longer match holds a shorter one of another family: one message, both families', () => {
    const messages = ownership('Have you tried Googling it?')
    expect(messages.map((message) => [message.ruleId, message.category])).toEqual([['search-it-online', 'deflection']])
    expect(messages[0]!.also).toEqual([{ ruleId: 'have-you-tried-googling', category: 'condescension' }])
  })

  test('two families on different words of one sentence each give a message', () => {
    const messages = ownership('Sorry for any inconvenience, it’s not my fault.')
    expect(messages.map((message) => message.ruleId)).toEqual(['sorry-for-any-inconvenience', 'not-my-fault'])
  })
})

describe('a message says what the agent did, not words the agent did not write', () => {
  test.each([
    ['You’ll have to speak with your carrier.', 'contact-your-bank', /bank/i],
    ['Please contact our billing department for that.', 'ring-another-team', /roaming/i],
    ['Not my problem, sorry.', 'not-my-job', /“That's not my job”/],
    ['The delay is due to the courier, not us.', 'down-to-them', /courier/i],
    ['Head office have set these fees.', 'corporate-sets-policy', /corporate/i],
    ['The powers that be opted to close the branch.', 'management-decided', /management/i],
    ['It’s only a few pounds, honestly.', 'only-a-small-charge', /£5/],
    ['Like I said before, the router needs a reset.', 'as-i-already-said', /as i already said/i],
    ['We regret for any inconvenience caused, Jasmin.', 'regret-any-inconvenience', /we regret any/i],
    ['Just chill, your refund is coming.', 'calm-down', /“calm down”/i],
    ['Ask your bank about the hold, they may have more information.', 'they-might-know', /they might know/i],
    ['The prices went up without anyone telling us.', 'nobody-told-us', /nobody told us/i],
    ['I’m bound by the policy on this one.', 'my-hands-are-tied', /hands are tied/i]
  ])('“%s” (%s)', (text, ruleId, wrongWords) => {
    const message = ownership(text).find((found) => found.ruleId === ruleId)
    expect(message, `${ruleId} flags “${text}”`).toBeDefined()
    expect(message!.message).not.toMatch(wrongWords)
  })
})

// The words of a text as the matcher reads them (case, apostrophes, contractions).
const wordsOf = (text: string): string[] =>
  text.split(/[^\p{L}\p{N}'’]+/u).filter((word) => word.replace(/['’]/g, '') !== '').flatMap((word) => normalizeWord(word.replace(/^['’]+|['’]+$/g, '')))
const holds = (words: string[], part: string[]): boolean => words.some((_, index) => part.every((word, offset) => words[index + offset] === word))

describe('a bundled message quotes only words that every match of its rule holds', () => {
  const quoting = loadBuiltinRuleset().packs.flatMap((pack) => pack.rules).filter((rule) => rule.message.includes('“'))
  test.each(quoting.map((rule) => [rule.id, rule] as const))('%s', (_, rule) => {
    const quotes = [...rule.message.matchAll(/“([^”]+)”/g)].map((match) => wordsOf(match[1]!))
    for (const bad of rule.examples.bad) {
      const message = ownership(bad).find((found) => found.ruleId === rule.id)
      if (message === undefined) continue
      for (const quote of quotes) expect(holds(wordsOf(message.actual), quote), `${rule.id} quotes words “${bad}” does not have`).toBe(true)
    }
  })

  test('only a few messages quote at all: most name the move', () => {
    expect(quoting.map((rule) => rule.id).sort()).toEqual(['as-and-when', 'relax', 'will-eventually'])
  })
})
