/** What a command may touch of the process: its streams. Tests pass their own. */
import { closeSync, fchmodSync, fchownSync, fstatSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writevSync, writeSync, type Stats } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
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
export function notThat(value: unknown, given?: string): string {
  if (typeof value === 'number' && Number.isNaN(value)) return given === undefined ? 'not a number' : `not “${given}”`
  return `not “${String(value)}”`
}

/** Each number flag's value as last given on the command line `emptyNumberFlag` read (yargs keeps only the number it made of it). */
const givenNumbers = new Map<string, string>()

/** The value of number flag `flag` as written on the command line last read by `emptyNumberFlag`, or undefined. */
export function givenNumber(flag: string): string | undefined {
  return givenNumbers.get(flag)
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
 * The first number flag given an empty value, or a number written other than in plain
 * digits, as a one-line problem (as `emptyFlag`); undefined when there is none. Read from
 * the raw arguments: yargs reads an empty value for a number as 0, so
 * `--fail-under "$UNSET"` turned the gate off and `--port "$UNSET"` listened on any free
 * port, and it reads `1e3` as 1000 and `0x10` as 16, which no one means by a count. A
 * minus sign and a decimal point are left for each flag's own check to name (`not “-1”`),
 * and so is a word (NaN to yargs): `givenNumber` has it as written. `flags` maps each flag
 * to its short aliases (`{ jobs: ['-j'] }`).
 */
export function emptyNumberFlag(rawArgs: readonly string[], flags: Readonly<Record<string, readonly string[]>>): string | undefined {
  givenNumbers.clear()
  for (let index = 0; index < rawArgs.length; index++) {
    const arg = rawArgs[index]!
    if (arg === '--') break
    for (const [flag, aliases] of Object.entries(flags)) {
      for (const spelling of [`--${flag}`, ...aliases]) {
        const value = arg === spelling ? rawArgs[index + 1] : arg.startsWith(`${spelling}=`) ? arg.slice(spelling.length + 1) : undefined
        if (value === undefined) continue
        if (value.trim() === '') return emptyValue(flag)
        if (!Number.isNaN(Number(value)) && !/^-?\d+(\.\d+)?$/.test(value)) return `--${flag}: expected a number written in digits, like 10, not “${value}”`
        givenNumbers.set(flag, value)
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

/** A file written whole or not at all (see `openReplacing`). */
export interface ReplacingFile {
  /** Where to write. */
  readonly fd: number
  /** Close the file and put it at its path, over what was there; when that fails, the new file is removed and the error thrown. */
  commit(): void
  /** Close and remove the unfinished file, leaving what was at its path as it was. Does nothing once done (after `commit` too). */
  discard(): void
}

/** Signals that end a run early: the unfinished file is removed, then the signal ends the process as it would have. */
const endingSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Open a file that replaces `path` only once it is complete: it is written beside `path`
 * (same folder, so the rename is atomic) under a hidden name ending in `.tmp`
 * (`.report.json.ownit-1234-k3j9x0.tmp`), and renamed over `path` by `commit`. A run that
 * fails (`discard`), is interrupted (SIGINT, SIGTERM, SIGHUP) or exits first removes it,
 * and an earlier file at `path` is left as it was; only a kill that cannot be caught
 * leaves the temporary file behind. The new file keeps the mode of the one it replaces
 * (and its owner where that is allowed); a new path gets the usual mode (0666 less the
 * umask). Through a symbolic link the file it points to is replaced and the link kept.
 * A path that is not a regular file (a device, a pipe: `/dev/null`, `/dev/stdout`, a
 * shell's `>(…)`), or is under `/dev` or `/proc`, is written directly, as there is
 * nothing to replace; so is a file in a folder where no file can be made (EACCES, EPERM,
 * EROFS), as `--fix` does. Not synced to disk, as git does not by default: this guards
 * against a run that stops partway, not against the machine stopping. Throws as
 * `openSync` does (`EISDIR` for a folder).
 */
export function openReplacing(path: string): ReplacingFile {
  const absolute = resolve(path)
  let existing: Stats | undefined
  try {
    existing = statSync(absolute)
  } catch {
    // No file there yet (or none that can be seen): creating the temporary file says why not.
  }
  if (existing?.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${path}'`), { code: 'EISDIR' })
  const dangling = !existing && isLink(absolute)
  if ((existing && !existing.isFile()) || dangling || /^\/(dev|proc)\//.test(absolute)) return inPlace(openSync(path, 'w'))
  const target = existing ? realpathSync(absolute) : absolute
  const name = basename(target)
  let temp = ''
  let fd: number | undefined
  for (let attempt = 0; fd === undefined; attempt++) {
    temp = join(dirname(target), `.${Buffer.byteLength(name) <= 200 ? name : 'report'}.ownit-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`)
    try {
      // Readable by the owner only until it has the mode of the file it replaces.
      fd = openSync(temp, 'wx', existing ? 0o600 : 0o666)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // A folder the user may not write to, as `--fix` does (input/write.ts): in place.
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return inPlace(openSync(path, 'w'))
      if (code !== 'EEXIST' || attempt >= 8) throw error
    }
  }
  let open = true
  let done = false
  const close = (): void => {
    if (!open) return
    open = false
    closeSync(fd)
  }
  const stop = (): void => {
    done = true
    for (const signal of endingSignals) process.removeListener(signal, onSignal)
    process.removeListener('exit', discard)
  }
  const discard = (): void => {
    if (done) return
    stop()
    try {
      close()
    } catch {
      // A failed write reported again on close: it is being thrown away.
    }
    try {
      unlinkSync(temp)
    } catch {
      // Gone already.
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    discard()
    // Ended by the signal, as without this listener (exit status 128 + its number), unless someone else listens for it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  for (const signal of endingSignals) process.on(signal, onSignal)
  process.on('exit', discard)
  try {
    if (existing) {
      const made = fstatSync(fd)
      if (made.uid !== existing.uid || made.gid !== existing.gid) {
        try {
          fchownSync(fd, existing.uid, existing.gid)
        } catch {
          // Only root may give a file away: it is then owned by whoever ran this.
        }
      }
      fchmodSync(fd, existing.mode & 0o777)
    }
  } catch (error) {
    discard()
    throw error
  }
  return {
    fd,
    commit() {
      if (done) return
      try {
        close()
        renameSync(temp, target)
      } catch (error) {
        discard()
        throw error
      }
      stop()
    },
    discard
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

/** A file written where it is: committing only closes it. */
function inPlace(fd: number): ReplacingFile {
  let open = true
  const close = (): void => {
    if (!open) return
    open = false
    closeSync(fd)
  }
  return {
    fd,
    commit: close,
    discard() {
      try {
        close()
      } catch {
        // Thrown away.
      }
    }
  }
}
