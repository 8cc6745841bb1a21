import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { fix as apiFix } from '../src/api.js'
import { fixDocument } from '../src/document.js'
import { fixUntilStable, type FixEdit } from '../src/fix.js'
import { readPack } from '../src/pack/load.js'
import { placeholdersFor } from '../src/config/options.js'
import { teamPack } from './helpers.js'
import { loadProse } from '../src/input/prose.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const options = { packs: [readPack(teamPack)] }
const placeholders = placeholdersFor(undefined)
const fix = (text: string, kind: 'text' | 'markdown' | 'html' = 'text'): string => fixDocument('reply', text, { kind, options }, placeholders).text

describe('fixDocument', () => {
  test('applies the safe rewrite, keeping capitals at a sentence start and everything else byte for byte', () => {
    expect(fix('Hi Maria,\n\nThe gremlins lost your parcel.  Thanks!\n')).toBe('Hi Maria,\n\nWe lost your parcel.  Thanks!\n')
  })

  test('keeps the capital at the start of a line the parser joins to the greeting', () => {
    expect(fix('Hi {{name}},\nThe gremlins lost your parcel.\n')).toBe('Hi {{name}},\nWe lost your parcel.\n')
    expect(fix('Hi Maria,\r\n  The gremlins lost it.')).toBe('Hi Maria,\r\n  We lost it.')
    expect(fix('Hi Maria, The gremlins lost it.')).toBe('Hi Maria, we lost it.')
  })

  test('several non-overlapping rewrites in one pass', () => {
    expect(fix('The gremlins lost your parcel. Then the gremlins broke it.')).toBe('We lost your parcel. Then we broke it.')
  })

  test('never touches code, quotes, markup or placeholders', () => {
    const markdown = 'Hi *the gremlins* lost it.\n\n`the gremlins lost it`\n\n> the gremlins lost it\n\n    the gremlins lost it\n'
    expect(fix(markdown, 'markdown')).toBe(markdown)
    const template = 'The gremlins lost {{ticket.id}}. The gremlins lost [[order]].'
    expect(fixDocument('reply', template, { kind: 'text', options }, [...placeholders, { open: '[[', close: ']]' }]).text).toBe(template)
  })

  test('a silenced line is not fixed', () => {
    const text = '# ownit-disable-next-line\nThe gremlins lost it.\nThe gremlins lost it.\n'
    expect(fix(text)).toBe('# ownit-disable-next-line\nThe gremlins lost it.\nWe lost it.\n')
  })
})

describe('fix idempotence over generated replies', () => {
  const phrase = fc.constantFrom(
    'the gremlins lost your parcel',
    'The gremlins broke it',
    'the gremlins deleted your order',
    'sorry for the kerfuffle',
    'hush now',
    'we lost your parcel',
    'Maria',
    '{{ticket.requester.first_name}}',
    'I have sent a new one today',
    'thanks for waiting'
  )
  const sentence = fc.array(phrase, { minLength: 1, maxLength: 4 }).chain((parts) => fc.constantFrom('.', '!', '?', ',').map((end) => parts.join(' ') + end))
  const block = fc.oneof(
    { weight: 4, arbitrary: sentence },
    { weight: 1, arbitrary: sentence.map((text) => `> ${text}`) },
    { weight: 1, arbitrary: sentence.map((text) => `\`${text}\``) },
    { weight: 1, arbitrary: sentence.map((text) => `*${text}*`) }
  )
  const reply = fc.array(block, { minLength: 1, maxLength: 6 }).chain((blocks) => fc.constantFrom(' ', '\n', '\n\n').map((separator) => blocks.join(separator)))

  test('HTML: a span written with character references is left for the writer; a plain one is rewritten', () => {
    expect(fix('<p>The gremlins&nbsp;lost your parcel.</p>\n<p>The gremlins lost your parcel.</p>', 'html')).toBe('<p>The gremlins&nbsp;lost your parcel.</p>\n<p>We lost your parcel.</p>')
  })

  test.each(['text', 'markdown', 'html'] as const)('fixing %s twice changes nothing the second time', (kind) => {
    fc.assert(
      fc.property(reply, (text) => {
        const once = fix(text, kind)
        expect(fix(once, kind)).toBe(once)
      }),
      { numRuns: 150 }
    )
  })

  test('quoted and code text comes through a Markdown fix unchanged', () => {
    fc.assert(
      fc.property(reply, (text) => {
        const fixed = fix(text, 'markdown')
        const kept = (value: string): string[] => value.split('\n').filter((line) => line.startsWith('> ') || /^`[^`]*`$/.test(line))
        expect(kept(fixed)).toEqual(kept(text))
      }),
      { numRuns: 150 }
    )
  })
})

describe('fixUntilStable: passes past the problem limit', () => {
  // A pass that, like `check`, finds at most `limit` problems and says where it stopped; its
  // rewrites (no `a` or `b` in them) never uncover another.
  const passFor = (limit: number, replacement: string) => (current: string) => {
    const edits: FixEdit[] = []
    let stoppedAt: number | undefined
    for (let at = current.indexOf('ab'); at >= 0; at = current.indexOf('ab', at + 2)) {
      if (edits.length === limit) {
        stoppedAt = edits.at(-1)!.end
        break
      }
      edits.push({ start: at, end: at + 2, text: replacement, ruleId: 'ab', actual: 'ab' })
    }
    return { edits, stoppedAt }
  }

  test('fixes to the end however many passes stop, and lists every rewrite of the original, placed in it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[abc]{0,80}$/), fc.integer({ min: 1, max: 4 }), fc.constantFrom('x', 'xyz', 'xy'), (text, limit, replacement) => {
        const { text: fixed, applied } = fixUntilStable(text, passFor(limit, replacement))
        expect(fixed).toBe(text.replaceAll('ab', replacement))
        const places = [...text.matchAll(/ab/g)].map((match) => match.index)
        expect(applied.map((edit) => edit.offset)).toEqual(places)
        for (const edit of applied) expect(text.slice(edit.offset, edit.endOffset)).toBe(edit.actual)
      })
    )
  })

  test("the library's fix goes past the 100,000-problem limit, and lists the rewrites past it", () => {
    const text = 'Per my last email, see below.\n'.repeat(100_500)
    const fixed = apiFix(text, { spelling: false })
    expect(fixed.text).toBe('To recap, see below.\n'.repeat(100_500))
    expect(fixed.applied).toHaveLength(100_500)
    expect(fixed.applied.at(-1)).toMatchObject({ offset: text.length - 30, endOffset: text.length - 13, actual: 'Per my last email' })
  })
})
