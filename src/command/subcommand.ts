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
    io.stderr(`ownit ${name}: ${usageError.split('\n')[0]}\nTry ownit ${name} --help\n`)
    return 2
  }
  if (helpText) {
    io.stdout(helpText + '\n')
    return 0
  }
  return argv
}
