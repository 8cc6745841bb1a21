/** The default, human output: vfile-reporter, with the coaching note under each message. */
import { VFile } from 'vfile'
import reporter from 'vfile-reporter'
import { compareMessage } from 'vfile-sort'

/**
 * Messages of one file handed to vfile-reporter at a time. It adds a file's rows to its
 * list in one call with every row as an argument, which overflows the stack past about
 * 100,000 rows: some 25,000 coached messages (three or four rows each) in one file.
 */
const partSize = 5000

export function formatStylish(files: readonly VFile[], options: { color: boolean; quiet: boolean }): string {
  if (files.length === 0) return ''
  const settings = { color: options.color, verbose: true, quiet: options.quiet }
  if (files.every((file) => file.messages.length <= partSize)) return reporter([...files], settings)
  return inParts(files, settings)
}

/**
 * The same report, with each big file given to vfile-reporter as parts of its sorted
 * messages: one call, so columns are aligned and messages counted over all of them, as
 * for the whole file. The parts go in under marker names (their place in the order is
 * the file's, which is sorted by path); a part's header line is taken out again, and the
 * first one's is replaced by the file's own.
 */
function inParts(files: readonly VFile[], settings: { color: boolean; verbose: boolean; quiet: boolean }): string {
  const marker = `\u0000ownit-part-${Math.random().toString(36).slice(2)}\u0000`
  const headers = new Map<string, string>()
  const parts: VFile[] = []
  for (const file of files) {
    if (file.messages.length <= partSize) {
      parts.push(file)
      continue
    }
    const sorted = [...file.messages].sort(compareMessage)
    const first = `${marker}${headers.size}\u0000`
    // The file's own header: its name (and `> written-to`) and the colour of its worst message.
    const probe = new VFile({ history: [...file.history], stored: file.stored })
    probe.messages = [sorted.find((message) => message.fatal === true) ?? sorted[0]!]
    headers.set(first, reporter([probe], settings).split('\n', 1)[0]!)
    for (let start = 0; start < sorted.length; start += partSize) {
      const part = new VFile({ history: [start === 0 ? first : marker, file.path] })
      part.messages = sorted.slice(start, start + partSize)
      parts.push(part)
    }
  }
  const lines: string[] = []
  for (const line of reporter(parts, settings).split('\n')) {
    if (!line.includes(marker)) {
      lines.push(line)
      continue
    }
    const name = [...headers.keys()].find((key) => line.includes(key))
    if (name !== undefined) {
      lines.push(headers.get(name)!)
      continue
    }
    // A later part: its header, and the blank line vfile-reporter puts before a file's header.
    if (lines.at(-1) === '') lines.pop()
  }
  return lines.join('\n')
}
