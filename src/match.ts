/**
 * Run a compiled program over sentences: one pass per sentence, a set of live NFA states,
 * linear in the number of words. Pure: sentences in, matches out.
 */
import { acceptAt, dispatchAt, listAt, numberKey, Op, pairKey, pairLookup, startsByWordAt, wordSetAt, type Program } from './compile.js'
import { vocabulary, vocabularyEpoch } from './normalize.js'
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

/** Scratch space reused between runs: no allocation per word. */
interface Scratch {
  mark: Int32Array
  /** `mark` for threads that may cross the clause break before the next word. */
  markCrossed: Int32Array
  generation: number
  current: Int32Array
  currentStart: Int32Array
  following: Int32Array
  followingStart: Int32Array
  /** The patterns that start threads in the sentence being run (the first `awakeCount`). */
  awake: Int32Array
  awakeCount: number
  /** Per needed word: equal to `stamp` when the sentence being woken holds it. */
  present: Int32Array
  /**
   * Per word number (see `wordNumber`): 0 not yet known, 1 not a needed word, else its
   * index in `needWords` + 2; for the vocabulary's epoch `needEpoch`.
   */
  needOf: Int32Array
  needEpoch: number
  /** Per pattern: 1 if it makes a rule match (it has rules of its own), 0 if it only cancels or allows. */
  ruleish: Uint8Array
  /**
   * Set by `wake`: it left out the candidates that only cancel or allow, unchecked,
   * because no rule woke in the sentence (see `wake`'s `deferOthers`).
   */
  deferred: boolean
  /** Set by `wake`: whether a pattern with rules of its own woke in the sentence. */
  rulesWoke: boolean
  /** Per pattern: equal to `stamp` once it is a candidate (a word of its rarest set seen). */
  seen: Int32Array
  /** The candidates of the sentence being woken. */
  candidates: Int32Array
  stamp: number
  /** The patterns each sentence of a run wakes, one after another (see `wokenStart`). */
  woken: Int32Array
  /** Per rule: the stamp (from `base`) of the last sentence where it woke. */
  ruleSentence: Int32Array
  /** Per rule: the stamp of the last paragraph where it was found. */
  ruleFound: Int32Array
  base: number
  /**
   * The accepts reached in the sentence being run: accept, start, end, three numbers a hit
   * (an unless shared by many rules reaches one accept per rule: no object per hit).
   */
  hits: Int32Array
  hitCount: number
  /** Per rule: the stamp of the last sentence where its own (sentence-wide) unless matched. */
  ruleCancelled: Int32Array
}

const scratches = new WeakMap<Program, Scratch>()

function scratchFor(program: Program): Scratch {
  let scratch = scratches.get(program)
  if (!scratch) {
    const size = program.op.length
    scratch = {
      mark: new Int32Array(size),
      markCrossed: new Int32Array(size),
      generation: 0,
      current: new Int32Array(size),
      currentStart: new Int32Array(size),
      following: new Int32Array(size),
      followingStart: new Int32Array(size),
      awake: new Int32Array(program.patternCount),
      awakeCount: 0,
      present: new Int32Array(program.firstStart.length - 1),
      needOf: new Int32Array(1024),
      ruleish: Uint8Array.from(program.ruleOf, (rules) => (rules.length > 0 ? 1 : 0)),
      deferred: false,
      rulesWoke: false,
      needEpoch: vocabularyEpoch(),
      seen: new Int32Array(program.patternCount),
      candidates: new Int32Array(program.patternCount),
      stamp: 0,
      woken: new Int32Array(64),
      ruleSentence: new Int32Array(program.rules.length),
      ruleFound: new Int32Array(program.rules.length),
      base: 0,
      hits: new Int32Array(3 * 64),
      hitCount: 0,
      ruleCancelled: new Int32Array(program.rules.length)
    }
    scratches.set(program, scratch)
  }
  return scratch
}

/** What matching reads of a sentence: its words, its clause breaks, and where `^` and `$` match. */
type SentenceWords = Pick<Sentence, 'words' | 'breaks' | 'openings' | 'closing'>

/** Whether `^` matches before word `position`: the first, or one of `openings`. */
function atStart(sentence: SentenceWords, position: number): boolean {
  return position === 0 || (sentence.openings !== undefined && sentence.openings.includes(position))
}

/** Whether `$` matches before word `position`: after the last, or at `closing`. */
function atEnd(sentence: SentenceWords, position: number): boolean {
  return position === sentence.words.length || position === sentence.closing
}

