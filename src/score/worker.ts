/** A worker thread of `ownit score`: builds a scorer once, then scores batches of work. */
import { parentPort, workerData } from 'node:worker_threads'
import { createScorer, type ScorerOptions } from './conversation.js'
import type { WorkItem } from './input/source.js'
import type { Speakers } from './types.js'
import { summaryView } from './aggregate.js'
import { doWork } from './work.js'

const data = workerData as { options: ScorerOptions; speakers: Speakers; json: boolean }
const scorer = createScorer(data.options)

parentPort!.on('message', (batch: { seq: number; items: WorkItem[] }) => {
  try {
    const outcomes = batch.items.map((item) => doWork(scorer, item, data.speakers, data.json))
    // The JSON report's text is made here, in parallel, handed over without a copy, and
    // only what the summaries read is sent back with it.
    const transfer: ArrayBuffer[] = []
    for (const outcome of outcomes) {
      if (!outcome.json) continue
      transfer.push(outcome.json.buffer as ArrayBuffer)
      outcome.results = outcome.results.map(summaryView)
    }
    parentPort!.postMessage({ seq: batch.seq, outcomes }, transfer)
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
