/**
 * Score one conversation: lint each agent turn for ownership language, look for the
 * practices, and compute the score. A scorer is built once (packs, practices and weights
 * read and compiled), then scores conversations without touching the file system.
 */
import type { Root } from 'nlcst'
import retextEnglish from 'retext-english'
import { unified } from 'unified'
import { pushAll } from '../arrays.js'
import { createEngine, type EngineOptions } from '../engine.js'
import { maxProblems } from '../limits.js'
import { loadBuiltinRuleset } from '../pack/load.js'
import { markClauseBreaks } from '../blocks.js'
import { turnProse } from '../input/text.js'
import { forEachPiece } from '../parse.js'
import { sentencesOf } from '../tokens.js'
import { TurnLocator } from './origin.js'
import { loadBuiltinScoring } from './builtin.js'
import { compilePractices, findPracticeHits, judgePractices, type PracticeHit, type PracticeSet } from './practices.js'
import { scoreConversation } from './score.js'
import type { Conversation, ConversationResult, Evidence, TurnMessage, Weights } from './types.js'
import { readWeights } from './weights.js'

export interface ScorerOptions extends EngineOptions {
  /**
   * Whether the bundled packs are used. Default: true. (Passed on to the engine, which
   * honours it where it supports own packs alone.)
   */
  builtin?: boolean | undefined
  /** Practices to check. Default: rules/practices.yml. */
  practices?: PracticeSet | undefined
  /** Score weights. Default: rules/score.yml. */
  weights?: Weights | undefined
}

export interface Scorer {
  practices: PracticeSet
  weights: Weights
  /**
   * Score a conversation. Past `maxProblems` messages its turns are checked no further;
   * `stopped` is then told where (a turn index, and the line in the file).
   */
  score(conversation: Conversation, stopped?: (turn: number, line: number) => void): ConversationResult
}

const quoteLimit = 240
const replyLimit = 400
const closing = new Set(['.', '!', '?', '…', '"', '”', '’', "'", ')', ']'])

/** Shorten to `limit` characters on one line, with an ellipsis when cut. */
export function clip(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= limit ? flat : flat.slice(0, limit - 1).trimEnd() + '…'
}

/** Build a scorer. Throws PackError when a pack, the practices or the weights are broken. */
export function createScorer(options: Readonly<ScorerOptions> = {}): Scorer {
  const ruleset = loadBuiltinRuleset()
  const engine = createEngine(options, ruleset)
  const bundled = options.practices ? undefined : loadBuiltinScoring(ruleset.shared)
  const practices = options.practices ?? bundled!.practices
  const weights = options.weights ?? bundled?.weights ?? readWeights(practices.practices)
  const matcher = compilePractices(practices, ruleset.shared)
  const parser = unified().use(retextEnglish).freeze()
  const parse = (text: string): Root => parser.parse(text) as Root

  return {
    practices,
    weights,
    score(conversation, stopped) {
      const messages: TurnMessage[] = []
      const hits: PracticeHit[] = []
      const flagged = new Set<number>()
      // The locator of the turn last asked about: places are asked turn by turn.
      let located: TurnLocator | undefined
      let locatedTurn = -1
      const locate = (index: number, at: number) => {
        if (index !== locatedTurn) {
          const turn = conversation.turns[index]!
          located = new TurnLocator(turn.origin, turn.text)
          locatedTurn = index
        }
        return located!.pointAt(at)
      }
      let agentTurns = 0
      let full = false
      conversation.turns.forEach((turn, index) => {
        if (turn.role !== 'agent') return
        agentTurns++
        if (full || turn.text.trim() === '') return
        // Only the turn's prose, as `ownit check -` reads a reply: quoted e-mail is the
        // customer's words, and a URL is a clause break (see `turnProse`).
        const prose = turnProse(turn.text)
        const breaks = prose.breaks ?? []
        // A long turn a piece at a time, as `check` reads a long text: retext slows down more
        // than linearly, and a whole tree takes about 120 bytes per character.
        forEachPiece(prose.masked, parse, (tree) => {
          markClauseBreaks(tree, breaks)
          for (const finding of engine.find(tree, turn.text)) {
            const start = locate(index, finding.start)
            const end = locate(index, finding.end)
            flagged.add(index)
            messages.push({
              ruleId: finding.rule.id,
              category: finding.rule.category,
              severity: finding.severity,
              message: finding.rule.message,
              why: finding.rule.why,
              line: start.line,
              column: start.column,
              endLine: end.line,
              endColumn: end.column,
              offset: start.offset,
              endOffset: end.offset,
              actual: finding.actual,
              expected: finding.expected,
              fix: finding.fix,
              turn: index
            })
          }
          pushAll(hits, findPracticeHits(matcher, sentencesOf(tree), index, turn.text))
          if (messages.length < maxProblems) return true
          full = true
          const end = tree.position?.end.offset ?? turn.text.length
          // Stopped within this turn, or before the next agent turn with any text.
          const next = end < turn.text.length ? index : conversation.turns.findIndex((later, at) => at > index && later.role === 'agent' && later.text.trim() !== '')
          if (next >= 0) stopped?.(next, next === index ? locate(index, end).line : conversation.turns[next]!.origin.line)
          return false
        })
      })
      const evidence = (hit: PracticeHit): Evidence => {
        const turn = conversation.turns[hit.turn]!
        const point = locate(hit.turn, hit.start)
        // The sentence's words, with the punctuation that closes it.
        let end = hit.sentenceEnd
        while (end < turn.text.length && closing.has(turn.text[end]!)) end++
        return { turn: hit.turn, quote: clip(turn.text.slice(hit.sentenceStart, end), quoteLimit), line: point.line, column: point.column }
      }
      const results = judgePractices(practices, conversation.turns, hits, evidence)
      const { score, deductions } = scoreConversation(messages, results, weights)

      // The best reply: unflagged, showing the most distinct practices.
      const shown = new Map<number, Set<string>>()
      for (const hit of hits) {
        if (hit.kind !== 'found' || flagged.has(hit.turn)) continue
        let set = shown.get(hit.turn)
        if (!set) shown.set(hit.turn, (set = new Set()))
        set.add(practices.practices[hit.practice]!.id)
      }
      let bestReply: ConversationResult['bestReply']
      for (const [turn, set] of shown) {
        if (!bestReply || set.size > bestReply.practices.length) {
          const source = conversation.turns[turn]!
          bestReply = { turn, text: clip(source.text, replyLimit), line: source.origin.line, practices: [...set] }
        }
      }
      return {
        id: conversation.id,
        path: conversation.path,
        line: conversation.line,
        agent: conversation.agent,
        turns: conversation.turns.length,
        agentTurns,
        score,
        deductions,
        practices: results,
        messages,
        flaggedReplies: [...flagged].map((turn) => ({ turn, line: conversation.turns[turn]!.origin.line, text: clip(conversation.turns[turn]!.text, replyLimit) })),
        bestReply
      }
    }
  }
}
