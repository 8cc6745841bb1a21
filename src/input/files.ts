/**
 * Expand the inputs named on the command line into the files to lint: files as given,
 * folders walked for lintable extensions, glob patterns matched. `node_modules`, `.git`
 * and whatever `.ownitignore` (gitignore syntax, in the working directory) lists are
 * skipped when walking folders and matching globs; a file named explicitly is always linted.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { globSync, isDynamicPattern } from 'tinyglobby'
import { pushAll } from '../arrays.js'
import { describeFsError, emptyName, InputError } from './read.js'

/** Extensions linted when a folder is given. */
export const lintedExtensions = ['.txt', '.text', '.md', '.markdown', '.html', '.htm']

/**
 * Extensions also walked for macros: templates, and JSON and YAML data, which is linted
 * only when it is a macro export (or `--fields` finds text in it).
 */
export const macroExtensions = ['.json', '.yaml', '.yml', '.liquid', '.hbs', '.handlebars', '.mustache']

/** The ignore file read from the working directory. */
export const ignoreFile = '.ownitignore'

const skippedFolders = new Set(['node_modules', '.git'])

export interface Expanded {
  files: string[]
  errors: InputError[]
  /** The files found by walking a folder, not named: data in them may not be macros. */
  walked: Set<string>
  /** Folders where the walk found only JSON or YAML: an error unless one of them holds macros. */
  onlyData: Array<{ error: InputError; files: string[] }>
}

/** Files as given; folders walked for linted extensions; globs matched. Never throws. */
export function expandInputs(inputs: readonly string[], cwd = process.cwd()): Expanded {
  const files: string[] = []
  const errors: InputError[] = []
  const walked = new Set<string>()
  const named = new Set<string>()
  const onlyData: Expanded['onlyData'] = []
  let globbed = false
  const ignored = readIgnore(cwd, errors)
  const isIgnored = (path: string, isFolder = false): boolean => {
    const relativePath = relative(cwd, resolve(cwd, path))
    if (!relativePath || relativePath.startsWith('..') || isAbsolute(relativePath)) return false
    return ignored.ignores(isFolder ? `${relativePath}/` : relativePath)
  }
  for (const input of inputs) {
    if (input === '-') {
      files.push(input)
      continue
    }
    // Not the current folder: most likely a shell variable that was not set (ownit "$FILE").
    if (input === '') {
      errors.push(new InputError(`"": ${emptyName}`))
      continue
    }
    if (!existsSync(resolve(cwd, input)) && isDynamicPattern(input)) {
      let matches: string[]
      try {
        matches = globSync(input, { cwd, ignore: ['**/node_modules/**', '**/.git/**'], onlyFiles: true, expandDirectories: false })
      } catch (error) {
        errors.push(new InputError(`${input}: bad glob pattern (${(error as Error).message.split('\n')[0]})`))
        continue
      }
      const found = matches.filter((path) => !isIgnored(path)).sort()
      if (found.length === 0) errors.push(new InputError(`${input}: no files match this pattern`))
      pushAll(files, found)
      globbed = true
      continue
    }
    let isDirectory: boolean
    try {
      isDirectory = statSync(resolve(cwd, input)).isDirectory()
    } catch (error) {
      errors.push(new InputError(`${input}: cannot read (${describeFsError(error)})`))
      continue
    }
    if (!isDirectory) {
      named.add(input)
      files.push(input)
      continue
    }
    const found = walk(input, cwd, errors, isIgnored)
    for (const path of found) walked.add(path)
    const error = new InputError(`${input}: no files to lint (looked for ${lintedExtensions.join(', ')})`)
    if (found.length === 0) errors.push(error)
    else if (found.every(isData)) onlyData.push({ error, files: found })
    pushAll(files, found)
  }
  return { files: globbed ? onePathEach(files, cwd) : [...new Set(files)], errors, walked: new Set([...walked].filter((path) => !named.has(path))), onlyData }
}

/**
 * Each file once, under the first path found for it: globs follow symbolic links (folder
 * walks do not), so `**` through a link to a parent folder met the same files again.
 */
function onePathEach(files: readonly string[], cwd: string): string[] {
  const seen = new Set<string>()
  return files.filter((path) => {
    let key = path
    if (path !== '-') {
      try {
        key = realpathSync(resolve(cwd, path))
      } catch {
        key = resolve(cwd, path)
      }
    }
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function readIgnore(cwd: string, errors: InputError[]): Ignore {
  const ignored = ignore()
  const path = join(cwd, ignoreFile)
  if (!existsSync(path)) return ignored
  try {
    ignored.add(readFileSync(path, 'utf8'))
  } catch (error) {
    errors.push(new InputError(`${ignoreFile}: cannot read (${describeFsError(error)})`))
  }
  return ignored
}

function walk(folder: string, cwd: string, errors: InputError[], isIgnored: (path: string, isFolder?: boolean) => boolean): string[] {
  let entries
  try {
    entries = readdirSync(resolve(cwd, folder), { withFileTypes: true })
  } catch (error) {
    errors.push(new InputError(`${folder}: cannot read (${describeFsError(error)})`))
    return []
  }
  const files: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name) && !isIgnored(path, true)) pushAll(files, walk(path, cwd, errors, isIgnored))
    } else if (entry.isFile() && (isLintable(entry.name) || isMacroFile(entry.name)) && !isIgnored(path)) {
      files.push(path)
    }
  }
  return files
}

function isLintable(name: string): boolean {
  return lintedExtensions.some((extension) => name.toLowerCase().endsWith(extension))
}

function isMacroFile(name: string): boolean {
  return macroExtensions.some((extension) => name.toLowerCase().endsWith(extension)) && !/^(?:package(?:-lock)?|tsconfig.*|\.ownitrc)\.json$|^\.ownitrc\.ya?ml$/.test(name)
}

function isData(name: string): boolean {
  return /\.(?:json|ya?ml)$/i.test(name)
}
