/**
 * The score of one conversation, 0–100, from its ownership messages and its practices,
 * with every point taken off listed; and the same rules explained in words. Pure.
 */
import { families } from '../types.js'
import type { Deduction, Practice, PracticeResult, TurnMessage, Weights } from './types.js'

export interface Scored {
  score: number
  deductions: Deduction[]
}

/**
 * Score a conversation: `weights.start`, less each ownership message by severity (each
 * rule at most `perRuleCap`, all messages at most `cap`), less each practice that applies
 * and is missing; never below 0, rounded to a whole number. Adding a message or a missing
 * practice never raises the score.
 */
export function scoreConversation(messages: readonly TurnMessage[], practices: readonly PracticeResult[], weights: Weights): Scored {
  const byRule = new Map<string, number>()
  for (const message of messages) {
    if (!families.includes(message.category)) continue
    const points = weights.messages[message.severity]
    byRule.set(message.ruleId, Math.min(weights.messages.perRuleCap, (byRule.get(message.ruleId) ?? 0) + points))
  }
  const deductions: Deduction[] = []
  let messagePoints = 0
  for (const [id, points] of byRule) {
    const allowed = Math.min(points, weights.messages.cap - messagePoints)
    if (allowed <= 0) break
    messagePoints += allowed
    deductions.push({ kind: 'message', id, points: allowed })
  }
  for (const practice of practices) {
    const points = weights.practices[practice.id] ?? 0
    if (practice.status === 'missing' && points > 0) deductions.push({ kind: 'practice', id: practice.id, points })
  }
  const total = deductions.reduce((sum, deduction) => sum + deduction.points, 0)
  return { score: Math.max(0, Math.round(weights.start - total)), deductions }
}

/** The weights in words, for `ownit score --explain-score` and the reports. */
export function explainScore(weights: Weights, practices: readonly Practice[]): string {
  const { messages } = weights
  const lines = [
    `Every conversation starts at ${weights.start} points; the score never goes below 0.`,
    '',
    'Ownership language in the agent’s replies (customer turns are never scored):',
    `  −${messages.error} for each error, −${messages.warning} for each warning, −${messages.info} for each info message`,
    `  the same rule costs at most ${messages.perRuleCap} points in one conversation`,
    `  all ownership messages together cost at most ${messages.cap} points`,
    '',
    'Practices good service shows, when they apply and the agent did not show them:'
  ]
  const width = Math.max(...practices.map((practice) => practice.title.length))
  for (const practice of practices) {
    lines.push(`  −${String(weights.practices[practice.id] ?? 0).padEnd(3)} ${practice.title.padEnd(width)}  (${practice.id})`)
  }
  lines.push(
    '',
    'A practice that does not apply (no apology, no follow-up promised, no “no” given) costs nothing.',
    'The weights live in rules/score.yml and the practices in rules/practices.yml.'
  )
  return lines.join('\n')
}
