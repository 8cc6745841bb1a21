/**
 * Where a JSON text (RFC 8259) goes wrong, said in JSON's words: the offset of the first
 * problem and what was expected there. Config files are read with the YAML parser (for
 * the place of each field), which takes much that is not JSON and words its complaints
 * for YAML; a JavaScript engine's own message often gives no place at all. Pure, and
 * iterative, so that nesting cannot overflow the stack.
 */

export interface JsonProblem {
  /** Where it goes wrong, in UTF-16 code units from the start of the text. */
  offset: number
  /** One clause: "expected a value, not “}”". */
  message: string
}

const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const word = /[A-Za-z_$][\w$.-]*/y
const escapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/** The first syntax error of `text` as JSON, or undefined when it is one JSON value (white space around it allowed). */
export function jsonSyntaxProblem(text: string): JsonProblem | undefined {
  const open: Array<'{' | '['> = []
  let index = skipSpace(text, 0)
  let key = false
  for (;;) {
    if (key) {
      if (text[index] !== '"') return expected(text, index, 'a property name in double quotes')
      const end = stringEnd(text, index)
      if (typeof end !== 'number') return end
      index = skipSpace(text, end)
      if (text[index] !== ':') return expected(text, index, '“:” after the property name')
      index = skipSpace(text, index + 1)
    }
    const char = text[index]
    if (char === '{' || char === '[') {
      index = skipSpace(text, index + 1)
      if (text[index] === (char === '{' ? '}' : ']')) {
        index++
      } else {
        open.push(char)
        key = char === '{'
        continue
      }
    } else if (char === '"') {
      const end = stringEnd(text, index)
      if (typeof end !== 'number') return end
      index = end
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      number.lastIndex = index
      if (!number.test(text)) return expected(text, index + 1, 'a digit')
      index = number.lastIndex
    } else {
      const literal = ['true', 'false', 'null'].find((name) => text.startsWith(name, index) && !/[\w$]/.test(text[index + name.length] ?? ''))
      if (!literal) return expected(text, index, 'a value')
      index += literal.length
    }
    // After a value: close what it ends, then a comma starts the next item.
    for (;;) {
      index = skipSpace(text, index)
      const container = open.at(-1)
      if (container === undefined) return index < text.length ? expected(text, index, 'the end of the text after the value') : undefined
      const close = container === '{' ? '}' : ']'
      if (text[index] === close) {
        open.pop()
        index++
        continue
      }
      if (text[index] !== ',') return expected(text, index, container === '{' ? '“,” or “}” after a property' : '“,” or “]” after an item')
      const next = skipSpace(text, index + 1)
      // The most common slip of all: say what it is rather than what was expected instead.
      if (text[next] === close) return { offset: index, message: `a comma before “${close}” (JSON allows none after the last ${container === '{' ? 'property' : 'item'})` }
      index = next
      key = container === '{'
      break
    }
  }
}

/** The offset after the string that starts at `start` (its opening quote), or its problem. */
function stringEnd(text: string, start: number): number | JsonProblem {
  let index = start + 1
  for (;;) {
    const code = text.charCodeAt(index)
    if (Number.isNaN(code)) return expected(text, index, '“"” to end the string')
    if (code === 0x22) return index + 1
    if (code === 0x0a || code === 0x0d) return expected(text, index, '“"” to end the string')
    if (code < 0x20) return { offset: index, message: `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) in a string: write it as an escape, like \\u${code.toString(16).padStart(4, '0')}` }
    if (code === 0x5c) {
      const next = text[index + 1]
      if (next === 'u') {
        if (!/^[\da-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return expected(text, index, 'four hex digits after \\u', `“${text.slice(index, index + 6)}”`)
        index += 6
        continue
      }
      if (next === undefined || !escapes.has(next)) return expected(text, index, 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX', next === undefined ? undefined : `“\\${next}”`)
      index += 2
      continue
    }
    index++
  }
}

function skipSpace(text: string, index: number): number {
  while (index < text.length) {
    const char = text[index]
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') break
    index++
  }
  return index
}

/** "expected X, not Y", Y being what is at `index` (a word whole, a line break or the end named). */
function expected(text: string, index: number, what: string, found = describeAt(text, index)): JsonProblem {
  const hint = text[index] === "'" ? ' (JSON strings take double quotes)' : ''
  return { offset: index, message: `expected ${what}, not ${found}${hint}` }
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

/** The 1-based line and column of `offset` in `text` (columns in UTF-16 code units, as the YAML parser counts). */
export function linePosition(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++
    lineStart = index + 1
  }
  return { line, column: offset - lineStart + 1 }
}
