import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { check, toOwnitMessage } from '../src/api.js'
import { placeholdersFor } from '../src/config/options.js'
import { fixDocument, lintDocument } from '../src/document.js'
import { loadProse, type DocumentKind } from '../src/input/prose.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const options = { spelling: false }

function messages(text: string, kind: DocumentKind) {
  return lintDocument('reply', text, { kind, options }).messages.map(toOwnitMessage)
}

/** Each message as [ruleId, offset, endOffset, actual]. */
function found(text: string, kind: DocumentKind): Array<[string, number, number, string]> {
  return messages(text, kind).map((message) => [message.ruleId, message.offset, message.endOffset, message.actual])
}

const fixed = (text: string, kind: DocumentKind): string => fixDocument('reply', text, { kind, options }, placeholdersFor(undefined)).text

describe('no phrase runs from one block into the next', () => {
  test.for<[string, DocumentKind, string]>([
    ['two list items', 'markdown', '- Head office\n- Sets the policy for all stores\n'],
    ['two numbered items', 'markdown', '1. Head office\n2. Sets the policy for all stores\n'],
    ['two table cells', 'markdown', '| Store | Who |\n| --- | --- |\n| Head office | Sets the policy |\n'],
    ['cells without outer pipes', 'markdown', 'Head office | Sets the policy\n--- | ---\n'],
    ['a heading and the line after it', 'markdown', '# Not my\nDepartment store hours are 9-5.\n'],
    ['a setext heading and the paragraph after it', 'markdown', 'Not my\n===\nDepartment store hours are 9-5.\n'],
    ['table cells', 'html', '<table><tr><td>Head office</td><td>Sets the policy for all stores</td></tr></table>'],
    ['header cells', 'html', '<table><tr><th>Head office</th><th>Sets the policy</th></tr></table>'],
    ['paragraphs', 'html', '<p>Corporate sets the</p><p>policy.</p>'],
    ['list items', 'html', '<ul><li>Sorry for any</li><li>Inconvenience charges apply to late changes.</li></ul>'],
    ['a line break', 'html', '<p>Head office<br>Sets the policy for all stores</p>'],
    ['divs', 'html', '<div>Not my</div><div>Department store hours are 9-5.</div>'],
    ['a heading and a section', 'html', '<h2>Head office</h2><section>Sets the policy for all stores</section>'],
    ['HTML paragraphs in Markdown', 'markdown', '<p>Corporate sets the</p><p>policy.</p>\n'],
    ['a line break in a Markdown paragraph', 'markdown', 'Head office<br>Sets the policy for all stores\n']
  ])('%s (%s)', ([, kind, text]) => {
    expect(found(text, kind)).toEqual([])
  })

  test('a phrase within one block is still found, in each kind', () => {
    expect(found('- Head office\n- Corporate sets the policy for all stores\n', 'markdown')).toEqual([['corporate-sets-policy', 16, 41, 'Corporate sets the policy']])
    expect(found('| Who | Note |\n| --- | --- |\n| HQ | Corporate sets the policy |\n', 'markdown')).toEqual([['corporate-sets-policy', 36, 61, 'Corporate sets the policy']])
    expect(found('<td>Head office</td><td>Corporate sets the policy</td>', 'html')).toEqual([['corporate-sets-policy', 24, 49, 'Corporate sets the policy']])
    // Inline markup is not a block: the phrase runs through it.
    expect(found('<p>Corporate <b>sets</b> the policy.</p>', 'html')).toEqual([['corporate-sets-policy', 3, 35, 'Corporate <b>sets</b> the policy']])
  })
})

