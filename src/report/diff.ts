/**
 * A unified diff of one file's fixes, as `git diff` prints it (for `--fix-dry-run`).
 *
 * Fixes change words within lines, so the fixed file usually has the same lines as the
 * original: then each line is paired with its own fixed version, in one pass. A general
 * diff (jsdiff's Myers algorithm) takes time growing with the number of changed lines
 * times the file's length: 16,000 fixed lines took 29 s. It is used only when the number
 * of lines changed, and is bounded: past `maxEditLength` the whole file is one hunk.
 */
import { createTwoFilesPatch, formatPatch, type StructuredPatch, type StructuredPatchHunk } from 'diff'

const context = 3
/** Lines added or removed past which a general diff gives up (see the module's comment). */
const maxEditLength = 2000
const noNewline = '\\ No newline at end of file'

export function formatDiff(path: string, before: string, after: string): string {
  const name = path.replace(/\\/g, '/')
  const oldName = `a/${name}`
  const newName = `b/${name}`
  const oldLines = linesOf(before)
  const newLines = linesOf(after)
  let patch: StructuredPatch | undefined
  if (oldLines.length === newLines.length) patch = { oldFileName: oldName, newFileName: newName, oldHeader: '', newHeader: '', hunks: pairedHunks(oldLines, newLines, before.endsWith('\n'), after.endsWith('\n')) }
  const text =
    patch !== undefined
      ? formatPatch(patch)
      : (createTwoFilesPatch(oldName, newName, before, after, '', '', { context, maxEditLength }) ??
        formatPatch({ oldFileName: oldName, newFileName: newName, oldHeader: '', newHeader: '', hunks: [wholeHunk(oldLines, newLines, before.endsWith('\n'), after.endsWith('\n'))] }))
  return text.replace(/^=+\n/, '')
}

/** The lines of a text, without their `\n` (a final line break ends the last line, it does not start one). */
function linesOf(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()
  return lines
}

/**
 * Hunks for two texts with as many lines, line i paired with line i: runs of changed lines
 * with `context` lines around them, hunks merged when fewer than 2 × `context` unchanged
 * lines part them (as jsdiff does).
 */
function pairedHunks(oldLines: readonly string[], newLines: readonly string[], oldEndsLine: boolean, newEndsLine: boolean): StructuredPatchHunk[] {
  const last = oldLines.length - 1
  // The last line also differs when only one side ends it with a line break.
  const differs = (index: number): boolean => oldLines[index] !== newLines[index] || (index === last && oldEndsLine !== newEndsLine)
  const hunks: StructuredPatchHunk[] = []
  let index = 0
  while (index <= last) {
    if (!differs(index)) {
      index++
      continue
    }
    const start = Math.max(0, index - context)
    let end = index
    // Extend over changed lines and short unchanged gaps between them.
    for (let probe = index; probe <= last; probe++) {
      if (differs(probe)) end = probe
      else if (probe - end > 2 * context) break
    }
    const stop = Math.min(last, end + context)
    const lines: string[] = []
    for (let at = start; at <= stop; ) {
      if (!differs(at)) {
        lines.push(' ' + oldLines[at])
        if (at === last && !oldEndsLine) lines.push(noNewline)
        at++
        continue
      }
      let runEnd = at
      while (runEnd + 1 <= stop && differs(runEnd + 1)) runEnd++
      for (let line = at; line <= runEnd; line++) {
        lines.push('-' + oldLines[line])
        if (line === last && !oldEndsLine) lines.push(noNewline)
      }
      for (let line = at; line <= runEnd; line++) {
        lines.push('+' + newLines[line])
        if (line === last && !newEndsLine) lines.push(noNewline)
      }
      at = runEnd + 1
    }
    const count = stop - start + 1
    hunks.push({ oldStart: start + 1, oldLines: count, newStart: start + 1, newLines: count, lines })
    index = stop + 1
  }
  return hunks
}

/** One hunk replacing every line: when a general diff would take too long. */
function wholeHunk(oldLines: readonly string[], newLines: readonly string[], oldEndsLine: boolean, newEndsLine: boolean): StructuredPatchHunk {
  const lines = [...oldLines.map((line) => '-' + line), ...(oldLines.length > 0 && !oldEndsLine ? [noNewline] : []), ...newLines.map((line) => '+' + line), ...(newLines.length > 0 && !newEndsLine ? [noNewline] : [])]
  return { oldStart: 1, oldLines: oldLines.length, newStart: 1, newLines: newLines.length, lines }
}
