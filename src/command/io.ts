/** What a command may touch of the process: its streams. Tests pass their own. */
import { readFileSync } from 'node:fs'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Uint8Array
  isTTY: boolean
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0),
  isTTY: Boolean(process.stdout.isTTY)
}

/** A usage, config or input problem: printed as one `ownit: …` line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
