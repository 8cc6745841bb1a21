/**
 * Run a scoring job: stream the inputs, score them across worker threads (or in this
 * thread with one job), and hand each result to the caller in input order, with skipped
 * records as they are found. Memory stays flat: a bounded number of batches is in flight.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ordinalBase, type PartialSummary } from './aggregate.js'
import { createScorer, type Scorer, type ScorerOptions } from './conversation.js'
import { readSources, type SourceOptions, type Transcripts, type WorkItem } from './input/source.js'
import type { ConversationResult, Skipped } from './types.js'
import type { RowFormat } from './report/rows.js'
import { doWork, type WorkOutcome } from './work.js'

export interface RunOptions extends SourceOptions {
  scorer: ScorerOptions
  /** Worker threads; 1 scores in this thread. */
  jobs: number
  /** Stop at the first skipped record. */
  strict: boolean
  /** Also make the results' report text in this format (see `RunEvents.text`), in the worker threads when there are some. */
  rows?: RowFormat | undefined
  /**
   * The caller needs only the summaries, not each result: worker threads add up the
   * results of their batches themselves and hand over their part of the summaries once,
   * at the end (`RunEvents.partial`), with per batch only how many results scored below
   * `failUnder` (`RunEvents.below`). Batches scored in this thread still hand over each
   * result.
   */
  aggregate?: { failUnder?: number | undefined } | undefined
  /** Worker threads started ahead with `startWorkers` (and these options); closed when the run ends. */
  workers?: Workers | undefined
}

export interface RunEvents {
  /** A result, in input order, with its ordinal (its place among all results, see `Aggregator.add`). */
  result: (result: ConversationResult, ordinal: number) => void
  /** With `rows`: after each run of results, their report text (`rowBytes`). */
  text?: (bytes: Uint8Array) => void
  /** With `aggregate`, from worker threads: after each batch, how many of its results scored below `failUnder`. */
  below?: (count: number) => void
  /** With `aggregate`, once all is scored: each worker thread's part of the summaries (merge them in any order). */
  partial?: (partial: PartialSummary) => void
  skipped: (skipped: Skipped) => void
  /** Text read but not scored, which is no error (see `SourceEvent`), as soon as it is found. */
  note?: (note: Skipped) => void
  /**
   * After each batch: conversations and turns scored so far (with `aggregate`, the turns of
   * a worker thread's conversations are counted for the batches where none was skipped
   * until its part of the summaries comes: the totals `runScore` resolves with are exact).
   */
  progress?: (conversations: number, turns: number) => void
}

/** Thrown with `--strict` at the first record that cannot be read. */
export class StrictStop extends Error {
  readonly skipped: Skipped
  constructor(skipped: Skipped) {
    super(`${skipped.path}:${skipped.line}: ${skipped.reason}`)
    this.skipped = skipped
  }
}

const batchItems = 64
/** Batches held by each worker thread at most: one scoring, one waiting. */
const perWorker = 2
const batchChars = 256 * 1024

const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url))

/** Threads that score: `jobs`, or 1 where there are no worker files (tests run from the sources). */
function threadsFor(jobs: number): number {
  return existsSync(workerFile) ? Math.max(1, Math.floor(jobs)) : 1
}

/** Worker threads scoring for a run (see `startWorkers`). */
export type Workers = Pool

/**
 * Start the worker threads of a run with `options` ahead of `runScore`, so that they load
 * their modules and build their scorers while the caller gets ready (checks the packs,
 * opens the report); pass them as `options.workers`, or close them. Undefined with one job.
 */
export function startWorkers(options: RunOptions): Workers | undefined {
  const jobs = threadsFor(options.jobs)
  return jobs > 1 ? new Pool(workerFile, jobs, workerDataOf(options)) : undefined
}

function workerDataOf(options: RunOptions): WorkerData {
  return { options: options.scorer, speakers: options.speakers, rows: options.rows, aggregate: options.aggregate }
}

/**
 * Score every input (or the files already expanded); resolves with the totals when all
 * results have been handed over: the conversations scored and their turns (those of a
 * conversation skipped, without an agent turn say, are not counted), as the summaries count them.
 */
