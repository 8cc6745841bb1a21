/**
 * The practices of rules/practices.yml: loaded and validated (problems name file, line
 * and field), compiled into one matcher, and judged per conversation from the sentences of
 * its agent turns. Judging is pure.
 */
import { describeFsError, readBoundedText } from '../input/read.js'
import { CompileError, compileRules, type Program } from '../compile.js'
import { captureGroups, matchSentences } from '../match.js'
import { fail, PackError, parseYaml } from '../pack/load.js'
import { rulesDirectory } from '../pack/paths.js'
import { parsePattern } from '../pattern.js'
import { checkSchema } from '../pack/schema.js'
import type { Sentence } from '../tokens.js'
import type { Category, Rule, Shared } from '../types.js'
import type { Evidence, Practice, PracticeResult, Turn } from './types.js'

/** Where the bundled practices live. */
export const practicesFile = new URL('practices.yml', rulesDirectory)

export interface PracticeSet {
  file: string
  classes: Record<string, string[]>
  practices: Practice[]
}

interface RawPractice {
  id: string
  title: string
  scope: Practice['scope']
  when?: string[]
  name?: boolean
  after?: boolean
  patterns: string[]
  unless?: string[]
  message: string
  why: string
  examples: { found: string[]; missing: string[]; 'not-applicable'?: string[] }
}

/** Parse and validate practices YAML; `file` names it in errors. Throws PackError. */
export function parsePractices(text: string, file: string, shared?: Shared): PracticeSet {
  const parsed = parseYaml(text, file)
  const problem = checkSchema('practices.schema.json', parsed.data)
  if (problem) fail(file, parsed, problem.path, problem.message, problem.atKey)
  const data = parsed.data as { classes?: Record<string, string[]>; practices: RawPractice[] }
  const seen = new Set<string>()
  const practices = data.practices.map((raw, index): Practice => {
    if (seen.has(raw.id)) fail(file, parsed, ['practices', index, 'id'], `duplicate practice id “${raw.id}”`)
    seen.add(raw.id)
    return {
      id: raw.id,
      title: raw.title,
      scope: raw.scope,
      when: raw.when ?? [],
      name: raw.name === true,
      after: raw.after === true,
      patterns: raw.patterns,
      unless: raw.unless ?? [],
      message: raw.message,
      why: raw.why,
      examples: { found: raw.examples.found, missing: raw.examples.missing, 'not-applicable': raw.examples['not-applicable'] ?? [] },
      line: parsed.place(['practices', index]).line
    }
  })
  const set: PracticeSet = { file, classes: data.classes ?? {}, practices }
  try {
    compilePractices(set, shared)
  } catch (error) {
    if (error instanceof CompileError && error.rule) {
      const { practice, kind } = pseudo.get(error.rule)!
      const [field, position] = error.field.split(/[[\]]/)
      const index = practices.findIndex((candidate) => candidate.id === practice)
      fail(file, parsed, ['practices', index, kind === 'when' ? 'when' : field!, Number(position)], error.message, false, error.column)
    }
    throw error
  }
  return set
}

/** Read practices from a file (default: the bundled rules/practices.yml). */
export function readPractices(path: string | URL = practicesFile, shared?: Shared, displayName = 'rules/practices.yml'): PracticeSet {
  let text: string
  try {
    text = readBoundedText(path)
  } catch (error) {
    throw new PackError(`${displayName}: cannot read practices (${describeFsError(error)})`)
  }
  return parsePractices(text, displayName, shared)
}

const pseudo = new WeakMap<Rule, { practice: string; kind: 'found' | 'when' }>()

export interface PracticeMatcher {
  set: PracticeSet
  program: Program
  /** Per compiled rule: the practice index and whether it is evidence or the `when`. */
  roles: Array<{ practice: number; kind: 'found' | 'when' }>
}

/** Compile every practice's patterns and `when` into one matcher. */
export function compilePractices(set: PracticeSet, shared?: Shared): PracticeMatcher {
  const rules: Rule[] = []
  const roles: PracticeMatcher['roles'] = []
  set.practices.forEach((practice, index) => {
    for (const kind of ['found', 'when'] as const) {
      const patterns = kind === 'found' ? practice.patterns : practice.when
      if (patterns.length === 0) continue
      const rule: Rule = {
        id: kind === 'found' ? practice.id : `${practice.id}.when`,
        // Each compiled rule gets a category of its own, so that overlapping evidence of two
        // practices (or evidence and `when` of one) is never merged by the matcher.
        category: `structure.${practice.id}.${kind}` as Category,
        severity: 'info',
        mood: 'any',
        patterns,
        unless: kind === 'found' ? practice.unless : [],
        unlessScope: 'sentence',
        reportedSpeech: false,
        message: practice.message,
        why: practice.why,
        suggest: [],
        examples: { bad: [], good: [], fixed: [] },
        source: { file: set.file, line: practice.line, column: 1 }
      }
      pseudo.set(rule, { practice: practice.id, kind })
      rules.push(rule)
      roles.push({ practice: index, kind })
    }
  })
  const lookup = (name: string): readonly string[] | undefined => (Object.hasOwn(set.classes, name) ? set.classes[name] : shared?.classes[name])
  const program = compileRules({ rules, classesFor: () => lookup })
  return { set, program, roles }
}

