/**
 * The command line: argv → command → exit code. 0 clean, 1 problems found at or above
 * `--fail-on` (or more warnings than `--max-warnings`), 2 usage, config or input errors.
 * bin/ only imports this. A subcommand is one entry in `commands`.
 */
import { readFileSync } from 'node:fs'
import type { Argv } from 'yargs'
import { closest } from './closest.js'
import { printable } from './printable.js'
import { afterDashes, emptyNumberFlag, guardStdout, processIo, stdinToken, UsageError, type Io } from './command/io.js'
import { runLint } from './command/lint.js'
import { lastWins, usageLine } from './command/subcommand.js'
import { lintOptions, plainLintArgs, type LintArgs } from './command/lint-flags.js'

export type { Io }

/** A subcommand: its yargs command string, description, flags and what it runs. */
export interface Command {
  command: string
  describe: string | false
  builder: (yargs: Argv) => Argv
  run: (argv: Record<string, unknown>, io: Io) => Promise<number>
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

const lintCommand: Command = {
  command: '$0 [files..]',
  describe: 'lint replies (the default command)',
  builder: (yargs) => lintOptions(yargs) as unknown as Argv,
  run: (argv, io) => runLint(argv as unknown as LintArgs, io, version)
}

/** `ownit score` runs before yargs sees its flags (see `main`); listed here for --help. */
const scoreCommand: Command = {
  command: 'score',
  describe: 'score transcripts for trainers (see ownit score --help)',
  builder: (yargs) => yargs,
  run: () => Promise.resolve(0)
}

/** `ownit serve` runs before yargs sees its flags (see `main`); listed here for --help. */
const serveCommand: Command = {
  command: 'serve',
  describe: 'the pre-send check as an HTTP service (see ownit serve --help)',
  builder: (yargs) => yargs,
  run: () => Promise.resolve(0)
}

/** Every command; register a new one here. */
export const commands: Command[] = [lintCommand, scoreCommand, serveCommand]

/** Run the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function main(rawArgs: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardStdout()
  // `ownit score` has its own flags and help: hand it the rest of the arguments.
  // By URL, like `ownit serve`: a long job runs the unbundled modules (its worker threads do
  // too), which scored about 10% faster than the same code in the bundle.
  if (rawArgs[0] === 'score') {
    const score = (await import(new URL('./score/cli.js', import.meta.url).href)) as typeof import('./score/cli.js')
    // Standard input is streamed from process.stdin, unless the caller gave its own.
    const stdinChunks = io === processIo ? undefined : async function* (): AsyncGenerator<Uint8Array> {
      yield io.readStdin()
    }
    return withInternalErrors(() => score.mainScore(rawArgs.slice(1), { stderrIsTTY: io === processIo && Boolean(process.stderr.isTTY), stdinChunks, ...io }), io)
  }
  // `ownit serve` too: it runs until SIGTERM.
  // By URL, so that the CLI bundle leaves the server (fastify) out and loads it from here.
  if (rawArgs[0] === 'serve') {
    const serve = (await import(new URL('./serve/cli.js', import.meta.url).href)) as typeof import('./serve/cli.js')
    return withInternalErrors(() => serve.mainServe(rawArgs.slice(1), io, version), io)
  }
  const emptyNumber = emptyNumberFlag(rawArgs, { 'max-warnings': [] })
  if (emptyNumber) {
    io.stderr(`ownit: ${emptyNumber}\nTry ownit --help\n`)
    return 2
  }
  // A plain command line (files and flags, each once) needs no yargs: see lint-flags.ts.
  const plain = plainArgs(rawArgs)
  if (plain) return runChosen({ command: lintCommand, argv: plain as unknown as Record<string, unknown> }, io)
  const parsed = await parseArgs(rawArgs)
  if (parsed.usageError) {
    io.stderr(`ownit: ${explainUsage(usageLine(parsed.usageError), parsed.flags, rawArgs)}\nTry ownit --help\n`)
    return 2
  }
  if (parsed.output) {
    io.stdout(parsed.output + '\n')
    return 0
  }
  return parsed.chosen ? runChosen(parsed.chosen, io) : 0
}

/** The first word of each subcommand (`score`, `serve`). */
const commandNames = new Set(commands.map((command) => command.command.split(' ')[0]!).filter((name) => name !== '$0'))

/**
 * The default command's arguments when `rawArgs` is a plain command line (see
 * lint-flags.ts), else undefined. A line naming a subcommand (`score`, `serve`) anywhere
 * is not plain: before it knows the command, yargs reads `--quiet score` as a value and
 * can take a later word for the command.
 */
export function plainArgs(rawArgs: readonly string[]): LintArgs | undefined {
  const plain = plainLintArgs(rawArgs)
  return plain && !plain.files?.some((file) => commandNames.has(file)) ? plain : undefined
}

/** What yargs made of a command line: a usage error, help or version text, or the command chosen and its arguments. */
export interface ParsedArgs {
  usageError?: string | undefined
  output: string
  chosen?: { command: Command; argv: Record<string, unknown> } | undefined
  /** Every flag of the command yargs built (for "did you mean"). */
  flags: string[]
}

/** Parse `rawArgs` with yargs (loaded here, on first use). */
export async function parseArgs(rawArgs: readonly string[]): Promise<ParsedArgs> {
  const { default: yargs } = await import('yargs')
  // yargs drops a lone "-"; carry it through as a token no path can be.
  const args = rawArgs.map((arg) => (arg === '-' ? stdinToken : arg))
  let usageError: string | undefined
  let chosen: { command: Command; argv: Record<string, unknown> } | undefined
  const flags: string[] = []
  let parser = yargs([...args])
    .scriptName('ownit')
    .usage('Usage: ownit [files… | -] [options]\n\nCoach support replies toward ownership: flags blame-shifting, deflection and non-apologies, and suggests the "we" rewrite.')
  for (const command of commands) {
    const builder = (yargs: Argv): Argv => {
      const built = command.builder(yargs)
      flags.push(...Object.keys((built as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key))
      return built
    }
    // The handler only records the choice: the command runs once yargs has validated argv.
    parser = parser.command(command.command, command.describe as string, builder, (argv) => {
      // After `--` every argument is a file, even one starting with `-` (yargs leaves them in `_`).
      const files = [...((argv.files as string[] | undefined) ?? []), ...afterDashes(rawArgs)]
      chosen = { command, argv: { ...argv, files: files.length > 0 ? files.map((file) => (file === stdinToken ? '-' : file)) : undefined } }
    })
  }
  parser = parser
    .example('ownit replies/', 'lint every .txt, .md and .html file in a folder')
    .example('ownit "replies/**/*.md" -f sarif > ownit.sarif', 'SARIF for code scanning')
    .example('echo "Sorry for any inconvenience." | ownit -', 'lint a reply from stdin')
    .example('ownit macros.json -f github', 'annotate a pull request: a Zendesk macro export')
    .example("ownit saved-replies.yml --fields '/replies/*/body'", 'lint chosen fields of any JSON or YAML')
    .example('ownit replies/ --fix', 'apply the safe ownership rewrites in place')
    .example('ownit replies/ --fix-dry-run', 'show those rewrites as a diff, write nothing')
    .example('ownit --rule not-my-department=off replies/', 'turn one rule off for this run')
    .example('ownit --explain not-my-fault', 'why a rule matters, with examples')
    .epilogue(
      'Config: the nearest .ownitrc.json, .ownitrc.yaml, .ownitrc.yml, ownit.config.json or package.json "ownit" field, walking up from each file. Flags win over config; config wins over defaults.\n\nExit codes: 0 clean, 1 problems at or above --fail-on (or too many warnings), 2 usage, config or input errors.'
    )
    // `--rule`, `--category`, `--pack` and `--fields` add up; any other flag given twice takes the last.
    .middleware(lastWins(['rule', 'category', 'pack', 'fields']), true)
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .alias('version', 'v')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      usageError = message || error?.message || 'invalid usage'
    })

