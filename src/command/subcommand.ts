/** The argument handling `ownit score` and `ownit serve` share. */
import type { Argv } from 'yargs'
import type { Io } from './io.js'

/**
 * Parse a subcommand's arguments with `parser` (its options already declared): strict,
 * `--help`, no `--version`. A usage problem prints one line and resolves to exit code 2;
 * help prints and resolves to 0; otherwise resolves to the parsed arguments.
 */
export async function parseSubcommand<T>(parser: Argv<T>, args: readonly string[], io: Pick<Io, 'stdout' | 'stderr'>, name: string, repeatable: readonly string[] = []) {
  let usageError: string | undefined
  let helpText = ''
  const argv = await parser
    .middleware(lastWins(repeatable), true)
    .strict()
    .version(false)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .exitProcess(false)
    .fail((message, error) => {
      usageError = message || error?.message || 'invalid usage'
    })
    .parseAsync([...args], {}, (_error, _argv, text) => {
      helpText = text
    })
  if (usageError) {
    io.stderr(`ownit ${name}: ${usageLine(usageError)}\nTry ownit ${name} --help\n`)
    return 2
  }
  if (helpText) {
    io.stdout(helpText + '\n')
    return 0
  }
  return argv
}

/** A flag's name as yargs gives it under any spelling (`fail-under`, `failUnder`), for comparing. */
const flagKey = (name: string): string => name.replace(/-/g, '').toLowerCase()

/**
 * A yargs middleware (run before its checks): a flag of one value given twice takes the
 * last, as most command-line tools do (`alias ownit='ownit -f compact'`, then `ownit -f
 * json`). yargs makes a list of them, which no check expected: `-f json -f compact`
 * printed nothing at all, `-j 1 -j 2` was “not 1,2”. The flags in `repeatable` (and the
 * files) keep every value.
 */
export function lastWins(repeatable: readonly string[]): (argv: Record<string, unknown>) => void {
  const keep = new Set(['_', '$0', '--', 'files', ...repeatable].map(flagKey))
  return (argv) => {
    for (const [key, value] of Object.entries(argv)) if (Array.isArray(value) && !keep.has(flagKey(key))) argv[key] = value.at(-1)
  }
}

const unquote = (text: string): string => text.replace(/^"(.*)"$/, '$1')

/**
 * A yargs usage message in one line. Some take several ("Invalid values:" then a line per
 * flag): each becomes `--format: expected one of stylish, json, not “nope”`.
 */
export function usageLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  if (lines[0] === 'Invalid values:') {
    return lines
      .slice(1)
      .map((line) => {
        const match = /^Argument: (.+?), Given: (.+?), Choices: (.+)$/.exec(line)
        return match ? `--${match[1]}: expected one of ${match[3]!.split(', ').map(unquote).join(', ')}, not “${unquote(match[2]!)}”` : line
      })
      .join('; ')
  }
  if (lines[0] === 'Implications failed:') {
    return lines
      .slice(1)
      .map((line) => line.replace(/^(\S+) -> (\S+)$/, '--$1 needs --$2'))
      .join('; ')
  }
  return lines.join(' ')
}
