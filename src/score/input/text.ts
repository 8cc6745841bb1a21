/**
 * Plain-text transcripts: one conversation per file, each turn starting with a speaker
 * label (`Agent:`, `Customer:`, `Agent (Dana):`, `[10:42] Dana:`, `10:42 Dana:`). Lines
 * without a label continue the turn above. Pure.
 */
import type { Conversation, Role, Speakers, Turn } from '../types.js'

// An optional time stamp, then a label of one to three words, an optional "(Name)", a colon.
const labelLine =
  /^[ \t]*(?:(\[[^\]\n]{1,40}\]|\(?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp][Mm])?\)?)[ \t]*(?:[-–—][ \t]*)?)?([\p{L}][\p{L}\p{N}.'’_-]*(?:[ \t][\p{L}][\p{L}\p{N}.'’_-]*){0,2})[ \t]*(?:\(([^)\n]{1,60})\))?[ \t]*:(?:[ \t]+|$)/u

/** The role a label or role name stands for, or undefined when the lists do not say. */
export function roleOf(label: string, speakers: Speakers): Role | undefined {
  const key = label.trim().toLowerCase()
  if (speakers.agent.some((name) => name.toLowerCase() === key)) return 'agent'
  if (speakers.customer.some((name) => name.toLowerCase() === key)) return 'customer'
  return undefined
}

// Words that give an agent away, and words that give a customer away, for transcripts
// where no label says who is who.
const agentHints = /\b(how (can|may) i help|my name is|this is \w+ (from|with|at)|i'?m \w+ (from|with|at)|thank(s| you) for (contacting|reaching|calling|chatting|getting in touch)|let me (check|look|see)|is there anything else|(case|ticket|reference) (number|no|#)|i('ve| have) (opened|logged|raised|escalated|refunded|issued))/i
const customerHints = /\b(my (order|parcel|package|account|card|bill|refund|heater|delivery)|i (bought|ordered|paid|was charged|want|need)|where is my|can i (get|have))\b/i

/**
 * Give a role to speakers no label names: agents when someone is a known customer,
 * customers when someone is a known agent. When no label says, the speaker whose words
 * sound most like an agent's (a greeting with a name, "let me check", a case number) is
 * the agent; on a tie, the first to speak.
 */
export function settleRoles<T extends { role: Role | undefined; speaker: string; text: string }>(turns: readonly T[]): Array<T & { role: Role }> {
  const hasCustomer = turns.some((turn) => turn.role === 'customer')
  const hasAgent = turns.some((turn) => turn.role === 'agent')
  let agent: string | undefined
  if (!hasCustomer && !hasAgent) {
    const score = new Map<string, number>()
    for (const turn of turns) {
      const hints = (agentHints.test(turn.text) ? 1 : 0) - (customerHints.test(turn.text) ? 1 : 0)
      score.set(turn.speaker, (score.get(turn.speaker) ?? 0) + hints)
    }
    for (const [speaker, points] of score) if (agent === undefined || points > score.get(agent)!) agent = speaker
  }
  return turns.map((turn) => ({
    ...turn,
    role: turn.role ?? (hasCustomer ? 'agent' : hasAgent ? 'customer' : turn.speaker === agent ? 'agent' : 'customer')
  }))
}

interface Labelled {
  role: Role | undefined
  speaker: string
  /** The name in "Agent (Dana)", or the name used as the label. */
  name: string | undefined
  start: number
  line: number
  column: number
}

/**
 * Read a plain-text transcript. A label counts when it is a known agent or customer label
 * (`speakers`), or when it follows a time stamp (`[10:42] Dana:`). Names whose role no
 * label gives are agents when the file has a known customer label, customers when it has
 * a known agent label, and otherwise the first such name to speak is the agent.
 * Returns undefined when no line has a speaker label.
 */
export function parseTextTranscript(text: string, path: string, speakers: Speakers): Conversation | undefined {
  const labels: Labelled[] = []
  const ends: number[] = []
  let offset = 0
  let line = 1
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset)
    const end = newline < 0 ? text.length : newline
    const match = labelLine.exec(text.slice(offset, end))
    if (match) {
      const [whole, stamp, label, inParentheses] = match
      const role = roleOf(label!, speakers)
      if (role || stamp || inParentheses) {
        if (labels.length > 0) ends.push(offset)
        const name = inParentheses?.trim() ?? (role ? undefined : label!)
        labels.push({ role, speaker: label!, name, start: offset + whole.length, line, column: whole.length + 1 })
      }
    }
    if (newline < 0) break
    offset = newline + 1
    line++
  }
  if (labels.length === 0) return undefined
  ends.push(text.length)

  const settled = settleRoles(labels.map((label, index) => ({ ...label, text: text.slice(label.start, ends[index]).replace(/\s+$/, '') })))
  const turns: Turn[] = settled.map((label) => ({
    role: label.role,
    speaker: label.name ?? label.speaker,
    text: label.text,
    origin: { offset: label.start, line: label.line, column: label.column, quoting: 'none' as const }
  }))
  const agent = settled.find((label) => label.role === 'agent' && label.name)?.name
  return { id: path, path, line: 1, agent: agent ?? '(unknown)', turns }
}
