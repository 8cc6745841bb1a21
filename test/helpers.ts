/** Run the built CLI (bin/ownit.js) the way a user does, in a folder of its own. */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const bin = join(root, 'bin', 'ownit.js')
export const teamPack = join(root, 'test', 'fixtures', 'packs', 'team.yml')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Run `ownit args…` in `cwd`, with `input` on stdin. */
export function ownit(args: readonly string[], cwd: string, input?: string): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, input: input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A temporary folder holding `files` (path → content); `team.yml` is the test pack. */
export function workspace(files: Record<string, string | Uint8Array> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), 'ownit-'))
  cpSync(teamPack, join(folder, 'team.yml'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), content)
  }
  return folder
}

/** A config that loads the test pack. */
export const teamConfig = JSON.stringify({ packs: ['./team.yml'] })

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
