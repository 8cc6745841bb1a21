/**
 * Read rule packs from YAML: validate them against their schema and turn them into rules
 * that know their file and line. Every problem is one line naming the file, the line,
 * the rule and the field.
 */
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { assertUniqueIds, PackError } from './ids.js'
import { CompileError, compileRules, type SerializedProgram } from '../compile.js'
import type { Pack, Rule, SafePlace, Shared } from '../types.js'
import { builtinPackFiles, rulesDirectory, sharedClassesFile } from './paths.js'
import { classLookup } from './lookup.js'
import { checkSchema } from './schema.js'
import { readSnapshot, type CompiledProgram } from './snapshot.js'
import { describeFsError, readBoundedText, yamlData, yamlProblem } from '../input/read.js'

export { classLookup }

export { assertUniqueIds, PackError, uniquePacks } from './ids.js'

/** The shared classes and the packs that use them. */
export interface Ruleset {
  shared: Shared
  packs: Pack[]
  /** The packs compiled with default options, saved at build time (absent when read from YAML). */
  program?: SerializedProgram
  /** The same, already in memory form (from dist/builtin-rules.bin): used before `program`. */
  compiled?: { ruleCount: number; program: CompiledProgram }
}

export interface Parsed {
  data: unknown
  place: (path: ReadonlyArray<string | number>, atKey?: boolean) => { line: number; column: number }
}

export function parseYaml(text: string, file: string): Parsed {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  const problem = document.errors[0]
  if (problem) {
    const { line, col } = lineCounter.linePos(problem.pos[0])
    throw new PackError(`${file}:${line}:${col}: not valid YAML: ${yamlProblem(problem.message)}`)
  }
  const place = (path: ReadonlyArray<string | number>, atKey = false): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offsetOf(document, path, atKey))
    return { line, column: col }
  }
  const read = yamlData(document)
  if ('problem' in read) {
    if (read.offset === undefined) throw new PackError(`${file}: not valid YAML: ${read.problem}`)
    // Named as any other problem of the field: the rule (by its id, read from the syntax tree) and the field.
    const rules = document.get('rules')
    const ids = isSeq(rules) ? rules.items.map((item) => (isMap(item) ? item.get('id') : undefined)) : []
    fail(file, { data: { rules: ids.map((id) => ({ id })) }, place }, read.path ?? [], read.problem)
  }
  return { data: read.data, place }
}

export function offsetOf(document: Document, path: ReadonlyArray<string | number>, atKey: boolean): number {
  let node: unknown = document.contents
  let offset = (document.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0
  for (let index = 0; index < path.length; index++) {
    const key = path[index]
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key)
      if (!pair) break
      if (atKey && index === path.length - 1 && isScalar(pair.key)) return pair.key.range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
    } else {
      break
    }
    const range = (node as { range?: [number, number, number] } | null)?.range
    if (!range) break
    offset = range[0]
  }
  return offset
}

export function fail(file: string, parsed: Parsed, path: ReadonlyArray<string | number>, message: string, atKey = false, extraColumns = 0): never {
  const { line, column } = parsed.place(path, atKey)
  let where = ''
  let rest = path
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const id = ((parsed.data as { rules?: Array<{ id?: unknown }> }).rules?.[path[1]]?.id)
    where = `rule ${typeof id === 'string' ? id : `#${path[1] + 1}`}: `
    rest = path.slice(2)
  }
  if (atKey) rest = rest.slice(0, -1)
  const field = rest.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '')
  throw new PackError(`${file}:${line}:${column + extraColumns}: ${where}${field ? `${field}: ` : ''}${message}`)
}

interface RawRule {
  id: string
  category: Rule['category']
  severity: Rule['severity']
  mood?: Rule['mood']
  patterns: string[]
  unless?: string[]
  unlessScope?: Rule['unlessScope']
  reportedSpeech?: boolean
  message: string
  why: string
  suggest: Array<{ text: string; safe?: boolean; where?: SafePlace[] }>
  examples: { bad: string[]; good: string[]; fixed?: Array<{ bad: string; fixed: string }> }
}

/**
 * A check of a whole pack once it compiles (its examples, see `verifyExamples`): the first
 * problem found, placed by its path into the pack's YAML.
 */
export type PackCheck = (pack: Pack) => { path: Array<string | number>; message: string } | undefined

/**
 * Parse and validate one pack's YAML text. `file` is how the pack is named in errors.
 * Throws PackError on any problem, including a pattern that does not compile, and what
 * `verify` finds.
 */
