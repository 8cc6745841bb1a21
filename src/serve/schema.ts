/**
 * The JSON schemas of the HTTP API: request bodies and responses. The routes validate and
 * serialise with them, and the OpenAPI document is built from the same objects.
 */
import { optionSchemas } from '../config/validate.js'
import { categories, severities } from '../types.js'

/**
 * The options a request may set: the library's (the same schemas, so both accept the same
 * values), less `packs` and `builtin` (files stay the server's), with limits on size.
 */
const optionProperties = {
  categories: { ...optionSchemas.categories, maxItems: categories.length, description: 'Only check these categories. Default: every category (or the config\'s).' },
  rules: { ...optionSchemas.rules, maxProperties: 500, description: 'Per rule id: error, warning, info or off, over the config\'s rules.' },
  spelling: { ...optionSchemas.spelling, description: 'Check spelling. Default: true (or the config\'s).' },
  language: { ...optionSchemas.language, description: 'Spelling dictionary. Default: en-US (or the config\'s).' },
  allow: { ...optionSchemas.allow, items: { ...optionSchemas.allow.items, maxLength: 200 }, maxItems: 100, description: 'Phrases (patterns) never flagged, added to the config\'s.' },
  words: { ...optionSchemas.words, items: { ...optionSchemas.words.items, maxLength: 100 }, maxItems: 1000, description: 'Extra words spelling accepts, added to the config\'s.' },
  type: { ...optionSchemas.type, description: 'How `text` is read: text (default), markdown or html, as the CLI reads a .txt, .md or .html file. Offsets point into `text` as sent.' }
} as const

export const checkBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', description: 'The reply, as the agent wrote it.' },
    ...optionProperties
  }
} as const

export const message = {
  type: 'object',
  description: 'One flagged phrase, in the JSON contract of `ownit --format json`.',
  required: ['ruleId', 'category', 'severity', 'message', 'why', 'line', 'column', 'endLine', 'endColumn', 'offset', 'endOffset', 'actual', 'expected', 'fix'],
  properties: {
    ruleId: { type: 'string' },
    category: { type: 'string', enum: [...categories] },
    severity: { type: 'string', enum: [...severities] },
    message: { type: 'string', description: 'What the customer hears.' },
    why: { type: 'string', description: 'The coaching note.' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
    offset: { type: 'integer', description: 'Start, in UTF-16 code units from the start of `text`.' },
    endOffset: { type: 'integer' },
    actual: { type: 'string', description: 'The flagged words.' },
    expected: { type: 'array', items: { type: 'string' }, description: 'Rewrites; the safe one (if any) first.' },
    fix: { type: 'boolean', description: 'Whether `expected[0]` is a safe fix.' }
  }
} as const

export const checkResponse = {
  type: 'object',
  required: ['ok', 'messages'],
  properties: {
    ok: { type: 'boolean', description: 'No message of severity error: the reply can be sent as it is.' },
    messages: { type: 'array', items: message }
  }
} as const

export const fixResponse = {
  type: 'object',
  required: ['text', 'applied', 'messages'],
  properties: {
    text: { type: 'string', description: 'The text with every safe rewrite applied.' },
    applied: {
      type: 'array',
      items: {
        type: 'object',
        required: ['ruleId', 'offset', 'endOffset', 'actual', 'text'],
        properties: { ruleId: { type: 'string' }, offset: { type: 'integer' }, endOffset: { type: 'integer' }, actual: { type: 'string' }, text: { type: 'string' } }
      }
    },
    messages: { type: 'array', items: message, description: 'What is still flagged in the fixed text.' }
  }
} as const

export const rulesResponse = {
  type: 'object',
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'category', 'severity', 'fix', 'message', 'why', 'suggest', 'examples'],
        properties: {
          id: { type: 'string' },
          category: { type: 'string' },
          severity: { type: 'string', enum: [...severities, 'off'] },
          fix: { type: 'boolean' },
          message: { type: 'string' },
          why: { type: 'string' },
          suggest: { type: 'array', items: { type: 'object', required: ['text', 'safe'], properties: { text: { type: 'string' }, safe: { type: 'boolean' }, where: { type: 'array', items: { type: 'string' } } } } },
          examples: {
            type: 'object',
            required: ['bad', 'good'],
            properties: { bad: { type: 'array', items: { type: 'string' } }, good: { type: 'array', items: { type: 'string' } } }
          }
        }
      }
    }
  }
} as const

export const healthResponse = {
  type: 'object',
  required: ['status', 'version'],
  properties: { status: { type: 'string', enum: ['ok'] }, version: { type: 'string' } }
} as const

export const errorResponse = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string', description: 'One line: what was expected, and what was found.' } }
} as const

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: errorDescriptions[code]!, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]))

const errorDescriptions: Record<number, string> = {
  400: 'The body does not match the schema (or names an unknown rule)',
  401: 'A token is required (`Authorization: Bearer …`)',
  413: 'The body is over the size limit: it is refused, not truncated',
  415: 'The body is not `application/json`',
  503: 'The check took longer than the time limit, the queue is full, or the server is shutting down'
}

const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } })

/** The OpenAPI 3.1 document served at /openapi.json. */
export function openapiDocument(version: string): Record<string, unknown> {
  const post = (summary: string, response: string, description: string) => ({
    summary,
    security: [{}, { bearer: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CheckRequest' } } } },
    responses: { 200: json({ $ref: `#/components/schemas/${response}` }, description), ...errors(400, 401, 413, 415, 503) }
  })
  return {
    openapi: '3.1.0',
    info: { title: 'ownit', version, description: 'The pre-send check: flags blame-shifting, deflection and non-apologies in a support reply, and suggests the ownership rewrite.' },
    paths: {
      '/v1/check': { post: post('Check a reply', 'CheckResponse', 'The flagged phrases, in order of place') },
      '/v1/fix': { post: post('Apply every safe rewrite', 'FixResponse', 'The fixed text, the rewrites applied, and what is still flagged') },
      '/v1/rules': { get: { summary: 'The rules in force', security: [{}, { bearer: [] }], responses: { 200: json({ $ref: '#/components/schemas/RulesResponse' }, 'Every rule with the severity in force'), ...errors(401) } } },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: json({ $ref: '#/components/schemas/Health' }, 'The server is up') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } }
    },
    components: {
      schemas: { CheckRequest: checkBody, Message: message, CheckResponse: checkResponse, FixResponse: fixResponse, RulesResponse: rulesResponse, Health: healthResponse, Error: errorResponse },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Only when the server was started with --token or OWNIT_TOKEN' } }
    }
  }
}
