/**
 * The browser build, `ownit/browser`: `check` and `fix` with the bundled packs compiled
 * in, no Node built-ins and no file system (scripts/build-browser.js bundles it into
 * dist/browser/ownit.js). Spelling is not included: its lexicon is 1.8 MB, so this build
 * checks the ownership families only.
 */
import { check as checkText, fix as fixText, type CheckResult, type FixResult, type Options } from './api.js'
import type { Pack } from './types.js'

export type { CheckResult, FixResult }
export { categories, families } from './types.js'
export type { Category, OwnitMessage, Pack, Rule, Severity, Suggestion } from './types.js'

/** The library's options without those that need a file system or a dictionary. */
export interface BrowserOptions extends Omit<Options, 'packs' | 'spelling' | 'language' | 'words'> {
  /** Extra rule packs, already parsed (there is no file system to read YAML from). Default: none. */
  packs?: readonly Pack[] | undefined
}

/**
 * Check one reply for ownership language. Synchronous; the first call with a given set
 * of options compiles the packs (a few milliseconds), later calls only match.
 *
 * @param text the reply, as the agent wrote it
 * @param options categories, rule severities, extra parsed packs, allowed phrases
 *   (default: all bundled rules at their own severity)
 */
export function check(text: string, options: Readonly<BrowserOptions> = {}): CheckResult {
  return checkText(text, { ...options, spelling: false })
}

/** Apply every safe ownership rewrite to a reply (idempotent; the rest is kept as it is). */
export function fix(text: string, options: Readonly<BrowserOptions> = {}): FixResult {
  return fixText(text, { ...options, spelling: false })
}
