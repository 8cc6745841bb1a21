/**
 * One line per message: `path:line:col: severity ruleId: message`, for editors and grep.
 * Control characters from the data (a file name `we\x0aird.txt`, a macro's title) are
 * escaped, so that each message stays one line.
 */
import { printable } from '../printable.js'
import { describeMacro } from './macro.js'
import type { FileResult } from './json.js'

export function formatCompact(results: readonly FileResult[]): string {
  return results
    .flatMap((result) => result.messages.map((message) => printable(`${result.path}:${message.line}:${message.column}: ${message.severity} ${message.ruleId}: ${message.macro ? `${describeMacro(message.macro)}: ` : ''}${message.message}`)))
    .join('\n')
}
