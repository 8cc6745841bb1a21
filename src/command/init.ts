/** `--init`: write a commented starter configuration to the working directory. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { configFiles } from '../config/find.js'
import { UsageError } from './io.js'

export const starterConfigFile = '.ownitrc.yaml'

export const starterConfig = `# ownit configuration: https://github.com/ownit/ownit#configuration
# ownit uses the nearest config found walking up from each file it lints.
# Command-line flags (--rule, --category) win over this file; this file wins over the defaults.

# Turn rules off or change their severity: off, info, warning or error.
# \`npx ownit --list-rules\` lists every rule id; \`npx ownit --explain ID\` explains one.
rules: {}
#  sorry-for-any-inconvenience: warning
#  not-my-department: off

# Only check these categories (default: all): blame-shifting, helplessness, distancing,
# deflection, non-apology, vague-promise, condescension, spelling, structure.
# categories: [blame-shifting, deflection, non-apology]

# Extra rule packs: YAML files relative to this file, or npm packages that ship one.
packs: []
#  - ./rules/our-team.yml

# Phrases never flagged (the same pattern language as the rule packs).
allow: []
#  - please contact your bank

# Extra dictionary words, for spelling (product names, people, places).
words: []
#  - Zendesk

# Speaker labels in transcripts, for scoring.
# speakers:
#   agent: [Agent, Support]
#   customer: [Customer, Client]

# Extra template syntaxes left alone by --fix ({{…}} and {%…%} always are).
placeholders: []
#  - { open: "[[", close: "]]" }
`

/** Write the starter config; refuses to overwrite any existing configuration. */
export function runInit(cwd: string): string {
  for (const name of configFiles) {
    if (name !== 'package.json' && existsSync(join(cwd, name))) throw new UsageError(`--init: ${name} already exists; not overwriting it`)
  }
  if (hasOwnitField(join(cwd, 'package.json'))) throw new UsageError('--init: package.json already has an "ownit" config; not adding another')
  writeFileSync(join(cwd, starterConfigFile), starterConfig)
  return `Wrote ${starterConfigFile}: turn rules off, add packs and allowed phrases there.\n`
}

function hasOwnitField(path: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as unknown
    return typeof manifest === 'object' && manifest !== null && 'ownit' in manifest
  } catch {
    return false
  }
}
