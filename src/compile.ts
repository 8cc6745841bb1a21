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
  Dispatch = 9,
  /** Lets the next word stand after a clause break (a gap `*N` spans breaks). */
  Cross = 10,
  /** `,`: passes only where a clause break stands before the next word, and lets it cross. */
  Break = 11
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
  /**
   * Word and Not states: the words. In a program read from the saved matcher (see
   * pack/snapshot.ts), filled state by state from `flat` when first used: read it with
   * `wordSetAt`.
   */
  words: Array<ReadonlySet<string> | undefined>
  /** Dispatch states: first word → the states that continue after it. Read with `dispatchAt`. */
  dispatch: Array<ReadonlyMap<string, readonly number[]> | undefined>
  /** Read with `acceptAt` (a program read from the saved matcher fills it as used, from `lazy`). */
  accepts: Array<AcceptInfo | undefined>
  /** Accept states: `arg` indexes this list of the accepts (patterns) reached there. Read with `listAt`. */
  acceptSets: Array<readonly number[] | undefined>
  rules: readonly Rule[]
  /** Per pattern: its first consuming states (where a match can start). Read with `listAt`. */
  starts: Array<number[] | undefined>
  /** Per pattern: its first consuming states after `^` (tried on a sentence's first word only). */
  startsAtStart: number[][]
  /**
   * Per pattern: its `starts` that take a given word (Word and Dispatch states), by word.
   * Read with `startsByWordAt` (a program read from the snapshot builds it when first used).
   */
  startsByWord: Array<Map<string, number[]> | undefined>
  /** Per pattern: its `starts` that take any word (`_`, `*N`, `!x`, `#`). */
  startsAny: number[][]
  /** Compiled pattern (0…patternCount-1) that each state belongs to. */
  owner: Int32Array
  patternCount: number
  /**
   * A pattern can match a sentence only if the sentence holds, for each of its (up to
   * four) sets of needed keys, one key of the set. A key is a word, or two words side by
   * side. Keys are numbered: the needed words by word, the pairs by `pairKey`.
   */
  needWords: Map<string, number>
  needPairs: PairTable
  /**
   * Per key: the patterns whose rarest needed set holds it, in one array from
   * `firstStart[key]` to `firstStart[key + 1]` (one typed array: no array per key to load).
   */
  firstFlat: Int32Array
  firstStart: Int32Array
  /**
   * Per pattern: its other needed sets, in one array from `restStart[pattern]` to
   * `restStart[pattern + 1]`, each set as its size then its keys.
   */
  restFlat: Int32Array
  restStart: Int32Array
  /** Patterns with no needed set. */
  unconditional: number[]
  /** Per pattern: the rules it is a pattern of (it can make them match). */
  ruleOf: ReadonlyArray<readonly number[]>
  /** Per pattern: the rules it is an `unless` of (worth running only where they can match). Read with `listAt`. */
  unlessOf: ReadonlyArray<readonly number[] | undefined>
  /** Per pattern: whether it is a shared unless or an allowed phrase (guards every rule). */
  guards: Uint8Array
  /** Per rule: 0 when it is turned off (see `onlyRules`). Default: every rule is on. */
  ruleOn?: Uint8Array | undefined
  /** The word sets and dispatch maps in flat form, when `words` and `dispatch` start empty. */
  flat?: FlatStates | undefined
  /**
   * In a program read from the saved matcher (pack/snapshot.ts), `acceptSets`, `starts`,
   * `unlessOf` and `accepts` start empty and are filled from these, entry by entry, as
   * they are read (`listAt`, `acceptAt`): a check of one reply reads few of their 11,000
   * entries, and making them all was about a tenth of a cold start.
   */
  lazy?: LazyParts | undefined
}

/** A list of lists as one array: list `i` is `flat[start[i]]…flat[start[i + 1]]`. */
export interface FlatLists {
  flat: Int32Array
  start: Int32Array
}

/** `lists` as one array and offsets (holes as empty lists). */
export function flattenLists(lists: ReadonlyArray<readonly number[] | undefined>): FlatLists {
  const start = new Int32Array(lists.length + 1)
  lists.forEach((list, index) => (start[index + 1] = start[index]! + (list?.length ?? 0)))
  const flat = new Int32Array(start[lists.length]!)
  lists.forEach((list, index) => flat.set(list ?? [], start[index]!))
  return { flat, start }
}

