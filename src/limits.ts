/**
 * A text (a file, a macro field, a conversation) is checked no further once this many
 * problems are found in it, like a compiler's error limit: no reply has that many, and a
 * 50 MB log full of them made a report too long for one string, and more messages than
 * memory holds.
 */
export const maxProblems = 100_000

/** The rule id of the message saying where checking stopped; directives never silence it. */
export const stoppedId = 'too-many-problems'

/**
 * `ownit score` summarises at most this many agents one by one; past it, the report has no
 * summaries by agent (the overall one, and every conversation, are still there). Each
 * agent's summary takes a few KB, so an agent id unique to each conversation (a ticket id
 * read as the agent) in an export of a million would have filled the memory, for a
 * report by agent that says nothing.
 */
export const maxAgents = 50_000

/** A size (bytes or characters) in MB to one decimal, for messages about limits: `60.0`. */
export function megabytes(size: number): string {
  return (size / 1048576).toFixed(1)
}
