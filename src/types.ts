/** The ownership families, plus spelling and conversation-level practices. */
export const categories = [
  'blame-shifting',
  'helplessness',
  'distancing',
  'deflection',
  'non-apology',
  'vague-promise',
  'condescension',
  'spelling',
  'structure'
] as const

export type Category = (typeof categories)[number]

/** The seven ownership families, each with a rule pack in `rules/`. */
export const families = categories.slice(0, 7) as readonly Category[]

export const severities = ['error', 'warning', 'info'] as const
export type Severity = (typeof severities)[number]

/**
 * The spelling languages: US English (the default) and British English. Here for what must
 * not read files (the browser build, option checks); spell/sources.ts, which gives each its
 * dictionary, re-exports them.
 */
export const languages = ['en-US', 'en-GB'] as const

/**
 * How a document is read: plain text, Markdown or HTML (the CLI's `--type` for a document,
 * the library's `type`). Here for what must not read files, like `languages`.
 */
export const documentKinds = ['text', 'markdown', 'html'] as const
export type DocumentKind = (typeof documentKinds)[number]

export type Mood = 'statement' | 'question' | 'any'

/**
 * Where a safe rewrite fits: at the start of a sentence (after a list number such as `1.`,
 * `b)` or `Step 3.`), at the start of a clause (a sentence start, after a clause break, or
 * after a word that opens a clause: and, but, so, because, that, …), or just before a
 * clause break (a comma, semicolon, colon or dash).
 */
export const safePlaces = ['sentence-start', 'clause-start', 'before-break'] as const
export type SafePlace = (typeof safePlaces)[number]

export interface Suggestion {
  /** The rewrite; `$0` is the whole match, `$1`… the groups. */
  text: string
  /** Applied by `fix` / `--fix`: always leaves a grammatical sentence (where `where` says). */
  safe: boolean
  /**
   * Where a safe rewrite is applied: every place listed must hold for the match (default:
   * anywhere). Elsewhere it is offered as a suggestion, not applied.
   */
  where?: SafePlace[] | undefined
}

export interface FixedExample {
  bad: string
  fixed: string
}

/** Where a rule was defined: for error messages. */
export interface Source {
  file: string
  line: number
  column: number
}

export interface Rule {
  id: string
  category: Category
  severity: Severity
  mood: Mood
  patterns: string[]
  unless: string[]
  unlessScope: 'sentence' | 'paragraph'
  /** Also flag sentences that report what the customer was told (default false). */
  reportedSpeech: boolean
  message: string
  why: string
  suggest: Suggestion[]
  examples: { bad: string[]; good: string[]; fixed: FixedExample[] }
  source: Source
}

/** A rule pack: the rules of one file and the word classes only they use. */
export interface Pack {
  file: string
  classes: Record<string, string[]>
  rules: Rule[]
}

/** Word classes shared by every pack, and the patterns that cancel any match. */
export interface Shared {
  file: string
  classes: Record<string, string[]>
  unless: string[]
}

/** A message in the JSON contract of DESIGN.md. */
export interface OwnitMessage {
  ruleId: string
  category: Category
  severity: Severity
  message: string
  why: string
  line: number
  column: number
  endLine: number
  endColumn: number
  offset: number
  endOffset: number
  actual: string
  expected: string[]
  fix: boolean
  /**
   * Rules of other families that matched the same words (or words inside or around them):
   * one message is given per phrase, and these are the families it also belongs to.
   * Absent when there are none.
   */
  also?: FoldedRule[]
  /** The macro the message is in, for macro exports (absent otherwise). */
  macro?: MacroPlace
}

/** A rule whose match was folded into another family's message on the same words. */
export interface FoldedRule {
  ruleId: string
  category: Category
}

/**
 * Part of an input that could not be read, so was not linted (a macro field holding a
 * number where text belongs): one of the `errors` of its file in the JSON report. The same
 * problem is a line on stderr, `file:line:column: macro "Title" (id N): field: message`.
 */
export interface FileError {
  /** What is wrong, without the place or the macro: `expected text, not a number, so it was not linted`. */
  message: string
  line: number
  column: number
  /** The macro and field it is in, when there is one (absent for a `--fields` path that matches nothing). */
  macro?: MacroPlace
}

/** Where in a macro export a message is: the macro's title and id, and the field. */
export interface MacroPlace {
  title?: string | undefined
  id?: string | undefined
  field: string
}
