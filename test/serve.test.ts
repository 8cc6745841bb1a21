import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { check, fix } from '../dist/index.js'
import { buildServer } from '../dist/serve/app.js'
import { CheckPool } from '../dist/serve/pool.js'
import { readConfig } from '../dist/config/load.js'
import { bin, teamPack, workspace } from './helpers.js'

const reply = "I'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item"
const json = { 'content-type': 'application/json' }

let app: FastifyInstance
const apps: FastifyInstance[] = []

/** A server with `options`, closed after the tests; logs off. */
function serverWith(options: Parameters<typeof buildServer>[0] = {}): FastifyInstance {
  const server = buildServer({ logLevel: 'silent', jobs: 1, version: '9.9.9', ...options })
  apps.push(server)
  return server
}

beforeAll(() => {
  app = serverWith()
})
afterAll(async () => {
  await Promise.all(apps.map((server) => server.close()))
})

describe('routes', () => {
  test('POST /v1/check returns the same messages as the library check()', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: reply } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const body = response.json()
    expect(body).toEqual(check(reply))
    expect(body.messages.map((message: { ruleId: string }) => message.ruleId)).toContain('not-my-fault')
    expect(body.messages.length).toBeGreaterThanOrEqual(3)
    expect(body.ok).toBe(false)
  })

  test('POST /v1/check takes the library options: categories, rules, spelling', async () => {
    const options = { categories: ['blame-shifting'], rules: { 'not-my-fault': 'off' }, spelling: false } as const
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: reply, ...options } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(check(reply, { categories: ['blame-shifting'], rules: { 'not-my-fault': 'off' }, spelling: false }))
    expect(response.json().messages.every((message: { category: string }) => message.category === 'blame-shifting')).toBe(true)
  })

  test('POST /v1/fix applies the safe rewrites and lists what is still flagged', async () => {
    const text = 'Corporate sets the policy, not me.'
    const response = await app.inject({ method: 'POST', url: '/v1/fix', headers: json, payload: { text } })
    expect(response.statusCode).toBe(200)
    const expected = fix(text)
    expect(response.json()).toEqual({ ...expected, messages: check(expected.text).messages })
    expect(response.json().text).not.toBe(text)
  })

  test('POST /v1/check and /v1/fix take type: Markdown and HTML read as the library and the CLI read them', async () => {
    const markdown = "# Refunds\n\nCorporate sets the **policy**. Corporate sets the policy.\n\n```\nIt's not my fault.\n```\n\n<!-- ownit-disable-next-line deflection -->\nThat's not my department, and it's not my fault.\n"
    const html = "<p>Corporate sets the policy.</p><pre>It's not my fault.</pre><!-- ownit-disable-next-line deflecton -->\n<p>That&rsquo;s not my department.</p>"
    for (const [text, type] of [[markdown, 'markdown'], [html, 'html'], [markdown, 'text']] as const) {
      const checked = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, type, spelling: false } })
      expect(checked.statusCode).toBe(200)
      expect(checked.json(), type).toEqual(check(text, { type, spelling: false }))
      const fixed = await app.inject({ method: 'POST', url: '/v1/fix', headers: json, payload: { text, type, spelling: false } })
      const expected = fix(text, { type, spelling: false })
      expect(fixed.json(), type).toEqual({ ...expected, messages: check(expected.text, { type, spelling: false }).messages })
    }
    const ids = (await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: markdown, type: 'markdown', spelling: false } })).json().messages.map((message: { ruleId: string; line: number }) => `${message.line}:${message.ruleId}`)
    expect(ids).toEqual(['3:corporate-sets-policy', '3:corporate-sets-policy', '10:not-my-fault'])
  })

  test("a reply's directives are checked as the library checks them: unknown names reported, unused ones when rules asks", async () => {
    const text = '# ownit-disable-next-line not-my-faul\nThanks for waiting.\n# ownit-disable-next-line not-my-fault\nThanks again.\n'
    for (const rules of [{}, { 'unused-disable-directive': 'error' }, { 'unknown-directive-name': 'off' }] as Array<Record<string, 'error' | 'off'>>) {
      const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, rules, spelling: false } })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual(check(text, { rules, spelling: false }))
    }
    const asked = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, rules: { 'unused-disable-directive': 'error' }, spelling: false } })
    expect(asked.json().messages.map((message: { ruleId: string }) => message.ruleId)).toEqual(['unknown-directive-name', 'unused-disable-directive'])
    expect(asked.json().ok).toBe(false)
  })

  test('a misspelt directive keyword is reported as the library reports it', async () => {
    const text = '# ownit-disabel not-my-fault\nIt is not my fault.\n'
    for (const rules of [{}, { 'unknown-directive': 'error' }, { 'unknown-directive': 'off' }] as Array<Record<string, 'error' | 'off'>>) {
      const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, rules, spelling: false } })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual(check(text, { rules, spelling: false }))
    }
    const reported = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, spelling: false } })
    expect(reported.json().messages.map((message: { ruleId: string; actual: string }) => `${message.ruleId}:${message.actual}`)).toEqual(['unknown-directive:ownit-disabel', 'not-my-fault:not my fault'])
  })

  test('POST /v1/check and /v1/fix honour directives, as ownit - does', async () => {
    const text = '# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nCorporate sets the policy.\n'
    const checked = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, spelling: false } })
    expect(checked.json().messages.map((message: { ruleId: string; line: number }) => `${message.ruleId}:${message.line}`)).toEqual(['corporate-sets-policy:3'])
    const fixed = await app.inject({ method: 'POST', url: '/v1/fix', headers: json, payload: { text, spelling: false } })
    expect(fixed.json()).toMatchObject({ text: '# ownit-disable-next-line corporate-sets-policy\nCorporate sets the policy.\nWe set the policy.\n', messages: [] })
  })

  test('GET /v1/rules lists every rule with its severity in force', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/rules' })
    expect(response.statusCode).toBe(200)
    const rule = response.json().rules.find((entry: { id: string }) => entry.id === 'corporate-sets-policy')
    expect(rule).toMatchObject({ category: 'blame-shifting', severity: 'error', fix: true })
    expect(rule.examples.bad.length).toBeGreaterThan(0)
  })

  test('reads the config: its rules and words apply to every request, and /v1/rules shows them', async () => {
    const folder = workspace({ '.ownitrc.json': JSON.stringify({ rules: { 'not-my-fault': 'off' }, words: ['Zendeskk'] }) })
    const configPath = join(folder, '.ownitrc.json')
    const config = readConfig(configPath, folder)
    const server = serverWith({ config, configPath, cwd: folder })
    const text = `${reply}. Zendeskk is down.`
    const response = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(check(text, { rules: { 'not-my-fault': 'off' }, words: ['Zendeskk'] }))
    const ids = response.json().messages.map((message: { ruleId: string }) => message.ruleId)
    expect(ids).not.toContain('not-my-fault')
    expect(ids).not.toContain('spelling')
    const rules = (await server.inject({ method: 'GET', url: '/v1/rules' })).json().rules
    expect(rules.find((rule: { id: string }) => rule.id === 'not-my-fault').severity).toBe('off')
    // A request's own options go over the config's, as flags do in the CLI.
    const again = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text, rules: { 'not-my-fault': 'error', spelling: 'off' } } })
    expect(again.json().messages.map((message: { ruleId: string }) => message.ruleId)).toContain('not-my-fault')
  })

  test('GET /healthz', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', version: '9.9.9' })
  })

  test('GET /openapi.json documents every route with the routes\' schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' })
    expect(response.statusCode).toBe(200)
    const document = response.json()
    expect(document.openapi).toMatch(/^3\./)
    expect(Object.keys(document.paths)).toEqual(['/v1/check', '/v1/fix', '/v1/rules', '/healthz', '/openapi.json'])
    expect(document.components.schemas.CheckRequest.required).toEqual(['text'])
    expect(Object.keys(document.paths['/v1/check'].post.responses)).toEqual(['200', '400', '401', '413', '415', '503'])
  })

  test('GET / says the page was not built when dist/web is missing', async () => {
    const server = serverWith({ webRoot: join(tmpdir(), 'ownit-no-such-folder') })
    const response = await server.inject({ method: 'GET', url: '/' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.body).toContain('was not built')
  })

  test('GET / serves dist/web when it exists, and nothing outside it', async () => {
    const web = mkdtempSync(join(tmpdir(), 'ownit-web-'))
    mkdirSync(join(web, 'assets'))
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>live page</title>')
    writeFileSync(join(web, 'assets', 'app.js'), 'export {}')
    writeFileSync(join(web, '.secret'), 'no')
    const server = serverWith({ webRoot: web })
    const page = await server.inject({ method: 'GET', url: '/' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('live page')
    const script = await server.inject({ method: 'GET', url: '/assets/app.js' })
    expect(script.statusCode).toBe(200)
    expect(script.headers['content-type']).toMatch(/^text\/javascript/)
    for (const url of ['/.secret', '/../package.json', '/%2e%2e/package.json', '/assets/missing.js']) {
      expect((await server.inject({ method: 'GET', url })).statusCode, url).toBe(404)
    }
  })
})

describe('errors: one line of JSON, never a stack', () => {
  test.for([
    ['no text', { txt: 'hello' }, "body must have required property 'text'"],
    ['text not a string', { text: 1 }, 'body/text must be string'],
    ['an unknown field', { text: 'hi', colour: 'red' }, 'body must NOT have additional properties'],
    ['an unknown category', { text: 'hi', categories: ['rudeness'] }, 'body/categories/0 must be equal to one of the allowed values'],
    ['an unknown rule', { text: 'hi', rules: { 'not-my-faul': 'off' } }, 'body/rules: unknown rule “not-my-faul”, did you mean “not-my-fault”?'],
    ['a rule that cannot be set', { text: 'hi', rules: { 'too-many-problems': 'off' } }, 'body/rules: “too-many-problems” cannot be turned off or changed'],
    ['an unknown type', { text: 'hi', type: 'md' }, 'body/type must be equal to one of the allowed values: text, markdown, html'],
    ['Markdown too deeply nested to read', { text: Array.from({ length: 101 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n'), type: 'markdown' }, 'body/text: lists nested 100 levels deep or more: not read as Markdown'],
    ['a broken allow pattern', { text: 'hi', allow: ['(a|b'] }, 'body/allow/0: missing “)”']
  ] as const)('400 for %s', async ([, payload, message]) => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload })
    expect(response.statusCode).toBe(400)
    const body = response.json()
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect(body.message).toContain(message)
    expect(body.message).not.toContain('\n')
    expect(response.body).not.toMatch(/at .*\.js:\d+/)
  })

  test('400 for JSON that does not parse', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: '{"text": "hi"' })
    expect(response.statusCode).toBe(400)
    expect(response.json().message).not.toContain('\n')
    expect(response.body).not.toContain('stack')
  })

  test('400 for a body that is not UTF-8, naming the byte; a byte order mark and JSON escapes of lone surrogates are fine', async () => {
    const latin1 = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: Buffer.from([...Buffer.from('{"text": "caf'), 0xe9, ...Buffer.from(', corporate sets the policy"}')]) })
    expect(latin1.statusCode).toBe(400)
    expect(latin1.json().message).toBe('the body is not valid UTF-8 (byte 0xe9 at offset 13); send JSON as UTF-8')
    const bom = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: Buffer.from('\ufeff{"text": "Corporate sets the policy."}') })
    expect(bom.json().messages.map((message: { ruleId: string }) => message.ruleId)).toEqual(['corporate-sets-policy'])
    const surrogates = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: '{"text": "\\ud800 Corporate sets the policy. \\udfff"}' })
    expect(surrogates.json().messages.map((message: { actual: string }) => message.actual)).toEqual(['Corporate sets the policy'])
    const poisoned = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: '{"text": "hi", "__proto__": {"spelling": false}}' })
    expect(poisoned.statusCode).toBe(400)
  })

  test('400 for a key given twice, naming it: JSON.parse would silently keep the last', async () => {
    for (const [payload, message] of [
      ['{"text": "Sorry for any inconvenience.", "text": "Hi"}', 'the body gives the key “text” twice (line 1, column 42): each key may appear once'],
      ['{"text": "Hi",\n "rules": {"spelling": "off", "spelling": "error"}}', 'the body gives the key “spelling” twice (line 2, column 31): each key may appear once'],
      ['{"text": "Hi", "a\\nb": 1, "a\\u000ab": 2}', 'the body gives the key “a\\x0ab” twice (line 1, column 27): each key may appear once']
    ] as const) {
      for (const url of ['/v1/check', '/v1/fix']) {
        const response = await app.inject({ method: 'POST', url, headers: json, payload })
        expect(response.statusCode).toBe(400)
        expect(response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message })
      }
    }
    // The same key in two objects is no duplicate.
    const apart = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: '{"text": "Hi", "rules": {"text": "off"}}' })
    expect(apart.json().message).toBe('body/rules: unknown rule “text”')
  })

  test('400 for an empty JSON body, 415 for a body without a content-type', async () => {
    const empty = await app.inject({ method: 'POST', url: '/v1/check', headers: json, payload: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().message).toBe('expected a JSON body, not an empty one')
    const untyped = await app.inject({ method: 'POST', url: '/v1/check', payload: '{"text":"hi"}' })
    expect(untyped.statusCode).toBe(415)
  })

  test('404 for an unknown route, as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/v2/check' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'no route GET /v2/check' })
  })

  test.for(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('415 for content-type %s', async (type) => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: { 'content-type': type }, payload: 'text=hi' })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'expected content-type: application/json' })
  })

  test('413 for a body over --max-bytes: refused, not truncated', async () => {
    const server = serverWith({ maxBytes: 1000 })
    const response = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: 'a'.repeat(1000) } })
    expect(response.statusCode).toBe(413)
    expect(response.json().message).toBe('the body is over the limit of 1000 bytes; it is refused, not truncated')
    const small = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: 'Sorry, not my department.' } })
    expect(small.statusCode).toBe(200)
  })

  test('401 without the bearer token or with a wrong one; /healthz stays open', async () => {
    const server = serverWith({ token: 's3cret' })
    const payload = { text: 'hi' }
    const missing = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload })
    expect(missing.statusCode).toBe(401)
    expect(missing.headers['www-authenticate']).toBe('Bearer')
    expect(missing.json().message).toContain('bearer token is required')
    const wrong = await server.inject({ method: 'POST', url: '/v1/check', headers: { ...json, authorization: 'Bearer nope' }, payload })
    expect(wrong.statusCode).toBe(401)
    expect((await server.inject({ method: 'GET', url: '/v1/rules' })).statusCode).toBe(401)
    const right = await server.inject({ method: 'POST', url: '/v1/check', headers: { ...json, authorization: 'Bearer s3cret' }, payload })
    expect(right.statusCode).toBe(200)
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  test('503 when a check runs past --timeout', async () => {
    const server = serverWith({ timeout: 1 })
    const response = await server.inject({ method: 'POST', url: '/v1/check', headers: json, payload: { text: reply.repeat(2000) } })
    expect(response.statusCode).toBe(503)
    expect(response.json().message).toBe('the check took longer than 1 ms')
    // The worker was replaced, not left hanging: the server still answers.
    expect((await server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })
})

