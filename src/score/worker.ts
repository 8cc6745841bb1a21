/** A worker thread of `ownit score`: builds a scorer once, then scores batches of work. */
import { parentPort, workerData } from 'node:worker_threads'
import { Aggregator, ordinalBase } from './aggregate.js'
import { createScorer } from './conversation.js'
import type { WorkItem } from './input/source.js'
import { rowBytes } from './report/rows.js'
import type { BatchDone, WorkerData } from './run.js'
import { doWork } from './work.js'

const data = workerData as WorkerData
const scorer = createScorer(data.options)
/** With `aggregate`: every batch's results, sent once all is scored. */
const aggregator = new Aggregator()

parentPort!.on('message', (message: { seq: number; items: WorkItem[] } | { partial: true }) => {
  if ('partial' in message) {
    parentPort!.postMessage({ partial: aggregator.partial() })
    return
  }
  const batch = message
  try {
    const outcomes = batch.items.map((item) => doWork(scorer, item, data.speakers))
    const results = outcomes.flatMap((outcome) => outcome.results)
    const done: BatchDone & { seq: number } = { seq: batch.seq, outcomes }
    // The report's text is made here, in parallel, in one piece handed over without a copy.
    if (data.rows && results.length > 0) done.text = rowBytes(results, data.rows, scorer.practices.practices)
    if (data.aggregate) {
      // Only the summaries are wanted: they are added up here, and nothing per result is sent.
      const base = ordinalBase(batch.seq)
      results.forEach((result, index) => aggregator.add(result, base + index))
      done.aggregated = results.length
      const failUnder = data.aggregate.failUnder
      done.below = failUnder === undefined ? 0 : results.filter((result) => result.score < failUnder).length
      for (const outcome of outcomes) outcome.results = []
    }
    parentPort!.postMessage(done, done.text ? [done.text.buffer as ArrayBuffer] : [])
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
