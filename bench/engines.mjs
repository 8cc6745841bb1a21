// The engines the benchmark compares. Each `load` imports what it needs and returns one
// function that checks one text, so that import and set-up time are measured apart.
import { makePhrases } from './generate.mjs'

/** @typedef {(text: string) => unknown} CheckOne */
/** @typedef {{name: string, label: string, load: () => Promise<CheckOne>}} Engine */

/** @type {Engine[]} */
export const engines = [
  {
    name: 'regexp',
    label: 'RegExp, 200 phrases (raw floor)',
    async load() {
      const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const pattern = new RegExp(`\\b(?:${makePhrases().map(escape).join('|')})\\b`, 'gi')
      return (text) => {
        let count = 0
        for (const _ of text.matchAll(pattern)) count++
        return count
      }
    }
  },
  {
    name: 'retext',
    label: 'retext().use(retextEnglish) parse (floor)',
    async load() {
      const { retext } = await import('retext')
      const { default: retextEnglish } = await import('retext-english')
      const processor = retext().use(retextEnglish).freeze()
      return (text) => processor.parse(text)
    }
  },
  {
    name: 'ownit',
    label: 'ownit check, spelling off',
    async load() {
      const { check } = await import('../dist/index.js')
      return (text) => check(text, { spelling: false })
    }
  },
  {
    name: 'ownit-spelling',
    label: 'ownit check, spelling on',
    async load() {
      const { check } = await import('../dist/index.js')
      return (text) => check(text, { spelling: true })
    }
  },
  {
    name: 'alex',
    label: 'alex 11 (text)',
    async load() {
      const { text: alex } = await import('alex')
      return (text) => alex(text)
    }
  },
  {
    name: 'write-good',
    label: 'write-good 1',
    async load() {
      const { default: writeGood } = await import('write-good')
      return (text) => writeGood(text)
    }
  }
]

/**
 * @param {string} name
 * @returns {Engine}
 */
export function engineNamed(name) {
  const engine = engines.find((candidate) => candidate.name === name)
  if (!engine) throw new Error(`unknown engine ${name}, expected one of: ${engines.map((e) => e.name).join(', ')}`)
  return engine
}
