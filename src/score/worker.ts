/** A worker thread of `ownit score`: builds a scorer once, then scores batches of work. */
import { parentPort, workerData } from 'node:worker_threads'
import { Aggregator, ordinalBase } from './aggregate.js'
import { createScorer } from './conversation.js'
import type { WorkItem } from './input/source.js'
import { RowEncoder } from './report/rows.js'
import type { BatchDone, WorkerData } from './run.js'
import { doWork } from './work.js'

const data = workerData as WorkerData
const scorer = createScorer(data.options)
/** With `aggregate`: every batch's results, sent once all is scored. */
const aggregator = new Aggregator()
/** With `rows`: the report's text, made here, in parallel, and handed over without a copy. */
const rows = data.rows ? new RowEncoder(data.rows, scorer.practices.practices) : undefined

parentPort!.on('message', (message: { seq: number; items: WorkItem[] } | { partial: true }) => {
  if ('partial' in message) {
    parentPort!.postMessage({ partial: aggregator.partial() })
    return
  }
  const batch = message
  try {
    // Each item's results are turned into text and added up as soon as it is scored, so
    // that they die young: holding a whole batch's made every collection copy them.
    const base = ordinalBase(batch.seq)
    const failUnder = data.aggregate?.failUnder
    let ordinal = 0
    let below = 0
    const textEnds: number[] = []
    const outcomes = batch.items.map((item) => {
      const outcome = doWork(scorer, item, data.speakers)
      if (rows) {
        rows.add(outcome.results)
        textEnds.push(rows.length)
      }
      if (data.aggregate) {
        // Only the summaries are wanted: they are added up here, and nothing per result is sent.
        for (const result of outcome.results) {
          aggregator.add(result, base + ordinal++)
          if (failUnder !== undefined && result.score < failUnder) below++
        }
        outcome.results = []
      }
      return outcome
    })
    const done: BatchDone & { seq: number } = { seq: batch.seq, outcomes }
    if (rows && !rows.empty) {
      done.text = rows.take()
      done.textEnds = textEnds
    }
    if (data.aggregate) {
      done.aggregated = ordinal
      done.below = below
    }
    parentPort!.postMessage(done, done.text ? [done.text.buffer as ArrayBuffer] : [])
  } catch (error) {
    // What the batch had encoded goes with it.
    if (rows && !rows.empty) rows.take()
    parentPort!.postMessage({ seq: batch.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