  let output = ''
  await parser.parseAsync([...args], {}, (_error, _argv, text) => {
    output = text
  })
  return { usageError, output, chosen, flags }
}

/** Run the chosen command; resolves to its exit code (2 for a usage error it finds). */
async function runChosen(chosen: { command: Command; argv: Record<string, unknown> }, io: Io): Promise<number> {
  return withInternalErrors(async () => {
    try {
      return await chosen.command.run(chosen.argv, io)
    } catch (error) {
      if (!(error instanceof UsageError)) throw error
      // One line, whatever control characters a file name it names holds.
      io.stderr(`ownit: ${printable(error.message)}\n`)
      return 2
    }
  }, io)
}

/** Run a command; an error it did not expect is one line, `ownit: internal error: …`, and exit code 2. */
async function withInternalErrors(run: () => Promise<number>, io: Io): Promise<number> {
  try {
    return await run()
  } catch (error) {
    io.stderr(`ownit: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`)
    return 2
  }
}
/** yargs' "Unknown argument: formt" → "unknown option --formt, did you mean --format?" */
function explainUsage(message: string, known: readonly string[], rawArgs: readonly string[]): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message)
  if (!match) return message
  const options = [...new Set(known)].filter((name) => name.length > 1 && name !== '$0' && name !== 'files' && !name.includes('_'))
  return match[1]!
    .split(', ')
    .map((name) => {
      // A word given as such, not as a flag: `score` and `serve` take their arguments after them.
      if (rawArgs.includes(name)) return `unexpected argument “${name}”${rawArgs.some((arg) => commandNames.has(arg)) ? ' (a command comes first: ownit score …, ownit serve …)' : ''}`
      const flag = name.length > 1 ? `--${name}` : `-${name}`
      const guess = closest(name, options)
      return `unknown option ${flag}${guess ? `, did you mean --${guess}?` : `, expected one of: ${options.map((option) => `--${option}`).join(', ')}`}`
    })
    .join('; ')
}
