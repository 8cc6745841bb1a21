/**
 * `--fix-dry-run`'s diff: line by line when the fixes keep the lines (they change words
 * within them), a general diff otherwise. Either way the patch turns the original into the
 * fixed text, and reads as jsdiff would print it.
 */
import { applyPatch, createTwoFilesPatch } from 'diff'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { formatDiff } from '../src/report/diff.js'

/** Lines that are all different, so that only one pairing of them is right. */
const distinctLines = fc.uniqueArray(fc.stringMatching(/^[a-z ]{0,12}$/), { minLength: 1, maxLength: 60 })

const jsdiff = (before: string, after: string) => createTwoFilesPatch('a/x.md', 'b/x.md', before, after, '', '', { context: 3 })!.replace(/^=+\n/, '')

describe('the diff of --fix-dry-run', () => {
  test('lines fixed in place: the same patch as jsdiff, and it applies', () => {
    fc.assert(
      fc.property(distinctLines, fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), fc.boolean(), (lines, picks, oldBreak, newBreak) => {
        const fixed = [...lines]
        // Fix some lines: a new line that is none of the others.
        for (const pick of picks) fixed[pick % lines.length] = `fixed ${pick} ${fixed[pick % lines.length]}`.toUpperCase()
        const before = lines.join('\n') + (oldBreak ? '\n' : '')
        const after = fixed.join('\n') + (newBreak ? '\n' : '')
        if (before === after) return
        const patch = formatDiff('x.md', before, after)
        expect(applyPatch(before, patch)).toBe(after)
        expect(patch).toBe(jsdiff(before, after))
      }),
      { numRuns: 500 }
    )
  })

  test('lines added or removed: a general diff, or one hunk when that would take too long; it applies', () => {
    const before = 'one\ntwo\nthree\n'
    const after = 'one\ntwo and\nmore\nthree\n'
    expect(formatDiff('x.md', before, after)).toBe(jsdiff(before, after))
    // 5,000 lines, every one changed and one more: past the general diff's bound.
    const many = Array.from({ length: 5000 }, (_, index) => `line ${index}`)
    const longBefore = many.join('\n') + '\n'
    const longAfter = [...many.map((line) => line.toUpperCase()), 'extra'].join('\n')
    const patch = formatDiff('x.md', longBefore, longAfter)
    expect(patch.match(/^@@ /gm)).toHaveLength(1)
    expect(applyPatch(longBefore, patch)).toBe(longAfter)
  })

  test('16,000 fixed lines give one line-by-line patch, which applies', () => {
    const lines = Array.from({ length: 16_000 }, (_, index) => `Sorry for any inconvenience, reply ${index}.`)
    const before = lines.join('\n') + '\n'
    const after = lines.map((line) => line.replace('Sorry for any inconvenience', "I'm sorry we let you down")).join('\n') + '\n'
    const patch = formatDiff('x.md', before, after)
    expect(patch.match(/^@@ /gm)).toHaveLength(1)
    expect(applyPatch(before, patch)).toBe(after)
  })
})
