/**
 * Packs meeting in one run: the same pack named twice is one, and no two rules share an
 * id. Pure, so the browser build shares it.
 */
import type { Pack, Rule } from '../types.js'

/** A broken pack: the message is one line, "file:line:column: rule id: field: problem". */
export class PackError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PackError'
  }
}

/** `packs` without a pack read again from the same file (named in a config and with `--pack`, say). */
export function uniquePacks(packs: readonly Pack[]): Pack[] {
  const files = new Set<string>()
  return packs.filter((pack) => !files.has(pack.file) && files.add(pack.file))
}

/** Rule ids are a public contract: two packs may not use the same one. */
export function assertUniqueIds(packs: readonly Pack[]): void {
  const owners = new Map<string, Rule>()
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const other = owners.get(rule.id)
      if (other) {
        throw new PackError(
          `${rule.source.file}:${rule.source.line}:${rule.source.column}: rule ${rule.id}: id: already used in ${other.source.file}:${other.source.line}`
        )
      }
      owners.set(rule.id, rule)
    }
  }
}
