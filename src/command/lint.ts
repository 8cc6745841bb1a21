/**
 * The default command: lint files, folders, globs or stdin, and report, fix, list or
 * explain rules, or write a starter config.
 */
import { replaceFile } from '../input/write.js'
import { extname, resolve } from 'node:path'
import { toOwnitMessage } from '../api.js'
import { ConfigFinder, folderOf } from '../config/find.js'
import { ConfigError, displayPath, readConfig, type Config } from '../config/load.js'
import { knownRuleIds, ruleSettingProblem } from '../config/rule-ids.js'
import { optionsFor, placeholdersFor, type Overrides } from '../config/options.js'
import { fixDocument, lintDocument } from '../document.js'
import { expandInputs } from '../input/files.js'
import { macroTypeOf, readMacros, templateSource, type MacroProblem, type MacroSource, type MacroType } from '../input/macros.js'
import { kindOf, loadProse, NestingError, type DocumentKind } from '../input/prose.js'
import { fixMacros, lintMacros } from '../macros.js'
import { decodeInput, describeFsError, InputError, readInputBytes, readTextInput, type Decoded } from '../input/read.js'
import { assertUniqueIds, loadBuiltinRuleset, PackError, readPack, uniquePacks } from '../pack/load.js'
import { verifyExamples } from '../pack/verify.js'
import { closest } from '../closest.js'
import { formatCompact } from '../report/compact.js'
import { formatGithub } from '../report/github.js'
import { jsonItem, type FileResult } from '../report/json.js'
import { sarifParts, type SarifFailure } from '../report/sarif.js'
import { stylishParts } from '../report/stylish.js'
import { printable } from '../printable.js'
import { findWordsFile, readWordsFile } from '../spell/words-file.js'
import { categories, severities, type Category, type FileError, type Pack, type Severity } from '../types.js'
import { runInit } from './init.js'
import { listFormats, type InputType, type LintArgs } from './lint-flags.js'
import { emptyFlag, givenNumber, notThat, UsageError, type Io } from './io.js'
import { checksInForce, formatExplain, formatRuleList, rulesInForce } from './rules.js'
import type { VFile } from 'vfile'

const ruleSettings = ['off', ...severities] as const

const templateExtensions = ['.liquid', '.hbs', '.handlebars', '.mustache']

/** How one input is read: as a document of a kind, as macro data, or as a template. */
type Route = { kind: 'document'; document: DocumentKind } | { kind: 'macros'; type: MacroType } | { kind: 'template' }

function routeOf(path: string, type: InputType | undefined): Route {
  if (type === 'template') return { kind: 'template' }
  if (type === 'text' || type === 'markdown' || type === 'html') return { kind: 'document', document: type }
  if (type) return { kind: 'macros', type }
  if (path === '-') return { kind: 'document', document: 'text' }
  const data = macroTypeOf(path)
  if (data) return { kind: 'macros', type: data }
  if (templateExtensions.includes(extname(path).toLowerCase())) return { kind: 'template' }
  return { kind: 'document', document: kindOf(path) }
}

interface Context {
  args: LintArgs
  io: Io
  cwd: string
  version: string
  overrides: Overrides
  configFor: (path: string) => Config | undefined
}