/** The accepts, a typed array a field. */
export interface FlatAccepts {
  kind: Uint8Array
  rule: Int32Array
  pattern: Int32Array
  entry: Int32Array
  groups: Int32Array
}

const acceptKinds: ReadonlyArray<AcceptInfo['kind']> = ['rule', 'unless', 'shared-unless', 'allow']

/** The accepts in flat form (every one must be built: a compiled program's are). */
export function flattenAccepts(accepts: ReadonlyArray<AcceptInfo | undefined>): FlatAccepts {
  const all = accepts.map((accept) => accept!)
  return {
    kind: Uint8Array.from(all, (accept) => acceptKinds.indexOf(accept.kind)),
    rule: Int32Array.from(all, (accept) => accept.rule),
    pattern: Int32Array.from(all, (accept) => accept.pattern),
    entry: Int32Array.from(all, (accept) => accept.entry),
    groups: Int32Array.from(all, (accept) => accept.groups)
  }
}

/** The parts of a saved program built entry by entry as the matcher reads them (see `Program.lazy`). */
export interface LazyParts {
  acceptSets: FlatLists
  starts: FlatLists
  unlessOf: FlatLists
  accepts: FlatAccepts
}

export type LazyList = 'acceptSets' | 'starts' | 'unlessOf'

/**
 * Every empty list built from flat form: one array (such lists are never changed). Not
 * frozen: a frozen array is another kind of array to V8, and the matcher's loops over
 * these lists would slow down for seeing two kinds.
 */
const noNumbers: number[] = []

/** List `index` of `lists` as an array (most lists are empty or hold one number). */
export function listOf(lists: FlatLists, index: number): number[] {
  const from = lists.start[index]!
  const to = lists.start[index + 1]!
  if (from === to) return noNumbers
  if (from + 1 === to) return [lists.flat[from]!]
  const list: number[] = []
  for (let at = from; at < to; at++) list.push(lists.flat[at]!)
  return list
}

/** Entry `index` of one of a program's lists of lists (built from `lazy` the first time). */
export function listAt(program: Program, field: LazyList, index: number): readonly number[] {
  const known = program[field][index]
  if (known !== undefined) return known
  const lists = program.lazy?.[field]
  if (lists === undefined) return noNumbers
  const list = listOf(lists, index)
  ;(program[field] as Array<readonly number[] | undefined>)[index] = list
  return list
}

/** Accept `index` of a program (built from `lazy` the first time). */
export function acceptAt(program: Program, index: number): AcceptInfo {
  const known = program.accepts[index]
  if (known !== undefined) return known
  const flat = program.lazy!.accepts
  const accept: AcceptInfo = { kind: acceptKinds[flat.kind[index]!]!, rule: flat.rule[index]!, pattern: flat.pattern[index]!, entry: flat.entry[index]!, groups: flat.groups[index]! }
  program.accepts[index] = accept
  return accept
}

/**
 * A program's word sets and dispatch maps as typed arrays over one vocabulary: their form
 * in the saved matcher (pack/snapshot.ts). Deserialising 20,000 Sets and Maps took about
 * 40 ms of every cold start; typed arrays are read whole, and a state's Set or Map is built
 * the first time the matcher reaches it (a check of one reply reaches few).
 */
export interface FlatStates {
  vocabulary: string[]
  /** Per state: the index of its word set, or -1. */
  setOf: Int32Array
  /** Per set: its words (vocabulary indexes), `setWords[setStart[set]…setStart[set + 1]]`. */
  setStart: Int32Array
  setWords: Int32Array
  /** Per state: its dispatch entries, `dispatchStart[state]…dispatchStart[state + 1]`. */
  dispatchStart: Int32Array
  /** Per dispatch entry: its word (a vocabulary index) and its targets. */
  entryWord: Int32Array
  targetStart: Int32Array
  targets: Int32Array
  /** The sets built so far, by set index (states with the same set share one Set). */
  sets: Array<ReadonlySet<string> | undefined>
}

