/**
 * Quality, measured. `npm run eval -- [file.jsonl]` prints precision, recall and F1 per
 * category on a labeled set (default ../shared/eval/dev.jsonl) and lists every false alarm
 * and miss. `npm run eval -- --corpus file.jsonl` prints how often each rule fires on real
 * replies, with a random sample of hits per category to read as a trainer would.
 */
import { createReadStream, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { check } from '../api.js'
import { pushAll } from '../arrays.js'
import { describeFsError } from '../input/read.js'
import { seededRandom } from '../random.js'
import { PackError } from '../pack/load.js'
import { readJsonl as readLines } from '../score/input/source.js'
import { families, type Category, type OwnitMessage } from '../types.js'

const defaultSet = fileURLToPath(new URL('../../../shared/eval/dev.jsonl', import.meta.url))

interface Labeled {
  id: string
  text: string
  expect: string[]
  line: number
}

/**
 * The records of a JSONL file, with their line numbers. Lines are split as `ownit score`
 * splits them (bad UTF-8 and lines over 16 M characters are errors naming the line, not a
 * crash); a bad line stops the evaluation, as a labeled set must be read whole.
 */
async function* readJsonl(path: string): AsyncGenerator<{ value: Record<string, unknown>; line: number }> {
  for await (const event of readLines(path, createReadStream(path, { highWaterMark: 1 << 16 }))) {
    if (event.kind === 'skipped') {
      const { line, reason } = event.skipped
      throw new Error(line === 0 ? `${path}: empty: no replies in it` : `${path}:${line}: ${reason}`)
    }
    if (event.kind !== 'jsonl') continue
    const line = event.line
    let value: unknown
    try {
      value = JSON.parse(event.raw)
    } catch (error) {
      throw new Error(`${path}:${line}: not valid JSON (${(error as Error).message})`)
    }
    if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
      throw new Error(`${path}:${line}: text: expected a string`)
    }
    yield { value: value as Record<string, unknown>, line }
  }
}

const ownership = (messages: readonly OwnitMessage[]): OwnitMessage[] => messages.filter((message) => families.includes(message.category))
/** The families a message stands for: its own, and those of the rules folded into it (one message per phrase). */
const familiesOf = (message: OwnitMessage): string[] => [message.category, ...(message.also ?? []).map((folded) => folded.category)]
const pct = (value: number): string => (Number.isNaN(value) ? '  –  ' : value.toFixed(3))

async function evaluate(path: string, only: string | undefined, json: boolean): Promise<number> {
  const items: Labeled[] = []
  for await (const { value, line } of readJsonl(path)) {
    const expected = value.expect
    if (!Array.isArray(expected) || expected.some((category) => !families.includes(category as Category))) {
      throw new Error(`${path}:${line}: expect: expected a list of ${families.join(', ')}`)
    }
    items.push({ id: String(value.id ?? `line ${line}`), text: value.text as string, expect: expected as string[], line })
  }
  const counts = new Map<string, { tp: number; fp: number; fn: number }>(families.map((family) => [family, { tp: 0, fp: 0, fn: 0 }]))
  const falseAlarms: string[] = []
  const misses: string[] = []
  for (const item of items) {
    const messages = ownership(check(item.text).messages)
    const predicted = new Set(messages.flatMap(familiesOf))
    for (const family of families) {
      const count = counts.get(family)!
      const wanted = item.expect.includes(family)
      const got = predicted.has(family)
      if (wanted && got) count.tp++
      else if (got) {
        count.fp++
        if (!only || only === family) {
          const hits = messages.filter((message) => familiesOf(message).includes(family)).map((message) => `${message.ruleId} “${message.actual}”`)
          falseAlarms.push(`  ${item.id} [${family}] ${hits.join(', ')}\n      ${item.text}`)
        }
      } else if (wanted) {
        count.fn++
        if (!only || only === family) misses.push(`  ${item.id} [${family}]\n      ${item.text}`)
      }
    }
  }
  const rows = families.map((family) => {
    const { tp, fp, fn } = counts.get(family)!
    const precision = tp / (tp + fp)
    const recall = tp / (tp + fn)
    return { category: family, tp, fp, fn, precision, recall, f1: (2 * precision * recall) / (precision + recall) }
  })
  const total = rows.reduce((sum, row) => ({ tp: sum.tp + row.tp, fp: sum.fp + row.fp, fn: sum.fn + row.fn }), { tp: 0, fp: 0, fn: 0 })
  const precision = total.tp / (total.tp + total.fp)
  const recall = total.tp / (total.tp + total.fn)
  const overall = { category: 'overall', ...total, precision, recall, f1: (2 * precision * recall) / (precision + recall) }
  const clean = items.filter((item) => item.expect.length === 0)
  const cleanFlagged = clean.filter((item) => ownership(check(item.text).messages).length > 0).length

  if (json) {
    process.stdout.write(JSON.stringify({ items: items.length, clean: clean.length, cleanFlagged, categories: rows, overall }, null, 2) + '\n')
    return 0
  }
  const out: string[] = []
  out.push(`${path}: ${items.length} replies, ${clean.length} clean (${cleanFlagged} of them flagged)\n`)
  out.push('| category | precision | recall | F1 | TP | FP | FN |')
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const row of [...rows, overall]) {
    out.push(`| ${row.category} | ${pct(row.precision)} | ${pct(row.recall)} | ${pct(row.f1)} | ${row.tp} | ${row.fp} | ${row.fn} |`)
  }
  out.push(`\nFalse alarms (${falseAlarms.length}):`)
  pushAll(out, falseAlarms.length > 0 ? falseAlarms : ['  none'])
  out.push(`\nMisses (${misses.length}):`)
  pushAll(out, misses.length > 0 ? misses : ['  none'])
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

