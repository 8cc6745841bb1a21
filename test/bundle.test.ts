/**
 * The CLI runs as one esbuild bundle (scripts/build-cli.js) compiled with a V8 code cache
 * (src/cli-bundle.cts): a plain check loads bin/ownit.js and that loader, which compiles the
 * bundle itself; never fastify, Ajv, the ~300 modules of the tsc output or node_modules.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { bin, root } from './helpers.js'

const preload = fileURLToPath(new URL('fixtures/trace-modules.mjs', import.meta.url))

/** Run `ownit args…` with every loaded module recorded; the modules are file paths. */
function traced(args: readonly string[]) {
  const folder = mkdtempSync(join(tmpdir(), 'ownit-bundle-'))
  const trace = join(folder, 'modules.txt')
  writeFileSync(trace, '')
  writeFileSync(join(folder, 'reply.txt'), "Hi Sam, that's not my department. The courier lost your parcel, not us.\n")
  const result = spawnSync(process.execPath, ['--import', preload, bin, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, OWNIT_TRACE: trace, NO_COLOR: '1' } })
  const modules = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('file:') || line.startsWith('/'))
    .map((line) => (line.startsWith('file:') ? fileURLToPath(line) : line))
    .filter((path) => path !== preload)
  // The entry point is seen twice (by the module hooks and in require's cache): once is enough.
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, modules: [...new Set(modules)] }
}

test.each([['--no-spelling'], ['--spelling']])('ownit reply.txt %s loads only the bundle: no fastify, no tsc output, nothing from node_modules', (flag) => {
  const run = traced(['reply.txt', flag, '--format', 'compact'])
  expect(run.stderr).toBe('')
  expect(run.code).toBe(1)
  expect(run.stdout).toContain('reply.txt:1:9: error not-my-department: ')
  expect(run.stdout).toContain('reply.txt:1:35: warning not-me-them: ')
  // Every dependency it needs is inside the bundle: nothing is read from node_modules.
  expect(run.modules).toEqual([bin, join(root, 'dist/cli-bundle.cjs')])
})

test('a cache cut short or damaged is ignored, and rewritten whole', () => {
  const cache = join(root, 'dist/bundle/cli.cache')
  const good = readFileSync(cache)
  const damaged = Buffer.from(good)
  damaged[damaged.length >> 1]! ^= 0xff
  const folder = mkdtempSync(join(tmpdir(), 'ownit-bundle-'))
  writeFileSync(join(folder, 'reply.txt'), "Hi Sam, that's not my department. The courier lost your parcel, not us.\n")
  for (const bytes of [good.subarray(0, good.length >> 1), damaged, Buffer.from('not a cache')]) {
    writeFileSync(cache, bytes)
    // No Node.js flags (a traced run has --import): those runs keep cli.flags.cache.
    const run = spawnSync(process.execPath, [bin, 'reply.txt', '--no-spelling', '--format', 'compact'], { cwd: folder, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('reply.txt:1:9: error not-my-department: ')
    const rewritten = readFileSync(cache)
    expect(rewritten.toString('latin1', 0, 8)).toBe('OWNITCC2')
    expect(rewritten.length).toBeGreaterThan(good.length / 2)
  }
})

test('ownit serve --help loads the server from the tsc output, on demand', () => {
  const run = traced(['serve', '--help'])
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('ownit serve [options]')
  expect(run.modules).toContain(join(root, 'dist/serve/cli.js'))
})

test('the bundle finds package.json next to the tsc output: --version', () => {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  expect(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout).toBe(`${version}\n`)
})

test('the bundle finds yargs\' translations beside it: --help in Japanese', () => {
  const run = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'ja_JP.UTF-8' } })
  expect(run.status).toBe(0)
  expect(run.stdout).toContain('コマンド:')
})

test('the Markdown and HTML readers load on demand, from the bundle', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ownit-bundle-'))
  writeFileSync(join(folder, 'reply.md'), "# Update\n\nThat's not my department.\n\n`not my department`\n")
  writeFileSync(join(folder, 'reply.html'), "<p>That's not my department.</p><code>not my department</code>\n")
  const run = spawnSync(process.execPath, ['--import', preload, bin, 'reply.md', 'reply.html', '--no-spelling', '--format', 'compact'], { cwd: folder, encoding: 'utf8', env: { ...process.env, OWNIT_TRACE: join(folder, 'modules.txt'), NO_COLOR: '1' } })
  expect(run.stderr).toBe('')
  expect(run.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^reply\.md:3:1: error not-my-department: /), expect.stringMatching(/^reply\.html:1:4: error not-my-department: /)])
  expect(readFileSync(join(folder, 'modules.txt'), 'utf8')).not.toContain('node_modules')
})

test('a run with Node.js flags keeps its own cache: plain runs go on using theirs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ownit-bundle-'))
  writeFileSync(join(folder, 'reply.txt'), "That's not my department.\n")
  const plainCache = join(root, 'dist/bundle/cli.cache')
  const before = readFileSync(plainCache)
  for (const options of ['--max-old-space-size=300', '']) {
    const run = spawnSync(process.execPath, [bin, 'reply.txt', '--no-config', '-f', 'compact'], { cwd: folder, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: options } })
    expect(run.stdout).toContain('reply.txt:1:1: error not-my-department: ')
  }
  expect(readFileSync(join(root, 'dist/bundle/cli.flags.cache')).toString('latin1', 0, 8)).toBe('OWNITCC2')
  expect(readFileSync(plainCache).equals(before)).toBe(true)
})
