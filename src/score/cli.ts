/**
 * `ownit score`: argv → run → exit code. Reads transcripts, prints a report, and exits 0
 * when every record was scored, 1 when a conversation scored below `--fail-under`, 2 for
 * usage, config or input problems (including records skipped as unreadable).
 */
import { statSync, writeSync } from 'node:fs'
import yargs from 'yargs'
import { parseSubcommand } from '../command/subcommand.js'
import { afterDashes, describeWriteError, emptyFlag, emptyNumberFlag, notThat, openReplacing, stdinToken, writeAllSync, type ReplacingFile } from '../command/io.js'
import { usableCores } from '../cores.js'
import type { Io } from '../cli.js'
import { ConfigFinder } from '../config/find.js'
import { ConfigError, readConfig, type Config } from '../config/load.js'
import { PackError, loadBuiltinRuleset, readPack } from '../pack/load.js'
import { verifyExamples } from '../pack/verify.js'
import { maxAgents } from '../limits.js'
import { Aggregator } from './aggregate.js'
import { createScorer, type Scorer, type ScorerOptions } from './conversation.js'
import { loadBuiltinScoring } from './builtin.js'
import { readPractices } from './practices.js'
import { agentCsv, conversationCsvHeader } from './report/csv.js'
import { htmlReport } from './report/html.js'
import { jsonEnd, jsonStart } from './report/json.js'
import { agentTable, conversationHeader } from './report/table.js'
import { printable } from '../printable.js'
import { expandTranscripts, inputBytes, inputFormats, stdinInput, stdinName, type InputFormat } from './input/source.js'
import { runScore, startWorkers, StrictStop, type RunOptions } from './run.js'
import { explainScore } from './score.js'
import { defaultSpeakers, type Skipped } from './types.js'
import { readWeights } from './weights.js'

/** The I/O of the score command: the lint CLI's, plus whether stderr is a terminal and the clock. */
export interface ScoreIo extends Io {
  stderrIsTTY?: boolean | undefined
  now?: (() => Date) | undefined
  /** Standard input, streamed, for the input `-` (default: `process.stdin`). */
  stdinChunks?: (() => AsyncIterable<Uint8Array>) | undefined
}

const formats = ['table', 'json', 'csv', 'html'] as const

/** The report file could not be written (a full disk, say): the run stops, exit 2. */
class ReportWriteError extends Error {}

type Format = (typeof formats)[number]

/** A repeatable flag's values: none, one, or each given. */
function many(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]
}

