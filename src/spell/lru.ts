/** A small least-recently-used cache: a Map in use order, oldest dropped first. */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>()

  /** @param capacity how many entries to keep (at least 1) */
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > Math.max(1, this.capacity)) this.#entries.delete(this.#entries.keys().next().value!)
  }

  get size(): number {
    return this.#entries.size
  }
}
