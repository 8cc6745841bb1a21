/**
 * A fix keeps how the text was written: the case of the words it rewrites (ALL CAPS,
 * Title Case), and the white space between them (a hard-wrapped line, a no-break space),
 * a line break beside the word the rewrite keeps.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { check, fix } from '../src/api.js'
import { fixDocument } from '../src/document.js'
import { applyEdits, fitRewrite } from '../src/fix.js'
import { placeholdersFor } from '../src/config/options.js'
import { readMacros } from '../src/input/macros.js'
import { loadProse } from '../src/input/prose.js'
import { fixMacros } from '../src/macros.js'
import { readPack } from '../src/pack/load.js'
import { ownit, teamPack, workspace } from './helpers.js'

beforeAll(() => loadProse('markdown', 'html'))

const options = { spelling: false as const }
const fixed = (text: string): string => fix(text, options).text

/** fix's text, idempotent, and rebuilt from its `applied` alone (it changes only their bytes). */
function fixChecked(text: string): string {
  const result = fix(text, options)
  expect(applyEdits(text, result.applied.map((edit) => ({ start: edit.offset, end: edit.endOffset, text: edit.text }))).text).toBe(result.text)
  expect(fix(result.text, options).text).toBe(result.text)
  return result.text
}

describe('the case of the rewritten words is kept', () => {
  test.for([
    // ALL CAPS was "We set THE POLICY ON REFUNDS."
    ['CORPORATE SETS THE POLICY ON REFUNDS.', 'WE SET THE POLICY ON REFUNDS.'],
    ['SORRY, CORPORATE SETS THE POLICY ON RETURNS.', 'SORRY, WE SET THE POLICY ON RETURNS.'],
    ['AS I ALREADY SAID, YOUR DEPOSIT COMES BACK.', 'TO RECAP, YOUR DEPOSIT COMES BACK.'],
    ['MISTAKES WERE MADE, SORRY.', 'WE MADE MISTAKES, SORRY.'],
    // Title Case, small words left small: was "We set The Rules…", "To recap".
    ['Head Office Set the Rules for Price Matching.', 'We Set the Rules for Price Matching.'],
    ['As I Already Said, no.', 'To Recap, no.'],
    // A capital at a sentence start or on "I" says nothing of the rest.
    ['Corporate sets the policy on refunds.', 'We set the policy on refunds.'],
    ['As I already said, your deposit comes back.', 'To recap, your deposit comes back.'],
    ['Sorry, corporate sets the policy on returns.', 'Sorry, we set the policy on returns.'],
    ['Sorry, corporate sets the Policy on returns.', 'Sorry, we set the Policy on returns.']
  ] as const)('%j → %j', ([text, expected]) => {
    expect(fixChecked(text)).toBe(expected)
  })

  test('applied holds the rewrite as written', () => {
    expect(fix('CORPORATE SETS THE POLICY ON REFUNDS.', options).applied).toEqual([
      { ruleId: 'corporate-sets-policy', offset: 0, endOffset: 25, actual: 'CORPORATE SETS THE POLICY', text: 'WE SET THE POLICY' }
    ])
  })

  test('a rewrite holding an escape (a macro field: JSON, HTML) keeps its case, so the escape still means what it did', () => {
    expect(fitRewrite('THE GREMLINS LOST', 'R&amp;D lost')).toBe('R&amp;D lost')
    expect(fitRewrite('THE GREMLINS LOST', 'we lost \\u0007')).toBe('we lost \\u0007')
    expect(fitRewrite('THE GREMLINS LOST', 'we lost')).toBe('WE LOST')
  })

  test('in a macro export, through --fix', () => {
    const text = JSON.stringify({ macros: [{ id: 1, title: 'Lost', actions: [{ field: 'comment_value', value: 'SORRY, THE GREMLINS LOST YOUR PARCEL.' }] }] }, null, 2)
    const read = (current: string) => readMacros(current, 'macros.json', 'json')
    const result = fixMacros(text, read, { packs: [readPack(teamPack)], builtin: false, spelling: false })
    expect(read(result.text).fields.map((field) => field.value)).toContain('SORRY, WE LOST YOUR PARCEL.')
  })
})

