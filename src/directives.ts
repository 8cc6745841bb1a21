/**
 * Inline control: `ownit-disable`, `ownit-enable` and `ownit-disable-next-line`, each
 * optionally followed by rule ids or categories (`deflection`). Pure: directives are found by the input adapters (in
 * HTML comments, or in `#`/`//` comment lines of plain text) and applied here to the
 * messages of a file. A comment that reads as a directive with its keyword misspelt
 * (`ownit-disabel`) is found too, to be reported: it silences nothing.
 */
import type { VFileMessage } from 'vfile-message'
import { typoDistance } from './closest.js'
import { stoppedId } from './limits.js'

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line'

export interface Directive {
  kind: DirectiveKind
  /** The rule ids and categories named; empty means every rule. */
  names: string[]
  /** Where the comment is, as offsets into the original text. */
  start: number
  end: number
}

const directivePattern = /^\s*ownit-(disable-next-line|disable|enable)(?=\s|$)([^]*)$/

/**
 * Read a directive from the text of a comment (without its delimiters), or undefined when
 * the comment is not one. Rule ids and categories are separated by spaces or commas;
 * anything after `--` is a free description.
 */
export function parseDirective(comment: string, start: number, end: number): Directive | undefined {
  const match = directivePattern.exec(comment)
  if (!match) return undefined
  const rest = match[2]!.split('--')[0]!
  const names = rest.split(/[\s,]+/).filter((name) => name.length > 0)
  return { kind: match[1] as DirectiveKind, names, start, end }
}

/**
 * A comment that reads as a directive whose keyword is misspelt (`ownit-disabel`,
 * `ownti-disable`, `ownit disable-next-line`): it is no directive, so what it was meant to
 * silence is still reported.
 */
export interface MisspeltDirective {
  /** The keyword as written, `ownit` and all (`ownit disable-next-line`). */
  written: string
  /** The keyword it is closest to (`ownit-disable-next-line`). */
  meant: string
  /** Where the keyword is written, as offsets into the original text. */
  start: number
  end: number
}

/** What an input adapter finds of a text's inline control. */
export interface DirectiveFinds {
  directives: Directive[]
  /** Comments that read as directives with a misspelt keyword; absent when there are none. */
  misspelt?: MisspeltDirective[] | undefined
}

/**
 * The keywords, each with the kind it is taken for when written close to it. ESLint's
 * `disable-line` silences its own line; ownit has only `disable-next-line`, the closest.
 */
const keywordSpellings: ReadonlyArray<readonly [spelling: string, kind: DirectiveKind]> = [
  ['disable-next-line', 'disable-next-line'],
  ['disable', 'disable'],
  ['enable', 'enable'],
  ['disable-line', 'disable-next-line']
]

/**
 * A comment's first word, and the word after it when only spaces part them: letters,
 * digits and `-_.:` (`ownit-disabel`, `ownit: disable`). Longer words are no keyword.
 */
const headPattern = /^(\s*)([A-Za-z][\w.:-]{0,39})(?![\w.:-])(?:([ \t]+)([A-Za-z][\w.:-]{0,39})(?![\w.:-]))?/

/**
 * Read a comment (without its delimiters) that is no directive (`parseDirective`) but
 * begins with what reads as a misspelt one: a word one typo from `ownit` (a swap, a
 * letter more or less, `own-it`), then, after `-`, `_`, `.`, `:` or spaces, a word at
 * most two typos from a keyword, in any case; or a keyword written right but ending in
 * `:`, `.`, `_` or `-` (`ownit-disable: not-my-fault`), which no directive does. Anything looser
 * would take ordinary comments (`# own it: disable the old macro`, `# Ownership`) for
 * directives. `offsetAt` maps an index of `comment` to an offset of the original text.
 */
