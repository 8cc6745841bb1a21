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
import { categories, documentKinds, languages, type DocumentKind, type Pack } from '../types.js'
import { closest } from '../closest.js'
import { CompileError, compileRules } from '../compile.js'
import { loadBuiltinRuleset } from '../pack/load.js'
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
  // One word each, as a config's `words` and a line of .ownit-words: spelling checks words, so "two words" would never match.
  words: { type: 'array', items: { type: 'string', pattern: '^\\S+$', description: 'a single word, without spaces' } },
  // Not in a config file: the CLI reads each file by its name (or `--type`).
  type: { type: 'string', enum: [...documentKinds] }
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
  /** A string must match it (as JSON Schema's, with the `u` flag); `description` says what it means. */
  pattern?: string
  description?: string
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
  const allow = (options as { allow?: readonly string[] }).allow ?? []
  if (allow.length > 0 && !builtByOwnit.has(options)) {
    const problem = allowProblem(allow)
    if (problem) throw new RangeError(`ownit: options.${problem.field}: ${problem.message.split('\n')[0]!}`)
  }
}

/**
 * How `check` and `fix` read their text (`options.type`, default `text`), checked on every
 * call: it is not part of the key the compiled options are kept by (`compiledFor`), so a
 * call with options seen before but another `type` is not checked there. Throws as
 * `assertOptions` does: `ownit: options.type: expected text, markdown or html, not "md"`.
 */
export function documentType(options: { type?: unknown }): DocumentKind {
  const type = options.type
  if (type === undefined) return 'text'
  const problem = schemaProblem(librarySchemas.type!, type, 'options.type')
  if (problem) throw problem
  return type as DocumentKind
}

/**
 * Options ownit built itself (`optionsFor`: a config and the flags, or a server request
 * over the config). Their allowed phrases were checked where they were read (a config's,
 * with its file and line), or are placed by the caller: the server answers
 * `body/allow/0: …` from the engine's CompileError. A library caller's are checked by
 * `assertOptions`, as RangeErrors naming the option.
 */
const builtByOwnit = new WeakSet<object>()

/** Mark options as built by ownit (see `builtByOwnit`); returns them. */
export function markBuiltOptions<T extends object>(options: T): T {
  builtByOwnit.add(options)
  return options
}

/**
 * The first allowed phrase that does not compile (`allow[1]`, "missing “)”"), compiled as
 * the engine compiles it (with the shared word classes), or undefined.
 */
export function allowProblem(allow: readonly string[]): CompileError | undefined {
  const { shared } = loadBuiltinRuleset()
  try {
    compileRules({ rules: [], classesFor: () => (name) => shared.classes[name], sharedUnless: [], allow })
    return undefined
  } catch (error) {
    if (error instanceof CompileError) return error
    throw error
  }
}

/**
 * Check the text given to `check` and `fix`: a string. A String object is refused, not
 * converted, as any other object is (and as the options' strings are): `check(new String(…))`
 * found nothing at all, and a typed caller never passes one.
 */
export function assertText(text: unknown): asserts text is string {
  if (typeof text === 'string') return
  const hint = text instanceof String ? ' (pass a string: text.valueOf())' : ''
  throw new TypeError(`ownit: text: expected a string, not ${kind(text)}${hint}`)
}

/**
 * Why options that passed `assertOptions` still cannot be used as data (a pack object that
 * holds itself, a BigInt inside one): one line naming the option.
 */
export function unreadableOption(options: object, error: unknown): TypeError {
  for (const [name, value] of Object.entries(options)) {
    try {
      JSON.stringify(value)
    } catch (problem) {
      return new TypeError(`ownit: options.${name}: expected plain data, not ${describeUnreadable(problem)}`)
    }
  }
  return new TypeError(`ownit: options: expected plain data, not ${describeUnreadable(error)}`)
}

function describeUnreadable(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  return /circular/i.test(message) ? 'a value that holds itself (a cycle)' : `a value JSON cannot hold (${message})`
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
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    return new RangeError(`ownit: ${path}: expected ${schema.description ?? `text that matches /${schema.pattern}/`}, not ${show(value)}`)
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
  if (typeof value === 'object') return value instanceof Set ? 'a Set' : value instanceof Map ? 'a Map' : value instanceof String ? 'a String object' : 'an object'
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
