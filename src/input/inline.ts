/**
 * Inline markup that a message's span cuts. A phrase runs from its first word to its last,
 * and markup between them is part of it (`Corporate **sets** the policy`); but a phrase that
 * ends in a link's text or in emphasis took the opening `[` or `**` and not what closes it
 * (`Corporate sets the [policy`). Such a span takes in the rest of the element when no other
 * word stands in it (`Corporate sets the [policy](https://…)`), so that what it quotes is
 * whole markup. Pure.
 */

/**
 * Inline elements (links, emphasis, `<b>`, `<a>`…) of a document, found by its reader when
 * asked (`proseOf`'s `inline`): per element four offsets, one after the other: where it
 * starts, where its content starts and ends, and where it ends.
 */
export type InlineElements = readonly number[]

/** The elements, sorted by where they start and by where they end, to find those a span cuts in logarithmic time. */
export interface InlineIndex {
  elements: InlineElements
  byStart: Int32Array
  byEnd: Int32Array
}

/** Index `elements` (four offsets each, see `InlineElements`). */
export function indexInline(elements: InlineElements): InlineIndex {
  const count = elements.length / 4
  const byStart = Int32Array.from({ length: count }, (_, index) => index * 4).sort((a, b) => elements[a]! - elements[b]!)
  const byEnd = Int32Array.from({ length: count }, (_, index) => index * 4).sort((a, b) => elements[a + 3]! - elements[b + 3]!)
  return { elements, byStart, byEnd }
}

const word = /[\p{L}\p{N}]/u

/**
 * The span `[start, end)` of a message's words, widened to take in each inline element it
 * cuts when the part of the element it leaves out holds no word of `masked` (the prose):
 * only markup, white space or punctuation. A span that would take another word stays as it
 * is (`Corporate sets the [policy for stores](…)` keeps `[policy`).
 */
export function widenToMarkup(index: InlineIndex, masked: string, start: number, end: number): { start: number; end: number } {
  const { elements, byStart, byEnd } = index
  for (let changed = true; changed; ) {
    changed = false
    // Elements that start inside the span and end after it: the span holds their opening.
    for (let at = firstAtOrAfter(byStart, elements, 0, start); at < byStart.length && elements[byStart[at]!]! < end; at++) {
      const element = byStart[at]!
      const contentStart = elements[element + 1]!
      const contentEnd = elements[element + 2]!
      const elementEnd = elements[element + 3]!
      if (elementEnd > end && contentStart < end && end <= contentEnd && !word.test(masked.slice(end, contentEnd))) {
        end = elementEnd
        changed = true
      }
    }
    // Elements that end inside the span and start before it: the span holds their closing.
    for (let at = firstAtOrAfter(byEnd, elements, 3, start + 1); at < byEnd.length && elements[byEnd[at]! + 3]! <= end; at++) {
      const element = byEnd[at]!
      const elementStart = elements[element]!
      const contentStart = elements[element + 1]!
      const contentEnd = elements[element + 2]!
      if (elementStart < start && contentStart <= start && start < contentEnd && !word.test(masked.slice(contentStart, start))) {
        start = elementStart
        changed = true
      }
    }
  }
  return { start, end }
}

/** Index in `order` of the first element whose offset number `field` is `value` or more. */
function firstAtOrAfter(order: Int32Array, elements: InlineElements, field: number, value: number): number {
  let low = 0
  let high = order.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (elements[order[middle]! + field]! < value) low = middle + 1
    else high = middle
  }
  return low
}
