/** The default, human output: vfile-reporter, with the coaching note under each message. */
import { VFile } from 'vfile'
import reporter from 'vfile-reporter'
import { compareFile, compareMessage } from 'vfile-sort'
import { hasUnprintable, printable } from '../printable.js'

export interface StylishOptions {
  color: boolean
  quiet: boolean
  /**
   * Inputs some of whose fields could not be read (a macro export's number where text
   * belongs), with how many: each said on stderr. Such a file's header says so, never
   * "no issues found". Default: none.
   */
  notLinted?: ReadonlyMap<VFile, number> | undefined
}

/**
 * Messages of one file handed to vfile-reporter at a time. It adds a file's rows to its
 * list in one call with every row as an argument, which overflows the stack past about
 * 100,000 rows: some 25,000 coached messages (three or four rows each) in one file.
 */
const partSize = 5000

/**
 * Messages in one run past which the report is made a file at a time: one string of it
 * all would pass V8's longest (about 512 M characters, some 1.5 million messages) and
 * crash. Columns are then aligned within each file rather than over all of them.
 */
const wholeReportMessages = 200_000

/**
 * The report in parts, joined the same as `formatStylish` (up to `whole` messages in all,
 * it is one part). Files come sorted by path, as vfile-reporter sorts them.
 */
export function* stylishParts(files: readonly VFile[], options: StylishOptions, whole = wholeReportMessages): Generator<string> {
  let total = 0
  for (const file of files) total += file.messages.length
  if (total <= whole) {
    yield formatStylish(files, options)
    return
  }
  const counts = { fatal: 0, warn: 0, info: 0 }
  let lastWasMessage = false
  let first = true
  for (const file of [...files].sort(compareFile)) {
    let report = formatStylish([file], options)
    const own = { fatal: 0, warn: 0, info: 0 }
    for (const message of file.messages) own[message.fatal ? 'fatal' : message.fatal === false ? 'warn' : 'info']++
    const byline = bylineOf(own, options.color)
    if (byline && report.endsWith(`\n\n${byline}`)) report = report.slice(0, -byline.length - 2)
    for (const key of ['fatal', 'warn', 'info'] as const) counts[key] += own[key]
    if (!report) continue
    // vfile-reporter's blank line between a file's messages and the next file's header.
    yield `${first ? '' : '\n'}${lastWasMessage ? '\n' : ''}${report}`
    first = false
    lastWasMessage = file.messages.length > 0
  }
  const byline = bylineOf(counts, options.color)
  if (byline) yield `${first ? '' : '\n\n'}${byline}`
}

/** vfile-reporter's last line: `✖ 2 errors, ⚠ 1 warning`, or `4 messages (…)` with infos among them. */
function bylineOf(counts: { fatal: number; warn: number; info: number }, color: boolean): string {
  const [red, yellow, reset] = color ? ['\u001B[31m', '\u001B[33m', '\u001B[39m'] : ['', '', '']
  let result = ''
  if (counts.fatal) result = `${red}✖${reset} ${counts.fatal} error${counts.fatal === 1 ? '' : 's'}`
  if (counts.warn) result = `${result ? `${result}, ` : ''}${yellow}⚠${reset} ${counts.warn} warning${counts.warn === 1 ? '' : 's'}`
  const total = counts.fatal + counts.warn + counts.info
  if (!counts.fatal && !counts.warn) return ''
  if (total !== counts.fatal && total !== counts.warn) result = `${total} messages (${result})`
  return result
}

export function formatStylish(files: readonly VFile[], options: StylishOptions): string {
  if (files.length === 0) return ''
  const settings = { color: options.color, verbose: true, quiet: options.quiet }
  const shown = files.map(withPrintableName)
  const report = shown.every((file) => file.messages.length <= partSize) ? reporter(shown, settings) : inParts(shown, settings)
  return options.notLinted && options.notLinted.size > 0 ? sayNotLinted(report, files, shown, options.notLinted, settings) : report
}

/**
 * The file itself, or, when its name holds control characters (`we\nird.txt`), a copy
 * with the same messages whose name has them escaped (see `printable`): the header is
 * one line, and the terminal shows the name rather than acting on it.
 */
function withPrintableName(file: VFile): VFile {
  if (!file.history.some(hasUnprintable)) return file
  const shown = new VFile({ history: file.history.map(printable), stored: file.stored })
  shown.messages = file.messages
  return shown
}

/**
 * The report with the header of each file some of whose fields were not linted saying
 * so, in red: `macros.json: 1 field not linted` rather than `no issues found`. The
 * header is found as vfile-reporter writes it for the file alone.
 */
function sayNotLinted(report: string, files: readonly VFile[], shown: readonly VFile[], notLinted: ReadonlyMap<VFile, number>, settings: { color: boolean; verbose: boolean; quiet: boolean }): string {
  const headers = new Map<string, string>()
  files.forEach((file, index) => {
    const count = notLinted.get(file)
    if (!count) return
    const name = shown[index]!
    const probe = new VFile({ history: [...name.history], stored: name.stored })
    const worst = name.messages.find((message) => message.fatal === true) ?? name.messages[0]
    probe.messages = worst ? [worst] : []
    const header = reporter([probe], settings).split('\n', 1)[0]!
    probe.messages = []
    probe.message('not linted').fatal = true
    headers.set(header, `${reporter([probe], settings).split('\n', 1)[0]!}: ${count} field${count === 1 ? '' : 's'} not linted`)
  })
  let result = report
  for (const [header, replacement] of headers) result = replaceLine(result, header, replacement)
  return result
}

/** `text` with its line `line` (the first, if several) replaced; the same text when it has none. */
function replaceLine(text: string, line: string, replacement: string): string {
  let at = -1
  if (text === line || text.startsWith(`${line}\n`)) {
    at = 0
  } else {
    const inside = text.indexOf(`\n${line}\n`)
    if (inside >= 0) at = inside + 1
    else if (text.endsWith(`\n${line}`)) at = text.length - line.length
  }
  return at < 0 ? text : text.slice(0, at) + replacement + text.slice(at + line.length)
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
