// The bundled CLI's string-width (see scripts/build-cli.js). yargs, cliui and
// vfile-reporter each bring their own copy, and two of those build an Intl.Segmenter and
// Unicode-property regular expressions as soon as they are loaded: about 30 ms of every
// cold start, to measure text that is almost always plain. Text made only of characters
// one column wide in every terminal is measured here; anything else (tabs, wide, emoji,
// combining marks) goes to vfile-reporter's string-width, loaded the first time.
import { stripVTControlCharacters } from 'node:util'

let full

/** Whether every character of `text` takes exactly one column. */
function narrow(text) {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 0x20 && code <= 0x7e) continue
    // Latin-1 and Latin Extended (not the soft hyphen, which is invisible), then the
    // dashes, quotation marks, bullets and ellipsis of General Punctuation.
    if (code >= 0xa0 && code <= 0x2ff && code !== 0xad) continue
    if ((code >= 0x2010 && code <= 0x2027) || (code >= 0x2030 && code <= 0x205e)) continue
    return false
  }
  return true
}

export default function stringWidth(string, options = {}) {
  if (typeof string !== 'string' || string.length === 0) return 0
  const text = options.countAnsiEscapeCodes ? string : stripVTControlCharacters(string)
  // "Ambiguous" characters (“ ” …) are one column unless the caller asks otherwise.
  if (options.ambiguousIsNarrow !== false && narrow(text)) return text.length
  full ??= require('ownit-full-string-width').default
  return full(string, options)
}