export async function runScore(inputs: readonly string[] | Transcripts, options: RunOptions, events: RunEvents, scorer?: Scorer): Promise<{ conversations: number; turns: number }> {
  const jobs = threadsFor(options.jobs)
  let conversations = 0
  /** Turns of the results handed over, and of the conversations added up in worker threads (see `progress`). */
  let turns = 0
  let aggregatedTurns = 0
  const deliverBatch = (batch: BatchDone, seq: number): void => {
    let ordinal = ordinalBase(seq)
    for (const [index, outcome] of batch.outcomes.entries()) {
      // An outcome's turns include those of its conversations skipped; its results' do not.
      if (batch.aggregated === undefined) for (const result of outcome.results) turns += result.turns
      else if (outcome.skipped.length === 0) aggregatedTurns += outcome.turns
      for (const skipped of outcome.skipped) {
        if (options.strict) {
          // The report holds what came before the stop, as with one job, where each
          // item's text is handed over on its own.
          const before = index === 0 ? 0 : (batch.textEnds?.[index - 1] ?? 0)
          if (batch.text && before > 0) events.text?.(batch.text.subarray(0, before))
          throw new StrictStop(skipped)
        }
        events.skipped(skipped)
      }
      for (const result of outcome.results) {
        conversations++
        events.result(result, ordinal++)
      }
      if (outcome.text) events.text?.(outcome.text)
    }
    if (batch.aggregated !== undefined) {
      conversations += batch.aggregated
      events.below?.(batch.below ?? 0)
    }
    if (batch.text) events.text?.(batch.text)
  }
  // Small inputs are scored here: starting workers costs more than it saves. Workers
  // start once a second batch of work is waiting.
  let local = scorer
  let pool: Pool | undefined = options.workers
  const pending = new Map<number, BatchDone>()
  let nextToDeliver = 0
  let seq = 0
  const flushReady = (): void => {
    while (pending.has(nextToDeliver)) {
      const batch = pending.get(nextToDeliver)!
      pending.delete(nextToDeliver)
      deliverBatch(batch, nextToDeliver)
      nextToDeliver++
      events.progress?.(conversations, turns + aggregatedTurns)
    }
  }
  const send = async (items: WorkItem[], startPool: boolean): Promise<void> => {
    const id = seq++
    if (!pool && (jobs === 1 || !startPool)) {
      local ??= createScorer(options.scorer)
      pending.set(id, { outcomes: items.map((item) => doWork(local!, item, options.speakers, options.rows)) })
      flushReady()
      return
    }
    pool ??= new Pool(workerFile, jobs, workerDataOf(options))
    // Wait for a free slot: a bounded number of batches in flight keeps memory flat.
    while (pool.inFlight >= jobs * (perWorker + 1)) {
      const done = await pool.next()
      pending.set(done.seq, done)
      flushReady()
    }
    pool.submit(id, items)
  }

  try {
    let batch: WorkItem[] = []
    let chars = 0
    let held: WorkItem[] | undefined
    let turned = performance.now()
    for await (const event of readSources(inputs, options)) {
      // Scoring here, over files read whole, never waits for the event loop: let it turn
      // now and then, so that Ctrl-C (which removes an unfinished report file) is heard.
      if (performance.now() - turned > 50) {
        await new Promise((resolve) => setImmediate(resolve))
        turned = performance.now()
      }
      if (event.kind === 'note') {
        events.note?.(event.note)
        continue
      }
      if (event.kind === 'skipped') {
        // Keep the input order: what came before the skipped record is reported first.
        if (held) await send(held, false)
        if (batch.length > 0) await send(batch, false)
        held = undefined
        batch = []
        chars = 0
        const id = seq++
        pending.set(id, { outcomes: [{ results: [], skipped: [event.skipped], turns: 0 }] })
        flushReady()
        continue
      }
      batch.push(event)
      chars += event.kind === 'file' ? event.text.length : event.kind === 'jsonl' ? event.raw.length : event.conversation.turns.reduce((sum, turn) => sum + turn.text.length, 0)
      if (batch.length >= (jobs === 1 ? 1 : batchItems) || chars >= batchChars) {
        if (held) await send(held, true)
        held = batch
        batch = []
        chars = 0
      }
    }
    if (held) await send(held, false)
    if (batch.length > 0) await send(batch, false)
    while (pool && pool.inFlight > 0) {
      const done = await pool.next()
      pending.set(done.seq, done)
      flushReady()
    }
    if (pool && options.aggregate) {
      // The worker threads' turns, exactly: their parts count only the conversations scored.
      aggregatedTurns = 0
      for (const partial of await pool.partials()) {
        aggregatedTurns += partial.overall.turns
        events.partial?.(partial)
      }
    }
    return { conversations, turns: turns + aggregatedTurns }
  } finally {
    await pool?.close()
  }
}

