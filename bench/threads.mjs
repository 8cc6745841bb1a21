// How well does this machine run two threads at once? `node bench/threads.mjs`
//
// The same work in one worker thread, then in two at once (each doing all of it): ownit's
// `check` over 3,000 generated replies (allocation-heavy, like `ownit score`), and a loop
// of arithmetic (no memory). For `check`, two figures:
// - from start: each thread starts, loads ownit and runs four rounds. This includes what
//   every thread pays for itself: loading the modules, and V8 compiling the hot code
//   (on background threads, which then share the cores with the work);
// - steady: each thread first runs two rounds, all threads wait for each other, then the
//   next four rounds are timed. This is what the cores, caches and memory allow.
// If the steady figure is near 2 and the other is not, what limits `ownit score --jobs 2`
// is per-thread start-up and V8's background work, not the machine's memory.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

if (isMainThread) {
  /**
   * `count` threads doing `kind` at once: milliseconds from the first start to the last
   * end, and the longest timed part that the threads measured themselves.
   * @param {string} kind
   * @param {number} count
   * @returns {Promise<{ total: number, timed: number }>}
   */
  const run = (kind, count) =>
    new Promise((done, fail) => {
      const start = performance.now()
      const ready = new Int32Array(new SharedArrayBuffer(4))
      let left = count
      let timed = 0
      for (let index = 0; index < count; index++) {
        new Worker(new URL(import.meta.url), { workerData: { kind, ready, count } }).on('error', fail).on('message', (/** @type {number} */ ms) => {
          timed = Math.max(timed, ms)
          if (--left === 0) done({ total: performance.now() - start, timed })
        })
      }
    })
  /** @param {number} one @param {number} two */
  const scaling = (one, two) => ((2 * one) / two).toFixed(2)
  for (const kind of ['check', 'arithmetic']) {
    const one = await run(kind, 1)
    const two = await run(kind, 2)
    const again = await run(kind, 1)
    const alone = { total: Math.min(one.total, again.total), timed: Math.min(one.timed, again.timed) }
    if (kind === 'check') {
      process.stdout.write(
        `check, from start: one thread ${alone.total.toFixed(0)} ms, two at once ${two.total.toFixed(0)} ms: two threads do ${scaling(alone.total, two.total)}× the work of one\n` +
          `check, steady: one thread ${alone.timed.toFixed(0)} ms, two at once ${two.timed.toFixed(0)} ms: two threads do ${scaling(alone.timed, two.timed)}× the work of one\n`
      )
    } else {
      process.stdout.write(`arithmetic: one thread ${alone.total.toFixed(0)} ms, two at once ${two.total.toFixed(0)} ms: two threads do ${scaling(alone.total, two.total)}× the work of one\n`)
    }
  }
} else if (workerData.kind === 'check') {
  const { makeReplies } = await import('./generate.mjs')
  const { check } = await import('../dist/index.js')
  const replies = makeReplies(3000, 1)
  const round = () => {
    for (const text of replies) check(text, { spelling: false })
  }
  round()
  round()
  // Wait until every thread is warm, so that the timed rounds run side by side.
  const { ready, count } = workerData
  Atomics.add(ready, 0, 1)
  while (Atomics.load(ready, 0) < count) Atomics.wait(ready, 0, Atomics.load(ready, 0), 5)
  const start = performance.now()
  for (let index = 0; index < 4; index++) round()
  parentPort?.postMessage(performance.now() - start)
} else {
  const start = performance.now()
  let value = 0
  for (let index = 0; index < 3e8; index++) value = (value + index * 7) % 1000003
  parentPort?.postMessage(value >= 0 ? performance.now() - start : 0)
}
