import { availableParallelism } from 'node:os'
import { describe, expect, test } from 'vitest'
import { cgroupCpuQuota, usableCores } from '../src/cores.js'

/** A reader of the given files only; any other path does not exist. */
const files = (entries: Record<string, string>) => (path: string) => {
  const text = entries[path]
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  return text
}

describe('the cores a process may use', () => {
  test('a cgroup v2 quota, rounded up to whole cores; "max" is none', () => {
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2)
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '150000 100000' }))).toBe(2)
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': '50000 100000' }))).toBe(1)
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }))).toBeUndefined()
  })

  test('a cgroup v1 quota and period, in either layout; -1 is none', () => {
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(4)
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '250000\n', '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n' }))).toBe(3)
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBeUndefined()
  })

  test('no cgroup files, or ones that make no sense, mean no quota', () => {
    expect(cgroupCpuQuota(files({}))).toBeUndefined()
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu.max': 'garbage' }))).toBeUndefined()
    expect(cgroupCpuQuota(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '100000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '0' }))).toBeUndefined()
  })

  test('this process: at least one core, never more than the affinity allows', () => {
    expect(usableCores()).toBeGreaterThanOrEqual(1)
    expect(usableCores()).toBeLessThanOrEqual(availableParallelism())
  })
})
