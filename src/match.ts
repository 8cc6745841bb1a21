/**
 * Run a compiled program over sentences: one pass per sentence, a set of live NFA states,
 * linear in the number of words. Pure: sentences in, matches out.
 */
import { Op, type Program } from './compile.js'
import type { Sentence } from './tokens.js'

/** A rule's pattern matched words `start` (inclusive) to `end` (exclusive) of a sentence. */
export interface Match {
  rule: number
  /** Index of the accept (pattern) that matched, in `Program.accepts`. */
  accept: number
  sentence: number
  start: number
  end: number
}

interface Hit {
  accept: number
  start: number
  end: number
}

/** Scratch space reused between runs: no allocation per word. */
interface Scratch {
  mark: Int32Array
  generation: number
  current: Int32Array
  currentStart: Int32Array
  following: Int32Array
  followingStart: Int32Array
}

const scratches = new WeakMap<Program, Scratch>()

function scratchFor(program: Program): Scratch {
  let scratch = scratches.get(program)
  if (!scratch) {
    const size = program.op.length
    scratch = {
      mark: new Int32Array(size),
      generation: 0,
      current: new Int32Array(size),
      currentStart: new Int32Array(size),
      following: new Int32Array(size),
      followingStart: new Int32Array(size)
    }
    scratches.set(program, scratch)
  }
  return scratch
}

/** Whether a consuming state of kind `kind` (with its word set) takes `word`. */
function consumesWord(kind: number, set: ReadonlySet<string> | undefined, word: string): boolean {
  if (kind === Op.Word) return set!.has(word)
  if (kind === Op.Any) return true
  if (kind === Op.Number) {
    const code = word.charCodeAt(0)
    return code >= 48 && code <= 57
  }
  return !set!.has(word)
}

/** Every accept reached in one sentence, with the leftmost start for each end. */
function runSentence(program: Program, words: readonly string[], hits: Hit[]): void {
  const scratch = scratchFor(program)
  const { op, next, arg, words: sets, dispatch, acceptSets } = program
  const mark = scratch.mark
  const length = words.length
  let current = scratch.current
  let currentStart = scratch.currentStart
  let following = scratch.following
  let followingStart = scratch.followingStart
  let currentCount = 0
  let followingCount = 0

  // Threads are added oldest start first, so the first to reach a state has the leftmost
  // start; later arrivals at a state add nothing (same state, same future).
  const add = (state: number, start: number, position: number): void => {
    if (mark[state] === scratch.generation) return
    mark[state] = scratch.generation
    switch (op[state]) {
      case Op.Split:
        add(next[state]!, start, position)
        add(arg[state]!, start, position)
        return
      case Op.Save:
        add(next[state]!, start, position)
        return
      case Op.Start:
        if (position === 0) add(next[state]!, start, position)
        return
      case Op.End:
        if (position === length) add(next[state]!, start, position)
        return
      case Op.Accept:
        for (const accept of acceptSets[arg[state]!]!) hits.push({ accept, start, end: position })
        return
      case Op.Dispatch:
        following[followingCount] = state
        followingStart[followingCount] = start
        followingCount++
        if (arg[state]! >= 0) add(arg[state]!, start, position)
        return
      default:
        following[followingCount] = state
        followingStart[followingCount] = start
        followingCount++
    }
  }
  const consumes = (state: number, word: string): boolean => consumesWord(op[state]!, sets[state], word)
  /** Take `word` from `state` (a consuming state) and add what follows. */
  const step = (state: number, word: string, start: number, position: number): void => {
    if (op[state] === Op.Dispatch) {
      const targets = dispatch[state]!.get(word)
      if (targets) for (const target of targets) add(target, start, position)
    } else if (consumes(state, word)) {
      add(next[state]!, start, position)
    }
  }

  for (let position = 0; position < length; position++) {
    const word = words[position]!
    scratch.generation++
    if (scratch.generation === 0x7fffffff) {
      mark.fill(0)
      scratch.generation = 1
    }
    followingCount = 0
    for (let index = 0; index < currentCount; index++) {
      step(current[index]!, word, currentStart[index]!, position + 1)
    }
    const first = program.first.get(word)
    if (first) for (const state of first) step(state, word, position, position + 1)
    for (const state of program.firstAny) if (consumes(state, word)) add(next[state]!, position, position + 1)
    if (position === 0) {
      const atStart = program.firstAtStart.get(word)
      if (atStart) for (const state of atStart) step(state, word, position, position + 1)
      for (const state of program.firstAnyAtStart) if (consumes(state, word)) add(next[state]!, position, position + 1)
    }
    ;[current, following] = [following, current]
    ;[currentStart, followingStart] = [followingStart, currentStart]
    currentCount = followingCount
  }
}

/**
 * Match a program against sentences and decide which matches stand: not cancelled by an
 * `unless` (the rule's own or a shared one), in the rule's mood, not quoted, not allowed,
 * leftmost-longest per rule, and one per overlapping stretch within a category.
 */
