// nspell ships no types: only what ownit uses of it.
declare module 'nspell' {
  interface NSpell {
    data: Record<string, string[]>
    flags: Record<string, string | undefined>
    correct(word: string): boolean
  }
  export default function nspell(dictionary: { aff: Uint8Array | string; dic?: Uint8Array | string }): NSpell
}
