/** A worker thread of `ownit score`: builds a scorer once, then scores batches of work. */
import { parentPort, workerData } from 'node:worker_threads'
import { createScorer, type ScorerOptions } from './conversation.js'
import type { WorkItem } from './input/source.js'
import type { Speakers } from './types.js'
import { doWork } from './work.js'

const data = workerData as { options: ScorerOptions; speakers: Speakers }
const scorer = createScorer(data.options)

parentPort!.on('message', (batch: { seq: number; items: WorkItem[] }) => {
  try {
    parentPort!.postMessage({ seq: batch.seq, outcomes: batch.items.map((item) => doWork(scorer, item, data.speakers)) })
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
