// `npm run bench [-- --quick] [-- --corpus replies.jsonl] [-- --soak]`: ownit beside its
// peers on the same seeded corpus, each engine in a fresh process, engines interleaved
// across repetitions. Prints a table with ratios to the floors and writes
// bench/results/latest.json.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    corpus: { type: 'string' },
    seed: { type: 'string', default: '1' },
    reps: { type: 'string' },
    only: { type: 'string' },
    engines: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (flags.help) {
  process.stdout.write(`Usage: npm run bench -- [--quick] [--corpus replies.jsonl] [--soak] [--reps N] [--only a,b] [--seed N]

  --quick     fewer replies, smaller documents, fewer runs (under two minutes)
  --corpus    also measure throughput on the "text" fields of this JSONL file
  --soak      only the soak: 1M checks or 10 minutes, sampling heapUsed
  --reps      repetitions of the per-engine run (default: 2 quick, 5 full)
  --only      parts to run: engines, growth, cold, score, serve (default: all)
  --engines   growth only: the engines to grow (default: all)
  --seed      seed of the generated corpus (default: 1)
  --out       where to write the JSON (default: bench/results/latest.json for a
              full run of every part; quick.json with --quick; only-<parts>.json
              with --only, only-<parts>-quick.json with both: a partial or quick
              run never replaces the full one)
`)
  process.exit(0)
}
if (!existsSync(join(root, 'dist/index.js'))) {
  process.stderr.write('bench: dist/index.js is missing: run `npm run build` first\n')
  process.exit(2)
}
// Imported once the build is known to be there: they use it.
const { engines } = await import('./engines.mjs')
const { makeReplies } = await import('./generate.mjs')
// The generated inputs and reports (hundreds of MB with the score part) go with the run,
// whether it ends or is stopped.
const scratchDir = join(tmpdir(), `ownit-bench-${process.pid}`)
process.on('exit', () => rmSync(scratchDir, { recursive: true, force: true }))
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))
const quick = flags.quick
const seed = Number(flags.seed)
const parts = new Set((flags.only ?? 'engines,growth,cold,score,serve').split(','))
const reps = Number(flags.reps ?? (quick ? 2 : 5))
const runSettings = quick
  ? { seed, latency: 300, throughput: 2000, maxSeconds: 0.75, warmup: 50 }
  : { seed, latency: 2000, throughput: 10_000, maxSeconds: 120, warmup: 300 }
const growthSettings = quick
  ? { seed, sizes: [1_000, 4_000, 16_000], budget: 4 }
  : { seed, sizes: [1_000, 10_000, 100_000, 1_000_000], budget: 90 }
const coldRuns = quick ? 3 : 15
const conversations = quick ? 200 : 100_000
const corpusPath = flags.corpus ? resolve(flags.corpus) : undefined
const log = (/** @type {string} */ line) => process.stderr.write(line + '\n')
const startedAt = performance.now()
/**
 * Whether to run a part: asked for, and in quick mode only while the run is within its
 * time budget (so that a loaded machine still gives a quick look in under two minutes).
 * @param {string} part
 */
function wanted(part) {
  if (!parts.has(part)) return false
  const elapsed = (performance.now() - startedAt) / 1000
  if (quick && elapsed > 100) {
    log(`${part}: skipped, the quick run is past 100 s (${elapsed.toFixed(0)} s); run it with --only ${part}`)
    ;(results.skipped ??= []).push(part)
    return false
  }
  return true
}

/**
 * Run `node args…` and resolve with its stdout, stderr, code and wall time.
 * @param {string[]} args
 * @param {{timeoutMs?: number, pin?: boolean}} [options]
 * @returns {Promise<{stdout: string, stderr: string, code: number | null, ms: number}>}
 */
function runNode(args, options = {}) {
  return new Promise((done) => {
    const start = performance.now()
    // `pin`: on one core only (Linux's taskset), the process's V8 helper threads included.
    const [command, commandArgs] = options.pin ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args]
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ stdout, stderr, code, ms: performance.now() - start })
    })
  })
}

/**
 * @param {number[]} values
 */
function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

/**
 * @param {string} task
 * @param {string} engine
 * @param {object} settings
 * @param {string[]} [nodeFlags]
 */
