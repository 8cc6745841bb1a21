import fc from 'fast-check'
import { beforeAll, describe, expect, test } from 'vitest'
import { fixDocument, lintDocument } from '../src/document.js'
import { overlapTest } from '../src/input/mask.js'
import { kindOf, loadProse, proseOf, type DocumentKind } from '../src/input/prose.js'
import { readPack } from '../src/pack/load.js'
import { check, fix, toOwnitMessage } from '../src/api.js'
import { placeholdersFor } from '../src/config/options.js'
import type { Options } from '../src/plugin.js'
import { teamPack } from './helpers.js'

// The CLI loads the Markdown and HTML readers when a file needs them; so do these tests.
beforeAll(() => loadProse('markdown', 'html'))

const options = { packs: [readPack(teamPack)] }

/** Each message as [ruleId, line:column, the original text at its offsets]. */
function places(path: string, text: string): Array<[string, string, string]> {
  const file = lintDocument(path, text, { kind: kindOf(path), options })
  return file.messages.map(toOwnitMessage).map((message) => [message.ruleId, `${message.line}:${message.column}`, text.slice(message.offset, message.endOffset)])
}

describe('Markdown', () => {
  const markdown = [
    '---',
    'subject: the gremlins lost your parcel',
    '---',
    '# Your order, **Maria**',
    '',
    'Hi Maria, *the gremlins* lost your parcel. See [the gremlins lost it](https://example.com/the-gremlins-lost-it).',
    '',
    'Run `the gremlins lost it` or visit https://example.com/the-gremlins-lost-your-parcel today.',
    '',
    '```text',
    'the gremlins lost your parcel',
    '```',
    '',
    '    the gremlins lost your parcel',
    '',
    '> the gremlins lost your parcel',
    '',
    '- Sorry for the kerfuffle, Maria.',
    '- <span>the gremlins broke it</span>',
    '',
    'On Tue, 3 Jun 2025 at 10:02, Maria <maria@example.com> wrote:',
    'the gremlins lost your parcel',
    ''
  ].join('\n')

  test('only prose is linted, and every place points into the original file', () => {
    expect(places('reply.md', markdown)).toEqual([
      ['gremlins-did-it', '6:11', '*the gremlins* lost your parcel'],
      ['gremlins-did-it', '6:49', 'the gremlins lost it'],
      ['sorry-for-the-kerfuffle', '18:3', 'Sorry for the kerfuffle'],
      ['gremlins-did-it', '19:9', 'the gremlins broke it']
    ])
  })

  test('the mask keeps every offset and line of the original', () => {
    const { masked } = proseOf(markdown, 'markdown')
    expect(masked).toHaveLength(markdown.length)
    expect(masked.split('\n')).toHaveLength(markdown.split('\n').length)
    expect(masked).not.toContain('example.com')
    expect(masked).not.toContain('subject')
  })
})

