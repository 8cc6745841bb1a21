import { readFileSync } from 'node:fs'
import { retext } from 'retext'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadProse } from '../src/input/prose.js'
import { check, fix, retextOwnit } from '../src/index.js'
import { ownit, workspace } from './helpers.js'

test('README shows --help exactly as it prints', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.split('<!-- section: cli-help -->')[1]!
  const pasted = /```text\n([^]*?)\n```/.exec(section)![1]
  expect(ownit(['--help'], workspace()).stdout).toBe(`${pasted}\n`)
})

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The part of the README from the heading `from` to the next heading of its level or higher (outside code blocks). */
function section(from: string): string {
  const lines = readme.split('\n')
  const start = lines.indexOf(from)
  expect(start, from).toBeGreaterThan(-1)
  const level = /^#+/.exec(from)![0].length
  let fenced = false
  let end = start + 1
  for (; end < lines.length; end++) {
    const line = lines[end]!
    if (line.startsWith('```')) fenced = !fenced
    const heading = /^(#+) /.exec(line)
    if (!fenced && heading && heading[1]!.length <= level) break
  }
  return lines.slice(start + 1, end).join('\n')
}

/** The fenced code blocks of `text` in `language`. */
function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`^\`\`\`${language}\\n([^]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!)
}

describe('README directive examples do what they say', () => {
  const inlineControl = section('### Inline control')
  const examples: Array<[string, string]> = [
    ...blocks(inlineControl, 'markdown').map((text): [string, string] => ['reply.md', text]),
    ...blocks(inlineControl, 'text').map((text): [string, string] => ['reply.txt', text])
  ]
  const directiveLine = /^\s*(?:<!--\s*ownit-[^]*?-->|(?:#|\/\/)\s*ownit-.*)$/

  test('there are examples in both syntaxes', () => {
    expect(examples.map(([name]) => name)).toEqual(['reply.md', 'reply.txt'])
  })

  test.for(examples)('%s: every directive silences what it names, and nothing else is reported', ([name, text]) => {
    const named = [...text.matchAll(/ownit-(?:disable-next-line|disable)\s+([\w, -]+?)(?:\s+--|\s*-->|$)/gm)].flatMap((match) => match[1]!.split(/[\s,]+/))
    expect(named.length).toBeGreaterThan(0)
    const without = text
      .split('\n')
      .filter((line) => !directiveLine.test(line))
      .join('\n')
    const cwd = workspace({ [name]: text, [`bare-${name}`]: without })
    const run = ownit(['--no-config', '--no-spelling', '--report-unused-disables', '-f', 'json', name, `bare-${name}`], cwd)
    const [withDirectives, bare] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>
    expect(withDirectives!.messages).toEqual([])
    expect(new Set(bare!.messages.map((message) => message.ruleId))).toEqual(new Set(named))
  })

  test('the plain-text example is silenced in check and in retextOwnit too', async () => {
    const text = blocks(inlineControl, 'text')[0]!
    expect(check(text, { spelling: false, rules: { 'unused-disable-directive': 'warning' } }).messages).toEqual([])
    const file = await retext().use(retextOwnit, { spelling: false, rules: { 'unused-disable-directive': 'warning' } }).process(text)
    expect(file.messages).toEqual([])
  })
})

test('README API examples give the values their comments say', async () => {
  // The examples with `type: 'markdown'` or `'html'`: the built library loads the readers itself, these tests' modules cannot be required.
  await loadProse('markdown', 'html')
  const code = blocks(section('## API'), 'ts').filter((block) => /\b(?:check|fix)\(/.test(block) && !/\bawait\b/.test(block))
  expect(code.length).toBeGreaterThanOrEqual(2)
  let checked = 0
  for (const block of code) {
    const body = block
      .replace(/^import .*$/gm, '')
      .split('\n')
      .map((line) => {
        const match = /^(.*?\S) \/\/ (.*)$/.exec(line)
        if (!match) return line
        // A comment that is a value (`'helplessness'`, `["Here's what I can do", …]`) is asserted; prose is left.
        const literal = match[2]!.replace(/, …\]$/, ']')
        try {
          new Function(`return (${literal})`)
        } catch {
          return line
        }
        checked++
        return `expectValue(${match[1]}, ${literal}, ${match[2]!.endsWith(', …]')})`
      })
      .join('\n')
    const expectValue = (actual: unknown, expected: unknown, prefix: boolean): void => {
      expect(prefix && Array.isArray(actual) ? actual.slice(0, (expected as unknown[]).length) : actual).toEqual(expected)
    }
    new Function('check', 'fix', 'expectValue', body)(check, fix, expectValue)
  }
  expect(checked).toBeGreaterThanOrEqual(5)
})
