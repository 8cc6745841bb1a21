/**
 * The default command's flags, as data. yargs is given them (`lintOptions`), and
 * `plainLintArgs` reads a plain command line with them without loading yargs at all: files
 * and each flag at most once, the way an agent's editor or a CI step calls ownit. Loading,
 * building and running yargs was about 6 ms of every 35 ms cold start.
 *
 * Anything else (help, version, a flag twice, `--flag=value`, grouped short flags, `--`,
 * an unknown or misspelt flag, a value yargs would refuse or read differently) returns
 * undefined, and yargs parses it with its checks and messages. A property test holds the
 * two equal on every command line `plainLintArgs` accepts.
 */
import type { Argv, Options } from 'yargs'
import { macroTypes } from '../input/macros.js'
import { languages, type Language } from '../spell/sources.js'
import { categories, severities, type Severity } from '../types.js'

export const formats = ['stylish', 'json', 'sarif', 'github', 'compact'] as const
export type Format = (typeof formats)[number]

/** The formats of `--list-rules`: the table, or JSON. The others report problems, not rules. */
export const listFormats: readonly Format[] = ['stylish', 'json']

/** What `--type` can force: a helpdesk export, JSON or YAML data, a template, or a document. */
export const inputTypes = [...macroTypes, 'template', 'text', 'markdown', 'html'] as const
export type InputType = (typeof inputTypes)[number]

/** The default command's flags, in the order `--help` lists them. */
export const lintFlags = {
  format: { alias: 'f', requiresArg: true, choices: formats, default: 'stylish', describe: 'output format', group: 'Output:' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'report errors only', group: 'Output:' },
  color: { type: 'boolean', describe: 'colour the stylish output (default: when stdout is a terminal)', group: 'Output:' },
  'fail-on': { requiresArg: true, choices: severities, default: 'error', describe: 'lowest severity that makes the exit code 1', group: 'Exit code:' },
  'max-warnings': { requiresArg: true, type: 'number', describe: 'exit 1 when there are more warnings than this', group: 'Exit code:' },
  rule: { alias: 'r', requiresArg: true, type: 'string', describe: 'set a rule: ID=off|info|warning|error (repeatable)', group: 'Rules:' },
  category: { requiresArg: true, type: 'string', describe: `only check this category (repeatable): ${categories.join(', ')}`, group: 'Rules:' },
  pack: { type: 'string', requiresArg: true, describe: "add a rule pack (YAML file) to the config's packs (repeatable)", group: 'Rules:' },
  builtin: { type: 'boolean', default: true, describe: 'use the bundled rule packs (--no-builtin: only --pack and config packs)', group: 'Rules:' },
  spelling: { type: 'boolean', describe: 'check spelling (default: on; --no-spelling turns it off)', group: 'Rules:' },
  language: { requiresArg: true, choices: languages, describe: "spelling dictionary (default: en-US, or the config's language)", group: 'Rules:' },
  config: { alias: 'c', requiresArg: true, type: 'string', describe: 'use this config file (use --no-config to ignore config files)', group: 'Rules:' },
  'report-unused-disables': { type: 'boolean', default: false, describe: 'warn about ownit-disable comments that silence nothing', group: 'Rules:' },
  type: { requiresArg: true, choices: inputTypes, describe: 'read every input as this type (default: from its name and content)', group: 'Input:' },
  fields: { requiresArg: true, type: 'string', describe: 'in JSON/YAML inputs, lint the text at this path, like /macros/*/body (repeatable)', group: 'Input:' },
  fix: { type: 'boolean', default: false, describe: 'apply the safe rewrites in place', group: 'Fixing:' },
  'fix-dry-run': { type: 'boolean', default: false, describe: 'print the safe rewrites as a diff, write nothing', group: 'Fixing:' },
  'list-rules': { type: 'boolean', default: false, describe: 'list every rule: a table, or JSON with -f json', group: 'Rules and setup:' },
  explain: { requiresArg: true, type: 'string', describe: 'explain a rule: why it matters, examples, rewrites', group: 'Rules and setup:' },
  init: { type: 'boolean', default: false, describe: 'write a commented starter config (.ownitrc.yaml)', group: 'Rules and setup:' }
} as const satisfies Record<string, Options>

/** The flags of the default command, given to yargs. */
export function lintOptions<T>(yargs: Argv<T>) {
  return yargs.positional('files', { describe: 'files, folders or globs to lint; - reads stdin', type: 'string', array: true }).options(lintFlags)
}

/** The default command's arguments, as yargs gives them (camelCase). */
export interface LintArgs {
  files?: string[] | undefined
  format: Format
  quiet: boolean
  color?: boolean | undefined
  failOn: Severity
  maxWarnings?: number | undefined
  rule?: string | string[] | undefined
  category?: string | string[] | undefined
  pack?: string | string[] | undefined
  builtin: boolean
  spelling?: boolean | undefined
  language?: Language | undefined
  config?: string | false | undefined
  reportUnusedDisables: boolean
  type?: InputType | undefined
  fields?: string | string[] | undefined
  fix: boolean
  fixDryRun: boolean
  listRules: boolean
  explain?: string | undefined
  init: boolean
}

type FlagName = keyof typeof lintFlags
type Flag = Options & { readonly choices?: readonly string[] }

/** Each way a plain command line writes a flag: `--name`, `-alias`, `--no-name`. */
let spellings: Map<string, { name: FlagName; negated: boolean }> | undefined

function spellingsOf(): Map<string, { name: FlagName; negated: boolean }> {
  if (spellings) return spellings
  spellings = new Map()
  for (const [name, flag] of Object.entries(lintFlags) as Array<[FlagName, Flag]>) {
    spellings.set(`--${name}`, { name, negated: false })
    if (typeof flag.alias === 'string') spellings.set(`-${flag.alias}`, { name, negated: false })
    // --no-config turns config files off; any other value flag is yargs' to refuse.
    if (flag.type === 'boolean' || name === 'config') spellings.set(`--no-${name}`, { name, negated: true })
  }
  return spellings
}

/** What yargs would read as a number or a boolean, not a file name (blank words it drops). */
const notAFile = /^(?:true|false|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[\da-f]+)$/i

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())

/**
 * `args` (without `node` and the script) read as the default command's, when they are a
 * plain command line; undefined when yargs should read them. Pure.
 */
export function plainLintArgs(args: readonly string[]): LintArgs | undefined {
  const known = spellingsOf()
  const values = new Map<FlagName, unknown>()
  const files: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    if (arg === '-' || !arg.startsWith('-')) {
      if (arg.trim() === '' || notAFile.test(arg)) return undefined
      files.push(arg)
      continue
    }
    const spelling = known.get(arg)
    if (spelling === undefined || values.has(spelling.name)) return undefined
    const flag: Flag = lintFlags[spelling.name]
    if (spelling.negated || flag.type === 'boolean') {
      values.set(spelling.name, !spelling.negated)
      continue
    }
    const value = args[++index]
    if (value === undefined || value.trim() === '' || value.startsWith('-')) return undefined
    if (flag.choices !== undefined && !flag.choices.includes(value)) return undefined
    if (flag.type === 'number') {
      if (!/^\d{1,9}$/.test(value)) return undefined
      values.set(spelling.name, Number(value))
    } else {
      values.set(spelling.name, value)
    }
  }
  const parsed: Record<string, unknown> = { files: files.length > 0 ? files : undefined }
  for (const [name, flag] of Object.entries(lintFlags) as Array<[FlagName, Flag]>) parsed[camel(name)] = values.has(name) ? values.get(name) : flag.default
  return parsed as unknown as LintArgs
}