export function matchSentences(program: Program, sentences: readonly Sentence[]): Match[] {
  const hits: Hit[] = []
  const candidates: Match[] = []
  const cancelledInParagraph = new Map<number, Set<number>>()
  const { accepts, rules } = program

  sentences.forEach((sentence, sentenceIndex) => {
    if (sentence.words.length === 0) return
    hits.length = 0
    runSentence(program, sentence.words, hits)
    if (hits.length === 0) return
    let sharedCancel = false
    let cancelled: Set<number> | undefined
    const allowed: Hit[] = []
    for (const hit of hits) {
      const info = accepts[hit.accept]!
      if (info.kind === 'shared-unless') sharedCancel = true
      else if (info.kind === 'allow') allowed.push(hit)
      else if (info.kind === 'unless') {
        if (rules[info.rule]!.unlessScope === 'paragraph') {
          let set = cancelledInParagraph.get(sentence.paragraph)
          if (!set) cancelledInParagraph.set(sentence.paragraph, (set = new Set()))
          set.add(info.rule)
        } else {
          ;(cancelled ??= new Set()).add(info.rule)
        }
      }
    }
    for (const hit of hits) {
      const info = accepts[hit.accept]!
      if (info.kind !== 'rule') continue
      const rule = rules[info.rule]!
      if (cancelled?.has(info.rule)) continue
      if (sharedCancel && !rule.reportedSpeech) continue
      if (rule.mood !== 'any') {
        const question = sentence.question >= sentence.ends[hit.end - 1]!
        if (question !== (rule.mood === 'question')) continue
      }
      if (sentence.quoted[hit.start] === 1) continue
      if (allowed.some((allow) => allow.start < hit.end && hit.start < allow.end)) continue
      candidates.push({ rule: info.rule, accept: hit.accept, sentence: sentenceIndex, start: hit.start, end: hit.end })
    }
  })

  const standing = candidates.filter((match) => {
    const set = cancelledInParagraph.get(sentences[match.sentence]!.paragraph)
    return !set?.has(match.rule)
  })
  return pickMatches(program, standing)
}

const severityRank = { error: 0, warning: 1, info: 2 } as const

/** Leftmost, then longest, then most severe; drop what overlaps a kept match of its category. */
function pickMatches(program: Program, matches: Match[]): Match[] {
  const rules = program.rules
  matches.sort(
    (a, b) =>
      a.sentence - b.sentence ||
      a.start - b.start ||
      b.end - a.end ||
      severityRank[rules[a.rule]!.severity] - severityRank[rules[b.rule]!.severity] ||
      a.rule - b.rule
  )
  const kept: Match[] = []
  for (const match of matches) {
    const category = rules[match.rule]!.category
    // Matches are sorted by sentence: only the kept ones of this sentence can overlap, so
    // look back no further (comparing with every kept match is quadratic on long texts).
    let overlaps = false
    for (let index = kept.length - 1; index >= 0 && !overlaps; index--) {
      const other = kept[index]!
      if (other.sentence !== match.sentence) break
      overlaps = other.start < match.end && match.start < other.end && (other.rule === match.rule || rules[other.rule]!.category === category)
    }
    if (!overlaps) kept.push(match)
  }
  return kept
}

/**
 * The groups of one match: for each group, the first and last word index it covered, or
 * undefined. A small Pike VM run over the matched words only, so it stays linear.
 */
export function captureGroups(program: Program, match: Match, words: readonly string[]): Array<[number, number] | undefined> {
  const info = program.accepts[match.accept]!
  const slots = (info.groups + 1) * 2
  const { op, next, arg, words: sets } = program
  type Thread = { state: number; caps: Int32Array }
  let threads: Thread[] = []
  let found: Int32Array | undefined

  const add = (list: Thread[], seen: Set<number>, state: number, caps: Int32Array, position: number): void => {
    if (seen.has(state)) return
    seen.add(state)
    switch (op[state]) {
      case Op.Split:
        add(list, seen, next[state]!, caps, position)
        add(list, seen, arg[state]!, caps, position)
        return
      case Op.Save: {
        const copy = caps.slice()
        const slot = arg[state]!
        if (slot < slots) copy[slot] = position
        add(list, seen, next[state]!, copy, position)
        return
      }
      case Op.Start:
        if (position === 0) add(list, seen, next[state]!, caps, position)
        return
      case Op.End:
        if (position === words.length) add(list, seen, next[state]!, caps, position)
        return
      case Op.Accept:
        if (position === match.end && program.acceptSets[arg[state]!]!.includes(match.accept) && !found) found = caps
        return
      case Op.Dispatch:
        list.push({ state, caps })
        if (arg[state]! >= 0) add(list, seen, arg[state]!, caps, position)
        return
      default:
        list.push({ state, caps })
    }
  }

  add(threads, new Set(), info.entry, new Int32Array(slots).fill(-1), match.start)
  for (let position = match.start; position < match.end && !found; position++) {
    const word = words[position]!
    const following: Thread[] = []
    const seen = new Set<number>()
    for (const thread of threads) {
      if (op[thread.state] === Op.Dispatch) {
        for (const target of program.dispatch[thread.state]!.get(word) ?? []) add(following, seen, target, thread.caps, position + 1)
      } else if (consumesWord(op[thread.state]!, sets[thread.state], word)) {
        add(following, seen, next[thread.state]!, thread.caps, position + 1)
      }
    }
    threads = following
  }
  const groups: Array<[number, number] | undefined> = []
  for (let group = 1; group <= info.groups; group++) {
    const from = found ? found[group * 2]! : -1
    const to = found ? found[group * 2 + 1]! : -1
    groups.push(from >= 0 && to > from ? [from, to - 1] : undefined)
  }
  return groups
}