async function corpus(path: string, only: string | undefined, sampleSize: number, seed: number): Promise<number> {
  const next = seededRandom(seed)
  const byRule = new Map<string, { category: string; replies: number }>()
  const byCategory = new Map<string, number>()
  const samples = new Map<string, string[]>()
  const seen = new Map<string, number>()
  let replies = 0
  const started = Date.now()
  for await (const { value } of readJsonl(path)) {
    const text = value.text as string
    replies++
    const messages = ownership(check(text).messages)
    const categoriesHit = new Set<string>()
    const rulesHit = new Set<string>()
    for (const message of messages) {
      for (const family of familiesOf(message)) categoriesHit.add(family)
      rulesHit.add(message.ruleId)
      if (!byRule.has(message.ruleId)) byRule.set(message.ruleId, { category: message.category, replies: 0 })
    }
    for (const rule of rulesHit) byRule.get(rule)!.replies++
    for (const category of categoriesHit) {
      byCategory.set(category, (byCategory.get(category) ?? 0) + 1)
      if (only && only !== category) continue
      // Reservoir sampling: every hit has the same chance to be shown.
      const count = (seen.get(category) ?? 0) + 1
      seen.set(category, count)
      const list = samples.get(category) ?? []
      const hits = messages.filter((message) => familiesOf(message).includes(category))
      let shown = text
      for (const hit of [...hits].sort((a, b) => b.offset - a.offset)) {
        shown = `${shown.slice(0, hit.offset)}[[${shown.slice(hit.offset, hit.endOffset)}]]${shown.slice(hit.endOffset)}`
      }
      const entry = `  (${hits.map((hit) => hit.ruleId).join(', ')}) ${shown.replace(/\s+/g, ' ')}`
      if (list.length < sampleSize) list.push(entry)
      else {
        const slot = Math.floor(next() * count)
        if (slot < sampleSize) list[slot] = entry
      }
      samples.set(category, list)
    }
  }
  const seconds = (Date.now() - started) / 1000
  const out: string[] = [`${path}: ${replies} replies in ${seconds.toFixed(1)} s\n`, '| category | replies flagged | rate |', '| --- | ---: | ---: |']
  for (const family of families) {
    if (only && only !== family) continue
    const count = byCategory.get(family) ?? 0
    out.push(`| ${family} | ${count} | ${((100 * count) / Math.max(1, replies)).toFixed(2)}% |`)
  }
  out.push('\n| rule | category | replies | rate |', '| --- | --- | ---: | ---: |')
  for (const [rule, { category, replies: count }] of [...byRule].sort((a, b) => b[1].replies - a[1].replies)) {
    if (only && only !== category) continue
    out.push(`| ${rule} | ${category} | ${count} | ${((100 * count) / Math.max(1, replies)).toFixed(3)}% |`)
  }
  for (const family of families) {
    if (only && only !== family) continue
    const list = samples.get(family)
    if (!list) continue
    out.push(`\nSample of ${family} hits (${list.length} of ${byCategory.get(family) ?? 0}):`)
    pushAll(out, list)
  }
  process.stdout.write(out.join('\n') + '\n')
  return 0
}

async function run(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        corpus: { type: 'string' },
        category: { type: 'string' },
        sample: { type: 'string', default: '20' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (error) {
    process.stderr.write(`ownit eval: ${(error as Error).message}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(
      'Usage: npm run eval -- [file.jsonl] [--category C] [--json]\n       npm run eval -- --corpus file.jsonl [--category C] [--sample N] [--seed S]\n'
    )
    return 0
  }
  if (values.category && !families.includes(values.category as Category)) {
    process.stderr.write(`ownit eval: --category: expected one of ${families.join(', ')}, not “${values.category}”\n`)
    return 2
  }
  for (const name of ['sample', 'seed'] as const) {
    if (!/^\d+$/.test(values[name])) {
      process.stderr.write(`ownit eval: --${name}: expected a whole number, not “${values[name]}”\n`)
      return 2
    }
  }
  const path = values.corpus ?? positionals[0] ?? defaultSet
  if (!existsSync(path)) {
    process.stderr.write(`ownit eval: ${path}: no such file\n`)
    return 2
  }
  try {
    if (values.corpus) return await corpus(path, values.category, Number(values.sample), Number(values.seed))
    return await evaluate(path, values.category, values.json)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // A folder or an unreadable file fails when the stream opens or reads it.
    process.stderr.write(`ownit eval: ${code ? `${path}: cannot read (${describeFsError(error)})` : (error as Error).message}\n`)
    return 2
  }
}

run().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`ownit eval: ${error instanceof PackError ? error.message : String(error)}\n`)
    process.exitCode = 2
  }
)
