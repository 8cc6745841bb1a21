/**
 * The live page: the files of `dist/web/` (built by the browser build) served at `/`, or a
 * short page saying it was not built. Only files under the folder are served.
 */
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.dic': 'text/plain; charset=utf-8',
  '.aff': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2'
}

const notBuilt = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>ownit</title>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>ownit</h1>
<p>The live page was not built, so only the API is served here.
Build it with <code>npm run build</code> (it writes <code>dist/web/</code>), or call the API:
<code>POST /v1/check</code> with <code>{"text": "…"}</code>. The API is described at <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
`

/** Serve `root` at `/` (GET and HEAD), or the "not built" page when `root` is missing. */
export function registerStatic(app: FastifyInstance, root: string): void {
  const folder = resolve(root)
  const built = (): boolean => existsSync(join(folder, 'index.html'))
  const send = async (reply: FastifyReply, path: string): Promise<FastifyReply> => {
    const body = await readFile(path)
    return reply
      .header('content-type', types[extname(path).toLowerCase()] ?? 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(body)
  }
  app.get('/', async (_request, reply) => {
    if (built()) return send(reply, join(folder, 'index.html'))
    return reply.header('content-type', 'text/html; charset=utf-8').send(notBuilt)
  })
  app.get('/*', async (request, reply) => {
    const wanted = (request.params as { '*': string })['*']
    let relativePath: string
    try {
      relativePath = decodeURIComponent(wanted)
    } catch {
      return reply.callNotFound()
    }
    const path = normalize(join(folder, relativePath))
    // No way out of the folder, and no dotfiles.
    if (!path.startsWith(folder + sep) || relativePath.split('/').some((part) => part.startsWith('.')) || relativePath.includes('\0')) return reply.callNotFound()
    let file = path
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html')
      if (!statSync(file).isFile()) return reply.callNotFound()
    } catch {
      return reply.callNotFound()
    }
    return send(reply, file)
  })
}
