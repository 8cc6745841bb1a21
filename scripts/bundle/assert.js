// The bundled CLI's `assert` (see scripts/build-cli.js): yargs checks its own arguments
// with `strictEqual` and `notStrictEqual`, and Node.js's assert module costs about a
// millisecond of every start to load. These two throw the same AssertionError-shaped
// error; anything else imported from `assert` fails the build.
function fail(message, actual, expected, operator) {
  if (message instanceof Error) throw message
  const error = new Error(message ?? `Expected values to be ${operator === '!==' ? 'not ' : ''}strictly equal: ${String(actual)} ${operator} ${String(expected)}`)
  error.name = 'AssertionError'
  error.code = 'ERR_ASSERTION'
  Object.assign(error, { actual, expected, operator })
  throw error
}

export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) fail(message, actual, expected, '===')
}

export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail(message, actual, expected, '!==')
}
