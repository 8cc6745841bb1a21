/** Expand the inputs named on the command line into the files to lint. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describeFsError, InputError } from './read.js'

/** Extensions linted when a folder is given. */
export const lintedExtensions = ['.txt', '.text', '.md', '.markdown']

const skippedFolders = new Set(['node_modules', '.git'])

export interface Expanded {
  files: string[]
  errors: InputError[]
}

/** Files as given; folders walked for linted extensions (`node_modules` and `.git` skipped). */
export function expandInputs(inputs: readonly string[]): Expanded {
  const files: string[] = []
  const errors: InputError[] = []
  for (const input of inputs) {
    if (input === '-') {
      files.push(input)
      continue
    }
    let isDirectory: boolean
    try {
      isDirectory = statSync(input).isDirectory()
    } catch (error) {
      errors.push(new InputError(`${input}: cannot read (${describeFsError(error)})`))
      continue
    }
    if (!isDirectory) {
      files.push(input)
      continue
    }
    const found = walk(input, errors)
    if (found.length === 0) errors.push(new InputError(`${input}: no files to lint (looked for ${lintedExtensions.join(', ')})`))
    files.push(...found)
  }
  return { files, errors }
}

function walk(folder: string, errors: InputError[]): string[] {
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch (error) {
    errors.push(new InputError(`${folder}: cannot read (${describeFsError(error)})`))
    return []
  }
  const files: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) files.push(...walk(path, errors))
    } else if (entry.isFile() && lintedExtensions.some((extension) => entry.name.toLowerCase().endsWith(extension))) {
      files.push(path)
    }
  }
  return files
}
