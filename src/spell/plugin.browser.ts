/**
 * The browser build's stand-in for the spelling plugin (scripts/build-browser.js swaps it
 * in): the lexicon is 1.8 MB and is read from disk, so the browser build checks ownership
 * language only and `ownit/browser` turns spelling off.
 */
import type { SpellingOptions } from './plugin.js'

export type { SpellingOptions }

/** The rule id of every spelling message. */
export const spellingRuleId = 'spelling'

/** Spelling is not part of the browser build. */
export default function retextOwnitSpelling(_options: Readonly<SpellingOptions> = {}): never {
  throw new Error('ownit/browser: spelling is not available in the browser build')
}
