/**
 * Validate a parsed pack (or the shared classes file) against its JSON Schema and turn
 * the first problem into one line naming the field: "rule X: severity: expected …, not …".
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv'
import { closest } from '../closest.js'
import { rulesDirectory } from './paths.js'

export interface SchemaProblem {
  /** JSON path to the offending value, as keys and indices. */
  path: Array<string | number>
  /** When the problem is a key (unknown field), point at the key rather than the value. */
  atKey: boolean
  message: string
}

const validators = new Map<string, ValidateFunction>()

let ajv: AjvClass | undefined

/**
 * Compile a JSON Schema into a validator. Ajv is required on first use, not imported:
 * loading and compiling schemas costs tens of milliseconds, and a plain `ownit reply.txt`
 * with the bundled packs (validated at build time) and no config needs neither.
 */
export function compileSchema(schema: object): ValidateFunction {
  ajv ??= new (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv({ allErrors: true, strict: false, verbose: true })
  return ajv.compile(schema)
}

function validatorFor(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile)
  if (!validate) {
    const schema = JSON.parse(readFileSync(new URL(schemaFile, rulesDirectory), 'utf8')) as object
    validate = compileSchema(schema)
    validators.set(schemaFile, validate)
  }
  return validate
}

/** The first schema problem of `data`, or undefined when it is valid. */
export function checkSchema(schemaFile: 'pack.schema.json' | 'classes.schema.json' | 'practices.schema.json' | 'score.schema.json', data: unknown): SchemaProblem | undefined {
  return firstProblem(validatorFor(schemaFile), data)
}

/** The first problem of `data` against a compiled schema, or undefined when it is valid. */
export function firstProblem(validate: ValidateFunction, data: unknown): SchemaProblem | undefined {
  if (validate(data)) return undefined
  const errors = validate.errors ?? []
  // Prefer the most specific problem: the deepest path, then enum/type over the rest.
  const error = [...errors].sort((a, b) => depth(b) - depth(a))[0]!
  return describe(error, data)
}

function depth(error: ErrorObject): number {
  return error.instancePath.split('/').length + (error.keyword === 'additionalProperties' ? 1 : error.keyword === 'required' ? 0.5 : 0)
}

function describe(error: ErrorObject, data: unknown): SchemaProblem {
  const path: Array<string | number> = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  const value = valueAt(data, path)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String)
      return { path, atKey: false, message: `expected ${list(allowed)}, not ${show(value)}` }
    }
    case 'type':
      return { path, atKey: false, message: `expected ${String(params.type)}, not ${kind(value)}` }
    case 'required':
      return { path, atKey: false, message: `missing field “${String(params.missingProperty)}”` }
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const known = knownFields(error)
      const guess = closest(key, known)
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown field “${key}”${guess ? `, did you mean “${guess}”?` : known.length > 0 ? `, expected one of: ${known.join(', ')}` : ''}`
      }
    }
    case 'minItems':
      return { path, atKey: false, message: `expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, found ${Array.isArray(value) ? value.length : 0}` }
    case 'minLength':
      return { path, atKey: false, message: 'must not be empty' }
    case 'uniqueItems':
      return { path, atKey: false, message: `duplicate item ${show((value as unknown[])[Number(params.i)])}` }
    case 'pattern': {
      if (params.pattern === oneLine && typeof value === 'string') return { path, atKey: false, message: lineBreakProblem(value) }
      const expected = patternMeaning(String(params.pattern))
      // A key that does not fit `propertyNames` (a class's name): the key is what is wrong, not the whole mapping.
      const key = (error as ErrorObject & { propertyName?: string }).propertyName
      if (key !== undefined) return { path: [...path, key], atKey: true, message: `bad name ${show(key)}: expected ${expected}` }
      return { path, atKey: false, message: `expected ${expected}, not ${show(value)}` }
    }
    case 'propertyNames':
      return { path: [...path, String(params.propertyName)], atKey: true, message: `bad name ${show(params.propertyName)}` }
    default:
      return { path, atKey: false, message: error.message ?? 'invalid' }
  }
}

function knownFields(error: ErrorObject): string[] {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties
  return properties ? Object.keys(properties) : []
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = data
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key]
  return value
}

function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${show(value)}`
}

/**
 * The pack schema's pattern for text a report shows on one line (a rule's `message`, a
 * suggestion's `text`): no line break of any kind Unicode has (LF, VT, FF, CR, NEL, LS, PS).
 */
const oneLine = '^[^\\n\\u000b\\u000c\\r\\u0085\\u2028\\u2029]*$'

/**
 * Why a text is not one line, and how to write it in YAML. The usual slip is a block
 * scalar: `|` keeps every line break, and `>` (like `|`) keeps the last one.
 */
function lineBreakProblem(value: string): string {
  const lines = value.split(/\r\n|[\n\v\f\r\u0085\u2028\u2029]/)
  if (lines.at(-1) === '') lines.pop()
  if (lines.length <= 1) return 'expected one line, not text that ends in a line break (a YAML block, > or |, keeps its last one: write >- instead, or the text on one line)'
  return `expected one line, not ${lines.length} lines (write it on one line, or as a YAML >- block without blank lines, which folds its lines into one)`
}

/**
 * What a value that does not fit a schema's `pattern` should have been, in words. Each
 * pattern of the schemas (rules/*.schema.json, the config's) is here; any other is shown as
 * it is written.
 */
const patternMeanings: Readonly<Record<string, string>> = {
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'kebab-case (like not-my-fault)',
  '^[a-z][a-z0-9-]*$': 'a name of lowercase letters, digits and hyphens that starts with a letter (like policy-word)',
  '^\\S+$': 'a single word, without spaces',
  [oneLine]: 'one line, without line breaks'
}

export function patternMeaning(pattern: string): string {
  return Object.hasOwn(patternMeanings, pattern) ? patternMeanings[pattern]! : `text that matches /${pattern}/`
}

/**
 * A value as a message quotes it: a string in quotes (cut past 60 characters), a number or
 * boolean as it is, a mapping or list by its kind. Never the JSON of a mapping or list:
 * from YAML one can hold itself (an alias inside its anchor), or be megabytes long.
 */
function show(value: unknown): string {
  if (typeof value === 'string') {
    const shown = JSON.stringify(value)
    return shown.length > 60 ? `${shown.slice(0, 57)}…"` : shown
  }
  if (value === undefined) return 'nothing'
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'a list' : 'a mapping'
}

function list(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`
}