export function parsePack(text: string, file: string, shared?: Shared, verify?: PackCheck): Pack {
  const parsed = parseYaml(text, file)
  if (parsed.data === null || parsed.data === undefined) fail(file, parsed, [], 'the pack is empty: it needs a list of `rules:` (see rules/README.md)')
  // The most likely slip: the rules alone, as a list, without the `rules:` that holds them.
  if (Array.isArray(parsed.data)) fail(file, parsed, [], 'expected a pack: a mapping with “rules:” (a list of rules), not a list (put `rules:` above it and indent it; see rules/README.md)')
  const problem = checkSchema('pack.schema.json', parsed.data)
  if (problem) fail(file, parsed, problem.path, problem.message, problem.atKey)
  const data = parsed.data as { classes?: Record<string, string[]>; rules: RawRule[] }
  const seen = new Set<string>()
  const rules = data.rules.map((raw, index): Rule => {
    if (seen.has(raw.id)) fail(file, parsed, ['rules', index, 'id'], `duplicate rule id “${raw.id}”`)
    seen.add(raw.id)
    const suggest = raw.suggest.map((suggestion) => ({ text: suggestion.text, safe: suggestion.safe === true, ...(suggestion.where ? { where: suggestion.where } : {}) }))
    const placedUnsafe = raw.suggest.findIndex((suggestion) => suggestion.where && suggestion.safe !== true)
    if (placedUnsafe >= 0) fail(file, parsed, ['rules', index, 'suggest', placedUnsafe, 'where'], 'where says where a safe suggestion is applied: set safe: true, or remove where')
    if (suggest.some((suggestion) => suggestion.safe) && !(raw.examples.fixed && raw.examples.fixed.length > 0)) {
      fail(file, parsed, ['rules', index, 'examples'], 'a safe suggestion needs examples.fixed (bad → fixed pairs)')
    }
    const { line, column } = parsed.place(['rules', index])
    return {
      id: raw.id,
      category: raw.category,
      severity: raw.severity,
      mood: raw.mood ?? 'any',
      patterns: raw.patterns,
      unless: raw.unless ?? [],
      unlessScope: raw.unlessScope ?? 'sentence',
      reportedSpeech: raw.reportedSpeech === true,
      message: raw.message,
      why: raw.why,
      suggest,
      examples: { bad: raw.examples.bad, good: raw.examples.good, fixed: raw.examples.fixed ?? [] },
      source: { file, line, column }
    }
  })
  const pack: Pack = { file, classes: data.classes ?? {}, rules }
  // Compile now, so that a broken pattern is reported against this file.
  try {
    compileRules({ rules, classesFor: () => classLookup(pack, shared), sharedUnless: [] })
  } catch (error) {
    if (error instanceof CompileError && error.rule) {
      const index = rules.indexOf(error.rule)
      const [field, position] = error.field.split(/[[\]]/)
      fail(file, parsed, ['rules', index, field!, Number(position)], error.message, false, error.column)
    }
    throw error
  }
  const contradiction = verify?.(pack)
  if (contradiction) fail(file, parsed, contradiction.path, contradiction.message)
  return pack
}

/** Parse and validate the shared classes file. */
export function parseShared(text: string, file: string): Shared {
  const parsed = parseYaml(text, file)
  const problem = checkSchema('classes.schema.json', parsed.data)
  if (problem) fail(file, parsed, problem.path, problem.message, problem.atKey)
  const data = parsed.data as { classes: Record<string, string[]>; unless?: string[] }
  const shared: Shared = { file, classes: data.classes, unless: data.unless ?? [] }
  try {
    compileRules({ rules: [], classesFor: () => (name) => shared.classes[name], sharedUnless: shared.unless })
  } catch (error) {
    if (error instanceof CompileError) {
      const position = Number(error.field.split(/[[\]]/)[1])
      fail(file, parsed, ['unless', position], error.message, false, error.column)
    }
    throw error
  }
  return shared
}


/** Read a pack from disk; a file that cannot be read is a PackError too. */
export function readPack(path: string, shared?: Shared, displayName = path, verify?: PackCheck): Pack {
  return parsePack(readText(path, displayName), displayName, shared, verify)
}

/** A pack file that cannot be read (missing, a folder, not readable): `reason` says why, for a config to name its own field. */
export class PackReadError extends PackError {
  constructor(
    displayName: string,
    readonly reason: string
  ) {
    super(`${displayName}: cannot read rule pack (${reason})`)
  }
}

function readText(path: string | URL, displayName: string): string {
  try {
    return readBoundedText(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new PackReadError(displayName, code === 'ENOENT' ? 'no such file' : describeFsError(error))
  }
}

let builtin: Ruleset | undefined

/**
 * The bundled packs and shared classes, read and validated once. `npm run build` saves
 * them validated as JSON (dist/builtin-rules.json), which loads several times faster than
 * YAML plus schema checks, and with their compiled matcher in binary form (faster
 * still, see snapshot.ts); the YAML is read instead whenever a pack is newer than those.
 */
export function loadBuiltinRuleset(): Ruleset {
  builtin ??= readPrebuilt() ?? readBuiltinYaml()
  return builtin
}

/** Read and validate the bundled YAML packs. */
export function readBuiltinYaml(): Ruleset {
  const shared = parseShared(readText(new URL(sharedClassesFile, rulesDirectory), `rules/${sharedClassesFile}`), `rules/${sharedClassesFile}`)
  const packs = builtinPackFiles.map((name) => readPack(fileURLToPath(new URL(name, rulesDirectory)), shared, `rules/${name}`))
  assertUniqueIds(packs)
  return { shared, packs }
}

export const prebuiltFile = new URL('../builtin-rules.json', import.meta.url)

function readPrebuilt(): Ruleset | undefined {
  if (!builtSince(prebuiltFile, [sharedClassesFile, ...builtinPackFiles].map((name) => new URL(name, rulesDirectory)))) return undefined
  try {
    return readSnapshot() ?? (JSON.parse(readFileSync(prebuiltFile, 'utf8')) as Ruleset)
  } catch {
    return undefined
  }
}

/** Whether `built` (a file the build writes) exists and is no older than any of `sources`. */
export function builtSince(built: URL, sources: readonly URL[]): boolean {
  try {
    const time = statSync(built).mtimeMs
    return sources.every((source) => statSync(source).mtimeMs <= time)
  } catch {
    return false
  }
}

