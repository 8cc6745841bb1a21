#!/usr/bin/env node
// Build step (`npm run build`, after tsc): bundle the command line with esbuild, so that
// `ownit reply.txt` loads a few files instead of ~300 (module loading was most of its
// cold start).
//
//   dist/bundle/cli.js        what bin/ownit.js runs: the CLI and the default command
//   dist/bundle/chunk-*.js    `ownit score` and shared code, loaded only when needed
//
// `ownit serve` and fastify are not bundled: `import('./serve/cli.js')` loads the tsc
// output in dist/serve/, and only for `ownit serve`. dist/index.js (the library) is
// untouched: the bundle is for the command line only.
import { readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyzeMetafile, build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const outdir = join(dist, 'bundle')

/**
 * Our modules find files next to themselves (`new URL('../../rules/', import.meta.url)`,
 * the worker scripts, package.json). In the bundle, `import.meta.url` is the bundle's, so
 * each module's is rewritten to where its tsc output sits, relative to the bundle.
 */
const placePlugin = {
  name: 'ownit-place',
  setup(context) {
    context.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + '/')) return undefined
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return undefined
      const place = `new URL(${JSON.stringify(relative(outdir, args.path).split('\\').join('/'))}, import.meta.url).href`
      return { contents: text.replaceAll('import.meta.url', place), loader: 'js' }
    })
    // yargs finds its locales (translated help) next to its own files: point it there.
    context.onLoad({ filter: /[/\\]yargs[/\\]lib[/\\]platform-shims[/\\]esm\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      return { contents: text.replaceAll('import.meta.url', "new URL('./lib/platform-shims/esm.mjs', import.meta.resolve('yargs')).href"), loader: 'js' }
    })
    // fdir (under tinyglobby) requires picomatch at run time, from node_modules, for a
    // glob() that tinyglobby never calls: give it the bundled copy instead.
    context.onLoad({ filter: /[/\\]fdir[/\\]dist[/\\]index\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      return { contents: text.replace('__require.resolve("picomatch");', '').replace('__require("picomatch")', 'require("picomatch")'), loader: 'js' }
    })
    // `ownit serve` (fastify, its workers) stays the tsc output, loaded on demand.
    context.onResolve({ filter: /^\.\/serve\/cli\.js$/ }, (args) => (args.importer === join(dist, 'cli.js') ? { path: '../serve/cli.js', external: true } : undefined))
  }
}

// Chunk names change with their content: start from an empty folder.
rmSync(outdir, { recursive: true, force: true })
const result = await build({
  entryPoints: { cli: join(dist, 'cli.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Less to parse at start-up; names are kept for error classes' `name`.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Bundled CommonJS (ajv, yaml) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __ownitCreateRequire } from 'node:module'; const require = __ownitCreateRequire(import.meta.url);" },
  plugins: [placePlugin]
}).catch(() => {
  // esbuild has printed each error with its place already.
  process.stderr.write('ownit: the CLI build failed\n')
  process.exit(1)
})
// OWNIT_ANALYZE=1 npm run build: what the bundle is made of.
if (process.env.OWNIT_ANALYZE) process.stdout.write(await analyzeMetafile(result.metafile))
const cli = result.metafile.outputs['dist/bundle/cli.js']
process.stdout.write(`ownit: wrote dist/bundle/ (cli.js ${((cli?.bytes ?? 0) / 1024).toFixed(0)} KB)\n`)
