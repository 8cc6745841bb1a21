/**
 * Find and read a project's .ownit-words file: the nearest one in the linted file's
 * folder or above, the way configuration is found. For the CLI; the library takes
 * `words` instead.
 */
import { statSync } from 'node:fs'
import { readBoundedText } from '../input/read.js'
import { dirname, join, resolve } from 'node:path'
import { parseWordList } from './words.js'

/** The name of a project's word list. */
export const wordsFileName = '.ownit-words'

/** The nearest .ownit-words in `folder` or a parent, or undefined. */
export function findWordsFile(folder: string): string | undefined {
  let current = resolve(folder)
  for (;;) {
    const candidate = join(current, wordsFileName)
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // Not here: look further up.
    }
    const parent = dirname(current)
    if (parent === current) return undefined
    current = parent
  }
}

/** The words of an .ownit-words file, read up to the input limit. Throws the fs error (or TooLargeError) when it cannot be read. */
export function readWordsFile(path: string): string[] {
  return parseWordList(readBoundedText(path))
}