describe('the worker pool', () => {
  test('refuses a task when the queue is full, and runs the next one once there is room', async () => {
    const pool = new CheckPool({ file: new URL('../dist/serve/worker.js', import.meta.url), size: 1, data: { configPath: undefined, cwd: process.cwd() }, timeout: 30_000, maxQueue: 1 })
    const task = { kind: 'check' as const, text: reply, options: {} }
    const first = pool.run(task)
    const second = pool.run(task)
    await expect(pool.run(task)).rejects.toMatchObject({ reason: 'busy' })
    expect((await first).ok).toBe(true)
    expect(await second).toEqual({ ok: true, result: check(reply) })
    await pool.close()
    await expect(pool.run(task)).rejects.toMatchObject({ reason: 'closed' })
  })
})

describe('CORS', () => {
  const headers = { origin: 'https://helpdesk.example.com' }
  test('off by default: no CORS headers, no preflight', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/check', headers: { ...json, ...headers }, payload: { text: 'hi' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/check', headers: { ...headers, 'access-control-request-method': 'POST' } })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    expect(preflight.statusCode).toBe(404)
  })

  test('on for the origins given with --cors-origin, and only those', async () => {
    const server = serverWith({ corsOrigins: ['https://helpdesk.example.com'] })
    const preflight = await server.inject({ method: 'OPTIONS', url: '/v1/check', headers: { ...headers, 'access-control-request-method': 'POST' } })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://helpdesk.example.com')
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization')
    const response = await server.inject({ method: 'POST', url: '/v1/check', headers: { ...json, ...headers }, payload: { text: 'hi' } })
    expect(response.headers['access-control-allow-origin']).toBe('https://helpdesk.example.com')
    const other = await server.inject({ method: 'POST', url: '/v1/check', headers: { ...json, origin: 'https://evil.example' }, payload: { text: 'hi' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('a real socket', () => {
  test('/healthz answers while a 1 MB text is being checked', async () => {
    const server = serverWith({ jobs: 1, timeout: 60_000 })
    const address = await server.listen({ host: '127.0.0.1', port: 0 })
    // Warm the worker, so the timing below is the check and not the start-up.
    await fetch(`${address}/v1/check`, { method: 'POST', headers: json, body: JSON.stringify({ text: reply }) })
    // Mostly ordinary sentences, one bad one in ten: a long thread pasted in whole.
    const unit = 'Thanks for getting in touch about order 4471. I have sent a replacement today and it should arrive on Friday. '.repeat(9) + reply + '. '
    const text = unit.repeat(Math.floor(1_000_000 / unit.length))
    expect(text.length).toBeGreaterThan(990_000)
    const started = performance.now()
    let checkDone = 0
    const big = fetch(`${address}/v1/check`, { method: 'POST', headers: json, body: JSON.stringify({ text, spelling: false }) }).then(async (response) => {
      checkDone = performance.now()
      return { status: response.status, body: (await response.json()) as { messages: unknown[] } }
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const health = await fetch(`${address}/healthz`)
    const healthDone = performance.now()
    expect(health.status).toBe(200)
    const result = await big
    expect(result.status).toBe(200)
    expect(result.body.messages.length).toBeGreaterThan(100)
    // Health came back well before the big check did.
    expect(checkDone).toBeGreaterThan(healthDone)
    expect(healthDone - started).toBeLessThan(3000)
  }, 60_000)

  test('ownit serve: listens, answers, and exits 0 on SIGTERM after finishing the request in flight', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'info', '--no-config'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(stderr)
        if (match) resolve(match[1]!)
      })
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)))
    })
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const text = (reply + '. ').repeat(200)
    const inFlight = fetch(`${address}/v1/check`, { method: 'POST', headers: json, body: JSON.stringify({ text }) })
    await new Promise((resolve) => setTimeout(resolve, 100))
    child.kill('SIGTERM')
    const response = await inFlight
    expect(response.status).toBe(200)
    expect(((await response.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(50)
    expect(await exited).toBe(0)
    // pino access logs: one JSON line per request.
    const logs = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; res?: { statusCode: number } })
    expect(logs.some((line) => line.msg === 'request completed' && line.res?.statusCode === 200)).toBe(true)
  }, 60_000)

  test('ownit serve --processes 2: both processes answer on one port, and SIGTERM stops them all, exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--processes', '2', '--log-level', 'info', '--no-config'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        const match = /listening on (http:\/\/\S+) \(2 processes\)/.exec(stderr)
        if (match) resolve(match[1]!)
      })
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)))
    })
    // Fresh connections are shared out between the processes.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${address}/v1/check`, { method: 'POST', headers: { ...json, connection: 'close' }, body: JSON.stringify({ text: reply }) }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as { messages: Array<{ ruleId: string }> }
        }))
      )
    )
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      expect(answer.body.messages.length).toBeGreaterThan(0)
    }
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    // Each process logs its own requests: two different pids in the access log.
    const pids = new Set(stdout.trim().split('\n').map((line) => (JSON.parse(line) as { pid: number }).pid))
    expect(pids.size).toBe(2)
    expect(stderr.match(/listening on/g)).toHaveLength(1)
  }, 60_000)

  test('ownit serve --processes 2 on a port in use: one line, exit 2, no process left', async () => {
    const { createServer } = await import('node:net')
    const busy = createServer()
    const port = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)))
    try {
      const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--processes', '2', '--log-level', 'silent', '--no-config'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      expect(code).toBe(2)
      expect(stderr).toMatch(/^ownit serve: cannot listen on 127\.0\.0\.1:\d+ \(the port is in use\)\n$/)
    } finally {
      busy.close()
    }
  }, 60_000)

  test('ownit serve: a usage error exits 2 with one line', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', 'x'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toMatch(/^ownit serve: --port: expected a whole number of at least 0, not a number\n/)
  })

  test('a config whose pack reuses a bundled rule id refuses to start, with one line, rather than fail every request', () => {
    const cwd = workspace({ '.ownitrc.yaml': 'packs: [./taken.yml]\n', 'taken.yml': readFileSync(teamPack, 'utf8').replace('id: gremlins-did-it', 'id: not-my-fault') })
    const run = spawnSync(process.execPath, [bin, 'serve', '--port', '0'], { cwd, encoding: 'utf8', timeout: 20_000 })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^ownit: taken\.yml:\d+:\d+: rule not-my-fault: id: already used in rules\/blame-shifting\.yml:\d+\n$/)
  })

  test('an empty token (--token "$UNSET", or OWNIT_TOKEN set to nothing) refuses to start rather than serve without one', () => {
    const run = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [bin, 'serve', '--port', '0', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 })
    const flag = run(['--token', ''], {})
    expect([flag.status, flag.stderr]).toEqual([2, 'ownit serve: --token: an empty value (a shell variable that is not set?)\n'])
    const env = run([], { OWNIT_TOKEN: '' })
    expect([env.status, env.stderr]).toEqual([2, 'ownit serve: OWNIT_TOKEN is set but empty: give the token, or unset it to serve without one\n'])
  })
})
