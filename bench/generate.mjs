// The benchmark's input, made up here and deterministic: the same seed gives the same
// replies, documents and phrase list in every process, so each engine sees the same text.
import { readFileSync } from 'node:fs'
import { seededRandom } from '../dist/random.js'

const names = ['Dana', 'Marcus', 'Priya', 'Tom', 'Aisha', 'Leo', 'Maria', 'Ken', 'Sofia', 'Ravi']
const items = ['router', 'heater', 'sofa', 'phone plan', 'subscription', 'invoice', 'parcel', 'booking', 'gift card', 'kettle']
const openings = ['Hi {name},', 'Hello {name},', 'Hi {name}, thanks for getting in touch.', 'Dear {name},', 'Hey {name}, thanks for your patience.']
const closings = ['Is there anything else I can help you with?', 'Have a good day.', 'Kind regards, the support team.', 'Let me know if there is anything else.', 'Thanks again for reaching out.']
// Replies that own the problem.
const good = [
  "I've looked at your order and the {item} left our warehouse late; that's on us.",
  "I've refunded the delivery fee to your card; you'll see it in 3 to 5 working days.",
  "I'm sorry we sent the {item} out like that. I've booked a replacement for Thursday.",
  "I've opened case {case} and I'll email you by 5pm tomorrow with an update.",
  'We charged you twice for the {item}, and I have reversed the second payment.',
  "Billing handles refunds, so I've sent them your case with all the details.",
  "Our courier missed the slot, so I've rebooked it for Monday morning.",
  'I checked with the warehouse and the {item} is packed and ready to go today.',
  "You're right, the price on the website was wrong, and I've honoured it.",
  "I'll stay on this case until the {item} is back with you."
]
// Replies that shift the blame, deflect, or apologise without owning anything.
const bad = [
  'Sorry for any inconvenience this may have caused.',
  "That's not my department, you'll need to call billing about the {item}.",
  'Corporate sets the policy on refunds, so there is nothing I can do.',
  'The courier lost your {item}, not us, so you should contact them.',
  'Unfortunately the system will not let me change that.',
  'Someone will get back to you at some point.',
  'You should have read the terms before ordering the {item}.',
  'Head office decided that, not me.',
  "I'm sorry you feel that way about the {item}.",
  "As I already explained, that's just how it works."
]

/**
 * Make one support reply of about `target` bytes, mixing good and bad phrasing.
 * @param {() => number} random
 * @param {number} target
 * @returns {string}
 */
export function makeReply(random, target = 600) {
  const pick = (/** @type {string[]} */ list) => list[Math.floor(random() * list.length)] ?? ''
  const fill = (/** @type {string} */ text) =>
    text.replaceAll('{name}', pick(names)).replaceAll('{item}', pick(items)).replaceAll('{case}', String(10000 + Math.floor(random() * 89999)))
  const closing = fill(pick(closings))
  let reply = fill(pick(openings))
  for (;;) {
    const sentence = fill(random() < 0.35 ? pick(bad) : pick(good))
    if (reply.length + sentence.length + closing.length + 2 > target + 60) break
    reply += ' ' + sentence
    if (reply.length + closing.length > target - 40) break
  }
  return `${reply}\n\n${closing}`
}

/**
 * `count` replies of about 600 bytes from `seed`.
 * @param {number} count
 * @param {number} seed
 * @returns {string[]}
 */
export function makeReplies(count, seed) {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => makeReply(random))
}

/**
 * One document of `bytes` bytes (about), made of replies separated by blank lines.
 * @param {number} bytes
 * @param {number} seed
 * @returns {string}
 */
export function makeDocument(bytes, seed) {
  const random = seededRandom(seed + bytes)
  const parts = []
  let size = 0
  while (size < bytes) {
    const reply = makeReply(random)
    parts.push(reply)
    size += reply.length + 2
  }
  return parts.join('\n\n').slice(0, bytes)
}

/**
 * 200 distinct blame-shifting phrases for the raw RegExp floor.
 * @returns {string[]}
 */
export function makePhrases() {
  const parties = ['the courier', 'the warehouse', 'corporate', 'head office', 'the system', 'billing', 'management', 'the manufacturer', 'the bank', 'the other team']
  const verbs = ['lost your order', 'made a mistake', 'sets the policy', 'decided that', 'will not let me', 'is responsible', 'did not tell us', 'caused the delay', 'has to approve it', 'never sent it']
  const phrases = []
  for (const party of parties) for (const verb of verbs) phrases.push(`${party} ${verb}`)
  const others = ['not my department', 'sorry for any inconvenience', 'sorry you feel that way', 'nothing i can do', 'you should have', 'as i already explained', 'someone will get back to you', 'that is just how it works', 'not our fault', 'out of my hands']
  for (const other of others) for (const prefix of ['', 'unfortunately ', 'i am afraid ', 'well ', 'again ', 'honestly ', 'as you know ', 'as stated ', 'sadly ', 'really ']) phrases.push(prefix + other)
  return phrases
}

/**
 * The `text` fields of a JSONL file (lines that do not parse, or have no text, are skipped).
 * @param {string} path
 * @returns {string[]}
 */
export function readCorpus(path) {
  const texts = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue
    try {
      const record = JSON.parse(line)
      if (typeof record.text === 'string' && record.text.trim()) texts.push(record.text)
    } catch {
      // A broken line is not the benchmark's business.
    }
  }
  return texts
}