/** The flat form of `program`'s word sets and dispatch maps (without built sets). */
export function flattenStates(program: Program): Omit<FlatStates, 'sets'> {
  const states = program.op.length
  const vocabulary: string[] = []
  const wordIndex = new Map<string, number>()
  const indexOf = (word: string): number => {
    let index = wordIndex.get(word)
    if (index === undefined) {
      wordIndex.set(word, (index = vocabulary.length))
      vocabulary.push(word)
    }
    return index
  }
  const setIndex = new Map<ReadonlySet<string>, number>()
  const setOf = new Int32Array(states).fill(-1)
  const setStart: number[] = [0]
  const setWords: number[] = []
  const dispatchStart = new Int32Array(states + 1)
  const entryWord: number[] = []
  const targetStart: number[] = [0]
  const targets: number[] = []
  for (let state = 0; state < states; state++) {
    const set = wordSetAt(program, state)
    if (set) {
      let index = setIndex.get(set)
      if (index === undefined) {
        setIndex.set(set, (index = setStart.length - 1))
        for (const word of set) setWords.push(indexOf(word))
        setStart.push(setWords.length)
      }
      setOf[state] = index
    }
    dispatchStart[state] = entryWord.length
    if (program.op[state] === Op.Dispatch) {
      for (const [word, next] of dispatchAt(program, state)) {
        entryWord.push(indexOf(word))
        targets.push(...next)
        targetStart.push(targets.length)
      }
    }
  }
  dispatchStart[states] = entryWord.length
  return {
    vocabulary,
    setOf,
    setStart: Int32Array.from(setStart),
    setWords: Int32Array.from(setWords),
    dispatchStart,
    entryWord: Int32Array.from(entryWord),
    targetStart: Int32Array.from(targetStart),
    targets: Int32Array.from(targets)
  }
}

/** The words of a Word or Not state (undefined for other states). */
export function wordSetAt(program: Program, state: number): ReadonlySet<string> | undefined {
  const known = program.words[state]
  const flat = program.flat
  if (known !== undefined || flat === undefined) return known
  const index = flat.setOf[state]!
  if (index < 0) return undefined
  let set = flat.sets[index]
  if (set === undefined) {
    const words = new Set<string>()
    for (let at = flat.setStart[index]!; at < flat.setStart[index + 1]!; at++) words.add(flat.vocabulary[flat.setWords[at]!]!)
    flat.sets[index] = set = words
  }
  program.words[state] = set
  return set
}

const noDispatch: ReadonlyMap<string, readonly number[]> = new Map()

/** The map of a Dispatch state: first word → the states that continue after it. */
export function dispatchAt(program: Program, state: number): ReadonlyMap<string, readonly number[]> {
  const known = program.dispatch[state]
  const flat = program.flat
  if (known !== undefined) return known
  if (flat === undefined) return noDispatch
  const map = new Map<string, number[]>()
  for (let entry = flat.dispatchStart[state]!; entry < flat.dispatchStart[state + 1]!; entry++) {
    map.set(flat.vocabulary[flat.entryWord[entry]!]!, Array.from(flat.targets.subarray(flat.targetStart[entry]!, flat.targetStart[entry + 1]!)))
  }
  program.dispatch[state] = map
  return map
}

