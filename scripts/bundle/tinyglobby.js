// The bundled CLI's `tinyglobby` (see scripts/build-cli.js): the real package, loaded the
// first time a glob is matched. It and what it loads (fdir, picomatch) run their module
// code as soon as they are loaded, and a run on files named as they are never matches a
// glob. Only what ownit imports from `tinyglobby` is here; a new import fails the build.
let real

function tinyglobby() {
  real ??= require('ownit-full-tinyglobby')
  return real
}

export function globSync(...args) {
  return tinyglobby().globSync(...args)
}

export function isDynamicPattern(...args) {
  return tinyglobby().isDynamicPattern(...args)
}
