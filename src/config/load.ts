/**
 * Read one configuration file: parse it (JSON or YAML), validate it against the schema,
 * resolve its packs, and check its rule ids. Every problem is one ConfigError line naming
 * the file, line, column and field.
 */
import type { Language } from '../spell/sources.js'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import type { ValidateFunction } from 'ajv'
import stripJsonComments from 'strip-json-comments'
import { LineCounter, parseDocument } from 'yaml'
import { CompileError, compileRules } from '../compile.js'
import { loadBuiltinRuleset, offsetOf, PackError, PackReadError, readPack } from '../pack/load.js'
import { compileSchema, firstProblem } from '../pack/schema.js'
import { verifyExamples } from '../pack/verify.js'
import type { Category, Pack, Severity } from '../types.js'
import { configSchema } from './schema.js'
import { jsonProblem } from './json.js'
import { knownRuleIds, ruleSettingProblem } from './rule-ids.js'
import { describeFsError, readBoundedText, yamlData, yamlProblem } from '../input/read.js'

// Defined in rule-ids.ts (no file system there, for the browser build); document.ts imports them from here.
export { knownRuleIds, ruleSettingProblem, unknownRule } from './rule-ids.js'

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** An extra template syntax, like `[[` … `]]`. */
export interface Placeholder {
  open: string
  close: string
}

/** A configuration, validated, with its packs loaded. */
export interface Config {
  /** The file, as shown in messages (relative to the working directory). */
  file: string
  rules: Record<string, Severity | 'off'>
  categories: Category[] | undefined
  packs: Pack[]
  allow: string[]
  words: string[]
  language: Language | undefined
  spelling: boolean | undefined
  speakers: { agent?: string[]; customer?: string[] }
  placeholders: Placeholder[]
}

interface RawConfig {
  rules?: Record<string, Severity | 'off'>
  categories?: Category[]
  packs?: string[]
  allow?: string[]
  words?: string[]
  language?: Language
  spelling?: boolean
  speakers?: { agent?: string[]; customer?: string[] }
  placeholders?: Placeholder[]
}

let validate: ValidateFunction | undefined

/**
 * Whether a package.json may hold an `"ownit"` field. Most projects' package.json has none
 * and is passed over: `JSON.parse` says so in microseconds, where the checks below (the JSON
 * grammar, the YAML parser that places each field) cost a cold start ~20 ms. Text that
 * `JSON.parse` refuses may: it is read as any config is, to say what is wrong with it.
 */
function hasOwnitField(text: string): boolean {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''))
  } catch {
    return true
  }
  return data !== null && typeof data === 'object' && Object.hasOwn(data, 'ownit')
}

/**
 * Read the configuration in `path`. Returns undefined for a package.json without an
 * `"ownit"` field. Throws ConfigError on any problem.
 */
