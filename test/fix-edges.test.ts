/**
 * A fix keeps how the text was written: the case of the words it rewrites (ALL CAPS,
 * Title Case), and the white space between them (a hard-wrapped line, a no-break space).
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { check, fix } from '../src/api.js'
import { fixDocument } from '../src/document.js'
import { applyEdits, fitRewrite } from '../src/fix.js'
import { placeholdersFor } from '../src/config/options.js'
import { readMacros } from '../src/input/macros.js'
import { loadProse } from '../src/input/prose.js'
import { fixMacros } from '../src/macros.js'
import { readPack } from '../src/pack/load.js'
import { teamPack } from './helpers.js'

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
