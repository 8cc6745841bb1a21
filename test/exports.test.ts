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