export function readConfig(path: string, cwd = process.cwd()): Config | undefined {
  const file = displayPath(path, cwd)
  let text: string
  try {
    text = readBoundedText(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(`${file}: cannot read config (${code === 'ENOENT' ? 'no such file' : describeFsError(error)})`)
  }
  if (basename(path) === 'package.json' && !hasOwnitField(text)) return undefined
  const isJson = extname(path).toLowerCase() === '.json'
  if (isJson) {
    // A byte order mark (as some Windows editors save JSON) is not JSON but says nothing wrong.
    text = text.replace(/^\ufeff/, '')
    // JSON's own grammar, with comments and trailing commas as in tsconfig.json, and each key
    // once: the YAML parser below (which gives each field its place) reads much that is not
    // JSON, and words its complaints for YAML.
    // An empty file is not JSON, and not "no config" either: more often a failed write or
    // redirect than a choice (a YAML config of comments only, as --init writes, sets nothing).
    if (text.trim() === '') throw new ConfigError(`${file}:1:1: the file is empty: expected a JSON object (write {} for a config that sets nothing)`)
    const problem = jsonProblem(text, { jsonc: true, uniqueKeys: true })
    if (problem) throw new ConfigError(`${file}:${problem.line}:${problem.column}: ${problem.kind === 'syntax' ? 'not valid JSON: ' : ''}${problem.message}`)
    // For the YAML parser, comments become spaces, so places hold. (Not jsonc-parser's
    // stripComments: in 3.3.1 it keeps one character too many of each comment, moving what follows.)
    text = stripJsonComments(text, { trailingCommas: true })
  }
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const problem = document.errors[0]
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0])
    // A key given twice in YAML (JSON's were found above), or, past the JSON check, what YAML
    // refuses in valid JSON: nesting too deep.
    if (problem.code === 'DUPLICATE_KEY') throw new ConfigError(`${file}:${line}:${col}: a key given twice: each key may appear once`)
    throw new ConfigError(`${file}:${line}:${col}: not valid ${isJson ? 'JSON' : 'YAML'}: ${yamlProblem(problem.message)}`)
  }
  const read = yamlData(document)
  if ('problem' in read) {
    if (read.offset === undefined) throw new ConfigError(`${file}: not valid ${isJson ? 'JSON' : 'YAML'}: ${read.problem}`)
    const { line, col } = lineCounter.linePos(read.offset)
    const field = fieldName(read.path ?? [])
    throw new ConfigError(`${file}:${line}:${col}: ${field ? `${field}: ` : ''}${read.problem}`)
  }
  let data = read.data
  const prefix: string[] = []
  if (basename(path) === 'package.json') {
    if (data === null || typeof data !== 'object' || !('ownit' in data)) return undefined
    data = (data as { ownit: unknown }).ownit
    prefix.push('ownit')
  }
  // A YAML config of comments only (as --init writes) sets nothing; a `null` written out
  // (`null` in .ownitrc.json, `"ownit": null` in package.json) is refused as `[]` is.
  if (data === undefined || (data === null && !isJson && prefix.length === 0 && document.contents === null)) data = {}
  const fail = (path: ReadonlyArray<string | number>, message: string, atKey = false): never => {
    const { line, col } = lineCounter.linePos(offsetOf(document, [...prefix, ...path], atKey))
    // An unknown key is named in the message; the field is where it sits.
    const fieldPath = atKey ? path.slice(0, -1) : path
    const field = fieldName([...prefix, ...fieldPath])
    throw new ConfigError(`${file}:${line}:${col}: ${field ? `${field}: ` : ''}${message}`)
  }
  const schemaProblem = firstProblem((validate ??= compileSchema(configSchema)), data)
  if (schemaProblem) fail(schemaProblem.path, schemaProblem.message, schemaProblem.atKey)
  const raw = data as RawConfig
  const folder = dirname(resolve(path))
  const ruleset = loadBuiltinRuleset()
  const packs = (raw.packs ?? []).map((spec, index) => {
    const packPath = resolvePack(spec, folder) ?? fail(['packs', index], `cannot find rule pack “${spec}” (a path relative to ${file}, or an npm package that ships a .yml pack)`)
    try {
      return readPack(packPath, ruleset.shared, displayPath(packPath, cwd), verifyExamples)
    } catch (error) {
      // A pack that cannot be read is the config's problem, at its field; one that is broken, the pack's, at its line.
      if (error instanceof PackReadError) fail(['packs', index], `cannot read rule pack “${spec}” (${error.reason})`)
      if (error instanceof PackError) throw new ConfigError(error.message)
      throw error
    }
  })
  const allow = raw.allow ?? []
  try {
    compileRules({ rules: [], classesFor: () => (name) => ruleset.shared.classes[name], sharedUnless: [], allow })
  } catch (error) {
    if (!(error instanceof CompileError)) throw error
    const index = Number(error.field.split(/[[\]]/)[1] ?? 0)
    fail(['allow', Number.isNaN(index) ? 0 : index], error.message)
  }
  const known = knownRuleIds(packs)
  for (const id of Object.keys(raw.rules ?? {})) {
    const problem = ruleSettingProblem(id, known)
    if (problem) fail(['rules', id], problem, true)
  }
  return {
    file,
    rules: raw.rules ?? {},
    categories: raw.categories,
    packs,
    allow,
    words: raw.words ?? [],
    language: raw.language,
    spelling: raw.spelling,
    speakers: raw.speakers ?? {},
    placeholders: raw.placeholders ?? []
  }
}

/** A field as messages name it: `rules.x`, `packs[1]`. */
function fieldName(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '')
}

/**
 * A pack named in a config: a path (relative to the config's folder), or an npm package
 * (or a file inside one) resolved from that folder, like sharable configs.
 */
function resolvePack(spec: string, folder: string): string | undefined {
  if (spec.startsWith('.') || isAbsolute(spec)) return resolve(folder, spec)
  const require = createRequire(join(folder, 'noop.js'))
  try {
    const resolved = require.resolve(spec)
    if (/\.ya?ml$/i.test(resolved)) return resolved
  } catch {
    // Not resolvable as written: try the package's own "ownit" field below.
  }
  try {
    const manifestPath = require.resolve(`${spec}/package.json`)
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { ownit?: { pack?: unknown } }
    const pack = manifest.ownit?.pack
    return typeof pack === 'string' ? resolve(dirname(manifestPath), pack) : undefined
  } catch {
    return undefined
  }
}

/** `path` as reports name it: relative to `cwd` when it is inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, resolve(path))
  return relativePath && !relativePath.startsWith('..') && !isAbsolute(relativePath) ? relativePath : resolve(path)
}
