import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const bin = fileURLToPath(new URL('../bin/ownit.js', import.meta.url))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function ownit(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
    child.stdin!.end(input ?? '')
  })
}

type Output = Array<{ path: string; messages: Array<{ ruleId: string; actual: string; expected: string[] }> }>

const reply = 'We will recieve your refund by Friday, {{ticket.requester.first_name}}.\n'

describe('ownit CLI: spelling', () => {
  test('flags “recieve” with “receive” first, and nothing else', async () => {
    const result = await ownit(['--format', 'json', '-'], reply)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const messages = (JSON.parse(result.stdout) as Output)[0]!.messages
    expect(messages.map((message) => [message.ruleId, message.actual, message.expected[0]])).toEqual([['spelling', 'recieve', 'receive']])
  })

  test('stylish output: one warning with the suggestion and the coaching note', async () => {
    const result = await ownit(['--no-color', '-'], reply)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1:9-1:16\s+warning\s+“recieve” looks like a typo; try “receive”\s+spelling\s+ownit/)
    expect(result.stdout).toContain('a typo reads as carelessness')
    expect(result.stdout).toContain('1 warning')
  })

  test('--no-spelling turns it off; --fail-on warning makes a typo fail', async () => {
    expect(JSON.parse((await ownit(['--no-spelling', '--format', 'json', '-'], reply)).stdout)).toEqual([{ path: '<stdin>', messages: [] }])
    expect((await ownit(['--fail-on', 'warning', '-'], reply)).code).toBe(1)
  })

  test('--language en-GB accepts British spelling and flags US-only forms', async () => {
    const text = 'We love the colour, and the color.'
    const us = (JSON.parse((await ownit(['--format', 'json', '-'], text)).stdout) as Output)[0]!.messages
    const gb = (JSON.parse((await ownit(['--language', 'en-GB', '--format', 'json', '-'], text)).stdout) as Output)[0]!.messages
    expect(us.map((message) => message.actual)).toEqual(['colour'])
    expect(gb.map((message) => message.actual)).toEqual(['color'])
    const bad = await ownit(['--language', 'fr', '-'], text)
    expect(bad.code).toBe(2)
    expect(bad.stderr.split('\n')[0]).toBe('ownit: --language: expected one of en-US, en-GB, not “fr”')
  })

  test('the nearest .ownit-words, in the file’s folder or above, adds words', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ownit-words-'))
    mkdirSync(join(root, 'macros', 'billing'), { recursive: true })
    writeFileSync(join(root, '.ownit-words'), '# our products\nZendrixx\nflexipay\n')
    const file = join(root, 'macros', 'billing', 'reply.txt')
    writeFileSync(file, 'Your flexipay plan renews on Friday.\n')
    const inside = JSON.parse((await ownit(['--format', 'json', file])).stdout) as Output
    expect(inside[0]!.messages).toEqual([])
    const outside = JSON.parse((await ownit(['--format', 'json', '-'], 'Your flexipay plan renews on Friday.\n')).stdout) as Output
    expect(outside[0]!.messages.map((message) => message.actual)).toEqual(['flexipay'])
  })

  test('an .ownit-words that cannot be read (past the 50 MB input limit) is one line, exit 2: the files it governs are skipped, the others linted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ownit-words-'))
    mkdirSync(join(root, 'sub'))
    writeFileSync(join(root, 'sub', '.ownit-words'), Buffer.alloc(51 * 1048576, 'a'))
    for (const name of ['sub/a.txt', 'sub/b.txt', 'top.txt']) writeFileSync(join(root, name), 'Hello, we recieved it.\n')
    const result = await ownit(['--format', 'json', root])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`ownit: ${join(root, 'sub', '.ownit-words')}: cannot read (too large: 51.0 MB, the limit is 50 MB)\n`)
    expect((JSON.parse(result.stdout) as Output).map((file) => [file.path, file.messages.length])).toEqual([[join(root, 'top.txt'), 1]])
  })
})
