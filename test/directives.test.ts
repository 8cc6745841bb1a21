import fc from 'fast-check'
import { VFileMessage } from 'vfile-message'
import { beforeAll, describe, expect, test } from 'vitest'
import { lintDocument } from '../src/document.js'
import { applyDirectives, parseDirective, parseMisspeltDirective, type Directive, type DirectiveKind } from '../src/directives.js'
import { readPack } from '../src/pack/load.js'
import { teamPack } from './helpers.js'
import { loadProse } from '../src/input/prose.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const options = { packs: [readPack(teamPack)] }

function lint(path: string, lines: readonly string[], reportUnusedDisables = false, rules: Record<string, 'off' | 'error'> = {}): string[] {
  const kind = path.endsWith('.md') ? 'markdown' : path.endsWith('.html') ? 'html' : 'text'
  const file = lintDocument(path, lines.join('\n'), { kind, options: { ...options, rules }, reportUnusedDisables })
  return file.messages.map((message) => `${message.line}:${message.ruleId}`)
}

const gremlins = 'The gremlins lost your parcel.'
const hush = 'Hush now.'

describe('parseDirective', () => {
  test.each([
    ['ownit-disable', { kind: 'disable', names: [] }],
    [' ownit-enable gremlins-did-it ', { kind: 'enable', names: ['gremlins-did-it'] }],
    ['ownit-disable-next-line gremlins-did-it, hush-now -- the customer asked for this wording', { kind: 'disable-next-line', names: ['gremlins-did-it', 'hush-now'] }]
  ])('%s', (comment, expected) => {
    expect(parseDirective(comment, 0, 1)).toMatchObject(expected)
  })

  test('other comments are not directives', () => {
    expect(parseDirective('ownit-disabled', 0, 1)).toBeUndefined()
    expect(parseDirective('TODO ownit-disable', 0, 1)).toBeUndefined()
  })
})

describe('parseMisspeltDirective', () => {
  const at = (index: number): number => 100 + index
  test.each([
    ['ownit-disabel not-my-fault', 'ownit-disabel', 'ownit-disable'],
    ['ownit-disable-next-lin', 'ownit-disable-next-lin', 'ownit-disable-next-line'],
    // ESLint's `disable-line`: ownit has only the line after.
    [' ownit-disble-line hush-now', 'ownit-disble-line', 'ownit-disable-next-line'],
    ['ownit-disable-line', 'ownit-disable-line', 'ownit-disable-next-line'],
    ['ownti-disable', 'ownti-disable', 'ownit-disable'],
    ['ownit disable-next-line hush-now', 'ownit disable-next-line', 'ownit-disable-next-line'],
    ['ownit: enable', 'ownit: enable', 'ownit-enable'],
    ['own-it-enable', 'own-it-enable', 'ownit-enable'],
    ['ownit_disable', 'ownit_disable', 'ownit-disable'],
    ['ownit-disabled', 'ownit-disabled', 'ownit-disable'],
    ['Ownit-Disable-Next-Line hush-now', 'Ownit-Disable-Next-Line', 'ownit-disable-next-line'],
    ['ownit-enabel, hush-now', 'ownit-enabel', 'ownit-enable'],
    // Right but for what follows: the colon is the mistake, so it is quoted too.
    ['ownit-disable: hush-now', 'ownit-disable:', 'ownit-disable']
  ])('“%s” is reported as “%s”, meant “%s”', (comment, written, meant) => {
    const start = comment.indexOf(written)
    expect(parseMisspeltDirective(comment, at)).toEqual({ written, meant, start: at(start), end: at(start + written.length) })
  })

  test.each([
    'own it: disable the old macro',
    'Ownership',
    'Owner: disable the old macro first',
    'own: disable the old macro',
    'OwnIt, enable your team',
    'OwnIt',
    'TODO ownit-disable',
    'unit-disable',
    'ownit-discount codes expire',
    'ownit-disable:not-my-fault',
    'BlackFriday sparks are flying',
    'ownit-disable-next-line-please-and-thank-you'
  ])('“%s” is not', (comment) => {
    expect(parseMisspeltDirective(comment, at)).toBeUndefined()
  })
})

describe('misspelt directives', () => {
  test('are reported, and silence nothing, in plain text, Markdown and HTML; their lines are not linted', () => {
    expect(lint('r.txt', ['# ownit-disabel gremlins-did-it', gremlins])).toEqual(['1:unknown-directive', '2:gremlins-did-it'])
    expect(lint('r.txt', ['// ownit disable-next-line', gremlins])).toEqual(['1:unknown-directive', '2:gremlins-did-it'])
    expect(lint('r.md', ['<!-- ownti-disable -->', '', gremlins])).toEqual(['1:unknown-directive', '3:gremlins-did-it'])
    expect(lint('r.html', ['<p><!--ownit-disable-next-lin--></p>', `<p>${gremlins}</p>`])).toEqual(['1:unknown-directive', '2:gremlins-did-it'])
    // A misspelt enable leaves the rule silenced, and says so.
    expect(lint('r.txt', ['# ownit-disable gremlins-did-it', '# ownit-enabel gremlins-did-it', gremlins])).toEqual(['2:unknown-directive'])
  })

  test('rules turns them off or up', () => {
    expect(lint('r.txt', ['# ownit-disabel', gremlins], false, { 'unknown-directive': 'off' })).toEqual(['2:gremlins-did-it'])
    const file = lintDocument('r.txt', `# ownit-disabel\n${gremlins}`, { kind: 'text', options: { ...options, rules: { 'unknown-directive': 'error' } } })
    expect(file.messages[0]).toMatchObject({ ruleId: 'unknown-directive', severity: 'error', fatal: true, actual: 'ownit-disabel', expected: ['ownit-disable'] })
  })

  test('ordinary comments, headings and hashtags are not reported, and plain-text ones are still linted', () => {
    expect(lint('r.txt', ['# own it: disable the old macro', '# Ownership', '#OwnIt, enable your team', gremlins])).toEqual(['4:gremlins-did-it'])
    expect(lint('r.md', ['# Ownership', '', '<!-- own it: disable the old macro -->', '', gremlins])).toEqual(['5:gremlins-did-it'])
    expect(lint('r.txt', [`# ${gremlins}`])).toEqual(['1:gremlins-did-it'])
  })
})