/** Run `ownit score` with the arguments after `score`; resolves to the exit code. */
export async function mainScore(args: readonly string[], io: ScoreIo): Promise<number> {
  // yargs drops a lone `-`: a token stands in for it until the files are read back.
  args = args.map((arg) => (arg === stdinInput ? stdinToken : arg))
  const parser = yargs([...args])
    .scriptName('ownit score')
    .usage('ownit score <files or folders…>\n\nScore support conversations for trainers: ownership language and the practices of good service, per conversation and per agent, with the evidence quoted.')
    .command('$0 [files..]', false)
    .positional('files', { describe: 'transcripts: .txt (speaker labels), .json, .jsonl, .csv, folders of them, or - for standard input', type: 'string', array: true })
    .option('format', { alias: 'f', choices: formats, default: 'table' as Format, describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file, put in place when the run is done (- for stdout)' })
    .option('by', { choices: ['conversation', 'agent'] as const, default: 'conversation' as const, describe: 'table and csv: one row per conversation (then agents), or per agent only' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'threads scoring, at most one per core (default: one per core for inputs of 8 MB or more, else 1)' })
    .option('strict', { type: 'boolean', default: false, describe: 'stop at the first record that cannot be read' })
    .option('fail-under', { type: 'number', describe: 'exit 1 when any conversation scores below this' })
    .option('explain-score', { type: 'boolean', default: false, describe: 'print how the score is computed, and exit' })
    // Repeatable, one value each (not `array`, which would take the files after it too).
    .option('agent-label', { type: 'string', requiresArg: true, describe: 'an extra speaker label or role that means the agent (repeatable)' })
    .option('customer-label', { type: 'string', requiresArg: true, describe: 'an extra speaker label or role that means the customer (repeatable)' })
    .option('input-format', { choices: ['auto', ...inputFormats], default: 'auto', describe: 'read every input as this; auto: by extension, and standard input or other extensions by their first line' })
    .option('csv-conversation', { type: 'string', describe: 'CSV column of the conversation id (default: conversation_id, ticket_id, …)' })
    .option('csv-speaker', { type: 'string', describe: 'CSV column of the speaker name (default: speaker, author, …)' })
    .option('csv-role', { type: 'string', describe: 'CSV column of the role, agent or customer (default: role, …)' })
    .option('csv-agent', { type: 'string', describe: 'CSV column of the agent id (default: agent_id, agent, …)' })
    .option('csv-text', { type: 'string', describe: 'CSV column of the text (default: text, message, body, …)' })
    .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: "use this config file's rules, categories, packs, allowed phrases and speakers (default: the one for the working directory; --no-config: none)" })
    .option('pack', { type: 'string', requiresArg: true, describe: 'an extra rule pack (YAML) to lint with (repeatable)' })
    .option('builtin', { type: 'boolean', default: true, describe: 'use the bundled rule packs (--no-builtin: only the --pack ones)' })
    .option('practices', { type: 'string', describe: 'practices file (default: rules/practices.yml)' })
    .option('weights', { type: 'string', describe: 'score weights file (default: rules/score.yml)' })
    .option('progress', { type: 'boolean', describe: 'show progress on stderr (default: when stderr is a terminal)' })
    .example('ownit score transcripts/', 'a table: one row per conversation, then per agent')
    .example('ownit score chats.jsonl --format json > scores.json', 'the JSON other programs read')
    .example('ownit score export.csv --format csv --by agent', 'one CSV row per agent')
    .example('ownit score transcripts/ --format html -o report.html', 'a self-contained report to forward')
    .example('unzip -p export.zip chats.jsonl | ownit score - --jobs 2', 'standard input (its format found from its first line)')
    .epilogue('Exit codes: 0 every record scored, 1 a conversation below --fail-under, 2 usage, config or input errors (including records skipped as unreadable: the report is still written).')
  const argv = await parseSubcommand(parser, args, io, 'score', ['agent-label', 'customer-label', 'pack'])
  if (typeof argv === 'number') return argv
  const empty =
    emptyFlag(argv, ['output', 'config', 'practices', 'weights', 'pack', 'agent-label', 'customer-label', 'csv-conversation', 'csv-speaker', 'csv-role', 'csv-agent', 'csv-text']) ??
    emptyNumberFlag(args, { jobs: ['-j'], 'fail-under': [] })
  if (empty) {
    io.stderr(`ownit score: ${empty}\n`)
    return 2
  }

  // The team's config, as `ownit` and `ownit serve` read it: the one for the working
  // directory (one for the whole run), or --config's.
  let config: Config | undefined
  try {
    if (typeof argv.config === 'string') {
      config = readConfig(argv.config, process.cwd())
      if (!config) throw new ConfigError(`${argv.config}: no "ownit" field in this package.json`)
    } else if (argv.config !== false) config = new ConfigFinder(process.cwd()).forFolder('.')
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof PackError)) throw error
    io.stderr(printable(`ownit: ${error.message}`) + '\n')
    return 2
  }

  const speakers = {
    agent: [...defaultSpeakers.agent, ...(config?.speakers.agent ?? []), ...many(argv['agent-label'])],
    customer: [...defaultSpeakers.customer, ...(config?.speakers.customer ?? []), ...many(argv['customer-label'])]
  }
  let scorerOptions: ScorerOptions & Required<Pick<ScorerOptions, 'practices' | 'weights'>>
  try {
    const shared = loadBuiltinRuleset().shared
    const practicesPath = argv.practices as string | undefined
    const weightsPath = argv.weights as string | undefined
    // The bundled ones come validated from the build (builtin.ts); weights are checked against the practices they weigh.
    const bundled = practicesPath ? undefined : loadBuiltinScoring(shared)
    const practices = bundled?.practices ?? readPractices(practicesPath, shared, practicesPath)
    const weights = weightsPath ? readWeights(practices.practices, weightsPath, weightsPath) : (bundled?.weights ?? readWeights(practices.practices))
    const packs = many(argv.pack)
    // Each pack's examples must hold (the threads then read the packs again, unchecked).
    for (const pack of packs) readPack(pack, shared, pack, verifyExamples)
    scorerOptions = {
      packs: [...(config?.packs ?? []), ...packs],
      builtin: argv.builtin as boolean,
      practices,
      weights,
      ...(config && Object.keys(config.rules).length > 0 ? { rules: config.rules } : {}),
      ...(config?.categories ? { categories: config.categories } : {}),
      ...(config && config.allow.length > 0 ? { allow: config.allow } : {})
    }
  } catch (error) {
    if (error instanceof PackError) {
      io.stderr(printable(`ownit: ${error.message}`) + '\n')
      return 2
    }
    throw error
  }
  /** The scorer of this thread, which also checks the packs; undefined (exit 2) when one is broken. */
  const buildScorer = (): Scorer | undefined => {
    try {
      return createScorer(scorerOptions)
    } catch (error) {
      if (!(error instanceof PackError)) throw error
      io.stderr(printable(`ownit: ${error.message}`) + '\n')
      return undefined
    }
  }
  if (argv['explain-score']) {
    if (!buildScorer()) return 2
    io.stdout(explainScore(scorerOptions.weights, scorerOptions.practices.practices) + '\n')
    return 0
  }
  const inputs = [...((argv.files as string[] | undefined) ?? []), ...afterDashes(args)].map((input) => (input === stdinToken ? stdinInput : input))
  if (inputs.length === 0) {
    io.stderr('ownit score: no input: give transcript files or folders, or - for standard input\nTry ownit score --help\n')
    return 2
  }
  if (inputs.filter((input) => input === stdinInput).length > 1) {
    io.stderr('ownit score: - (standard input) can be given only once\nTry ownit score --help\n')
    return 2
  }
  const inputFormat = argv['input-format'] === 'auto' ? undefined : (argv['input-format'] as InputFormat)
  // Folders are walked once: for the default --jobs (the input's size) and to read them.
  const transcripts = expandTranscripts(inputs)
  // The report must not replace a transcript, which would be gone for the next run.
  // `-o -` is standard output, as for the inputs (yargs saw the token that stands for it).
  const outputPath = argv.output === stdinToken || argv.output === '-' ? undefined : (argv.output as string | undefined)
  const isOutput = outputPath === undefined ? undefined : sameFileAs(outputPath)
  if (isOutput) {
    const named = inputs.find((input) => input !== stdinInput && isOutput(input))
    if (named !== undefined) {
      io.stderr(`ownit score: --output ${outputPath} is also an input (${named}): the report would replace it; write the report elsewhere\n`)
      return 2
    }
    // Found in a folder given as input, it is an earlier run's report: not a transcript.
    transcripts.files = transcripts.files.filter((file) => file === stdinInput || !isOutput(file))
  }
  const cores = usableCores()
  let jobs = (argv.jobs as number | undefined) ?? defaultJobs(transcripts.files, cores)
  if (!Number.isInteger(jobs) || jobs < 1) {
    io.stderr(`ownit score: --jobs: expected a whole number of at least 1, ${notThat(jobs)}\n`)
    return 2
  }
  // More threads than cores only share them: each starts cold and compiles the same code
  // (50 threads on 2 cores scored 5,000 conversations ten times slower, in 1.8 GB).
  if (jobs > cores) {
    io.stderr(`ownit score: --jobs ${jobs}: scoring with ${cores} thread${cores === 1 ? '' : 's'}, one per core this process may use\n`)
    jobs = cores
  }

  const format = argv.format as Format
  const by = argv.by as 'conversation' | 'agent'
  const failUnder = argv['fail-under'] as number | undefined
  if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100)) {
    io.stderr(`ownit score: --fail-under: expected a score from 0 to 100, ${notThat(failUnder)}\n`)
    return 2
  }
  const runOptions: RunOptions = {
    speakers,
    csv: csvColumns(argv),
    format: inputFormat,
    stdin: io.stdinChunks,
    scorer: scorerOptions,
    jobs,
    strict: argv.strict as boolean,
    // Worker threads make each conversation's part of the report and add up their part of
    // the summaries: no result is sent back, only text and the parts.
    rows: format === 'json' || (by === 'conversation' && (format === 'table' || format === 'csv')) ? format : undefined,
    aggregate: { failUnder }
  }
  // With more than a batch or two to score, the worker threads start now: they load while
  // this thread checks the packs and opens the report (about a tenth of a second). More
  // than one job by default already means an input of several megabytes.
  const eager = jobs > 1 && (argv.jobs === undefined || inputBytes(transcripts.files, eagerBytes) >= eagerBytes)
  const workers = eager ? startWorkers(runOptions) : undefined
  const scorer = buildScorer()
  if (!scorer) {
    await workers?.close()
    return 2
  }

  // The report goes to stdout, written as results arrive, or to a file beside `-o`'s,
  // renamed over it once the run is done: a run that stops partway leaves an earlier
  // report as it was, never half of a new one.
  let out: ReplacingFile | undefined
  let fd: number | undefined
  if (outputPath) {
    try {
      out = openReplacing(outputPath)
      fd = out.fd
    } catch (error) {
      await workers?.close()
      io.stderr(`ownit score: ${outputPath}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`)
      return 2
    }
  }
  // Written in chunks of about 256 KB: a write per conversation made the syscalls alone a
  // fifth of the main thread's time with --jobs 2.
  // The report's conversations (JSON objects, table or CSV rows) come as UTF-8 bytes, made by the worker threads.
  let chunk: Array<string | Uint8Array> = []
  let chunkLength = 0
  const flush = (): void => {
    if (chunk.length === 0) return
    const parts = chunk
    chunk = []
    chunkLength = 0
    if (parts.every((part) => typeof part === 'string')) {
      const text = parts.join('')
      if (fd === undefined) io.stdout(text)
      else writeSync(fd, text)
      return
    }
    const buffers = parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))
    if (fd === undefined) io.stdout(Buffer.concat(buffers).toString('utf8'))
    // Written as they are: joining them first copied the whole report once more, into
    // fresh memory (a third of the page faults of a JSON report with --jobs 2).
    else writeAllSync(fd, buffers)
  }
  /**
   * Write what is waiting (and with `close`, put the report file in place); a report file
   * that cannot take it stops the run with a ReportWriteError.
   */
  const flushOrStop = (close = false): void => {
    try {
      flush()
      if (close && out) {
        fd = undefined
        out.commit()
      }
    } catch (error) {
      if (outputPath === undefined || !(error as NodeJS.ErrnoException).code) throw error
      throw new ReportWriteError(`${outputPath}: cannot write the report (${describeWriteError(error)})`)
    }
  }
  /** The run's end when the report cannot be written: one line, exit 2. */
  const writeFailed = (error: ReportWriteError): number => {
    out?.discard()
    fd = undefined
    io.stderr(printable(`ownit score: ${error.message}`) + '\n')
    return 2
  }
  const write = (part: string | Uint8Array): void => {
    chunk.push(part)
    chunkLength += part.length
    if (chunkLength >= 1 << 18) flushOrStop()
  }

  const practices = scorer.practices.practices
  const aggregator = new Aggregator()
  const showProgress = (argv.progress as boolean | undefined) ?? Boolean(io.stderrIsTTY)
  const now = io.now ?? (() => new Date())
  const started = now().getTime()
  let lastProgress = started
  let progressShown = false
  let below = 0
  let first = true
  const progress = (conversations: number, turns: number): void => {
    if (!showProgress) return
    const time = now().getTime()
    if (time - lastProgress < 250) return
    lastProgress = time
    progressShown = true
    const rate = Math.round(turns / Math.max(0.001, (time - started) / 1000))
    io.stderr(`\rownit score: ${conversations.toLocaleString('en')} conversations, ${turns.toLocaleString('en')} turns (${rate.toLocaleString('en')} turns/s)  `)
  }
  const report = (skipped: Skipped): void => {
    if (progressShown) io.stderr('\r\x1b[K')
    // Paths, ids and speakers come from the data: printed with their control characters shown, not run (JSON, CSV and HTML keep them as they are).
    io.stderr(printable(`ownit score: ${skipped.path}${skipped.line ? `:${skipped.line}` : ''}: skipped: ${skipped.reason}`) + '\n')
  }

  // Notes on text that is not scored (a transcript's header): the first few in full, then
  // one line with how many more; an export with a header on every file says so once.
  let notes = 0
  const note = (found: Skipped): void => {
    if (++notes > shownNotes) return
    if (progressShown) io.stderr('\r\x1b[K')
    io.stderr(printable(`ownit score: ${found.path}:${found.line}: note: ${found.reason}`) + '\n')
  }

  if (format === 'table' && by === 'conversation') write(conversationHeader())
  if (format === 'csv' && by === 'conversation') write(conversationCsvHeader(practices))
  if (format === 'json') write(jsonStart())
  try {
    await runScore(
      transcripts,
      { ...runOptions, workers },
      {
        partial(partial) {
          aggregator.merge(partial)
        },
        below(count) {
          below += count
        },
        result(result, ordinal) {
          aggregator.add(result, ordinal)
          if (failUnder !== undefined && result.score < failUnder) below++
        },
        text(bytes) {
          if (format === 'json' && !first) write(',\n')
          write(bytes)
          first = false
        },
        skipped(skipped) {
          aggregator.skip(skipped)
          report(skipped)
        },
        note,
        progress
      },
      scorer
    )
  } catch (error) {
    if (progressShown) io.stderr('\r\x1b[K')
    if (error instanceof ReportWriteError) return writeFailed(error)
    // A report file is written whole or not at all: an earlier one stays as it was. On
    // standard output, written as the run went, what was scored before the stop follows
    // what has gone out already.
    if (out) out.discard()
    else flush()
    if (error instanceof StrictStop) {
      io.stderr(printable(`ownit score: ${error.message} (--strict: stopped${outputPath ? `; no report written to ${outputPath}` : ''})`) + '\n')
      return 2
    }
    if (error instanceof PackError) {
      io.stderr(printable(`ownit: ${error.message}`) + '\n')
      return 2
    }
    throw error
  }
  if (progressShown) io.stderr('\r\x1b[K')

  const summary = aggregator.summary()
  try {
    if (format === 'table') {
      if (by === 'conversation') write('\n')
      write(agentTable(summary, practices))
    } else if (format === 'csv' && by === 'agent') write(agentCsv(summary, practices))
    else if (format === 'json') write(jsonEnd(summary, scorer.weights))
    else if (format === 'html') {
      write(
        htmlReport({
          summary,
          practices,
          explanation: explainScore(scorer.weights, practices),
          title: `${inputs.map((input) => (input === stdinInput ? stdinName : input)).join(', ')} — ${summary.overall.conversations} conversation${summary.overall.conversations === 1 ? '' : 's'}`,
          generated: now().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
        })
      )
    }
    flushOrStop(true)
  } catch (error) {
    if (error instanceof ReportWriteError) return writeFailed(error)
    out?.discard()
    throw error
  }

  // The report has gone out (or failed, and said so) before the line that says it was written.
  await io.flushed?.()
  const seconds = (now().getTime() - started) / 1000
  const skippedCount = aggregator.skipped
  // The report's own counts: a conversation skipped (no agent turn, say) counts no turns.
  const { conversations, turns } = summary.overall
  io.stderr(
    `ownit score: ${conversations} conversation${conversations === 1 ? '' : 's'} (${turns} turn${turns === 1 ? '' : 's'}) scored in ${seconds.toFixed(1)} s` +
      (skippedCount > 0 ? `; ${skippedCount} record${skippedCount === 1 ? '' : 's'} skipped (see above)` : '') +
      (outputPath ? `; report written to ${outputPath}` : '') +
      '\n'
  )
  if (notes > shownNotes) {
    const more = notes - shownNotes
    io.stderr(`ownit score: note: ${more.toLocaleString('en')} more transcript${more === 1 ? ' has' : 's have'} text before the first speaker label, not scored (a header, most likely)\n`)
  }
  // As many agents as conversations, in a large input, is most likely a ticket or chat id
  // read as the agent: the report by agent says nothing then, and each agent costs memory.
  const agents = summary.agents.length
  if (summary.tooManyAgents) {
    io.stderr(`ownit score: note: more than ${maxAgents.toLocaleString('en')} agents, so the report has no summary by agent (the overall one and every conversation are there); is the agent's id read from the right field (--csv-agent, or "agent" in JSON)?\n`)
  } else if (agents >= manyAgents && agents * 2 >= conversations) {
    io.stderr(`ownit score: note: ${agents.toLocaleString('en')} agents for ${conversations.toLocaleString('en')} conversations; is the agent's id read from the right field (--csv-agent, or "agent" in JSON)?\n`)
  }
  if (skippedCount > 0) return 2
  return below > 0 ? 1 : 0
}

