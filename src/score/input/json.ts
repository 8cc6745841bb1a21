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

const quote = 34
const backslash = 92
const comma = 44
const openBracket = 91
const closeBracket = 93
const openBrace = 123
const closeBrace = 125

/** The end (after the closing quote) of the string literal whose opening quote is at `start`; -1 when it has none. */
function literalEnd(raw: string, start: number): number {
  for (let at = raw.indexOf('"', start + 1); at >= 0; at = raw.indexOf('"', at + 1)) {
    // Escaped when an odd number of backslashes comes before it.
    let before = at - 1
    while (raw.charCodeAt(before) === backslash) before--
    if ((at - 1 - before) % 2 === 0) return at + 1
  }
  return -1
}

function skipSpace(raw: string, at: number): number {
  for (let code = raw.charCodeAt(at); code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09; code = raw.charCodeAt(++at));
  return at
}

/**
 * Finds the string literal of each turn's text in the raw JSON, turn after turn: the next
 * `"key": "…"` whose value is that text. Turns are read in document order, so each search
 * starts where the last one ended; a text not found so (a key written with escapes) is
 * looked for as its plain JSON literal anywhere.
 */
function literalFinder(raw: string): (key: string, text: string) => Span | undefined {
  let cursor = 0
  return (key, text) => {
    const keyLiteral = `"${key}"`
    for (let at = raw.indexOf(keyLiteral, cursor); at >= 0; at = raw.indexOf(keyLiteral, at + 1)) {
      const colon = skipSpace(raw, at + keyLiteral.length)
      if (raw.charCodeAt(colon) !== 58) continue
      const start = skipSpace(raw, colon + 1)
      if (raw.charCodeAt(start) !== quote) continue
      const end = literalEnd(raw, start)
      if (end < 0) break
      if (sameText(raw, start, end, text)) {
        cursor = end
        return { start, end }
      }
    }
    const literal = JSON.stringify(text)
    const start = raw.indexOf(literal)
    return start >= 0 ? { start, end: start + literal.length } : undefined
  }
}

/** Whether the literal `raw.slice(start, end)` means `text`. */
function sameText(raw: string, start: number, end: number, text: string): boolean {
  // Without escapes, the literal is the text between its quotes.
  const inner = raw.slice(start + 1, end - 1)
  return inner.includes('\\') ? decode(raw.slice(start, end)) === text : inner === text
}

const textKeys = ['text', 'message', 'body', 'content', 'value']
const roleKeys = ['role', 'type', 'sender_type', 'author_type']
const speakerKeys = ['speaker', 'name', 'from', 'author', 'sender', 'user']
const idKeys = ['id', 'conversation_id', 'conversationId', 'ticket_id', 'ticketId', 'chat_id', 'chatId']
const agentKeys = ['agent', 'agent_id', 'agentId', 'agent_name', 'agentName', 'assignee']