describe('a quotation does not run from one block or list item into the next', () => {
  // A quote mark left open in one item no longer pairs with one in another item, which
  // silenced every word between them.
  const items = (marker: (n: number) => string) => `${marker(1)} Our size guide says "fits small\n${marker(2)} Corporate sets the policy on returns\n${marker(3)} Ask for the "large" one\n`
  test.for<[string, DocumentKind, string]>([
    ['a Markdown list', 'markdown', items(() => '-')],
    ['a numbered Markdown list', 'markdown', items((n) => `${n}.`)],
    ['Markdown table cells', 'markdown', '| Size | Note |\n| --- | --- |\n| S | "fits small |\n| M | Corporate sets the policy |\n| L | the "large" one |\n'],
    ['HTML list items', 'html', '<ul><li>Our size guide says "fits small</li><li>Corporate sets the policy on returns</li><li>Ask for the "large" one</li></ul>'],
    ['HTML paragraphs', 'html', '<p>Our size guide says "fits small.</p><p>Corporate sets the policy on returns.</p><p>Ask for the "large" one.</p>'],
    ['a plain-text list', 'text', items(() => '-')],
    ['a plain-text list with bullets', 'text', items(() => '•')],
    ['a plain-text list with stars', 'text', items(() => '*')],
    ['a numbered plain-text list', 'text', items((n) => `${n}.`)],
    ['a plain-text list numbered 1)', 'text', items((n) => `${n})`)],
    ['a plain-text list lettered a)', 'text', items((n) => `${'abc'[n - 1]})`)],
    ['a numbered plain-text list with full stops', 'text', '1. Our size guide says "fits small.\n2. Corporate sets the policy on returns.\n3. Ask for the "large" one.\n'],
    // retext starts a paragraph at each of these line breaks (after a full stop), and the
    // last item's mark is one that closes: the reader's blocks still part them.
    ['a Markdown list with full stops', 'markdown', '- Our size guide says "fits small.\n- Corporate sets the policy on returns.\n- It runs large," one buyer wrote.\n'],
    ['HTML list items on lines of their own', 'html', '<ul>\n<li>Our size guide says "fits small.</li>\n<li>Corporate sets the policy on returns.</li>\n<li>It runs large," one buyer wrote.</li>\n</ul>'],
    ['HTML paragraphs on lines of their own', 'html', '<p>Our size guide says "fits small.</p>\n<p>Corporate sets the policy on returns.</p>\n<p>It runs large," one buyer wrote.</p>'],
    ['a plain-text list with full stops', 'text', '- Our size guide says "fits small.\n- Corporate sets the policy on returns.\n- It runs large," one buyer wrote.\n']
  ])('%s (%s)', ([, kind, text]) => {
    expect(found(text, kind).map(([ruleId, , , actual]) => [ruleId, actual])).toEqual([['corporate-sets-policy', 'Corporate sets the policy']])
  })

  test('check reads a plain-text list the same way', () => {
    expect(check(items(() => '-'), options).messages.map((message) => message.actual)).toEqual(['Corporate sets the policy'])
  })

  test.for<[string, DocumentKind, string]>([
    ['over two sentences of one list item', 'markdown', '- You wrote "Corporate sets the policy. Not my fault." and we hear you.\n- We have refunded you.\n'],
    ['over a line break in one list item', 'markdown', '- You wrote "Corporate sets\n  the policy" and we hear you.\n- We have refunded you.\n'],
    ['over a wrapped line of plain text', 'text', 'You wrote "it fits small, so\ncorporate sets the policy" and we hear you.\n'],
    ['inside one plain-text list item', 'text', '- You wrote "Corporate sets the policy" and we hear you.\n- We have refunded you.\n'],
    // retext starts a paragraph at a line break after a full stop: the block of lines is one.
    ['over a line break after a full stop (plain text)', 'text', 'You wrote "it fits small.\nCorporate sets the policy." and we hear you.\n'],
    ['over a line break after a full stop (Markdown)', 'markdown', 'You wrote "it fits small.\nCorporate sets the policy." and we hear you.\n'],
    ['over a line break after a full stop (in one list item)', 'markdown', '- You wrote "it fits small.\n  Corporate sets the policy." and we hear you.\n- We have refunded you.\n'],
    ['over a line break after a full stop (HTML)', 'html', '<p>You wrote "it fits small.\nCorporate sets the policy." and we hear you.</p>']
  ])('a quotation still runs %s (%s)', ([, kind, text]) => {
    expect(found(text, kind)).toEqual([])
  })
})

