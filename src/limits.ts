/**
 * A text (a file, a macro field, a conversation) is checked no further once this many
 * problems are found in it, like a compiler's error limit: no reply has that many, and a
 * 50 MB log full of them made a report too long for one string, and more messages than
 * memory holds.
 */
export const maxProblems = 100_000
