/**
 * The browser build's stand-in for document.ts (scripts/build-browser.js swaps it in):
 * `check` and `fix` read plain text only. The Markdown and HTML parsers would take the
 * bundle from 128 KB gzip to 211 KB (5 December), over its budget (test/browser.test.ts),
 * for a page that checks what an agent types: `type: 'markdown'` or `'html'` is refused
 * with one line saying so.
 */
import type { VFile } from 'vfile'
import type { AppliedFix } from './fix.js'
import type { DocumentSettings } from './document.js'

export type { DocumentSettings }

/** Markdown and HTML are not read in the browser build: a RangeError naming the option. */
export function lintDocument(_path: string | undefined, _text: string, settings: DocumentSettings): VFile {
  throw notRead(settings)
}

/** As `lintDocument`. */
export function fixDocument(_path: string | undefined, _text: string, settings: DocumentSettings): { text: string; applied: AppliedFix[] } {
  throw notRead(settings)
}

function notRead({ kind }: DocumentSettings): RangeError {
  return new RangeError(`ownit: options.type: ${kind === 'html' ? 'HTML' : 'Markdown'} is not read by the browser build (its parser is not in the bundle): check it with the library in Node.js or the server's /v1/check, or as plain text`)
}
