import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ownit, teamConfig, workspace } from './helpers.js'

const bad = 'Sorry for the kerfuffle, the gremlins lost your parcel.\n'

const ruleIds = (stdout: string): Array<[string, string]> =>
  (JSON.parse(stdout) as Array<{ path: string; messages: Array<{ ruleId: string }> }>).flatMap((file) => file.messages.map((message): [string, string] => [file.path, message.ruleId]))

/** The config error printed when linting `reply.txt` next to `files`. */
function configError(files: Record<string, string>): string {
  const run = ownit(['reply.txt'], workspace({ 'reply.txt': bad, ...files }))
  expect(run.code).toBe(2)
  expect(run.stdout).toBe('')
  return run.stderr
}

describe('discovery', () => {
  test.each([
    ['.ownitrc.json', teamConfig],
    ['.ownitrc.yaml', 'packs: [./team.yml]\n'],
    ['.ownitrc.yml', 'packs:\n  - ./team.yml\n'],
    ['ownit.config.json', teamConfig],
    ['package.json', JSON.stringify({ name: 'replies', ownit: { packs: ['./team.yml'] } })]
  ])('%s is found', (name, content) => {
    const run = ownit(['-f', 'json', 'reply.txt'], workspace({ [name]: content, 'reply.txt': bad }))
    expect(run.code).toBe(1)
    expect(ruleIds(run.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
  })

  test('each file gets the nearest config walking up; a package.json without "ownit" is passed over', () => {
    const cwd = workspace({
      '.ownitrc.json': teamConfig,
      'billing/.ownitrc.yaml': 'packs: [../team.yml]\nrules:\n  gremlins-did-it: off\n',
      'billing/eu/package.json': JSON.stringify({ name: 'eu' }),
      'billing/eu/reply.txt': bad,
      'shipping/reply.txt': bad
    })
    const run = ownit(['-f', 'json', 'billing', 'shipping'], cwd)
    expect(ruleIds(run.stdout)).toEqual([
      ['billing/eu/reply.txt', 'sorry-for-the-kerfuffle'],
      ['shipping/reply.txt', 'sorry-for-the-kerfuffle'],
      ['shipping/reply.txt', 'gremlins-did-it']
    ])
  })

  test('a package.json without "ownit" is passed over whatever else it holds; one with "ownit" in broken JSON is an error', () => {
    // A key given twice is valid to npm: no error for a file that is not ownit's.
    const passed = ownit(['-f', 'json', 'reply.txt'], workspace({ '.ownitrc.json': teamConfig, 'sub/package.json': '{"name": "a", "name": "b"}', 'sub/reply.txt': bad }).concat('/sub'))
    expect(passed.stderr).toBe('')
    expect(ruleIds(passed.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
    expect(configError({ 'package.json': '{"name": "a", /* team rules */ "ownit": {"rules": {"nope": "off"}}}' })).toBe('ownit: package.json:1:52: ownit.rules: unknown rule “nope”\n')
  })

  test('a pack can come from an npm package, resolved from the config folder', () => {
    const cwd = workspace({ '.ownitrc.json': JSON.stringify({ packs: ['ownit-pack-team', 'ownit-pack-other/extra.yml'] }), 'reply.txt': bad })
    mkdirSync(join(cwd, 'node_modules/ownit-pack-team'), { recursive: true })
    writeFileSync(join(cwd, 'node_modules/ownit-pack-team/package.json'), JSON.stringify({ name: 'ownit-pack-team', version: '1.0.0', ownit: { pack: 'team.yml' } }))
    writeFileSync(join(cwd, 'node_modules/ownit-pack-team/team.yml'), 'rules: []\n')
    mkdirSync(join(cwd, 'node_modules/ownit-pack-other'), { recursive: true })
    writeFileSync(join(cwd, 'node_modules/ownit-pack-other/package.json'), JSON.stringify({ name: 'ownit-pack-other', version: '1.0.0' }))
    writeFileSync(join(cwd, 'node_modules/ownit-pack-other/extra.yml'), readFileSync(join(cwd, 'team.yml')))
    const run = ownit(['-f', 'json', 'reply.txt'], cwd)
    expect(run.stderr).toBe('')
    expect(ruleIds(run.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
  })
})

describe('precedence: flags over config over defaults', () => {
  const cwd = workspace({
    '.ownitrc.json': JSON.stringify({ packs: ['./team.yml'], rules: { 'gremlins-did-it': 'off', 'sorry-for-the-kerfuffle': 'error' }, categories: ['blame-shifting', 'non-apology'] }),
    'reply.txt': bad + 'Hush now.\n'
  })

  test('config turns rules off, changes severities and limits categories', () => {
    const run = ownit(['-f', 'json', 'reply.txt'], cwd)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('"severity": "error"')
    expect(ruleIds(run.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle'])
  })

  test('--rule wins over the config, --category replaces its categories', () => {
    const run = ownit(['-f', 'json', '--rule', 'gremlins-did-it=warning', '--rule', 'sorry-for-the-kerfuffle=info', 'reply.txt'], cwd)
    expect(run.code).toBe(0)
    expect(ruleIds(run.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
    expect(ruleIds(ownit(['-f', 'json', '--category', 'condescension', 'reply.txt'], cwd).stdout).map(([, id]) => id)).toEqual(['hush-now'])
  })

  test('allow never flags a phrase', () => {
    const folder = workspace({ '.ownitrc.yaml': 'packs: [./team.yml]\nallow: ["the gremlins lost your parcel"]\n', 'reply.txt': bad })
    expect(ruleIds(ownit(['-f', 'json', 'reply.txt'], folder).stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle'])
  })

  test('words, speakers and placeholders are accepted', () => {
    const config = { packs: ['./team.yml'], words: ['Zendesk'], speakers: { agent: ['Agent'], customer: ['Customer'] }, placeholders: [{ open: '[[', close: ']]' }] }
    const folder = workspace({ '.ownitrc.json': JSON.stringify(config), 'reply.txt': 'The gremlins lost [[order the gremlins lost it]].\n' })
    const run = ownit(['--fix-dry-run', 'reply.txt'], folder)
    expect(run.stderr).toBe('ownit: 0 fixes in 0 files (dry run: nothing written)\n')
  })
})

describe('errors name the file, line, column and field', () => {
  test('null is refused as a list is, not taken as an empty config; a YAML config of comments only still sets nothing', () => {
    expect(configError({ '.ownitrc.json': 'null\n' })).toBe('ownit: .ownitrc.json:1:1: expected object, not null\n')
    expect(configError({ '.ownitrc.yaml': '~\n' })).toBe('ownit: .ownitrc.yaml:1:1: expected object, not null\n')
    expect(configError({ 'package.json': '{"name": "replies", "ownit": null}\n' })).toBe('ownit: package.json:1:30: ownit: expected object, not null\n')
    expect(ownit(['reply.txt'], workspace({ '.ownitrc.yaml': '# nothing set yet\n', 'reply.txt': 'Thanks for waiting.\n' })).code).toBe(0)
  })

  test('an unknown key, with did-you-mean', () => {
    expect(configError({ '.ownitrc.json': '{\n  "rulez": {}\n}\n' })).toBe('ownit: .ownitrc.json:2:3: unknown field “rulez”, did you mean “rules”?\n')
  })

  test('an unknown key inside package.json "ownit"', () => {
    expect(configError({ 'package.json': '{\n  "name": "x",\n  "ownit": {\n    "pack": []\n  }\n}\n' })).toBe('ownit: package.json:4:5: ownit: unknown field “pack”, did you mean “packs”?\n')
  })

  test('a wrong type', () => {
    expect(configError({ '.ownitrc.yaml': 'allow: contact your bank\n' })).toBe('ownit: .ownitrc.yaml:1:8: allow: expected array, not string "contact your bank"\n')
  })

  test('a bad severity', () => {
    expect(configError({ '.ownitrc.yaml': 'packs: [./team.yml]\nrules:\n  hush-now: high\n' })).toBe('ownit: .ownitrc.yaml:3:13: rules.hush-now: expected off, info, warning or error, not "high"\n')
  })

  test('an unknown rule id, with did-you-mean', () => {
    expect(configError({ '.ownitrc.yaml': 'packs: [./team.yml]\nrules:\n  hush-nw: off\n' })).toBe('ownit: .ownitrc.yaml:3:3: rules: unknown rule “hush-nw”, did you mean “hush-now”?\n')
  })

  test('an unknown category, with did-you-mean', () => {
    expect(configError({ '.ownitrc.yaml': 'categories: [blame-shifing]\n' })).toBe('ownit: .ownitrc.yaml:1:14: categories[0]: expected blame-shifting, helplessness, distancing, deflection, non-apology, vague-promise, condescension, spelling or structure, not "blame-shifing"\n')
  })

  test('not valid JSON', () => {
    expect(configError({ '.ownitrc.json': '{ "rules": { }\n' })).toMatch(/^ownit: \.ownitrc\.json:\d+:\d+: not valid JSON: .+\n$/)
  })

  test('JSON configs may have comments, as tsconfig.json does; places after them hold', () => {
    const commented = '{\n  // our packs\n  "packs": ["./team.yml"], /* and\n  more */ "rulez": {}\n}\n'
    expect(configError({ '.ownitrc.json': commented })).toBe('ownit: .ownitrc.json:4:11: unknown field “rulez”, did you mean “rules”?\n')
    const run = ownit(['-f', 'json', 'reply.txt'], workspace({ '.ownitrc.json': commented.replace('"rulez"', '"rules"'), 'reply.txt': bad }))
    expect(run.code).toBe(1)
    expect(ruleIds(run.stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
  })

  test("a YAML config of two documents says so, not the YAML library's advice", () => {
    expect(configError({ '.ownitrc.yaml': 'packs: [./team.yml]\n---\nrules: {}\n' })).toBe(
      'ownit: .ownitrc.yaml:2:1: not valid YAML: more than one document (a second `---` line); this file must hold one\n'
    )
  })

  test("a pack reusing a rule id already in use: that config's files are skipped, the others linted; the same pack from the config and --pack is one pack", () => {
    const taken = readFileSync(join(workspace(), 'team.yml'), 'utf8').replace('id: gremlins-did-it', 'id: not-my-fault')
    const cwd = workspace({ 'a/.ownitrc.yaml': 'packs: [./taken.yml]\n', 'a/taken.yml': taken, 'a/reply.txt': bad, 'b/reply.txt': 'Corporate sets the policy.\n' })
    const run = ownit(['-f', 'compact', 'a', 'b'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^ownit: a\/taken\.yml:\d+:\d+: rule not-my-fault: id: already used in rules\/blame-shifting\.yml:\d+\n$/)
    expect(run.stdout).toMatch(/^b\/reply\.txt:1:1: error corporate-sets-policy: /)
    const same = workspace({ '.ownitrc.json': teamConfig, 'reply.txt': bad })
    expect(ruleIds(ownit(['-f', 'json', '--pack', './team.yml', 'reply.txt'], same).stdout).map(([, id]) => id)).toEqual(['sorry-for-the-kerfuffle', 'gremlins-did-it'])
    expect(ownit(['--pack', 'team.yml', '--pack', 'taken.yml', 'reply.txt'], workspace({ 'taken.yml': taken, 'reply.txt': bad })).stderr).toMatch(/^ownit: taken\.yml:\d+:\d+: rule not-my-fault: id: already used in rules\/blame-shifting\.yml:\d+\n$/)
  })

  test('a pack whose example its rule does not flag is refused with one line, from the config, --pack and ownit score', () => {
    const broken = readFileSync(join(workspace(), 'team.yml'), 'utf8').replace('"I think the gremlins broke it again."', '"I think the goblins broke it again."')
    const message = /^ownit: broken\.yml:\d+:\d+: rule gremlins-did-it: examples\.bad\[1\]: “I think the goblins broke it again\.” is not flagged by this rule\n$/
    expect(configError({ '.ownitrc.yaml': 'packs: [./broken.yml]\n', 'broken.yml': broken })).toMatch(message)
    const cwd = workspace({ 'broken.yml': broken, 'reply.txt': bad, 'chats.jsonl': '{"id":"c1","turns":[{"role":"agent","text":"Hi."}]}\n' })
    expect(ownit(['--pack', 'broken.yml', 'reply.txt'], cwd)).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(message) })
    expect(ownit(['score', '--pack', 'broken.yml', 'chats.jsonl'], cwd)).toMatchObject({ code: 2, stderr: expect.stringMatching(message) })
  })

  test('a missing pack, or one that cannot be read, is named with the config file, line and field', () => {
    expect(configError({ '.ownitrc.yaml': 'packs:\n  - ./nope.yml\n' })).toBe('ownit: .ownitrc.yaml:2:5: packs[0]: cannot read rule pack “./nope.yml” (no such file)\n')
    expect(configError({ '.ownitrc.json': '{\n  "packs": ["./team.yml", "./rules"]\n}\n', 'rules/keep.txt': '' })).toBe(
      'ownit: .ownitrc.json:2:27: packs[1]: cannot read rule pack “./rules” (is a directory)\n'
    )
    expect(configError({ 'package.json': JSON.stringify({ ownit: { packs: ['./nope.yml'] } }) })).toBe('ownit: package.json:1:20: ownit.packs[0]: cannot read rule pack “./nope.yml” (no such file)\n')
    expect(configError({ '.ownitrc.yaml': 'packs:\n  - ownit-pack-nope\n' })).toBe(
      'ownit: .ownitrc.yaml:2:5: packs[0]: cannot find rule pack “ownit-pack-nope” (a path relative to .ownitrc.yaml, or an npm package that ships a .yml pack)\n'
    )
  })

  test('a broken pack names the pack file and rule', () => {
    expect(configError({ '.ownitrc.yaml': 'packs: [./mine.yml]\n', 'mine.yml': 'rules:\n  - id: mine\n    category: blame\n' })).toBe('ownit: mine.yml:3:15: rule mine: category: expected blame-shifting, helplessness, distancing, deflection, non-apology, vague-promise, condescension, spelling or structure, not "blame"\n')
  })

  test('a bad allow pattern', () => {
    expect(configError({ '.ownitrc.yaml': 'allow: ["(contact your"]\n' })).toMatch(/^ownit: \.ownitrc\.yaml:1:9: allow\[0\]: .+\n$/)
  })
})
