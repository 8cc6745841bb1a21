#!/usr/bin/env node
// Build step (`npm run build`, first): remove dist/, so that nothing a source file no longer
// makes (a renamed module, an old loader) is left there to be run or published.
import { rmSync } from 'node:fs'

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true })
