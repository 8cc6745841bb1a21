/** The JSON output of DESIGN.md: one array, one object per input. A public contract. */
import type { OwnitMessage } from '../types.js'

export interface FileResult {
  path: string
  messages: OwnitMessage[]
}

export function formatJson(results: readonly FileResult[]): string {
  return results.length === 0 ? '[]' : `[\n${results.map(jsonItem).join(',\n')}\n]`
}

/**
 * One input's object, as it stands in the array of `formatJson` (indented two spaces): the
 * report can be written an input at a time, and never has to be one string.
 */
export function jsonItem(result: FileResult): string {
  // JSON strings hold no raw line breaks: every \n here starts a line of the layout.
  return `  ${JSON.stringify({ path: result.path, messages: result.messages }, null, 2).replace(/\n/g, '\n  ')}`
}
