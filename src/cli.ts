/**
 * The command line: argv → run → exit code. 0 clean, 1 problems found at or above the
 * `--fail-on` severity, 2 usage, config or input errors. bin/ only imports this.
 */
import { readFileSync } from 'node:fs'
import { VFile } from 'vfile'
import reporter from 'vfile-reporter'
import yargs from 'yargs'
import { lintFile, toOwnitMessage } from './api.js'
import { expandInputs } from './input/files.js'
import { decodeText, InputError, readTextFile } from './input/read.js'
import { PackError } from './pack/load.js'
import { formatJson } from './report/json.js'
import type { Options } from './plugin.js'
import { families, severities, type Category, type Severity } from './types.js'

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Uint8Array
  isTTY: boolean
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0),
  isTTY: Boolean(process.stdout.isTTY)
}

const formats = ['stylish', 'json'] as const

const stdinToken = '\u0000stdin'

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

/** Run the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function main(rawArgs: readonly string[], io: Io = defaultIo): Promise<number> {
  if (rawArgs[0] === 'score') return (await import('./score/cli.js')).mainScore(rawArgs.slice(1), { stderrIsTTY: io === defaultIo && Boolean(process.stderr.isTTY), ...io })
  // yargs drops a lone "-"; carry it through as a token no path can be.
  const args = rawArgs.map((arg) => (arg === '-' ? stdinToken : arg))
  let usageError: string | undefined
  const parser = yargs([...args])
    .scriptName('ownit')
    .usage('ownit [files… | -]\n\nCoach support replies toward ownership: flags blame-shifting, deflection and non-apologies, and suggests the "we" rewrite.')
    .command('$0 [files..]', false)
    .command('score', 'score transcripts for trainers (see ownit score --help)')
    .positional('files', { describe: 'files or folders to lint; - reads stdin', type: 'string', array: true })
    .option('format', { alias: 'f', choices: formats, default: 'stylish' as const, describe: 'output format' })
    .option('fail-on', { choices: severities, default: 'error' as Severity, describe: 'lowest severity that makes the exit code 1' })
    .option('pack', { type: 'string', requiresArg: true, describe: 'an extra rule pack (YAML); repeatable' })
    .option('builtin', { type: 'boolean', default: true, describe: 'use the bundled rule packs (--no-builtin: only --pack ones)' })
    .option('category', { choices: families, requiresArg: true, describe: 'only check this category; repeatable' })
    .option('color', { type: 'boolean', describe: 'colour the stylish output (default: when stdout is a terminal)' })
    .example('ownit examples/', 'lint every .txt and .md file in a folder')
    .example('echo "Corporate sets the policy." | ownit -', 'lint a reply from stdin')
    .example('ownit --format json reply.txt', 'the JSON output other programs read')
    .example('ownit --pack team-rules.yml replies/', 'add your own rule pack')
    .epilogue('Exit codes: 0 clean, 1 problems at or above --fail-on, 2 usage, config or input errors.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .alias('version', 'v')
    .wrap(Math.min(100, process.stdout.columns || 80))
    .exitProcess(false)
    .fail((message, error) => {
      usageError = message || error?.message || 'invalid usage'
    })

  let output = ''
  const argv = await parser.parseAsync([...args], {}, (_error, _argv, text) => {
    output = text
  })
  if (usageError) {
    io.stderr(`ownit: ${usageError.split('\n')[0]}\nTry ownit --help\n`)
    return 2
  }
  if (output) {
    io.stdout(output + '\n')
    return 0
  }

  const inputs = ((argv.files as string[] | undefined) ?? []).map((input) => (input === stdinToken ? '-' : input))
  if (inputs.length === 0) {
    io.stderr('ownit: no input: give files or folders to lint, or - to read stdin\nTry ownit --help\n')
    return 2
  }
  const options: Options = {}
  const packs = list(argv.pack as string | string[] | undefined)
  if (packs.length > 0) options.packs = packs
  if (argv.builtin === false) options.builtin = false
  const only = list(argv.category as Category | Category[] | undefined)
  if (only.length > 0) options.categories = only
  const failOn = argv['fail-on'] as Severity
  return lint(inputs, options, { format: argv.format as (typeof formats)[number], failOn, color: (argv.color as boolean | undefined) ?? io.isTTY }, io)
}

interface RunSettings {
  format: (typeof formats)[number]
  failOn: Severity
  color: boolean
}

async function lint(inputs: readonly string[], options: Options, settings: RunSettings, io: Io): Promise<number> {
  const { files: paths, errors } = expandInputs(inputs)
  const files: VFile[] = []
  let inputFailed = errors.length > 0
  for (const error of errors) io.stderr(`ownit: ${error.message}\n`)
  for (const path of paths) {
    const name = path === '-' ? '<stdin>' : path
    let text: string
    try {
      text = path === '-' ? decodeText(io.readStdin(), name) : readTextFile(path, name)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      io.stderr(`ownit: ${error.message}\n`)
      inputFailed = true
      continue
    }
    const file = new VFile({ path: name, value: text })
    try {
      lintFile(file, options)
    } catch (error) {
      if (error instanceof PackError) {
        io.stderr(`ownit: ${error.message}\n`)
        return 2
      }
      throw error
    }
    files.push(file)
  }

  if (settings.format === 'json') {
    io.stdout(formatJson(files.map((file) => ({ path: file.path, messages: file.messages.map(toOwnitMessage) }))) + '\n')
  } else if (files.length > 0) {
    const report = reporter(files, { color: settings.color, verbose: true })
    if (report) io.stdout(report + '\n')
  }

  if (inputFailed) return 2
  const threshold = severities.indexOf(settings.failOn)
  const failed = files.some((file) => file.messages.some((message) => severities.indexOf(message.severity ?? 'info') <= threshold))
  return failed ? 1 : 0
}
