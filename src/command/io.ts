/** What a command may touch of the process: its streams. Tests pass their own. */
import { writevSync, writeSync } from 'node:fs'
import { readBounded } from '../input/read.js'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Uint8Array
  isTTY: boolean
  /** Resolves once what was written to stdout has gone out (a failed write has been reported by then). */
  flushed?: () => Promise<void>
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // Within the input size limit: `yes | ownit -` is refused once past it.
  readStdin: () => readBounded(0),
  isTTY: Boolean(process.stdout.isTTY),
  // After the writes before it; setImmediate lets a failed write's 'error' (guardStdout) run first.
  flushed: () => new Promise((resolve) => process.stdout.write('', () => setImmediate(resolve)))
}

/** A usage, config or input problem: printed as one `ownit: …` line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/**
 * The end of a message about a bad number flag: `not “-1”`, or `not a number` for a word
 * (yargs reads one given for a number as NaN).
 */
export function notThat(value: unknown): string {
  return typeof value === 'number' && Number.isNaN(value) ? 'not a number' : `not “${String(value)}”`
}

/**
 * The first of `flags` given an empty value (`--config ""`, often a shell variable that is
 * not set), as a one-line problem; undefined when there is none. An empty value is never
 * taken as "not given": `--token "$UNSET"` must not start a server without a token.
 */
export function emptyFlag(argv: Readonly<Record<string, unknown>>, flags: readonly string[]): string | undefined {
  for (const flag of flags) {
    const value = argv[flag]
    if (value === '' || (Array.isArray(value) && value.some((item) => typeof item === 'string' && item.trim() === ''))) {
      return emptyValue(flag)
    }
  }
  return undefined
}

/**
 * The first number flag given an empty value, as a one-line problem (as `emptyFlag`);
 * undefined when there is none. Read from the raw arguments: yargs reads an empty value
 * for a number as 0, so `--fail-under "$UNSET"` turned the gate off and
 * `--port "$UNSET"` listened on any free port. `flags` maps each flag to its short
 * aliases (`{ jobs: ['-j'] }`).
 */
export function emptyNumberFlag(rawArgs: readonly string[], flags: Readonly<Record<string, readonly string[]>>): string | undefined {
  for (let index = 0; index < rawArgs.length; index++) {
    const arg = rawArgs[index]!
    if (arg === '--') break
    for (const [flag, aliases] of Object.entries(flags)) {
      for (const spelling of [`--${flag}`, ...aliases]) {
        const value = arg === spelling ? rawArgs[index + 1] : arg.startsWith(`${spelling}=`) ? arg.slice(spelling.length + 1) : undefined
        if (value !== undefined && value.trim() === '') return emptyValue(flag)
      }
    }
  }
  return undefined
}

/** The arguments after the first `--` (end of options): files, whatever they look like. */
export function afterDashes(rawArgs: readonly string[]): string[] {
  const index = rawArgs.indexOf('--')
  return index < 0 ? [] : rawArgs.slice(index + 1)
}

function emptyValue(flag: string): string {
  return `--${flag}: an empty value (a shell variable that is not set?)`
}

/** What `-` (standard input) is while yargs reads the arguments: yargs drops a lone `-`. */
export const stdinToken = '\u0000stdin'

/** A failed write's message without its system call: "ENOSPC: no space left on device". */
export function describeWriteError(error: unknown): string {
  return (error as Error).message.replace(/, \w+$/, '')
}

let guarded = false

/**
 * When standard output fails: a reader that stopped early (`ownit … | head`: EPIPE) ends
 * the run quietly, with the exit code so far; anything else (a full disk) is one line on
 * stderr and exit code 2. Never a stack trace. A failing stderr is ignored: there is no one
 * left to tell.
 */
export function guardStdout(): void {
  if (guarded) return
  guarded = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    process.stderr.write(`ownit: cannot write to standard output (${describeWriteError(error)})\n`)
    process.exit(2)
  })
  process.stderr.on('error', () => undefined)
}


/** Buffers per `writev` call: Linux takes at most 1,024 (IOV_MAX). */
const maxBuffers = 1024

/**
 * Write every byte of `buffers` to `fd`, in order, without joining them first; a short
 * write (a pipe, a signal) goes on from where it stopped.
 */
export function writeAllSync(fd: number, buffers: readonly Uint8Array[]): void {
  for (let first = 0; first < buffers.length; first += maxBuffers) {
    const group = buffers.slice(first, first + maxBuffers)
    const total = group.reduce((sum, buffer) => sum + buffer.byteLength, 0)
    let written = writevSync(fd, group)
    if (written === total) continue
    // The rest, buffer by buffer.
    for (const buffer of group) {
      if (written >= buffer.byteLength) {
        written -= buffer.byteLength
        continue
      }
      let offset = written
      written = 0
      while (offset < buffer.byteLength) offset += writeSync(fd, buffer, offset)
    }
  }
}
