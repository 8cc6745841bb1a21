/**
 * `ownit serve`: argv → a listening server → exit code once it has stopped. SIGTERM and
 * SIGINT close it gracefully: no new requests, the ones in flight finish, then exit 0.
 * Exit 2 for usage or config problems, or a port that cannot be bound.
 */
import cluster from 'node:cluster'
import { resolve } from 'node:path'
import yargs from 'yargs'
import { parseSubcommand } from '../command/subcommand.js'
import { usableCores } from '../cores.js'
import { emptyFlag, emptyNumberFlag, notThat, type Io } from '../command/io.js'
import { ConfigFinder } from '../config/find.js'
import { printable } from '../printable.js'
import { ConfigError, readConfig, type Config } from '../config/load.js'
import { assertUniqueIds, loadBuiltinRuleset, PackError, uniquePacks } from '../pack/load.js'
import { buildServer } from './app.js'

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Run `ownit serve` with the arguments after `serve`; resolves to the exit code when the server stops. */
export async function mainServe(args: readonly string[], io: Io, version: string, cwd = process.cwd()): Promise<number> {
  const parser = yargs([...args])
    .scriptName('ownit serve')
    .usage('ownit serve [options]\n\nThe pre-send check as an HTTP service: POST /v1/check and /v1/fix, GET /v1/rules, /healthz, /openapi.json, and the live page at /.')
    .option('host', { type: 'string', default: '127.0.0.1', requiresArg: true, describe: 'address to bind (0.0.0.0: every interface)' })
    .option('port', { alias: 'p', type: 'number', default: 8080, requiresArg: true, describe: 'port to listen on (0: any free port)' })
    .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'use this config file (default: the nearest one from the working directory; --no-config: none)' })
    .option('max-bytes', { type: 'number', default: 1024 * 1024, requiresArg: true, describe: 'largest request body; larger ones get 413' })
    .option('timeout', { type: 'number', default: 30000, requiresArg: true, describe: 'milliseconds one check may run before it is stopped (503)' })
    .option('request-timeout', { type: 'number', default: 30000, requiresArg: true, describe: 'milliseconds to receive a whole request' })
    .option('token', { type: 'string', requiresArg: true, describe: 'require "Authorization: Bearer TOKEN" on /v1 routes (default: env OWNIT_TOKEN)' })
    .option('cors-origin', { type: 'string', array: true, requiresArg: true, describe: 'allow browser calls from this origin (repeatable; * for any). Default: CORS off' })
    .option('jobs', { alias: 'j', type: 'number', requiresArg: true, describe: 'worker threads for long checks, per process (default: the number of cores, at most 4; 1 with --processes)' })
    .option('processes', { type: 'number', default: 1, requiresArg: true, describe: 'server processes sharing the port, each answering short checks itself (0: one per core)' })
    .option('log-level', { choices: logLevels, default: 'info' as const, describe: 'access and error log level (JSON lines on stdout)' })
    .example('ownit serve', 'http://127.0.0.1:8080: the live page and the API')
    .example('OWNIT_TOKEN=s3cret ownit serve --host 0.0.0.0', 'on every interface, /v1 routes need the token')
    .example('ownit serve --cors-origin https://helpdesk.example.com', 'let a helpdesk page call it from the browser')
    .example('ownit serve --processes 0', 'one process per core: for a busy helpdesk')
    .epilogue('SIGTERM or SIGINT stops it gracefully: requests in flight finish first.')
  const argv = await parseSubcommand(parser, args, io, 'serve', ['cors-origin'])
  if (typeof argv === 'number') return argv
  const whole = (name: string, value: unknown, least: number): string | undefined =>
    Number.isInteger(value) && (value as number) >= least ? undefined : `--${name}: expected a whole number of at least ${least}, ${notThat(value)}`
  const problem =
    emptyFlag(argv, ['host', 'config', 'token', 'cors-origin']) ??
    emptyNumberFlag(args, { port: ['-p'], 'max-bytes': [], timeout: [], 'request-timeout': [], jobs: ['-j'], processes: [] }) ??
    (process.env.OWNIT_TOKEN === '' && argv.token === undefined ? 'OWNIT_TOKEN is set but empty: give the token, or unset it to serve without one' : undefined) ??
    whole('port', argv.port, 0) ??
    ((argv.port as number) > 65535 ? `--port: expected at most 65535, ${notThat(argv.port)}` : undefined) ??
    whole('max-bytes', argv['max-bytes'], 1) ??
    whole('timeout', argv.timeout, 1) ??
    whole('request-timeout', argv['request-timeout'], 1) ??
    (argv.jobs === undefined ? undefined : whole('jobs', argv.jobs, 1)) ??
    whole('processes', argv.processes, 0)
  if (problem) {
    io.stderr(`ownit serve: ${problem}\n`)
    return 2
  }

  let config: Config | undefined
  let configPath: string | undefined
  try {
    if (typeof argv.config === 'string') {
      config = readConfig(argv.config, cwd)
      if (!config) throw new ConfigError(`${argv.config}: no "ownit" field in this package.json`)
      configPath = resolve(cwd, argv.config)
    } else if (argv.config !== false) {
      config = new ConfigFinder(cwd).forFolder('.')
      if (config) configPath = resolve(cwd, config.file)
    }
    // Its packs meet the bundled ones here, not at the first request (a 500 for every one).
    if (config) assertUniqueIds(uniquePacks([...loadBuiltinRuleset().packs, ...config.packs]))
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PackError) {
      io.stderr(printable(`ownit: ${error.message}`) + '\n')
      return 2
    }
    throw error
  }

  const processes = (argv.processes as number) === 0 ? usableCores() : (argv.processes as number)
  if (processes > 1 && cluster.isPrimary) return runPrimary(processes, io, config?.file)

  // An empty one was refused above.
  const token = (argv.token as string | undefined) ?? process.env.OWNIT_TOKEN
  const corsOrigins = ((argv['cors-origin'] as string[] | undefined) ?? []).flatMap((origin) => origin.split(',')).map((origin) => origin.trim()).filter(Boolean)
  const app = buildServer({
    config,
    configPath,
    maxBytes: argv['max-bytes'] as number,
    timeout: argv.timeout as number,
    requestTimeout: argv['request-timeout'] as number,
    token,
    corsOrigins,
    jobs: (argv.jobs as number | undefined) ?? (processes > 1 ? 1 : undefined),
    logLevel: argv['log-level'] as string,
    version,
    cwd
  })
  const host = argv.host as string
  let address: string
  try {
    address = await app.listen({ host, port: argv.port as number })
  } catch (error) {
    await app.close()
    const code = (error as NodeJS.ErrnoException).code
    io.stderr(`ownit serve: cannot listen on ${host}:${String(argv.port)} (${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : code ?? String(error)})\n`)
    return leave(2)
  }
  // With --processes, the primary says where it listens, once for all.
  if (cluster.isPrimary) io.stderr(`ownit serve: listening on ${address}${config ? ` (config: ${config.file})` : ''}${token ? ', /v1 routes need the token' : ''}\n`)

  return new Promise<number>((done) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals): void => {
      // A second signal (Ctrl-C reaches every process of the group, then the primary's
      // SIGTERM) does not cut the drain short.
      if (stopping) return
      stopping = true
      app.log.info({ signal }, 'shutting down: finishing requests in flight')
      app.close().then(
        () => done(leave(0)),
        () => done(leave(1))
      )
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}

