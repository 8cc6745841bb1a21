#!/usr/bin/env node
// Build step (`npm run build`, after tsc and the pack and dictionary steps): bundle the
// command line with esbuild, so that `ownit reply.txt` loads one file instead of ~300
// (module loading was most of its cold start), and save V8's compiled code for it.
//
//   dist/bundle/cli.cjs    the CLI, its commands and dependencies, minified, CommonJS so
//                          that dist/cli-bundle.cjs can compile it with a V8 code cache
//   dist/bundle/cli.cache  that cache, made by one check of a sample reply
//
// `ownit serve` and fastify are not bundled: cli.ts imports dist/serve/cli.js (the tsc
// output) by URL, and only for `ownit serve`. `ownit score` is in the bundle, run only
// when asked for. dist/index.js (the library) is untouched: the bundle is for the CLI.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyzeMetafile, build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const outdir = join(dist, 'bundle')
const outfile = join(outdir, 'cli.cjs')

/** Run a replacement on a file's text; a dependency that changed its code is left as it is. */
function patch(path, replace) {
  return { contents: replace(readFileSync(path, 'utf8')), loader: 'js' }
}

/**
 * Our modules find files next to themselves (`new URL('../../rules/', import.meta.url)`,
 * the worker scripts, package.json). In the bundle each module's `import.meta.url` becomes
 * where its tsc output sits, relative to the bundle (`__ownitUrl`, see the banner).
 */
const placePlugin = {
  name: 'ownit-place',
  setup(context) {
    context.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta')) return undefined
      const place = `new URL(${JSON.stringify(relative(outdir, args.path).split(sep).join('/'))}, __ownitUrl).href`
      // A script compiled by vm (to use a code cache) cannot import() in Node 20 without a
      // flag: modules left out of the bundle are imported by the loader (cli-bundle.cts).
      return { contents: text.replaceAll('import.meta.url', place).replaceAll('import(new URL(', '__ownitImport(new URL('), loader: 'js' }
    })
    // yargs finds its locales (translated help) at ../../../locales from its shim: the
    // build copies them to dist/bundle/yargs/locales and the shim is placed to match (no
    // package resolution at run time, which cost a millisecond of every start). Its
    // module-wide `__dirname` is renamed so as not to hide the bundle's.
    context.onLoad({ filter: /[/\\]yargs[/\\]lib[/\\]platform-shims[/\\]esm\.mjs$/ }, (args) =>
      patch(args.path, (text) => text.replaceAll('__dirname', '__yargsShimFile').replaceAll('import.meta.url', "new URL('./yargs/lib/platform-shims/esm.mjs', __ownitUrl).href"))
    )
    // Every string-width is ours (scripts/bundle/string-width.js): the copies would build
    // their Unicode tables at start-up. Ours falls back on vfile-reporter's for wide text.
    context.onResolve({ filter: /^string-width$/ }, (args) => (args.pluginData?.full ? undefined : { path: join(root, 'scripts/bundle/string-width.js') }))
    context.onResolve({ filter: /^ownit-full-string-width$/ }, () =>
      context.resolve('string-width', { resolveDir: dirname(fileURLToPath(import.meta.resolve('vfile-reporter'))), kind: 'require-call', pluginData: { full: true } })
    )
    // yargs' two assertions, without Node.js's assert module (scripts/bundle/assert.js).
    context.onResolve({ filter: /^(node:)?assert$/ }, () => ({ path: join(root, 'scripts/bundle/assert.js') }))
    // jsonc-parser's "main" is UMD, whose require() calls esbuild cannot follow (the factory
    // takes `require` as a parameter): at run time they would look beside the bundle. Its
    // ESM build ("module") bundles whole.
    context.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: fileURLToPath(import.meta.resolve('jsonc-parser/lib/esm/main.js')) }))
    // `yaml` is loaded when first used (scripts/bundle/yaml.js).
    context.onResolve({ filter: /^yaml$/ }, (args) => (args.pluginData?.full ? undefined : { path: join(root, 'scripts/bundle/yaml.js') }))
    context.onResolve({ filter: /^ownit-full-yaml$/ }, () => context.resolve('yaml', { resolveDir: root, kind: 'require-call', pluginData: { full: true } }))
    // `tinyglobby` too (scripts/bundle/tinyglobby.js).
    context.onResolve({ filter: /^tinyglobby$/ }, (args) => (args.pluginData?.full ? undefined : { path: join(root, 'scripts/bundle/tinyglobby.js') }))
    context.onResolve({ filter: /^ownit-full-tinyglobby$/ }, () => context.resolve('tinyglobby', { resolveDir: root, kind: 'require-call', pluginData: { full: true } }))
    // fdir (under tinyglobby) requires picomatch at run time, from node_modules, for a
    // glob() that tinyglobby never calls: give it the bundled copy instead.
    context.onLoad({ filter: /[/\\]fdir[/\\]dist[/\\]index\.mjs$/ }, (args) =>
      patch(args.path, (text) => text.replace('__require.resolve("picomatch");', '').replace('__require("picomatch")', 'require("picomatch")'))
    )
  }
}

