/**
 * The tree the YAML library makes of a JSON document (maps, lists and scalars, each with
 * its place in the text), made by a scanner that knows only JSON. Macro exports are JSON;
 * the YAML parser took 1.6 s and 144 MB for 20,000 Zendesk macros (5 MB), this 0.2–0.3 s.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml'

/** Deeper than this, the caller falls back on the YAML parser (and its own limits). */
const maxDepth = 500

const literal = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y

class TooDeep extends Error {}

/**
 * The nodes of `text`, which must be valid JSON (the caller has had JSON.parse read it), or
 * undefined when it nests deeper than 500 levels. Maps and lists start at their bracket;
 * a scalar's range ends after it (after the closing quote of a string), as the YAML
 * library's do.
 */
export function jsonNodes(text: string): Node | null | undefined {
  let at = 0
  const skip = (): void => {
    for (;;) {
      const code = text.charCodeAt(at)
      if (code === 32 || code === 10 || code === 13 || code === 9) at++
      else return
    }
  }
  const string = (): Scalar<string> => {
    const start = at
    let close = text.indexOf('"', at + 1)
    // A quote after an odd number of backslashes is escaped.
    for (;;) {
      let backslashes = 0
      while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++
      if (backslashes % 2 === 0) break
      close = text.indexOf('"', close + 1)
    }
    at = close + 1
    const raw = text.slice(start + 1, close)
    const scalar = new Scalar(raw.includes('\\') ? (JSON.parse(text.slice(start, at)) as string) : raw)
    scalar.type = 'QUOTE_DOUBLE'
    scalar.range = [start, at, at]
    return scalar
  }
  const value = (depth: number): Node => {
    if (depth >= maxDepth) throw new TooDeep()
    skip()
    const start = at
    const char = text[at]
    if (char === '{') {
      const map = new YAMLMap<Scalar<string>, Node>()
      at++
      skip()
      if (text[at] === '}') at++
      else {
        for (;;) {
          skip()
          const key = string()
          skip()
          at++ // :
          map.items.push(new Pair(key, value(depth + 1)))
          skip()
          if (text[at++] === '}') break // else ,
        }
      }
      map.range = [start, at, at]
      return map
    }
    if (char === '[') {
      const list = new YAMLSeq<Node>()
      at++
      skip()
      if (text[at] === ']') at++
      else {
        for (;;) {
          list.items.push(value(depth + 1))
          skip()
          if (text[at++] === ']') break // else ,
        }
      }
      list.range = [start, at, at]
      return list
    }
    if (char === '"') return string()
    literal.lastIndex = at
    const match = literal.exec(text)![0]
    at += match.length
    const scalar = new Scalar(match === 'true' ? true : match === 'false' ? false : match === 'null' ? null : Number(match))
    scalar.type = 'PLAIN'
    scalar.range = [start, at, at]
    return scalar
  }
  try {
    return value(0)
  } catch (error) {
    if (error instanceof TooDeep) return undefined
    throw error
  }
}
