#!/usr/bin/env node
// Take a PNG of the live page (dist/web) with a reply in it and one highlight hovered, for
// the README. Run after `npm run build`.
//
//   node scripts/screenshot-live-page.js [png=docs/live-page.png]
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const png = process.argv[2] ?? 'docs/live-page.png'
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
const page = await browser.newPage({ viewport: { width: 1000, height: 1000 }, deviceScaleFactor: 1 })
await page.goto(pathToFileURL(resolve('dist/web/index.html')).href)
await page.getByLabel('Example reply').selectOption({ label: 'Wrong item shipped' })
const mark = await page.locator('#backdrop mark').nth(1).boundingBox()
await page.mouse.move(mark.x + mark.width / 2, mark.y + mark.height / 2)
await page.locator('#popover').waitFor({ state: 'visible' })
await page.screenshot({ path: png, fullPage: false })
await browser.close()
console.error(`wrote ${png}`)
