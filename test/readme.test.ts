import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { ownit, workspace } from './helpers.js'

test('README shows --help exactly as it prints', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.split('<!-- section: cli-help -->')[1]!
  const pasted = /```text\n([^]*?)\n```/.exec(section)![1]
  expect(ownit(['--help'], workspace()).stdout).toBe(`${pasted}\n`)
})