/** A server process of `--processes` lets go of the primary, so that it can exit. */
function leave(code: number): number {
  if (cluster.isWorker) process.disconnect()
  return code
}

/**
 * The primary of `--processes N`: start N server processes on the same port (the same
 * command line), say where they listen, restart one that dies, stop them all on SIGTERM or
 * SIGINT (each finishes its requests in flight). Exit 2 if one cannot start.
 */
function runPrimary(processes: number, io: Io, configFile: string | undefined): Promise<number> {
  return new Promise<number>((done) => {
    let listening = 0
    let stopping = false
    let failed = false
    const finish = (): void => {
      if (Object.keys(cluster.workers ?? {}).length === 0) done(failed ? 2 : 0)
    }
    const stop = (): void => {
      if (stopping) return
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
      finish()
    }
    // One at a time: a port that cannot be bound is reported once, by the first.
    cluster.on('listening', (_, address) => {
      if (++listening < processes && !stopping) cluster.fork()
      if (listening === processes) {
        const host = address.address.includes(':') ? `[${address.address}]` : address.address
        io.stderr(`ownit serve: listening on http://${host}:${address.port} (${processes} processes${configFile ? `, config: ${configFile}` : ''})\n`)
      }
    })
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return finish()
      if (listening < processes) {
        // A process that could not start (its own message says why): stop the others.
        failed = true
        return stop()
      }
      io.stderr(`ownit serve: process ${String(worker.process.pid)} ended (${signal ?? `exit ${String(code)}`}); starting another\n`)
      cluster.fork()
    })
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
    cluster.fork()
  })
}