describe('HTML', () => {
  test('text is prose; code, pre, blockquote, script and attributes are not', () => {
    const html = [
      '<p>Hi Maria,</p>',
      '<p title="the gremlins lost it">Sorry, <b>the gremlins</b> lost your parcel.</p>',
      '<pre>the gremlins lost your parcel</pre>',
      '<p><code>the gremlins lost it</code></p>',
      '<blockquote>the gremlins lost your parcel</blockquote>',
      '<script>var s = "the gremlins lost it"</script>',
      '<!-- ownit-disable-next-line -->',
      '<p>Hush now.</p>',
      '<p>Hush now.</p>'
    ].join('\n')
    expect(places('reply.html', html)).toEqual([
      ['gremlins-did-it', '2:40', '<b>the gremlins</b> lost your parcel'],
      ['hush-now', '9:4', 'Hush now']
    ])
  })

  test('character references are read as the characters they stand for, and places stay in the source', () => {
    const html = ['<p>Sorry Maria, the gremlins&nbsp;lost your parcel.</p>', '<p>I&rsquo;m afraid the gremlins broke&#160;it &amp; more.</p>', '<p>Sorry &mdash; the&#x20;gremlins lost it.</p>'].join('\n')
    expect(places('reply.html', html)).toEqual([
      ['gremlins-did-it', '1:17', 'the gremlins&nbsp;lost your parcel'],
      ['gremlins-did-it', '2:21', 'the gremlins broke&#160;it'],
      ['gremlins-did-it', '3:18', 'the&#x20;gremlins lost it']
    ])
    // `actual` is the text as written: the JSON contract's offsets slice to it.
    const file = lintDocument('reply.html', html, { kind: 'html', options })
    for (const message of file.messages.map(toOwnitMessage)) expect(html.slice(message.offset, message.endOffset)).toBe(message.actual)
  })

  // Macros and canned replies kept as HTML hold the reply in a form field or a template.
  test('textarea text and template content are prose, with places in the source', () => {
    const html = [
      '<p>Hi Maria,</p>',
      '<textarea name="reply">Sorry, the gremlins lost',
      'your parcel &amp; more.</textarea>',
      '<template id="canned"><p>We checked: <b>the gremlins</b> broke it.</p>',
      '  <script>var s = "the gremlins lost it"</script><style>p::after { content: "Hush now." }</style>',
      '  <!-- ownit-disable-next-line -->',
      '  <p>Hush now.</p>',
      '  <template><p>Hush now.</p></template>',
      '</template>'
    ].join('\n')
    expect(places('reply.html', html)).toEqual([
      ['gremlins-did-it', '2:31', 'the gremlins lost\nyour parcel'],
      ['gremlins-did-it', '4:38', '<b>the gremlins</b> broke it'],
      ['hush-now', '8:16', 'Hush now']
    ])
    const file = lintDocument('reply.html', html, { kind: 'html', options })
    for (const message of file.messages.map(toOwnitMessage)) {
      expect(html.slice(message.offset, message.endOffset)).toBe(message.actual)
      const before = html.slice(0, message.offset).split('\n')
      expect([message.line, message.column]).toEqual([before.length, before.at(-1)!.length + 1])
    }
  })

  // A textarea's text is raw text to an HTML parser: a page keeps a reply's HTML there,
  // escaped or as it is, and its tags are markup, not words of the reply.
  test('the HTML a textarea holds is read as HTML: its tags and attributes are not prose', () => {
    const lint = (html: string) => lintDocument('reply.html', html, { kind: 'html', options: {} }).messages.map(toOwnitMessage)
    expect(lint('<textarea><p class="greeting"\n   data-tracking="welcme">Hi Sam, your refund is on its way.</p></textarea>')).toEqual([])
    expect(lint('<textarea>&lt;p&gt;Sorry for the wait.&lt;/p&gt;&lt;img src="x.png" alt="It&#39;s not my fault"&gt;</textarea>')).toEqual([])
    // Its text is still linted, each message at its place in the file, as written there.
    const html = '<textarea name="reply">&lt;p&gt;Hi Sam,&lt;/p&gt;&lt;p&gt;Corporate sets &lt;b&gt;the&lt;/b&gt; policy.&lt;/p&gt;\nSorry <i>for</i> any inconvenience.</textarea>'
    const found = lint(html).map((message) => [message.ruleId, message.actual, html.slice(message.offset, message.endOffset)])
    expect(found).toEqual([
      ['corporate-sets-policy', 'Corporate sets &lt;b&gt;the&lt;/b&gt; policy', 'Corporate sets &lt;b&gt;the&lt;/b&gt; policy'],
      ['sorry-for-any-inconvenience', 'Sorry <i>for</i> any inconvenience', 'Sorry <i>for</i> any inconvenience']
    ])
    // Its blocks bound phrases as elsewhere.
    expect(lint('<textarea>&lt;p&gt;Sorry for any&lt;/p&gt;&lt;p&gt;Inconvenience charges apply to late changes.&lt;/p&gt;</textarea>')).toEqual([])
    expect(proseOf('<textarea>&lt;p&gt;Hi&lt;/p&gt;</textarea>', 'html').blocks).toEqual([0, 10, 31, 42])
  })

  test('the bundled rules find a reply in a textarea or a template', () => {
    const html = '<p>ok</p><textarea>Sorry for any inconvenience.</textarea><template><p>Corporate sets the policy.</p></template>\n'
    const file = lintDocument('reply.html', html, { kind: 'html', options: {} })
    const found = file.messages.map(toOwnitMessage).map((message) => [message.ruleId, message.offset, message.actual])
    expect(found).toContainEqual(['sorry-for-any-inconvenience', 19, 'Sorry for any inconvenience'])
    expect(found.map(([ruleId]) => ruleId)).toContain('corporate-sets-policy')
    for (const message of file.messages.map(toOwnitMessage)) expect(html.slice(message.offset, message.endOffset)).toBe(message.actual)
  })
})

describe('plain text', () => {
  test('quoted lines, URLs and the "On … wrote:" tail are skipped', () => {
    const text = [
      'Hi Maria,',
      'the gremlins lost your parcel, see https://example.com/the-gremlins-lost-it',
      '> the gremlins broke it',
      '',
      'On Mon, 2 Jun 2025, Maria <maria@example.com> wrote:',
      'Hush now.'
    ].join('\n')
    expect(places('reply.txt', text)).toEqual([['gremlins-did-it', '2:1', 'the gremlins lost your parcel']])
  })

  test('stdin and unknown extensions are plain text', () => {
    expect(kindOf('-')).toBe('text')
    expect(kindOf('reply.eml')).toBe('text')
    expect(kindOf('Reply.MD')).toBe('markdown')
    expect(kindOf('reply.htm')).toBe('html')
  })
})

