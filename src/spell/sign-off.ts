/**
 * The name that signs a reply off. Support replies, on Twitter above all, end with the
 * agent's name or initials, in either case, set off from the reply: after a mark or an
 * emoticon (`^jk`, `~pia`, `=) yana`, `:-) yana`, `🙂 yana`), joined to the last word by a
 * hyphen or a comma (`Have a great trip-yana`, `Cheers- ilse`, `Rgds,oksana`), or alone
 * after the last sentence or on a line of its own (`Safe travels! yana`, `Best,⏎yana`). A
 * dictionary does not know the name. The last word of an ordinary sentence (`we will fix it
 * tommorow`) has none of these before it, and is no sign-off. Pure: text in, offset out.
 */

/** A sign-off is one short word: a name or initials. */
const longestName = 20
/** How much of the text before the name is looked at for what sets it off. */
const lookBehind = 24

/**
 * What, written right before the reply's last word, sets it off as a sign-off; each is
 * tested on the text up to the word. Marks: `-` `–` `—` `^` `~` `*` `/` `|`; emoticons:
 * `=)` `:)` `:-)` `;)` `:D` `:P` `^^` `^_^` `<3`, and emoji.
 */
const setOff: readonly RegExp[] = [
  /(?:[-–—^~*/|]|[:;=][-^o']?[)(\][DPp3*]|\^[_.-]?\^|<3|\p{Extended_Pictographic}\uFE0F?)\s*$/u,
  /[\p{L}\p{M}],$/u,
  // A sentence end (not an ellipsis, whose sentence may go on) or a line break.
  /(?:(?:^|[^.])\.|[!?])\s*$|\n[ \t]*$/u
]

/** A word written with a hyphen after it: `trip-` of `trip-yana`, `re-` of `re-send`. */
const joinedWord = /([\p{L}\p{M}]+)-$/u

/**
 * Where the name that signs `text` off starts: the offset of its last word when that word
 * is a sign-off (see above) and nothing but white space follows it, else `undefined`.
 * `isPrefix` tells a prefix written with a hyphen (`re-`, `co-`), which joins a word, not
 * a name. Looks only at the end of the text: its time does not grow with the text.
 */
export function findSignOff(text: string, isPrefix: (part: string) => boolean): number | undefined {
  let end = text.length
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end--
  const windowStart = Math.max(0, end - longestName - 1)
  const name = /[\p{L}\p{M}]+$/u.exec(text.slice(windowStart, end))
  if (!name || name[0].length > longestName) return undefined
  const start = windowStart + name.index
  const before = text.slice(Math.max(0, start - lookBehind), start)
  if (!setOff.some((pattern) => pattern.test(before))) return undefined
  const joined = joinedWord.exec(before)
  if (joined && isPrefix(joined[1]!)) return undefined
  return start
}
