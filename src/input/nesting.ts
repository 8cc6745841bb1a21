/**
 * A document that cannot be read as its kind. Nested too deeply: the HTML tree builder
 * recurses (it gives up at a few thousand levels), and the Markdown one slows down with
 * the square of a list's depth (1,000 nested levels took 20 s). Or too long to read in one
 * piece: HTML over `maxHtmlChars`, Markdown with nowhere to cut it for 1 MB (markdown.ts).
 * No Node.js built-ins: the browser build's `check` knows it too.
 */
export class NestingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NestingError'
  }
}
