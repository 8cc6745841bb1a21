/**
 * Macros and canned responses kept as data: Zendesk macro exports (`macros[]` with `title`,
 * `id` and `actions[]`, detected by content) and any JSON or YAML file whose text fields
 * the user names with JSON-pointer-like paths (`/macros/*\/body`), so Freshdesk, Help
 * Scout, Intercom and Gorgias exports work without new code. Each field knows its macro,
 * its decoded text and, for every code unit of that text, its offset in the file, so a
 * message points into the original file whatever the escapes (`\n`, `\u2019`, `''`) and
 * line folding. Problems name the file, line, column, macro and field. Pure: text in.
 */
import { extname } from 'node:path'
import { location } from 'vfile-location'
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml'
import { jsonProblem } from '../config/json.js'
import { describeMacro as describe } from '../report/macro.js'
import { jsonNodes } from './json-nodes.js'
import { InputError, yamlProblem } from './read.js'
import type { FileError, MacroPlace } from '../types.js'

/** How a text field is written in its file: it decides how a fix is escaped. */
export type FieldStyle = 'raw' | 'double' | 'single' | 'plain' | 'block'

/** One text field of a macro, ready to lint. */
export interface MacroField {
  /** The macro's title and id, when the record has them. */
  title?: string | undefined
  id?: string | undefined
  /** What to call the field in messages: `comment_value_html`, or the path of the value. */
  field: string
  /** The text as the helpdesk sends it (escapes decoded). */
  value: string
  /** Offset in the file of each code unit of `value`, plus one for its end (typed: no work for the garbage collector, however large the export). */
  starts: Int32Array
  /** Each code unit is itself in the file (no escape or folding), so a fix can be written back. */
  style: FieldStyle
  /** The field holds HTML (`comment_value_html`, or markup found in the text). */
  html: boolean
}

/** A field (or macro) that cannot be read, so is not linted; the others are. */
export interface MacroProblem extends FileError {
  /** The one line that says it: `file:line:col: macro "Title" (id N): field: problem, so it was not linted`. */
  text: string
}

export interface MacroSource {
  fields: MacroField[]
  problems: MacroProblem[]
  /** The `--fields` paths that match nothing in this file. */
  unmatched: string[]
}

export const macroTypes = ['zendesk', 'json', 'yaml'] as const
export type MacroType = (typeof macroTypes)[number]

/** The end of each problem: the field is skipped, and the others are linted. */
const notLinted = ', so it was not linted'

/** Zendesk action fields whose value is text a customer reads. */
const zendeskFields: Record<string, 'text' | 'html'> = {
  comment_value: 'text',
  comment_value_html: 'html',
  subject: 'text',
  side_conversation: 'html'
}

/** The macro type of a file from its extension, or undefined when it is not data. */
export function macroTypeOf(path: string): MacroType | undefined {
  const extension = extname(path).toLowerCase()
  if (extension === '.json') return 'json'
  if (extension === '.yaml' || extension === '.yml') return 'yaml'
  return undefined
}

/**
 * Read the fields to lint. `type` zendesk insists on a Zendesk export; json and yaml use
 * `pointers` when given, and a Zendesk export when the content is one. Throws InputError
 * when the file as a whole cannot be read; problems with one macro are returned.
 */