describe('URLs', () => {
  const builtin = { spelling: false }
  const lint = (text: string, kind: DocumentKind, settings: Options = builtin) => lintDocument('reply', text, { kind, options: settings }).messages.map(toOwnitMessage)

  test.for<[DocumentKind, string]>([
    ['text', 'See https://example.com/help. Mistakes were made on your order.'],
    ['markdown', 'See https://example.com/help. Mistakes were made on your order.\n'],
    ['html', '<p>See https://example.com/help. Mistakes were made on your order.</p>']
  ])('a full stop after a URL ends its sentence (%s)', ([kind, text]) => {
    const [message] = lint(text, kind)
    expect(message).toMatchObject({ ruleId: 'mistakes-were-made', actual: 'Mistakes were made', fix: true })
    // The rewrite starts the next sentence: with a capital, and applied.
    expect(message!.expected[0]).toBe('We made mistakes')
    expect(fixDocument('reply', text, { kind, options: builtin }, placeholdersFor(undefined)).text).toBe(text.replace('Mistakes were made', 'We made mistakes'))
  })

  test('check and fix read a URL’s last full stop or question mark as the sentence’s', () => {
    expect(fix('See https://example.com/help. Mistakes were made on your order.', builtin).text).toBe('See https://example.com/help. We made mistakes on your order.')
    // The question ends at its "?": the statement after it is flagged.
    expect(check("Did you read https://example.com/help? It's not my fault", builtin).messages.map((message) => message.ruleId)).toEqual(['not-my-fault'])
    expect(proseOf('Is it www.example.com/help, or https://example.com/a?', 'text').masked).toBe('Is it                     , or                      ?')
  })

  // Blanked to white space, a URL let the words on either side join into one phrase.
  const between: Array<[DocumentKind, string]> = [
    ['text', 'For a copy of the receipt please contact help@acme.example your bank only sees the total.'],
    ['text', 'You can find the number on https://acme.example/contact our site has chat too.'],
    ['markdown', 'For a copy of the receipt please contact help@acme.example your bank only sees the total.\n'],
    ['markdown', 'You can find the number on <https://acme.example/contact> our site has chat too.\n'],
    ['markdown', 'You can find the number on www.acme.example/contact our site has chat too.\n'],
    ['html', '<p>For a copy of the receipt please contact help@acme.example your bank only sees the total.</p>'],
    ['html', '<p>For a copy of the receipt&nbsp;please contact help@acme.example your bank only sees the total.</p>'],
    ['html', '<p>You can find the number on <a href="https://acme.example/contact">https://acme.example/contact</a> our site has chat too.</p>']
  ]
  test.for(between)('a URL or e-mail address between words is a clause break (%s): %s', ([kind, text]) => {
    expect(lint(text, kind)).toEqual([])
    if (kind === 'text') expect(check(text, builtin).messages).toEqual([])
  })

  test('a URL is a clause break, not a sentence break: a pattern may allow it with `,?`', () => {
    const text = 'Kindly message https://m.me/AcmeBilling regarding the refund.'
    for (const [kind, written] of [['text', text], ['markdown', `${text}\n`], ['html', `<p>${text}</p>`]] as const) {
      expect(lint(written, kind).map((message) => [message.ruleId, message.actual])).toEqual([['dm-another-account', 'Kindly message https://m.me/AcmeBilling regarding']])
    }
    // The phrase after it starts a clause: a rewrite that fits only there applies.
    expect(fix('Thanks! See https://acme.example/returns corporate sets the policy there.', builtin).text).toBe('Thanks! See https://acme.example/returns we set the policy there.')
  })

  test('a URL written in capitals is a URL: not prose, and a clause break', () => {
    expect(proseOf('SEE WWW.ACME.EXAMPLE/HELP OR HTTPS://ACME.EXAMPLE/FAQ NOW', 'text').masked).toBe('SEE                       OR                          NOW')
    expect(check('KINDLY MESSAGE HTTPS://M.ME/ACMEBILLING REGARDING THE REFUND.', builtin).messages.map((message) => message.ruleId)).toEqual(['dm-another-account'])
    expect(check('THE ANSWER IS AT HTTPS://ACME.EXAMPLE/BLOG/NOT-MY-FAULT AND I HOPE IT HELPS.', builtin).messages).toEqual([])
  })

  test('the readers say where a URL stood in the prose; a link target, a quoted line or code is no break', () => {
    expect(proseOf('See https://a.example/x and ana@b.example now.', 'text').breaks).toEqual([4, 28])
    expect(proseOf('> see https://a.example/x\nok', 'text').breaks).toBeUndefined()
    expect(proseOf('No URL here.', 'text').breaks).toBeUndefined()
    expect(proseOf('See [the form](https://a.example/x) and `https://b.example` or <https://c.example> now.\n', 'markdown').breaks).toEqual([64])
    expect(proseOf('<p>See <a href="https://a.example/x">the form</a> or https://c.example now.</p>', 'html').breaks).toEqual([53])
    // Not a break where it is not prose: a phrase around a link's text still matches.
    expect(lint('You can find the number on [our site](https://acme.example/contact).\n', 'markdown').map((message) => message.ruleId)).toEqual(['the-number-is-on-the-website'])
  })

  test('a URL keeps its balanced parentheses, and leaves the one that closes the sentence', () => {
    const url = 'https://en.wikipedia.org/wiki/Foo_(barcelonx)'
    const text = `More on that (see ${url}).`
    expect(proseOf(text, 'text').masked).toBe(`More on that (see ${' '.repeat(url.length)}).`)
    expect(check(text).messages).toEqual([])
  })
})

