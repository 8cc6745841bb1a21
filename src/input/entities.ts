/**
 * HTML character references, decoded with a map back to where each character was written:
 * helpdesk editors write `can&rsquo;t` and `&nbsp;`, and the rules match the characters
 * they stand for. Not the whole HTML table, only the numeric references and the names an
 * editor puts in prose; an unknown name is kept as written. Small, so that reading plain
 * text never loads the HTML parser for it.
 */
const entities: Record<string, string> = { nbsp: ' ', shy: '\u00ad', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…', mdash: '—', ndash: '–' }

/**
 * Decode HTML character references; `at[i]` is the offset in `text` of decoded unit `i`
 * (one more for the end). Unknown names are kept as written.
 */
export function decodeEntities(text: string): { text: string; at: number[] } {
  let out = ''
  const at: number[] = []
  let from = 0
  for (const match of text.matchAll(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi)) {
    const code = match[1] ? Number(match[1]) : match[2] ? Number.parseInt(match[2], 16) : undefined
    const char = code !== undefined ? (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined) : entities[match[3]!.toLowerCase()]
    if (char === undefined) continue
    for (let index = from; index < match.index; index++) {
      out += text[index]
      at.push(index)
    }
    for (let unit = 0; unit < char.length; unit++) at.push(match.index)
    out += char
    from = match.index + match[0].length
  }
  for (let index = from; index < text.length; index++) {
    out += text[index]
    at.push(index)
  }
  at.push(text.length)
  return { text: out, at }
}

/** Offsets in a text (sorted) as offsets in its decoding, `at` from `decodeEntities`: each the first decoded unit at or after it. */
export function decodedOffsets(at: readonly number[], offsets: readonly number[]): number[] {
  const out: number[] = []
  let unit = 0
  for (const offset of offsets) {
    while (unit < at.length - 1 && at[unit]! < offset) unit++
    out.push(unit)
  }
  return out
}
