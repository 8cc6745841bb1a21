import { retext } from 'retext'
import { VFile } from 'vfile'
import { describe, expect, test } from 'vitest'
import { check, retextOwnit, retextOwnitDeflection } from '../src/index.js'

/** The plugin's messages for `value` (in a file named `path`), as `ruleId:line`. */
async function lint(value: string, path?: string, options?: Parameters<typeof retextOwnit>[0]): Promise<string[]> {
  const file = await retext().use(retextOwnit, options).process(new VFile({ value, path }))
  return file.messages.map((message) => `${message.ruleId}:${message.line}`)
}

describe('retextOwnit checks its options as check does', () => {
  const bad: ReadonlyArray<[string, unknown]> = [
    ['an unknown category', { categories: ['nope'] }],
    ['a misspelt option', { langauge: 'en-GB' }],
    ['an unknown rule id', { rules: { nope: 'off' } }],
    ['a bad severity', { rules: { 'not-my-fault': 'high' } }],
    ['spelling not a boolean', { spelling: 'no' }],
    ['a number', 5],
    ['a missing pack', { packs: ['/nonexistent/pack.yml'] }],
    ['an unknown type', { type: 'md' }]
  ]

  test.for(bad)('%s: the same one-line error as check, when the processor is frozen', ([, options]) => {
    let expected: unknown
    try {
      check('Thanks.', options as never)
    } catch (error) {
      expected = error
    }
    expect(expected).toBeInstanceOf(Error)
    const processor = retext().use(retextOwnit, options as never)
    expect(() => processor.freeze()).toThrow(expected as Error)
    expect(() => retext().use(retextOwnitDeflection, options as never).freeze()).toThrow(expected as Error)
  })

  test('null and no options are the defaults, as for any unified plugin; a severity given is used', async () => {
    expect(await lint("It's not my fault.", undefined, null)).toEqual(['not-my-fault:1'])
    const file = await retext().use(retextOwnit, { rules: { 'not-my-fault': 'warning' } }).process("It's not my fault.")
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['not-my-fault', false]])
  })
})

describe('retextOwnit applies directives as the CLI does for a file of that name', () => {
  test('plain text (no name, or .txt): # and // lines, which are not reported on themselves', async () => {
    expect(await lint("# ownit-disable-next-line not-my-fault\nIt's not my fault.")).toEqual([])
    expect(await lint("// ownit-disable not-my-fault\nIt's not my fault.\n// ownit-enable\nIt’s not my fault.", 'reply.txt')).toEqual(['not-my-fault:4'])
    expect(await lint("> It's not my fault.\nSee https://example.com/not-my-fault today.")).toEqual([])
  })

  test('Markdown and HTML: HTML comments', async () => {
    expect(await lint("<!-- ownit-disable-next-line not-my-fault -->\nIt's not my fault.\nIt's not my fault.", 'reply.md')).toEqual(['not-my-fault:3'])
    expect(await lint("<!-- ownit-disable -->\nIt's not my fault.\n<!-- ownit-enable -->", 'reply.HTML')).toEqual([])
  })

  test('a directive that silences nothing is reported when rules sets unused-disable-directive', async () => {
    expect(await lint('# ownit-disable-next-line not-my-fault\nThanks.')).toEqual([])
    expect(await lint('# ownit-disable-next-line not-my-fault\nThanks.', undefined, { rules: { 'unused-disable-directive': 'warning' } })).toEqual(['unused-disable-directive:1'])
  })

  test('type, when given, says how the file is read, over its name', async () => {
    const markdown = "<!-- ownit-disable-next-line not-my-fault -->\nIt's not my fault.\n# ownit-disable-next-line blame-shifting\nIt's not my fault."
    const plain = { spelling: false }
    expect(await lint(markdown, undefined, { ...plain, type: 'markdown' })).toEqual(['not-my-fault:4'])
    expect(await lint(markdown, 'reply.txt', { ...plain, type: 'html' })).toEqual(['not-my-fault:4'])
    // Plain text has no HTML comments: that line is checked too.
    expect(await lint(markdown, 'reply.md', { ...plain, type: 'text' })).toEqual(['not-my-fault:1', 'not-my-fault:2'])
  })

  test('directives name categories too, and a name that is neither is reported', async () => {
    const text = "# ownit-disable-next-line deflection, blame-shifting\nThat's not my department, and it's not my fault.\n# ownit-disable-next-line not-my-faul\nIt's not my fault."
    // The directives' own messages come after the rules', as a plugin adds them.
    expect(await lint(text)).toEqual(['not-my-fault:4', 'unknown-directive-name:3'])
    expect(await lint(text, undefined, { rules: { 'unknown-directive-name': 'off' } })).toEqual(['not-my-fault:4'])
    // What check gives, which sorts them by place.
    const file = await retext().use(retextOwnit).process(text)
    expect(file.messages.map((message) => message.reason).sort()).toEqual(check(text).messages.map((message) => message.message).sort())
  })

  test('a misspelt directive keyword is reported, as check reports it', async () => {
    const text = "# ownit-disabel not-my-fault\nIt's not my fault."
    expect(await lint(text)).toEqual(['not-my-fault:2', 'unknown-directive:1'])
    expect(await lint(text, undefined, { rules: { 'unknown-directive': 'off' } })).toEqual(['not-my-fault:2'])
    const markdown = "<!-- ownti-disable -->\n\nIt's not my fault."
    expect(await lint(markdown, 'reply.md')).toEqual(['not-my-fault:3', 'unknown-directive:1'])
    const file = await retext().use(retextOwnit).process(text)
    expect(file.messages.map((message) => message.reason).sort()).toEqual(check(text).messages.map((message) => message.message).sort())
  })

  test("another plugin's messages are left alone", async () => {
    const file = await retext()
      .use(() => (_tree: unknown, file: VFile) => {
        file.message('from another plugin', { place: { line: 2, column: 1, offset: 39 }, ruleId: 'not-my-fault', source: 'other' })
      })
      .use(retextOwnit)
      .process("# ownit-disable-next-line not-my-fault\nIt's not my fault.")
    expect(file.messages.map((message) => message.source)).toEqual(['other'])
  })
})