/** Whether a consuming state (Word, Not, Any or Number) takes `word`. */
function consumesWord(program: Program, state: number, word: string): boolean {
  const kind = program.op[state]
  if (kind === Op.Any) return true
  if (kind === Op.Number) {
    const code = word.charCodeAt(0)
    return code >= 48 && code <= 57
  }
  const set = program.words[state] ?? wordSetAt(program, state)!
  return kind === Op.Word ? set.has(word) : !set.has(word)
}

/**
 * Append to `scratch.woken` (from `at`) the patterns whose needed words `words` holds
 * (see `Program.needWords`), or every pattern when not `gated`; return the new end. A
 * word of a pattern's rarest set makes it a candidate; a candidate wakes if the sentence
 * also holds a word of each of its other sets.
 */
function wake(program: Program, scratch: Scratch, words: readonly string[], numbers: readonly number[] | undefined, at: number, gated: boolean, deferOthers: boolean): number {
  const stamp = nextStamp(scratch)
  const { present, seen, candidates } = scratch
  const { needWords, firstFlat, firstStart, patternCount } = program
  // Each pattern wakes at most once per sentence: make room for all of them up front.
  if (scratch.woken.length < at + patternCount) {
    const grown = new Int32Array(Math.max(scratch.woken.length * 2, at + patternCount))
    grown.set(scratch.woken)
    scratch.woken = grown
  }
  const woken = scratch.woken
  let end = at
  scratch.deferred = false
  if (!gated) {
    for (let pattern = 0; pattern < patternCount; pattern++) woken[end++] = pattern
    scratch.rulesWoke = scratch.ruleish.includes(1)
    return end
  }
  const ruleish = scratch.ruleish
  let rulesWoke = false
  for (const pattern of program.unconditional) {
    woken[end++] = pattern
    if (ruleish[pattern] === 1) rulesWoke = true
  }
  let count = 0
  // A word's keys: itself, and `#` if it starts with a digit; pairs of the keys of two
  // words side by side.
  const numberToken = needWords.get(numberKey) ?? -1
  let previous = -1
  let previousNumber = -1
  if (numbers !== undefined && scratch.needEpoch !== vocabularyEpoch()) {
    scratch.needOf.fill(0)
    scratch.needEpoch = vocabularyEpoch()
  }
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!
    const number = numbers === undefined ? (needWords.get(word) ?? -1) : neededAt(needWords, scratch, word, numbers[index]!)
    const code = word.charCodeAt(0)
    const asNumber = code >= 48 && code <= 57 ? numberToken : -1
    if (number >= 0) {
      count = mark(firstFlat, firstStart[number]!, firstStart[number + 1]!, seen, candidates, count, stamp)
      present[number] = stamp
    }
    if (asNumber >= 0) {
      count = mark(firstFlat, firstStart[asNumber]!, firstStart[asNumber + 1]!, seen, candidates, count, stamp)
      present[asNumber] = stamp
    }
    if (previous >= 0) {
      if (number >= 0) count = markPair(program, scratch, previous, number, count, stamp)
      if (asNumber >= 0) count = markPair(program, scratch, previous, asNumber, count, stamp)
    }
    if (previousNumber >= 0) {
      if (number >= 0) count = markPair(program, scratch, previousNumber, number, count, stamp)
      if (asNumber >= 0) count = markPair(program, scratch, previousNumber, asNumber, count, stamp)
    }
    previous = number
    previousNumber = asNumber
  }
  // A candidate wakes if the sentence holds a key of each of its other needed sets. Those
  // that only cancel or allow (most candidates) matter only where a rule woke: with
  // `deferOthers`, they are checked only then (`scratch.deferred` says they were not).
  for (let index = 0; index < count; index++) {
    const pattern = candidates[index]!
    if (ruleish[pattern] === 1 && holdsRest(program, present, stamp, pattern)) {
      woken[end++] = pattern
      rulesWoke = true
    }
  }
  scratch.rulesWoke = rulesWoke
  if (deferOthers && !rulesWoke) {
    scratch.deferred = count > 0
    return end
  }
  for (let index = 0; index < count; index++) {
    const pattern = candidates[index]!
    if (ruleish[pattern] === 0 && holdsRest(program, present, stamp, pattern)) woken[end++] = pattern
  }
  return end
}

