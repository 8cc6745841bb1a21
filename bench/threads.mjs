// How well does this machine run two threads at once? `node bench/threads.mjs`
//
// The same work in one worker thread, then in two at once (each doing all of it): ownit's
// `check` over 3,000 generated replies four times (allocation-heavy, like `ownit score`),
// and a loop of arithmetic (no memory). If two threads of `check` take longer each than
// one alone, that is the ceiling of `ownit score --jobs 2` on this machine, whatever the
// scheduling: shared caches and memory bandwidth, not the number of cores.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

if (isMainThread) {
  /**
   * Milliseconds for `count` threads doing `kind` at once.
   * @param {string} kind
   * @param {number} count
   * @returns {Promise<number>}
   */
  const run = (kind, count) =>
    new Promise((done, fail) => {
      const start = performance.now()
      let left = count
      for (let index = 0; index < count; index++) {
        new Worker(new URL(import.meta.url), { workerData: kind }).on('error', fail).on('message', () => {
          if (--left === 0) done(performance.now() - start)
        })
      }
    })
  for (const kind of ['check', 'arithmetic']) {
    const one = await run(kind, 1)
    const two = await run(kind, 2)
    const again = await run(kind, 1)
    const alone = Math.min(one, again)
    process.stdout.write(`${kind}: one thread ${alone.toFixed(0)} ms, two at once ${two.toFixed(0)} ms: two threads do ${((2 * alone) / two).toFixed(2)}× the work of one\n`)
  }
} else if (workerData === 'check') {
  const { makeReplies } = await import('./generate.mjs')
  const { check } = await import('../dist/index.js')
  const replies = makeReplies(3000, 1)
  for (let round = 0; round < 4; round++) for (const text of replies) check(text, { spelling: false })
  parentPort?.postMessage('done')
} else {
  let value = 0
  for (let index = 0; index < 3e8; index++) value = (value + index * 7) % 1000003
  parentPort?.postMessage(value)
}