export function readMacros(text: string, name: string, type: MacroType, pointers: readonly string[] = []): MacroSource {
  const place = location(text)
  const pointAt = (offset: number): { line: number; column: number } => {
    const point = place.toPoint(Math.min(offset, text.length))
    return { line: point?.line ?? 1, column: point?.column ?? 1 }
  }
  const at = (offset: number): string => {
    const { line, column } = pointAt(offset)
    return `${name}:${line}:${column}`
  }
  let root: YamlNode | null | undefined
  if (type !== 'yaml' && /^\s*[[{]/.test(text)) {
    try {
      JSON.parse(text)
    } catch (error) {
      // JSON.parse is the fast check; what is wrong, and where, is said in JSON's words.
      const problem = jsonProblem(text)
      throw new InputError(`${name}:${problem?.line ?? 1}:${problem?.column ?? 1}: invalid JSON: ${problem?.message ?? (error as Error).message}`)
    }
    // Valid JSON: read by a JSON scanner into the YAML library's nodes, far faster.
    root = jsonNodes(text)
  }
  if (root === undefined) {
    const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false })
    const error = document.errors[0]
    if (error) throw new InputError(`${at(error.pos[0])}: invalid ${type === 'yaml' || !/^\s*[[{]/.test(text) ? 'YAML' : 'JSON'}: ${yamlProblem(error.message)}`)
    root = withoutAliases(document.contents as YamlNode | null)
  }
  const source: MacroSource = { fields: [], problems: [], unmatched: [] }
  const problem: Problem = (offset, macro, message, label = describe(macro)) => {
    const point = pointAt(offset)
    source.problems.push({ text: `${name}:${point.line}:${point.column}: ${label}: ${message}`, message, ...point, macro })
  }
  const macros = zendeskMacros(root)
  if (type === 'zendesk' || (pointers.length === 0 && macros)) {
    if (!macros) throw new InputError(`${name}:1:1: not a Zendesk macro export: expected "macros": [{"title", "id", "actions": […]}]`)
    macros.forEach((macro, index) => readZendeskMacro(text, macro, index, source, problem))
    return onceEach(source)
  }
  if (pointers.length === 0) {
    throw new InputError(`${name}:1:1: not a Zendesk macro export; name the fields to lint with --fields, like --fields '/macros/*/body'`)
  }
  for (const pointer of pointers) {
    const found = resolvePointer(root, parsePointer(pointer), '', undefined)
    if (found.length === 0) source.unmatched.push(pointer)
    for (const { node, path, record } of found) {
      const title = record ? textOf(get(record, 'title') ?? get(record, 'name') ?? get(record, 'subject')) : undefined
      const id = record ? textOf(get(record, 'id')) : undefined
      const where = { title, id, field: path }
      if (isScalar(node) && typeof node.value === 'string') {
        source.fields.push(fieldOf(text, node as Scalar<string>, where, looksLikeHtml(node.value)))
      } else if (!(isScalar(node) && node.value === null)) {
        problem(node.range?.[0] ?? 0, placeOf(where), `expected text, not ${kindName(node)}${notLinted}`)
      }
    }
  }
  return onceEach(source)
}

/**
 * The tree with each alias (`*signoff`) replaced by the node its anchor (`&signoff`) names,
 * the last one defined before it, so that a text shared by several macros is read. The
 * node is shared, not copied: an alias bomb costs nothing, and one that names its own
 * ancestor is walked once.
 */
function withoutAliases(root: YamlNode | null): YamlNode | null {
  const anchors = new Map<string, YamlNode>()
  const seen = new Set<unknown>()
  const resolve = (node: unknown): YamlNode | null => (isAlias(node) ? (anchors.get(node.source) ?? null) : (node as YamlNode | null))
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return
    seen.add(node)
    const anchor = (node as { anchor?: string }).anchor
    if (anchor) anchors.set(anchor, node as YamlNode)
    if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key)
        pair.value = resolve(pair.value)
        walk(pair.value)
      }
      mergeKeys(node)
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        node.items[index] = resolve(item)
        walk(node.items[index])
      })
    }
  }
  const resolved = resolve(root)
  walk(resolved)
  return resolved
}

/**
 * A map's merge keys (`<<: *defaults`, or a list of such) replaced by the pairs they bring
 * that the map does not set itself, the earlier source first, as YAML 1.1 merges them.
 */
function mergeKeys(map: YAMLMap): void {
  const isMerge = (pair: YAMLMap['items'][number]): boolean => isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN'
  if (!map.items.some(isMerge)) return
  const own = map.items.filter((pair) => !isMerge(pair))
  const keyOf = (pair: YAMLMap['items'][number]): unknown => (isScalar(pair.key) ? pair.key.value : pair.key)
  const keys = new Set(own.map(keyOf))
  const merged = [...own]
  for (const pair of map.items.filter(isMerge)) {
    for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
      if (!isMap(source)) continue
      for (const inherited of source.items) {
        if (keys.has(keyOf(inherited))) continue
        keys.add(keyOf(inherited))
        merged.push(inherited)
      }
    }
  }
  map.items = merged
}

/** The fields, each place in the file once: a text shared through an alias is linted where it is written. */
function onceEach(source: MacroSource): MacroSource {
  const seen = new Set<number>()
  source.fields = source.fields.filter((field) => {
    const start = field.starts[0]!
    if (seen.has(start)) return false
    seen.add(start)
    return true
  })
  return source
}