async function runChild(task, engine, settings, nodeFlags = []) {
  const { stdout, stderr, code } = await runNode([...nodeFlags, join(root, 'bench/child.mjs'), task, engine, JSON.stringify(settings)])
  const line = stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line)
  } catch {
    throw new Error(`bench: ${engine} ${task} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)
  }
}

/** @type {Record<string, any>} */
const results = {
  date: new Date().toISOString(),
  mode: flags.soak ? 'soak' : quick ? 'quick' : 'full',
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGB: totalmem() / 2 ** 30 },
  note: 'shared machine: timings are noisy; ratios measured in the same run are the figures to compare',
  settings: { seed, reps, run: runSettings, growth: growthSettings, coldRuns, conversations, corpus: corpusPath ?? null }
}

if (flags.soak) {
  log('soak: ownit, spelling off, 1M checks or 10 minutes, sampling heapUsed')
  const soak = await runChild('soak', 'ownit', { seed, checks: 1_000_000, minutes: 10 }, ['--expose-gc'])
  results.soak = soak.soak
  results.soak.maxRssMB = soak.maxRssMB
  const { checks, seconds, earlyHeapMB, lateHeapMB, growthMB } = results.soak
  log(`soak: ${checks} checks in ${seconds.toFixed(0)} s; heapUsed ${earlyHeapMB.toFixed(1)} MB early, ${lateHeapMB.toFixed(1)} MB late (growth ${growthMB.toFixed(1)} MB); peak RSS ${soak.maxRssMB.toFixed(0)} MB`)
  results.totalSeconds = (performance.now() - startedAt) / 1000
  writeResults(join(root, 'bench/results/soak.json'))
  process.exit(0)
}

// 1. Engines: set-up, latency, throughput; interleaved, the order rotated every repetition.
if (wanted('engines')) {
  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(engines.map((engine) => [engine.name, []]))
  for (let rep = 0; rep < reps; rep++) {
    const order = engines.map((_, index) => engines[(index + rep) % engines.length]).filter((engine) => engine !== undefined)
    for (const engine of order) {
      log(`engines: repetition ${rep + 1}/${reps}: ${engine.name}`)
      runs[engine.name]?.push(await runChild('run', engine.name, { ...runSettings, corpus: corpusPath }))
    }
  }
  results.engines = Object.fromEntries(
    engines.map((engine) => {
      const list = runs[engine.name] ?? []
      return [
        engine.name,
        {
          label: engine.label,
          setupMs: median(list.map((run) => run.setupMs)),
          firstCheckMs: median(list.map((run) => run.firstCheckMs)),
          p50: median(list.map((run) => run.latency.p50)),
          p99: median(list.map((run) => run.latency.p99)),
          latencySamples: list.map((run) => run.latency.samples),
          repliesPerSecond: median(list.map((run) => run.throughput.repliesPerSecond)),
          kbPerSecond: median(list.map((run) => run.throughput.kbPerSecond)),
          throughputReplies: list.map((run) => run.throughput.replies),
          corpusRepliesPerSecond: corpusPath ? median(list.map((run) => run.corpus.repliesPerSecond)) : null,
          corpusKbPerSecond: corpusPath ? median(list.map((run) => run.corpus.kbPerSecond)) : null,
          maxRssMB: Math.max(...list.map((run) => run.maxRssMB)),
          runs: list
        }
      ]
    })
  )
  const parse = results.engines.retext
  const regexp = results.engines.regexp
  for (const entry of Object.values(results.engines)) {
    entry.ratios = {
      p50VsParse: entry.p50 / parse.p50,
      p50VsRegexp: entry.p50 / regexp.p50,
      p99VsParse: entry.p99 / parse.p99,
      throughputVsParse: entry.repliesPerSecond / parse.repliesPerSecond,
      throughputVsRegexp: entry.repliesPerSecond / regexp.repliesPerSecond,
      throughputVsAlex: entry.repliesPerSecond / results.engines.alex.repliesPerSecond,
      setupVsParse: entry.setupMs / parse.setupMs
    }
  }
}

// 2. Growth: one document of each size, one fresh process per engine, interleaved.
if (wanted('growth')) {
  results.growth = {}
  for (const engine of engines.filter((candidate) => !flags.engines || flags.engines.split(',').includes(candidate.name))) {
    log(`growth: ${engine.name} (${growthSettings.sizes.map((size) => `${size / 1000} KB`).join(', ')})`)
    // ownit's own figure is the one the target is about: never skip its largest size.
    const budget = engine.name.startsWith('ownit') && !quick ? 900 : growthSettings.budget
    const run = await runChild('growth', engine.name, { ...growthSettings, budget })
    results.growth[engine.name] = { points: run.points, exponent: run.exponent, between: run.exponentBetween, maxRssMB: run.maxRssMB }
  }
}

// 3. CLI cold start: `node bin/ownit.js reply.txt` with and without spelling, beside `node -e ""`.
if (wanted('cold')) {
  const dir = scratchDir
  mkdirSync(dir, { recursive: true })
  const replyFile = join(dir, 'reply.txt')
  writeFileSync(replyFile, makeReplies(1, seed)[0] ?? '')
  const commands = {
    node: ['-e', ''],
    ownit: [join(root, 'bin/ownit.js'), replyFile, '--no-spelling', '--no-config'],
    'ownit-spelling': [join(root, 'bin/ownit.js'), replyFile, '--spelling', '--no-config']
  }
  /** @type {Record<string, number[]>} */
  const times = { node: [], ownit: [], 'ownit-spelling': [] }
  // Warm the file-system cache once (not in quick mode), then interleave.
  if (!quick) for (const args of Object.values(commands)) await runNode(args)
  for (let run = 0; run < coldRuns; run++) {
    for (const [name, args] of Object.entries(commands)) {
      const { ms, code } = await runNode(args)
      if (code !== null && code > 1) throw new Error(`bench: cold start of ${name} exited ${code}`)
      times[name]?.push(ms)
    }
  }
  log(`cold start: ${coldRuns} runs of each`)
  const nodeMs = median(times.node ?? [])
  results.coldStart = Object.fromEntries(
    Object.entries(times).map(([name, list]) => [name, { medianMs: median(list), minMs: Math.min(...list), runs: list, vsNode: median(list) / nodeMs }])
  )
}

// 4. `ownit score` over generated conversations, --jobs 1 beside --jobs 2 (and a tenth of
// the conversations, to see whether memory stays flat).
if (wanted('score')) {
  const dir = scratchDir
  mkdirSync(dir, { recursive: true })
  const big = join(dir, `conversations-${conversations}.jsonl`)
  const small = join(dir, `conversations-${conversations / 10}.jsonl`)
  spawnSync(process.execPath, [join(root, 'scripts/generate-transcripts.js'), String(conversations), big, String(seed)], { stdio: 'ignore' })
  spawnSync(process.execPath, [join(root, 'scripts/generate-transcripts.js'), String(conversations / 10), small, String(seed)], { stdio: 'ignore' })
  const countTurns = (/** @type {string} */ file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .reduce((sum, line) => sum + JSON.parse(line).turns.length, 0)
  const turns = countTurns(big)
  /**
   * @param {string} file
   * @param {number} jobs
   * @param {string[]} [nodeFlags]
   */
  const score = async (file, jobs, nodeFlags = [], format = 'json', pin = false) => {
    // Each run writes a new report, as a daily report would: rewriting the last run's
    // (300 MB of JSON) costs ext4 a truncation when the file is opened and, on close, the
    // start of writing it all out (auto_da_alloc), about 0.2 s that is not ownit's.
    const output = join(dir, `score.${format}`)
    rmSync(output, { force: true })
    const { stderr, ms, code } = await runNode([...nodeFlags, join(root, 'bench/measure-cli.mjs'), 'score', file, '--format', format, '--output', output, '--jobs', String(jobs), '--no-progress'], { pin })
    const line = stderr.split('\n').find((text) => text.startsWith('OWNIT_BENCH '))
    if (!line) throw new Error(`bench: ownit score --jobs ${jobs} failed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`)
    const report = JSON.parse(line.slice('OWNIT_BENCH '.length))
    return { jobs, code, wallMs: ms, maxRssMB: report.maxRssMB, cpuS: report.cpuS }
  }
  const cores = cpus().length
  // On a shared virtual machine one run can be 20% off either way: the pairs are
  // interleaved and the medians compared (the target); the fastest run of each, the least
  // disturbed, and each pair's own ratio are given beside.
  const scoreReps = quick ? 1 : Math.max(1, reps)
  log(`score: ${conversations} conversations (${turns} turns), --jobs 1 and --jobs ${Math.min(2, cores)}, ${scoreReps} interleaved pair${scoreReps === 1 ? '' : 's'}`)
  /** @type {Array<Awaited<ReturnType<typeof score>>>} */
  const ones = []
  /** @type {Array<Awaited<ReturnType<typeof score>>>} */
  const twos = []
  // The same with the default report, a table (a few MB, where the JSON is 3 KB per
  // conversation, written by the main thread): beside the target, which is on the JSON.
  /** @type {Array<Awaited<ReturnType<typeof score>>>} */
  const tableOnes = []
  /** @type {Array<Awaited<ReturnType<typeof score>>>} */
  const tableTwos = []
  // One job on one core: with --jobs 1 on a machine of two, V8's helper threads (the
  // collector's concurrent marking, the optimizing compiler) run on the idle core, which
  // two jobs do not have. Beside the target (which compares jobs), not instead of it.
  const canPin = cores >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0
  /** @type {Array<Awaited<ReturnType<typeof score>>>} */
  const pinnedOnes = []
  for (let rep = 0; rep < scoreReps; rep++) {
    ones.push(await score(big, 1))
    twos.push(await score(big, 2))
    if (canPin) pinnedOnes.push(await score(big, 1, [], 'json', true))
    tableOnes.push(await score(big, 1, [], 'table'))
    tableTwos.push(await score(big, 2, [], 'table'))
  }
  /** The run of median wall time. @param {Array<Awaited<ReturnType<typeof score>>>} runs */
  const middle = (runs) => {
    const run = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]
    if (!run) throw new Error('bench: no ownit score run')
    return run
  }
  const one = middle(ones)
  const two = middle(twos)
  const oneSmall = await score(small, 1)
  // Peak RSS of an unbounded heap follows V8's sizing, not what is kept: whether memory
  // stays flat shows better with the heap capped, small and full runs alike (a run that
  // kept something per conversation would fail or grow).
  const capped = ['--max-old-space-size=64']
  const cappedSmall = await score(small, 1, capped).catch((error) => ({ error: String(error.message) }))
  const cappedFull = await score(big, 1, capped).catch((error) => ({ error: String(error.message) }))
  results.score = {
    conversations,
    turns,
    cores,
    jobs1: { ...one, turnsPerSecond: turns / (one.wallMs / 1000), runsMs: ones.map((run) => run.wallMs) },
    jobs2: { ...two, turnsPerSecond: turns / (two.wallMs / 1000), runsMs: twos.map((run) => run.wallMs) },
    speedup: one.wallMs / two.wallMs,
    pairSpeedups: ones.map((run, index) => run.wallMs / (twos[index]?.wallMs ?? NaN)),
    bestSpeedup: Math.min(...ones.map((run) => run.wallMs)) / Math.min(...twos.map((run) => run.wallMs)),
    oneCore: canPin
      ? { jobs1RunsMs: pinnedOnes.map((run) => run.wallMs), cpuS: middle(pinnedOnes).cpuS, speedup: middle(pinnedOnes).wallMs / two.wallMs, pairSpeedups: pinnedOnes.map((run, index) => run.wallMs / (twos[index]?.wallMs ?? NaN)) }
      : { skipped: 'taskset is not available (Linux only)' },
    table: {
      jobs1RunsMs: tableOnes.map((run) => run.wallMs),
      jobs2RunsMs: tableTwos.map((run) => run.wallMs),
      speedup: middle(tableOnes).wallMs / middle(tableTwos).wallMs,
      pairSpeedups: tableOnes.map((run, index) => run.wallMs / (tableTwos[index]?.wallMs ?? NaN))
    },
    memory: {
      smallConversations: conversations / 10,
      smallMaxRssMB: oneSmall.maxRssMB,
      fullMaxRssMB: one.maxRssMB,
      ratio: one.maxRssMB / oneSmall.maxRssMB,
      heapCapMB: 64,
      cappedSmallMaxRssMB: 'maxRssMB' in cappedSmall ? cappedSmall.maxRssMB : null,
      cappedFullMaxRssMB: 'maxRssMB' in cappedFull ? cappedFull.maxRssMB : null,
      cappedRatio: 'maxRssMB' in cappedSmall && 'maxRssMB' in cappedFull ? cappedFull.maxRssMB / cappedSmall.maxRssMB : null,
      cappedError: 'error' in cappedFull ? cappedFull.error : 'error' in cappedSmall ? cappedSmall.error : undefined
    },
    note: 'ownit score has no spelling option; it lints with the bundled packs'
  }
}

// 5. `ownit serve` under load, when there is a serve subcommand (`ownit --help` lists it).
if (wanted('serve')) {
  const help = spawnSync(process.execPath, [join(root, 'bin/ownit.js'), 'serve', '--help'], { cwd: root, encoding: 'utf8' })
  // An unknown word is taken as a file name and the main help is printed with exit 0, so
  // the exit code alone does not tell: the help must be about serve.
  const hasServe = help.status === 0 && /ownit serve/.test(help.stdout) && !/^Usage: ownit \[files/m.test(help.stdout)
  if (!hasServe) {
    results.serve = { skipped: 'no `ownit serve` subcommand in this build (`ownit serve --help` prints the main help); run again once it lands' }
    log('serve: skipped (no serve subcommand yet)')
  } else {
    results.serve = await benchServe(help.stdout)
  }
}

/**
 * Start `ownit serve` on a free port and load it at a steady 1,000 requests/s with
 * bench/load.mjs (an open loop in its own process: see there why not autocannon's
 * `overallRate`, which sends bursts). POST /v1/check with JSON {text, spelling}, as the
 * README's serve section documents, after a warm-up; the latency of each request runs from
 * the moment it was due. The CPU time of the server and of the load generator (both on the
 * same cores) is read from /proc where there is one.
 * @param {string} helpText
 */
async function benchServe(helpText) {
  const { createServer } = await import('node:net')
  const { loadavg } = await import('node:os')
  const port = await new Promise((done) => {
    const server = createServer().listen(0, () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
  const reply = makeReplies(1, seed)[0] ?? ''
  // One server process per core (`--processes 0`), as the README advises for a busy helpdesk.
  const settings = { rate: 1000, connections: 50, warmupSeconds: 3, seconds: quick ? 5 : 15, replyBytes: Buffer.byteLength(reply), processes: 'one per core (--processes 0)' }
  /** @type {Record<string, unknown>} */
  const out = { help: helpText.split('\n').slice(0, 3).join(' '), tool: 'bench/load.mjs (open loop, latency from due time)', ...settings }
  /** CPU ms of a process and its child processes (the server's processes). @param {number | undefined} pid */
  const cpuMs = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      let total = (Number(fields[11]) + Number(fields[12])) * 10
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        try {
          const child = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
          if (Number(child[1]) === pid) total += (Number(child[11]) + Number(child[12])) * 10
        } catch {
          // gone meanwhile
        }
      }
      return total
    } catch {
      return NaN
    }
  }
  for (const spelling of [false, true]) {
    const child = spawn(process.execPath, [join(root, 'bin/ownit.js'), 'serve', '--port', String(port), '--processes', '0', '--no-config', '--log-level', 'silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
    try {
      // It says it listens once every process has compiled the common option sets:
      // seconds on a loaded machine.
      /** @type {true | string} */
      const ready = await new Promise((done) => {
        let stderr = ''
        const timer = setTimeout(() => done('server did not answer within 60 s'), 60_000)
        child.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
          stderr += chunk.toString()
          if (/listening on/.test(stderr)) {
            clearTimeout(timer)
            done(true)
          }
        })
        child.on('exit', (code, signal) => {
          clearTimeout(timer)
          done(`server exited (${signal ?? `code ${code}`}) before listening: ${stderr.trim().split('\n').pop() ?? ''}`)
        })
      })
      if (ready !== true) {
        out[spelling ? 'spelling' : 'noSpelling'] = { error: ready }
        continue
      }
      const load = spawn(
        process.execPath,
        [join(root, 'bench/load.mjs'), '--url', `http://127.0.0.1:${port}/v1/check`, '--body', JSON.stringify({ text: reply, spelling }), '--rate', String(settings.rate), '--duration', String(settings.seconds), '--warmup', String(settings.warmupSeconds), '--connections', String(settings.connections)],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      let stdout = ''
      load.stdout.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString()))
      const exited = new Promise((done) => load.on('exit', done))
      await new Promise((done) => setTimeout(done, settings.warmupSeconds * 1000))
      const before = { server: cpuMs(child.pid), client: cpuMs(load.pid), at: performance.now() }
      await new Promise((done) => setTimeout(done, settings.seconds * 1000))
      const after = { server: cpuMs(child.pid), client: cpuMs(load.pid), at: performance.now() }
      await exited
      const result = JSON.parse(stdout)
      const share = (/** @type {number} */ ms) => Math.round((ms / (after.at - before.at)) * 100)
      out[spelling ? 'spelling' : 'noSpelling'] = {
        requestsPerSecond: result.achieved,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        errors: result.errors,
        non2xx: result.non2xx,
        serverCpuPercent: share(after.server - before.server),
        loadGeneratorCpuPercent: share(after.client - before.client),
        loadAverage: loadavg()[0]
      }
      log(`serve: spelling ${spelling ? 'on' : 'off'}: ${JSON.stringify(out[spelling ? 'spelling' : 'noSpelling'])}`)
    } finally {
      // Every server process gone before the next run takes the port.
      const gone = new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(undefined) : child.on('exit', done)))
      child.kill()
      await gone
    }
  }
  return out
}

