#!/usr/bin/env node
// Take a PNG of an HTML report with headless Chromium, for the README.
//
//   node scripts/screenshot-report.js [report=docs/sample-report.html] [png=docs/sample-report.png]
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const report = process.argv[2] ?? 'docs/sample-report.html'
const png = process.argv[3] ?? 'docs/sample-report.png'
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
const page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, deviceScaleFactor: 1 })
await page.goto(pathToFileURL(resolve(report)).href)
await page.screenshot({ path: png, fullPage: false })
await browser.close()
console.error(`wrote ${png}`)
