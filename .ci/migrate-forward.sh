#!/usr/bin/env bash
# An existing database migrates forward without losing a row: the demo is loaded on the schema
# of an earlier main (BASE, default 9e171f9: the main before the apps were cut by domain), that
# database is migrated by today's tree (NEW: the repo root, or another tree or commit), and the
# row count of every model is compared before and after (.ci/row_counts.py; moved models are
# followed through its MOVED). Needs the PostgreSQL of .ci/with-services.sh, on which it uses a
# database of its own, dropped at the end:
#   bash .ci/with-services.sh bash .ci/migrate-forward.sh [BASE] [NEW]
set -euo pipefail

log() { echo "[migrate-forward] $*" >&2; }
die() { echo "migrate-forward: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${1:-9e171f9}
NEW=${2:-$ROOT}
PY="$ROOT/.venv/bin/python"
FORWARD_DB=stemnet_forward

[ -x "$PY" ] || die "no $PY (run make install first)"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set: run me inside .ci/with-services.sh"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL is not PostgreSQL" ;; esac

# The extra database, on the same server as DATABASE_URL's.
FORWARD_URL=$("$PY" -c 'import sys, urllib.parse as u
url = u.urlsplit(sys.argv[1])
print(u.urlunsplit(url._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$FORWARD_DB")
admin_sql() {  # run one statement on DATABASE_URL's database, outside a transaction
  "$PY" -c 'import sys, psycopg2
conn = psycopg2.connect(sys.argv[1])
conn.autocommit = True
conn.cursor().execute(sys.argv[2])' "$DATABASE_URL" "$1"
}

tmp=$(mktemp -d /tmp/stemnet-forward.XXXXXX)
created=
cleanup() {
  local status=$?
  if [ -n "$created" ]; then
    admin_sql "DROP DATABASE IF EXISTS $FORWARD_DB WITH (FORCE)" || log "could not drop $FORWARD_DB"
  fi
  rm -rf "$tmp"
  exit $status
}
trap cleanup EXIT INT TERM

# A tree from a commit-ish, extracted with git archive.
extract() {  # extract COMMITISH DIR
  local commit
  commit=$(git -C "$ROOT" rev-parse --verify --quiet "$1^{commit}") ||
    die "no commit '$1' in $ROOT (a shallow clone? git fetch --unshallow)"
  mkdir -p "$2"
  git -C "$ROOT" archive "$commit" | tar -x -C "$2"
  log "$1 ($(git -C "$ROOT" log -1 --format='%h %s' "$commit" | cut -c1-80)) in $2"
}

# Run the venv's python in a tree, importing that tree's code (not the editable install's).
in_tree() {  # in_tree DIR ARGS...
  local dir=$1
  shift
  (cd "$dir" && PYTHONPATH="$dir" DJANGO_SETTINGS_MODULE=stemnet.settings \
    DATABASE_URL="$FORWARD_URL" "$PY" "$@")
}
check_imports() {  # the project's packages must come from DIR
  local where
  where=$(in_tree "$1" -c 'import os, monitor, networks, stemnet, trainings
print(" ".join(os.path.dirname(os.path.dirname(m.__file__))
               for m in (monitor, networks, stemnet, trainings)))')
  for w in $where; do [ "$w" = "$1" ] || die "imported code from $w, not from $1"; done
}

OLD="$tmp/old"
extract "$BASE" "$OLD"
if [ -d "$NEW" ]; then
  NEW=$(cd "$NEW" && pwd)
else
  extract "$NEW" "$tmp/new"
  NEW="$tmp/new"
fi
check_imports "$OLD"
check_imports "$NEW"

log "creating database $FORWARD_DB"
admin_sql "DROP DATABASE IF EXISTS $FORWARD_DB WITH (FORCE)"
created=1
admin_sql "CREATE DATABASE $FORWARD_DB"

log "old tree: migrate, loaddemo, count"
in_tree "$OLD" manage.py migrate --noinput >"$tmp/old-migrate.log" ||
  { cat "$tmp/old-migrate.log" >&2; die "migrate failed in the old tree ($BASE)"; }
in_tree "$OLD" manage.py loaddemo >"$tmp/loaddemo.log" ||
  { cat "$tmp/loaddemo.log" >&2; die "loaddemo failed in the old tree ($BASE)"; }
in_tree "$OLD" "$ROOT/.ci/row_counts.py" fill
in_tree "$OLD" "$ROOT/.ci/row_counts.py" count "$tmp/old.json"

log "new tree ($NEW): migrate, count"
in_tree "$NEW" manage.py migrate --noinput | tee "$tmp/new-migrate.log" >&2 ||
  die "migrate failed in the new tree ($NEW)"
in_tree "$NEW" "$ROOT/.ci/row_counts.py" count "$tmp/new.json"

"$PY" "$ROOT/.ci/row_counts.py" compare "$tmp/old.json" "$tmp/new.json"
