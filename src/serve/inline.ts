/**
 * Which checks the server runs on its own thread instead of in the worker pool. A short
 * reply with options the main thread has already compiled is checked in about a
 * millisecond, less than the hand-off to a worker costs (a structured clone each way and a
 * wake-up of another thread competing for the same cores). Anything long, and any set of
 * options that would need its own compile, still goes to a worker, so no request can hold
 * the event loop (and /healthz) for more than a few milliseconds.
 */
import { performance } from 'node:perf_hooks'
import { prepareCommon, runTask, type Outcome, type RequestOptions, type Task, type TaskData } from './task.js'

/** How often the main thread's busyness is measured, and above what share of the time it counts as busy. */
const busyWindow = 50
const busyShare = 0.5

export class InlineChecker {
  private readonly prepared = new Set<string>()
  private utilization = performance.eventLoopUtilization()
  private measuredAt = performance.now()
  private busy = false

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
    // A config that does not load stays the workers' to report (500 with its reason).
    for (const options of prepareCommon(this.data)) this.prepared.add(keyOf(options)!)
  }

  /**
   * The outcome, if this task is short and its options are compiled here; else undefined
   * (use a worker). When the main thread has been busy more than half of the last 50 ms
   * and a worker is free, short checks go to the worker too, so that both cores work.
   */
  run(task: Task, workerFree = false): Outcome | undefined {
    const key = keyOf(task.options)
    if (task.text.length > this.maxLength || key === undefined || !this.prepared.has(key)) return undefined
    if (workerFree && this.isBusy()) return undefined
    return runTask(this.data, task)
  }

  private isBusy(): boolean {
    const now = performance.now()
    if (now - this.measuredAt >= busyWindow) {
      const current = performance.eventLoopUtilization()
      this.busy = performance.eventLoopUtilization(current, this.utilization).utilization > busyShare
      this.utilization = current
      this.measuredAt = now
    }
    return this.busy
  }
}

/** The key of the option sets that can be prepared: none, or only `spelling`. Others: undefined. */
function keyOf(options: RequestOptions): string | undefined {
  const keys = Object.keys(options)
  if (keys.length === 0) return '{}'
  if (keys.length === 1 && keys[0] === 'spelling') return `{"spelling":${String(options.spelling)}}`
  return undefined
}
