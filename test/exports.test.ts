import { expect, test } from 'vitest'
import * as ownit from '../src/index.js'

test('the public API is exactly these exports', () => {
  expect(Object.keys(ownit).sort()).toEqual(
    [
      'PackError',
      'categories',
      'check',
      'families',
      'fix',
      'loadBuiltinRuleset',
      'parsePack',
      'readPack',
      'retextOwnit',
      'retextOwnitBlameShifting',
      'retextOwnitCondescension',
      'retextOwnitDeflection',
      'retextOwnitDistancing',
      'retextOwnitHelplessness',
      'retextOwnitNonApology',
      'retextOwnitVaguePromise',
      'severities',
      'toOwnitMessage'
    ].sort()
  )
})

test('the package exports the library and the browser build', async () => {
  const { default: manifest } = await import('../package.json', { with: { type: 'json' } })
  expect(manifest.exports).toEqual({
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './browser': { types: './dist/browser.d.ts', default: './dist/browser/ownit.js' },
    './package.json': './package.json'
  })
})
