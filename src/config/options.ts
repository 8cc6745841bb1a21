/**
 * Precedence: command-line flags over the configuration file over the defaults (every
 * bundled rule at its own severity, every category).
 */
import type { Options } from '../plugin.js'
import type { Language } from '../spell/sources.js'
import type { Category, Pack, Severity } from '../types.js'
import type { Config, Placeholder } from './load.js'
import { markBuiltOptions } from './validate.js'

/** What the command line says about rules. */
export interface Overrides {
  /** `--rule id=severity`, applied over the config's `rules`. */
  rules: Record<string, Severity | 'off'>
  /** `--category`: replaces the config's `categories`. */
  categories: Category[] | undefined
  /** `--pack`: added after the config's packs. */
  packs: Pack[]
  /** `--no-builtin`: false leaves out the bundled packs. */
  builtin: boolean
  /** `--no-spelling` (false) or undefined: the config decides. */
  spelling?: boolean | undefined
  /** `--language`, over the config's `language`. */
  language?: Language | undefined
}

/**
 * The engine options for a file, from its configuration (if any) and the flags. Marked as
 * built by ownit (see `markBuiltOptions`): a config's allowed phrases were checked with its
 * file and line when it was read.
 */
export function optionsFor(config: Config | undefined, overrides: Overrides, fileWords: readonly string[] = []): Options {
  const options: Options = markBuiltOptions({})
  const rules = { ...config?.rules, ...overrides.rules }
  if (Object.keys(rules).length > 0) options.rules = rules
  const categories = overrides.categories ?? config?.categories
  if (categories) options.categories = categories
  const packs = [...(config?.packs ?? []), ...overrides.packs]
  if (packs.length > 0) options.packs = packs
  if (!overrides.builtin) options.builtin = false
  if (config && config.allow.length > 0) options.allow = config.allow
  const spelling = overrides.spelling ?? config?.spelling
  if (spelling === false) options.spelling = false
  const language = overrides.language ?? config?.language
  if (language) options.language = language
  const words = [...(config?.words ?? []), ...fileWords]
  if (words.length > 0) options.words = words
  return options
}

/** The template syntaxes protected from fixes: the built-in ones and the config's. */
export function placeholdersFor(config: Config | undefined): Placeholder[] {
  return [{ open: '{{', close: '}}' }, { open: '{%', close: '%}' }, ...(config?.placeholders ?? [])]
}
