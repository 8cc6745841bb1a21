// Spelling's cost per reply, in one process: retext's parse alone, `check` with spelling
// off and on, and the spelling plugin alone over trees parsed beforehand. The engines are
// interleaved round by round and the medians of the rounds reported, since the machine is
// shared. Usage:
//   node bench/spelling.mjs [--dist dist]... [--corpus file.jsonl] [--lines 3000] [--rounds 9]
// Without --corpus it uses the benchmark's generated replies (makeReplies(2000, 1)). Give
// --dist more than once (a copy of an older build's dist/, say) to compare builds in the
// same process, interleaved with each other.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { retext } from 'retext'
import retextEnglish from 'retext-english'
import { VFile } from 'vfile'
import { makeReplies } from './generate.mjs'

const { values } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true, default: ['dist'] },
    corpus: { type: 'string' },
    lines: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '9' }
  }
})
/** @type {string[]} */
const replies = values.corpus
  ? readFileSync(values.corpus, 'utf8')
      .split('\n')
      .slice(0, Number(values.lines))
      .filter(Boolean)
      .map((line) => /** @type {{ text: string }} */ (JSON.parse(line)).text)
  : makeReplies(2000, 1)
const bytes = replies.reduce((total, reply) => total + Buffer.byteLength(reply), 0)

const parser = retext().use(retextEnglish)
const trees = replies.map((reply) => parser.parse(reply))

/** @type {Record<string, () => void>} */
const engines = {
  parse: () => {
    for (const reply of replies) parser.parse(reply)
  }
}
for (const dist of values.dist) {
  const base = pathToFileURL(resolve(dist) + '/')
  /** @type {{ check: (text: string, options?: object) => unknown }} */
  const { check } = await import(new URL('index.js', base).href)
  /** @type {{ default: (options?: object) => (tree: unknown, file: VFile) => void }} */
  const { default: spelling } = await import(new URL('spell/plugin.js', base).href)
  const transform = spelling()
  const suffix = values.dist.length > 1 ? ` (${dist})` : ''
  engines[`check, spelling off${suffix}`] = () => {
    for (const reply of replies) check(reply, { spelling: false })
  }
  engines[`check, spelling on${suffix}`] = () => {
    for (const reply of replies) check(reply)
  }
  // As check runs it: no stack traces for messages.
  engines[`spelling plugin alone${suffix}`] = () => {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    for (let index = 0; index < replies.length; index++) transform(trees[index], new VFile({ value: replies[index] }))
    Error.stackTraceLimit = limit
  }
}

// Warm up: the first pass loads the lexicon and fills the suggestion cache.
for (const run of Object.values(engines)) run()
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(Object.keys(engines).map((name) => [name, []]))
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, run] of Object.entries(engines)) {
    const start = process.hrtime.bigint()
    run()
    times[name]?.push(Number(process.hrtime.bigint() - start) / 1000 / replies.length)
  }
}

/** @param {number[]} list */
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN
const parse = median(times.parse ?? [])
process.stdout.write(`${values.corpus ?? 'generated'}: ${replies.length} replies, ${Math.round(bytes / replies.length)} bytes each on average, median of ${values.rounds} rounds\n`)
for (const [name, list] of Object.entries(times)) {
  const µs = median(list)
  process.stdout.write(`${name.padEnd(48)} ${µs.toFixed(1).padStart(8)} µs/reply  ${(µs / parse).toFixed(2).padStart(6)}× parse\n`)
}
