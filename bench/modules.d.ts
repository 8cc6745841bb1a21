// write-good and autocannon ship no types; the benchmark uses one call of each.
declare module 'write-good' {
  export default function writeGood(text: string, options?: Record<string, boolean>): Array<{ index: number; offset: number; reason: string }>
}
declare module 'autocannon' {
  const autocannon: (options: Record<string, unknown>) => Promise<any>
  export default autocannon
}
