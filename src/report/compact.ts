/** One line per message: `path:line:col: severity ruleId: message`, for editors and grep. */
import { describeMacro } from './macro.js'
import type { FileResult } from './json.js'

export function formatCompact(results: readonly FileResult[]): string {
  return results
    .flatMap((result) => result.messages.map((message) => `${result.path}:${message.line}:${message.column}: ${message.severity} ${message.ruleId}: ${message.macro ? `${describeMacro(message.macro)}: ` : ''}${message.message}`))
    .join('\n')
}
