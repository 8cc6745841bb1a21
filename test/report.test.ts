import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { Ajv } from 'ajv'
import { VFile } from 'vfile'
import reporter from 'vfile-reporter'
import { describe, expect, test } from 'vitest'
import { formatCompact } from '../src/report/compact.js'
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js'
import { formatJson, jsonItem, type FileResult } from '../src/report/json.js'
import { formatSarif } from '../src/report/sarif.js'
import { formatStylish, stylishParts } from '../src/report/stylish.js'
import type { OwnitMessage } from '../src/types.js'
import { ownit, teamConfig, workspace } from './helpers.js'

const message: OwnitMessage = {
  ruleId: 'gremlins-did-it',
  category: 'blame-shifting',
  severity: 'error',
  message: '“The gremlins did it” tells the customer nobody here owns the mistake.',
  why: 'To the customer you are the company. Own the mistake, then fix it.',
  line: 2,
  column: 1,
  endLine: 2,
  endColumn: 30,
  offset: 10,
  endOffset: 39,
  actual: 'the gremlins lost your parcel',
  expected: ['we lost your parcel'],
  fix: true
}
const results: FileResult[] = [
  { path: 'replies/50%, done: a,b.txt', messages: [message, { ...message, severity: 'info', ruleId: 'hush-now', message: 'Hush now\r\ntalks down', why: '' }] },
  { path: 'replies/clean.txt', messages: [] }
]

/** The SARIF 2.1.0 schema (draft-04 ids adapted for Ajv 8; see test/fixtures/sarif/README.md). */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>
  const { $schema: _draft, id, ...rest } = schema
  return new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile({ ...rest, $id: String(id) })
}

describe('sarif', () => {
  const validate = sarifValidator()

  test('the output is valid SARIF 2.1.0, from the library and from the CLI', () => {
    const log = JSON.parse(formatSarif(results, { version: '1.2.3', informationUri: 'https://github.com/ownit/ownit' })) as unknown
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
    const run = ownit(['-f', 'sarif', '.'], workspace({ '.ownitrc.json': teamConfig, 'a.txt': 'The gremlins lost your parcel. Hush now.', 'b.md': 'Sorry for the kerfuffle.' }))
    expect(run.code).toBe(1)
    expect(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors)).toBe(true)
  })

  test('the schema catches a broken log (so the test above means something)', () => {
    const log = JSON.parse(formatSarif(results, { version: '1.2.3', informationUri: 'https://github.com/ownit/ownit' })) as { runs: Array<{ results: Array<{ level: string }> }> }
    log.runs[0]!.results[0]!.level = 'fatal'
    expect(validate(log)).toBe(false)
  })

  test('rules carry the message, the coaching note and the rewrites; results point at the place', () => {
    const log = JSON.parse(formatSarif(results, { version: '1.2.3', informationUri: 'https://github.com/ownit/ownit' })) as {
      runs: Array<{ tool: { driver: { rules: Array<Record<string, any>> } }; results: Array<Record<string, any>> }>
    }
    const [rule] = log.runs[0]!.tool.driver.rules
    expect(rule).toMatchObject({
      id: 'gremlins-did-it',
      shortDescription: { text: message.message },
      fullDescription: { text: message.why },
      help: { text: `${message.why}\nTry: “we lost your parcel”` },
      defaultConfiguration: { level: 'error' }
    })
    const [result, info] = log.runs[0]!.results
    expect(result).toMatchObject({ ruleId: 'gremlins-did-it', ruleIndex: 0, level: 'error', message: { text: message.message } })
    expect(result!.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'replies/50%25%2C%20done%3A%20a%2Cb.txt' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 30, charOffset: 10, charLength: 29, snippet: { text: 'the gremlins lost your parcel' } }
    })
    expect(info).toMatchObject({ ruleId: 'hush-now', ruleIndex: 1, level: 'note' })
  })
})

describe('github', () => {
  test('escapes % CR LF in messages, and also , : in properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext')
    expect(escapeProperty('a,b: 50%')).toBe('a%2Cb%3A 50%25')
  })

  test('one command per message; info is a notice', () => {
    expect(formatGithub(results).split('\n')).toEqual([
      '::error file=replies/50%25%2C done%3A a%2Cb.txt,line=2,col=1,endLine=2,endColumn=30,title=ownit gremlins-did-it::“The gremlins did it” tells the customer nobody here owns the mistake.%0ATo the customer you are the company. Own the mistake, then fix it.%0ATry: “we lost your parcel”',
      '::notice file=replies/50%25%2C done%3A a%2Cb.txt,line=2,col=1,endLine=2,endColumn=30,title=ownit hush-now::Hush now%0D%0Atalks down%0ATry: “we lost your parcel”'
    ])
  })
})

