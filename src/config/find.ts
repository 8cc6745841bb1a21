/**
 * Find the configuration of a file: walk up from its folder to the first folder holding
 * `.ownitrc.json`, `.ownitrc.yaml`, `.ownitrc.yml`, `ownit.config.json`, or a
 * package.json with an `"ownit"` field. The nearest one wins; configs are not merged.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { readConfig, type Config } from './load.js'

/** Looked for in this order in each folder. */
export const configFiles = ['.ownitrc.json', '.ownitrc.yaml', '.ownitrc.yml', 'ownit.config.json', 'package.json'] as const

export class ConfigFinder {
  private readonly byFolder = new Map<string, Config | undefined>()

  constructor(private readonly cwd = process.cwd()) {}

  /** The configuration for a file in `folder`, or undefined when there is none. Throws ConfigError. */
  forFolder(folder: string): Config | undefined {
    const start = resolve(this.cwd, folder)
    const visited: string[] = []
    let config: Config | undefined
    let current = start
    for (;;) {
      if (this.byFolder.has(current)) {
        config = this.byFolder.get(current)
        break
      }
      visited.push(current)
      config = this.readIn(current)
      if (config) break
      const parent = dirname(current)
      if (parent === current) break
      current = parent
    }
    for (const folder of visited) this.byFolder.set(folder, config)
    return config
  }

  private readIn(folder: string): Config | undefined {
    for (const name of configFiles) {
      const path = join(folder, name)
      if (!existsSync(path)) continue
      const config = readConfig(path, this.cwd)
      if (config) return config
    }
    return undefined
  }
}

/** The folder whose configuration applies to `path` (stdin: the working directory). */
export function folderOf(path: string): string {
  return path === '-' ? '.' : dirname(path)
}
