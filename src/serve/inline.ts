/**
 * Which checks the server runs on its own thread instead of in the worker pool. A short
 * reply with options the main thread has already compiled is checked in well under a
 * millisecond, less than the hand-off to a worker costs (a structured clone each way and a
 * wake-up of another thread competing for the same cores). Anything long, and any set of
 * options that would need its own compile, still goes to a worker, so no request can hold
 * the event loop (and /healthz) for more than a few milliseconds.
 */
import { runTask, type Outcome, type RequestOptions, type Task, type TaskData } from './task.js'

/** The option sets compiled on the main thread when the server starts: what most requests send. */
const preparedOptions: readonly RequestOptions[] = [{}, { spelling: false }, { spelling: true }]

export class InlineChecker {
  private readonly prepared = new Set<string>()

  /**
   * @param data the config, as the workers get it
   * @param maxLength longest text (in UTF-16 code units) checked inline; 0 sends every check to the workers
   */
  constructor(
    private readonly data: TaskData,
    readonly maxLength: number
  ) {}

  /** Compile the common option sets on this thread (once, before the server listens). */
  prepare(): void {
    if (this.maxLength <= 0) return
    for (const options of preparedOptions) {
      const outcome = runTask(this.data, { kind: 'check', text: 'Thanks for waiting.', options })
      // A config that does not load stays the workers' to report (500 with its reason).
      if (outcome.ok) this.prepared.add(keyOf(options)!)
    }
  }

  /** The outcome, if this task is short and its options are compiled here; else undefined (use a worker). */
  run(task: Task): Outcome | undefined {
    const key = keyOf(task.options)
    if (task.text.length > this.maxLength || key === undefined || !this.prepared.has(key)) return undefined
    return runTask(this.data, task)
  }
}

/** The key of the option sets that can be prepared: none, or only `spelling`. Others: undefined. */
function keyOf(options: RequestOptions): string | undefined {
  const keys = Object.keys(options)
  if (keys.length === 0) return '{}'
  if (keys.length === 1 && keys[0] === 'spelling') return `{"spelling":${String(options.spelling)}}`
  return undefined
}
