/**
 * JSON output of `ownit score`, written as it goes: the conversations stream out one by
 * one, and the summaries follow. The shape is a public contract (README, "Scoring"):
 * `{version, conversations: [...], agents: [...], overall, skipped, weights}`.
 */
import type { Summary } from '../aggregate.js'
import type { ConversationResult, Weights } from '../types.js'

/** Version of the JSON shape; raised only for a change that is not additive. */
export const scoreJsonVersion = 1

export function jsonStart(): string {
  return `{"version":${scoreJsonVersion},"conversations":[\n`
}

/** One conversation's JSON, as the report lists it (see rows.ts). */
export function jsonConversationText(result: ConversationResult): string {
  const { flaggedReplies: _replies, bestReply, ...rest } = result
  return JSON.stringify({ ...rest, bestReply: bestReply ?? null })
}

export function jsonEnd(summary: Summary, weights: Weights): string {
  return `\n],\n"agents":${JSON.stringify(summary.agents)},\n"overall":${JSON.stringify(summary.overall)},\n"skipped":${JSON.stringify(summary.skipped)},\n"weights":${JSON.stringify(weights)}}\n`
}
