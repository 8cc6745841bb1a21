/**
 * The browser build, `ownit/browser`: `check` and `fix` with the bundled packs compiled
 * in, no Node built-ins and no file system (scripts/build-browser.js bundles it into
 * dist/browser/ownit.js). Spelling is there too, but its dictionary (1.8 MB) is not in
 * the bundle: `loadDictionary` fetches it, once, when the page asks for spelling.
 */
import { check as checkText, fix as fixText, type CheckResult, type FixResult, type Options } from './api.js'
import { addLexicon, hasLexicon } from './spell/load.browser.js'
import type { Language } from './spell/sources.js'
import type { Pack } from './types.js'

export type { CheckResult, FixResult, Language }
export { categories, families } from './types.js'
export type { Category, OwnitMessage, Pack, Rule, Severity, Suggestion } from './types.js'

/** The library's options, with packs passed parsed (there is no file system), and plain text only. */
export interface BrowserOptions extends Omit<Options, 'packs' | 'type'> {
  /** Extra rule packs, already parsed. Default: none. */
  packs?: readonly Pack[] | undefined
  /**
   * How the text is read: plain text only. The Markdown and HTML parsers are not in the
   * browser build (they would take it over its size budget): `markdown` or `html` is a
   * RangeError. Default: `text`.
   */
  type?: 'text' | undefined
}

/**
 * Load the spelling dictionary of `language`: the prebuilt lexicon that `npm run build`
 * writes to dist/dictionaries/ (`en-US.lex`, `en-GB.lex`), as a URL to fetch or as bytes.
 * Until it is loaded, `check` leaves spelling out.
 *
 * @param source where the `.lex` file is (fetched with `fetch`), or its bytes
 * @param language `en-US` or `en-GB` (default: `en-US`)
 */
export async function loadDictionary(source: string | URL | ArrayBuffer | Uint8Array, language: Language = 'en-US'): Promise<void> {
  if (hasLexicon(language)) return
  let bytes: Uint8Array
  if (source instanceof Uint8Array) bytes = source
  else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source)
  else {
    const response = await fetch(source)
    if (!response.ok) throw new Error(`ownit/browser: cannot load the ${language} dictionary from ${String(source)}: HTTP ${response.status}`)
    bytes = new Uint8Array(await response.arrayBuffer())
  }
  addLexicon(language, bytes)
}

/** Spelling runs when asked for, or by default once the language's dictionary is loaded. */
function withSpelling(options: Readonly<BrowserOptions>): Options {
  return { ...options, spelling: options.spelling ?? hasLexicon(options.language ?? 'en-US') }
}

/**
 * Check one reply. Synchronous; the first call with a given set of options compiles the
 * packs (a few milliseconds), later calls only match.
 *
 * @param text the reply, as the agent wrote it
 * @param options as the library's (default: all bundled rules at their own severity;
 *   spelling only once `loadDictionary` has loaded the dictionary, and `spelling: true`
 *   without it throws)
 */
export function check(text: string, options: Readonly<BrowserOptions> = {}): CheckResult {
  return checkText(text, withSpelling(options))
}

/** Apply every safe ownership rewrite to a reply (idempotent; the rest is kept as it is). */
export function fix(text: string, options: Readonly<BrowserOptions> = {}): FixResult {
  return fixText(text, withSpelling(options))
}
