/** A vfile message in the JSON contract of DESIGN.md: what every report, `check` and the server give. */
import type { VFileMessage } from 'vfile-message'
import { placeFields } from './plugin.js'
import type { OwnitMessage } from './types.js'

/** Convert a vfile message to the JSON contract of DESIGN.md. */
export function toOwnitMessage(message: VFileMessage): OwnitMessage {
  const start = message.place && 'start' in message.place ? message.place.start : message.place
  const end = message.place && 'end' in message.place ? message.place.end : start
  return {
    ruleId: message.ruleId ?? 'unknown',
    category: message.category ?? 'structure',
    severity: message.severity ?? (message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'),
    message: message.reason,
    why: message.why ?? '',
    ...placeFields(start, end),
    actual: message.actual ?? '',
    expected: message.expected ?? [],
    fix: message.fix === true,
    ...(message.also ? { also: message.also } : {}),
    ...(message.macro ? { macro: message.macro } : {})
  }
}