describe('compact', () => {
  test('path:line:col: severity ruleId: message, one line each (a line break in a message or a file name is escaped)', () => {
    expect(formatCompact(results)).toBe(
      'replies/50%, done: a,b.txt:2:1: error gremlins-did-it: “The gremlins did it” tells the customer nobody here owns the mistake.\n' +
        'replies/50%, done: a,b.txt:2:1: info hush-now: Hush now\\x0d\\x0atalks down'
    )
  })
})

describe('stylish', () => {
  /** A file with `count` messages in no order, of varied widths, some with notes; one fatal near the end when asked. */
  function fileWith(path: string, count: number, fatalAt?: number): VFile {
    const file = new VFile({ path })
    for (let index = 0; index < count; index++) {
      const line = ((index * 7919) % count) + 1
      const message = file.message(index % 3 === 0 ? `Reason ${index}` : 'Short', { place: { start: { line, column: 1 + (index % 40) }, end: { line, column: 5 + (index % 40) } }, ruleId: `rule-${index % 11}`, source: 'ownit' })
      if (index % 2 === 0) message.note = `Why, for message ${index}.\nTry: something else`
      if (index === fatalAt) message.fatal = true
    }
    return file
  }

  test('a file with more messages than vfile-reporter takes at once reads as one report of it', () => {
    // 11,000 messages: within what vfile-reporter can take at once, past what formatStylish hands it at once.
    const files = [fileWith('b.txt', 11_000, 10_500), fileWith('a.txt', 3), new VFile({ path: 'c.txt' })]
    for (const [color, quiet] of [[false, false], [true, true]] as const) {
      expect(formatStylish(files, { color, quiet })).toBe(reporter(files, { color, quiet, verbose: true }))
    }
  })
})

describe('reports written in parts (a run too big for one string)', () => {
  const tool = { version: '1.2.3', informationUri: 'https://github.com/ownit/ownit' }
  const texts = fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => text.replace(/x/g, '\n'))
  const generated = fc.array(
    fc.record({
      path: texts,
      messages: fc.array(
        fc.record({ ruleId: fc.constantFrom('a-b', 'c'), severity: fc.constantFrom('error', 'warning', 'info'), message: texts, why: texts, actual: texts, line: fc.nat(9), column: fc.nat(9) }).map((fields) => ({ ...message, ...fields }) as OwnitMessage),
        { maxLength: 3 }
      ),
      errors: fc.array(fc.record({ message: texts, line: fc.nat(9), column: fc.nat(9) }), { maxLength: 2 })
    }),
    { maxLength: 4 }
  )

  test('JSON and SARIF joined from their parts are JSON.stringify(…, null, 2) of the same data', () => {
    fc.assert(
      fc.property(generated, (generatedResults) => {
        const json = formatJson(generatedResults)
        // `errors` only when there are any: an object without is what it always was.
        expect(json).toBe(JSON.stringify(generatedResults.map((result) => ({ path: result.path, messages: result.messages, ...(result.errors.length > 0 ? { errors: result.errors } : {}) })), null, 2))
        expect(generatedResults.map(jsonItem).join(',\n')).toBe(json.slice(2, -2))
        const sarif = formatSarif(generatedResults, tool)
        expect(sarif).toBe(JSON.stringify(JSON.parse(sarif), null, 2))
        expect((JSON.parse(sarif) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results).toHaveLength(generatedResults.flatMap((result) => result.messages).length)
      })
    )
  })

  test('the default report file by file is the whole report when the files align alike, with one summary line', () => {
    const file = (path: string, text: string, fatal: boolean | undefined) => {
      const made = new VFile({ path, value: text })
      const one = made.message('Hush now talks down', { place: { line: 1, column: 1 }, ruleId: 'hush-now', source: 'ownit' })
      one.fatal = fatal
      made.message('Sorry for the kerfuffle', { place: { line: 2, column: 4 }, ruleId: 'kerfuffle', source: 'ownit' }).fatal = false
      return made
    }
    const files = [file('b.txt', 'x', true), file('a.txt', 'x', undefined), new VFile({ path: 'c.txt', value: '' }), file('d.txt', 'x', true)]
    for (const options of [{ color: false, quiet: false }, { color: true, quiet: false }, { color: false, quiet: true }]) {
      const whole = formatStylish(files, options)
      expect(whole).toContain('6 messages (')
      expect([...stylishParts(files, options, 0)].join('')).toBe(whole)
      expect([...stylishParts(files, options)]).toEqual([whole])
    }
  })
})
