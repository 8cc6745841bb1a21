/**
 * The prose of a document: which parts of a file are linted, and its inline directives.
 * Plain text, Markdown and HTML each have an adapter; all return a mask (the text with
 * everything that is not prose blanked, offsets unchanged), where the URLs in its prose
 * stood, and the directives found (and the comments that read as directives with a
 * misspelt keyword, to be reported).
 *
 * The Markdown and HTML adapters are loaded on demand (`loadProse`): their parsers are
 * more than half of the CLI's code, and a check of a plain-text reply should not pay to
 * load and start them.
 */
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import type { DirectiveFinds } from '../directives.js'
import { megabytes } from '../limits.js'
import type { DocumentKind } from '../types.js'
import { NestingError } from './nesting.js'
import { textProse } from './text.js'

export type { DocumentKind }
export { NestingError }

export interface Prose extends DirectiveFinds {
  /** The original text with everything that is not prose blanked to spaces. */
  masked: string
  /**
   * Offsets, in any order, where a block of the document (a paragraph, list item, table
   * cell, heading, HTML block element) starts or ends: no phrase is matched across one.
   * Absent in plain text, whose blocks retext finds itself (blank lines).
   */
  blocks?: number[]
  /**
   * Sorted offsets where a URL or e-mail address stood in the prose (blanked in `masked`):
   * each is a clause break, which no phrase runs across unless its pattern allows one
   * (`,?`). Absent when there is none.
   */
  breaks?: number[]
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

/** A reader: the prose of `text`; when `inline` is given, its inline elements are added to it (see inline.ts). */
type Adapter = (text: string, inline?: number[]) => Prose

const adapters: { [Kind in DocumentKind]?: Adapter } = { text: textProse }

/** Load the adapters for `kinds`, once, before `proseOf` needs them (the CLI, which can wait). */
export async function loadProse(...kinds: DocumentKind[]): Promise<void> {
  for (const kind of kinds) {
    if (adapters[kind]) continue
    if (kind === 'html') adapters[kind] = (await import('./html.js')).htmlProse
    else {
      const { markdownProse } = await import('./markdown.js')
      adapters[kind] = (text, inline) => markdownProse(text, undefined, inline)
    }
  }
}

/**
 * The adapter of `kind`, loaded now if `loadProse` has not: the library's `check` is
 * synchronous, and only a caller who asks for Markdown or HTML pays to load their parsers
 * (about 100 ms, once). Node.js 20.19 and later `require` an ES module synchronously.
 */
function adapterOf(kind: DocumentKind): Adapter {
  const loaded = adapters[kind]
  if (loaded) return loaded
  const load = createRequire(import.meta.url)
  try {
    if (kind === 'html') return (adapters[kind] = (load('./html.js') as typeof import('./html.js')).htmlProse)
    const { markdownProse } = load('./markdown.js') as typeof import('./markdown.js')
    return (adapters[kind] = (text, inline) => markdownProse(text, undefined, inline))
  } catch (error) {
    // Where modules are not files beside this one (a bundle, a test runner's transform).
    throw new Error(`ownit: the ${kind} adapter could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): await loadProse('${kind}') first`)
  }
}

/**
 * HTML longer than this is not read as HTML: its tree is built whole, and takes about 140
 * bytes per character (an 18 MB page took 2.5 GB and 16 s). An e-mail or a macro is a few KB.
 */
export const maxHtmlChars = 8 * 1024 * 1024

/** Lists nested this deep, or deeper, are not read as Markdown. */
export const maxListDepth = 100
/** A list item indented by two columns or more per level of `maxListDepth`. */
const deepListItem = new RegExp(`^[ \\t]{${2 * maxListDepth},}(?:[-*+]|\\d{1,9}[.)])(?:[ \\t]|$)`, 'm')

/**
/**
 * Find the prose and the directives of a document (its kind's adapter loaded first, by
 * `loadProse` or here), and, when `inline` is given, add the inline elements of a Markdown
 * or HTML document to it (see inline.ts; not asked on every read, as few messages need
 * them). Pure but for `inline`. Throws NestingError for a document nested too deeply to read.
 */
export function proseOf(text: string, kind: DocumentKind, inline?: number[]): Prose {
  const adapter = adapterOf(kind)
  if (kind === 'markdown' && deepListItem.test(text)) throw new NestingError(`lists nested ${maxListDepth} levels deep or more: not read as Markdown`)
  if (kind === 'html' && text.length > maxHtmlChars) throw new NestingError(`${megabytes(text.length)} MB of HTML, more than the ${maxHtmlChars / (1024 * 1024)} MB read as HTML`)
  try {
    return adapter(text, inline)
  } catch (error) {
    if (kind !== 'text' && error instanceof RangeError && /call stack/i.test(error.message)) throw new NestingError(`nested too deeply to read as ${kind === 'html' ? 'HTML' : 'Markdown'}`)
    throw error
  }
}
