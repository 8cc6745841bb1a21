/**
 * JSON and JSONL conversations: an array of turns `{role | speaker, text}`, or an object
 * with `turns` or `messages` (and optionally `id` and `agent`). Each turn's text keeps
 * the place of its string literal, so messages point into the original file. Pure.
 */
import { roleOf, settleRoles } from './text.js'
import type { Conversation, Origin, Role, Speakers } from '../types.js'

/** A conversation that cannot be read; the message is one line without the file name. */
export class RecordError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(message)
    this.line = line
  }
}

interface Span {
  start: number
  end: number
}

/** Every string literal of a JSON text, in order (keys included). */
function stringSpans(raw: string): Span[] {
  const spans: Span[] = []
  let index = 0
  for (;;) {
    const start = raw.indexOf('"', index)
    if (start < 0) break
    let at = start + 1
    while (at < raw.length && raw.charCodeAt(at) !== 34) at += raw.charCodeAt(at) === 92 ? 2 : 1
    spans.push({ start, end: at + 1 })
    index = at + 1
  }
  return spans
}

/** For each object, the literal index of each string-valued key, in document order. */
function literalIndexes(value: unknown): WeakMap<object, Map<string, number>> {
  const result = new WeakMap<object, Map<string, number>>()
  let counter = 0
  const visit = (node: unknown): void => {
    if (typeof node === 'string') counter++
    else if (Array.isArray(node)) for (const item of node) visit(item)
    else if (node && typeof node === 'object') {
      const own = new Map<string, number>()
      result.set(node, own)
      for (const [key, item] of Object.entries(node)) {
        counter++
        if (typeof item === 'string') own.set(key, counter + 1)
        visit(item)
      }
    }
  }
  visit(value)
  return result
}

const textKeys = ['text', 'message', 'body', 'content', 'value']
const roleKeys = ['role', 'type', 'sender_type', 'author_type']
const speakerKeys = ['speaker', 'name', 'from', 'author', 'sender', 'user']
const idKeys = ['id', 'conversation_id', 'conversationId', 'ticket_id', 'ticketId', 'chat_id', 'chatId']
const agentKeys = ['agent', 'agent_id', 'agentId', 'agent_name', 'agentName', 'assignee']

function pick(object: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) if (object[key] !== undefined && object[key] !== null) return { key, value: object[key] }
  return undefined
}

export interface JsonPlace {
  path: string
  /** The raw JSON text (a whole file, or one JSONL line). */
  raw: string
  /** Where `raw` starts in the file. */
  line: number
  offset: number
  /** The id to use when the conversation has none. */
  fallbackId: string
}

/**
 * Read conversations from parsed JSON `value` (parsed from `place.raw`). A file may hold
 * one conversation or an array of them; a JSONL line holds one.
 * Throws RecordError naming the field when the shape is not a conversation.
 */
export function conversationsFromJson(value: unknown, place: JsonPlace, speakers: Speakers, many: boolean): Conversation[] {
  const spans = stringSpans(place.raw)
  const indexes = literalIndexes(value)
  const lineStarts = place.raw.includes('\n') ? lineStartsOf(place.raw) : undefined
  const originOf = (object: object, key: string, text: string): Origin => {
    const index = indexes.get(object)?.get(key)
    let span = index === undefined ? undefined : spans[index - 1]
    if (!span || decode(place.raw.slice(span.start, span.end)) !== text) {
      const literal = JSON.stringify(text)
      const start = place.raw.indexOf(literal)
      span = start >= 0 ? { start, end: start + literal.length } : undefined
    }
    const start = span?.start ?? 0
    const point = lineStarts ? pointIn(lineStarts, start) : { line: 1, column: start + 1 }
    const line = place.line + point.line - 1
    const column = point.column
    return { offset: place.offset + start, line, column, quoting: span ? 'json' : 'none', raw: span ? place.raw.slice(span.start, span.end) : undefined }
  }

  const isConversation = (node: unknown): boolean =>
    Boolean(node && typeof node === 'object' && !Array.isArray(node) && (Array.isArray((node as Record<string, unknown>).turns) || Array.isArray((node as Record<string, unknown>).messages)))
  if (many && Array.isArray(value) && value.length > 0 && value.every(isConversation)) {
    return value.map((item, index) => conversationOf(item as Record<string, unknown>, `${place.fallbackId}#${index + 1}`, place, speakers, originOf))
  }
  if (Array.isArray(value)) return [conversationOf({ turns: value }, place.fallbackId, place, speakers, originOf)]
  if (isConversation(value)) return [conversationOf(value as Record<string, unknown>, place.fallbackId, place, speakers, originOf)]
  throw new RecordError('expected an array of turns, or an object with “turns” or “messages”', place.line)
}

function conversationOf(
  object: Record<string, unknown>,
  fallbackId: string,
  place: JsonPlace,
  speakers: Speakers,
  originOf: (object: object, key: string, text: string) => Origin
): Conversation {
  const list = (Array.isArray(object.turns) ? object.turns : object.messages) as unknown[]
  const field = Array.isArray(object.turns) ? 'turns' : 'messages'
  const raw: Array<{ role: Role | undefined; speaker: string; text: string; origin: Origin }> = []
  list.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new RecordError(`${field}[${index}]: expected an object with “text”`, place.line)
    const turn = item as Record<string, unknown>
    const text = pick(turn, textKeys)
    if (!text || typeof text.value !== 'string') throw new RecordError(`${field}[${index}]: missing “text” (a string)`, place.line)
    const role = pick(turn, roleKeys)
    const speaker = pick(turn, speakerKeys)
    if (!role && !speaker) throw new RecordError(`${field}[${index}]: missing “role” or “speaker”`, place.line)
    const roleName = role ? String(role.value) : undefined
    const speakerName = speaker ? String(speaker.value) : roleName!
    raw.push({
      role: roleOf(roleName ?? speakerName, speakers) ?? (roleName === undefined ? undefined : 'other'),
      speaker: speakerName,
      text: text.value,
      origin: originOf(turn, text.key, text.value)
    })
  })
  const turns = settleRoles(raw)
  const id = pick(object, idKeys)
  const agent = pick(object, agentKeys)
  const named = turns.find((turn) => turn.role === 'agent' && roleOf(turn.speaker, speakers) === undefined)?.speaker
  return {
    id: id ? String(id.value) : fallbackId,
    path: place.path,
    line: place.line,
    agent: agent ? String(agent.value) : named ?? '(unknown)',
    turns
  }
}

function decode(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string
  } catch {
    return undefined
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1)
  return starts
}

function pointIn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle]! <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - starts[low]! + 1 }
}

/** Parse one JSON text; a syntax error becomes a RecordError with its line (for JSONL, the record's). */
export function parseJson(raw: string, line: number): unknown {
  try {
    return JSON.parse(raw) as unknown
  } catch (error) {
    const reason = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '').split('\n')[0]!
    // V8 says where: "at position 42"; count the lines before it (a whole JSON file spans many).
    const position = /position (\d+)/.exec(reason)
    let at = line
    if (position) for (let index = raw.indexOf('\n'); index >= 0 && index < Number(position[1]); index = raw.indexOf('\n', index + 1)) at++
    throw new RecordError(`not valid JSON (${reason.replace(/ \(line \d+ column \d+\)$/, '')})`, at)
  }
}
