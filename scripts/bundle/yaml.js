// The bundled CLI's `yaml` (see scripts/build-cli.js): the real package, loaded the first
// time one of its functions is called. Its ~100 KB run their module code as soon as they
// are loaded, and a check with no config file, no custom pack and no macro export never
// parses YAML or JSON with it: about 2 ms of every such cold start. Only what ownit
// imports from `yaml` is here; a new import fails the build.
let real

function yaml() {
  real ??= require('ownit-full-yaml')
  return real
}

export function parseDocument(...args) {
  return yaml().parseDocument(...args)
}

export function isMap(node) {
  return yaml().isMap(node)
}

export function isScalar(node) {
  return yaml().isScalar(node)
}

export function isSeq(node) {
  return yaml().isSeq(node)
}

/** Called with `new`: returns the real class's instance. */
export function LineCounter() {
  return new (yaml().LineCounter)()
}

/** The node classes, for the JSON scanner (src/input/json-nodes.ts); each called with `new`. */
export function Pair(key, value) {
  return new (yaml().Pair)(key, value)
}

export function Scalar(value) {
  return new (yaml().Scalar)(value)
}

export function YAMLMap() {
  return new (yaml().YAMLMap)()
}

export function YAMLSeq() {
  return new (yaml().YAMLSeq)()
}

export function isAlias(node) {
  return yaml().isAlias(node)
}
