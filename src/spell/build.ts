/**
 * Build step (`npm run build`): write each language's prebuilt lexicon to
 * dist/dictionaries/, so the spelling check starts in milliseconds instead of
 * expanding the Hunspell files with nspell on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { lexiconDirectory, lexiconFile } from './load.js'
import { compileLexicon, languages, readFrequencyList } from './sources.js'

mkdirSync(lexiconDirectory, { recursive: true })
const byFrequency = readFrequencyList()
for (const language of languages) {
  const bytes = compileLexicon(language, byFrequency)
  writeFileSync(lexiconFile(language), bytes)
  process.stdout.write(`ownit: wrote ${fileURLToPath(lexiconFile(language))} (${(bytes.length / 1048576).toFixed(1)} MB)\n`)
}
