/**
 * Where a JSON text goes wrong, said in JSON's words: the line and column of the first
 * problem and what was expected there. Microsoft's jsonc-parser (VS Code's) reads the text,
 * as RFC 8259 JSON or, for config files, with comments and trailing commas as
 * tsconfig.json; this module turns its error codes into "expected …, not …", and finds a
 * key given twice. Config files are then read with the YAML parser (for the place of each
 * field), which takes much that is not JSON and words its complaints for YAML; a JavaScript
 * engine's own message often gives no place at all. Pure; no Node.js built-ins.
 */
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser'
import { location } from 'vfile-location'

export interface JsonProblem {
  /** Where it goes wrong, in UTF-16 code units from the start of the text. */
  offset: number
  /** 1-based line and column of `offset` (columns in UTF-16 code units). */
  line: number
  column: number
  /** One clause: "expected a value, not “}”", or "a key given twice: each key may appear once". */
  message: string
  /** `syntax`: the text is not JSON. `duplicate-key`: it is, but one object names a key twice (only with `uniqueKeys`). */
  kind: 'syntax' | 'duplicate-key'
  /** For `duplicate-key`: the key given twice. */
  key?: string | undefined
}

export interface JsonOptions {
  /** Allow `//` and `/* *\/` comments and a comma after the last item or property, as tsconfig.json does. Default: false (RFC 8259). */
  jsonc?: boolean | undefined
  /** Report a key given twice in one object. Default: false (as `JSON.parse`, which keeps the last). */
  uniqueKeys?: boolean | undefined
}

/**
 * The deepest nesting read. jsonc-parser recurses once a level (the stack holds about 5,000
 * of them), and a config or request body a thousand levels deep is a mistake or an attack.
 */
export const maxJsonDepth = 1000

/** What the last token read was, which says what may come next. */
type Last = 'start' | '{' | '[' | ':' | ',' | 'key' | 'value'

const escapes = '"\\/bfnrt'
const word = /[A-Za-z_$][\w$.-]*/y

/** Thrown out of the visitor at the first problem: nothing after it is read. */
const stop = Symbol('stop')

/**
 * The first problem of `text` as JSON, or undefined when it is one JSON value (white space
 * around it allowed). A syntax error comes before a key given twice, wherever they are.
 */
