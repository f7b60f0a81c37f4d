#!/usr/bin/env bash
# Runs the whole test suite: unit and integration tests on SQLite, the integration tests again on
# PostgreSQL (a fresh, uniquely named database per test, dropped afterwards), and the browser tests
# in headless Chromium. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${PMS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
step() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "Checking tools"
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  echo "Chromium is missing; installing Debian's package."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# The certificate tests make and check certificates with the openssl command-line tool.
if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl is missing; installing Debian's package."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
fi
pg_ready() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! pg_ready && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; starting the local cluster."
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
pg_ready || { echo "PostgreSQL must listen on 127.0.0.1:5432 (set PMS_TEST_POSTGRES_URL for another server)." >&2; exit 1; }

step "Formatting and lints"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings

step "Building (debug, all targets, once for every stage below)"
cargo build --locked --workspace --all-targets
if cargo nextest --version >/dev/null 2>&1; then
  sqlite_tests() { cargo nextest run --locked --workspace --no-fail-fast; }
  # The same test binaries as the SQLite stage; only the selection differs, so nothing is rebuilt.
  postgres_tests() { cargo nextest run --locked --workspace --no-fail-fast -E 'kind(test)'; }
else
  sqlite_tests() { cargo test --locked --workspace; }
  postgres_tests() { cargo test --locked --workspace --tests; }
fi

step "Unit and integration tests on SQLite"
sqlite_tests

step "Integration tests on PostgreSQL ($PG_URL)"
# Under nextest every test copies a database migrated once for the run (pms_tpl_<run id>);
# the templates are dropped here, whatever the outcome.
drop_templates() {
  command -v psql >/dev/null 2>&1 || return 0
  psql "$PG_URL/postgres" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'pms\_tpl\_%'" 2>/dev/null |
    while read -r db; do psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}
trap drop_templates EXIT
PMS_TEST_DATABASE_URL="$PG_URL" postgres_tests
drop_templates

step "Browser tests (headless Chromium)"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
PMS_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/pms" node --test --test-concurrency=1 e2e/tests/

step "All tests passed"