/** A whole file as one field: a plain template. */
export function templateSource(text: string): MacroSource {
  return { fields: [{ field: 'text', value: text, starts: Int32Array.from({ length: text.length + 1 }, (_, index) => index), style: 'raw', html: false }], problems: [], unmatched: [] }
}


function zendeskMacros(root: YamlNode | null): YAMLMap[] | undefined {
  const isMacro = (node: unknown): node is YAMLMap => isMap(node) && get(node, 'actions') !== undefined
  if (isMap(root)) {
    const list = get(root, 'macros')
    if (isSeq(list) && list.items.length > 0 && list.items.some(isMacro)) return list.items as YAMLMap[]
    const single = get(root, 'macro')
    if (isMacro(single)) return [single]
    if (isMacro(root) && get(root, 'title') !== undefined) return [root]
  }
  if (isSeq(root) && root.items.length > 0 && root.items.every(isMacro)) return root.items as YAMLMap[]
  return undefined
}

/**
 * Record a field or macro that cannot be read, at `offset` in the file. The line names it
 * by `label`, by default as every output names a macro's field (`macro "Title" (id 7): subject`).
 */
type Problem = (offset: number, macro: MacroPlace, message: string, label?: string) => void

/** A macro's place without the keys it does not have, as messages carry it. */
function placeOf(where: { title?: string | undefined; id?: string | undefined; field: string }): MacroPlace {
  return { ...(where.title === undefined ? {} : { title: where.title }), ...(where.id === undefined ? {} : { id: where.id }), field: where.field }
}

function readZendeskMacro(text: string, macro: unknown, index: number, source: MacroSource, problem: Problem): void {
  if (!isMap(macro)) {
    problem((macro as YamlNode | null)?.range?.[0] ?? 0, { field: `macros[${index}]` }, `expected a macro object, not ${kindName(macro)}${notLinted}`, `macros[${index}]`)
    return
  }
  const title = textOf(get(macro, 'title')) ?? textOf(get(macro, 'raw_title'))
  const id = textOf(get(macro, 'id'))
  const actions = get(macro, 'actions')
  if (!isSeq(actions)) {
    problem(macro.range?.[0] ?? 0, placeOf({ title, id, field: 'actions' }), `expected a list of actions, not ${kindName(actions)}${notLinted}`)
    return
  }
  actions.items.forEach((action, actionIndex) => {
    const where = { title, id, field: `actions[${actionIndex}]` }
    if (!isMap(action)) {
      problem((action as YamlNode | null)?.range?.[0] ?? 0, placeOf(where), `expected {"field", "value"}, not ${kindName(action)}${notLinted}`)
      return
    }
    const field = textOf(get(action, 'field'))
    if (field === undefined) {
      problem(action.range?.[0] ?? 0, placeOf(where), `expected a "field" name${notLinted}`)
      return
    }
    const kind = zendeskFields[field]
    if (!kind) return
    const value = get(action, 'value')
    const named = { title, id, field }
    if (isScalar(value) && typeof value.value === 'string') {
      source.fields.push(fieldOf(text, value as Scalar<string>, named, kind === 'html'))
    } else if (isSeq(value) && value.items.every((item) => isScalar(item) && typeof item.value === 'string')) {
      // ["channel:all", "text"] (comment_value) or [subject, body, …] (side_conversation).
      const texts = (value.items as Array<Scalar<string>>).filter((item) => !/^[a-z_]+:[^\s]*$/.test(item.value) && !/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(item.value))
      for (const item of field === 'side_conversation' ? texts.slice(0, 2) : texts) source.fields.push(fieldOf(text, item, named, kind === 'html' && looksLikeHtml(item.value)))
    } else {
      problem((value as YamlNode | undefined)?.range?.[0] ?? action.range?.[0] ?? 0, placeOf(named), `expected text or a list of texts, not ${kindName(value)}${notLinted}`)
    }
  })
}

function get(map: unknown, key: string): YamlNode | undefined {
  if (!isMap(map)) return undefined
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key)
  return (pair?.value ?? undefined) as YamlNode | undefined
}

function textOf(node: YamlNode | undefined): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined
}

function kindName(node: unknown): string {
  if (node === undefined) return 'nothing'
  if (isMap(node)) return 'an object'
  if (isSeq(node)) return 'a list'
  if (isScalar(node)) return node.value === null ? 'null' : typeof node.value === 'number' ? 'a number' : typeof node.value === 'boolean' ? 'a boolean' : 'text'
  return 'something else'
}

