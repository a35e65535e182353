#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL cluster for the SQL-export tests and exports
# SEGMENTLAB_PG_URL. Meant to be *sourced* (`source scripts/start-postgres.sh`) so the variable
# reaches the caller; running it prints `export SEGMENTLAB_PG_URL=...` as well.
#
# - Uses Debian's `postgresql` binaries (/usr/lib/postgresql/<version>/bin).
# - Root cannot run postgres: when run as root the cluster belongs to the `postgres` OS user.
# - Listens on 127.0.0.1 only, on a free port, with trust authentication (loopback only).
# - Idempotent: a second call finds the running cluster (state in $SEGMENTLAB_PG_DIR,
#   default /tmp/segmentlab-pg-<uid>) and only re-exports the URL.
# - `segmentlab_pg_stop` (defined here) stops the cluster and deletes its folder.
# Does not change the caller's shell options (it may be sourced under `set -euo pipefail`).

segmentlab_pg_start() {
  local dir="${SEGMENTLAB_PG_DIR:-/tmp/segmentlab-pg-$(id -u)}"
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "start-postgres: PostgreSQL binaries not found (apt-get install -y postgresql)" >&2
    return 1
  fi
  local as=()
  if [ "$(id -u)" = "0" ]; then as=(runuser -u postgres --); fi

  # Reuse a running cluster.
  if [ -f "$dir/port" ] && [ -d "$dir/data" ]; then
    local port
    port="$(cat "$dir/port")"
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      export SEGMENTLAB_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    # Stale folder (machine restarted, server killed): try to start it again, else rebuild.
    if "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1 &&
      "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      export SEGMENTLAB_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    rm -rf "$dir"
  fi

  mkdir -p "$dir" || return 1
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir" || return 1; fi
  local port
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')" || return 1
  "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    echo "start-postgres: initdb failed, see $dir/initdb.log" >&2
    return 1
  }
  "${as[@]}" bash -c "echo '$port' > '$dir/port'" || return 1
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
    start >/dev/null || {
    echo "start-postgres: server did not start, see $dir/server.log" >&2
    return 1
  }
  export SEGMENTLAB_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
}

segmentlab_pg_stop() {
  local dir="${SEGMENTLAB_PG_DIR:-/tmp/segmentlab-pg-$(id -u)}"
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  local as=()
  if [ "$(id -u)" = "0" ]; then as=(runuser -u postgres --); fi
  if [ -d "$dir/data" ]; then "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$dir"
  unset SEGMENTLAB_PG_URL
}

if segmentlab_pg_start; then
  if [ "${BASH_SOURCE[0]}" = "$0" ]; then echo "export SEGMENTLAB_PG_URL=$SEGMENTLAB_PG_URL"; fi
else
  echo "start-postgres: could not start PostgreSQL" >&2
  # `return` when sourced, `exit` when run.
  return 1 2>/dev/null || exit 1
fi
