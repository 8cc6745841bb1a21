/** Where the bundled rule packs live: `rules/` at the package root. */
export const rulesDirectory = new URL('../../rules/', import.meta.url)

/** The bundled packs, one per ownership family, in report order. */
export const builtinPackFiles = [
  'blame-shifting.yml',
  'helplessness.yml',
  'distancing.yml',
  'deflection.yml',
  'non-apology.yml',
  'vague-promise.yml',
  'condescension.yml'
] as const

export const sharedClassesFile = 'classes.yml'
