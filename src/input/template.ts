/**
 * Template syntax in macros and canned responses: Liquid, Handlebars and Mustache
 * (`{{ … }}`, `{{{ … }}}`, `{% … %}`, with filters and fallbacks), Help Scout
 * (`{%customer.firstName,fallback=there%}`) and `[Customer Name]`-style brackets.
 *
 * A placeholder becomes one opaque word for matching: it is rewritten, in the linted copy
 * only, to `{{xxx}}` of the same length, which the tokenizer reads as one word that no
 * pattern spells out. Tags that print nothing (`{% assign %}`, `{{! comment }}`) are
 * blanked. Conditionals (`{% if %}…{% elsif %}…{% else %}…{% endif %}`, `unless`, `case`/
 * `when`, `{{#if}}…{{else}}…{{/if}}`, Mustache sections) give several views of the text,
 * each with one branch per conditional, so that a phrase is never assembled from two
 * branches. Offsets never move. Pure.
 */
import type { Span } from './mask.js'

/** A template: its placeholders and the views to lint, all as long as the text. */
export interface Template {
  /** Spans of the placeholders and tags: never spelled, never changed by a fix. */
  placeholders: Span[]
  /** The text with placeholders made opaque, tags blanked and one branch kept per conditional. */
  views: string[]
}

type TagKind = 'placeholder' | 'silent' | 'open' | 'branch' | 'close'

interface Tag extends Span {
  kind: TagKind
}

type Branch = Span

interface Conditional {
  branches: Branch[]
  parent: { conditional: Conditional; branch: number } | undefined
}

