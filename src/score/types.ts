/**
 * The data of `ownit score`: conversations as read from transcripts, practices and
 * weights as read from rules/, and the results the reports print.
 */
import type { OwnitMessage } from '../types.js'

export type Role = 'agent' | 'customer' | 'other'

/**
 * Where a turn's text sits in its file. `raw` is the text as written in the file (a JSON
 * string literal with its quotes, a CSV field with its quotes, or nothing when the text
 * is a verbatim slice of the file), so that any place in the text maps back to a line and
 * column of the original file.
 */
export interface Origin {
  offset: number
  line: number
  column: number
  quoting: 'none' | 'json' | 'csv'
  raw?: string | undefined
}

export interface Turn {
  role: Role
  /** The speaker as labelled in the transcript (`Agent`, `Dana`, `customer`). */
  speaker: string
  text: string
  origin: Origin
}

export interface Conversation {
  id: string
  path: string
  /** Line where the conversation starts in its file. */
  line: number
  /** The agent it is credited to: the agent id or name, else `(unknown)`. */
  agent: string
  turns: Turn[]
}

/** A place in the original file and the words found there. */
export interface Evidence {
  /** Index of the turn in the conversation. */
  turn: number
  /** The sentence quoted, at most 240 characters. */
  quote: string
  line: number
  column: number
}

export type PracticeStatus = 'found' | 'missing' | 'not-applicable'

export interface PracticeResult {
  id: string
  status: PracticeStatus
  /** For `found`: the words that show it. For `missing`: what made it apply, if anything. */
  evidence?: Evidence | undefined
  /** One line a trainer reads: what was found, or what is missing. */
  note: string
}

/** An ownership message on an agent turn, placed in the original file. */
export interface TurnMessage extends OwnitMessage {
  turn: number
}

export interface Deduction {
  kind: 'message' | 'practice'
  /** The rule id or practice id. */
  id: string
  points: number
}

export interface ConversationResult {
  id: string
  path: string
  line: number
  agent: string
  turns: number
  agentTurns: number
  score: number
  deductions: Deduction[]
  practices: PracticeResult[]
  messages: TurnMessage[]
  /** The agent replies that were flagged, as written (clipped), for the reports. */
  flaggedReplies: Array<{ turn: number; line: number; text: string }>
  /** The agent's best reply: unflagged and showing the most practices (for the summaries). */
  bestReply?: { turn: number; text: string; line: number; practices: string[] } | undefined
}

/** A practice as written in rules/practices.yml. */
export interface Practice {
  id: string
  title: string
  /** Which agent turns are searched. */
  scope: 'opening' | 'closing' | 'responses' | 'any'
  /** When present, the practice applies only to conversations where one of these matches an agent turn. */
  when: string[]
  /** The first group of an evidence match is a name, written with a capital letter. */
  name: boolean
  /** Evidence must come at or after the first `when` match. */
  after: boolean
  patterns: string[]
  unless: string[]
  message: string
  why: string
  examples: { found: string[]; missing: string[]; 'not-applicable': string[] }
  line: number
}

/** The weights of rules/score.yml. */
export interface Weights {
  start: number
  messages: { error: number; warning: number; info: number; perRuleCap: number; cap: number }
  practices: Record<string, number>
}

/** Who is who in a transcript: labels and role names, compared case-insensitively. */
export interface Speakers {
  agent: string[]
  customer: string[]
}

export const defaultSpeakers: Speakers = {
  agent: ['agent', 'support', 'rep', 'representative', 'advisor', 'adviser', 'assistant', 'staff', 'operator', 'associate', 'specialist', 'admin', 'team'],
  customer: ['customer', 'client', 'user', 'caller', 'guest', 'visitor', 'requester', 'end-user', 'enduser', 'member', 'contact', 'shopper', 'buyer']
}

/** An input record that could not be read: reported, counted, skipped. */
export interface Skipped {
  path: string
  line: number
  reason: string
}