/** Notes on unscored text printed in full; the rest are counted (see `note`). */
const shownNotes = 3

/** From this many agents, one or two conversations each is worth a note (see above). */
const manyAgents = 1000

/**
 * One thread per core, unless the input is small (standard input counts only when it is a
 * file: a pipe's size is not known). Each worker thread starts cold: it loads
 * the modules and V8 compiles the hot code anew, which takes it most of a second to reach
 * full speed; below about 6 MB of transcripts (some 10,000 conversations) two threads
 * were no faster than one on a 2-core machine. With more cores the start pays off sooner.
 */
export function defaultJobs(files: readonly string[], cores: number): number {
  if (cores <= 1) return 1
  const enough = (parallelBytesPerCore * cores) / (cores - 1)
  return inputBytes(files, enough) >= enough ? cores : 1
}

/** Inputs of at least this size (two batches) have their worker threads started ahead. */
const eagerBytes = 512 * 1024

/** With n cores, inputs of at least this × n / (n − 1) bytes are scored on every core. */
const parallelBytesPerCore = 4 * 1024 * 1024

function csvColumns(argv: Record<string, unknown>) {
  return {
    conversation: argv['csv-conversation'] as string | undefined,
    speaker: argv['csv-speaker'] as string | undefined,
    role: argv['csv-role'] as string | undefined,
    agent: argv['csv-agent'] as string | undefined,
    text: argv['csv-text'] as string | undefined
  }
}

/**
 * Whether a path names the same file as `path` (the same device and inode, through links
 * and other spellings); undefined when `path` names no file yet, which nothing can be.
 */
function sameFileAs(path: string): ((other: string) => boolean) | undefined {
  let target: ReturnType<typeof statSync>
  try {
    target = statSync(path)
  } catch {
    return undefined
  }
  if (!target?.isFile()) return undefined
  return (other) => {
    try {
      const stats = statSync(other)
      return stats.dev === target.dev && stats.ino === target.ino
    } catch {
      return false
    }
  }
}