describe('HTML written in Markdown', () => {
  test.for<[string, string, [number, number]]>([
    ['an HTML paragraph', '<p>Corporate sets the policy.</p>\n', [3, 28]],
    ['text after a comment', '<!-- greeting -->Corporate sets the policy.\n', [17, 42]],
    ['the body of a details block', '<details>\n<summary>Why</summary>\nCorporate sets the policy.\n</details>\n', [33, 58]],
    ['a div after a paragraph', 'Hi Sam,\n\n<div>Corporate sets the policy.</div>\n', [14, 39]]
  ])('the text of %s is linted, at its place in the file', ([, text, [offset, endOffset]]) => {
    expect(found(text, 'markdown')).toEqual([['corporate-sets-policy', offset, endOffset, 'Corporate sets the policy']])
  })

  test.for(['<pre>Corporate sets the policy.</pre>', '<blockquote>Corporate sets the policy.</blockquote>', '<script>\nCorporate sets the policy.\n</script>', '<p><code>Corporate sets the policy.</code></p>', '<style>\np::after { content: "Corporate sets the policy." }\n</style>'])(
    'code, quotes, scripts and styles are not linted: %s',
    (html) => {
      expect(found(`${html}\n`, 'markdown')).toEqual([])
    }
  )

  test('a directive in a comment still silences the line after it', () => {
    expect(found('<!-- ownit-disable-next-line corporate-sets-policy -->\n<p>Corporate sets the policy.</p>\n', 'markdown')).toEqual([])
  })
})

describe('a message’s span and actual', () => {
  test('end at the last word, not at a full stop before a list', () => {
    const [message] = messages('Sorry, corporate sets the policy.\n- x\n', 'markdown')
    expect(message).toMatchObject({ ruleId: 'corporate-sets-policy', column: 8, endColumn: 33, actual: 'corporate sets the policy' })
    expect(message!.expected[0]).toBe('we set the policy')
    const [nested] = messages("- item: It's not my fault.\n  - nested\n", 'markdown')
    expect(nested).toMatchObject({ ruleId: 'not-my-fault', offset: 13, endOffset: 25, actual: 'not my fault' })
    // The same in plain text, where a small letter follows the full stop.
    expect(check('Corporate sets the policy. and that is that.', options).messages[0]).toMatchObject({ endOffset: 25, actual: 'Corporate sets the policy' })
  })

  test('is the text as written in the file, markup and all, and --fix leaves such a phrase to the writer', () => {
    for (const text of ['Corporate **sets** the policy.', 'Corporate sets the *policy*.', 'Corporate sets the [policy](https://example.com/policy).']) {
      const [message] = messages(text, 'markdown')
      expect(message!.ruleId).toBe('corporate-sets-policy')
      expect(message!.actual).toBe(text.slice(message!.offset, message!.endOffset))
      expect(fixed(text, 'markdown')).toBe(text)
    }
    expect(messages('Corporate **sets** the policy.', 'markdown')[0]!.actual).toBe('Corporate **sets** the policy')
    expect(fixed('Corporate sets the policy.', 'markdown')).toBe('We set the policy.')
  })
})