describe('in Markdown (HTML comments)', () => {
  test('disable-next-line silences the next line only, for the rules named', () => {
    expect(lint('r.md', ['<!-- ownit-disable-next-line gremlins-did-it -->', `${gremlins} ${hush}`, gremlins])).toEqual(['2:hush-now', '3:gremlins-did-it'])
  })

  test('disable … enable silences a block; enable with an id re-enables one rule', () => {
    expect(lint('r.md', ['<!-- ownit-disable -->', '', gremlins, '', '<!-- ownit-enable hush-now -->', '', `${gremlins} ${hush}`, '', '<!-- ownit-enable -->', '', gremlins])).toEqual([
      '7:hush-now',
      '11:gremlins-did-it'
    ])
  })

  test('a directive inside code is not a directive', () => {
    expect(lint('r.md', ['```', '<!-- ownit-disable -->', '```', '', gremlins])).toEqual(['5:gremlins-did-it'])
  })
})

describe('in plain text (# or // comment lines)', () => {
  test('the comment line is not linted, and silences the next line', () => {
    expect(lint('r.txt', ['# ownit-disable-next-line', gremlins, '// ownit-disable hush-now', hush, gremlins])).toEqual(['5:gremlins-did-it'])
  })

  test('unused directives are reported only when asked', () => {
    const lines = ['# ownit-disable-next-line hush-now', gremlins, '# ownit-disable-next-line gremlins-did-it', gremlins]
    expect(lint('r.txt', lines)).toEqual(['2:gremlins-did-it'])
    expect(lint('r.txt', lines, true)).toEqual(['1:unused-disable-directive', '2:gremlins-did-it'])
  })
})

describe('applyDirectives', () => {
  /** The directive silencing a message, each message going over every directive before it (the rule as first written). */
  function naiveSilencer(sorted: readonly Directive[], ruleId: string, category: string, offset: number, line: number, lineOf: (offset: number) => number): Directive | undefined {
    let all: Directive | undefined
    // The last directive naming the message's rule or category since the last one naming none.
    let byName: { silencer: Directive | undefined } | undefined
    let nextLine: Directive | undefined
    for (const directive of sorted) {
      if (directive.end > offset) break
      const names = directive.names.length === 0 || directive.names.includes(ruleId) || directive.names.includes(category)
      if (directive.kind === 'disable-next-line') {
        if (names && lineOf(directive.end) + 1 === line) nextLine = directive
      } else if (directive.names.length === 0) {
        all = directive.kind === 'disable' ? directive : undefined
        byName = undefined
      } else if (names) {
        byName = { silencer: directive.kind === 'disable' ? directive : undefined }
      }
    }
    if (nextLine) return nextLine
    return byName ? byName.silencer : all
  }

  test('keeps and reports unused exactly what checking each message against every directive before it does', () => {
    // Lines of 10 characters; directives on their own spans, messages anywhere.
    const lineOf = (offset: number): number => Math.floor(offset / 10) + 1
    // Rules a and b are of category x, c of y: a directive names rules, categories or both.
    const categoryOf: Record<string, string> = { a: 'x', b: 'x', c: 'y' }
    const names = fc.subarray(['a', 'b', 'c', 'x', 'y'])
    const directive = fc.record({ kind: fc.constantFrom<DirectiveKind>('disable', 'enable', 'disable-next-line'), names, slot: fc.nat(60) })
    const message = fc.record({ ruleId: fc.constantFrom('a', 'b', 'c', ''), offset: fc.nat(620), placed: fc.boolean() })
    fc.assert(
      fc.property(fc.uniqueArray(directive, { selector: (d) => d.slot, maxLength: 30 }), fc.array(message, { maxLength: 40 }), (drawn, drawnMessages) => {
        const directives: Directive[] = drawn.map(({ kind, names, slot }) => ({ kind, names, start: slot * 10 + 2, end: slot * 10 + 7 }))
        const messages = drawnMessages.map(({ ruleId, offset, placed }) => {
          const line = lineOf(offset)
          const point = { line, column: (offset % 10) + 1, offset }
          const vfileMessage = new VFileMessage('m', placed ? { place: { start: point, end: point }, ruleId: ruleId || undefined } : { ruleId: ruleId || undefined })
          vfileMessage.category = categoryOf[ruleId] as never
          return vfileMessage
        })
        const sorted = [...directives].sort((a, b) => a.start - b.start)
        const used = new Set<Directive>()
        const expectedKept = messages.filter((m) => {
          const offset = m.place && 'start' in m.place ? m.place.start.offset : undefined
          if (offset === undefined || !m.ruleId) return true
          const silencer = naiveSilencer(sorted, m.ruleId, categoryOf[m.ruleId]!, offset, m.line ?? lineOf(offset), lineOf)
          if (silencer) used.add(silencer)
          return !silencer
        })
        const result = applyDirectives(messages, directives, lineOf)
        expect(result.kept).toEqual(expectedKept)
        expect(result.kept.every((m, index) => m === expectedKept[index])).toBe(true)
        expect(result.unused).toEqual(sorted.filter((d) => d.kind !== 'enable' && !used.has(d)))
      }),
      { numRuns: 500 }
    )
  })
})