export function parseMisspeltDirective(comment: string, offsetAt: (index: number) => number): MisspeltDirective | undefined {
  const head = headPattern.exec(comment)
  if (!head) return undefined
  const start = head[1]!.length
  let word = head[2]!
  let meant = meantKeyword(trimWord(word))
  // `ownit disable-next-line`, `ownit: disable`: the keyword is the next word.
  if (meant === undefined && head[4] !== undefined && isNearOwnit(trimWord(word))) {
    meant = meantKeyword(`${trimWord(word)}-${trimWord(head[4])}`)
    word = `${word}${head[3]!}${head[4]}`
  }
  if (meant === undefined) return undefined
  // `ownit-disabel:` is quoted without its colon; `ownit-disable:`, right but for the colon, with it.
  let written = trimWord(word)
  if (written === meant) written = word
  if (written === meant) return undefined
  return { written, meant, start: offsetAt(start), end: offsetAt(start + written.length) }
}

/**
 * Read one comment into `found`: a directive, or a comment that reads as one with its
 * keyword misspelt. `comment` is its text without delimiters, the whole comment stands
 * from `start` to `end`, and `offsetAt` maps an index of `comment` to an offset of the
 * text (as `parseMisspeltDirective`). Which of the two it was; undefined for neither.
 */
export function readComment(comment: string, start: number, end: number, offsetAt: (index: number) => number, found: Required<DirectiveFinds>): 'directive' | 'misspelt' | undefined {
  const directive = parseDirective(comment, start, end)
  if (directive) {
    found.directives.push(directive)
    return 'directive'
  }
  const misspelt = parseMisspeltDirective(comment, offsetAt)
  if (!misspelt) return undefined
  found.misspelt.push(misspelt)
  return 'misspelt'
}

/** A word without the `.`, `:`, `_` or `-` it ends with. */
function trimWord(word: string): string {
  return word.replace(/[.:_-]+$/, '')
}

/** `ownit-<keyword>` when `word` (`ownti-disabel`, `Own-it_Enable`) reads as it misspelt; else undefined. */
function meantKeyword(word: string): string | undefined {
  const normal = word.toLowerCase().replace(/[_.:]+/g, '-')
  // `own-it-disable`: `ownit` may hold a hyphen of its own, so try the first two.
  for (let cut = normal.indexOf('-'), tries = 0; cut > 0 && tries < 2; cut = normal.indexOf('-', cut + 1), tries++) {
    if (!isNearOwnit(normal.slice(0, cut))) continue
    const kind = nearestKind(normal.slice(cut + 1))
    if (kind) return `ownit-${kind}`
  }
  return undefined
}

/** Whether `word` is `ownit` or one typo from it (`ownti`, `onwit`, `own-it`, `owni`), in any case. */
function isNearOwnit(word: string): boolean {
  const letters = word.toLowerCase().replace(/[-_.:]/g, '')
  return Math.abs(letters.length - 5) <= 1 && typoDistance(letters, 'ownit') <= 1
}

/** The kind whose keyword `keyword` is at most two typos from (the first of the nearest), if any. */
function nearestKind(keyword: string): DirectiveKind | undefined {
  let best: DirectiveKind | undefined
  let bestDistance = 3
  for (const [spelling, kind] of keywordSpellings) {
    if (Math.abs(spelling.length - keyword.length) >= bestDistance) continue
    const distance = typoDistance(keyword, spelling)
    if (distance < bestDistance) {
      best = kind
      bestDistance = distance
    }
  }
  return best
}

export interface DirectiveResult {
  /** The messages no directive silenced, in their original order. */
  kept: VFileMessage[]
  /** `disable` and `disable-next-line` directives that silenced nothing. */
  unused: Directive[]
}

/**
 * Drop the messages that directives silence: a directive silences the messages of the
 * rules it names, and of the categories it names. `lineOf` maps an offset of the original
 * text to its 1-based line. A message without a place or a rule id is always kept, and so
 * is the one saying where checking stopped (`stoppedId`).
 *
 * One sweep: the messages in the order of their places, the directives before each
 * applied as it is reached (a file of 15,000 directives and as many messages took 17 s
 * when each message went over every directive before it).
 */
