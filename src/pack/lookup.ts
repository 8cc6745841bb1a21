/**
 * How a pack's rules look up a named word class: the pack's own classes first, then the
 * shared ones. Pure, so the browser build can use it without the YAML loader.
 */
import type { Pack, Shared } from '../types.js'

/** Class lookup for a pack's rules: the pack's own classes first, then the shared ones. */
export function classLookup(pack: Pack, shared: Shared | undefined): (name: string) => readonly string[] | undefined {
  return (name) => (Object.hasOwn(pack.classes, name) ? pack.classes[name] : shared?.classes[name])
}