export function jsonProblem(text: string, options: Readonly<JsonOptions> = {}): JsonProblem | undefined {
  const open: Array<{ close: '}' | ']'; keys: Set<string> | undefined }> = []
  let last: Last = 'start'
  let comma = 0
  let duplicate: { offset: number; key: string } | undefined
  let found: Omit<JsonProblem, 'line' | 'column'> | undefined
  const fail = (offset: number, message: string): never => {
    found = { offset, message, kind: 'syntax' }
    throw stop
  }
  const begin = (close: '}' | ']') => (offset: number) => {
    if (open.length === maxJsonDepth) fail(offset, `expected at most ${maxJsonDepth} levels of nesting, not more`)
    open.push({ close, keys: close === '}' && options.uniqueKeys ? new Set() : undefined })
    last = close === '}' ? '{' : '['
  }
  // Called at the closing bracket, or at the end of the text when there is none: then the
  // error that follows is about the container still open.
  const end = (offset: number) => {
    if (text[offset] !== open.at(-1)?.close) return
    open.pop()
    last = 'value'
  }
  /** What the grammar takes after the last token. */
  const expectedHere = (): string => {
    const container = open.at(-1)?.close
    if (last === 'key') return '“:” after the property name'
    if (last === 'value') return container === '}' ? '“,” or “}” after a property' : container === ']' ? '“,” or “]” after an item' : 'the end of the text after the value'
    return last === '{' || (last === ',' && container === '}') ? 'a property name in double quotes' : 'a value'
  }
  const onError = (code: ParseErrorCode, offset: number, length: number) => {
    const name = printParseErrorCode(code)
    switch (name) {
      case 'ValueExpected':
      case 'PropertyNameExpected':
      case 'ColonExpected':
      case 'CommaExpected':
      case 'CloseBraceExpected':
      case 'CloseBracketExpected':
      case 'EndOfFileExpected':
      case 'InvalidSymbol': {
        const close = open.at(-1)?.close
        // The most common slip of all: say what it is rather than what was expected instead.
        if (last === ',' && close !== undefined && text[offset] === close) fail(comma, `a comma before “${close}” (JSON allows none after the last ${close === '}' ? 'property' : 'item'})`)
        return fail(offset, expected(text, offset, expectedHere()))
      }
      case 'InvalidCommentToken':
        return fail(offset, `${expected(text, offset, expectedHere(), 'a comment')} (JSON has none)`)
      case 'UnexpectedEndOfComment':
        return fail(offset + length, expected(text, offset + length, '“*/” to end the comment'))
      case 'UnexpectedEndOfString':
      case 'InvalidCharacter':
      case 'InvalidEscapeCharacter':
      case 'InvalidUnicode': {
        const problem = stringProblem(text, offset, offset + length)
        return problem ? fail(problem.offset, problem.message) : fail(offset, `not a valid string (${name})`)
      }
      case 'UnexpectedEndOfNumber':
      case 'InvalidNumberFormat':
        // The token ends after what was read of it (`1.`, `1e`, `1e+`): a digit is due there.
        return fail(offset + length, expected(text, offset + length, 'a digit'))
      default:
        return fail(offset, `not JSON here (${name})`)
    }
  }
  try {
    visit(
      text,
      {
        onObjectBegin: begin('}'),
        onArrayBegin: begin(']'),
        onObjectEnd: end,
        onArrayEnd: end,
        onObjectProperty(key, offset) {
          last = 'key'
          const keys = open.at(-1)?.keys
          if (keys?.has(key)) duplicate ??= { offset, key }
          keys?.add(key)
        },
        onLiteralValue() {
          last = 'value'
        },
        onSeparator(character, offset) {
          last = character === ',' ? ',' : ':'
          if (character === ',') comma = offset
        },
        onError
      },
      { disallowComments: !options.jsonc, allowTrailingComma: Boolean(options.jsonc), allowEmptyContent: false }
    )
  } catch (error) {
    if (error !== stop) throw error
  }
  found ??= duplicate === undefined ? undefined : { offset: duplicate.offset, message: 'a key given twice: each key may appear once', kind: 'duplicate-key', key: duplicate.key }
  if (!found) return undefined
  const point = location(text).toPoint(found.offset)
  return { ...found, line: point?.line ?? 1, column: point?.column ?? 1 }
}

/**
 * The first problem inside the string token from `start` (its opening quote) to `end`,
 * which jsonc-parser found wrong: a control character, a bad escape, or no closing quote
 * before the line break or the end of the text. The parser tells the token; this tells
 * the place in it.
 */
function stringProblem(text: string, start: number, end: number): { offset: number; message: string } | undefined {
  for (let index = start + 1; index < end; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x22) return undefined
    if (code < 0x20) {
      const hex = code.toString(16).padStart(4, '0')
      return { offset: index, message: `a control character (U+${hex.toUpperCase()}) in a string: write it as an escape, like \\u${hex}` }
    }
    if (code !== 0x5c) continue
    const next = text[index + 1]
    if (next === 'u') {
      if (!/^[\da-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return { offset: index, message: expected(text, index, 'four hex digits after \\u', `“${text.slice(index, index + 6)}”`) }
      index += 5
    } else if (next === undefined || !escapes.includes(next)) {
      const shown = next === undefined || next < ' ' ? describeAt(text, index + 1) : `“\\${next}”`
      return { offset: index, message: expected(text, index, 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX', shown) }
    } else {
      index++
    }
  }
  return { offset: end, message: expected(text, end, '“"” to end the string') }
}

/** "expected X, not Y", Y being what is at `index` (a word whole, a line break or the end named). */
function expected(text: string, index: number, what: string, found = describeAt(text, index)): string {
  const hint = text[index] === "'" ? ' (JSON strings take double quotes)' : ''
  return `expected ${what}, not ${found}${hint}`
}

function describeAt(text: string, index: number): string {
  if (index >= text.length) return 'the end of the text'
  const char = text[index]!
  if (char === '\n' || char === '\r') return 'a line break'
  word.lastIndex = index
  if (word.test(text)) return `“${text.slice(index, Math.min(word.lastIndex, index + 40))}”`
  const code = text.codePointAt(index)!
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0xfeff) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return `“${String.fromCodePoint(code)}”`
}
