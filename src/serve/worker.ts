/** A worker thread of `ownit serve`: reads the config once, then checks or fixes one text at a time. */
import { parentPort, workerData } from 'node:worker_threads'
import { runTask, type TaskData } from './task.js'

const data = workerData as TaskData
parentPort!.on('message', (message: { id: number; task: Parameters<typeof runTask>[1] }) => {
  parentPort!.postMessage({ id: message.id, outcome: runTask(data, message.task) })
})
