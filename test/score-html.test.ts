import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from './chromium.js'


let browser: Browser | undefined
let cannotStart = ''

beforeAll(async () => {
  ;({ browser, cannotStart } = await launchChromium('the HTML report is not rendered in this run'))
}, 60000)

afterAll(async () => {
  await browser?.close()
})

/** A report over the fixtures, plus a reply that tries to inject markup. */
async function report(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ownit-html-'))
  writeFileSync(
    join(dir, 'inject.txt'),
    'Customer: <b>hi</b>\nAgent (Eve <img src=x onerror="alert-1">): Corporate sets the policy. <script>document.title="owned"</script>\n'
  )
  const out = join(dir, 'report.html')
  const { main } = await import('../dist/cli.js')
  let stderr = ''
  const code = await main(['score', 'test/fixtures/score', dir, '--pack', 'test/fixtures/score/pack.yml', '--no-builtin', '-f', 'html', '-o', out], {
    stdout: () => {},
    stderr: (text) => (stderr += text),
    readStdin: () => new Uint8Array(),
    isTTY: false
  })
  expect(code, stderr).toBe(2)
  return out
}

describe('the HTML report in Chromium', () => {
  test('renders the agents, the per-agent chart, the distribution and the rewrites, fetches nothing and runs nothing', async (context) => {
    if (!browser) return context.skip(cannotStart)
    const file = await report()
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url())
    })
    await page.goto(pathToFileURL(file).href)
    const agents = await page.$$eval('#agent-chart .agent-bar', (bars) => bars.map((bar) => bar.getAttribute('data-agent')))
    expect(agents).toEqual(['(unknown)', 'Dana', 'Eve <img src=x onerror="alert-1">', 'ana', 'ben', 'dana'])
    const widths = await page.$$eval('#agent-chart rect.bar', (bars) => bars.map((bar) => bar.getBoundingClientRect().width))
    expect(widths.every((width) => width > 0)).toBe(true)
    expect(await page.locator('#distribution-chart rect.band').count()).toBe(10)
    const box = await page.locator('#agent-chart').boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    expect(box!.height).toBeGreaterThan(100)
    await expect(page.locator('h1').textContent()).resolves.toBe('Ownership scorecard')
    const text = await page.locator('body').innerText()
    expect(text).toContain('Top phrases to coach')
    expect(text).toContain('Try: We set the policy')
    expect(text).toContain('<script>document.title="owned"</script>')
    expect(await page.title()).not.toBe('owned')
    expect(await page.locator('script, img').count()).toBe(0)
    expect(await page.locator('mark', { hasText: 'Corporate sets the policy' }).count()).toBeGreaterThan(0)
    expect(requests).toEqual([])
    await page.close()
  }, 60000)
})
