/**
 * The name that signs a reply off. Support replies, on Twitter above all, end with the
 * agent's name or initials, in either case, set off from the reply: after a mark or an
 * emoticon (`^jk`, `~pia`, `=) yana`, `:-) yana`, `🙂 yana`), joined to the last word by a
 * hyphen or a comma (`Have a great trip-yana`, `Cheers- ilse`, `Rgds,oksana`), alone
 * after the last sentence or on a line of its own (`Safe travels! yana`, `Best,⏎yana`), or
 * after a closing word and a comma (`Thanks, yana`, `Kind regards, yana`). A dictionary does
 * not know the name. The last word of an ordinary sentence (`we will fix it tommorow`, `I
 * will fix it, tommorow`) has none of these before it, and is no sign-off.
 *
 * A name may end with a full stop or `!` (`Thanks, yana.`), but then so may the last word of
 * a sentence (`see you =) tommorow.`, `ok. tomorow.`): only a closing word, a line of its
 * own or a mark standing alone right before it (`-yana.`, not `best fry-nds!`) sets it off.
 * Pure: text in, offset out.
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

/**
 * A closing word and a comma, at the start of a sentence or line or after a comma, before
 * the name: `Thanks, `, `Many thanks, `, `Thanks so much, `, `Kind regards,⏎`, `Cheers, `.
 * What an agent writes only to sign off, so the word after it is a name, not a typo.
 */
const closingWords =
  /(?:(?:with\s+)?(?:many|kind|kindest|warm|warmest|best|all\s+my)\s+)?(?:thanks|thank\s+you|thx|thnx|tks|ty|cheers|regards|rgds|best|wishes|all\s+the\s+best|take\s+care|talk\s+soon|speak\s+soon|sincerely|yours\s+sincerely|yours\s+truly|warmly|respectfully)(?:\s+(?:so\s+much|very\s+much|a\s+lot|again|heaps))?\s*,\s*$/.source
/** The closing words after a sentence end, a line break, a comma or the like… */
const closing = new RegExp(`[.!?…,;:)\\n]\\s*${closingWords}`, 'iu')
/** …or at the start of the text (not of the window looked at: that may cut a word). */
const closingFirst = new RegExp(`^\\s*${closingWords}`, 'iu')

/** What alone sets off a name followed by a full stop: a line of its own, or a mark standing alone right before it (`-yana.`, `~ pia.`). */
const setOffBeforeStop: readonly RegExp[] = [/\n[ \t]*$/u, /(?:^|\s)[-–—^~*/|][ \t]*$/u]

/** A word written with a hyphen after it: `trip-` of `trip-yana`, `re-` of `re-send`. */
const joinedWord = /([\p{L}\p{M}]+)-$/u

/**
 * Where the name that signs `text` off starts: the offset of its last word when that word
 * is a sign-off (see above) and nothing but white space, after a full stop or `!` or two,
 * follows it, else `undefined`.
 * `isPrefix` tells a prefix written with a hyphen (`re-`, `co-`), which joins a word, not
 * a name. Looks only at the end of the text: its time does not grow with the text.
 */
export function findSignOff(text: string, isPrefix: (part: string) => boolean): number | undefined {
  let end = text.length
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end--
  // A full stop or `!` after the name (`Thanks, yana.`): at most three.
  let stop = end
  while (stop > end - 3 && stop > 0 && (text.charCodeAt(stop - 1) === 46 || text.charCodeAt(stop - 1) === 33)) stop--
  const stopped = stop < end
  end = stop
  const windowStart = Math.max(0, end - longestName - 1)
  const name = /[\p{L}\p{M}]+$/u.exec(text.slice(windowStart, end))
  if (!name || name[0].length > longestName) return undefined
  const start = windowStart + name.index
  const before = text.slice(Math.max(0, start - lookBehind), start)
  const closed = closing.test(before) || (start <= lookBehind && closingFirst.test(before))
  if (!closed && !(stopped ? setOffBeforeStop : setOff).some((pattern) => pattern.test(before))) return undefined
  const joined = joinedWord.exec(before)
  if (joined && isPrefix(joined[1]!)) return undefined
  return start
}