// Where the pattern language has no `#` of its own, practices get one: words with a digit
// (not links or addresses) are read as the word `#`.
const nativeNumbers = (parsePattern('#').node as { type: string }).type !== 'words'

/** A word with a digit in it matches `#` in a practice pattern; links and addresses do not. */
export function practiceSentences(sentences: readonly Sentence[]): readonly Sentence[] {
  if (nativeNumbers) return sentences
  return sentences.map((sentence) => ({ ...sentence, words: sentence.words.map((word) => (/\d/.test(word) && !/[/@:]/.test(word) ? '#' : word)) }))
}

/** Where a practice pattern matched: turn index in the conversation and offsets in its text. */
export interface PracticeHit {
  practice: number
  kind: 'found' | 'when'
  turn: number
  /** Start and end of the quoted sentence, and of the match, in the turn's text. */
  sentenceStart: number
  sentenceEnd: number
  start: number
}

/** Every practice match in one agent turn's sentences (`text` is the turn's text). */
export function findPracticeHits(matcher: PracticeMatcher, sentences: readonly Sentence[], turn: number, text: string): PracticeHit[] {
  const prepared = practiceSentences(sentences)
  const hits: PracticeHit[] = []
  for (const match of matchSentences(matcher.program, prepared)) {
    const sentence = prepared[match.sentence]!
    const role = matcher.roles[match.rule]!
    if (role.kind === 'found' && matcher.set.practices[role.practice]!.name) {
      const group = captureGroups(matcher.program, match, sentence)[0]
      const first = group ? text.charAt(sentence.starts[group[0]]!) : ''
      if (!(first !== first.toLowerCase() && first === first.toUpperCase())) continue
    }
    hits.push({
      practice: role.practice,
      kind: role.kind,
      turn,
      sentenceStart: sentence.starts[0]!,
      sentenceEnd: sentence.ends[sentence.ends.length - 1]!,
      start: sentence.starts[match.start]!
    })
  }
  return hits
}

/** The agent turns a scope searches, as indices into the conversation's turns. */
export function turnsInScope(turns: readonly Turn[], scope: Practice['scope']): Set<number> {
  const agent: number[] = []
  for (let index = 0; index < turns.length; index++) if (turns[index]!.role === 'agent') agent.push(index)
  switch (scope) {
    case 'opening':
      return new Set(agent.slice(0, 2))
    case 'closing':
      return new Set(agent.slice(-2))
    case 'responses':
      return new Set(agent.filter((index) => index > 0 && turns[index - 1]!.role === 'customer'))
    case 'any':
      return new Set(agent)
  }
}

/**
 * Judge each practice from the hits of a conversation's agent turns. `evidence` turns a hit
 * into a quote with its place in the original file.
 */
export function judgePractices(
  set: PracticeSet,
  turns: readonly Turn[],
  hits: readonly PracticeHit[],
  evidence: (hit: PracticeHit) => Evidence
): PracticeResult[] {
  // Practices share four scopes: work each out once per conversation.
  const scopes = new Map<Practice['scope'], Set<number>>()
  return set.practices.map((practice, index): PracticeResult => {
    const mine = hits.filter((hit) => hit.practice === index)
    const firstWhen = mine.find((hit) => hit.kind === 'when')
    if (practice.when.length > 0 && !firstWhen) {
      return { id: practice.id, status: 'not-applicable', note: `does not apply: nothing in the agent's replies calls for it` }
    }
    let scope = scopes.get(practice.scope)
    if (!scope) scopes.set(practice.scope, (scope = turnsInScope(turns, practice.scope)))
    if (scope.size === 0) {
      return { id: practice.id, status: 'not-applicable', note: `does not apply: no agent reply in scope (${practice.scope})` }
    }
    const found = mine.find(
      (hit) => hit.kind === 'found' && scope.has(hit.turn) && (!practice.after || !firstWhen || hit.turn >= firstWhen.turn)
    )
    if (found) {
      const quote = evidence(found)
      return { id: practice.id, status: 'found', evidence: quote, note: `found: “${quote.quote}”` }
    }
    if (firstWhen) {
      const quote = evidence(firstWhen)
      return { id: practice.id, status: 'missing', evidence: quote, note: `not found; it applies because of “${quote.quote}”` }
    }
    return { id: practice.id, status: 'missing', note: `not found in ${scopeWords[practice.scope]}` }
  })
}

const scopeWords: Record<Practice['scope'], string> = {
  opening: "the agent's first two replies",
  closing: "the agent's last two replies",
  responses: "the agent's answers to the customer",
  any: "any of the agent's replies"
}
