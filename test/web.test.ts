import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from './chromium.js'

const root = join(import.meta.dirname, '../dist/web')
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }
const reply = "I'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item"

let browser: Browser | undefined
let cannotStart = ''
let server: Server
let origin = ''

beforeAll(async () => {
  // The page as any static host serves it: dist/web, nothing else.
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(root, path === '/' ? 'index.html' : path)
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  ;({ browser, cannotStart } = await launchChromium('the live page is not tested in this run'))
}, 60000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server.close(resolve))
})

/** Open the page; `foreign` collects every request that leaves its origin. */
async function open(url = `${origin}/`): Promise<{ page: Page; foreign: string[]; errors: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1000, height: 900 } })
  const foreign: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('file:')) foreign.push(request.url())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(url)
  return { page, foreign, errors }
}

describe('the live page in Chromium', () => {
  test('highlights the three phrases as you type, and a click or Enter accepts a rewrite', async (context) => {
    if (!browser) return context.skip(cannotStart)
    const { page, foreign, errors } = await open()
    const box = page.getByRole('textbox', { name: 'Reply to the customer' })
    await box.pressSequentially(reply)
    const marks = page.locator('#backdrop mark')
    await expect.poll(() => marks.count()).toBe(3)
    expect(await marks.allTextContents()).toEqual(["I'm sorry for any inconvenience, but", 'not my fault', 'the warehouse sent the wrong'])
    expect(await marks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-category')))).toEqual(['non-apology', 'blame-shifting', 'blame-shifting'])
    await expect.poll(() => page.getByRole('status').textContent()).toBe('3 ownership issues')

    // Hovering a highlight shows its coaching and rewrites (the textarea lies over it).
    const mark = (await marks.nth(1).boundingBox())!
    await page.mouse.move(mark.x + mark.width / 2, mark.y + mark.height / 2)
    const popover = page.locator('#popover')
    await expect.poll(() => popover.isVisible()).toBe(true)
    expect(await popover.textContent()).toContain('not my fault')

    // Click a rewrite in the popover: the words are replaced and checked again.
    await page.mouse.move(mark.x + mark.width / 2, mark.y + mark.height + 12)
    await popover.getByRole('button').first().click()
    await expect.poll(() => box.inputValue()).toBe(
      "I'm sorry for any inconvenience, but it's I'm sorry this happened — here's what I'm doing to fix it: the warehouse sent the wrong item"
    )
    await expect.poll(() => marks.count()).toBe(2)

    // By keyboard: Tab to a rewrite in the issues list, Enter accepts it.
    const rewrite = page.getByRole('button', { name: /^Replace “the warehouse sent the wrong” with/ }).first()
    await rewrite.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => box.inputValue()).toContain("we got your order wrong, and I'm sorry item")
    await expect.poll(() => page.getByRole('status').textContent()).toBe('1 ownership issue')

    expect(foreign).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 60000)

  test('"Fix all safe" applies the safe rewrites, and an example fills the reply', async (context) => {
    if (!browser) return context.skip(cannotStart)
    const { page, errors } = await open()
    const box = page.getByRole('textbox', { name: 'Reply to the customer' })
    await expect.poll(() => page.getByRole('status').textContent()).toBe('No issues: ready to send.')
    expect(await page.getByRole('button', { name: 'Fix all safe' }).isDisabled()).toBe(true)
    await box.fill('Corporate sets the policy, not me.')
    await page.getByRole('button', { name: 'Fix all safe' }).click()
    await expect.poll(() => box.inputValue()).toBe('We set the policy, not me.')

    await page.getByLabel('Example reply').selectOption({ label: 'Refund delay' })
    await expect.poll(() => page.locator('#backdrop mark').count()).toBeGreaterThan(1)
    await page.getByLabel('Example reply').selectOption({ label: 'A good reply' })
    await expect.poll(() => page.getByRole('status').textContent()).toBe('No issues: ready to send.')
    expect(errors).toEqual([])
    await page.close()
  }, 60000)

  test('spelling loads its dictionary from the page\'s origin only when switched on', async (context) => {
    if (!browser) return context.skip(cannotStart)
    const { page, foreign, errors } = await open()
    const dictionaries: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('.lex')) dictionaries.push(new URL(request.url()).pathname)
    })
    const box = page.getByRole('textbox', { name: 'Reply to the customer' })
    await box.fill("Thanks for you patiense. It's not my fault.")
    await expect.poll(() => page.getByRole('status').textContent()).toBe('1 ownership issue')
    expect(dictionaries).toEqual([])
    await page.getByLabel('Check spelling').check()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15000 }).toBe('1 ownership issue, 1 spelling')
    expect(dictionaries).toEqual(['/dictionaries/en-US.lex'])
    await page.getByRole('button', { name: 'Replace “patiense” with “patience”' }).click()
    await expect.poll(() => box.inputValue()).toBe("Thanks for you patience. It's not my fault.")
    expect(foreign).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 60000)

  test('works as a static file, with no server', async (context) => {
    if (!browser) return context.skip(cannotStart)
    const { page, foreign, errors } = await open(pathToFileURL(join(root, 'index.html')).href)
    await page.getByRole('textbox', { name: 'Reply to the customer' }).fill(reply)
    await expect.poll(() => page.locator('#backdrop mark').count()).toBe(3)
    expect(foreign).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  }, 60000)
})
