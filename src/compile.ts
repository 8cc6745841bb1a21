/**
 * Compile every pattern of every rule into one Thompson NFA over words, so that a text
 * is matched in one pass, in time linear in its length whatever the rules.
 * Pure: data in, data out.
 */
import { parsePattern, PatternError, type PatternNode } from './pattern.js'
import type { Rule } from './types.js'

export const enum Op {
  Word = 0,
  Any = 1,
  Not = 2,
  Split = 3,
  Save = 4,
  Start = 5,
  End = 6,
  Accept = 7,
  /** Any word that starts with a digit: 3, 4pm, 2–3, 12/05. */
  Number = 8,
  /**
   * Alternatives keyed by their first word: one lookup per word instead of one live
   * thread per alternative. `arg` is the entry of the alternatives that start otherwise.
   */
  Dispatch = 9
}

/** What reaching an accept state means. */
export interface AcceptInfo {
  kind: 'rule' | 'unless' | 'shared-unless' | 'allow'
  /** Index into `Program.rules` (rules and their unless), else -1. */
  rule: number
  /** Index of the pattern within the rule's `patterns` or `unless`. */
  pattern: number
  /** Entry state of this pattern: where capture runs start. */
  entry: number
  /** How many groups the pattern has. */
  groups: number
}

export interface Program {
  op: Uint8Array
  /** Next state (for Split: the preferred branch). */
  next: Int32Array
  /** Split: the other branch. Save: the capture slot. Accept: index into `acceptSets`. */
  arg: Int32Array
  /** Word and Not states: the words. */
  words: Array<ReadonlySet<string> | undefined>
  /** Dispatch states: first word → the states that continue after it. */
  dispatch: Array<ReadonlyMap<string, readonly number[]> | undefined>
  accepts: AcceptInfo[]
  /** Accept states: `arg` indexes this list of the accepts (patterns) reached there. */
  acceptSets: number[][]
  rules: readonly Rule[]
  /** First consuming states of every pattern, by the word they consume. */
  first: Map<string, number[]>
  /** First consuming states that take any word (`_`, `*N`, `!x`). */
  firstAny: number[]
  /** The same, for patterns that start with `^`. */
  firstAtStart: Map<string, number[]>
  firstAnyAtStart: number[]
}

/** A problem with a named pattern, for the pack loader to place in its file. */
export class CompileError extends Error {
  readonly rule: Rule | undefined
  readonly field: string
  readonly column: number
  constructor(message: string, rule: Rule | undefined, field: string, column: number) {
    super(message)
    this.rule = rule
    this.field = field
    this.column = column
  }
}

export interface CompileInput {
  rules: readonly Rule[]
  /** Word classes for a rule: its pack's own, then the shared ones. */
  classesFor: (rule: Rule | undefined) => (name: string) => readonly string[] | undefined
  /** Patterns that cancel any match in their sentence. */
  sharedUnless?: readonly string[]
  /** Phrases never flagged. */
  allow?: readonly string[]
}

class Builder {
  op: number[] = []
  next: number[] = []
  arg: number[] = []
  words: Array<ReadonlySet<string> | undefined> = []
  dispatch: Array<ReadonlyMap<string, readonly number[]> | undefined> = []
  singles = new Map<string, ReadonlySet<string>>()
  private classCache = new Map<string, PatternNode[]>()
  private classStack: string[] = []

  constructor(private readonly lookup: (name: string) => readonly string[] | undefined) {}

  state(op: Op, next: number, arg = 0, words?: ReadonlySet<string>): number {
    this.op.push(op)
    this.next.push(next)
    this.arg.push(arg)
    this.words.push(words)
    this.dispatch[this.op.length - 1] = undefined
    return this.op.length - 1
  }

  /** Build `node` so that on success it continues at `next`; return its entry state. */
  build(node: PatternNode, next: number): number {
    switch (node.type) {
      case 'words': {
        let entry = next
        for (let index = node.tokens.length - 1; index >= 0; index--) {
          entry = this.state(Op.Word, entry, 0, this.single(node.tokens[index]!))
        }
        return entry
      }
      case 'seq': {
        let entry = next
        for (let index = node.items.length - 1; index >= 0; index--) entry = this.build(node.items[index]!, entry)
        return entry
      }
      case 'alt':
        return this.group(node.group, next, (end) => this.alternatives(node.options, end))
      case 'optional':
        return this.state(Op.Split, this.build(node.item, next), next)
      case 'class': {
        const options = this.classOptions(node.name, node.column)
        if (this.classStack.includes(node.name)) {
          const chain = [...this.classStack, node.name].map((name) => '@' + name).join(' → ')
          throw new PatternError(`class @${node.name} refers to itself (${chain})`, node.column)
        }
        this.classStack.push(node.name)
        try {
          return this.group(node.group, next, (end) => this.alternatives(options, end))
        } finally {
          this.classStack.pop()
        }
      }
      case 'any':
        return this.state(Op.Any, next)
      case 'number':
        return this.state(Op.Number, next)
      case 'gap': {
        let entry = next
        for (let count = 0; count < node.max; count++) entry = this.state(Op.Split, this.state(Op.Any, entry), next)
        return entry
      }
      case 'not':
        return this.state(Op.Not, next, 0, new Set(node.words))
      case 'start':
        return this.state(Op.Start, next)
      case 'end':
        return this.state(Op.End, next)
    }
  }

