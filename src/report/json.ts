/**
 * The JSON output of DESIGN.md: one array, one object per input read. A public contract:
 * it only grows. An input that cannot be read at all has no object (its line on stderr
 * and exit code 2 say it); one read in part has `errors` for what was not linted.
 */
import type { FileError, OwnitMessage } from '../types.js'

export interface FileResult {
  path: string
  messages: OwnitMessage[]
  /** What of the input could not be read, so was not linted (a macro field that is a number); absent when nothing. */
  errors?: readonly FileError[] | undefined
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
  // `errors` only when there are any: the object of a file read whole is as it always was.
  const item = result.errors && result.errors.length > 0 ? { path: result.path, messages: result.messages, errors: result.errors } : { path: result.path, messages: result.messages }
  return `  ${JSON.stringify(item, null, 2).replace(/\n/g, '\n  ')}`
}
