/**
 * One unit of work of the server: check or fix a text with the request's options over the
 * config's. Runs in a worker thread; errors come back as data, a one-line reason each.
 */
import { check, fix, type CheckResult, type FixResult, type Options } from '../api.js'
import { CompileError } from '../compile.js'
import { ConfigError, readConfig, type Config } from '../config/load.js'
import { optionsFor } from '../config/options.js'
import { PackError } from '../pack/load.js'
import type { Category, DocumentKind, Severity } from '../types.js'
import type { Language } from '../spell/sources.js'

/** What every worker is started with. */
export interface TaskData {
  /** The config file (absolute), or undefined for none. */
  configPath: string | undefined
  cwd: string
}

/** The options a request may set (schema-checked before it gets here). */
export interface RequestOptions {
  categories?: Category[]
  rules?: Record<string, Severity | 'off'>
  spelling?: boolean
  language?: Language
  allow?: string[]
  words?: string[]
  type?: DocumentKind
}

export interface Task {
  kind: 'check' | 'fix'
  text: string
  options: RequestOptions
}

export type Outcome =
  | { ok: true; result: CheckResult | (FixResult & { messages: CheckResult['messages'] }) }
  | { ok: false; status: 400 | 500; message: string }

const configs = new Map<string, Config | undefined>()

function configOf(data: TaskData): Config | undefined {
  if (!data.configPath) return undefined
  if (!configs.has(data.configPath)) configs.set(data.configPath, readConfig(data.configPath, data.cwd))
  return configs.get(data.configPath)
}

/** The engine options for a request: its own over the config's, as flags are in the CLI. */
export function requestOptions(config: Config | undefined, options: RequestOptions): Options {
  const merged = optionsFor(config, { rules: options.rules ?? {}, categories: options.categories, packs: [], builtin: true, spelling: options.spelling, language: options.language })
  if (options.allow?.length) merged.allow = [...(merged.allow ?? []), ...options.allow]
  if (options.words?.length) merged.words = [...(merged.words ?? []), ...options.words]
  if (options.type) merged.type = options.type
  return merged
}

/** The option sets most requests send: none, or only `spelling`. */
export const commonOptions: readonly RequestOptions[] = [{}, { spelling: false }, { spelling: true }]

/**
 * Compile the common option sets on this thread now, so that the first requests do not
 * wait for it. Returns the ones that are ready (a config that does not load is left for the
 * requests to report).
 */
export function prepareCommon(data: TaskData): RequestOptions[] {
  return commonOptions.filter((options) => runTask(data, { kind: 'check', text: 'Thanks for waiting.', options }).ok)
}

/** Check or fix; never throws. */
export function runTask(data: TaskData, task: Task): Outcome {
  try {
    const options = requestOptions(configOf(data), task.options)
    if (task.kind === 'check') return { ok: true, result: check(task.text, options) }
    const fixed = fix(task.text, options)
    return { ok: true, result: { ...fixed, messages: check(fixed.text, options).messages } }
  } catch (error) {
    if (error instanceof CompileError) return { ok: false, status: 400, message: `${error.field.replace(/\[(\d+)\]/g, '/$1')}: ${error.message.split('\n')[0]!}` }
    if (error instanceof PackError || error instanceof ConfigError) return { ok: false, status: 500, message: `config: ${error.message.split('\n')[0]}` }
    // Markdown or HTML nested too deeply to read: the library names `text`.
    if (error instanceof RangeError && error.message.startsWith('ownit: text: ')) return { ok: false, status: 400, message: error.message.slice('ownit: '.length).split('\n')[0]! }
    return { ok: false, status: 500, message: 'internal error' }
  }
}
