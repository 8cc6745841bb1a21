/**
 * Text from the data (ids, agent names, file names) made safe to show on a terminal or in
 * a line-oriented report: `ownit score`'s table, the lint reports' file names, and the
 * one-line errors on stderr.
 */

/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts the sequences
 * that move the cursor, clear the screen or set the window title; a line break splits
 * one line of a report in two), DEL, C1 controls (CSI and OSC in one byte) and the
 * bidirectional marks, embeddings, overrides and isolates that reorder what follows them
 * (Trojan Source).
 */
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const anyUnprintable = new RegExp(unprintable.source)

/** Whether `text` holds a character that `printable` escapes. */
export function hasUnprintable(text: string): boolean {
  return anyUnprintable.test(text)
}

/**
 * `text` for a terminal: each character it would act on rather than show is written as an
 * escape (`\x1b`, `\x0a`, `\u202e`), so that ids, file names and other text from the data
 * cannot rewrite the screen or split a line. Text without one is returned as it is.
 */
export function printable(text: string): string {
  if (!anyUnprintable.test(text)) return text
  return text.replace(unprintable, (char) => {
    const code = char.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
