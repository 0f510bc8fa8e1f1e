#!/usr/bin/env bash
# Services the tests use, started on free local ports and stopped again. Sourced by .ci/run;
# developers can use it too:  source .ci/services.sh && services_start ... services_stop
# Exports MAHNWERK_TEST_PG_URL (a real PostgreSQL server) when PostgreSQL is installed.

# Debian packages the tests need (PostgreSQL server, Chromium for the portal's browser tests,
# poppler-utils and zbar-tools to read letter PDFs and their QR codes, a font, xmllint).
MAHNWERK_DEBIAN_PACKAGES="postgresql chromium poppler-utils zbar-tools fonts-dejavu-core libxml2-utils"

services_install() {
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "services: not root or no apt-get; skipping Debian packages ($MAHNWERK_DEBIAN_PACKAGES)"
    return 0
  fi
  local need=""
  for p in $MAHNWERK_DEBIAN_PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
  done
  if [ -n "$need" ]; then
    echo "services: installing$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
}

_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

services_start() {
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$pgbin" ]; then
    echo "services: PostgreSQL not installed; tests against a real server will be skipped"
    return 0
  fi
  MAHNWERK_PG_DIR=$(mktemp -d /tmp/mahnwerk-pg.XXXXXX)
  chmod 755 "$MAHNWERK_PG_DIR"
  local port
  port=$(_free_port)
  local as=""
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$MAHNWERK_PG_DIR"
    as="runuser -u postgres --"
  fi
  $as "$pgbin/initdb" -D "$MAHNWERK_PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  $as "$pgbin/pg_ctl" -D "$MAHNWERK_PG_DIR/data" -l "$MAHNWERK_PG_DIR/log" \
    -o "-p $port -k $MAHNWERK_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" -w start >/dev/null
  export MAHNWERK_PG_DIR
  export MAHNWERK_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "services: PostgreSQL on 127.0.0.1:$port"
}

services_stop() {
  if [ -n "${MAHNWERK_PG_DIR:-}" ] && [ -f "$MAHNWERK_PG_DIR/data/postmaster.pid" ]; then
    kill -INT "$(head -1 "$MAHNWERK_PG_DIR/data/postmaster.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$MAHNWERK_PG_DIR/data/postmaster.pid" ] || break; sleep 0.2; done
    rm -rf "$MAHNWERK_PG_DIR"
    unset MAHNWERK_PG_DIR MAHNWERK_TEST_PG_URL
  fi
}
