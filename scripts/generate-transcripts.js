#!/usr/bin/env node
// Write a large JSONL file of made-up support conversations, for benchmarking
// `ownit score` (not run by the tests). Deterministic: the same seed gives the same file.
//
//   node scripts/generate-transcripts.js [conversations=100000] [out=.bench/transcripts.jsonl] [seed=1]
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

const count = Number(process.argv[2] ?? 100000)
const out = process.argv[3] ?? '.bench/transcripts.jsonl'
let seed = Number(process.argv[4] ?? 1) >>> 0

// mulberry32: small, fast, good enough for picking phrases.
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (list) => list[Math.floor(random() * list.length)]

const agents = ['Dana', 'Marcus', 'Priya', 'Tom', 'Aisha', 'Leo', 'Maria', 'Ken', 'Sofia', 'Ravi', 'Joan', 'Pete']
const products = ['router', 'heater', 'sofa', 'phone', 'subscription', 'invoice', 'parcel', 'booking', 'card', 'kettle']
const problems = ['arrived broken', 'never arrived', 'was charged twice', 'stopped working', 'is the wrong size', 'was cancelled without notice']
const openings = [
  (name) => `Hi, my name is ${name} and I'll look after this for you.`,
  (name) => `Hello, this is ${name} from the support team.`,
  () => 'Hi, how can I help?',
  () => 'Thanks for getting in touch.'
]
const listening = [
  (product, problem) => `I understand, your ${product} ${problem}.`,
  (product, problem) => `So your ${product} ${problem}; let me check that.`,
  () => 'Let me look into it.',
  () => 'Can you give me your order number?'
]
const middles = [
  () => `I've opened case ${10000 + Math.floor(random() * 89999)} for this.`,
  (product) => `I'm sorry we sent the ${product} out like that.`,
  () => 'Sorry for any inconvenience.',
  () => 'Corporate sets the policy on refunds, so there is nothing I can do.',
  () => "That's not my department, you'll need to call billing.",
  () => 'Unfortunately we can not refund it, but I can send a replacement instead.',
  () => 'Unfortunately we do not refund opened items.',
  () => 'Someone will get back to you.',
  () => "I'll call you back tomorrow before noon.",
  () => 'Head office decided that, not me.',
  () => 'I have refunded the second payment.'
]
const closings = ['Is there anything else I can help you with?', 'Have a good day.', 'Anything else I can do for you today?', 'Bye.']
const customerFollowUps = ['Ok.', 'When will that happen?', 'That is not good enough.', 'Thanks.', 'Can I speak to someone else?']

mkdirSync(dirname(out), { recursive: true })
const stream = createWriteStream(out)
let turns = 0
for (let index = 0; index < count; index++) {
  const agent = pick(agents)
  const product = pick(products)
  const problem = pick(problems)
  const conversation = [{ role: 'customer', text: `Hi, my ${product} ${problem}.` }, { role: 'agent', text: pick(openings)(agent) }]
  conversation.push({ role: 'agent', text: pick(listening)(product, problem) })
  const rounds = 1 + Math.floor(random() * 4)
  for (let round = 0; round < rounds; round++) {
    conversation.push({ role: 'customer', text: pick(customerFollowUps) })
    conversation.push({ role: 'agent', text: `${pick(middles)(product)} ${random() < 0.5 ? pick(middles)(product) : ''}`.trim() })
  }
  conversation.push({ role: 'agent', text: pick(closings) })
  turns += conversation.length
  const line = JSON.stringify({ id: `GEN-${index + 1}`, agent, turns: conversation }) + '\n'
  if (!stream.write(line)) await new Promise((resolve) => stream.once('drain', resolve))
}
stream.end()
await new Promise((resolve) => stream.once('finish', resolve))
console.error(`wrote ${count} conversations (${turns} turns) to ${out}`)