/** Whether the sentence being woken (`present` at `stamp`) holds a key of each of `pattern`'s other needed sets. */
function holdsRest(program: Program, present: Int32Array, stamp: number, pattern: number): boolean {
  const { restFlat, restStart } = program
  let at = restStart[pattern]!
  const last = restStart[pattern + 1]!
  while (at < last) {
    const setEnd = at + 1 + restFlat[at]!
    let holds = false
    for (let key = at + 1; key < setEnd; key++) {
      if (present[restFlat[key]!] === stamp) {
        holds = true
        break
      }
    }
    if (!holds) return false
    at = setEnd
  }
  return true
}

/** `needWords.get(word) ?? -1`, remembered by the word's number `numbered` (-1: none). */
function neededAt(needWords: ReadonlyMap<string, number>, scratch: Scratch, word: string, numbered: number): number {
  if (numbered < 0 || vocabulary[numbered] !== word) return needWords.get(word) ?? -1
  let needOf = scratch.needOf
  if (numbered >= needOf.length) {
    const grown = new Int32Array(Math.max(needOf.length * 2, numbered + 1))
    grown.set(needOf)
    needOf = scratch.needOf = grown
  }
  const known = needOf[numbered]!
  if (known !== 0) return known - 2
  const need = needWords.get(word) ?? -1
  needOf[numbered] = need + 2
  return need
}

/** Mark the pair of keys `before` `after`, if it is a needed key; return the new count. */
function markPair(program: Program, scratch: Scratch, before: number, after: number, count: number, stamp: number): number {
  const pair = pairLookup(program.needPairs, pairKey(before, after))
  if (pair < 0) return count
  scratch.present[pair] = stamp
  return mark(program.firstFlat, program.firstStart[pair]!, program.firstStart[pair + 1]!, scratch.seen, scratch.candidates, count, stamp)
}

/** Add the patterns `flat[from…to]` not yet seen this sentence to `candidates`; return the new count. */
function mark(flat: Int32Array, from: number, to: number, seen: Int32Array, candidates: Int32Array, count: number, stamp: number): number {
  for (let at = from; at < to; at++) {
    const pattern = flat[at]!
    if (seen[pattern] === stamp) continue
    seen[pattern] = stamp
    candidates[count++] = pattern
  }
  return count
}

function nextStamp(scratch: Scratch): number {
  if (++scratch.stamp === 0x7fffffff) {
    scratch.seen.fill(0)
    scratch.present.fill(0)
    scratch.stamp = 1
  }
  return scratch.stamp
}

/** A new stamp for `ruleSentence` / `ruleFound` (a sentence or paragraph being run). */
function nextRunStamp(scratch: Scratch): number {
  if (++scratch.base === 0x7fffffff) {
    scratch.ruleSentence.fill(0)
    scratch.ruleFound.fill(0)
    scratch.ruleCancelled.fill(0)
    scratch.base = 1
  }
  return scratch.base
}

const allStartsCache = new WeakMap<Program, { byWord: Map<string, number[]>; any: number[] }>()

/** Every pattern's `startsByWord` and `startsAny` in one index, in pattern order. */
function allStarts(program: Program): { byWord: Map<string, number[]>; any: number[] } {
  let index = allStartsCache.get(program)
  if (!index) {
    index = { byWord: new Map(), any: program.startsAny.flat() }
    for (let pattern = 0; pattern < program.patternCount; pattern++) {
      for (const [word, states] of startsByWordAt(program, pattern)) {
        const list = index.byWord.get(word)
        if (list) list.push(...states)
        else index.byWord.set(word, [...states])
      }
    }
    allStartsCache.set(program, index)
  }
  return index
}

/** Record that `accept` was reached from word `start` to word `end` (exclusive). */
function pushHit(scratch: Scratch, accept: number, start: number, end: number): void {
  let at = scratch.hitCount * 3
  if (at === scratch.hits.length) {
    const grown = new Int32Array(scratch.hits.length * 2)
    grown.set(scratch.hits)
    scratch.hits = grown
  }
  const hits = scratch.hits
  hits[at++] = accept
  hits[at++] = start
  hits[at] = end
  scratch.hitCount++
}

/**
 * Every accept reached in one sentence, with the leftmost start for each end. Only the
 * patterns woken by `wake` for this sentence start threads. `breaks` (see `Sentence`): a
 * thread takes a word after a clause break only through `,` or a gap. `^` matches at
 * word 0 and at each of `openings`, `$` after the last word and at `closing` (see `Sentence`).
 */
