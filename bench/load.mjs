// An open-loop HTTP load generator for `ownit serve`, run as its own process so that its
// CPU time is counted apart from the server's.
//
// Why not autocannon's `overallRate`: autocannon splits the rate over its connections and
// lets each one send back to back until it has used its share for the current second, then
// wait for the next second. At 1,000 requests/s over 10 connections that is a closed loop of
// 10 at full speed for part of each second, then silence: a burst test, not a steady rate.
// It also "corrects" for coordinated omission with an expected interval of
// `Math.ceil(1 / rate)` = 1 ms whatever the rate, so one 50 ms answer adds 49 made-up
// samples. Here requests are due at even intervals (1 ms apart at 1,000/s) whether or not
// earlier ones have been answered, and each one's latency runs from the moment it was due
// (so a stalled server or a busy client cannot hide its delay), as wrk2 does.
//
// Usage: node bench/load.mjs --url http://127.0.0.1:8080/v1/check --body '{"text":"…"}'
//          [--rate 1000] [--duration 10] [--warmup 3] [--connections 50]
// Prints one JSON line: {rate, offered, sent, answered, achieved, errors, non2xx,
//   latency: {p50, p90, p99, p999, max, mean} (ms from due), cpuMs (this process)}.
import { connect } from 'node:net'
import { parseArgs } from 'node:util'

const { values: flags } = parseArgs({
  options: {
    url: { type: 'string' },
    body: { type: 'string' },
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' }
  }
})
if (!flags.url || flags.body === undefined) {
  process.stderr.write('load: --url and --body are required\n')
  process.exit(2)
}
const url = new URL(flags.url)
const rate = Number(flags.rate)
const durationMs = Number(flags.duration) * 1000
const warmupMs = Number(flags.warmup) * 1000
const connections = Number(flags.connections)
const body = Buffer.from(flags.body)
const request = Buffer.concat([
  Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n`),
  body
])

/** @typedef {{ socket: import('node:net').Socket, busy: boolean, due: number, measured: boolean, buffer: Buffer }} Connection */
/** @type {Connection[]} */
const idle = []
/** @type {{ due: number, measured: boolean }[]} */
const waiting = []
/** @type {number[]} */
const latencies = []
let errors = 0
let non2xx = 0
let answered = 0
let sent = 0

/** @returns {Promise<Connection>} */
function open() {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true })
    /** @type {Connection} */
    const connection = { socket, busy: false, due: 0, measured: false, buffer: Buffer.alloc(0) }
    socket.once('connect', () => resolve(connection))
    socket.once('error', reject)
    socket.on('data', (chunk) => onData(connection, chunk))
    socket.on('close', () => {
      if (connection.busy) errors++
    })
  })
}

/**
 * Read one whole response (the server always sends content-length), then take the next due request.
 * @param {Connection} connection
 * @param {Buffer} chunk
 */
function onData(connection, chunk) {
  connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk
  for (;;) {
    const end = connection.buffer.indexOf('\r\n\r\n')
    if (end === -1) return
    const head = connection.buffer.subarray(0, end).toString('latin1')
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
    if (connection.buffer.length < end + 4 + length) return
    connection.buffer = connection.buffer.subarray(end + 4 + length)
    const status = Number(head.slice(9, 12))
    if (connection.measured) {
      answered++
      lastAnswer = performance.now()
      if (status >= 200 && status < 300) latencies.push(performance.now() - connection.due)
      else non2xx++
    }
    connection.busy = false
    const next = waiting.shift()
    if (next) send(connection, next)
    else idle.push(connection)
  }
}

/**
 * @param {Connection} connection
 * @param {{ due: number, measured: boolean }} job
 */
function send(connection, job) {
  connection.busy = true
  connection.due = job.due
  connection.measured = job.measured
  if (job.measured) sent++
  connection.socket.write(request)
}

for (const connection of await Promise.all(Array.from({ length: connections }, open))) idle.push(connection)

const cpuBefore = { value: process.cpuUsage() }
let lastAnswer = 0
const interval = 1000 / rate
const start = performance.now()
const measureFrom = start + warmupMs
const stopAt = measureFrom + durationMs
let scheduled = 0
await new Promise((done) => {
  const tick = () => {
    const now = performance.now()
    if (now >= stopAt) return done(undefined)
    // Every request due by now, at its own due time, even if the timer fired late.
    for (let due = start + scheduled * interval; due <= now && due < stopAt; due = start + scheduled * interval) {
      scheduled++
      const measured = due >= measureFrom
      const job = { due, measured }
      const connection = idle.pop()
      if (connection) send(connection, job)
      else waiting.push(job)
    }
    setTimeout(tick, Math.max(0, Math.min(1, start + scheduled * interval - performance.now())))
  }
  tick()
  // Count the client's CPU from the end of the warm-up.
  setTimeout(() => (cpuBefore.value = process.cpuUsage()), warmupMs)
})
// Let the last requests come back (at most 5 s), then report.
const drainUntil = performance.now() + 5000
while ((waiting.length > 0 || idle.length < connections) && performance.now() < drainUntil) await new Promise((done) => setTimeout(done, 5))
const cpu = process.cpuUsage(cpuBefore.value)
const unanswered = waiting.length + (connections - idle.length)
latencies.sort((a, b) => a - b)
/** @param {number} q */
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
const round = (/** @type {number} */ value) => Math.round(value * 100) / 100
process.stdout.write(
  JSON.stringify({
    rate,
    offered: Math.round((durationMs / 1000) * rate),
    sent,
    answered,
    achieved: round(answered / (Math.max(durationMs, lastAnswer - measureFrom) / 1000)),
    errors: errors + unanswered,
    non2xx,
    latency: { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), p999: round(at(0.999)), max: round(latencies.at(-1) ?? NaN), mean: round(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)) },
    cpuMs: Math.round((cpu.user + cpu.system) / 1000)
  }) + '\n'
)
for (const connection of [...idle]) connection.socket.destroy()
process.exit(0)
