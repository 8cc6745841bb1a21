/**
 * `target.push(...items)` passes every item as an argument on the stack: past about
 * 100,000 items it throws "Maximum call stack size exceeded". This appends any number.
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let index = 0; index < items.length; index++) target.push(items[index]!)
  return target
}