/** What the worker threads are started with (see worker.ts). */
export interface WorkerData {
  options: ScorerOptions
  speakers: RunOptions['speakers']
  rows: RunOptions['rows']
  aggregate: RunOptions['aggregate']
}

/**
 * A batch scored. From a worker thread: its report text in one piece, and with
 * `aggregate` no results, only how many (`aggregated`): the worker adds them to its part of
 * the summaries, sent once at the end.
 */
export interface BatchDone {
  outcomes: WorkOutcome[]
  text?: Uint8Array | undefined
  /** With `text`: where each outcome's text ends in it (for a stop partway, see `strict`). */
  textEnds?: number[] | undefined
  aggregated?: number | undefined
  below?: number | undefined
}

interface Done extends BatchDone {
  seq: number
}

/**
 * Worker threads taking batches round the clock; `next` resolves with the next finished
 * batch. Each worker holds up to `perWorker` batches: the next one is waiting in its port
 * when it finishes one, rather than after this thread has taken the result and answered
 * (that round trip left each worker idle about 5% of a run on a busy machine).
 */
class Pool {
  private readonly workers: Worker[] = []
  /** Per worker: batches sent and not yet answered. */
  private readonly held = new Map<Worker, number>()
  private readonly queue: Array<{ seq: number; items: WorkItem[] }> = []
  private readonly finished: Done[] = []
  private waiting: { resolve: (done: Done) => void; reject: (error: Error) => void } | undefined
  private failure: Error | undefined
  private readonly received: PartialSummary[] = []
  private onPartial: (() => void) | undefined
  inFlight = 0

  constructor(file: string, size: number, data: unknown) {
    for (let index = 0; index < size; index++) {
      const worker = new Worker(file, { workerData: data })
      worker.on('message', (message: Done | { seq: number; error: string } | { partial: PartialSummary }) => {
        if ('partial' in message) {
          this.received.push(message.partial)
          this.onPartial?.()
          return
        }
        this.held.set(worker, this.held.get(worker)! - 1)
        this.dispatch()
        if ('error' in message) this.fail(new Error(message.error))
        else this.finish(message)
      })
      worker.on('error', (error) => this.fail(error))
      this.workers.push(worker)
      this.held.set(worker, 0)
    }
  }

  submit(seq: number, items: WorkItem[]): void {
    this.inFlight++
    this.queue.push({ seq, items })
    this.dispatch()
  }

  next(): Promise<Done> {
    if (this.failure) return Promise.reject(this.failure)
    const done = this.finished.shift()
    if (done) {
      this.inFlight--
      return Promise.resolve(done)
    }
    return new Promise((resolve, reject) => {
      this.waiting = {
        resolve: (value) => {
          this.inFlight--
          resolve(value)
        },
        reject
      }
    })
  }

  /** Once every batch is done: each worker's part of the summaries. */
  partials(): Promise<PartialSummary[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.failure) reject(this.failure)
        else if (this.received.length === this.workers.length) resolve(this.received)
      }
      this.onPartial = check
      for (const worker of this.workers) worker.postMessage({ partial: true })
      check()
    })
  }

  close(): Promise<unknown> {
    return Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let chosen: Worker | undefined
      for (const worker of this.workers) if (chosen === undefined || this.held.get(worker)! < this.held.get(chosen)!) chosen = worker
      if (chosen === undefined || this.held.get(chosen)! >= perWorker) return
      this.held.set(chosen, this.held.get(chosen)! + 1)
      chosen.postMessage(this.queue.shift())
    }
  }

  private finish(done: Done): void {
    const waiting = this.waiting
    this.waiting = undefined
    if (waiting) waiting.resolve(done)
    else this.finished.push(done)
  }

  private fail(error: Error): void {
    this.failure = error
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.reject(error)
    // A worker lost while the parts are being collected: do not wait for its part.
    this.onPartial?.()
  }
}