/** Run the default command; resolves to the exit code. Throws UsageError for exit code 2. */
export async function runLint(args: LintArgs, io: Io, version: string, cwd = process.cwd()): Promise<number> {
  const empty = emptyFlag(args as unknown as Record<string, unknown>, ['config', 'pack', 'category'])
  if (empty) throw new UsageError(empty)
  if (args.maxWarnings !== undefined && !(Number.isInteger(args.maxWarnings) && args.maxWarnings >= 0)) {
    throw new UsageError(`--max-warnings: expected a whole number of 0 or more, ${notThat(args.maxWarnings, givenNumber('max-warnings'))}`)
  }
  for (const pointer of list(args.fields)) {
    if (!pointer.startsWith('/')) throw new UsageError(`--fields ${pointer}: expected a path starting with /, like /macros/*/body`)
  }
  if (args.fix && args.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together: pick one')
  // --init, --list-rules and --explain lint nothing: files given with them were meant for a run of their own.
  const noFiles = args.init ? '--init' : args.listRules ? '--list-rules' : args.explain !== undefined ? '--explain' : undefined
  const files = list(args.files)
  if (noFiles && files.length > 0) {
    const named = files.length > 3 ? `${files.slice(0, 3).join(' ')} …` : files.join(' ')
    throw new UsageError(`${noFiles} takes no files (given: ${named}); lint them in a run of their own: ownit ${named}`)
  }
  if (args.init) {
    io.stdout(runInit(cwd))
    return 0
  }
  const packs = guard(() => list(args.pack).map((path) => readPack(resolve(cwd, path), loadBuiltinRuleset().shared, displayPath(resolve(cwd, path), cwd), verifyExamples)))
  const overrides: Overrides = { rules: parseRuleFlags(list(args.rule)), categories: parseCategoryFlags(list(args.category)), packs, builtin: args.builtin !== false, spelling: args.spelling === false ? false : undefined, language: args.language }
  const finder = new ConfigFinder(cwd)
  let explicit: Config | undefined
  if (typeof args.config === 'string') explicit = guard(() => readConfig(args.config as string, cwd)) ?? undefined
  if (typeof args.config === 'string' && !explicit) throw new UsageError(`${args.config}: no "ownit" field in this package.json`)
  // Rule ids are unique over the packs a run uses: the bundled ones, --pack's, a config's.
  // (Only with packs of one's own: the bundled ones are read only when a run needs them.)
  const builtinPacks = (): Pack[] => (overrides.builtin ? loadBuiltinRuleset().packs : [])
  if (overrides.packs.length > 0) guard(() => assertUniqueIds(uniquePacks([...builtinPacks(), ...overrides.packs])))
  const idsChecked = new WeakSet<Config>()
  const configFor = (path: string): Config | undefined => {
    const config = args.config === false ? undefined : explicit ?? guard(() => finder.forFolder(folderOf(path)))
    if (config && config.packs.length > 0 && !idsChecked.has(config)) {
      guard(() => assertUniqueIds(uniquePacks([...builtinPacks(), ...config.packs, ...overrides.packs])))
      idsChecked.add(config)
    }
    return config
  }
  const context: Context = { args, io, cwd, version, overrides, configFor }

  if (args.listRules || args.explain !== undefined) {
    // A rule list is a table or JSON; an explanation is text. A report format (SARIF, a
    // GitHub annotation) has nothing to say about rules: refused, not ignored.
    const formats: readonly string[] = args.listRules ? listFormats : ['stylish']
    if (!formats.includes(args.format)) {
      throw new UsageError(
        args.listRules
          ? `--list-rules: --format ${args.format} is for reports of problems; the rule list prints as a table (stylish, the default) or as json`
          : `--explain: --format ${args.format} is for reports of problems; an explanation prints as text only`
      )
    }
    const config = configFor('-')
    checkRuleFlags(overrides, [config])
    const entries = rulesInForce(config, overrides)
    const others = checksInForce(config, overrides, args.reportUnusedDisables)
    const text = args.listRules ? formatRuleList(entries, others, args.format === 'json') : formatExplain(args.explain!, entries, others)
    io.stdout(text + '\n')
    return 0
  }

  const inputs = args.files ?? []
  if (inputs.length === 0) throw new UsageError('no input: give files, folders or globs to lint, or - to read stdin')
  if (inputs.filter((input) => input === '-').length > 1) throw new UsageError('- (stdin) can be given only once')
  return lint(inputs, context)
}

async function lint(inputs: readonly string[], context: Context): Promise<number> {
  const { args, io } = context
  const { files: paths, errors, walked, onlyData } = expandInputs(inputs, context.cwd)
  let inputFailed = false
  // What stopped part of the run (exit code 2), also for the report: SARIF must not read as a clean run.
  const failures: SarifFailure[] = []
  /** One line on stderr for an input, config or output that could not be used; the others go on. A file name's control characters are escaped, to keep it one line. */
  const fail = (message: string, path?: string): void => {
    io.stderr(`ownit: ${printable(message)}\n`)
    failures.push({ message, path })
    inputFailed = true
  }
  /** A document too deeply nested to read (`NestingError`): one line; the others are still linted. */
  const skipNested = (name: string, error: unknown): void => {
    if (!(error instanceof NestingError)) throw error
    fail(`${name}: ${error.message}`, name)
  }
  for (const error of errors) fail(error.message)
  // Read every config first. A broken one is one line, and only the files it governs are
  // skipped: the other files are still linted and reported (unified-engine).
  const configErrors = new Map<number, string>()
  const configs = paths.map((path, index) => {
    try {
      return context.configFor(path)
    } catch (error) {
      if (!(error instanceof UsageError)) throw error
      configErrors.set(index, error.message)
      return undefined
    }
  })
  for (const message of new Set(configErrors.values())) fail(message)
  checkRuleFlags(context.overrides, configs)

  const stdinFixed = args.fix && paths.includes('-')
  // With --fix -, standard output holds the fixed reply: the problems left go to stderr,
  // one line each, so that an exit code of 1 comes with its reason.
  const report = new Report(args.fixDryRun ? undefined : stdinFixed ? 'compact' : args.format, stdinFixed ? io.stderr : io.stdout, context, failures)
  const linted = new Set<string>()
  const wordsErrors = new Set<string>()
  const knownIds = new Map<Config | undefined, string[]>()
  const knownIdsFor = (config: Config | undefined): string[] => {
    let ids = knownIds.get(config)
    if (!ids) knownIds.set(config, (ids = knownRuleIds([...(config?.packs ?? []), ...context.overrides.packs], context.overrides.builtin)))
    return ids
  }
  let fixes = 0
  let fixedFiles = 0
  // The diff library is loaded only for a dry run, like the Markdown and HTML readers.
  const formatDiff = args.fixDryRun ? (await import('../report/diff.js')).formatDiff : () => ''
  // A run stopped by an error still ends its report: the JSON written so far stays a document.
  try {
    for (const [index, path] of paths.entries()) {
      if (configErrors.has(index)) continue
      const name = path === '-' ? '<stdin>' : path
      let decoded: Decoded
      try {
        decoded = path === '-' ? decodeInput(readInputBytes(io.readStdin, name), name) : readTextInput(resolve(context.cwd, path), name)
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        fail(error.message, name)
        continue
      }
      let text = decoded.text
      const config = configs[index]
      let words: string[] = []
      if (args.spelling !== false) {
        try {
          words = wordsFor(path === '-' ? context.cwd : folderOf(resolve(context.cwd, path)))
        } catch (error) {
          // Like a broken config: the files it governs are skipped, the others still linted.
          if (!(error instanceof InputError)) throw error
          if (!wordsErrors.has(error.message)) fail(error.message)
          wordsErrors.add(error.message)
          inputFailed = true
          continue
        }
      }
      const route = routeOf(path, args.type)
      const options = optionsFor(config, context.overrides, words)
      // Rule ids of this run, for a directive that names none (a typo): read only for a file with such a directive.
      const known = (): readonly string[] => knownIdsFor(config)
      if (route.kind !== 'document') {
        const read = (current: string): MacroSource => (route.kind === 'template' ? templateSource(current) : readMacros(current, name, route.type, list(args.fields)))
        // JSON and YAML met in a folder walk are linted only when they hold macros.
        const optional = route.kind === 'macros' && walked.has(path) && args.type === undefined
        let source: MacroSource
        try {
          source = read(text)
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          if (optional) continue
          fail(error.message, name)
          continue
        }
        if (optional && source.fields.length === 0 && source.problems.length === 0) continue
        // Kept apart from the fields' problems: a fix reads the fields again.
        const unmatched: MacroProblem[] = optional
          ? []
          : source.unmatched.map((pointer) => {
              const message = `--fields ${pointer}: matches nothing in this file`
              return { text: `${name}:1:1: ${message}`, message, line: 1, column: 1 }
            })
        for (const problem of [...source.problems, ...unmatched]) fail(problem.text, name)
        if (source.fields.some((field) => field.html)) await loadProse('html')
        try {
          const fixed = args.fix || args.fixDryRun ? fixMacros(text, read, options) : undefined
          if (fixed && !refuseFix(path, decoded, fixed.text, fail)) {
            if (fixed.text !== text) {
              fixes += fixed.applied.length
              fixedFiles++
              // Each file's diff goes out as it is made: a dry run over many files is never one string.
              if (args.fixDryRun) io.stdout(formatDiff(name, text, fixed.text))
              else if (path !== '-' && !write(resolve(context.cwd, path), name, fixed.text, decoded.bom, fail)) inputFailed = true
              // What is left after the fixes is linted, dry run or not: it sets the exit code.
              source = read(fixed.text)
            }
            if (path === '-' && args.fix) io.stdout(fixed.text)
            text = fixed.text
          } else if (fixed) {
            inputFailed = true
          }
          report.add(lintMacros(name, text, source, options, args.reportUnusedDisables, known), [...source.problems, ...unmatched].map(fileError))
        } catch (error) {
          skipNested(name, error)
        }
        linted.add(path)
        continue
      }
      await loadProse(route.document)
      const settings = { kind: route.document, options, reportUnusedDisables: args.reportUnusedDisables, knownRuleIds: known }
      try {
        const fixed = args.fix || args.fixDryRun ? guard(() => fixDocument(name, text, settings, placeholdersFor(config))) : undefined
        if (fixed && !refuseFix(path, decoded, fixed.text, fail)) {
          if (fixed.text !== text) {
            fixes += fixed.applied.length
            fixedFiles++
            if (args.fixDryRun) io.stdout(formatDiff(name, text, fixed.text))
            else if (path !== '-' && !write(resolve(context.cwd, path), name, fixed.text, decoded.bom, fail)) inputFailed = true
          }
          if (path === '-' && args.fix) io.stdout(fixed.text)
          text = fixed.text
        } else if (fixed) {
          inputFailed = true
        }
        report.add(guard(() => lintDocument(name, text, settings)))
      } catch (error) {
        skipNested(name, error)
      }
    }
  } catch (error) {
    // A problem that stops the run (a pack that cannot be read) is printed by the caller; the report says it too.
    if (error instanceof UsageError) failures.push({ message: error.message })
    report.end()
    throw error
  }

  for (const { error, files: found } of onlyData) {
    if (found.some((path) => linted.has(path))) continue
    fail(error.message)
  }
  if (args.fixDryRun) {
    io.stderr(`ownit: ${fixes} fix${fixes === 1 ? '' : 'es'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'} (dry run: nothing written)\n`)
  } else {
    report.end()
    if (args.fix && !stdinFixed) io.stderr(`ownit: fixed ${fixes} problem${fixes === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}\n`)
  }

  if (inputFailed) return 2
  let failed = report.failed
  const warnings = report.warnings
  if (args.maxWarnings !== undefined && args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    io.stderr(`ownit: too many warnings (${warnings}; --max-warnings is ${args.maxWarnings})\n`)
    failed = true
  }
  return failed ? 1 : 0
}

/**
 * The report of a run, written as the files are linted where the format allows: JSON,
 * compact and GitHub lines go out a file at a time, so that no more than one file's
 * messages are held, and the report is never one string (a run of many files full of
 * problems passed V8's longest string and crashed). SARIF, whose rules come before its
 * results, and the default report, which aligns its columns over all files, are written
 * at the end, in parts. Counts what the exit code needs.
 */
class Report {
  /** Some message at or above `--fail-on`. */
  failed = false
  warnings = 0
  private readonly threshold: number
  private readonly quiet: boolean
  private readonly kept: VFile[] = []
  private readonly notLinted = new Map<VFile, number>()
  private readonly results: FileResult[] = []
  private items = 0
  private pending = ''
  private ended = false

  /** `format` undefined: nothing is written (a dry run prints its diff instead). */
  constructor(
    private readonly format: LintArgs['format'] | undefined,
    private readonly write: (text: string) => void,
    private readonly context: Context,
    /** What stopped part of the run, for the SARIF invocation (held by reference: it grows as the run goes). */
    private readonly failures: readonly SarifFailure[]
  ) {
    this.threshold = severities.indexOf(context.args.failOn)
    this.quiet = context.args.quiet
  }

  /**
   * `errors`: the fields of the file that could not be read (each said on stderr); the
   * default report says how many in the file's header, JSON lists them.
   */
  add(file: VFile, errors: readonly FileError[] = []): void {
    if (this.quiet) file.messages = file.messages.filter((message) => message.severity === 'error')
    for (const message of file.messages) {
      const severity = message.severity ?? 'info'
      if (severities.indexOf(severity) <= this.threshold) this.failed = true
      if (severity === 'warning') this.warnings++
    }
    switch (this.format) {
      case undefined:
        return
      case 'stylish':
        this.kept.push(file)
        if (errors.length > 0) this.notLinted.set(file, errors.length)
        return
      case 'sarif':
        // Each error is already one of the run's failures: a notification of the invocation.
        this.results.push(resultOf(file))
        return
      case 'json':
        this.out(`${this.items++ === 0 ? '[\n' : ',\n'}${jsonItem(resultOf(file, errors))}`)
        return
      case 'github':
      case 'compact': {
        const lines = (this.format === 'github' ? formatGithub : formatCompact)([resultOf(file)])
        if (lines) this.out(`${lines}\n`)
      }
    }
  }

  /** Write what is held and close the report; once. */
  end(): void {
    if (this.ended) return
    this.ended = true
    const { args, io, version } = this.context
    if (this.format === 'json') this.out(this.items === 0 ? '[]\n' : '\n]\n')
    const parts =
      this.format === 'sarif'
        ? sarifParts(this.results, { version, informationUri: 'https://github.com/ownit/ownit' }, this.failures)
        : this.format === 'stylish'
          ? stylishParts(this.kept, { color: args.color ?? io.isTTY, quiet: args.quiet, notLinted: this.notLinted })
          : undefined
    if (parts) {
      let any = false
      for (const part of parts) {
        if (part) any = true
        this.out(part)
      }
      if (any) this.out('\n')
    }
    this.flush()
  }

  /** Written in pieces of about a megabyte: one write per file of a folder of small ones costs, one string of everything crashes. */
  private out(text: string): void {
    this.pending += text
    if (this.pending.length >= 1 << 20) this.flush()
  }

  private flush(): void {
    if (this.pending) this.write(this.pending)
    this.pending = ''
  }
}

/** A linted file as the report formats take it, with what of it could not be read. */
function resultOf(file: VFile, errors: readonly FileError[] = []): FileResult {
  return { path: file.path, messages: file.messages.map(toOwnitMessage), ...(errors.length > 0 ? { errors } : {}) }
}

/** A macro problem as the JSON report gives it: the line on stderr in parts. */
function fileError(problem: MacroProblem): FileError {
  return { message: problem.message, line: problem.line, column: problem.column, ...(problem.macro ? { macro: problem.macro } : {}) }
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** `--category` flags, each one of the categories (a comma-separated list works too). */
export function parseCategoryFlags(flags: readonly string[]): Category[] | undefined {
  if (flags.length === 0) return undefined
  const names = flags.flatMap((flag) => flag.split(',')).map((name) => name.trim()).filter(Boolean)
  // No category named would check nothing at all, and pass.
  if (names.length === 0) throw new UsageError(`--category: expected one or more of: ${categories.join(', ')}`)
  for (const name of names) {
    if (!(categories as readonly string[]).includes(name)) {
      const guess = closest(name, categories)
      throw new UsageError(`--category ${name}: unknown category${guess ? `, did you mean “${guess}”?` : `, expected one of: ${categories.join(', ')}`}`)
    }
  }
  return names as Category[]
}

/** `--rule id=severity` flags, checked for shape; ids are checked once configs are read. */
export function parseRuleFlags(flags: readonly string[]): Record<string, Severity | 'off'> {
  const rules: Record<string, Severity | 'off'> = {}
  for (const flag of flags) {
    const match = /^([^=\s]+)=([a-z]+)$/.exec(flag.trim())
    if (!match) throw new UsageError(`--rule ${flag}: expected ID=off|info|warning|error, like --rule not-my-fault=off`)
    const setting = match[2] as Severity | 'off'
    if (!ruleSettings.includes(setting)) throw new UsageError(`--rule ${flag}: expected off, info, warning or error, not “${match[2]}”`)
    rules[match[1]!] = setting
  }
  return rules
}

function checkRuleFlags(overrides: Overrides, configs: ReadonlyArray<Config | undefined>): void {
  const ids = Object.keys(overrides.rules)
  if (ids.length === 0) return
  const packs = [...overrides.packs, ...configs.flatMap((config) => config?.packs ?? [])]
  const known = [...new Set(knownRuleIds(packs, overrides.builtin))]
  for (const id of ids) {
    const problem = ruleSettingProblem(id, known)
    if (problem) throw new UsageError(`--rule ${id}: ${problem}`)
  }
}

/**
 * Whether fixes to a file must not be written (nor shown by a dry run, whose exit code is
 * that of --fix): a file in UTF-16 would come back as UTF-8, and changing a file's
 * encoding is not a fix. Says so in one line; the file is reported as it is.
 */
function refuseFix(path: string, decoded: Decoded, fixed: string, fail: (message: string, path?: string) => void): boolean {
  // Standard input's fixed text goes to standard output, which is UTF-8 like the reports.
  if (path === '-' || decoded.encoding === 'utf-8' || fixed === decoded.text) return false
  const label = decoded.encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'
  fail(`${path}: not fixed: it is ${label} text, and --fix writes only UTF-8 (save it as UTF-8 to fix it)`, path)
  return true
}

/** Write a fixed file; a failure is one line on stderr. */
function write(path: string, name: string, text: string, bom: boolean, fail: (message: string, path?: string) => void): boolean {
  try {
    // The text was read without its byte order mark (columns count from after it): the
    // file keeps it, as it keeps every other byte the fixes do not touch.
    replaceFile(path, bom ? `\ufeff${text}` : text)
    return true
  } catch (error) {
    fail(`${name}: cannot write the fixes (${describeFsError(error)})`, name)
    return false
  }
}

/** Config and pack problems are usage errors: one line, exit code 2. */
function guard<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PackError || error instanceof InputError) throw new UsageError(error.message)
    throw error
  }
}

const wordsByFolder = new Map<string, string[] | InputError>()

/** The words of the .ownit-words nearest to `folder` (read once per folder; one that cannot be read is an InputError, each time). */
function wordsFor(folder: string): string[] {
  let words = wordsByFolder.get(folder)
  if (!words) {
    const file = findWordsFile(folder)
    words = []
    if (file) {
      try {
        words = readWordsFile(file)
      } catch (error) {
        words = new InputError(`${file}: cannot read (${describeFsError(error)})`)
      }
    }
    wordsByFolder.set(folder, words)
  }
  if (words instanceof InputError) throw words
  return words
}