function runSentence(program: Program, sentence: SentenceWords): void {
  const { words, breaks } = sentence
  const scratch = scratchFor(program)
  const { awake, awakeCount } = scratch
  // Every pattern awake (no gate): one lookup per word in the index of all patterns' starts.
  const everyPattern = awakeCount === program.patternCount ? allStarts(program) : undefined
  const { op, next, arg, dispatch, acceptSets, startsAtStart, startsByWord, startsAny, owner, ruleOf } = program
  const mark = scratch.mark
  const markCrossed = scratch.markCrossed
  const length = words.length
  let current = scratch.current
  let currentStart = scratch.currentStart
  let following = scratch.following
  let followingStart = scratch.followingStart
  let currentCount = 0
  let followingCount = 0

  // Threads are added oldest start first, so the first to reach a state has the leftmost
  // start; later arrivals at a state add nothing (same state, same future). Where a clause
  // break stands before the next word, a thread that has crossed it (`crossed`) and one
  // that has not have different futures: each has its own marks.
  const add = (state: number, start: number, position: number, crossed: boolean): void => {
    const atBreak = breaks !== undefined && breaks[position] === 1
    // An unless or an allowed phrase is evidence anywhere in its sentence: it spans breaks.
    if (atBreak && !crossed && ruleOf[owner[state]!]!.length === 0) crossed = true
    const kind = op[state]
    const marks = atBreak && crossed && kind !== Op.Accept ? markCrossed : mark
    if (marks[state] === scratch.generation) return
    marks[state] = scratch.generation
    switch (kind) {
      case Op.Split:
        add(next[state]!, start, position, crossed)
        add(arg[state]!, start, position, crossed)
        return
      case Op.Save:
        add(next[state]!, start, position, crossed)
        return
      case Op.Cross:
        add(next[state]!, start, position, true)
        return
      case Op.Break:
        if (atBreak) add(next[state]!, start, position, true)
        return
      case Op.Start:
        if (atStart(sentence, position)) add(next[state]!, start, position, crossed)
        return
      case Op.End:
        if (atEnd(sentence, position)) add(next[state]!, start, position, crossed)
        return
      case Op.Accept:
        for (const accept of acceptSets[arg[state]!] ?? listAt(program, 'acceptSets', arg[state]!)) pushHit(scratch, accept, start, position)
        return
      case Op.Dispatch:
        if (!atBreak || crossed) {
          following[followingCount] = state
          followingStart[followingCount] = start
          followingCount++
        }
        if (arg[state]! >= 0) add(arg[state]!, start, position, crossed)
        return
      default:
        // A word of the pattern cannot be the first of the next clause.
        if (atBreak && !crossed) return
        following[followingCount] = state
        followingStart[followingCount] = start
        followingCount++
    }
  }
  /** Take `word` from `state` (a consuming state) and add what follows. */
  const step = (state: number, word: string, start: number, position: number): void => {
    if (op[state] === Op.Dispatch) {
      const targets = (dispatch[state] ?? dispatchAt(program, state)).get(word)
      if (targets) for (const target of targets) add(target, start, position, false)
    } else if (consumesWord(program, state, word)) {
      add(next[state]!, start, position, false)
    }
  }

  for (let position = 0; position < length; position++) {
    const word = words[position]!
    scratch.generation++
    if (scratch.generation === 0x7fffffff) {
      mark.fill(0)
      markCrossed.fill(0)
      scratch.generation = 1
    }
    followingCount = 0
    for (let index = 0; index < currentCount; index++) {
      step(current[index]!, word, currentStart[index]!, position + 1)
    }
    if (everyPattern) {
      const states = everyPattern.byWord.get(word)
      if (states) for (const state of states) step(state, word, position, position + 1)
      for (const state of everyPattern.any) step(state, word, position, position + 1)
    } else {
      for (let index = 0; index < awakeCount; index++) {
        const pattern = awake[index]!
        const states = (startsByWord[pattern] ?? startsByWordAt(program, pattern)).get(word)
        if (states) for (const state of states) step(state, word, position, position + 1)
        for (const state of startsAny[pattern]!) step(state, word, position, position + 1)
      }
    }
    if (atStart(sentence, position)) {
      for (let index = 0; index < awakeCount; index++) {
        for (const state of startsAtStart[awake[index]!]!) step(state, word, position, position + 1)
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
  const candidates: Match[] = []
  const cancelledInParagraph = new Map<number, Set<number>>()
  const { accepts, rules } = program
  const scratch = scratchFor(program)

  // Which patterns each sentence wakes (most sentences wake no rule: one map lookup per
  // word). An unless runs only where it can cancel something: in a sentence where its
  // rule woke and, for a paragraph-wide one, once the paragraph's rules have run, in the
  // paragraph's other sentences if its rule was found.
  const { ruleOf, unlessOf, guards } = program
  const wokenStart = new Int32Array(sentences.length + 1)
  // 1 where `wake` left out the sentence's cancelling and allowing patterns (no rule woke there).
  const deferred = new Uint8Array(sentences.length)
  // Whether a rule whose unless is paragraph-wide was found in the paragraph being run.
  let paragraphWide = false
  for (let first = 0; first < sentences.length; ) {
    const paragraph = sentences[first]!.paragraph
    let last = first
    while (last < sentences.length && sentences[last]!.paragraph === paragraph) last++
    const paragraphStamp = nextRunStamp(scratch)
    let anyRule = false
    for (let index = first; index < last; index++) {
      const from = index === first ? 0 : wokenStart[index]!
      wokenStart[index] = from
      wokenStart[index + 1] = wake(program, scratch, sentences[index]!.words, sentences[index]!.numbers, from, gated, true)
      if (scratch.deferred) deferred[index] = 1
      if (scratch.rulesWoke) anyRule = true
    }
    if (anyRule) {
      paragraphWide = false
      for (let index = first; index < last; index++) runWoken(index, wokenStart[index]!, wokenStart[index + 1]!, paragraphStamp, false)
      // Only an unless of paragraph-wide scope runs in the other sentences of the paragraph.
      if (paragraphWide) {
        for (let index = first; index < last; index++) {
          if (deferred[index] === 0) {
            runWoken(index, wokenStart[index]!, wokenStart[index + 1]!, paragraphStamp, true)
          } else {
            // Wake what `wake` left out, after the paragraph's own patterns.
            const from = wokenStart[last]!
            runWoken(index, from, wake(program, scratch, sentences[index]!.words, sentences[index]!.numbers, from, gated, false), paragraphStamp, true)
          }
        }
      }
    }
    first = last
  }

  /**
   * Run one sentence's woken patterns: its rules and their unless (`late` false), or the
   * paragraph-wide unless of rules found elsewhere in the paragraph (`late` true).
   * Whether a rule was found.
   */
  function runWoken(sentenceIndex: number, from: number, to: number, paragraphStamp: number, late: boolean): boolean {
    const sentence = sentences[sentenceIndex]!
    if (sentence.words.length === 0) return false
    const { awake, ruleSentence, ruleFound, woken } = scratch
    const sentenceStamp = nextRunStamp(scratch)
    let rulesWoken = false
    for (let at = from; at < to; at++) {
      for (const rule of ruleOf[woken[at]!]!) {
        ruleSentence[rule] = sentenceStamp
        rulesWoken = true
      }
    }
    if (!late && !rulesWoken) return false
    let awakeCount = 0
    for (let at = from; at < to; at++) {
      const pattern = woken[at]!
      if (!late && (ruleOf[pattern]!.length > 0 || guards[pattern] === 1)) {
        awake[awakeCount++] = pattern
        continue
      }
      for (const rule of unlessOf[pattern] ?? listAt(program, 'unlessOf', pattern)) {
        const wanted = late
          ? ruleFound[rule] === paragraphStamp && ruleSentence[rule] !== sentenceStamp && rules[rule]!.unlessScope === 'paragraph'
          : ruleSentence[rule] === sentenceStamp
        if (wanted) {
          awake[awakeCount++] = pattern
          break
        }
      }
    }
    if (awakeCount === 0) return false
    scratch.awakeCount = awakeCount
    scratch.hitCount = 0
    runSentence(program, sentence)
    const hitCount = scratch.hitCount
    if (hitCount === 0) return false
    const hits = scratch.hits
    let sharedCancel = false
    const ruleCancelled = scratch.ruleCancelled
    let allowed: number[] | undefined
    let found = false
    for (let at = 0; at < hitCount * 3; at += 3) {
      const info = accepts[hits[at]!] ?? acceptAt(program, hits[at]!)
      if (info.kind === 'shared-unless') sharedCancel = true
      else if (info.kind === 'allow') (allowed ??= []).push(hits[at + 1]!, hits[at + 2]!)
      else if (info.kind === 'unless') {
        if (rules[info.rule]!.unlessScope === 'paragraph') {
          let set = cancelledInParagraph.get(sentence.paragraph)
          if (!set) cancelledInParagraph.set(sentence.paragraph, (set = new Set()))
          set.add(info.rule)
        } else {
          ruleCancelled[info.rule] = sentenceStamp
        }
      }
    }
    for (let at = 0; at < hitCount * 3; at += 3) {
      const accept = hits[at]!
      const start = hits[at + 1]!
      const end = hits[at + 2]!
      const info = accepts[accept] ?? acceptAt(program, accept)
      if (info.kind !== 'rule' || program.ruleOn?.[info.rule] === 0) continue
      const rule = rules[info.rule]!
      if (ruleCancelled[info.rule] === sentenceStamp) continue
      if (sharedCancel && !rule.reportedSpeech) continue
      if (rule.mood !== 'any') {
        const question = sentence.question >= sentence.ends[end - 1]!
        if (question !== (rule.mood === 'question')) continue
      }
      if (sentence.quoted[start] === 1) continue
      if (allowed && overlapsAny(allowed, start, end)) continue
      candidates.push({ rule: info.rule, accept, sentence: sentenceIndex, start, end })
      ruleFound[info.rule] = paragraphStamp
      if (rule.unlessScope === 'paragraph') paragraphWide = true
      found = true
    }
    return found
  }

  const standing = candidates.filter((match) => {
    const set = cancelledInParagraph.get(sentences[match.sentence]!.paragraph)
    return !set?.has(match.rule)
  })
  return pickMatches(program, standing)
}

/** Whether a span of `spans` (start, end pairs) overlaps words `start` to `end`. */
function overlapsAny(spans: readonly number[], start: number, end: number): boolean {
  for (let at = 0; at < spans.length; at += 2) if (spans[at]! < end && start < spans[at + 1]!) return true
  return false
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
      a.rule - b.rule ||
      a.accept - b.accept
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
 * Without the sentence's clause breaks (`Sentence.breaks`), `,` is taken to stand wherever
 * the match needs it.
 */
export function captureGroups(program: Program, match: Match, sentence: SentenceWords): Array<[number, number] | undefined> {
  const { words, breaks } = sentence
  const info = acceptAt(program, match.accept)
  const slots = (info.groups + 1) * 2
  const { op, next, arg } = program
  type Thread = { state: number; caps: Int32Array }
  let threads: Thread[] = []
  let found: Int32Array | undefined

  // As in `runSentence`: a thread takes a word after a clause break only once it has
  // crossed it (seen keys: state, and whether crossed).
  const add = (list: Thread[], seen: Set<number>, state: number, caps: Int32Array, position: number, crossed: boolean): void => {
    const atBreak = breaks === undefined ? position > match.start : breaks[position] === 1
    const key = atBreak && crossed ? -1 - state : state
    if (seen.has(key)) return
    seen.add(key)
    switch (op[state]) {
      case Op.Split:
        add(list, seen, next[state]!, caps, position, crossed)
        add(list, seen, arg[state]!, caps, position, crossed)
        return
      case Op.Save: {
        const copy = caps.slice()
        const slot = arg[state]!
        if (slot < slots) copy[slot] = position
        add(list, seen, next[state]!, copy, position, crossed)
        return
      }
      case Op.Cross:
        add(list, seen, next[state]!, caps, position, true)
        return
      case Op.Break:
        if (atBreak) add(list, seen, next[state]!, caps, position, true)
        return
      case Op.Start:
        if (atStart(sentence, position)) add(list, seen, next[state]!, caps, position, crossed)
        return
      case Op.End:
        if (atEnd(sentence, position)) add(list, seen, next[state]!, caps, position, crossed)
        return
      case Op.Accept:
        if (position === match.end && listAt(program, 'acceptSets', arg[state]!).includes(match.accept) && !found) found = caps
        return
      case Op.Dispatch:
        if (!atBreak || crossed || breaks === undefined) list.push({ state, caps })
        if (arg[state]! >= 0) add(list, seen, arg[state]!, caps, position, crossed)
        return
      default:
        if (atBreak && !crossed && breaks !== undefined) return
        list.push({ state, caps })
    }
  }

  add(threads, new Set(), info.entry, new Int32Array(slots).fill(-1), match.start, true)
  for (let position = match.start; position < match.end && !found; position++) {
    const word = words[position]!
    const following: Thread[] = []
    const seen = new Set<number>()
    for (const thread of threads) {
      if (op[thread.state] === Op.Dispatch) {
        for (const target of dispatchAt(program, thread.state).get(word) ?? []) add(following, seen, target, thread.caps, position + 1, false)
      } else if (consumesWord(program, thread.state, word)) {
        add(following, seen, next[thread.state]!, thread.caps, position + 1, false)
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