// `{{{…}}}` and `{{…}}` (Handlebars, Mustache, Liquid output), `{%…%}` (Liquid tags and Help
// Scout), and `[Customer Name]`: one to six words in brackets, not a Markdown link.
const tagPattern = /\{\{\{[^]*?\}\}\}|\{\{[^]*?\}\}|\{%[^]*?%\}|\[[A-Za-z][\w.' -]{1,60}\](?![([:])/g

const liquidOpen = new Set(['if', 'unless', 'case'])
const liquidBranch = new Set(['elsif', 'elseif', 'else', 'when'])
const liquidClose = new Set(['endif', 'endunless', 'endcase'])
const liquidSilent = new Set([
  'assign', 'capture', 'endcapture', 'for', 'endfor', 'break', 'continue', 'cycle', 'increment', 'decrement',
  'include', 'render', 'raw', 'endraw', 'comment', 'endcomment', 'liquid', 'tablerow', 'endtablerow', 'with', 'endwith'
])

/** Classify one tag by its inner words. */
function kindOf(source: string): TagKind {
  if (source.startsWith('[')) return 'placeholder'
  if (source.startsWith('{%')) {
    const word = /^\{%-?\s*([a-z]+)/.exec(source)?.[1] ?? ''
    // `{% if %}`, but Help Scout's `{%customer.firstName%}` prints a value.
    const isTag = /^\{%-?\s*[a-z]+(?:\s|-?%\})/.test(source)
    if (!isTag) return 'placeholder'
    if (liquidOpen.has(word)) return 'open'
    if (liquidBranch.has(word)) return 'branch'
    if (liquidClose.has(word)) return 'close'
    if (liquidSilent.has(word) || word.startsWith('end')) return 'silent'
    return 'placeholder'
  }
  const inner = source.replace(/^\{\{\{?~?\s*/, '')
  if (inner.startsWith('!')) return 'silent'
  if (inner.startsWith('#') || inner.startsWith('^')) {
    if (/^\^\s*~?\}\}/.test(inner)) return 'branch'
    return 'open'
  }
  if (inner.startsWith('/')) return 'close'
  if (/^else\b/.test(inner)) return 'branch'
  return 'placeholder'
}

/** The tags of a text, in order. */
function tagsOf(text: string): Tag[] {
  const tags: Tag[] = []
  for (const match of text.matchAll(tagPattern)) {
    const source = match[0]
    // `[[wiki]]` is not ours, and seven words or more in brackets are prose, not a name.
    if (source.startsWith('[') && (text.charAt(match.index - 1) === '[' || source.trim().split(/\s+/).length > 6)) continue
    tags.push({ start: match.index, end: match.index + source.length, kind: kindOf(source) })
  }
  return tags
}

/** Find the placeholders and conditionals of `text` and the views to lint. */
export function parseTemplate(text: string): Template {
  const tags = tagsOf(text)
  const placeholders: Span[] = tags.map(({ start, end }) => ({ start, end }))
  const base = text.split('')
  for (const tag of tags) {
    if (tag.kind === 'placeholder' && tag.end - tag.start >= 4) {
      // Same length, one opaque word: `{{xxxxx}}`; line breaks kept so lines do not move.
      for (let index = tag.start; index < tag.end; index++) {
        const offset = index - tag.start
        const last = tag.end - tag.start - 1
        base[index] = offset < 2 ? '{' : offset > last - 2 ? '}' : base[index] === '\n' ? '\n' : 'x'
      }
    } else {
      for (let index = tag.start; index < tag.end; index++) if (base[index] !== '\n') base[index] = ' '
    }
  }
  // Comment blocks print nothing: blank what they hold.
  const comments = /\{%-?\s*comment\s*-?%\}[^]*?\{%-?\s*endcomment\s*-?%\}/g
  for (const match of text.matchAll(comments)) {
    for (let index = match.index; index < match.index + match[0].length; index++) if (base[index] !== '\n') base[index] = ' '
  }

  const conditionals = conditionalsOf(tags, text.length)
  if (conditionals.length === 0) return { placeholders, views: [base.join('')] }
  const choices = choicesToCover(conditionals, viewsFor(text.length))
  const views = new Set<string>()
  for (const choice of choices) {
    const view = [...base]
    for (const conditional of conditionals) {
      const chosen = choice.get(conditional) ?? 0
      conditional.branches.forEach((branch, index) => {
        if (index === chosen) return
        for (let at = branch.start; at < branch.end; at++) if (view[at] !== '\n') view[at] = ' '
      })
    }
    views.add(view.join(''))
  }
  return { placeholders, views: [...views] }
}

/** Every conditional, nested ones included, from the tags. An unclosed one ends with the text. */
function conditionalsOf(tags: readonly Tag[], length: number): Conditional[] {
  const all: Conditional[] = []
  const stack: Conditional[] = []
  for (const tag of tags) {
    const current = stack[stack.length - 1]
    if (tag.kind === 'open') {
      const parent = current ? { conditional: current, branch: current.branches.length - 1 } : undefined
      const conditional: Conditional = { branches: [{ start: tag.end, end: length }], parent }
      all.push(conditional)
      stack.push(conditional)
    } else if (tag.kind === 'branch' && current) {
      current.branches[current.branches.length - 1]!.end = tag.start
      current.branches.push({ start: tag.end, end: length })
    } else if (tag.kind === 'close' && current) {
      current.branches[current.branches.length - 1]!.end = tag.start
      stack.pop()
    }
  }
  return all
}

/**
 * Views linted at most per template. Each is a copy of the text, linted on its own: a
 * template of 20,000 nested `{% if %}` (half a megabyte) asked for 20,000 views and ran
 * out of memory. Branches beyond the limit are linted only where the first view shows them.
 */
export const maxTemplateViews = 64

/**
 * The text of all views linted of one template, at most: a long template gets fewer views
 * (at least one). 64 views of a 4.7 MB template took 223 s and 2.4 GB; every template up
 * to 256 KB still gets all 64.
 */
export const templateViewChars = 16 * 1024 * 1024

/** How many views a template of `length` characters may have. */
export function viewsFor(length: number): number {
  return Math.max(1, Math.min(maxTemplateViews, Math.floor(templateViewChars / Math.max(1, length))))
}

/**
 * Choices (conditional → branch, -1 for none) such that every branch is linted at least
 * once with its enclosing branches around it; other conditionals keep their first branch.
 * At most `limit` (see `viewsFor`), in the order of the text.
 */
function choicesToCover(conditionals: readonly Conditional[], limit: number): Array<Map<Conditional, number>> {
  const choices: Array<Map<Conditional, number>> = [new Map()]
  for (const conditional of conditionals) {
    if (choices.length >= limit) break
    const outcomes = conditional.branches.map((_, index) => index)
    // `{% if %}` without `{% else %}` may print nothing.
    if (conditional.branches.length === 1) outcomes.push(-1)
    let nestedInFirst = true
    for (let parent = conditional.parent; parent; parent = parent.conditional.parent) nestedInFirst &&= parent.branch === 0
    for (const outcome of outcomes) {
      // The first view already shows every first branch inside first branches.
      if (outcome === 0 && nestedInFirst) continue
      if (choices.length >= limit) break
      const choice = new Map<Conditional, number>([[conditional, outcome]])
      for (let parent = conditional.parent; parent; parent = parent.conditional.parent) choice.set(parent.conditional, parent.branch)
      choices.push(choice)
    }
  }
  return choices
}
