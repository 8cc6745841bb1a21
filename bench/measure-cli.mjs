// Run the ownit CLI in this process and report its peak memory and CPU time (worker threads
// included) on stderr, after its own output: `node bench/measure-cli.mjs <ownit arguments…>`.
import { performance } from 'node:perf_hooks'
import { main } from '../dist/cli.js'

const start = performance.now()
const code = await main(process.argv.slice(2))
const usage = process.resourceUsage()
const report = { code, ms: performance.now() - start, maxRssMB: usage.maxRSS / 1024, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }
process.stderr.write(`\nOWNIT_BENCH ${JSON.stringify(report)}\n`)
process.exitCode = code
