#!/usr/bin/env bash
# Fetch the pinned validators from the npm registry into .cache/validators/ (once; the test
# run reads them from there, nothing is fetched while tests run):
#   axe-core  -> .cache/validators/axe.min.js   (injected into every page by tests/validators/)
#   vnu-jar   -> .cache/validators/vnu.jar      (the W3C Nu HTML checker, run with Java)
# `npm pack` checks each tarball against the registry's integrity hash.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.11.1
VNU_VERSION=24.10.17
DEST=.cache/validators
mkdir -p "$DEST"
fetch() {  # fetch <package> <version> <file inside the tarball> <target>
  local stamp="$DEST/.$1-$2"
  [ -f "$stamp" ] && [ -f "$DEST/$4" ] && return 0
  local work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null && tar xzf ./*.tgz)
  cp "$work/package/$3" "$DEST/$4"
  rm -rf "$work" "$DEST"/."$1"-*
  touch "$stamp"
  echo "[validators] $1 $2 -> $DEST/$4" >&2
}
fetch axe-core "$AXE_VERSION" axe.min.js axe.min.js
fetch vnu-jar "$VNU_VERSION" build/dist/vnu.jar vnu.jar
