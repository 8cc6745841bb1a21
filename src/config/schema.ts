/** The JSON Schema of an ownit configuration (`.ownitrc.*`, `ownit.config.json`, `"ownit"` in package.json). */
import { categories, languages } from '../types.js'
import { optionSchemas, ruleSettings } from './validate.js'

const phrases = { type: 'array', items: { type: 'string', minLength: 1 } } as const

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ownit configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: {
      // No pattern for the ids: each is checked against the rules loaded (config/load.ts),
      // which names an unknown one as the server and --rule do (“unknown rule …, did you mean …?”).
      description: 'Per rule id: off, info, warning or error.',
      type: 'object',
      additionalProperties: { enum: [...ruleSettings] }
    },
    categories: {
      description: 'Only check these categories.',
      type: 'array',
      uniqueItems: true,
      items: { enum: [...categories] }
    },
    packs: { description: 'Extra YAML rule packs: paths relative to this file, or npm packages that ship one.', ...phrases },
    allow: { description: 'Phrases (patterns) never flagged.', ...phrases },
    language: {
      description: 'Spelling dictionary: en-US (default) or en-GB.',
      enum: [...languages]
    },
    spelling: {
      description: 'Check spelling (default true).',
      type: 'boolean'
    },
    words: {
      description: 'Extra dictionary words for spelling.',
      ...optionSchemas.words
    },
    speakers: {
      description: 'Transcript speaker labels.',
      type: 'object',
      additionalProperties: false,
      properties: { agent: phrases, customer: phrases }
    },
    placeholders: {
      description: 'Extra template syntaxes, each an opening and a closing delimiter.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['open', 'close'],
        properties: { open: { type: 'string', minLength: 1 }, close: { type: 'string', minLength: 1 } }
      }
    }
  }
} as const
