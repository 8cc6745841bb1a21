/** Debian's Chromium, headless, for the tests that render a page. */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

const executablePath = '/usr/bin/chromium'
// Without the background-networking flags Chromium's own connections are refused, many at a
// time, by this machine's closed network.
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * Start Chromium, or say why it cannot start: `cannotStart` names the path, the reason and
 * `untested` (what this run leaves untested), and is printed as a warning.
 */
export async function launchChromium(untested: string): Promise<{ browser: Browser | undefined; cannotStart: string }> {
  try {
    return { browser: await chromium.launch({ executablePath, args, timeout: 30000 }), cannotStart: '' }
  } catch (error) {
    const reason = existsSync(executablePath) ? (error as Error).message.split('\n')[0] : 'not installed'
    const cannotStart = `Chromium cannot start at ${executablePath} (${reason}): ${untested}`
    console.warn(`skipping: ${cannotStart}`)
    return { browser: undefined, cannotStart }
  }
}
