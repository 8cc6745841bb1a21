/**
 * One compiled checker per set of options, for the library's `check` and `fix` and the
 * CLI's documents and macros: the packs are compiled once, not per call, and a vfile is
 * linted with them (`lintFile`).
 */
import retextEnglish from 'retext-english'
import { unified, type Processor } from 'unified'
import type { VFile } from 'vfile'
import type { Root } from 'nlcst'
import { createChecker, reportScan, scan, type Checker, type Options } from './plugin.js'
import type { Pack } from './types.js'
import { assertOptions, rulesProblem, unreadableOption } from './config/validate.js'
import { knownRuleIds } from './config/rule-ids.js'
import { loadBuiltinRuleset, readPack } from './pack/load.js'
import { silenceSettings, type SilenceSettings } from './silence.js'

export interface Compiled {
  processor: Processor<any, any, any, any, any>
  checker: Checker
  /** A rule id in `rules` that these packs do not have: `check`, `fix` and `prepare` throw it. */
  rulesProblem: RangeError | undefined
  /** How directives are checked: those that silence nothing (`rules['unused-disable-directive']`), names that are no rule or category, and misspelt keywords. */
  silence: SilenceSettings
}

const compiledSets = new Map<string, Compiled>()
const maxCompiled = 32

/**
 * One frozen parser (and its checker) per set of options: packs are compiled once, not per
 * call, and the options are checked then too (`assertOptions`: TypeError or RangeError),
 * so that a call with options already seen costs only the lookup. `type` (how the text is
 * read) is not part of the key: it changes nothing that is compiled, and the caller checks
 * it on every call.
 */
export function compiledFor(options: Readonly<Options>): Compiled {
  let key: string
  try {
    // Most callers pass a few flags (`{spelling: false}`): JSON without a replacer is much faster.
    key = flat(options) ? JSON.stringify(options) : JSON.stringify(options, function (this: unknown, name: string, value: unknown) {
      if (this === options && name === 'type') return undefined
      return value instanceof Set ? [...value] : value
    })
  } catch (error) {
    // A value JSON cannot hold (a BigInt, a cycle): say which option, if one is wrong.
    assertOptions(options)
    throw unreadableOption(options, error)
  }
  let compiled = compiledSets.get(key)
  if (!compiled) {
    assertOptions(options)
    // Packs named by path are read here, so that their rule ids are known to `rules`.
    const packs = options.packs?.map((pack) => (typeof pack === 'string' ? readPack(pack, loadBuiltinRuleset().shared) : pack))
    const read: Readonly<Options & { packs?: readonly Pack[] | undefined }> = { ...options, packs }
    const checker = createChecker(read)
    // The checker runs on each piece's tree (see `scan`), not as the processor's transformer.
    const processor = unified().use(retextEnglish).freeze()
    if (compiledSets.size >= maxCompiled) compiledSets.delete(compiledSets.keys().next().value!)
    let known: string[] | undefined
    const silence = silenceSettings(read, false, () => (known ??= knownRuleIds(packs ?? [], read.builtin !== false)))
    compiledSets.set(key, (compiled = { processor, checker, rulesProblem: rulesProblem(read), silence }))
  }
  return compiled
}

/** `compiledFor`, for the public API: a rule id these packs do not have is an error (a config's, from the command line, is checked where it is read). */
export function compiledForCaller(options: Readonly<Options>): Compiled {
  const compiled = compiledFor(options)
  if (compiled.rulesProblem) throw compiled.rulesProblem
  return compiled
}

/**
 * Lint a vfile in place: its messages get the ownit messages. Returns the same file.
 * `blocks`: sorted offsets where a block of a Markdown or HTML document starts or ends,
 * which no phrase runs across (default: none); `breaks`: sorted offsets where a URL was
 * blanked, each a clause break (`Prose.breaks`; default: none).
 */
export function lintFile(file: VFile, options: Readonly<Options> = {}, blocks: readonly number[] = [], breaks: readonly number[] = []): VFile {
  const { processor, checker } = compiledFor(options)
  reportScan(file, scan(checker, String(file.value ?? ''), (piece) => processor.parse(piece) as Root, blocks, breaks))
  return file
}

/** Whether every option is a primitive other than `type` (no Set to spell out, no object to walk, nothing left out of the key). */
function flat(options: Readonly<Options>): boolean {
  for (const key in options) {
    if (key === 'type') return false
    const value = (options as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null) return false
  }
  return true
}