describe('the white space between the rewritten words is kept', () => {
  test.for([
    // Hard-wrapped e-mail: the line break was lost ("We set the policy.").
    ['Corporate\nsets the policy.', 'We\nset the policy.'],
    ['Hi Sam,\r\nCORPORATE\r\n  SETS THE POLICY ON REFUNDS.', 'Hi Sam,\r\nWE\r\n  SET THE POLICY ON REFUNDS.'],
    ['Head office\nset the\nrules for price matching.', 'We\nset the\nrules for price matching.'],
    // A no-break space stays one (it became a plain space).
    ['Corporate\u00a0sets the\u00a0policy.', 'We\u00a0set the\u00a0policy.'],
    // Fewer words in the rewrite: the line break goes to the gap in about the same place.
    ['As I already said,\nyour deposit comes back.', 'To recap,\nyour deposit comes back.'],
    ['As I\nalready said, your deposit comes back.', 'To\nrecap, your deposit comes back.'],
    ['Mistakes were\nmade, sorry.', 'We\nmade mistakes, sorry.'],
    ['Sorry, mistakes\twere made.', 'Sorry, we\tmade mistakes.']
  ] as const)('%j → %j', ([text, expected]) => {
    expect(fixChecked(text)).toBe(expected)
  })

  test('fixDocument (the CLI’s --fix) keeps the line structure of plain text and Markdown', () => {
    const document = (text: string, kind: 'text' | 'markdown') => fixDocument('reply', text, { kind, options }, placeholdersFor(undefined)).text
    const text = 'Hi Sam,\n\nI checked again, but corporate\nsets the policy on refunds.\n'
    const expected = 'Hi Sam,\n\nI checked again, but we\nset the policy on refunds.\n'
    expect(document(text, 'text')).toBe(expected)
    expect(document(text, 'markdown')).toBe(expected)
    expect(document(expected, 'markdown')).toBe(expected)
  })

  test('a group brings the indentation after its line break into the rewrite as written (all but one space was lost)', () => {
    const [message] = check('Head office set the\n    rules on refunds.', options).messages
    expect(message).toMatchObject({ ruleId: 'corporate-sets-policy', actual: 'Head office set the\n    rules', fix: true })
    expect(message!.expected[0]).toBe('We set the\n    rules')
  })

  test('a line count never changes for a rewrite with a gap to hold the break', () => {
    for (const text of ['Corporate sets\nthe policy.', 'Mistakes\nwere made.', 'As\nI already said, no.', 'Head\noffice set the rules.']) {
      const result = fixed(text)
      expect(result.split('\n')).toHaveLength(text.split('\n').length)
    }
  })
})

