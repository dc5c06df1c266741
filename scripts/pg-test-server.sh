#!/usr/bin/env bash
# Start a throw-away PostgreSQL on loopback for the storage/search tests.
# Prints the URL to use as REGIONLENS_TEST_PG. Installs PostgreSQL from apt if absent.
set -euo pipefail
PORT="${REGIONLENS_PG_PORT:-55432}"
DATA="${REGIONLENS_PG_DATA:-/tmp/regionlens-pg}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bin_dir)" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
  else
    echo "PostgreSQL is not installed and this user cannot install it (sudo apt-get install postgresql)" >&2; exit 1
  fi
fi
BIN="$(bin_dir)"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
"${RUN_AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='regionlens_test'" | grep -q 1 \
  || "${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres regionlens_test
echo "postgresql://postgres@127.0.0.1:$PORT/regionlens_test"
