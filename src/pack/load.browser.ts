/**
 * The browser build's stand-in for load.ts (scripts/build-browser.js swaps it in): the
 * bundled packs come precompiled into the bundle as JSON, and there is no file system
 * to read other packs from. Pass parsed packs in `options.packs` instead.
 */
import builtin from 'ownit:builtin-rules'
import type { Pack } from '../types.js'
import type { Ruleset } from './load.js'

export { assertUniqueIds, PackError, uniquePacks } from './ids.js'
export { classLookup } from './lookup.js'
export type { Ruleset }

/** The bundled packs and shared classes, validated at build time. */
export function loadBuiltinRuleset(): Ruleset {
  return builtin
}

/** There is no file system in the browser: a pack named by path is an error. */
export function readPack(path: string): Pack {
  throw new Error(`ownit/browser: cannot read the rule pack ${path}: the browser build has no file system, pass a parsed pack in options.packs`)
}
