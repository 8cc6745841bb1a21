/**
 * The parts of a reply that are not prose and must never be spell-checked: links,
 * e-mail addresses, @mentions, #hashtags and ticket numbers, file and domain names,
 * version numbers, code, HTML entities, and template placeholders of every syntax
 * helpdesks use. Pure: text in, sorted character ranges out.
 */

/** A character range of the text: start inclusive, end exclusive. */
export type Range = readonly [start: number, end: number]

/**
 * Each pattern with a cheap test that must pass for it to match at all (a string it
 * cannot match without): most replies have no link, address or placeholder, and a few
 * `includes` cost far less than running every expression over the whole text.
 */
const patterns: ReadonlyArray<{ pattern: RegExp; mayMatch: (text: string) => boolean }> = [
  // Links, with or without a scheme.
  { pattern: /(?<![a-z0-9+.-])(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"'`]+/gi, mayMatch: (text) => text.includes('://') || /www\./i.test(text) },
  // E-mail addresses (and masked ones like __email__).
  { pattern: /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, mayMatch: (text) => text.includes('@') },
  { pattern: /__\w+?__/g, mayMatch: (text) => text.includes('__') },
  // @mentions and #hashtags, #48213.
  { pattern: /[@#][\w-]+/g, mayMatch: (text) => text.includes('@') || text.includes('#') },
  // Anything with a dot or slash inside a word: file, domain and version names
  // (invoice.pdf, help.example.com, v2.3.1, C:\Users, /settings). Each pattern starts
  // only where a run starts, so its time stays linear in the text.
  { pattern: /(?<![\w-])\w[\w-]*(?:[./\\]\w[\w-]*)+/g, mayMatch: (text) => /[\w-][./\\]\w/.test(text) },
  { pattern: /(?:^|(?<=\s))[/\\][\w./\\-]+/g, mayMatch: (text) => text.includes('/') || text.includes('\\') },
  // Code.
  { pattern: /`[^`\n]*`/g, mayMatch: (text) => text.includes('`') },
  // HTML entities: &amp; &#39;
  { pattern: /&(?:[a-z]+|#\d+|#x[\da-f]+);/gi, mayMatch: (text) => text.includes('&') },
  // Placeholders: {{…}} {%…%} {…} %{…} ${…} {!…} [Customer Name] <name> <<name>>
  // %NAME% *|FNAME|* :emoji:
  { pattern: /\{\{[^\n]*?(?:\}\}|$)/gm, mayMatch: (text) => text.includes('{{') },
  { pattern: /\{%[^\n]*?(?:%\}|$)/gm, mayMatch: (text) => text.includes('{%') },
  { pattern: /[%$]?\{[^{}\n]*\}/g, mayMatch: (text) => text.includes('{') },
  { pattern: /\[[^[\]\n]{1,80}\]/g, mayMatch: (text) => text.includes('[') },
  { pattern: /<{1,2}[^<>\n]{1,200}>{1,2}/g, mayMatch: (text) => text.includes('<') },
  { pattern: /%[A-Za-z_][\w.]*%/g, mayMatch: (text) => text.includes('%') },
  { pattern: /\*\|[^|\n]*\|\*/g, mayMatch: (text) => text.includes('*|') },
  { pattern: /:[a-z0-9_+-]+:(?![\w/])/g, mayMatch: (text) => text.includes(':') }
]

/** Character ranges of `text` that are not prose, sorted and merged. */
export function findMaskedRanges(text: string): Range[] {
  const ranges: Array<[number, number]> = []
  for (const { pattern, mayMatch } of patterns) {
    if (!mayMatch(text)) continue
    pattern.lastIndex = 0
    for (const match of text.matchAll(pattern)) {
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length])
    }
  }
  if (ranges.length === 0) return ranges
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: Array<[number, number]> = []
  for (const range of ranges) {
    const last = merged[merged.length - 1]
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([range[0], range[1]])
  }
  return merged
}

/** Whether [start, end) overlaps a range; `ranges` sorted and merged. */
export function overlaps(ranges: readonly Range[], start: number, end: number): boolean {
  let low = 0
  let high = ranges.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (ranges[middle]![1] <= start) low = middle + 1
    else high = middle
  }
  const range = ranges[low]
  return range !== undefined && range[0] < end
}
