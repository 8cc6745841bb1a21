/** The argument handling `ownit score` and `ownit serve` share. */
import type { Argv } from 'yargs'
import type { Io } from './io.js'

/**
 * Parse a subcommand's arguments with `parser` (its options already declared): strict,
 * `--help`, no `--version`. A usage problem prints one line and resolves to exit code 2;
 * help prints and resolves to 0; otherwise resolves to the parsed arguments.
 */
export async function parseSubcommand<T>(parser: Argv<T>, args: readonly string[], io: Pick<Io, 'stdout' | 'stderr'>, name: string) {
  let usageError: string | undefined
  let helpText = ''
  const argv = await parser
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