rmSync(outdir, { recursive: true, force: true })
const result = await build({
  entryPoints: [join(dist, 'cli.js')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Less to parse. Names are not kept: that is 1,700 calls at start-up, and nothing reads
  // a function's name (the error classes set theirs).
  // OWNIT_READABLE_BUNDLE=1 npm run build: not minified, to read a CPU profile of the CLI.
  minify: !process.env.OWNIT_READABLE_BUNDLE,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Any other module's import.meta.url (fdir's createRequire) is the bundle's own.
  define: { 'import.meta.url': '__ownitUrl' },
  banner: { js: "var __ownitRequire = require, __ownitUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [placePlugin]
}).catch(() => {
  // esbuild has printed each error with its place already.
  process.stderr.write('ownit: the CLI build failed\n')
  process.exit(1)
})
cpSync(join(dirname(fileURLToPath(import.meta.resolve('yargs'))), 'locales'), join(outdir, 'yargs/locales'), { recursive: true })

// The bundle in ASCII, so that the loader reads it as Latin-1 (a copy, where UTF-8 must be
// decoded). esbuild escapes strings but leaves regular expression literals as written:
// escape what is left as UTF-16 code units (\uXXXX means the same in both).
const source = readFileSync(outfile, 'utf8')
if (/\\[^\0-\x7f]/.test(source)) throw new Error('ownit: the CLI bundle escapes a non-ASCII character: it cannot be made ASCII')
writeFileSync(outfile, source.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`))

// OWNIT_ANALYZE=1 npm run build: what the bundle is made of.
if (process.env.OWNIT_ANALYZE) process.stdout.write(await analyzeMetafile(result.metafile))

// One check of a sample reply, spelling on, writes the code cache (dist/cli-bundle.cjs).
const folder = mkdtempSync(join(tmpdir(), 'ownit-build-'))
writeFileSync(join(folder, 'reply.txt'), "Hi Sam, sorry for any inconvenience. That's not my departmnet, but the courier lost your parcel, not us.\n")
// Without NODE_OPTIONS: flags would make it write the cache of runs with flags (cli.flags.cache).
const run = spawnSync(process.execPath, [join(root, 'bin/ownit.js'), 'reply.txt', '--no-config'], { cwd: folder, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
rmSync(folder, { recursive: true, force: true })
if (run.status === null || run.status > 1 || run.stderr !== '') {
  process.stderr.write(`ownit: the CLI bundle does not run (exit code ${run.status}):\n${run.stderr}`)
  process.exit(1)
}
const bytes = (file) => `${(readFileSync(join(outdir, file)).length / 1024).toFixed(0)} KB`
process.stdout.write(`ownit: wrote dist/bundle/ (cli.cjs ${bytes('cli.cjs')}, cli.cache ${bytes('cli.cache')})\n`)
