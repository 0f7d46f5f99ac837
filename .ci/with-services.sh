#!/usr/bin/env bash
# Run a command with throwaway PostgreSQL and Redis servers on loopback, then stop them,
# also when the command fails. Installs the Debian packages the tests need when missing
# (postgresql, redis-server, chromium, chromium-driver, a Java runtime, npm).
#   bash .ci/with-services.sh .venv/bin/python -m pytest
set -euo pipefail

log() { echo "[services] $*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

need_packages=()
[ -n "$(pg_bindir)" ] || need_packages+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
command -v msgfmt >/dev/null 2>&1 || need_packages+=(gettext)
command -v pdftotext >/dev/null 2>&1 || need_packages+=(poppler-utils)  # report PDF tests
# The browser journeys and validators (tests/browser/, tests/validators/): Debian's Chromium
# and its driver (no browser download), Java for the Nu HTML checker, npm to fetch the pinned
# axe-core and vnu-jar once (.ci/validators.sh).
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
command -v java >/dev/null 2>&1 || need_packages+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need_packages+=(npm)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "installing ${need_packages[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi
PGBIN=$(pg_bindir)
bash "$(dirname "$0")/validators.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

TMP=$(mktemp -d /tmp/stemnet-services.XXXXXX)
chmod 755 "$TMP"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
PGDATA="$TMP/pg"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres user (created if missing).
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$TMP" postgres
  mkdir -p "$PGDATA" && chown postgres "$PGDATA"
  RUN_AS=(runuser -u postgres --)
fi

cleanup() {
  local status=$?
  log "stopping PostgreSQL and Redis"
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$TMP/redis.pid" ] && kill "$(cat "$TMP/redis.pid")" 2>/dev/null || true
  rm -rf "$TMP"
  exit $status
}
trap cleanup EXIT INT TERM

log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U stemnet --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U stemnet stemnet

log "starting Redis on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --daemonize yes --pidfile "$TMP/redis.pid" --logfile "$TMP/redis.log" --dir "$TMP"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://stemnet@127.0.0.1:$PG_PORT/stemnet"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/1"
export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/2"
export STEMNET_SERVICES=1
set +e
"$@"
status=$?
set -e
exit $status
