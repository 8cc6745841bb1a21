import { beforeAll, describe, expect, test } from 'vitest'
import { lintDocument } from '../src/document.js'
import { kindOf, loadProse, proseOf } from '../src/input/prose.js'
import { readPack } from '../src/pack/load.js'
import { toOwnitMessage } from '../src/api.js'
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
      ['gremlins-did-it', '6:12', 'the gremlins* lost your parcel'],
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
      ['gremlins-did-it', '2:43', 'the gremlins</b> lost your parcel'],
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
