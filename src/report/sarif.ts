/**
 * SARIF 2.1.0, for code scanning: one run, the rules that fired as `tool.driver.rules`
 * (short description = the message, full description and help = the coaching note and
 * the rewrites), one result per message, and the invocation: whether it succeeded, and each
 * input, config or pack that could not be used as an error notification. A run that
 * failed must not read as a clean one: code scanning closes the alerts a clean run no
 * longer reports.
 */
import { isAbsolute } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describeMacro } from './macro.js'
import type { OwnitMessage } from '../types.js'
import type { FileResult } from './json.js'

const levels = { error: 'error', warning: 'warning', info: 'note' } as const

export interface SarifTool {
  version: string
  informationUri: string
}

/**
 * A problem that stopped part of a run (exit code 2): the one line printed on stderr,
 * without `ownit: ` (`.ownitrc.yaml:2:6: rules.x: …`, `missing.txt: cannot read (…)`).
 * `path` is the file it is about, when the caller knows it; a line that starts
 * `path:line:column: ` gives its own.
 */
export interface SarifFailure {
  message: string
  path?: string | undefined
}

export function formatSarif(results: readonly FileResult[], tool: SarifTool, failures: readonly SarifFailure[] = []): string {
  return [...sarifParts(results, tool, failures)].join('')
}

/**
 * The SARIF log in parts, joined the same as `JSON.stringify(log, null, 2)`: the log up to
 * its results, each result, and the rest. The report of a large run can be written in
 * parts, never as one string (V8's longest is about 512 M characters).
 */
export function* sarifParts(results: readonly FileResult[], tool: SarifTool, failures: readonly SarifFailure[] = []): Generator<string> {
  const rules: object[] = []
  const ruleIndex = new Map<string, number>()
  const sarifResults: object[] = []
  for (const result of results) {
    for (const message of result.messages) {
      let index = ruleIndex.get(message.ruleId)
      if (index === undefined) {
        index = rules.length
        ruleIndex.set(message.ruleId, index)
        rules.push(ruleOf(message, tool))
      }
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level: levels[message.severity],
        message: { text: message.macro ? `${describeMacro(message.macro)}: ${message.message}` : message.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(result.path) },
              region: {
                startLine: message.line,
                startColumn: message.column,
                endLine: message.endLine,
                endColumn: message.endColumn,
                charOffset: message.offset,
                charLength: message.endOffset - message.offset,
                snippet: { text: message.actual }
              }
            }
          }
        ],
        properties: { category: message.category, expected: message.expected, fix: message.fix, ...(message.macro ? { macro: message.macro } : {}) }
      })
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ownit', version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri, rules } },
        invocations: [
          {
            // True for a clean run and for one that found problems (exit code 0 or 1).
            executionSuccessful: failures.length === 0,
            ...(failures.length > 0 ? { toolExecutionNotifications: failures.map(notificationOf) } : {})
          }
        ],
        columnKind: 'utf16CodeUnits',
        results: []
      }
    ]
  }
  const whole = JSON.stringify(log, null, 2)
  const at = whole.lastIndexOf('"results": []')
  if (sarifResults.length === 0) {
    yield whole
    return
  }
  const indent = at - whole.lastIndexOf('\n', at) - 1
  const inner = ' '.repeat(indent + 2)
  yield whole.slice(0, at + '"results": ['.length)
  for (const [index, result] of sarifResults.entries()) yield `${index === 0 ? '' : ','}\n${inner}${JSON.stringify(result, null, 2).replace(/\n/g, `\n${inner}`)}`
  yield `\n${' '.repeat(indent)}${whole.slice(at + '"results": ['.length)}`
}

function ruleOf(message: OwnitMessage, tool: SarifTool): object {
  const expected = message.expected.filter((text) => text.length > 0)
  const tryText = expected.length > 0 ? `Try: ${expected.map((text) => `“${text}”`).join(' or ')}` : ''
  const why = message.why || message.message
  return {
    id: message.ruleId,
    name: pascal(message.ruleId),
    shortDescription: { text: message.message },
    fullDescription: { text: why },
    help: {
      text: [why, tryText].filter(Boolean).join('\n'),
      markdown: [why, ...expected.map((text) => `- ${text}`)].join('\n\n')
    },
    helpUri: `${tool.informationUri}#rule-packs`,
    defaultConfiguration: { level: levels[message.severity] },
    properties: { category: message.category, tags: ['ownit', message.category] }
  }
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __: string, char: string) => char.toUpperCase())
}

/** A failure as a notification, at its file (and line and column) when the line names them. */
function notificationOf(failure: SarifFailure): object {
  const placed = /^(.+?):(\d+):(\d+): /.exec(failure.message)
  const path = placed?.[1] ?? failure.path
  const location = path === undefined ? undefined : {
    physicalLocation: {
      artifactLocation: { uri: uriOf(path) },
      ...(placed ? { region: { startLine: Number(placed[2]), startColumn: Number(placed[3]) } } : {})
    }
  }
  return { level: 'error', message: { text: failure.message }, ...(location ? { locations: [location] } : {}) }
}

/**
 * A path as a URI: an absolute one as a `file://` URI (SARIF takes a `/tmp/…` as a
 * relative reference, which viewers resolve against the repository); a relative one as a
 * relative reference, forward slashes, each segment percent-encoded.
 */
function uriOf(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href
  return path.split(/[\\/]/).map(encodeURIComponent).join('/')
}