  /** One shared set per word: thousands of states, few distinct words. */
  single(word: string): ReadonlySet<string> {
    let set = this.singles.get(word)
    if (!set) this.singles.set(word, (set = new Set([word])))
    return set
  }

  private group(group: number, next: number, body: (end: number) => number): number {
    if (group === 0) return body(next)
    const close = this.state(Op.Save, next, group * 2 + 1)
    return this.state(Op.Save, body(close), group * 2)
  }

  /**
   * Alternatives. Many that start with a word become one Dispatch state (a map from first
   * word to the rest), so a big class costs one lookup per word, not a thread per option.
   */
  private alternatives(options: readonly PatternNode[], next: number): number {
    const split = options.map(splitFirst)
    if (split.filter((part) => part !== undefined).length >= dispatchMinimum) {
      const map = new Map<string, number[]>()
      const others: number[] = []
      options.forEach((option, index) => {
        const part = split[index]
        if (!part) {
          others.push(this.build(option, next))
          return
        }
        const entry = part.rest ? this.build(part.rest, next) : next
        const list = map.get(part.word)
        if (list) {
          if (!list.includes(entry)) list.push(entry)
        } else {
          map.set(part.word, [entry])
        }
      })
      let other = -1
      if (others.length > 0) {
        other = others[others.length - 1]!
        for (let index = others.length - 2; index >= 0; index--) other = this.state(Op.Split, others[index]!, other)
      }
      const state = this.state(Op.Dispatch, -1, other)
      this.dispatch[state] = map
      return state
    }
    return this.alternativesBySplit(options, next)
  }

  /** Single words among the alternatives share one state: big classes stay small. */
  private alternativesBySplit(options: readonly PatternNode[], next: number): number {
    const single = new Set<string>()
    const entries: number[] = []
    for (const option of options) {
      if (option.type === 'words' && option.tokens.length === 1) single.add(option.tokens[0]!)
      else entries.push(this.build(option, next))
    }
    if (single.size > 0) entries.unshift(this.state(Op.Word, next, 0, single))
    let entry = entries[entries.length - 1]!
    for (let index = entries.length - 2; index >= 0; index--) entry = this.state(Op.Split, entries[index]!, entry)
    return entry
  }

  private classOptions(name: string, column: number): PatternNode[] {
    const cached = this.classCache.get(name)
    if (cached) return cached
    const entries = this.lookup(name)
    if (!entries) throw new PatternError(`unknown class @${name}`, column)
    const options = entries.map((entry) => {
      try {
        return parsePattern(entry, false).node
      } catch (error) {
        if (error instanceof PatternError) throw new PatternError(`in class @${name}, “${entry}”: ${error.message}`, column)
        throw error
      }
    })
    this.classCache.set(name, options)
    return options
  }
}

/** Use a Dispatch state from this many alternatives that start with a word. */
const dispatchMinimum = 3

/** An alternative's first word and what follows it, when it starts with a plain word. */
function splitFirst(node: PatternNode): { word: string; rest: PatternNode | undefined } | undefined {
  if (node.type === 'words' && node.tokens.length > 0) {
    return { word: node.tokens[0]!, rest: node.tokens.length > 1 ? { type: 'words', tokens: node.tokens.slice(1) } : undefined }
  }
  if (node.type === 'seq' && node.items.length > 0) {
    const head = splitFirst(node.items[0]!)
    if (!head) return undefined
    const items = head.rest ? [head.rest, ...node.items.slice(1)] : node.items.slice(1)
    return { word: head.word, rest: items.length === 0 ? undefined : items.length === 1 ? items[0] : { type: 'seq', items } }
  }
  return undefined
}

