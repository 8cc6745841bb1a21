/**
 * Expand the inputs named on the command line into the files to lint: files as given,
 * folders walked for lintable extensions, glob patterns matched. `node_modules`, `.git`
 * and whatever `.ownitignore` (gitignore syntax, in the working directory) lists are
 * skipped when walking folders and matching globs; a file named explicitly is always linted.
 * Each file is linted once, however many ways it was named.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
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
  /** Each file once (by its real path), under the first name it was given, in the order given. */
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
  // Each file once, under the first name it was given, however it was reached: named twice
  // (a.txt ./a.txt), named and in a folder given, matched by two globs, or through a
  // symbolic link (globs follow them, so `**` through a link to a parent folder meets the
  // same files again).
  const identify = identifier(cwd)
  const kept = new Map<string, string>()
  const identities = new Map<string, string>()
  for (const path of files) {
    if (identities.has(path)) continue
    // A file found by a walk is not a link itself (the walk takes only plain files): only its folder need be resolved.
    const identity = path === '-' ? path : identify(path, walked.has(path))
    identities.set(path, identity)
    if (!kept.has(identity)) kept.set(identity, path)
  }
  const namedIdentities = new Set([...named].map((path) => identities.get(path)))
  const walkedIdentities = new Set([...walked].map((path) => identities.get(path)))
  const keptPath = (path: string): string => kept.get(identities.get(path)!)!
  return {
    files: [...kept.values()],
    errors,
    walked: new Set([...kept].filter(([identity]) => walkedIdentities.has(identity) && !namedIdentities.has(identity)).map(([, path]) => path)),
    onlyData: onlyData.map(({ error, files: found }) => ({ error, files: found.map(keptPath) }))
  }
}

/**
 * What makes two paths one file: its real path (symbolic links resolved). A file that is
 * not a link itself needs only its folder resolved, once per folder: a folder of 10,000
 * files is 10,000 names, not 10,000 system calls.
 */
function identifier(cwd: string): (path: string, notALink: boolean) => string {
  const folders = new Map<string, string>()
  const real = (path: string): string => {
    try {
      return realpathSync.native(path)
    } catch {
      return path
    }
  }
  return (path, notALink) => {
    const absolute = resolve(cwd, path)
    if (!notALink) return real(absolute)
    const folder = dirname(absolute)
    let realFolder = folders.get(folder)
    if (realFolder === undefined) folders.set(folder, (realFolder = real(folder)))
    return join(realFolder, basename(absolute))
  }
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
