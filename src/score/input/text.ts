/**
 * Plain-text transcripts: one conversation per file, each turn starting with a speaker
 * label (`Agent:`, `Customer:`, `Agent (Dana):`, `Support Agent:`, `[10:42] Dana:`,
 * `10:42 Dana:`). Lines without a label continue the turn above. Pure.
 */
import type { Conversation, Role, Speakers, Turn } from '../types.js'

// An optional time stamp, then a label of one to four words, an optional "(Name)", a colon.
const labelLine =
  /^[ \t]*(?:(\[[^\]\n]{1,40}\]|\(?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp][Mm])?\)?)[ \t]*(?:[-–—][ \t]*)?)?([\p{L}][\p{L}\p{N}.'’_-]*(?:[ \t][\p{L}][\p{L}\p{N}.'’_-]*){0,3})[ \t]*(?:\(([^)\n]{1,60})\))?[ \t]*:(?:[ \t]+|$)/u

/** Words a label of a name alone (after a time stamp) may have at most; four-word labels are role titles only. */
const nameWords = 3

// Multi-word role labels ("Support Agent:", "Customer Service Representative:", "End
// User:"). Every word must come from these lists or the speaker labels, so that a line
// such as "Please note: …" or "Account Number: …" stays text: a false label splits a turn
// and can give it to the wrong side, which is worse than a missed one.

/** Teams that speak for the company ("Customer Service:", "Tech Support:", "Help Desk:"). */
const teams = new Set(['support', 'service', 'services', 'care', 'desk', 'helpdesk', 'success', 'team'])
/** Agent-side job titles beyond the agent labels, as a label's last word ("Support Engineer:"). */
const agentTitles = new Set(['supervisor', 'technician', 'engineer', 'consultant', 'officer', 'executive', 'expert', 'concierge', 'ambassador', 'moderator'])
/**
 * Channels: a person on one is a speaker ("Chat Agent:"), but a team on one is a way to
 * reach it, as in a reply's list of contacts ("Phone support: 0800 123 456").
 */
const channels = new Set(['live', 'chat', 'phone', 'email', 'e-mail', 'web', 'online', 'voice', 'call', 'sms', 'social', 'messenger'])
/** Words that only qualify the role word after them ("Senior", "Technical", "Billing", "End"). */
const qualifiers = new Set([
  ...['senior', 'sr', 'junior', 'jr', 'lead', 'head', 'chief', 'principal', 'tier', 'level', 'first', 'second', 'third', 'shift', 'duty'],
  ...['customer', 'client', 'member', 'guest', 'user', 'account', 'accounts', 'billing', 'sales', 'order', 'orders', 'returns', 'refunds', 'product', 'store', 'retail', 'field', 'technical', 'tech', 'it'],
  ...['service', 'services', 'care', 'help', 'desk', 'support', 'success', 'experience', 'happiness', 'community', 'contact', 'center', 'centre', 'escalation', 'escalations', 'retention'],
  ...['human', 'virtual', 'end', 'new', 'existing', 'registered', 'verified', 'anonymous', 'premium', 'vip']
])
/** As a label's last word, these name a field of a header ("Customer Contact: jo@example.com"), not a speaker. */
const fieldWords = new Set(['contact'])

/** Whether `word` (in lower case) is one of `labels`, compared without case. */
function isLabel(labels: readonly string[], word: string): boolean {
  return labels.some((label) => label.toLowerCase() === word)
}

/**
 * The role of a label of two to four words: its last word names a person or team
 * (`agent`, `representative`, `user`, `support`, `engineer`, or a label of `speakers`),
 * and each word before it qualifies that one. The agent's when any word is the agent's
 * side ("Customer Service Representative", "Team Member"), else the customer's.
 */
function roleOfTitle(key: string, speakers: Speakers): Role | undefined {
  const words = key.split(/[\s_.-]+/).filter((word) => word !== '')
  if (words.length < 2 || words.length > 4) return undefined
  const head = words.at(-1)!
  // "Support" and "Team" are agent labels too, but teams, not people.
  const person = !teams.has(head) && (isLabel(speakers.agent, head) || isLabel(speakers.customer, head) || agentTitles.has(head))
  if (fieldWords.has(head) || !(person || teams.has(head))) return undefined
  let agentSide = false
  for (const word of words) {
    const agentWord = isLabel(speakers.agent, word) || agentTitles.has(word) || teams.has(word)
    if (!(agentWord || qualifiers.has(word) || isLabel(speakers.customer, word) || (person && channels.has(word)))) return undefined
    agentSide ||= agentWord
  }
  return agentSide ? 'agent' : 'customer'
}

