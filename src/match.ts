/**
 * Run a compiled program over sentences: one pass per sentence, a set of live NFA states,
 * linear in the number of words. Pure: sentences in, matches out.
 */
import { Op, PatternRole, type Program } from './compile.js'
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
  /** Per pattern: equal to `stamp` when the sentence being run holds the words it needs. */
  awake: Int32Array
  /** Per pattern: which of its needed sets the sentence holds (valid when `seen` is `stamp`). */
  found: Uint8Array
  seen: Int32Array
  stamp: number
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
      followingStart: new Int32Array(size),
      awake: new Int32Array(program.patternCount),
      found: new Uint8Array(program.patternCount),
      seen: new Int32Array(program.patternCount),
      stamp: 0
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

/**
 * Wake the patterns whose needed words `words` holds (see `Program.needs`); return the
 * roles of the patterns woken. Most sentences wake no rule, and are done with here.
 */
function wake(program: Program, scratch: Scratch, words: readonly string[]): number {
  nextStamp(scratch)
  const { awake, found, seen, stamp } = scratch
  const { needs, needMasks, roles } = program
  let woken = 0
  for (const pattern of program.unconditional) {
    awake[pattern] = stamp
    woken |= roles[pattern]!
  }
  for (const word of words) {
    const codes = needs.get(word)
    if (!codes) continue
    for (const code of codes) {
      const pattern = code >> 2
      if (seen[pattern] !== stamp) {
        seen[pattern] = stamp
        found[pattern] = 0
      }
      found[pattern]! |= 1 << (code & 3)
      if (found[pattern] === needMasks[pattern]) {
        awake[pattern] = stamp
        woken |= roles[pattern]!
      }
    }
  }
  return woken
}

/** Wake every pattern (no gate). */
function wakeAll(scratch: Scratch): number {
  scratch.awake.fill(nextStamp(scratch))
  return PatternRole.Rule | PatternRole.ParagraphUnless
}

function nextStamp(scratch: Scratch): number {
  if (++scratch.stamp === 0x7fffffff) {
    scratch.awake.fill(0)
    scratch.seen.fill(0)
    scratch.stamp = 1
  }
  return scratch.stamp
}

/**
 * Every accept reached in one sentence, with the leftmost start for each end. Only the
 * patterns woken by `wake` for this sentence start threads.
 */
function runSentence(program: Program, words: readonly string[], hits: Hit[]): void {
  const scratch = scratchFor(program)
  const { awake, stamp } = scratch
  const owner = program.owner
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
    if (first) {
      for (const state of first) if (awake[owner[state]!] === stamp) step(state, word, position, position + 1)
    }
    for (const state of program.firstAny) {
      if (awake[owner[state]!] === stamp && consumes(state, word)) add(next[state]!, position, position + 1)
    }
    if (position === 0) {
      const atStart = program.firstAtStart.get(word)
      if (atStart) {
        for (const state of atStart) if (awake[owner[state]!] === stamp) step(state, word, position, position + 1)
      }
      for (const state of program.firstAnyAtStart) {
        if (awake[owner[state]!] === stamp && consumes(state, word)) add(next[state]!, position, position + 1)
      }
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
 * `gated: false` runs every pattern on every sentence (the reference the gate is tested against).
 */
export function matchSentences(program: Program, sentences: readonly Sentence[], gated = true): Match[] {
  const hits: Hit[] = []
  const candidates: Match[] = []
  const cancelledInParagraph = new Map<number, Set<number>>()
  const { accepts, rules } = program
  const scratch = scratchFor(program)

  // A sentence that wakes no rule is done with at one map lookup per word; a paragraph-wide
  // unless is looked for only in paragraphs where some sentence woke a rule.
  const woken = new Uint8Array(sentences.length)
  let ruleParagraphs: Set<number> | undefined
  sentences.forEach((sentence, index) => {
    woken[index] = gated ? wake(program, scratch, sentence.words) : wakeAll(scratch)
    if (woken[index]! & PatternRole.Rule) (ruleParagraphs ??= new Set()).add(sentence.paragraph)
  })
  if (!ruleParagraphs) return []

  sentences.forEach((sentence, sentenceIndex) => {
    if (sentence.words.length === 0) return
    const roles = woken[sentenceIndex]!
    if (!(roles & PatternRole.Rule) && !(roles & PatternRole.ParagraphUnless && ruleParagraphs!.has(sentence.paragraph))) return
    hits.length = 0
    if (gated) wake(program, scratch, sentence.words)
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
