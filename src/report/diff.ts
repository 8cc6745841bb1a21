/** A unified diff of one file's fixes, as `git diff` prints it (for `--fix-dry-run`). */
import { createTwoFilesPatch } from 'diff'

export function formatDiff(path: string, before: string, after: string): string {
  const name = path.replace(/\\/g, '/')
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: 3 })
  return patch.replace(/^=+\n/, '')
}
