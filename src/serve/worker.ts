/** A worker thread of `ownit serve`: reads the config once, then checks or fixes one text at a time. */
import { parentPort, workerData } from 'node:worker_threads'
import { prepareCommon, runTask, type TaskData } from './task.js'

const data = workerData as TaskData
// Compile before the first task, not during it: tasks sent meanwhile wait in the port.
prepareCommon(data)
parentPort!.postMessage({ ready: true })
parentPort!.on('message', (message: { id: number; task: Parameters<typeof runTask>[1] }) => {
  parentPort!.postMessage({ id: message.id, outcome: runTask(data, message.task) })
})
