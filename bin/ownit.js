#!/usr/bin/env node
// The CLI as one esbuild bundle, compiled with a V8 code cache (see src/cli-bundle.cts).
// CommonJS (bin/package.json), like the loader it requires: an ES module entry point
// costs every run the start of Node.js's module loader.
'use strict'
require('../dist/cli-bundle.cjs')
  .runBundle(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code
    },
    (error) => {
      process.stderr.write(`ownit: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 2
    }
  )
