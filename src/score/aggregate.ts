/**
 * Per-agent and overall summaries, built one conversation at a time in bounded memory:
 * scores go into a 0–100 histogram (exact mean and median), and only the top few worst
 * conversations, problems, best replies and flagged replies are kept. Pure.
 */
import { maxAgents } from '../limits.js'
import type { ConversationResult, PracticeStatus, Skipped } from './types.js'

/** How many of each kind of example a summary keeps. */
export const keep = { worst: 5, problems: 10, bestReplies: 3, flaggedReplies: 8, skipped: 100 } as const

export interface WorstConversation {
  id: string
  path: string
  line: number
  score: number
}

export interface Problem {
  ruleId: string
  category: string
  message: string
  count: number
  /** One example: the words flagged and the first suggested rewrite. */
  actual: string
  expected: string
}

export interface ExampleReply {
  conversation: string
  path: string
  line: number
  agent: string
  text: string
  /** Best replies: the practices it shows. */
  practices?: string[] | undefined
  /** Flagged replies: each flagged phrase and its rewrite. */
  flags?: Array<{ ruleId: string; actual: string; expected: string; message: string }> | undefined
  score: number
}

export interface GroupSummary {
  conversations: number
  turns: number
  mean: number
  median: number
  min: number
  max: number
  /** Conversations per score band: 0–9, 10–19, …, 90–100. */
  distribution: number[]
  worst: WorstConversation[]
  problems: Problem[]
  /** Per practice id: in how many conversations it was found, missing, or did not apply. */
  practices: Record<string, Record<PracticeStatus, number>>
  bestReplies: ExampleReply[]
  flaggedReplies: ExampleReply[]
}

export interface AgentSummary extends GroupSummary {
  agent: string
}

export interface Summary {
  overall: GroupSummary
  /** Empty when there were more than `maxAgents` agents (see `tooManyAgents`). */
  agents: AgentSummary[]
  skipped: { count: number; records: Skipped[] }
  /** More than `maxAgents` agents: none is summarised. */
  tooManyAgents: boolean
}

/**
 * What some results add to the summaries, as plain data for `postMessage`. Each worker
 * thread aggregates every batch it scores and sends this once, at the end
 * (`Aggregator.partial`); the main thread merges the workers' parts (`Aggregator.merge`).
 * Every result carries its place in the input (its ordinal), and ties between examples go
 * to the earlier one, so merging is order-free and the summaries are the same as adding
 * every result in input order.
 */
export interface PartialSummary {
  overall: PartialGroup
  agents: Array<[string, PartialGroup]>
  /** This part alone had more than `maxAgents` agents (and sends none). */
  tooManyAgents: boolean
}

export interface PartialGroup {
  conversations: number
  turns: number
  sum: number
  histogram: Uint32Array
  worst: Array<Ranked<WorstConversation>>
  /** Each problem with the ordinal of the result its example comes from. */
  problems: Array<Ranked<Problem>>
  /** Each practice's counts, and where it was first seen: the result's ordinal and the place in its practices (the report lists them in that order). */
  practices: Array<[string, Record<PracticeStatus, number>, number, number]>
  best: Array<Ranked<ExampleReply>>
  flagged: Array<Ranked<ExampleReply>>
}

/**
 * The ordinal of the first result of batch `seq` of a run. A batch has fewer than 2^24
 * results: 64 records or 256 KB of text, or one JSON file, which V8 reads whole into one
 * string of at most 512 MB.
 */
export function ordinalBase(seq: number): number {
  return seq * 2 ** 24
}

/** An item and the ordinal of the result it comes from. */
export interface Ranked<T> {
  item: T
  ordinal: number
}

/** Keep the earlier of two places a practice was seen: by result, then by place among the result's practices. */
function seenFirst(known: { first: number; firstIndex: number }, ordinal: number, index: number): void {
  if (ordinal < known.first || (ordinal === known.first && index < known.firstIndex)) {
    known.first = ordinal
    known.firstIndex = index
  }
}

/** A list that keeps the `limit` best items by `better`, ties to the earlier result. */
class Top<T> {
  readonly ranked: Array<Ranked<T>> = []
  constructor(
    private readonly limit: number,
    private readonly better: (a: T, b: T) => boolean
  ) {}
  private ahead(a: Ranked<T>, b: Ranked<T>): boolean {
    return this.better(a.item, b.item) || (!this.better(b.item, a.item) && a.ordinal < b.ordinal)
  }
  offer(item: T, ordinal: number): void {
    const entry = { item, ordinal }
    const ranked = this.ranked
    if (ranked.length === this.limit && !this.ahead(entry, ranked[ranked.length - 1]!)) return
    let index = ranked.length
    while (index > 0 && this.ahead(entry, ranked[index - 1]!)) index--
    ranked.splice(index, 0, entry)
    if (ranked.length > this.limit) ranked.pop()
  }
  get items(): T[] {
    return this.ranked.map((entry) => entry.item)
  }
}

