// Spelling's cost per reply, in one process: retext's parse alone, `check` with spelling
// off and on, and the spelling plugin alone over trees parsed beforehand. The engines are
// interleaved round by round and the medians of the rounds reported, since the machine is
// shared. Usage:
//   node bench/spelling.mjs [--dist dist] [--corpus file.jsonl] [--lines 3000] [--rounds 9]
// Without --corpus it uses the benchmark's generated replies (makeReplies(2000, 1)).
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
    dist: { type: 'string', default: 'dist' },
    corpus: { type: 'string' },
    lines: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '9' }
  }
})
const dist = pathToFileURL(resolve(values.dist) + '/')
/** @type {{ check: (text: string, options?: object) => unknown }} */
const { check } = await import(new URL('index.js', dist).href)
/** @type {{ default: (options?: object) => (tree: unknown, file: VFile) => void }} */
const { default: spelling } = await import(new URL('spell/plugin.js', dist).href)

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
const transform = spelling()

/** @type {Record<string, () => void>} */
const engines = {
  parse: () => {
    for (const reply of replies) parser.parse(reply)
  },
  'check, spelling off': () => {
    for (const reply of replies) check(reply, { spelling: false })
  },
  'check, spelling on': () => {
    for (const reply of replies) check(reply)
  },
  'spelling plugin alone': () => {
    for (let index = 0; index < replies.length; index++) transform(trees[index], new VFile({ value: replies[index] }))
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
process.stdout.write(`${values.dist}: ${replies.length} replies, ${Math.round(bytes / replies.length)} bytes each on average, median of ${values.rounds} rounds\n`)
for (const [name, list] of Object.entries(times)) {
  const µs = median(list)
  process.stdout.write(`${name.padEnd(24)} ${µs.toFixed(1).padStart(8)} µs/reply  ${(µs / parse).toFixed(2).padStart(6)}× parse\n`)
}
