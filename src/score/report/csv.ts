/** CSV output of `ownit score`: one row per conversation (streamed), or one per agent. */
import type { Summary } from '../aggregate.js'
import type { ConversationResult, Practice } from '../types.js'

/** Quote a CSV field when it needs it (RFC 4180). Formula-like text is prefixed so spreadsheets show it as text. */
export function csvField(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const row = (fields: ReadonlyArray<string | number>): string => fields.map(csvField).join(',') + '\n'

/** Header of the per-conversation rows: one column per practice, holding found, missing or not-applicable. */
export function conversationCsvHeader(practices: readonly Practice[]): string {
  return row(['conversation', 'path', 'line', 'agent', 'score', 'turns', 'agent_turns', 'messages', ...practices.map((practice) => practice.id), 'top_phrase', 'top_rewrite'])
}

export function conversationCsvRow(result: ConversationResult, practices: readonly Practice[]): string {
  const status = new Map(result.practices.map((practice) => [practice.id, practice.status]))
  const first = result.messages[0]
  return row([
    result.id,
    result.path,
    result.line,
    result.agent,
    result.score,
    result.turns,
    result.agentTurns,
    result.messages.length,
    ...practices.map((practice) => status.get(practice.id) ?? ''),
    first?.actual ?? '',
    first?.expected[0] ?? ''
  ])
}

/** One row per agent: counts, mean, median, worst and best score, and the rate each practice was found where it applied. */
export function agentCsv(summary: Summary, practices: readonly Practice[]): string {
  let text = row(['agent', 'conversations', 'turns', 'mean', 'median', 'min', 'max', ...practices.map((practice) => `${practice.id}_rate`), 'top_problem', 'top_problem_count'])
  for (const agent of summary.agents) {
    text += row([
      agent.agent,
      agent.conversations,
      agent.turns,
      agent.mean,
      agent.median,
      agent.min,
      agent.max,
      ...practices.map((practice) => {
        const counts = agent.practices[practice.id]
        const applicable = counts ? counts.found + counts.missing : 0
        return applicable ? Math.round((counts!.found / applicable) * 100) / 100 : ''
      }),
      agent.problems[0]?.ruleId ?? '',
      agent.problems[0]?.count ?? 0
    ])
  }
  return text
}