/** A pattern's `starts` that take a given word (Word and Dispatch states), by word. */
export function startsByWordAt(program: Program, pattern: number): ReadonlyMap<string, readonly number[]> {
  let byWord = program.startsByWord[pattern]
  if (byWord === undefined) {
    byWord = new Map<string, number[]>()
    for (const state of listAt(program, 'starts', pattern)) {
      const words = program.op[state] === Op.Dispatch ? dispatchAt(program, state).keys() : program.op[state] === Op.Word ? wordSetAt(program, state)! : []
      for (const word of words) {
        const list = byWord.get(word)
        if (list) list.push(state)
        else byWord.set(word, [state])
      }
    }
    program.startsByWord[pattern] = byWord
  }
  return byWord
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
  private classNeeds = new Map<string, ReadonlySet<string> | undefined>()
  private classEdges = new Map<string, Edges | undefined>()
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
        // A gap spans clause breaks: every way into and out of it crosses.
        const out = this.state(Op.Cross, next)
        let entry = out
        for (let count = 0; count < node.max; count++) entry = this.state(Op.Cross, this.state(Op.Split, this.state(Op.Any, entry), out))
        return entry
      }
      case 'break':
        return this.state(Op.Break, next)
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

  /**
   * Needed keys one of which every match of `node` contains, or undefined when there is
   * no such set (a pattern of gaps and wildcards). A key is a word, or two words that
   * stand side by side in every match ("a b"): pairs are far rarer than their words. Of a
   * sequence's parts, the rarest is chosen, so that common words seldom wake a pattern up.
   */
  need(node: PatternNode): ReadonlySet<string> | undefined {
    switch (node.type) {
      case 'words':
      case 'seq':
      case 'number':
        return cheapest(this.needsAll(node))
      case 'alt':
        return this.needOfAll(node.options)
      case 'class': {
        // A class is used by many patterns of its pack: work its words out once.
        if (!this.classNeeds.has(node.name)) this.classNeeds.set(node.name, this.needOfAll(this.classOptions(node.name, node.column)))
        return this.classNeeds.get(node.name)
      }
      default:
        return undefined
    }
  }

  /** Sets of needed keys (see `need`) that every match of `node` contains one key of, each. */
  needsAll(node: PatternNode): Array<ReadonlySet<string>> {
    switch (node.type) {
      case 'words':
        return [
          ...node.tokens.map((token) => this.single(token)),
          ...node.tokens.slice(1).map((token, index) => this.single(`${node.tokens[index]!} ${token}`))
        ]
      case 'seq': {
        const sets = node.items.flatMap((item) => this.needsAll(item))
        node.items.forEach((item, index) => {
          if (index === 0) return
          const pairs = pairsOf(this.edges(node.items[index - 1]!), this.edges(item))
          if (pairs) sets.push(pairs)
        })
        return sets
      }
      case 'alt':
      case 'class': {
        const need = this.need(node)
        return need ? [need] : []
      }
      case 'number':
        return [this.single(numberKey)]
      default:
        return []
    }
  }

  /**
   * The first and last words of every match of `node`, when it always takes at least one
   * word and they are few; else undefined.
   */
  private edges(node: PatternNode): Edges | undefined {
    switch (node.type) {
      case 'words':
        return node.tokens.length === 0 ? undefined : { first: this.single(node.tokens[0]!), last: this.single(node.tokens[node.tokens.length - 1]!) }
      case 'seq': {
        const first = node.items[0]
        const last = node.items[node.items.length - 1]
        const head = first ? this.edges(first) : undefined
        const tail = last ? this.edges(last) : undefined
        return head && tail ? { first: head.first, last: tail.last } : undefined
      }
      case 'alt':
        return this.edgesOfAll(node.options)
      case 'number':
        return { first: this.single(numberKey), last: this.single(numberKey) }
      case 'class':
        if (!this.classEdges.has(node.name)) this.classEdges.set(node.name, this.edgesOfAll(this.classOptions(node.name, node.column)))
        return this.classEdges.get(node.name)
      default:
        return undefined
    }
  }

  private edgesOfAll(options: readonly PatternNode[]): Edges | undefined {
    const first = new Set<string>()
    const last = new Set<string>()
    for (const option of options) {
      const edges = this.edges(option)
      if (!edges) return undefined
      for (const word of edges.first) first.add(word)
      for (const word of edges.last) last.add(word)
      if (first.size > maxEdgeWords || last.size > maxEdgeWords) return undefined
    }
    return { first, last }
  }

  private needOfAll(options: readonly PatternNode[]): ReadonlySet<string> | undefined {
    const union = new Set<string>()
    for (const option of options) {
      const need = this.need(option)
      if (!need) return undefined
      for (const word of need) union.add(word)
    }
    return union
  }

  classOptions(name: string, column: number): PatternNode[] {
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

/** How many needed-word sets a pattern is gated on (the rarest ones). */
const maxNeeds = 4

/** A needed set bigger than this (many pairs) gates little and costs much: left out. */
const maxNeedKeys = 128

/** Words so common that needing one of them hardly narrows anything down. */
const commonWords = new Set(
  ('a an and are as at be but by can could did do does for from get got had has have he her his how i if in is it ' +
    'its just me my no not now of on or our please she so that the their them they this to u up us was we what ' +
    'when which will with would you your about again all also am any back been call come day did dont ' +
    'even get go going help here know let like look made make more need one only order out really said say see ' +
    'some still sure take team than thank thanks then there time told very want way were where who why yes')
    .split(' ')
)

/**
 * The same program with only the rules `on` (per rule, 1 or 0): the others' patterns
 * never wake, and their matches are dropped. Cheaper than compiling again.
 */
export function onlyRules(program: Program, on: Uint8Array): Program {
  const ruleOf = program.ruleOf.map((rules) => rules.filter((rule) => on[rule] === 1))
  const unlessOf = Array.from({ length: program.patternCount }, (_, pattern) => listAt(program, 'unlessOf', pattern).filter((rule) => on[rule] === 1))
  const wanted = (pattern: number): boolean =>
    ruleOf[pattern]!.length > 0 || unlessOf[pattern]!.length > 0 || program.guards[pattern] === 1
  return {
    ...program,
    ruleOf,
    unlessOf,
    ...flattenFirst(unflattenFirst(program).map((patterns) => patterns.filter(wanted))),
    unconditional: program.unconditional.filter(wanted),
    ruleOn: on
  }
}

function flattenFirst(needFirst: readonly (readonly number[])[]): { firstFlat: Int32Array; firstStart: Int32Array } {
  const { flat, start } = flattenLists(needFirst)
  return { firstFlat: flat, firstStart: start }
}

function unflattenFirst(program: Program): number[][] {
  const lists = { flat: program.firstFlat, start: program.firstStart }
  return Array.from({ length: lists.start.length - 1 }, (_, key) => listOf(lists, key))
}

function flattenRest(needRest: readonly number[][][]): { restFlat: Int32Array; restStart: Int32Array } {
  const restStart = new Int32Array(needRest.length + 1)
  const flat: number[] = []
  needRest.forEach((sets, pattern) => {
    restStart[pattern] = flat.length
    for (const set of sets) flat.push(set.length, ...set)
  })
  restStart[needRest.length] = flat.length
  return { restFlat: Int32Array.from(flat), restStart }
}

function unflattenRest(program: Program): number[][][] {
  return Array.from({ length: program.patternCount }, (_, pattern) => {
    const sets: number[][] = []
    for (let at = program.restStart[pattern]!; at < program.restStart[pattern + 1]!; at += program.restFlat[at]! + 1) {
      sets.push([...program.restFlat.subarray(at + 1, at + 1 + program.restFlat[at]!)])
    }
    return sets
  })
}

/** The needed key of `#`: any word that starts with a digit. */
export const numberKey = '\u0001#'

/**
 * The needed pairs: `pairKey` → key number, as an open-addressing hash table in two typed
 * arrays (`keys` -1 where empty; a power of two long, at most half full). It loads with
 * the snapshot as two copies, where a Map of 10,000 entries was rebuilt entry by entry.
 */
export interface PairTable {
  keys: Int32Array
  values: Int32Array
}

function pairSlot(keys: Int32Array, key: number): number {
  const mask = keys.length - 1
  // Fibonacci hashing: the top bits of the product (the low ones follow the key's low bits).
  let slot = Math.imul(key, 0x9e3779b1) >>> Math.clz32(mask)
  while (keys[slot] !== -1 && keys[slot] !== key) slot = (slot + 1) & mask
  return slot
}

/** A table of `entries` (pair key, key number). */
export function pairTable(entries: ReadonlyArray<readonly [number, number]>): PairTable {
  let size = 16
  while (size < entries.length * 2) size *= 2
  const table = { keys: new Int32Array(size).fill(-1), values: new Int32Array(size) }
  for (const [key, value] of entries) {
    const slot = pairSlot(table.keys, key)
    table.keys[slot] = key
    table.values[slot] = value
  }
  return table
}

/** The key number of the needed pair `key`, or -1. */
export function pairLookup(table: PairTable, key: number): number {
  const slot = pairSlot(table.keys, key)
  return table.keys[slot] === key ? table.values[slot]! : -1
}

function pairEntries(table: PairTable): Array<[number, number]> {
  const entries: Array<[number, number]> = []
  table.keys.forEach((key, slot) => {
    if (key !== -1) entries.push([key, table.values[slot]!])
  })
  return entries.sort((a, b) => a[1] - b[1])
}

/** The `needPairs` key of two needed words side by side, by their key numbers. */
export function pairKey(first: number, second: number): number {
  return first * maxPairWord + second
}

/** Words numbered from here on are not paired (keeps `pairKey` a small integer). */
const maxPairWord = 0x8000

/**
 * A needed key's cost, a stand-in for how often it occurs: a common word is dear; a pair
 * of words costs as if they occurred independently (the product), so a pair of two common
 * words ("i am", "that is") still costs more than one uncommon word ("corporate").
 */
function keyCost(key: string): number {
  const space = key.indexOf(' ')
  if (space < 0) return commonWords.has(key) || key === numberKey ? 40 : 1
  return (keyCost(key.slice(0, space)) * keyCost(key.slice(space + 1))) / 1600
}

function setCost(set: ReadonlySet<string>): number {
  let cost = 0
  for (const key of set) cost += keyCost(key)
  return cost
}

function cheapest(sets: ReadonlyArray<ReadonlySet<string>>): ReadonlySet<string> | undefined {
  let best: ReadonlySet<string> | undefined
  for (const set of sets) if (!best || setCost(set) < setCost(best)) best = set
  return best
}

interface Edges {
  first: ReadonlySet<string>
  last: ReadonlySet<string>
}

/** The most first or last words a part may have for its pairs to be needed keys. */
const maxEdgeWords = 32

/** Every pair of a last word of one part and a first word of the part right after it. */
function pairsOf(before: Edges | undefined, after: Edges | undefined): ReadonlySet<string> | undefined {
  if (!before || !after) return undefined
  const pairs = new Set<string>()
  for (const last of before.last) for (const first of after.first) pairs.add(`${last} ${first}`)
  return pairs
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

/**
 * The alternatives of a pattern that is a list of them (a class, or `(a|b)`), flattened,
 * or the pattern itself. A list of single words stays one part (it is one state).
 */
function alternativesOf(builder: Builder, node: PatternNode): PatternNode[] {
  const options = node.type === 'alt' ? node.options : node.type === 'class' ? builder.classOptions(node.name, node.column) : undefined
  if (!options || options.every((option) => option.type === 'words' && option.tokens.length === 1)) return [node]
  return options.flatMap((option) => alternativesOf(builder, option))
}

/** Per compiled pattern: the rules it can make match, the rules it cancels, whether it guards all. */
function patternUses(
  accepts: readonly AcceptInfo[],
  owner: ArrayLike<number>,
  patternCount: number
): Pick<Program, 'ruleOf' | 'unlessOf' | 'guards'> {
  const ruleOf = Array.from({ length: patternCount }, (): number[] => [])
  const unlessOf = Array.from({ length: patternCount }, (): number[] => [])
  const guards = new Uint8Array(patternCount)
  for (const info of accepts) {
    const pattern = owner[info.entry]!
    if (info.kind === 'rule') ruleOf[pattern]!.push(info.rule)
    else if (info.kind === 'unless') unlessOf[pattern]!.push(info.rule)
    else guards[pattern] = 1
  }
  return { ruleOf, unlessOf, guards }
}

/** Compile rules (patterns and unless), shared unless patterns and allowed phrases. */
export function compileRules(input: CompileInput): Program {
  const accepts: AcceptInfo[] = []
  const acceptSets: number[][] = []
  const entries: number[] = []
  const entryAccepts: number[] = []
  const owner: number[] = []
  const needWords = new Map<string, number>()
  const needFirst: number[][] = []
  const needRest: number[][][] = []
  const unconditional: number[] = []
  const needPairs = new Map<number, number>()
  const tokenNumber = (key: string): number => {
    const space = key.indexOf(' ')
    if (space >= 0) {
      const first = tokenNumber(key.slice(0, space))
      const second = tokenNumber(key.slice(space + 1))
      if (first >= maxPairWord || second >= maxPairWord) return -1
      const pair = pairKey(first, second)
      let number = needPairs.get(pair)
      if (number === undefined) {
        needPairs.set(pair, (number = needFirst.length))
        needFirst.push([])
      }
      return number
    }
    let number = needWords.get(key)
    if (number === undefined) {
      needWords.set(key, (number = needFirst.length))
      needFirst.push([])
    }
    return number
  }
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
  const compiled = new Map<Builder, Map<string, Array<{ entry: number; set: number; groups: number }>>>()
  const add = (kind: AcceptInfo['kind'], rule: Rule | undefined, ruleIndex: number, pattern: string, index: number, field: string): void => {
    const builder = builderFor(rule)
    let seen = compiled.get(builder)
    if (!seen) compiled.set(builder, (seen = new Map()))
    // A rule's pattern and the same words as an unless compile apart: clause breaks bind
    // only a rule's patterns (see match.ts).
    const key = (kind === 'rule' ? 'r' : 'u') + pattern
    let parts = seen.get(key)
    if (!parts) {
      try {
        const parsed = parsePattern(pattern)
        // An unless or an allowed phrase is often a class of alternatives: each is compiled
        // (and woken by its own words) alone. A rule's pattern stays whole for its groups.
        const nodes = kind === 'rule' ? [parsed.node] : alternativesOf(builder, parsed.node)
        parts = nodes.map((node, part) => {
          const set = acceptSets.length
          acceptSets.push([])
          const firstState = builder.op.length
          const accept = builder.state(Op.Accept, -1, set)
          const entry = builder.build(node, accept)
          const id = entries.length
          for (let state = firstState; state < builder.op.length; state++) owner[state] = id
          const sets: number[][] = []
          for (const needed of [...new Set(builder.needsAll(node))].sort((a, b) => setCost(a) - setCost(b))) {
            if (sets.length === maxNeeds) break
            if (needed.size > maxNeedKeys) continue
            const numbers = [...needed].map(tokenNumber)
            if (!numbers.includes(-1)) sets.push(numbers)
          }
          if (sets.length === 0) unconditional.push(id)
          for (const number of sets[0] ?? []) needFirst[number]!.push(id)
          needRest.push(sets.slice(1))
          entries.push(entry)
          // The accept of this part is pushed below, after those of the parts before it.
          entryAccepts.push(accepts.length + part)
          return { entry, set, groups: parsed.groups }
        })
        seen.set(key, parts)
      } catch (error) {
        if (error instanceof PatternError) throw new CompileError(error.message, rule, `${field}[${index}]`, error.column)
        throw error
      }
    }
    for (const part of parts) {
      acceptSets[part.set]!.push(accepts.length)
      accepts.push({ kind, rule: ruleIndex, pattern: index, entry: part.entry, groups: part.groups })
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
    starts: entries.map(() => []),
    startsAtStart: entries.map(() => []),
    startsByWord: [],
    startsAny: [],
    owner: Int32Array.from(owner),
    patternCount: entries.length,
    needWords,
    needPairs: pairTable([...needPairs]),
    ...flattenFirst(needFirst),
    ...flattenRest(needRest),
    unconditional,
    ...patternUses(accepts, owner, entries.length)
  }
  entries.forEach((entry, pattern) => indexStarts(program, pattern, entry, entryAccepts[pattern]!, input.rules))
  indexStartWords(program)
  return program
}

/** Record the states that can consume a pattern's first word, keyed by that word. */
function indexStarts(program: Program, pattern: number, entry: number, acceptIndex: number, rules: readonly Rule[]): void {
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
      case Op.Cross:
        visit(program.next[state]!, atStart)
        return
      case Op.Start:
        visit(program.next[state]!, true)
        return
      case Op.Break:
        // A break stands between two words: no match starts after one.
        return
      case Op.End:
      case Op.Accept: {
        const info = program.accepts[acceptIndex]!
        const rule = info.rule >= 0 ? rules[info.rule] : undefined
        throw new CompileError('this pattern can match without any word', rule, `${fieldOf(info)}[${info.pattern}]`, 1)
      }
      case Op.Dispatch:
        ;(atStart ? program.startsAtStart : program.starts)[pattern]!.push(state)
        if (program.arg[state]! >= 0) visit(program.arg[state]!, atStart)
        return
      default:
        ;(atStart ? program.startsAtStart : program.starts)[pattern]!.push(state)
    }
  }
  visit(entry, false)
  if (program.starts[pattern]!.length === 0 && program.startsAtStart[pattern]!.length === 0) {
    const info = program.accepts[acceptIndex]!
    const rule = info.rule >= 0 ? rules[info.rule] : undefined
    throw new CompileError('“,” must stand between two words: a pattern cannot start with it', rule, `${fieldOf(info)}[${info.pattern}]`, 1)
  }
}

/** Fill `startsByWord` and `startsAny` from `starts`: a pattern's starts for a word at one lookup. */
function indexStartWords(program: Program): void {
  program.startsByWord = []
  for (let pattern = 0; pattern < program.patternCount; pattern++) startsByWordAt(program, pattern)
  program.startsAny = program.starts.map((states) => states!.filter((state) => program.op[state] !== Op.Dispatch && program.op[state] !== Op.Word))
}

function fieldOf(info: AcceptInfo): string {
  return info.kind === 'rule' ? 'patterns' : info.kind === 'allow' ? 'allow' : 'unless'
}

/**
 * A compiled program as plain JSON data: `npm run build` saves the bundled packs' program
 * so that a first check does not pay for compiling tens of thousands of states.
 */
export interface SerializedProgram {
  /** How many rules the program was compiled for (a guard against a stale file). */
  ruleCount: number
  op: number[]
  next: number[]
  arg: number[]
  /** Distinct word sets, and per state the index of its set (or -1). */
  wordSets: string[][]
  words: number[]
  dispatch: Array<[number, Array<[string, number[]]>]>
  accepts: AcceptInfo[]
  acceptSets: number[][]
  starts: number[][]
  startsAtStart: number[][]
  owner: number[]
  needWords: Array<[string, number]>
  needPairs: Array<[number, number]>
  needFirst: number[][]
  needRest: number[][][]
  unconditional: number[]
}

export function serializeProgram(program: Program): SerializedProgram {
  const setIndex = new Map<ReadonlySet<string>, number>()
  const wordSets: string[][] = []
  const words = Array.from(program.op, (_, state) => {
    const set = wordSetAt(program, state)
    if (!set) return -1
    let index = setIndex.get(set)
    if (index === undefined) {
      index = wordSets.length
      setIndex.set(set, index)
      wordSets.push([...set])
    }
    return index
  })
  const dispatch: SerializedProgram['dispatch'] = []
  program.op.forEach((op, state) => {
    if (op === Op.Dispatch) dispatch.push([state, [...dispatchAt(program, state)].map(([word, targets]) => [word, [...targets]])])
  })
  return {
    ruleCount: program.rules.length,
    op: [...program.op],
    next: [...program.next],
    arg: [...program.arg],
    wordSets,
    words,
    dispatch,
    accepts: Array.from(program.accepts, (_, index) => acceptAt(program, index)),
    acceptSets: Array.from(program.acceptSets, (_, index) => [...listAt(program, 'acceptSets', index)]),
    starts: Array.from({ length: program.patternCount }, (_, pattern) => [...listAt(program, 'starts', pattern)]),
    startsAtStart: program.startsAtStart,
    owner: [...program.owner],
    needWords: [...program.needWords],
    needPairs: pairEntries(program.needPairs),
    needFirst: unflattenFirst(program),
    needRest: unflattenRest(program),
    unconditional: program.unconditional
  }
}

/** The program saved by `serializeProgram`, for the same `rules` in the same order. */
export function deserializeProgram(data: SerializedProgram, rules: readonly Rule[]): Program {
  const sets = data.wordSets.map((list) => new Set(list))
  const dispatch: Program['dispatch'] = new Array(data.op.length)
  for (const [state, entries] of data.dispatch) dispatch[state] = new Map(entries)
  const program: Program = {
    op: Uint8Array.from(data.op),
    next: Int32Array.from(data.next),
    arg: Int32Array.from(data.arg),
    words: data.words.map((index) => (index < 0 ? undefined : sets[index])),
    dispatch,
    accepts: data.accepts,
    acceptSets: data.acceptSets,
    rules,
    starts: data.starts,
    startsAtStart: data.startsAtStart,
    startsByWord: [],
    startsAny: [],
    owner: Int32Array.from(data.owner),
    patternCount: data.needRest.length,
    needWords: new Map(data.needWords),
    needPairs: pairTable(data.needPairs),
    ...flattenFirst(data.needFirst),
    ...flattenRest(data.needRest),
    unconditional: data.unconditional,
    ...patternUses(data.accepts, data.owner, data.needRest.length)
  }
  indexStartWords(program)
  return program
}
