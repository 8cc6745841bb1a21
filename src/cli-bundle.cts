/**
 * Run the bundled CLI (dist/bundle/cli.cjs, built by scripts/build-cli.js) with a V8 code
 * cache: compiling the bundle's ~0.75 MB of JavaScript, and the functions a check calls,
 * is a large part of a cold start, and V8 can skip it with the code it saved last time.
 * Node 20 has no code cache for ES modules (`module.enableCompileCache` is Node 22), so
 * the bundle is CommonJS, compiled here with `vm.Script` and its `cachedData`.
 *
 * The cache (dist/bundle/cli.cache; cli.flags.cache for runs with Node.js flags) is
 * written by the build and rewritten by any run that
 * could not use it (another Node.js version, a rebuilt bundle). It starts with a checksum
 * of the bundle it belongs to and one of its own bytes: a stale, cut-short or damaged
 * cache is ignored, never run. Writing is best effort (a read-only install runs without
 * it) and atomic (a new file renamed into place), so processes running at once never see
 * half.
 *
 * This loader is CommonJS too (bin/ownit.js requires it): starting Node.js's ES module
 * loader for the entry point alone cost about 10 ms of every run. The checksums are
 * CRC-32 (zlib), not a cryptographic digest: loading node:crypto cost 3 ms more, and they
 * guard against accidents, not attacks (whoever can write the cache can write the bundle).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import vm from 'node:vm'
import { crc32 } from 'node:zlib'

const bundleFolder = join(__dirname, 'bundle')
const bundleFile = join(bundleFolder, 'cli.cjs')
/**
 * V8 refuses code cached under other flags (`node --max-old-space-size=…`, NODE_OPTIONS):
 * runs with flags keep their own cache, so that they and plain runs do not rewrite each
 * other's on every alternation.
 */
const cacheFile = join(bundleFolder, process.execArgv.length > 0 || (process.env.NODE_OPTIONS ?? '').trim() !== '' ? 'cli.flags.cache' : 'cli.cache')

const magic = 'OWNITCC2'
const digestBytes = 4
const headerBytes = magic.length + 2 * digestBytes

interface Bundle {
  main: (args: readonly string[]) => Promise<number>
}

function digest(data: Uint8Array): Buffer {
  const sum = Buffer.alloc(digestBytes)
  sum.writeUInt32BE(crc32(data))
  return sum
}

/** The cached code for `sourceDigest`, or undefined when there is none that can be trusted. */
function readCache(sourceDigest: Buffer): Buffer | undefined {
  let bytes: Buffer
  try {
    bytes = readFileSync(cacheFile)
  } catch {
    return undefined
  }
  if (bytes.length <= headerBytes || bytes.toString('latin1', 0, magic.length) !== magic) return undefined
  const payload = bytes.subarray(headerBytes)
  if (!bytes.subarray(magic.length, magic.length + digestBytes).equals(sourceDigest)) return undefined
  if (!bytes.subarray(magic.length + digestBytes, headerBytes).equals(digest(payload))) return undefined
  return payload
}

function writeCache(sourceDigest: Buffer, payload: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(magic, 'latin1'), sourceDigest, digest(payload), payload]))
    renameSync(temporary, cacheFile)
  } catch {
    // A read-only install: the next run compiles the bundle again, as it did this time.
    rmSync(temporary, { force: true })
  }
}

/** Run the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function runBundle(args: readonly string[]): Promise<number> {
  const bytes = readFileSync(bundleFile)
  // ASCII (scripts/build-cli.js): Latin-1 is a plain copy, where UTF-8 is decoded.
  const source = bytes.toString('latin1')
  const sourceDigest = digest(bytes)
  const cachedData = readCache(sourceDigest)
  // `__ownitImport`: Node 20 lets a vm script import() only with a flag, so `ownit serve`,
  // left out of the bundle, is imported from here (by absolute URL, see cli.ts).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __ownitImport) {${source}\n})`, { filename: bundleFile, cachedData })
  const module = { exports: {} as Bundle }
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string, load: (url: string) => Promise<unknown>) => void
  wrapper(module.exports, createRequire(bundleFile), module, bundleFile, bundleFolder, (url) => import(url))
  const code = await module.exports.main(args)
  // After the run, so that the functions this check compiled are in the cache too.
  if (cachedData === undefined || script.cachedDataRejected === true) writeCache(sourceDigest, script.createCachedData())
  return code
}
