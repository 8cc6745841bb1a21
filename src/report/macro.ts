/** How every output names a macro: `macro "Refund denied" (id 360001): comment_value`. */
import type { MacroPlace } from '../types.js'

/** The macro's title (quoted) and id, then the field. */
export function describeMacro(place: Readonly<MacroPlace>): string {
  const title = place.title === undefined ? 'macro' : `macro ${JSON.stringify(place.title)}`
  return `${title}${place.id === undefined ? '' : ` (id ${place.id})`}: ${place.field}`
}
