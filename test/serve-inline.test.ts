import { afterAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { check } from '../dist/index.js'
import { buildServer } from '../dist/serve/app.js'
import { InlineChecker } from '../dist/serve/inline.js'
import { CheckPool } from '../dist/serve/pool.js'
import { runTask } from '../dist/serve/task.js'

const reply = "I'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item. Corporate sets the policy, not me. Recieved your ticket."
const json = { 'content-type': 'application/json' }
const data = { configPath: undefined, cwd: process.cwd() }

const apps: FastifyInstance[] = []
afterAll(async () => {
  await Promise.all(apps.map((server) => server.close()))
})

describe('checks on the main thread', () => {
  test('only short texts whose options were compiled at start run inline', () => {
    const inline = new InlineChecker(data, 2048)
    const task = { kind: 'check' as const, text: reply, options: {} }
    // Nothing is compiled here before prepare(): every check goes to a worker.
    expect(inline.run(task)).toBeUndefined()
    inline.prepare()
    expect(inline.run(task)).toEqual({ ok: true, result: check(reply) })
    expect(inline.run({ ...task, options: { spelling: false } })).toEqual({ ok: true, result: check(reply, { spelling: false }) })
    expect(inline.run({ ...task, options: { spelling: true } })).toEqual(runTask(data, { ...task, options: { spelling: true } }))
    expect(inline.run({ ...task, kind: 'fix' })).toEqual(runTask(data, { ...task, kind: 'fix' }))
    // Too long, or options that may need their own compile: a worker's.
    expect(inline.run({ ...task, text: 'a'.repeat(2049) })).toBeUndefined()
    expect(inline.run({ ...task, options: { categories: ['blame-shifting'] } })).toBeUndefined()
    expect(inline.run({ ...task, options: { spelling: false, allow: ['not my fault'] } })).toBeUndefined()
    expect(inline.run({ ...task, options: { words: ['Recieved'] } })).toBeUndefined()
  })

  test('a main thread that has been busy hands short checks to a free worker, and takes them back when idle', async () => {
    const inline = new InlineChecker(data, 2048)
    inline.prepare()
    const task = { kind: 'check' as const, text: reply, options: {} }
    const until = performance.now() + 120
    while (performance.now() < until) {
      // Busy, as under a burst of requests.
    }
    expect(inline.run(task, true)).toBeUndefined()
    // No worker free: the main thread checks it anyway rather than queue it.
    expect(inline.run(task, false)).toEqual({ ok: true, result: check(reply) })
    // Idle again (on a loaded machine the next 50 ms window may still count as busy: poll).
    let outcome
    for (let tries = 0; tries < 40 && !outcome; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      outcome = inline.run(task, true)
    }
    expect(outcome).toEqual({ ok: true, result: check(reply) })
  })

  test('a worker counts as free only once it has compiled the common options, and while it has no task', async () => {
    const pool = new CheckPool({ file: new URL('../dist/serve/worker.js', import.meta.url), size: 1, data, timeout: 30_000, maxQueue: 4 })
    expect(pool.free).toBe(false)
    const started = performance.now()
    while (!pool.free && performance.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(pool.free).toBe(true)
    const running = pool.run({ kind: 'check', text: reply, options: {} })
    expect(pool.free).toBe(false)
    expect(await running).toEqual({ ok: true, result: check(reply) })
    expect(pool.free).toBe(true)
    await pool.close()
  }, 30_000)

  test('inline length 0: every check goes to a worker', () => {
    const inline = new InlineChecker(data, 0)
    inline.prepare()
    expect(inline.run({ kind: 'check', text: 'hi', options: {} })).toBeUndefined()
  })

  // The same requests through a server that checks short texts inline and one that sends
  // every check to a worker: the responses must be the same, byte for byte.
  const requests: Array<[string, string, Record<string, unknown>]> = [
    ['check', '/v1/check', { text: reply }],
    ['check, spelling off', '/v1/check', { text: reply, spelling: false }],
    ['check, spelling on', '/v1/check', { spelling: true, text: reply }],
    ['check, categories (a worker either way)', '/v1/check', { text: reply, categories: ['blame-shifting'] }],
    ['check, an empty text', '/v1/check', { text: '' }],
    ['check, no message', '/v1/check', { text: 'Thanks for your patience, I have sent the replacement today.' }],
    ['check, just over the inline length', '/v1/check', { text: `${reply} `.repeat(20).slice(0, 2049) }],
    ['check, a broken allow pattern', '/v1/check', { text: reply, allow: ['(a|b'] }],
    ['fix', '/v1/fix', { text: reply }],
    ['fix, spelling off', '/v1/fix', { text: 'Corporate sets the policy, not me.', spelling: false }]
  ]
  test.for(requests)('same response inline and in a worker: %s', async ([, url, payload]) => {
    const inline = buildServer({ logLevel: 'silent', jobs: 1 })
    const workers = buildServer({ logLevel: 'silent', jobs: 1, inlineLength: 0 })
    apps.push(inline, workers)
    const [a, b] = await Promise.all([inline.inject({ method: 'POST', url, headers: json, payload }), workers.inject({ method: 'POST', url, headers: json, payload })])
    expect(a.statusCode).toBe(b.statusCode)
    expect(a.headers['content-type']).toBe(b.headers['content-type'])
    expect(a.body).toBe(b.body)
  })
})