describe('a line break stays beside the word the rewrite keeps', () => {
  const document = (text: string, kind: 'text' | 'markdown') => fixDocument('reply', text, { kind, options }, placeholdersFor(undefined)).text

  test.for([
    // The words after the break ("Sets the policy") live on in the rewrite ("set the
    // policy"): the break stays before them. It went to the middle ("We set⏎the policy").
    ['Head office\nSets the policy on refunds.', 'We\nset the policy on refunds.'],
    // Before the first word the rewrite keeps, and after it.
    ['Sorry, head office\nset the rules for price matching.', 'Sorry, we\nset the rules for price matching.'],
    ['Sorry, head office set\nthe rules for price matching.', 'Sorry, we set\nthe rules for price matching.'],
    ['Management has\ndecided to close the branch.', 'We\ndecided to close the branch.'],
    // Before a word the rewrite drops, at the start: at the rewrite's first gap.
    ['Head\noffice sets the policy on refunds.', 'We\nset the policy on refunds.'],
    ['Management\nhas decided to close the branch.', 'We\ndecided to close the branch.'],
    // A word the rewrite moves takes its break along (it went to "We made several⏎mistakes").
    ['Several mistakes were\nmade with your booking.', 'We\nmade several mistakes with your booking.'],
    // No gap between the shared words on its side: counted from the end (the break was lost).
    ['Two mistakes\nwere made with your booking.', 'We made\ntwo mistakes with your booking.'],
    // A CRLF line break stays one.
    ['Head office\r\nSets the policy on refunds.', 'We\r\nset the policy on refunds.'],
    ['Hi Sam,\r\nhead office has\r\ndecided to close the branch.', 'Hi Sam,\r\nwe\r\ndecided to close the branch.'],
    // No word shared: as many words after the break, to the end of the phrase, as the rewrite has.
    ['As I already\nsaid, your deposit comes back.', 'To\nrecap, your deposit comes back.'],
    ['Per my\nlast email, the key is at reception.', 'To\nrecap, the key is at reception.'],
    ['As stated\npreviously, gift cards are final.', 'To\nrecap, gift cards are final.']
  ] as const)('%j → %j', ([text, expected]) => {
    expect(fixChecked(text)).toBe(expected)
  })

  test('the indentation after a break goes with it (a list item, an indented block of plain text)', () => {
    for (const kind of ['text', 'markdown'] as const) {
      expect(document('- Head office\n  Sets the policy on refunds.\n', kind)).toBe('- We\n  set the policy on refunds.\n')
      expect(document('1. As I\n   already said, the deposit is safe.\n', kind)).toBe('1. To\n   recap, the deposit is safe.\n')
    }
    expect(document('Hi,\n\n    Head office\r\n    Sets the policy on refunds.\n', 'text')).toBe('Hi,\n\n    We\r\n    set the policy on refunds.\n')
  })

  test('fitRewrite: with no word shared, each break keeps as many words after it, to the end, as the rewrite has', () => {
    expect(fitRewrite('As\nI\nalready\nsaid', 'to recap now then')).toBe('to\nrecap\nnow\nthen')
    expect(fitRewrite('Per my\nlast email', 'let me sum it up')).toBe('let me sum\nit up')
    expect(fitRewrite('Per my last\n  email', 'let me sum it up')).toBe('let me sum it\n  up')
    expect(fitRewrite('Per\nmy last email', 'let me sum it up')).toBe('let me\nsum it up')
    // Always inside the rewrite: at its first gap at the most.
    expect(fitRewrite('As\nI already said', 'to recap')).toBe('to\nrecap')
  })

  test('fitRewrite: more breaks than gaps, or one word, joins lines; a capture’s own break is not added twice', () => {
    expect(fitRewrite('Per\nmy\nlast email', 'to recap')).toBe('to\nrecap')
    expect(fitRewrite('Head\noffice', 'we')).toBe('we')
    expect(fitRewrite('Head office\nset the\nrules', 'we set the\nrules')).toBe('we\nset the\nrules')
    expect(fitRewrite('Head office set the\r\n    rules', 'we set the\n rules')).toBe('we set the\r\n    rules')
  })

  const phrase = fc.constantFrom(
    'corporate sets the policy on refunds',
    'head office set the rules for price matching',
    'as I already said',
    'per my last email',
    'management has decided to close the branch',
    'two mistakes were made with your booking',
    'your parcel is on its way'
  )
  const lineBreak = fc.constantFrom('\n', '\r\n', '\n  ', '\r\n    ')
  // A phrase hard-wrapped once, at any of its gaps.
  const wrapped = fc.tuple(phrase, lineBreak, fc.nat()).map(([words, gap, at]) => {
    const gaps = [...words.matchAll(/ /g)]
    const index = gaps[at % gaps.length]!.index
    return words.slice(0, index) + gap + words.slice(index + 1)
  })
  const sentence = fc.tuple(fc.constantFrom('', 'Sorry, ', 'Hi Sam, '), wrapped, fc.constantFrom(', and I have sent a new one.', '.', '!')).map((parts) => parts.join(''))
  const reply = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((sentences) => sentences.join(' '))

  test('a fix keeps every line break of hard-wrapped text, is idempotent, and changes only the bytes it reports', () => {
    const breaks = (text: string): number => (text.match(/\n/g) ?? []).length
    fc.assert(
      fc.property(reply, (text) => {
        const result = fixChecked(text)
        expect(breaks(result)).toBe(breaks(text))
        expect(result.split('\n').map((line) => line.match(/^\s*/)![0])).toEqual(text.split('\n').map((line) => line.match(/^\s*/)![0]))
      }),
      { numRuns: 200 }
    )
  })

  test('ownit --fix on a file: the break stays, so the problems left keep their lines', () => {
    const text = 'Hi Sam,\r\n\r\nSorry, head office\r\nSets the policy on refunds.\r\nIt\'s not my fault the parcel is late.\r\n'
    const cwd = workspace({ 'reply.txt': text })
    const before = ownit(['--no-config', '--no-spelling', '-f', 'compact', 'reply.txt'], cwd)
    expect(before.stdout).toMatch(/^reply\.txt:3:8: error corporate-sets-policy: .+\nreply\.txt:5:6: error not-my-fault: .+\n$/)
    const run = ownit(['--no-config', '--no-spelling', '-f', 'compact', '--fix', 'reply.txt'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('ownit: fixed 1 problem in 1 file\n')
    expect(run.stdout).toMatch(/^reply\.txt:5:6: error not-my-fault: .+\n$/)
    expect(readFileSync(join(cwd, 'reply.txt'), 'utf8')).toBe('Hi Sam,\r\n\r\nSorry, we\r\nset the policy on refunds.\r\nIt\'s not my fault the parcel is late.\r\n')
    expect(ownit(['--no-config', '--no-spelling', '--fix', 'reply.txt'], cwd).stderr).toBe('ownit: fixed 0 problems in 0 files\n')
  })
})
