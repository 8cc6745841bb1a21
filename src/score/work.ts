/**
 * Do one unit of work: parse it (a text transcript, a JSONL record, or a conversation
 * already read from CSV or JSON) and score its conversations. The same code runs in worker threads and,
 * with one job, in the main thread.
 */
import { maxProblems } from '../limits.js'
import type { Scorer } from './conversation.js'
import { rowBytes, type RowFormat } from './report/rows.js'
import { conversationsFromJson, parseJson, RecordError } from './input/json.js'
import type { WorkItem } from './input/source.js'
import { parseTextTranscript } from './input/text.js'
import type { Conversation, ConversationResult, Skipped, Speakers } from './types.js'

export interface WorkOutcome {
  results: ConversationResult[]
  skipped: Skipped[]
  turns: number
  /** The results' report text (see `rowBytes`), when asked for. */
  text?: Uint8Array
}

/**
 * Parse and score one work item; a record that cannot be read becomes a skipped record.
 * With `rows`, also make the results' report text in that format (`WorkOutcome.text`).
 */
export function doWork(scorer: Scorer, item: WorkItem, speakers: Speakers, rows?: RowFormat): WorkOutcome {
  const outcome: WorkOutcome = { results: [], skipped: [] , turns: 0 }
  let conversations: Conversation[]
  const path = item.kind === 'conversation' ? item.conversation.path : item.path
  try {
    conversations = readConversations(item, speakers)
  } catch (error) {
    if (!(error instanceof RecordError)) throw error
    outcome.skipped.push({ path, line: error.line, reason: error.message })
    return outcome
  }
  for (const conversation of conversations) {
    outcome.turns += conversation.turns.length
    if (!conversation.turns.some((turn) => turn.role === 'agent')) {
      const speakersSeen = [...new Set(conversation.turns.map((turn) => turn.speaker))].slice(0, 5).join(', ')
      outcome.skipped.push({
        path,
        line: conversation.line,
        reason: `conversation ${conversation.id}: no agent turns (speakers: ${speakersSeen || 'none'}); name the agent's label with --agent-label`
      })
      continue
    }
    outcome.results.push(
      scorer.score(conversation, (turn, line) =>
        outcome.skipped.push({ path, line, reason: `conversation ${conversation.id}: checking stopped after ${maxProblems.toLocaleString('en-US')} problems at turn ${turn + 1}; the rest of it was not scored` })
      )
    )
  }
  if (rows && outcome.results.length > 0) outcome.text = rowBytes(outcome.results, rows, scorer.practices.practices)
  return outcome
}

function readConversations(item: WorkItem, speakers: Speakers): Conversation[] {
  switch (item.kind) {
    case 'conversation':
      return [item.conversation]
    case 'jsonl':
      return conversationsFromJson(parseJson(item.raw, item.line), { path: item.path, raw: item.raw, line: item.line, offset: item.offset, fallbackId: `${item.path}:${item.line}` }, speakers, false)
    case 'file': {
      const conversation = parseTextTranscript(item.text, item.path, speakers)
      if (!conversation) throw new RecordError(`no speaker labels (looked for ${speakers.agent.slice(0, 3).join(', ')}, ${speakers.customer.slice(0, 3).join(', ')}, “[10:42] Name:”); name them with --agent-label and --customer-label`, 1)
      return [conversation]
    }
  }
}
