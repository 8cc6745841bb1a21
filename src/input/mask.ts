/**
 * Masks: a copy of a text in which everything that is not prose is blanked to spaces,
 * line breaks kept. Offsets, lines and columns stay those of the original file, so a
 * message found in the masked text points into the original.
 */
import type { DirectiveFinds } from '../directives.js'
import type { Prose } from './prose.js'

/** A span of the original text, as UTF-16 offsets `[start, end)`. */
export interface Span {
  start: number
  end: number
}

/**
 * A test of whether a span `[start, end)` overlaps any of `spans`, in logarithmic time
 * (checking every span for every message was quadratic: 60,000 placeholders and as many
 * fixes took 11 s). Spans may come in any order and may overlap.
 */
export function overlapTest(spans: readonly Span[]): (start: number, end: number) => boolean {
  if (spans.length === 0) return () => false
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  // The furthest end among the spans up to each one.
  const reach = new Float64Array(sorted.length)
  let furthest = -Infinity
  sorted.forEach((span, index) => (reach[index] = furthest = Math.max(furthest, span.end)))
  return (start, end) => {
    // The last span starting before `end`; one of it and those before overlaps if any reaches past `start`.
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (sorted[middle]!.start < end) low = middle + 1
      else high = middle
    }
    return low > 0 && reach[low - 1]! > start
  }
}

/** Blank `spans` of `text`: each code unit becomes a space, except line breaks. */
export function blank(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text
  const chars = text.split('')
  for (const { start, end } of spans) {
    for (let index = Math.max(0, start); index < Math.min(end, chars.length); index++) {
      if (chars[index] !== '\n' && chars[index] !== '\r') chars[index] = ' '
    }
  }
  return chars.join('')
}

/** Keep only `spans` of `text`: everything else is blanked. */
export function keep(text: string, spans: readonly Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const gaps: Span[] = []
  let at = 0
  for (const span of sorted) {
    if (span.start > at) gaps.push({ start: at, end: span.start })
    at = Math.max(at, span.end)
  }
  if (at < text.length) gaps.push({ start: at, end: text.length })
  return blank(text, gaps)
}

/**
 * A bare URL (in any case: `HTTPS://…`, `WWW.…`): any run of characters but white space, `<`, `>` and parentheses, with
 * parentheses taken only in balanced pairs (`…/wiki/Foo_(bar)`, not the `)` of
 * `(see https://…)`), ending on a character that is not sentence punctuation. A full stop,
 * `?`, `!`, comma, colon, semicolon, closing quote or Markdown emphasis mark after a URL
 * belongs to the sentence, as in GitHub's autolinks (`See https://example.com/help. I…` is
 * two sentences). Each alternative starts with a different character, so the pattern backs
 * off only over the punctuation at the end.
 */
const urlPattern = /\b(?:https?:\/\/|www\.)(?:[^\s<>()]|\([^\s<>()]*\))*(?:[^\s<>().,:;!?'"*_~\u2019\u201D\u00BB\u203A]|\([^\s<>()]*\))|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi

/**
 * Blank the bare URLs and e-mail addresses of `text` in `masked` (`text` with what else
 * is not prose blanked), and say where each that stood in prose starts (`breaks`, sorted;
 * absent when there is none): a URL between two words is a clause break, as a comma would
 * be, so no phrase joins the words on either side of it ("see https://… it's not my
 * department"). One in a link target, a quoted line or other text that is not prose is
 * no break. Undefined when `text` holds none (most replies: nothing is allocated for them).
 */
function blankUrls(text: string, masked: string): { masked: string; breaks?: number[] } | undefined {
  // A search for what every match has is far cheaper than the pattern.
  if (!text.includes('@') && !text.includes('://') && !/www\./i.test(text)) return undefined
  const spans: Span[] = []
  const breaks: number[] = []
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index
    spans.push({ start, end: start + match[0].length })
    if (masked.charCodeAt(start) === text.charCodeAt(start)) breaks.push(start)
  }
  if (spans.length === 0) return undefined
  return { masked: blank(masked, spans), ...(breaks.length > 0 ? { breaks } : {}) }
}

/**
 * What a reader found in `text` as its `Prose`: `masked` (`text` with what else is not
 * prose blanked) with the URLs blanked too, and where they stood (`blankUrls`).
 */
export function readerProse(text: string, masked: string, found: Required<DirectiveFinds> & { blocks?: number[] }): Prose {
  const urls = blankUrls(text, masked)
  const prose: Prose = { masked: urls?.masked ?? masked, directives: found.directives }
  if (found.misspelt.length > 0) prose.misspelt = found.misspelt
  if (found.blocks) prose.blocks = found.blocks
  if (urls?.breaks) prose.breaks = urls.breaks
  return prose
}

// "On Tue, 3 Jun 2025 at 10:02, Maria <maria@example.com> wrote:" (one line, or two when
// the mail client wrapped it).
const attributionPattern = /^[ \t]*On\b[^\n]{0,300}(?:\n[^\n]{0,300})?\bwrote:[ \t]*\r?$/m

/** Offset where a quoted e-mail tail ("On … wrote:") starts, or -1. */
export function quotedTailStart(text: string): number {
  if (!text.includes('wrote:')) return -1
  const match = attributionPattern.exec(text)
  return match ? match.index : -1
}