results.totalSeconds = (performance.now() - startedAt) / 1000
printTable()
writeResults(resolve(root, flags.out ?? `bench/results/${flags.only ? `only-${[...parts].join('-')}${quick ? '-quick' : ''}` : quick ? 'quick' : 'latest'}.json`))

/** @param {string} file */
function writeResults(file) {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  log(`bench: wrote ${file} (${results.totalSeconds?.toFixed(0) ?? '?'} s)`)
}

/**
 * @param {number} value
 * @param {number} [digits]
 */
function format(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(digits)
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
function table(header, rows) {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)))
  const line = (/** @type {string[]} */ row) => '| ' + row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join(' | ') + ' |'
  return [line(header), '| ' + widths.map((width, index) => (index === 0 ? '-'.repeat(width) : '-'.repeat(Math.max(1, width - 1)) + ':')).join(' | ') + ' |', ...rows.map(line)].join('\n')
}

function printTable() {
  const out = []
  out.push(`ownit benchmark (${results.mode}; ${results.machine.cpus} cores, Node ${results.machine.node}; ${results.note})`)
  out.push(`×parse = ratio to retext's parse alone, ×regexp = ratio to one RegExp of 200 phrases, both measured in this run.`)
  if (results.engines) {
    out.push('', `One ~600-byte reply (median of ${reps} interleaved repetitions; throughput over up to ${runSettings.throughput.toLocaleString('en-US')} replies):`, '')
    const header = ['engine', 'setup ms', 'p50 ms', 'p50 ×parse', 'p50 ×regexp', 'p99 ms', 'replies/s', 'KB/s', 'rate ×parse', 'rate ×alex', 'peak RSS MB']
    if (corpusPath) header.push('corpus replies/s')
    const rows = Object.entries(results.engines).map(([name, entry]) => {
      const row = [name, format(entry.setupMs), format(entry.p50, 3), format(entry.ratios.p50VsParse), format(entry.ratios.p50VsRegexp), format(entry.p99, 3), format(entry.repliesPerSecond), format(entry.kbPerSecond), format(entry.ratios.throughputVsParse, 3), format(entry.ratios.throughputVsAlex), format(entry.maxRssMB, 0)]
      if (corpusPath) row.push(format(entry.corpusRepliesPerSecond))
      return row
    })
    out.push(table(header, rows))
  }
  if (results.growth) {
    const sizes = growthSettings.sizes
    out.push('', 'Growth: ms for one document of each size; exponent between the two largest sizes measured (1.0 = linear):', '')
    const rows = Object.entries(results.growth).map(([name, entry]) => [
      name,
      ...sizes.map((size) => {
        const point = entry.points.find((/** @type {any} */ p) => p.bytes === size)
        return point?.ms !== undefined ? format(point.ms) : 'skipped'
      }),
      format(entry.exponent),
      entry.between ? entry.between.map((/** @type {number} */ b) => `${b / 1000} KB`).join('→') : '–'
    ])
    out.push(table(['engine', ...sizes.map((size) => `${size >= 1e6 ? size / 1e6 + ' MB' : size / 1000 + ' KB'}`), 'exponent', 'between'], rows))
  }
  if (results.coldStart) {
    out.push('', `CLI cold start, one reply file (median of ${coldRuns} interleaved runs):`, '')
    out.push(table(['command', 'median ms', 'min ms', '× node -e ""'], Object.entries(results.coldStart).map(([name, entry]) => [name === 'node' ? 'node -e ""' : name === 'ownit' ? 'ownit --no-spelling' : 'ownit --spelling', format(entry.medianMs), format(entry.minMs), format(entry.vsNode)])))
  }
  if (results.score) {
    const s = results.score
    out.push('', `ownit score: ${s.conversations.toLocaleString('en-US')} conversations, ${s.turns.toLocaleString('en-US')} turns (median of ${s.jobs1.runsMs.length} interleaved run${s.jobs1.runsMs.length === 1 ? '' : 's'}: ${s.jobs1.runsMs.map((/** @type {number} */ ms) => format(ms / 1000)).join(', ')} s with 1 job; ${s.jobs2.runsMs.map((/** @type {number} */ ms) => format(ms / 1000)).join(', ')} s with 2):`, '')
    // CPU: every thread of the process, user and system (V8's compiler and GC threads too).
    out.push(table(['jobs', 'wall s', 'CPU s', 'turns/s', 'peak RSS MB'], [s.jobs1, s.jobs2].map((run) => [String(run.jobs), format(run.wallMs / 1000), format(run.cpuS), format(run.turnsPerSecond), format(run.maxRssMB, 0)])))
    out.push(`speed-up with 2 jobs: ${format(s.speedup)}× (medians; fastest runs: ${format(s.bestSpeedup)}×; each pair: ${s.pairSpeedups.map((/** @type {number} */ ratio) => format(ratio) + '×').join(', ')})`)
    const tableMedian = (/** @type {number[]} */ runs) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? NaN
    out.push(
      'skipped' in s.oneCore
        ? `one job on one core: skipped, ${s.oneCore.skipped}`
        : `one job on one core (taskset -c 0, its V8 helper threads on that core too): ${format(tableMedian(s.oneCore.jobs1RunsMs) / 1000)} s; 2 jobs on 2 cores against it: ${format(s.oneCore.speedup)}× (each pair: ${s.oneCore.pairSpeedups.map((/** @type {number} */ ratio) => format(ratio) + '×').join(', ')}; not the target, which compares 1 job and 2 on the same cores)`
    )
    out.push(`the default report (--format table): ${format(tableMedian(s.table.jobs1RunsMs) / 1000)} s with 1 job, ${format(tableMedian(s.table.jobs2RunsMs) / 1000)} s with 2: ${format(s.table.speedup)}× (each pair: ${s.table.pairSpeedups.map((/** @type {number} */ ratio) => format(ratio) + '×').join(', ')})`)
    out.push(`peak RSS at ${s.memory.smallConversations.toLocaleString('en-US')} conversations ${format(s.memory.smallMaxRssMB, 0)} MB, at ${s.conversations.toLocaleString('en-US')} ${format(s.memory.fullMaxRssMB, 0)} MB`)
    out.push(
      s.memory.cappedRatio === null
        ? `with the heap capped at ${s.memory.heapCapMB} MB: ${s.memory.cappedError ?? 'failed'}`
        : `with the heap capped at ${s.memory.heapCapMB} MB (--max-old-space-size): peak RSS ${format(s.memory.cappedSmallMaxRssMB, 0)} MB and ${format(s.memory.cappedFullMaxRssMB, 0)} MB (×${format(s.memory.cappedRatio)})`
    )
  }
  if (results.serve?.skipped) out.push('', `ownit serve: skipped: ${results.serve.skipped}`)
  else if (results.serve) {
    const serve = results.serve
    out.push('', `ownit serve (${serve.processes}), POST /v1/check of a ${serve.replyBytes}-byte reply, ${serve.rate.toLocaleString('en-US')} requests/s offered for ${serve.seconds} s over ${serve.connections} connections (${serve.tool}):`, '')
    const row = (/** @type {string} */ label, /** @type {any} */ run) =>
      run?.error
        ? [label, run.error, '', '', '', '', '', '']
        : [label, format(run?.requestsPerSecond, 0), format(run?.p50), format(run?.p90), format(run?.p99), format(run?.max), String((run?.errors ?? 0) + (run?.non2xx ?? 0)), `${run?.serverCpuPercent ?? '–'}%`]
    out.push(table(['spelling', 'served/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'server CPU'], [row('off', serve.noSpelling), row('on', serve.spelling)]))
  }
  results.targets = evaluateTargets()
  out.push('', 'Targets (issue 9):', '')
  out.push(table(['target', 'measured', 'met'], results.targets.map((/** @type {any} */ t) => [t.target, t.measured, t.met === null ? (t.value === null ? 'not measured' : 'not at these sizes') : t.met ? 'yes' : 'no'])))
  process.stdout.write(out.join('\n') + '\n')
}

function evaluateTargets() {
  /** @type {Array<{target: string, value: number | null, measured: string, met: boolean | null}>} */
  const targets = []
  const e = results.engines
  /**
   * @param {string} target
   * @param {number | null | undefined} value
   * @param {(value: number) => boolean} ok
   * @param {string} [suffix]
   */
  const add = (target, value, ok, suffix = '×') => {
    const measured = value === null || value === undefined || !Number.isFinite(value)
    targets.push({ target, value: measured ? null : value, measured: measured ? '–' : `${format(value)}${suffix}`, met: measured ? null : ok(value) })
  }
  add('p50, spelling off ≤ 2× retext parse', e?.ownit?.ratios.p50VsParse, (v) => v <= 2)
  add('p50, spelling on ≤ 3× retext parse', e?.['ownit-spelling']?.ratios.p50VsParse, (v) => v <= 3)
  add('replies/s ≥ 20× alex (spelling off)', e?.ownit?.ratios.throughputVsAlex, (v) => v >= 20)
  add('replies/s ≥ 20× alex (spelling on)', e?.['ownit-spelling']?.ratios.throughputVsAlex, (v) => v >= 20)
  for (const [name, label] of /** @type {const} */ ([['ownit', 'spelling off'], ['ownit-spelling', 'spelling on']])) {
    const growth = results.growth?.[name]
    const full = growth?.between?.[0] === 100_000 && growth?.between?.[1] === 1_000_000
    add(`growth exponent ≤ 1.1 (100 KB→1 MB), ${label}`, growth?.exponent, (v) => v <= 1.1, '')
    const last = targets[targets.length - 1]
    if (last && !full && last.value !== null) {
      last.measured += ` (${growth.between.map((/** @type {number} */ b) => `${b / 1000} KB`).join('→')} only)`
      last.met = null
    }
  }
  add('cold start ≤ 1.6× node -e "" (no spelling)', results.coldStart?.ownit?.vsNode, (v) => v <= 1.6)
  add('cold start ≤ 2.5× node -e "" (spelling)', results.coldStart?.['ownit-spelling']?.vsNode, (v) => v <= 2.5)
  add('score: 2 jobs ≥ 1.7× faster than 1', results.score?.speedup, (v) => v >= 1.7)
  add('score: memory flat (peak RSS ×, 10× more conversations, heap capped at 64 MB)', results.score?.memory.cappedRatio ?? undefined, (v) => v <= 1.5)
  const serve = results.serve?.noSpelling
  add('serve: p99 ≤ 10 ms at 1,000 req/s', serve?.p99, (v) => v <= 10, ' ms')
  return targets
}
