/** The bundled packs as JSON (dist/builtin-rules.json), inlined by scripts/build-browser.js. */
declare module 'ownit:builtin-rules' {
  const ruleset: import('./load.js').Ruleset
  export default ruleset
}

/** The shipped word lists of rules/, by file name, inlined by scripts/build-browser.js. */
declare module 'ownit:word-lists' {
  const lists: Readonly<Record<string, string>>
  export default lists
}
