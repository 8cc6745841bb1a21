/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * per message (info becomes `notice`), so each problem is annotated on the pull request;
 * a message in a macro export names the macro in the title and the text.
 */
import { describeMacro } from './macro.js'
import type { OwnitMessage } from '../types.js'
import type { FileResult } from './json.js'

const commands = { error: 'error', warning: 'warning', info: 'notice' } as const

/** Escape the message part of a workflow command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escape a property value of a workflow command (`,` and `:` end it otherwise). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function formatGithub(results: readonly FileResult[]): string {
  return results.flatMap((result) => result.messages.map((message) => command(result.path, message))).join('\n')
}

function command(path: string, message: OwnitMessage): string {
  const properties = [
    `file=${escapeProperty(path)}`,
    `line=${message.line}`,
    `col=${message.column}`,
    `endLine=${message.endLine}`,
    `endColumn=${message.endColumn}`,
    `title=${escapeProperty(`ownit ${message.ruleId}${message.macro?.title === undefined ? '' : ` in macro “${message.macro.title}”`}`)}`
  ]
  const expected = message.expected.filter((text) => text.length > 0)
  const body = [message.macro ? `${describeMacro(message.macro)}: ${message.message}` : message.message, message.why, expected.length > 0 ? `Try: ${expected.map((text) => `“${text}”`).join(' or ')}` : '']
    .filter((part) => part.length > 0)
    .join('\n')
  return `::${commands[message.severity]} ${properties.join(',')}::${escapeData(body)}`
}
