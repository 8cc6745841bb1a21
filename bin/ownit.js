#!/usr/bin/env node
// The CLI as one esbuild bundle (scripts/build-cli.js): a few files to load, not ~300.
import { main } from '../dist/bundle/cli.js'

process.exitCode = await main(process.argv.slice(2))
