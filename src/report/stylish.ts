/** The default, human output: vfile-reporter, with the coaching note under each message. */
import type { VFile } from 'vfile'
import reporter from 'vfile-reporter'

export function formatStylish(files: readonly VFile[], options: { color: boolean; quiet: boolean }): string {
  if (files.length === 0) return ''
  return reporter([...files], { color: options.color, verbose: true, quiet: options.quiet })
}