class Group {
  conversations = 0
  turns = 0
  sum = 0
  histogram = new Uint32Array(101)
  worst = new Top<WorstConversation>(keep.worst, (a, b) => a.score < b.score)
  problems = new Map<string, Ranked<Problem>>()
  practices = new Map<string, { counts: Record<PracticeStatus, number>; first: number; firstIndex: number }>()
  best = new Top<ExampleReply>(keep.bestReplies, (a, b) => (a.practices?.length ?? 0) > (b.practices?.length ?? 0) || ((a.practices?.length ?? 0) === (b.practices?.length ?? 0) && a.score > b.score))
  flagged = new Top<ExampleReply>(keep.flaggedReplies, (a, b) => (a.flags?.length ?? 0) > (b.flags?.length ?? 0) || ((a.flags?.length ?? 0) === (b.flags?.length ?? 0) && a.score < b.score))

  /** Add the result at `ordinal` in the input. */
  add(result: ConversationResult, ordinal: number): void {
    this.conversations++
    this.turns += result.turns
    this.sum += result.score
    this.histogram[Math.max(0, Math.min(100, Math.round(result.score)))]!++
    this.worst.offer({ id: result.id, path: result.path, line: result.line, score: result.score }, ordinal)
    for (const message of result.messages) {
      const problem = this.problems.get(message.ruleId)
      if (problem) {
        problem.item.count++
        // Results added out of order: the example stays the earliest result's.
        if (ordinal < problem.ordinal) Object.assign(problem, { ordinal, item: { ...problem.item, message: message.message, actual: message.actual, expected: message.expected[0] ?? '' } })
      } else {
        this.problems.set(message.ruleId, {
          item: { ruleId: message.ruleId, category: message.category, message: message.message, count: 1, actual: message.actual, expected: message.expected[0] ?? '' },
          ordinal
        })
      }
    }
    result.practices.forEach((practice, index) => {
      let known = this.practices.get(practice.id)
      if (!known) this.practices.set(practice.id, (known = { counts: { found: 0, missing: 0, 'not-applicable': 0 }, first: ordinal, firstIndex: index }))
      known.counts[practice.status]++
      seenFirst(known, ordinal, index)
    })
    if (result.bestReply) {
      this.best.offer({ conversation: result.id, path: result.path, line: result.bestReply.line, agent: result.agent, text: result.bestReply.text, practices: result.bestReply.practices, score: result.score }, ordinal)
    }
    const replies = result.flaggedReplies ?? []
    if (replies.length > 0) {
      // The messages of each turn, found in one pass: a conversation of 40,000 turns made
      // a pass per flagged reply take seconds.
      const flagsByTurn = new Map<number, NonNullable<ExampleReply['flags']>>()
      for (const message of result.messages) {
        let flags = flagsByTurn.get(message.turn)
        if (!flags) flagsByTurn.set(message.turn, (flags = []))
        flags.push({ ruleId: message.ruleId, actual: message.actual, expected: message.expected[0] ?? '', message: message.message })
      }
      for (const reply of replies) {
        this.flagged.offer({ conversation: result.id, path: result.path, line: reply.line, agent: result.agent, text: reply.text, flags: flagsByTurn.get(reply.turn) ?? [], score: result.score }, ordinal)
      }
    }
  }

  partial(): PartialGroup {
    return {
      conversations: this.conversations,
      turns: this.turns,
      sum: this.sum,
      histogram: this.histogram,
      worst: this.worst.ranked,
      problems: [...this.problems.values()],
      practices: [...this.practices].map(([id, { counts, first, firstIndex }]) => [id, counts, first, firstIndex]),
      best: this.best.ranked,
      flagged: this.flagged.ranked
    }
  }

  /**
   * Add another part's results. The same as adding them one by one, in any order: each
   * part's best few hold every item that can be among the best few of all, ties go to the
   * earlier result, and the scores are whole numbers (exact sums).
   */
  merge(partial: PartialGroup): void {
    this.conversations += partial.conversations
    this.turns += partial.turns
    this.sum += partial.sum
    for (let score = 0; score < this.histogram.length; score++) this.histogram[score]! += partial.histogram[score]!
    for (const { item, ordinal } of partial.worst) this.worst.offer(item, ordinal)
    for (const problem of partial.problems) {
      const known = this.problems.get(problem.item.ruleId)
      if (!known) this.problems.set(problem.item.ruleId, { item: { ...problem.item }, ordinal: problem.ordinal })
      else {
        const count = known.item.count + problem.item.count
        if (problem.ordinal < known.ordinal) Object.assign(known, { item: { ...problem.item }, ordinal: problem.ordinal })
        known.item.count = count
      }
    }
    for (const [id, counts, first, firstIndex] of partial.practices) {
      const known = this.practices.get(id)
      if (!known) this.practices.set(id, { counts: { ...counts }, first, firstIndex })
      else {
        for (const status of Object.keys(counts) as PracticeStatus[]) known.counts[status] += counts[status]
        seenFirst(known, first, firstIndex)
      }
    }
    for (const { item, ordinal } of partial.best) this.best.offer(item, ordinal)
    for (const { item, ordinal } of partial.flagged) this.flagged.offer(item, ordinal)
  }

