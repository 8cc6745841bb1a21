/**
 * The prose of a document: which parts of a file are linted, and its inline directives.
 * Plain text, Markdown and HTML each have an adapter; all return a mask (the text with
 * everything that is not prose blanked, offsets unchanged) and the directives found.
 */
import { extname } from 'node:path'
import type { Directive } from '../directives.js'
import { htmlProse } from './html.js'
import { markdownProse } from './markdown.js'
import { textProse } from './text.js'

export type DocumentKind = 'text' | 'markdown' | 'html'

export interface Prose {
  /** The original text with everything that is not prose blanked to spaces. */
  masked: string
  directives: Directive[]
}

const kinds: Record<string, DocumentKind> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.mkd': 'markdown',
  '.html': 'html',
  '.htm': 'html'
}

/** The kind of a document, from its file name (plain text when unknown or stdin). */
export function kindOf(path: string): DocumentKind {
  return kinds[extname(path).toLowerCase()] ?? 'text'
}

/** Find the prose and the directives of a document. Pure. */
export function proseOf(text: string, kind: DocumentKind): Prose {
  switch (kind) {
    case 'markdown':
      return markdownProse(text)
    case 'html':
      return htmlProse(text)
    default:
      return textProse(text)
  }
}
