#!/usr/bin/env node
// Build step (`npm run build`, after tsc and the pack prebuild): bundle the browser build
// and the live page with esbuild.
//
//   dist/browser/ownit.js  `ownit/browser`: ESM, the bundled packs inlined, no Node built-ins
//   dist/web/              the live page: index.html, style.css, app.js (uses that bundle),
//                          dictionaries/*.lex (fetched only when spelling is switched on)
//
// A module `x.js` with a sibling `x.browser.js` is replaced by it (the pack loader and the
// spelling plugin, which read files). Any `node:` import fails the build.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { analyzeMetafile, build } from 'esbuild'
import { bundledLists } from '../dist/spell/word-lists.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

/** Refuse Node built-ins, with the module that asked for one. */
const noNodePlugin = {
  name: 'no-node',
  setup(context) {
    context.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `the browser build must not import ${args.path} (imported by ${args.importer})` }]
    }))
  }
}

/** Swap in `.browser.js` siblings and inline the packs. */
const browserPlugin = {
  name: 'ownit-browser',
  setup(context) {
    context.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path)
      const swap = path.replace(/\.js$/, '.browser.js')
      return existsSync(swap) && !path.endsWith('.browser.js') ? { path: swap } : undefined
    })
    context.onResolve({ filter: /^ownit:word-lists$/ }, () => ({ path: join(root, 'rules'), namespace: 'ownit-words' }))
    context.onLoad({ filter: /.*/, namespace: 'ownit-words' }, (args) => {
      const lists = Object.fromEntries(bundledLists.map(({ file }) => [file, readFileSync(join(args.path, file), 'utf8')]))
      return { contents: JSON.stringify(lists), loader: 'json', watchFiles: Object.keys(lists).map((file) => join(args.path, file)) }
    })
    context.onResolve({ filter: /^ownit:builtin-rules$/ }, () => ({ path: join(dist, 'builtin-rules.json'), namespace: 'ownit-rules' }))
    context.onLoad({ filter: /.*/, namespace: 'ownit-rules' }, (args) => {
      const ruleset = JSON.parse(readFileSync(args.path, 'utf8'))
      // The examples are tests, not needed to match: leave them out of the bundle.
      for (const pack of ruleset.packs) for (const rule of pack.rules) rule.examples = { bad: [], good: [], fixed: [] }
      // The saved matcher would triple the bundle; the page compiles the packs once instead.
      delete ruleset.program
      return { contents: JSON.stringify(ruleset), loader: 'json' }
    })
  }
}

/** Build; esbuild has printed each error with its place already, so fail without a stack. */
function bundle(options) {
  return build(options).catch(() => {
    process.stderr.write('ownit: the browser build failed\n')
    process.exit(1)
  })
}

const common = { bundle: true, platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning' }

const library = await bundle({
  ...common,
  metafile: true,
  entryPoints: [join(dist, 'browser.js')],
  outfile: join(dist, 'browser/ownit.js'),
  format: 'esm',
  plugins: [noNodePlugin, browserPlugin]
})
// OWNIT_ANALYZE=1 npm run build: what the bundle is made of.
if (process.env.OWNIT_ANALYZE) process.stdout.write(await analyzeMetafile(library.metafile))

// The page is one classic script (the bundle inside it), so it also runs from file://.
await bundle({
  ...common,
  entryPoints: [join(root, 'web/app.ts')],
  outfile: join(dist, 'web/app.js'),
  format: 'iife',
  alias: { 'ownit/browser': join(dist, 'browser/ownit.js') },
  plugins: [noNodePlugin]
})
mkdirSync(join(dist, 'web'), { recursive: true })
for (const file of ['index.html', 'style.css', 'favicon.svg']) copyFileSync(join(root, 'web', file), join(dist, 'web', file))
// The spelling dictionaries, fetched by the page only when spelling is switched on.
mkdirSync(join(dist, 'web/dictionaries'), { recursive: true })
for (const language of ['en-US', 'en-GB']) copyFileSync(join(dist, `dictionaries/${language}.lex`), join(dist, `web/dictionaries/${language}.lex`))

const bytes = readFileSync(join(dist, 'browser/ownit.js'))
process.stdout.write(`ownit: wrote dist/browser/ownit.js (${(bytes.length / 1024).toFixed(0)} KB, ${(gzipSync(bytes).length / 1024).toFixed(0)} KB gzip) and dist/web/\n`)
