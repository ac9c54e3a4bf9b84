#!/usr/bin/env bash
# Local PostgreSQL and Redis for the test suite and CI, on loopback, from Debian's packages.
#
#   scripts/services.sh up     install what is missing, start both, print the environment to use
#   scripts/services.sh down   stop both
#
# The machine's own PostgreSQL cluster is left alone: a throwaway cluster with trust authentication on
# 127.0.0.1 lives in $SERVICES_DIR (default /tmp/kohtaamo-services), so the script works the same on a
# fresh machine and on one where a cluster already runs. Ports: PG_PORT (54329), REDIS_PORT (63799).
# Output on stdout is only `export NAME=value` lines, so `eval "$(scripts/services.sh up)"` works.
set -euo pipefail

SERVICES_DIR="${SERVICES_DIR:-/tmp/kohtaamo-services}"
PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"
# shellcheck source=lib/debian.sh
source "$(dirname "$0")/lib/debian.sh"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$dir" ] || { log "PostgreSQL binaries not found"; exit 1; }
  printf '%s' "$dir"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_up() {
  local bin data="$SERVICES_DIR/pg"
  bin=$(pg_bin)
  mkdir -p "$SERVICES_DIR"
  chmod 755 "$SERVICES_DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    as_postgres "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $PG_PORT -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2
  fi
  for _ in $(seq 1 60); do "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q && break; sleep 1; done
  "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >&2
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:${PG_PORT}/kohtaamo"
  echo "export PG_PORT=${PG_PORT}"
}

redis_up() {
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    mkdir -p "$SERVICES_DIR/redis"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
      --dir "$SERVICES_DIR/redis" --logfile "$SERVICES_DIR/redis/redis.log" >&2
    for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  redis-cli -p "$REDIS_PORT" ping >&2
  echo "export REDIS_URL=redis://127.0.0.1:${REDIS_PORT}/0"
}

case "${1:-up}" in
  up)
    apt_install postgresql redis-server
    pg_up
    redis_up
    ;;
  down)
    bin=$(pg_bin)
    [ -f "$SERVICES_DIR/pg/PG_VERSION" ] && as_postgres "$bin/pg_ctl" -D "$SERVICES_DIR/pg" -m fast stop >&2 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *)
    log "usage: $0 up|down"; exit 2 ;;
esac
