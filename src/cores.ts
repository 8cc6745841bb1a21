/**
 * How many cores this process may use: what `os.availableParallelism()` says (the CPU
 * affinity), lowered to the container's CPU quota when there is one. Node 20 does not look
 * at cgroup quotas, so a container started with `--cpus 2` on a 64-core host would start 64
 * worker threads, each loading and compiling the same code on two cores' worth of time.
 */
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

/** Reads a file as text; throws when it cannot (the default reads the real one). */
export type ReadText = (path: string) => string

const readText: ReadText = (path) => readFileSync(path, 'utf8')

/**
 * The CPU quota of this process's cgroup, in cores (rounded up), or undefined when there is
 * none: cgroup v2 `cpu.max` ("200000 100000"; "max" is none), else v1
 * `cpu.cfs_quota_us` / `cpu.cfs_period_us` (-1 is none).
 */
export function cgroupCpuQuota(read: ReadText = readText): number | undefined {
  const cores = (quota: number, period: number): number | undefined => (Number.isFinite(quota) && Number.isFinite(period) && quota > 0 && period > 0 ? Math.max(1, Math.ceil(quota / period)) : undefined)
  const attempt = (paths: readonly string[]): string | undefined => {
    for (const path of paths) {
      try {
        return read(path).trim()
      } catch {
        // Not this layout: try the next.
      }
    }
    return undefined
  }
  const max = attempt(['/sys/fs/cgroup/cpu.max'])
  if (max !== undefined) {
    const [quota, period] = max.split(/\s+/)
    return quota === 'max' ? undefined : cores(Number(quota), Number(period ?? 100_000))
  }
  const quota = attempt(['/sys/fs/cgroup/cpu/cpu.cfs_quota_us', '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us'])
  const period = attempt(['/sys/fs/cgroup/cpu/cpu.cfs_period_us', '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us'])
  return quota === undefined || period === undefined ? undefined : cores(Number(quota), Number(period))
}

let usable: number | undefined

/** Cores this process may use (at least 1); read once. */
export function usableCores(): number {
  usable ??= Math.max(1, Math.min(availableParallelism(), cgroupCpuQuota() ?? Infinity))
  return usable
}
