/**
 * The HTTP API of `ownit serve`, on fastify: POST /v1/check and /v1/fix, GET /v1/rules,
 * /healthz and /openapi.json, and the live page at `/`. Checks run in a worker pool so
 * the event loop stays free; errors are one-line JSON, never a stack.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Config } from '../config/load.js'
import { jsonProblem } from '../config/json.js'
import { knownRuleIds, ruleSettingProblem } from '../config/rule-ids.js'
import { rulesInForce } from '../command/rules.js'
import { usableCores } from '../cores.js'
import { firstInvalidUtf8 } from '../input/read.js'
import { printable } from '../printable.js'
import { registerStatic } from './static.js'
import { InlineChecker } from './inline.js'
import { CheckPool, PoolError } from './pool.js'
import { checkBody, checkResponse, errorResponse, fixResponse, healthResponse, openapiDocument, rulesResponse } from './schema.js'
import type { RequestOptions, Task, TaskData } from './task.js'

export interface ServerOptions {
  /** The config in force (read by the caller), and its file (absolute) for the workers. Default: none. */
  config?: Config | undefined
  configPath?: string | undefined
  /** Largest request body in bytes; more is refused with 413. Default: 1 MiB. */
  maxBytes?: number | undefined
  /** Milliseconds one check may run before it is stopped with 503. Default: 30000. */
  timeout?: number | undefined
  /** Milliseconds to receive a whole request. Default: 30000. */
  requestTimeout?: number | undefined
  /** A bearer token the /v1 routes require. Default: none (open). */
  token?: string | undefined
  /** Origins allowed by CORS (`*` for any). Default: none (CORS off). */
  corsOrigins?: readonly string[] | undefined
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default: info. */
  logLevel?: string | undefined
  /** Worker threads. Default: the number of cores, at most 4. */
  jobs?: number | undefined
  /**
   * Texts up to this length (UTF-16 code units) whose request sets no option but
   * `spelling` are checked on the main thread, without the hop to a worker; longer ones
   * and other options go to the workers. 0: every check in a worker. Default: 2048.
   */
  inlineLength?: number | undefined
  /** The live page's folder. Default: dist/web of this package. */
  webRoot?: string | undefined
  version?: string | undefined
  cwd?: string | undefined
}

const defaultMaxBytes = 1024 * 1024
// About 2 ms to check on a quiet core, 4 on a busy one: the longest the event loop is held.
const defaultInlineLength = 2048

