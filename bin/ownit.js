#!/usr/bin/env node
// The CLI as one esbuild bundle, compiled with a V8 code cache (see src/cli-bundle.ts).
import { runBundle } from '../dist/cli-bundle.js'

process.exitCode = await runBundle(process.argv.slice(2))