/** Compile rules (patterns and unless), shared unless patterns and allowed phrases. */
export function compileRules(input: CompileInput): Program {
  const accepts: AcceptInfo[] = []
  const acceptSets: number[][] = []
  const entries: number[] = []
  const entryAccepts: number[] = []
  // One builder per class scope (a pack), so class parses are cached per pack; all of
  // them write into the same state arrays.
  const sharedLookup = input.classesFor(undefined)
  const shared = new Builder(sharedLookup)
  const builders = new Map<(name: string) => readonly string[] | undefined, Builder>([[sharedLookup, shared]])
  const builderFor = (rule: Rule | undefined): Builder => {
    const lookup = rule ? input.classesFor(rule) : sharedLookup
    let builder = builders.get(lookup)
    if (!builder) {
      builder = new Builder(lookup)
      builder.op = shared.op
      builder.next = shared.next
      builder.arg = shared.arg
      builder.words = shared.words
      builder.dispatch = shared.dispatch
      builder.singles = shared.singles
      builders.set(lookup, builder)
    }
    return builder
  }

  // A pattern repeated in one class scope (an unless shared by many rules) is compiled
  // once; its accept state reports every rule that uses it.
  const compiled = new Map<Builder, Map<string, { entry: number; set: number; groups: number }>>()
  const add = (kind: AcceptInfo['kind'], rule: Rule | undefined, ruleIndex: number, pattern: string, index: number, field: string): void => {
    const builder = builderFor(rule)
    let seen = compiled.get(builder)
    if (!seen) compiled.set(builder, (seen = new Map()))
    const known = seen.get(pattern)
    if (known) {
      acceptSets[known.set]!.push(accepts.length)
      accepts.push({ kind, rule: ruleIndex, pattern: index, entry: known.entry, groups: known.groups })
      return
    }
    let parsed: ReturnType<typeof parsePattern>
    try {
      parsed = parsePattern(pattern)
      const set = acceptSets.length
      acceptSets.push([accepts.length])
      const accept = builder.state(Op.Accept, -1, set)
      const entry = builder.build(parsed.node, accept)
      accepts.push({ kind, rule: ruleIndex, pattern: index, entry, groups: parsed.groups })
      entries.push(entry)
      entryAccepts.push(accepts.length - 1)
      seen.set(pattern, { entry, set, groups: parsed.groups })
    } catch (error) {
      if (error instanceof PatternError) throw new CompileError(error.message, rule, `${field}[${index}]`, error.column)
      throw error
    }
  }

  input.rules.forEach((rule, ruleIndex) => {
    rule.patterns.forEach((pattern, index) => add('rule', rule, ruleIndex, pattern, index, 'patterns'))
    rule.unless.forEach((pattern, index) => add('unless', rule, ruleIndex, pattern, index, 'unless'))
  })
  input.sharedUnless?.forEach((pattern, index) => add('shared-unless', undefined, -1, pattern, index, 'unless'))
  input.allow?.forEach((pattern, index) => add('allow', undefined, -1, pattern, index, 'allow'))

  const program: Program = {
    op: Uint8Array.from(shared.op),
    next: Int32Array.from(shared.next),
    arg: Int32Array.from(shared.arg),
    words: shared.words,
    dispatch: shared.dispatch,
    accepts,
    acceptSets,
    rules: input.rules,
    first: new Map(),
    firstAny: [],
    firstAtStart: new Map(),
    firstAnyAtStart: []
  }
  entries.forEach((entry, index) => indexFirst(program, entry, entryAccepts[index]!, input.rules))
  return program
}

/** Record the states that can consume a pattern's first word, keyed by that word. */
function indexFirst(program: Program, entry: number, acceptIndex: number, rules: readonly Rule[]): void {
  const seen = new Set<number>()
  const visit = (state: number, atStart: boolean): void => {
    const key = state * 2 + (atStart ? 1 : 0)
    if (seen.has(key)) return
    seen.add(key)
    switch (program.op[state]) {
      case Op.Split:
        visit(program.next[state]!, atStart)
        visit(program.arg[state]!, atStart)
        return
      case Op.Save:
        visit(program.next[state]!, atStart)
        return
      case Op.Start:
        visit(program.next[state]!, true)
        return
      case Op.End:
      case Op.Accept: {
        const info = program.accepts[acceptIndex]!
        const rule = info.rule >= 0 ? rules[info.rule] : undefined
        throw new CompileError('this pattern can match without any word', rule, `${fieldOf(info)}[${info.pattern}]`, 1)
      }
      case Op.Dispatch: {
        const map = atStart ? program.firstAtStart : program.first
        for (const word of program.dispatch[state]!.keys()) {
          const list = map.get(word)
          if (list) list.push(state)
          else map.set(word, [state])
        }
        if (program.arg[state]! >= 0) visit(program.arg[state]!, atStart)
        return
      }
      case Op.Word: {
        const map = atStart ? program.firstAtStart : program.first
        for (const word of program.words[state]!) {
          const list = map.get(word)
          if (list) list.push(state)
          else map.set(word, [state])
        }
        return
      }
      default:
        ;(atStart ? program.firstAnyAtStart : program.firstAny).push(state)
    }
  }
  visit(entry, false)
}

function fieldOf(info: AcceptInfo): string {
  return info.kind === 'rule' ? 'patterns' : info.kind === 'allow' ? 'allow' : 'unless'
}