/**
 * The role a label or role name stands for, or undefined when the lists do not say: a
 * label of `speakers` (compared without case), or a role title of a few words whose last
 * word is one ("Support Agent", "customer_service_rep", "End User").
 */
export function roleOf(label: string, speakers: Speakers): Role | undefined {
  const key = label.trim().toLowerCase()
  if (isLabel(speakers.agent, key)) return 'agent'
  if (isLabel(speakers.customer, key)) return 'customer'
  return roleOfTitle(key, speakers)
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

interface Label {
  role: Role | undefined
  speaker: string
  /** The name in "Agent (Dana)", or the name used as the label. */
  name: string | undefined
  /** Characters of the line before the turn's text: time stamp, label, colon, space. */
  length: number
}

interface Labelled extends Label {
  start: number
  line: number
  column: number
}

/**
 * The speaker label that starts `line`, if any. A label counts when it is a known agent or
 * customer label or role title (see `roleOf`), or when it follows a time stamp
 * (`[10:42] Dana:`) or a name in parentheses (`Dana (Billing):`), with at most three words.
 */
function labelAt(line: string, speakers: Speakers): Label | undefined {
  const match = labelLine.exec(line)
  if (!match) return undefined
  const [whole, stamp, label, inParentheses] = match
  const role = roleOf(label!, speakers)
  if (!role && (!(stamp || inParentheses) || label!.split(/[ \t]+/).length > nameWords)) return undefined
  const name = inParentheses?.trim() ?? (role ? undefined : label!)
  return { role, speaker: label!, name, length: whole.length }
}

/** Each line of `text` with its line number and offset, until `visit` returns true. */
function forEachLine(text: string, visit: (line: string, number: number, offset: number) => boolean | void): void {
  let offset = 0
  let number = 1
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset)
    if (visit(text.slice(offset, newline < 0 ? text.length : newline), number, offset) === true || newline < 0) return
    offset = newline + 1
    number++
  }
}

/** Characters of the text before the first label quoted in the note about it, at most. */
const quoteChars = 60

/**
 * The note for text before a transcript's first speaker label, which belongs to no turn
 * and is not scored: where it is and how it starts, so that a header can be recognised
 * and a turn whose label was not can be fixed. Undefined when there is no such text (only
 * blank lines or rules such as `-----`), or no label at all (then the whole file is
 * unreadable, and said so by whoever reads it).
 */
export function unlabelledText(text: string, speakers: Speakers): { line: number; reason: string } | undefined {
  let first: { line: number; text: string } | undefined
  let last = 0
  let labelled = 0
  forEachLine(text, (line, number) => {
    if (labelAt(line, speakers)) {
      labelled = number
      return true
    }
    if (!/[\p{L}\p{N}]/u.test(line)) return
    first ??= { line: number, text: line.trim() }
    last = number
  })
  if (!first || labelled === 0) return undefined
  const quote = first.text.length > quoteChars ? `${first.text.slice(0, quoteChars - 1).trimEnd()}…` : first.text
  const lines = last === first.line ? `line ${first.line}` : `lines ${first.line}–${last}`
  return {
    line: first.line,
    reason: `${lines}, before the first speaker label (line ${labelled}), ${last === first.line ? 'was' : 'were'} not scored: “${quote}”; if this is a turn, start it with a label such as “Agent:”, or name its label with --agent-label or --customer-label`
  }
}

/**
 * Read a plain-text transcript. A label counts when it is a known agent or customer label
 * or role title (`speakers`; see `roleOf`), or when it follows a time stamp (`[10:42] Dana:`).
 * Names whose role no label gives are agents when the file has a known customer label,
 * customers when it has a known agent label, and otherwise the first such name to speak
 * is the agent. Text before the first label belongs to no turn (see `unlabelledText`).
 * Returns undefined when no line has a speaker label.
 */
export function parseTextTranscript(text: string, path: string, speakers: Speakers): Conversation | undefined {
  const labels: Labelled[] = []
  const ends: number[] = []
  forEachLine(text, (line, number, offset) => {
    const label = labelAt(line, speakers)
    if (!label) return
    if (labels.length > 0) ends.push(offset)
    labels.push({ ...label, start: offset + label.length, line: number, column: label.length + 1 })
  })
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
