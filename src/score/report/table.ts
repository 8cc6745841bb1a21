/** The terminal table of `ownit score`: one row per conversation as it is scored, then one per agent. */
import type { Summary } from '../aggregate.js'
import type { ConversationResult, Practice } from '../types.js'
import { printable } from '../../printable.js'

const width = { conversation: 32, agent: 16 }

/** `text` in a column `size` wide: spaces for its white space, escapes for control characters (see `printable`), cut with `…` when too long. */
function cell(text: string, size: number, keepEnd = false): string {
  const flat = printable(text.replace(/\s+/g, ' '))
  if (flat.length <= size) return flat.padEnd(size)
  // Paths differ at the end: keep the file name.
  return keepEnd ? '…' + flat.slice(flat.length - size + 1) : flat.slice(0, size - 1) + '…'
}

/** The header of the per-conversation rows. */
export function conversationHeader(): string {
  return `${cell('conversation', width.conversation)}  ${cell('agent', width.agent)}  score  flags  missing practices\n`
}

/** One row: id, agent, score, number of ownership messages, and the practices missing. */
export function conversationRow(result: ConversationResult, practices: readonly Practice[]): string {
  // In the order of practices.yml, whatever the order of the result.
  const missing = practices.filter((practice) => result.practices.some((r) => r.id === practice.id && r.status === 'missing')).map((practice) => practice.id)
  return `${cell(result.id, width.conversation, true)}  ${cell(result.agent, width.agent)}  ${String(result.score).padStart(5)}  ${String(result.messages.length).padStart(5)}  ${printable(missing.join(', ')) || '—'}\n`
}

/** Per agent: conversations, mean, median, worst score, and what to coach first; then the totals. */
export function agentTable(summary: Summary, practices: readonly Practice[]): string {
  const lines: string[] = []
  lines.push(`${cell('agent', width.agent)}  convs   mean  median  worst  coach first`)
  const rows = [...summary.agents.map((agent) => ({ name: agent.agent, group: agent })), { name: 'all agents', group: summary.overall }]
  for (const { name, group } of rows) {
    if (name === 'all agents') lines.push('-'.repeat(width.agent + 44))
    lines.push(
      `${cell(name, width.agent)}  ${String(group.conversations).padStart(5)}  ${group.mean.toFixed(1).padStart(5)}  ${String(group.median).padStart(6)}  ${String(group.min).padStart(5)}  ${coachFirst(group, practices)}`
    )
  }
  return lines.join('\n') + '\n'
}

function coachFirst(group: Summary['overall'], practices: readonly Practice[]): string {
  const parts: string[] = []
  const problem = group.problems[0]
  if (problem) parts.push(`“${problem.actual}” ×${problem.count}`)
  let worst: { id: string; rate: number } | undefined
  for (const practice of practices) {
    const counts = group.practices[practice.id]
    if (!counts) continue
    const applicable = counts.found + counts.missing
    if (applicable === 0 || counts.missing === 0) continue
    const rate = counts.missing / applicable
    if (!worst || rate > worst.rate) worst = { id: practice.id, rate }
  }
  if (worst) parts.push(`${worst.id} missing in ${Math.round(worst.rate * 100)}%`)
  // The phrase is the transcript's words (and the ids, the practices file's): shown, not run.
  return printable(parts.join('; ').replace(/\s+/g, ' ')) || 'nothing: keep it up'
}
