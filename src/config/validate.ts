/**
 * The options that the library, a config file and a server request share, as JSON
 * Schemas, and the library's check of its options against them. The server validates
 * request bodies with the same schemas (adding size limits), and every rule id is checked
 * by `ruleSettingProblem`, so the library and the server accept and refuse the same
 * values. Each problem is one line naming the option, what was expected and what was
 * found: a TypeError for a value of the wrong type (or an option that does not exist), a
 * RangeError for a value of the right type that is not allowed. No Node.js built-ins: the
 * browser build checks its options too.
 */
import { categories, languages, type Pack } from '../types.js'
import { closest } from '../closest.js'
import { knownRuleIds, ruleSettingProblem } from './rule-ids.js'

/** What `rules` may set a rule to, in the order messages list them. */
export const ruleSettings = ['off', 'info', 'warning', 'error'] as const

/** The JSON Schema of each option the library, config files and requests share: what each accepts, without size limits. */
export const optionSchemas = {
  categories: { type: 'array', items: { type: 'string', enum: [...categories] }, uniqueItems: true },
  rules: { type: 'object', additionalProperties: { type: 'string', enum: [...ruleSettings] } },
  spelling: { type: 'boolean' },
  language: { type: 'string', enum: [...languages] },
  allow: { type: 'array', items: { type: 'string' } },
  words: { type: 'array', items: { type: 'string' } }
} as const

/** The library's options: those, and its own two (a request cannot name files, nor leave out the bundled packs). */
const librarySchemas: Readonly<Record<string, Schema>> = {
  ...optionSchemas,
  packs: { type: 'array', items: { type: ['string', 'object'], title: 'a path to a YAML pack or a pack from parsePack' } },
  builtin: { type: 'boolean' }
}

/** The part of JSON Schema these use. */
interface Schema {
  type?: string | readonly string[]
  /** What a value of the wrong type is told it should be, when the type's name would not say. */
  title?: string
  enum?: readonly string[]
  items?: Schema
  additionalProperties?: Schema
  uniqueItems?: boolean
}

/**
 * Check the options of `check`, `fix` and `prepare`: every field one the library knows,
 * each of its type and, where it lists them, one of its values. Throws TypeError or
 * RangeError: `ownit: options.language: expected en-US or en-GB, not "fr"`. Rule ids are
 * `rulesProblem`'s (they depend on the packs, which may need reading first).
 */
export function assertOptions(options: unknown): void {
  if (!isObject(options)) throw new TypeError(`ownit: options: expected an object, not ${kind(options)}`)
  const names = Object.keys(librarySchemas)
  for (const [name, value] of Object.entries(options)) {
    const schema = Object.hasOwn(librarySchemas, name) ? librarySchemas[name] : undefined
    if (!schema) {
      const guess = closest(name, names)
      throw new TypeError(`ownit: options: unknown option “${name}”, ${guess ? `did you mean “${guess}”?` : `expected one of: ${names.join(', ')}`}`)
    }
    // Left out, as TypeScript's optional fields allow.
    if (value === undefined) continue
    const problem = schemaProblem(schema, value, `options.${name}`)
    if (problem) throw problem
  }
  const packs = (options as { packs?: unknown[] }).packs ?? []
  for (const [index, pack] of packs.entries()) {
    if (typeof pack === 'object' && !Array.isArray((pack as Partial<Pack>).rules)) {
      throw new TypeError(`ownit: options.packs[${index}]: expected a path to a YAML pack or a pack from parsePack, not an object without rules`)
    }
  }
}

/**
 * The first rule id in `rules` that cannot be set with these packs, said as a config file
 * and the server say it (`options.rules: unknown rule “x”, did you mean “y”?`); undefined
 * when there is none.
 */
export function rulesProblem(options: { rules?: Readonly<Record<string, unknown>> | undefined; packs?: readonly Pack[] | undefined; builtin?: boolean | undefined }): RangeError | undefined {
  const ids = Object.keys(options.rules ?? {})
  if (ids.length === 0) return undefined
  const known = knownRuleIds(options.packs ?? [], options.builtin !== false)
  for (const id of ids) {
    const problem = ruleSettingProblem(id, known)
    if (problem) return new RangeError(`ownit: options.rules: ${problem}`)
  }
  return undefined
}

function schemaProblem(schema: Schema, value: unknown, path: string): TypeError | RangeError | undefined {
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type
    if (!types.some((type) => isOfType(value, type))) return new TypeError(`ownit: ${path}: expected ${schema.title ?? types.map(typeName).join(' or ')}, not ${kind(value)}`)
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    const guess = typeof value === 'string' ? closest(value, schema.enum) : undefined
    return new RangeError(`ownit: ${path}: expected ${list(schema.enum)}, not ${show(value)}${guess ? `; did you mean “${guess}”?` : ''}`)
  }
  if (Array.isArray(value)) {
    const seen = new Set<unknown>()
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const problem = schema.items && schemaProblem(schema.items, item, `${path}[${index}]`)
      if (problem) return problem
      if (schema.uniqueItems && seen.has(item)) return new RangeError(`ownit: ${path}: ${show(item)} is given twice`)
      seen.add(item)
    }
  } else if (schema.additionalProperties && isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const problem = schemaProblem(schema.additionalProperties, item, `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`)
      if (problem) return problem
    }
  }
  return undefined
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isOfType(value: unknown, type: string): boolean {
  return type === 'array' ? Array.isArray(value) : type === 'object' ? isObject(value) : typeof value === type
}

function typeName(type: string): string {
  return type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`
}

/** What a value is, for "expected …, not …": `number 5`, `string "fr"`, `an object`. */
function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return value instanceof Set ? 'a Set' : value instanceof Map ? 'a Map' : 'an object'
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`
  return `${typeof value} ${show(value)}`
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value !== 'string') return typeof value === 'object' && value !== null ? kind(value) : String(value)
  const shown = JSON.stringify(value)
  return shown.length > 60 ? `${shown.slice(0, 57)}…"` : shown
}

function list(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`
}