function pick(object: Record<string, unknown>, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    const value = object[key]
    if (value !== undefined && value !== null) return { key, value }
  }
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
export function conversationsFromJson(
  value: unknown,
  place: JsonPlace,
  speakers: Speakers,
  many: boolean,
  /** With `many`, a conversation of an array that cannot be read, and how many were read before it; without it, it is thrown. */
  onBad?: (error: RecordError, before: number) => void
): Conversation[] {
  const find = literalFinder(place.raw)
  const lineStarts = place.raw.includes('\n') ? lineStartsOf(place.raw) : undefined
  const originOf = (key: string, text: string): Origin => {
    const span = find(key, text)
    const start = span?.start ?? 0
    const point = lineStarts ? pointIn(lineStarts, start) : { line: 1, column: start + 1 }
    const line = place.line + point.line - 1
    const column = point.column
    return { offset: place.offset + start, line, column, quoting: span ? 'json' : 'none', raw: span ? place.raw.slice(span.start, span.end) : undefined }
  }

  /** The line of the file that offset `start` of `raw` is on. */
  const lineAt = (start: number): number => (lineStarts ? place.line + pointIn(lineStarts, start).line - 1 : place.line)

  const isConversation = (node: unknown): boolean =>
    Boolean(node && typeof node === 'object' && !Array.isArray(node) && (Array.isArray((node as Record<string, unknown>).turns) || Array.isArray((node as Record<string, unknown>).messages)))
  if (many && Array.isArray(value) && value.some(isConversation)) {
    // An array of conversations: one that cannot be read is skipped on its own (with
    // `onBad`), and the others are still scored. Each is placed at the line where it
    // starts, so a skipped one or a report's row leads to it.
    const starts = elementStarts(place.raw)
    const conversations: Conversation[] = []
    value.forEach((item, index) => {
      const line = starts?.length === value.length ? lineAt(starts[index]!) : place.line
      try {
        if (!isConversation(item)) throw new RecordError('expected a conversation: an object with “turns” or “messages”', line)
        conversations.push(conversationOf(item as Record<string, unknown>, `${place.fallbackId}#${index + 1}`, place, line, speakers, originOf))
      } catch (error) {
        if (!(error instanceof RecordError) || !onBad) throw error
        const id = item && typeof item === 'object' && !Array.isArray(item) ? pick(item as Record<string, unknown>, idKeys) : undefined
        onBad(new RecordError(`conversation ${index + 1} of the array${id ? ` (${String(id.value)})` : ''}: ${error.message}`, error.line), conversations.length)
      }
    })
    return conversations
  }
  // One conversation: it starts where the value does.
  const line = lineAt(skipSpace(place.raw, 0))
  if (Array.isArray(value)) return [conversationOf({ turns: value }, place.fallbackId, place, line, speakers, originOf)]
  if (isConversation(value)) return [conversationOf(value as Record<string, unknown>, place.fallbackId, place, line, speakers, originOf)]
  throw new RecordError('expected an array of turns, or an object with “turns” or “messages”', place.line)
}

/**
 * Where each element of the array `raw` holds starts (its first character), in one pass
 * over the text: string literals are skipped whole, and only commas of the array itself
 * count. Undefined when `raw` does not hold an array.
 */
function elementStarts(raw: string): number[] | undefined {
  let at = skipSpace(raw, 0)
  if (raw.charCodeAt(at) !== openBracket) return undefined
  const starts: number[] = []
  const first = skipSpace(raw, at + 1)
  if (raw.charCodeAt(first) !== closeBracket) starts.push(first)
  let depth = 1
  for (at++; at < raw.length; at++) {
    const code = raw.charCodeAt(at)
    if (code === quote) {
      const end = literalEnd(raw, at)
      if (end < 0) return undefined
      at = end - 1
    } else if (code === openBracket || code === openBrace) depth++
    else if (code === closeBracket || code === closeBrace) {
      if (--depth === 0) return starts
    } else if (code === comma && depth === 1) starts.push(skipSpace(raw, at + 1))
  }
  return undefined
}

function conversationOf(
  object: Record<string, unknown>,
  fallbackId: string,
  place: JsonPlace,
  /** The line where the conversation starts in the file. */
  line: number,
  speakers: Speakers,
  originOf: (key: string, text: string) => Origin
): Conversation {
  const list = (Array.isArray(object.turns) ? object.turns : object.messages) as unknown[]
  const field = Array.isArray(object.turns) ? 'turns' : 'messages'
  const raw: Array<{ role: Role | undefined; speaker: string; text: string; origin: Origin }> = []
  list.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new RecordError(`${field}[${index}]: expected an object with “text”`, line)
    const turn = item as Record<string, unknown>
    const text = pick(turn, textKeys)
    if (!text || typeof text.value !== 'string') throw new RecordError(`${field}[${index}]: missing “text” (a string)`, line)
    const role = pick(turn, roleKeys)
    const speaker = pick(turn, speakerKeys)
    if (!role && !speaker) throw new RecordError(`${field}[${index}]: missing “role” or “speaker”`, line)
    const roleName = role ? String(role.value) : undefined
    const speakerName = speaker ? String(speaker.value) : roleName!
    raw.push({
      role: roleOf(roleName ?? speakerName, speakers) ?? (roleName === undefined ? undefined : 'other'),
      speaker: speakerName,
      text: text.value,
      origin: originOf(text.key, text.value)
    })
  })
  const turns = settleRoles(raw)
  const id = pick(object, idKeys)
  const agent = pick(object, agentKeys)
  const named = turns.find((turn) => turn.role === 'agent' && roleOf(turn.speaker, speakers) === undefined)?.speaker
  return {
    id: id ? String(id.value) : fallbackId,
    path: place.path,
    line,
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
