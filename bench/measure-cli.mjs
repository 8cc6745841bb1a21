// Run the ownit CLI in this process and report its peak memory (worker threads included)
// on stderr, after its own output: `node bench/measure-cli.mjs <ownit arguments…>`.
import { performance } from 'node:perf_hooks'
import { main } from '../dist/cli.js'

const start = performance.now()
const code = await main(process.argv.slice(2))
const report = { code, ms: performance.now() - start, maxRssMB: process.resourceUsage().maxRSS / 1024 }
process.stderr.write(`\nOWNIT_BENCH ${JSON.stringify(report)}\n`)
process.exitCode = code