describe('a span that ends or starts in a link’s text or in emphasis takes in the whole element', () => {
  test.for<[string, DocumentKind, string]>([
    ['Corporate sets the [policy](https://example.com/policy).', 'markdown', 'Corporate sets the [policy](https://example.com/policy)'],
    ['Corporate sets the [policy][p].\n\n[p]: https://example.com/policy\n', 'markdown', 'Corporate sets the [policy][p]'],
    ['Sorry, that is not my **department**.', 'markdown', 'is not my **department**'],
    ['Sorry, that is not my **[department](https://example.com)**.', 'markdown', 'is not my **[department](https://example.com)**'],
    ['[Corporate sets](https://example.com) the policy.', 'markdown', '[Corporate sets](https://example.com) the policy'],
    ['*Corporate* sets the policy.', 'markdown', '*Corporate* sets the policy'],
    ['Sorry, that is not my <b>department</b>.', 'markdown', 'is not my <b>department</b>'],
    ['<p>Sorry, that is not my <a href="https://example.com">department</a>.</p>', 'html', 'is not my <a href="https://example.com">department</a>'],
    ['<p>That&rsquo;s not my <b>department</b>.</p>', 'html', 'That&rsquo;s not my <b>department</b>'],
    ['<p><i>Corporate</i> sets the policy.</p>', 'html', '<i>Corporate</i> sets the policy'],
    // Markup inside the span, whole, is left as it is.
    ['Corporate **sets** the policy.', 'markdown', 'Corporate **sets** the policy'],
    // Taking the element in would take another word: the span stays at the phrase's words.
    ['Corporate sets the [policy for stores](https://example.com).', 'markdown', 'Corporate sets the [policy'],
    ['Sorry, <b>that is not</b> my department.', 'markdown', 'is not</b> my department']
  ])('%s (%s)', ([text, kind, actual]) => {
    const [message, ...rest] = messages(text, kind)
    expect(rest).toEqual([])
    expect(message!.actual).toBe(actual)
    expect(text.slice(message!.offset, message!.endOffset)).toBe(actual)
    const before = text.slice(0, message!.offset).split('\n')
    const through = text.slice(0, message!.endOffset).split('\n')
    expect([message!.line, message!.column, message!.endLine, message!.endColumn]).toEqual([before.length, before.at(-1)!.length + 1, through.length, through.at(-1)!.length + 1])
    // Still left to the writer by --fix: a rewrite would drop the markup.
    expect(fixed(text, kind)).toBe(text)
  })
})

test('a message’s offsets slice to its actual, whatever markup its words are wrapped in', () => {
  const words = fc.constantFrom('Corporate', 'sets', 'the', 'policy', 'not', 'my', 'department', 'That&rsquo;s', 'is', 'for', 'stores', 'Sorry,', '.')
  const markdownWraps = [(s: string) => `[${s}](https://example.com/a)`, (s: string) => `**${s}**`, (s: string) => `*${s}*`, (s: string) => `[${s}][r]`, (s: string) => `<b>${s}</b>`, (s: string) => `\`${s}\``]
  const htmlWraps = [(s: string) => `<b>${s}</b>`, (s: string) => `<a href="https://example.com">${s}</a>`, (s: string) => `<span class="x">${s}</span>`, (s: string) => `<code>${s}</code>`]
  const part = (wraps: Array<(s: string) => string>) =>
    fc.tuple(fc.array(words, { minLength: 1, maxLength: 4 }), fc.integer({ min: -1, max: wraps.length - 1 })).map(([picked, wrap]) => (wrap < 0 ? picked.join(' ') : wraps[wrap]!(picked.join(' '))))
  const document = fc.oneof(
    fc.array(part(markdownWraps), { minLength: 1, maxLength: 6 }).map((parts) => ['markdown', `${parts.join(' ')}\n\n[r]: https://example.com/r\n`] as const),
    fc.array(part(htmlWraps), { minLength: 1, maxLength: 6 }).map((parts) => ['html', `<p>${parts.join(' ')}</p>`] as const)
  )
  fc.assert(
    fc.property(document, ([kind, text]) => {
      for (const message of messages(text, kind)) expect(text.slice(message.offset, message.endOffset)).toBe(message.actual)
    }),
    { numRuns: 300 }
  )
})

describe('invisible and encoded characters', () => {
  test('character references in Markdown are read as what they stand for, at their place, and left to the writer by --fix', () => {
    const text = 'Corporate&nbsp;sets the policy.'
    expect(found(text, 'markdown')).toEqual([['corporate-sets-policy', 0, 30, 'Corporate&nbsp;sets the policy']])
    expect(found('That&rsquo;s not my department.', 'markdown').map(([id]) => id)).toContain('not-my-department')
    expect(fixed(text, 'markdown')).toBe(text)
  })

  test('a soft hyphen inside a word does not split it', () => {
    const text = 'Corpo\u00adrate sets the policy.'
    expect(check(text, options).messages.map((message) => [message.ruleId, message.actual])).toEqual([['corporate-sets-policy', 'Corpo\u00adrate sets the policy']])
    expect(found(text, 'markdown').map(([id]) => id)).toEqual(['corporate-sets-policy'])
    expect(found('<p>Corpo&shy;rate sets the policy.</p>', 'html').map(([id]) => id)).toEqual(['corporate-sets-policy'])
  })
})
