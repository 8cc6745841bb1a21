/** The JSON output of DESIGN.md: one array, one object per input. A public contract. */
import type { OwnitMessage } from '../types.js'

export interface FileResult {
  path: string
  messages: OwnitMessage[]
}

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((result) => ({ path: result.path, messages: result.messages })),
    null,
    2
  )
}