describe('long Markdown, parsed in pieces', () => {
  // Blocks that run on over blank lines or depend on what came before: a cut inside one
  // would change what is prose.
  const blocks = [
    'Corporate sets the policy, sorry for any inconvenience.',
    'A paragraph\nwith a lazy\ncontinuation.',
    'Setext title\n============',
    '# A heading that is not my department',
    '- one\n- two\n  - nested: not my department\n\n  still item two',
    '1. first\n\n2) second',
    '> quoted: corporate sets the policy\n>\n> still quoted',
    '> lazy quote\ncontinues here',
    '    indented code: not my department',
    '```\ncode: corporate sets the policy\n\nnot my department\n```',
    '~~~~ md\nfenced\n\n~~~\nstill fenced: not my department\n~~~~',
    '```unclosed ` info is not a fence: not my department',
    '<!--\na comment\n\nnot my department\n-->',
    '<!-- ownit-disable-next-line -->\nSorry for any inconvenience.',
    '<script>\nlet a = 1\n\nnot my department\n</script>',
    '<div>\nhtml of kind 6\n\nends at a blank line: not my department',
    '<?php\n\nnot my department\n?>',
    '<![CDATA[\n\nnot my department\n]]>',
    '***',
    'On Tue, 3 Jun 2025 at 10:02, Maria wrote:\n> earlier mail: not my department',
    'A [link](https://example.com/not-my-department) and `code` and **bold** text.',
    '\t- a list item after a tab',
    '-\n  item whose first line is empty',
    'See [the policy][policy] and [not my department].',
    '[policy]: https://example.com/policy "The policy"',
    '[not my department]: /elsewhere'
  ]
  const documents = fc.array(fc.constantFrom(...blocks), { minLength: 1, maxLength: 40 }).chain((picked) =>
    fc.tuple(fc.constant(picked), fc.array(fc.constantFrom('\n\n', '\n\n\n', '\n', '\n  \n'), { minLength: picked.length, maxLength: picked.length }))
  )

  test('the prose and the directives are those of the whole document, wherever it is cut', async () => {
    const { markdownProse, blockCuts } = await import('../src/input/markdown.js')
    fc.assert(
      fc.property(documents, fc.integer({ min: 1, max: 200 }), ([picked, gaps], size) => {
        const text = picked.map((block, index) => block + gaps[index]).join('')
        const whole = markdownProse(text, Infinity)
        // Cut as often as it may be: pieces of `size` characters or more.
        const pieces = markdownProse(text, size / 2)
        expect(pieces.masked).toBe(whole.masked)
        expect(pieces.directives).toEqual(whole.directives)
        for (const cut of blockCuts(text, size)) expect(text[cut - 1]).toBe('\n')
      }),
      { numRuns: 300 }
    )
  })

  test('a long document is cut, and found the same as in one piece', async () => {
    const { markdownProse, blockCuts } = await import('../src/input/markdown.js')
    const text = blocks.join('\n\n').repeat(200)
    expect(blockCuts(text, 32 * 1024).length).toBeGreaterThan(3)
    expect(markdownProse(text).masked).toBe(markdownProse(text, Infinity).masked)
  })
})

describe('overlapTest', () => {
  test('says a span overlaps the spans exactly when one of them overlaps it, in any order, nested or not', () => {
    const span = fc.tuple(fc.nat(200), fc.nat(30)).map(([start, length]) => ({ start, end: start + length }))
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), fc.array(span, { maxLength: 30 }), (spans, asked) => {
        const overlaps = overlapTest(spans)
        for (const { start, end } of asked) expect(overlaps(start, end)).toBe(spans.some((other) => other.start < end && start < other.end))
      }),
      { numRuns: 500 }
    )
  })
})
