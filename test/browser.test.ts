import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import * as library from '../src/index.js'

const bundleFile = new URL('../dist/browser/ownit.js', import.meta.url)
const bundle = readFileSync(bundleFile)
const browser = (await import(bundleFile.href)) as typeof import('../src/browser.js')

/**
 * The budget. Today the bundle is about 372 KB (110 KB gzip), and three quarters of it is
 * the rule data (patterns, messages, coaching, rewrites; the examples are left out): the
 * engine, spelling (without its dictionary), retext's parser and unified are about 90 KB. The rules grow as trainers add them, about
 * 1.4 KB a rule, so the budget leaves room for roughly 80 more rules (40% more)
 * before someone has to decide, e.g. to load packs on demand. 140 KB gzip still loads in
 * well under a second on a helpdesk agent's connection, and is smaller than most helpdesk
 * sidebar apps' own JavaScript.
 */
const budget = { raw: 500 * 1024, gzip: 140 * 1024 }

describe('the browser build', () => {
  test('stays within its size budget', () => {
    expect(bundle.length).toBeLessThanOrEqual(budget.raw)
    expect(gzipSync(bundle).length).toBeLessThanOrEqual(budget.gzip)
  })

  test('imports nothing: no Node built-ins, no file system, no other module', () => {
    const text = bundle.toString('utf8')
    // Each pattern's first match, so a failure shows the culprit rather than 350 KB.
    for (const pattern of [/["']node:[\w/]+["']/, /(?:^|[;\n])import\s*[\w{*"']/, /\bimport\(/, /\brequire\(["']/, /readFileSync|import\.meta\.url/]) {
      expect(text.match(pattern)?.[0]).toBeUndefined()
    }
  })

  test('exports check, fix, loadDictionary and the category lists', () => {
    expect(Object.keys(browser).sort()).toEqual(['categories', 'check', 'families', 'fix', 'loadDictionary'])
  })

  test.for([
    "I'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item",
    'Corporate sets the policy, not me. There is nothing I can do.',
    "That's not my department, please contact your bank.",
    "Hi Ana, I've refunded the order today and you'll see it by Friday."
  ])('gives the same messages as the library for “%s”', (text) => {
    expect(browser.check(text, { spelling: false })).toEqual(library.check(text, { spelling: false }))
    expect(browser.fix(text, { spelling: false })).toEqual(library.fix(text, { spelling: false }))
  })

  test('reads plain text only: type markdown or html is refused with one line, type text is the default', () => {
    const text = "<!-- ownit-disable-next-line deflection -->\nThat's not my department."
    expect(browser.check(text, { spelling: false, type: 'text' })).toEqual(library.check(text, { spelling: false }))
    expect(() => browser.check(text, { type: 'markdown' as never })).toThrow(
      new RangeError("ownit: options.type: Markdown is not read by the browser build (its parser is not in the bundle): check it with the library in Node.js or the server's /v1/check, or as plain text")
    )
    expect(() => browser.fix(text, { type: 'html' as never })).toThrow(/^ownit: options\.type: HTML is not read by the browser build/)
    expect(() => browser.check(text, { type: 'md' as never })).toThrow(new RangeError('ownit: options.type: expected text, markdown or html, not "md"'))
  })

  test('refuses a pack named by path', () => {
    expect(() => browser.check('x', { packs: ['rules/blame-shifting.yml' as never] })).toThrow(/no file system/)
  })

  // One test, in order: the dictionary, once loaded, stays loaded for the module.
  test('checks spelling only once its dictionary is loaded, then as the library does', async () => {
    const text = 'Thanks for you patiense, Corporate sets the policy.'
    expect(browser.check(text).messages.map((message) => message.ruleId)).toEqual(['corporate-sets-policy'])
    expect(() => browser.check(text, { spelling: true })).toThrow(/no en-US dictionary: await loadDictionary/)
    await browser.loadDictionary(readFileSync(new URL('../dist/dictionaries/en-US.lex', import.meta.url)))
    const checked = browser.check(text)
    expect(checked.messages.map((message) => [message.ruleId, message.actual])).toEqual([
      ['spelling', 'patiense'],
      ['corporate-sets-policy', 'Corporate sets the policy']
    ])
    expect(checked).toEqual(library.check(text))
    expect(browser.check(text, { spelling: false }).messages).toHaveLength(1)
  })

  test('flags the three phrases of the issue, with rewrites', () => {
    const { ok, messages } = browser.check("I'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item")
    expect(ok).toBe(false)
    expect(messages.map((message) => [message.ruleId, message.actual])).toEqual([
      ['sorry-for-the-inconvenience-but', "I'm sorry for any inconvenience, but"],
      ['not-my-fault', 'not my fault'],
      ['they-messed-up', 'the warehouse sent the wrong']
    ])
    expect(messages.every((message) => message.expected.length > 0)).toBe(true)
  })
})