export function applyDirectives(messages: readonly VFileMessage[], directives: readonly Directive[], lineOf: (offset: number) => number): DirectiveResult {
  if (directives.length === 0) return { kept: [...messages], unused: [] }
  const sorted = [...directives].sort((a, b) => a.start - b.start)
  const placed: Array<{ message: VFileMessage; ruleId: string; offset: number }> = []
  for (const message of messages) {
    const offset = startOffset(message)
    if (offset !== undefined && message.ruleId && message.ruleId !== stoppedId) placed.push({ message, ruleId: message.ruleId, offset })
  }
  placed.sort((a, b) => a.offset - b.offset)
  const used = new Set<Directive>()
  const silenced = new Set<VFileMessage>()
  const state = new DirectiveState(sorted, lineOf)
  for (const { message, ruleId, offset } of placed) {
    state.advance(offset)
    const silencer = state.silencer(ruleId, message.category, message.line ?? lineOf(offset))
    if (!silencer) continue
    used.add(silencer)
    silenced.add(message)
  }
  const kept = messages.filter((message) => !silenced.has(message))
  const unused = sorted.filter((directive) => directive.kind !== 'enable' && !used.has(directive))
  return { kept, unused }
}

function startOffset(message: VFileMessage): number | undefined {
  const place = message.place
  if (!place) return undefined
  return 'start' in place ? place.start.offset : place.offset
}

/** What the directives read so far (those ending at or before a place) silence. */
class DirectiveState {
  private next = 0
  /** The `disable` of every rule in force, if any. */
  private all: Directive | undefined
  /**
   * Rules and categories disabled (`silencer`) or enabled (undefined) by name since the last
   * `disable` or `enable` of every rule, with the order they were read in (`at`): of a rule's
   * and its category's, the later one holds.
   */
  private readonly byName = new Map<string, { silencer: Directive | undefined; at: number }>()
  /** `disable-next-line` directives, by the line they silence, in order. */
  private readonly byLine = new Map<number, Directive[]>()

  constructor(
    private readonly sorted: readonly Directive[],
    private readonly lineOf: (offset: number) => number
  ) {}

  /** Read the directives that end at or before `offset` (in order of their starts). */
  advance(offset: number): void {
    const sorted = this.sorted
    while (this.next < sorted.length && sorted[this.next]!.end <= offset) {
      const at = this.next
      const directive = sorted[this.next++]!
      const named = directive.names
      switch (directive.kind) {
        case 'disable-next-line': {
          const line = this.lineOf(directive.end) + 1
          const list = this.byLine.get(line)
          if (list) list.push(directive)
          else this.byLine.set(line, [directive])
          break
        }
        default: {
          // `disable` silences with this directive, `enable` with none; a rule enabled by
          // name stays on even inside a disable-everything block.
          const silencer = directive.kind === 'disable' ? directive : undefined
          if (named.length === 0) {
            this.all = silencer
            this.byName.clear()
          } else {
            for (const name of named) this.byName.set(name, { silencer, at })
          }
        }
      }
    }
  }

  /** The directive read so far that silences rule `ruleId`, of `category`, on line `line`, if any. */
  silencer(ruleId: string, category: string | undefined, line: number): Directive | undefined {
    const nextLine = this.byLine.get(line)
    if (nextLine) {
      for (let index = nextLine.length - 1; index >= 0; index--) {
        const directive = nextLine[index]!
        if (directive.names.length === 0 || directive.names.includes(ruleId) || (category !== undefined && directive.names.includes(category))) return directive
      }
    }
    if (this.byName.size === 0) return this.all
    const byRule = this.byName.get(ruleId)
    const byCategory = category === undefined ? undefined : this.byName.get(category)
    const latest = byRule && byCategory ? (byRule.at > byCategory.at ? byRule : byCategory) : (byRule ?? byCategory)
    return latest ? latest.silencer : this.all
  }
}
