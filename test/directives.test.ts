import { beforeAll, describe, expect, test } from 'vitest'
import { lintDocument } from '../src/document.js'
import { parseDirective } from '../src/directives.js'
import { readPack } from '../src/pack/load.js'
import { teamPack } from './helpers.js'
import { loadProse } from '../src/input/prose.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const options = { packs: [readPack(teamPack)] }

function lint(path: string, lines: readonly string[], reportUnusedDisables = false): string[] {
  const file = lintDocument(path, lines.join('\n'), { kind: path.endsWith('.md') ? 'markdown' : 'text', options, reportUnusedDisables })
  return file.messages.map((message) => `${message.line}:${message.ruleId}`)
}

const gremlins = 'The gremlins lost your parcel.'
const hush = 'Hush now.'

describe('parseDirective', () => {
  test.each([
    ['ownit-disable', { kind: 'disable', ruleIds: [] }],
    [' ownit-enable gremlins-did-it ', { kind: 'enable', ruleIds: ['gremlins-did-it'] }],
    ['ownit-disable-next-line gremlins-did-it, hush-now -- the customer asked for this wording', { kind: 'disable-next-line', ruleIds: ['gremlins-did-it', 'hush-now'] }]
  ])('%s', (comment, expected) => {
    expect(parseDirective(comment, 0, 1)).toMatchObject(expected)
  })

  test('other comments are not directives', () => {
    expect(parseDirective('ownit-disabled', 0, 1)).toBeUndefined()
    expect(parseDirective('TODO ownit-disable', 0, 1)).toBeUndefined()
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
    expect(lint('r.txt', lines, true)).toEqual(['2:gremlins-did-it', '1:unused-disable-directive'])
  })
})