  summary(): GroupSummary {
    const distribution = new Array<number>(10).fill(0)
    let min = 100
    let max = 0
    this.histogram.forEach((count, score) => {
      if (count === 0) return
      distribution[Math.min(9, Math.floor(score / 10))]! += count
      min = Math.min(min, score)
      max = Math.max(max, score)
    })
    return {
      conversations: this.conversations,
      turns: this.turns,
      mean: this.conversations ? Math.round((this.sum / this.conversations) * 10) / 10 : 0,
      median: median(this.histogram, this.conversations),
      min: this.conversations ? min : 0,
      max: this.conversations ? max : 0,
      distribution,
      worst: [...this.worst.items],
      problems: [...this.problems.values()]
        .map((problem) => problem.item)
        .sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1))
        .slice(0, keep.problems),
      // In the order the results first had them.
      practices: Object.fromEntries([...this.practices].sort(([, a], [, b]) => a.first - b.first || a.firstIndex - b.firstIndex).map(([id, { counts }]) => [id, counts])),
      bestReplies: [...this.best.items],
      flaggedReplies: [...this.flagged.items]
    }
  }
}

function median(histogram: Uint32Array, count: number): number {
  if (count === 0) return 0
  const at = (rank: number): number => {
    let seen = 0
    for (let score = 0; score <= 100; score++) {
      seen += histogram[score]!
      if (seen > rank) return score
    }
    return 100
  }
  return count % 2 === 1 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2
}

/** Summaries built incrementally: `add` each result, `skip` each skipped record, then `summary`. */
export class Aggregator {
  private overall = new Group()
  private agents = new Map<string, Group>()
  private skippedCount = 0
  private skippedRecords: Skipped[] = []

  private added = 0
  private tooManyAgents = false

  /**
   * Add a result. `ordinal`: its place in the input, when results are added out of order
   * or in parts (see `PartialSummary`); by default, the order they are added in.
   */
  add(result: ConversationResult, ordinal = this.added): void {
    this.added = Math.max(this.added, ordinal + 1)
    this.overall.add(result, ordinal)
    if (this.tooManyAgents) return
    let group = this.agents.get(result.agent)
    if (!group) {
      if (this.agents.size >= maxAgents) return this.dropAgents()
      this.agents.set(result.agent, (group = new Group()))
    }
    group.add(result, ordinal)
  }

  /** What the results added so far add to the summaries (see `PartialSummary`). */
  partial(): PartialSummary {
    return { overall: this.overall.partial(), agents: [...this.agents].map(([agent, group]) => [agent, group.partial()]), tooManyAgents: this.tooManyAgents }
  }

  /**
   * Add another part's results (see `PartialSummary`): in any order. More than
   * `maxAgents` agents in all, in one part or across them, is found whatever the parts.
   */
  merge(partial: PartialSummary): void {
    this.overall.merge(partial.overall)
    if (partial.tooManyAgents) this.dropAgents()
    if (this.tooManyAgents) return
    for (const [agent, counts] of partial.agents) {
      let group = this.agents.get(agent)
      if (!group) {
        if (this.agents.size >= maxAgents) return this.dropAgents()
        this.agents.set(agent, (group = new Group()))
      }
      group.merge(counts)
    }
  }

  /** More than `maxAgents` agents: summarise none of them, and keep no memory for them. */
  private dropAgents(): void {
    this.tooManyAgents = true
    this.agents.clear()
  }

  skip(skipped: Skipped): void {
    this.skippedCount++
    if (this.skippedRecords.length < keep.skipped) this.skippedRecords.push(skipped)
  }

  get skipped(): number {
    return this.skippedCount
  }

  /** Agents sorted by name; every number rounded for display stability. */
  summary(): Summary {
    return {
      overall: this.overall.summary(),
      agents: [...this.agents.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([agent, group]) => ({ agent, ...group.summary() })),
      skipped: { count: this.skippedCount, records: [...this.skippedRecords] },
      tooManyAgents: this.tooManyAgents
    }
  }
}
