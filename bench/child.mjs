// One engine in a fresh process: `node bench/child.mjs <task> <engine> <json settings>`.
// Prints one JSON line with the figures on stdout. Tasks:
//   run     set-up time, warm-up, one-reply latency, throughput (and on --corpus texts)
//   growth  time of one document of each size, 1 KB to 1 MB
//   soak    check replies until the count or the time is reached, sampling heapUsed
import { performance } from 'node:perf_hooks'
import { engineNamed } from './engines.mjs'
import { makeDocument, makeReplies, readCorpus } from './generate.mjs'

const [task = 'run', name = 'ownit', rawSettings = '{}'] = process.argv.slice(2)
/** @type {{seed: number, latency: number, throughput: number, maxSeconds: number, warmup: number, corpus?: string, sizes?: number[], budget?: number, checks?: number, minutes?: number}} */
const settings = JSON.parse(rawSettings)
const engine = engineNamed(name)

const setupStart = performance.now()
const checkOne = await engine.load()
const importMs = performance.now() - setupStart
const firstStart = performance.now()
checkOne('Hi Dana, sorry for any inconvenience. The courier lost it, not us.')
// Set-up: import, compile the packs, load the dictionary: everything up to the first answer.
const setupMs = performance.now() - setupStart
const firstCheckMs = performance.now() - firstStart

/**
 * @param {number[]} sorted
 * @param {number} fraction
 */
function quantile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN
}

/**
 * Check texts in a loop until all are done or `maxSeconds` passed.
 * @param {string[]} texts
 */
function throughput(texts) {
  let bytes = 0
  let count = 0
  const start = performance.now()
  const deadline = start + settings.maxSeconds * 1000
  for (const text of texts) {
    checkOne(text)
    bytes += Buffer.byteLength(text)
    count++
    if ((count & 63) === 0 && performance.now() > deadline) break
  }
  const seconds = (performance.now() - start) / 1000
  return { replies: count, seconds, repliesPerSecond: count / seconds, kbPerSecond: bytes / 1024 / seconds }
}

/** @type {Record<string, unknown>} */
const result = { engine: name, importMs, setupMs, firstCheckMs }

if (task === 'run') {
  const replies = makeReplies(Math.max(settings.throughput, settings.latency) + settings.warmup, settings.seed)
  const warm = replies.slice(0, settings.warmup)
  const rest = replies.slice(settings.warmup)
  for (const text of warm) checkOne(text)
  const samples = []
  const latencyDeadline = performance.now() + settings.maxSeconds * 1000
  for (const text of rest.slice(0, settings.latency)) {
    const start = performance.now()
    checkOne(text)
    samples.push(performance.now() - start)
    if (performance.now() > latencyDeadline) break
  }
  samples.sort((a, b) => a - b)
  result.latency = { samples: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length }
  result.throughput = throughput(rest.slice(0, settings.throughput))
  if (settings.corpus) {
    const texts = readCorpus(settings.corpus).slice(0, settings.throughput)
    result.corpus = { file: settings.corpus, ...throughput(texts) }
  }
} else if (task === 'growth') {
  /** @type {Array<{bytes: number, ms?: number, skipped?: string}>} */
  const points = []
  let lastMs = 0
  let lastBytes = 0
  for (const text of makeReplies(30, settings.seed)) checkOne(text)
  for (const bytes of settings.sizes ?? []) {
    // A size that would take longer than the budget (by the last exponent seen, at least
    // linear) is left out, so that one slow engine cannot stall the run.
    const expected = lastBytes ? lastMs * (bytes / lastBytes) ** 1.2 : 0
    if (expected > (settings.budget ?? 30) * 1000) {
      points.push({ bytes, skipped: `expected about ${(expected / 1000).toFixed(0)} s` })
      continue
    }
    const text = makeDocument(bytes, settings.seed)
    const runs = bytes <= 10_000 ? 3 : 1
    const times = []
    for (let run = 0; run < runs; run++) {
      const start = performance.now()
      checkOne(text)
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    lastMs = times[0] ?? 0
    lastBytes = bytes
    points.push({ bytes, ms: lastMs })
  }
  const measured = points.filter((point) => point.ms !== undefined)
  const [a, b] = measured.slice(-2)
  result.points = points
  result.exponent = a && b && a.ms && b.ms ? Math.log(b.ms / a.ms) / Math.log(b.bytes / a.bytes) : null
  result.exponentBetween = a && b ? [a.bytes, b.bytes] : null
} else if (task === 'soak') {
  const gc = /** @type {undefined | (() => void)} */ (globalThis.gc)
  const replies = makeReplies(10_000, settings.seed)
  const checks = settings.checks ?? 1_000_000
  const deadline = performance.now() + (settings.minutes ?? 10) * 60_000
  const every = Math.max(1000, Math.floor(checks / 100))
  /** @type {Array<{checks: number, seconds: number, heapUsedMB: number}>} */
  const heap = []
  const start = performance.now()
  // Sample about 100 times whichever comes first, the count or the time limit.
  const everyMs = ((settings.minutes ?? 10) * 60_000) / 100
  let lastSample = -Infinity
  let done = 0
  for (; done < checks && performance.now() < deadline; done++) {
    checkOne(replies[done % replies.length] ?? '')
    if (done % every === 0 || performance.now() - lastSample > everyMs) {
      lastSample = performance.now()
      gc?.()
      heap.push({ checks: done, seconds: (performance.now() - start) / 1000, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 })
    }
  }
  gc?.()
  heap.push({ checks: done, seconds: (performance.now() - start) / 1000, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 })
  // Growth: the median of the last fifth of samples against the median of the second fifth
  // (the first is still warming up).
  const median = (/** @type {number[]} */ values) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN
  const fifth = Math.max(1, Math.floor(heap.length / 5))
  const early = median(heap.slice(fifth, 2 * fifth).map((sample) => sample.heapUsedMB))
  const late = median(heap.slice(-fifth).map((sample) => sample.heapUsedMB))
  result.soak = { checks: done, seconds: (performance.now() - start) / 1000, gc: Boolean(gc), earlyHeapMB: early, lateHeapMB: late, growthMB: late - early, samples: heap }
}

result.maxRssMB = process.resourceUsage().maxRSS / 1024
process.stdout.write(JSON.stringify(result) + '\n')