function looksLikeHtml(value: string): boolean {
  return /<(?:p|br|div|span|a|b|strong|em|i|ul|ol|li|table|h[1-6])\b[^>]*>/i.test(value)
}

/** `/macros/*\/body` → ['macros', '*', 'body'], with `~1` for `/` and `~0` for `~`. */
function parsePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new InputError(`--fields ${pointer}: expected a path starting with /, like /macros/*/body`)
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

interface Found {
  node: YamlNode
  path: string
  record: YAMLMap | undefined
}

function resolvePointer(node: YamlNode | null | undefined, segments: readonly string[], path: string, record: YAMLMap | undefined): Found[] {
  if (node === null || node === undefined) return []
  if (segments.length === 0) return [{ node, path: path || '/', record }]
  const [segment, ...rest] = segments as [string, ...string[]]
  const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1')
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined
      if (key === undefined || (segment !== '*' && segment !== key)) return []
      return resolvePointer(pair.value as YamlNode | null, rest, `${path}/${escape(key)}`, node)
    })
  }
  if (isSeq(node)) {
    return node.items.flatMap((item, index) => {
      if (segment !== '*' && segment !== String(index)) return []
      return resolvePointer(item as YamlNode | null, rest, `${path}/${index}`, record)
    })
  }
  return []
}

/** A field from a string scalar: its decoded value aligned with its text in the file. */
function fieldOf(text: string, node: Scalar<string>, where: { title?: string | undefined; id?: string | undefined; field: string }, html: boolean): MacroField {
  const value = node.value
  const [start, end] = node.range ?? [0, 0]
  const style: FieldStyle = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'PLAIN' ? 'plain' : 'block'
  const starts = align(text, value, start, end, style) ?? new Int32Array(value.length + 1).fill(start)
  return { ...where, value, starts, style, html }
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/', '0': '\0', a: '\x07', e: '\x1b', v: '\v', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029', ' ': ' ', '\t': '\t' }

/**
 * Walk the decoded value and its source together, giving each code unit its offset. Knows
 * escapes (double quotes), doubled quotes (single quotes), indentation and folded line
 * breaks. Undefined when they do not line up (then every unit points at the field's start).
 */
function align(text: string, value: string, start: number, end: number, style: FieldStyle): Int32Array | undefined {
  // One offset per code unit of the value, and its end.
  const starts = new Int32Array(value.length + 1)
  let count = 0
  let at = style === 'double' || style === 'single' ? start + 1 : style === 'block' ? text.indexOf('\n', start) + 1 : start
  if (at <= 0) return undefined
  const stop = style === 'double' || style === 'single' ? end - 1 : end
  let index = 0
  while (index < value.length) {
    if (at >= stop) return undefined
    const char = value[index]!
    const source = text[at]!
    if (style === 'double' && source === '\\') {
      const next = text[at + 1] ?? ''
      if (next === '\n' || next === '\r') {
        at += 2
        while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n') at++
        continue
      }
      let decoded: string | undefined
      let length = 2
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0
      if (hex > 0) {
        const code = Number.parseInt(text.slice(at + 2, at + 2 + hex), 16)
        if (Number.isNaN(code)) return undefined
        decoded = String.fromCodePoint(code)
        length = 2 + hex
      } else {
        decoded = escapes[next]
      }
      if (decoded === undefined || value.slice(index, index + decoded.length) !== decoded) return undefined
      for (let unit = 0; unit < decoded.length; unit++) starts[count++] = at
      index += decoded.length
      at += length
      continue
    }
    if (style === 'single' && source === "'" && text[at + 1] === "'" && char === "'") {
      starts[count++] = at
      index++
      at += 2
      continue
    }
    if (source === char) {
      starts[count++] = at
      index++
      at++
      continue
    }
    if (source === '\n' || source === '\r') {
      // A folded line break reads as a space.
      if (char === ' ' && source === '\n') {
        starts[count++] = at
        index++
      }
      at++
      while (text[at] === ' ' || text[at] === '\t') at++
      continue
    }
    if (source === ' ' || source === '\t') {
      at++
      continue
    }
    return undefined
  }
  starts[count++] = at
  return starts
}
