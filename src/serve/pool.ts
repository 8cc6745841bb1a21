/**
 * A fixed pool of worker threads for the checks, so a long text never blocks the event
 * loop (and /healthz). Tasks wait in a bounded queue; a task that runs past its time
 * limit has its worker terminated and replaced.
 */
import { Worker } from 'node:worker_threads'
import type { Outcome, Task, TaskData } from './task.js'

export interface PoolOptions {
  /** The worker script. */
  file: URL | string
  size: number
  data: TaskData
  /** Milliseconds a task may run before its worker is replaced. */
  timeout: number
  /** Tasks that may wait for a worker; more are refused. */
  maxQueue: number
}

/** Why a task was not run to the end: the pool is full, the task timed out, or the pool closed. */
export class PoolError extends Error {
  constructor(message: string, readonly reason: 'busy' | 'timeout' | 'closed' | 'crashed') {
    super(message)
    this.name = 'PoolError'
  }
}

interface Pending {
  task: Task
  resolve: (outcome: Outcome) => void
  reject: (error: PoolError) => void
}

interface Slot {
  worker: Worker
  /** It has compiled the common option sets (see worker.ts). */
  ready: boolean
  job: (Pending & { id: number; timer: NodeJS.Timeout }) | undefined
}

export class CheckPool {
  private readonly slots: Slot[] = []
  private readonly queue: Pending[] = []
  private nextId = 0
  private closed = false

  constructor(private readonly options: PoolOptions) {
    for (let index = 0; index < Math.max(1, options.size); index++) this.slots.push(this.spawn())
  }

  /** Whether a task given now would start at once, on a worker that has finished starting. */
  get free(): boolean {
    return this.queue.length === 0 && this.slots.some((slot) => slot.ready && !slot.job)
  }

  /** Tasks running or waiting. */
  get load(): number {
    return this.queue.length + this.slots.filter((slot) => slot.job).length
  }

  run(task: Task): Promise<Outcome> {
    if (this.closed) return Promise.reject(new PoolError('the server is shutting down', 'closed'))
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new PoolError('too many checks waiting; try again shortly', 'busy'))
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ task, resolve, reject })
      this.dispatch()
    })
  }

  /** Refuse new tasks, let the running and waiting ones finish, then stop the workers. */
  async close(): Promise<void> {
    this.closed = true
    while (this.load > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.options.file, { workerData: this.options.data }), ready: false, job: undefined }
    slot.worker.on('message', (message: { id: number; outcome: Outcome } | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true
        return
      }
      const job = slot.job
      if (!job || job.id !== message.id) return
      clearTimeout(job.timer)
      slot.job = undefined
      job.resolve(message.outcome)
      this.dispatch()
    })
    slot.worker.on('error', () => this.replace(slot, new PoolError('the check failed', 'crashed')))
    slot.worker.on('exit', () => {
      if (!this.closed) this.replace(slot, new PoolError('the check failed', 'crashed'))
    })
    // Idle workers must not keep the process alive.
    slot.worker.unref()
    return slot
  }

  private replace(slot: Slot, error: PoolError): void {
    const index = this.slots.indexOf(slot)
    if (index === -1) return
    const job = slot.job
    slot.job = undefined
    slot.worker.removeAllListeners()
    void slot.worker.terminate()
    this.slots[index] = this.spawn()
    if (job) {
      clearTimeout(job.timer)
      job.reject(error)
    }
    this.dispatch()
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue
      const pending = this.queue.shift()
      if (!pending) return
      const id = this.nextId++
      const timer = setTimeout(() => this.replace(slot, new PoolError(`the check took longer than ${this.options.timeout} ms`, 'timeout')), this.options.timeout)
      slot.job = { ...pending, id, timer }
      slot.worker.postMessage({ id, task: pending.task })
    }
  }
}