/** Build the server (not listening yet: call `listen`, or `inject` in tests). Close it to stop the workers. */
export function buildServer(options: ServerOptions = {}): FastifyInstance {
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  const version = options.version ?? '0.0.0'
  const jobs = options.jobs ?? Math.min(4, usableCores())
  const timeout = options.timeout ?? 30_000
  const data: TaskData = { configPath: options.configPath, cwd: options.cwd ?? process.cwd() }
  const pool = new CheckPool({
    file: new URL('./worker.js', import.meta.url),
    size: jobs,
    data,
    timeout,
    maxQueue: 64 * jobs
  })
  const inline = new InlineChecker(data, options.inlineLength ?? defaultInlineLength)
  const requestTimeout = options.requestTimeout ?? 30_000
  const app = Fastify({
    bodyLimit: maxBytes,
    requestTimeout,
    // A socket is silent while its check runs: drop it only after the longest a request may take.
    connectionTimeout: requestTimeout + timeout + 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization'] },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } }
  })
  app.addHook('onClose', () => pool.close())
  // Compile the common option sets on this thread before the first request, not during it.
  app.addHook('onReady', async () => inline.prepare())
  // While closing, end each connection after its response: a keep-alive client must not
  // hold the shutdown open until its idle timeout.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
  // JSON only: a text/plain body is a 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain')
  // JSON is UTF-8 (RFC 8259): a body that is not is a 400 naming the byte, not a reply
  // checked with its letters turned into U+FFFD. Then fastify's own parser (which skips a
  // byte order mark), and JSON that is not valid is a 400 saying where and what is wrong;
  // so is a key given twice in one object, named.
  // A `__proto__` or `constructor` key is JSON like any other: JSON.parse makes it an own
  // property (no prototype is touched), and the schema (no fields but its own) and the rule
  // id check below refuse it by name ("body/rules: unknown rule “__proto__”"). Nothing
  // copies the body with assignment, which would reach the prototype.
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer
    const invalid = firstInvalidUtf8(bytes)
    if (invalid >= 0) {
      done(Object.assign(new Error(`the body is not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')} at offset ${invalid}); send JSON as UTF-8`), { statusCode: 400 }), undefined)
      return
    }
    const text = bytes.toString('utf8')
    parseJson(request, text, (error, parsed) => {
      if (!error) {
        // JSON.parse keeps the last of a key given twice: refused, so that a client's bug is not silently half-read.
        const duplicate = jsonProblem(text.replace(/^\ufeff/, ''), { uniqueKeys: true })
        if (duplicate?.kind !== 'duplicate-key') return done(null, parsed)
        const key = printable(duplicate.key ?? '')
        done(Object.assign(new Error(`the body gives the key “${key.length > 60 ? `${key.slice(0, 59)}…` : key}” twice (line ${duplicate.line}, column ${duplicate.column}): each key may appear once`), { statusCode: 400 }), undefined)
        return
      }
      const problem = (error as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? jsonProblem(text.replace(/^\ufeff/, '')) : undefined
      if (!problem) return done(error, parsed)
      done(Object.assign(new Error(`the body is not valid JSON (line ${problem.line}, column ${problem.column}): ${problem.message}`), { statusCode: 400 }), undefined)
    })
  })

  // The ids a request's `rules` may set: those `check` knows (directives' checks too: a reply's directives apply).
  const known = new Set(knownRuleIds(options.config?.packs ?? []))
  const corsOrigins = options.corsOrigins ?? []
  const expected = options.token ? digest(options.token) : undefined

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin
    if (origin && corsOrigins.length > 0 && (corsOrigins.includes('*') || corsOrigins.includes(origin))) {
      reply.header('access-control-allow-origin', corsOrigins.includes('*') ? '*' : origin).header('vary', 'Origin')
      if (request.method === 'OPTIONS') {
        return reply
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type, authorization')
          .header('access-control-max-age', '600')
          .code(204)
          .send()
      }
    }
    if (expected && request.url.startsWith('/v1/')) {
      const header = request.headers.authorization ?? ''
      const match = /^Bearer\s+(.+)$/i.exec(header)
      if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, error: 'Unauthorized', message: header ? 'the bearer token is not the one this server was started with' : 'a bearer token is required: Authorization: Bearer <token>' })
      }
    }
    return undefined
  })

  app.setErrorHandler((error: { statusCode?: number; message?: string; validation?: unknown; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    const message = status === 500 ? 'internal error' : oneLine(error, maxBytes)
    return reply.code(status).send({ statusCode: status, error: statusText(status), message })
  })
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` }))

  const errors = { 400: errorResponse, 401: errorResponse, 413: errorResponse, 415: errorResponse, 503: errorResponse }
  const runRoute = (kind: Task['kind']) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { text, ...requestOptions } = request.body as RequestOptions & { text: string }
    for (const id of Object.keys(requestOptions.rules ?? {})) {
      const problem = known.has(id) ? undefined : ruleSettingProblem(id, [...known])
      if (problem) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `body/rules: ${problem}` })
    }
    try {
      const task: Task = { kind, text, options: requestOptions }
      const outcome = inline.run(task, pool.free) ?? (await pool.run(task))
      if (outcome.ok) return outcome.result
      if (outcome.status === 500) request.log.error(outcome.message)
      return reply.code(outcome.status).send({ statusCode: outcome.status, error: statusText(outcome.status), message: outcome.status === 400 ? `body/${outcome.message}` : 'internal error' })
    } catch (error) {
      if (!(error instanceof PoolError)) throw error
      request.log.warn({ reason: error.reason, bytes: text.length }, error.message)
      return reply.code(503).header('retry-after', '1').send({ statusCode: 503, error: 'Service Unavailable', message: error.message })
    }
  }
  app.post('/v1/check', { schema: { body: checkBody, response: { 200: checkResponse, ...errors } } }, runRoute('check'))
  app.post('/v1/fix', { schema: { body: checkBody, response: { 200: fixResponse, ...errors } } }, runRoute('fix'))

  const rules = rulesInForce(options.config, { rules: {}, categories: undefined, packs: [], builtin: true }).map(({ rule, severity }) => ({
    id: rule.id,
    category: rule.category,
    severity,
    fix: rule.suggest.some((suggestion) => suggestion.safe),
    message: rule.message,
    why: rule.why,
    suggest: rule.suggest,
    examples: { bad: rule.examples.bad, good: rule.examples.good }
  }))
  app.get('/v1/rules', { schema: { response: { 200: rulesResponse, 401: errorResponse } } }, async () => ({ rules }))
  app.get('/healthz', { schema: { response: { 200: healthResponse } }, logLevel: 'warn' }, async () => ({ status: 'ok', version }))
  const openapi = openapiDocument(version)
  app.get('/openapi.json', async () => openapi)
  registerStatic(app, options.webRoot ?? fileURLToPath(new URL('../web/', import.meta.url)))
  return app
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}

/** fastify's messages, made one line and plain: "body/text must be string". */
function oneLine(error: { message?: string; code?: string; validation?: unknown }, maxBytes: number): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return `the body is over the limit of ${maxBytes} bytes; it is refused, not truncated`
  // Name the field, or the values allowed: ajv's words alone leave the caller to guess.
  const [first] = Array.isArray(error.validation) ? (error.validation as Array<{ keyword?: string; params?: { additionalProperty?: unknown; allowedValues?: unknown } }>) : []
  if (first?.keyword === 'enum' && Array.isArray(first.params?.allowedValues)) return `${(error.message ?? '').split('\n')[0]}: ${first.params.allowedValues.join(', ')}`
  if (first?.keyword === 'additionalProperties' && typeof first.params?.additionalProperty === 'string') {
    const name = first.params.additionalProperty
    return `${(error.message ?? '').split('\n')[0]}, found “${name.length > 60 ? `${name.slice(0, 59)}…` : name}”`
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'expected content-type: application/json'
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'expected a JSON body, not an empty one'
  return (error.message ?? 'bad request').split('\n')[0]!
}

const statusTexts: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 408: 'Request Timeout', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 503: 'Service Unavailable' }

function statusText(status: number): string {
  return statusTexts[status] ?? 'Error'
}
