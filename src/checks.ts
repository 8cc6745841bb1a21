/**
 * The checks that are not rules of a pack: spelling, directives that silence nothing or
 * name no rule or category, misspelt directives, and where checking stopped. Their ids appear in reports like a rule's, so configuration,
 * `--rule` and `--explain` know them too.
 */
import { maxProblems, stoppedId } from './limits.js'
import type { Category, Severity } from './types.js'

/** The rule id of every spelling message. */
export const spellingRuleId = 'spelling'

/** The rule id of the message for a directive that silences nothing. */
export const unusedDirectiveId = 'unused-disable-directive'

/** The rule id of the message for a name in a directive that is no rule id or category. */
export const unknownDirectiveNameId = 'unknown-directive-name'

/** The rule id of the message for a comment that reads as a directive with its keyword misspelt. */
export const unknownDirectiveId = 'unknown-directive'

export { stoppedId }

export interface Check {
  id: string
  category: Category
  /** The severity when nothing sets one; `off` when it must be asked for. */
  severity: Severity | 'off'
  /** `rules` (config, `--rule`, the API) may set its severity or turn it off. */
  settable: boolean
  /** Why it cannot be set, when it cannot. */
  unsettable?: string
  /** What it reports, one line. */
  message: string
  /** The coaching note its messages carry. */
  why: string
  /** How to control it, a line each. */
  control: string[]
  /** A text it flags. */
  example: string
}

export const checks: readonly Check[] = [
  {
    id: spellingRuleId,
    category: 'spelling',
    severity: 'warning',
    settable: true,
    message: 'A word not in the dictionary, with the closest words as suggestions.',
    why: 'To a customer who is already upset, a typo reads as carelessness. If this is a name or a term your team uses, add it to your words (an .ownit-words file or the `words` option).',
    control: [
      'Turn it off: --no-spelling, `spelling: false` in the config, or `rules: { spelling: off }`.',
      'Change its severity: `rules: { spelling: error }`, or --rule spelling=error.',
      'Accept your own words: an .ownit-words file (one word a line), or `words` in the config.',
      'Choose the dictionary: --language en-GB, or `language` in the config.'
    ],
    example: 'We have refunded your order, it should arive in three days.'
  },
  {
    id: unusedDirectiveId,
    category: 'structure',
    severity: 'off',
    settable: true,
    message: 'An ownit-disable or ownit-disable-next-line comment that silences nothing.',
    why: 'A directive that silences nothing hides the next real problem. Remove it.',
    control: [
      'Turn it on for a run: --report-unused-disables (a warning, or the severity `rules` gives it).',
      'Turn it on in the config, at a severity: `rules: { unused-disable-directive: error }`.'
    ],
    example: '# ownit-disable-next-line not-my-fault'
  },
  {
    id: unknownDirectiveNameId,
    category: 'structure',
    severity: 'warning',
    settable: true,
    message: 'An ownit-disable, ownit-enable or ownit-disable-next-line comment that names no rule or category.',
    why: 'A directive with a misspelt name does nothing: what it was meant to silence is still reported, and what it was meant to turn back on stays silent. Name a rule id (ownit --list-rules) or a category.',
    control: ['Change its severity: `rules: { unknown-directive-name: error }`, or --rule unknown-directive-name=error.', 'Turn it off: `rules: { unknown-directive-name: off }`.'],
    example: '# ownit-disable-next-line not-my-faul'
  },
  {
    id: unknownDirectiveId,
    category: 'structure',
    severity: 'warning',
    settable: true,
    message: 'A comment that reads as an ownit directive with its keyword misspelt (ownit-disabel, ownit disable-next-line).',
    why: 'A misspelt directive is an ordinary comment: what it was meant to silence is still reported, and what it was meant to turn back on stays silent. Write ownit-disable, ownit-enable or ownit-disable-next-line.',
    control: ['Change its severity: `rules: { unknown-directive: error }`, or --rule unknown-directive=error.', 'Turn it off: `rules: { unknown-directive: off }`.'],
    example: '# ownit-disabel not-my-fault'
  },
  {
    id: stoppedId,
    category: 'structure',
    severity: 'error',
    settable: false,
    unsettable: 'a run never passes on a text it did not finish',
    // Not toLocaleString: this module is read at every start, and ICU's first use costs milliseconds.
    message: `Checking stopped after ${String(maxProblems).replace(/\B(?=(\d{3})+$)/g, ',')} problems in one text; the rest was not checked.`,
    why: 'No reply has this many problems: this is most likely a log, an export or generated text. Check it in parts, or fix what is reported first.',
    control: ['It cannot be turned off, changed, or silenced by a directive: a run never passes on a text it did not finish.'],
    example: ''
  }
]

/** The check with this id, if it is one. */
export function checkNamed(id: string): Check | undefined {
  return checks.find((check) => check.id === id)
}
