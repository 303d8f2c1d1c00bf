#!/usr/bin/env bash
# Builds the solution and runs every test project against a throwaway PostgreSQL cluster in a
# temporary folder (started here, removed on exit, also on failure). Installs Debian's chromium for
# the browser tests when it is missing and we are root. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
source scripts/postgres.sh

CONFIGURATION="${CONFIGURATION:-Release}"
TMP_CLUSTER=""
cleanup() {
  if [ -n "$TMP_CLUSTER" ]; then
    pg_stop "$TMP_CLUSTER/data"
    rm -rf "$TMP_CLUSTER"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing (sudo apt-get install chromium): browser tests will fail." >&2
  fi
fi

echo "Building ($CONFIGURATION)..."
dotnet build VictimSurvey.sln -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary

if [ -z "${VICTIMSURVEY_TEST_DB:-}" ]; then
  pg_find_bin
  TMP_CLUSTER="$(mktemp -d /tmp/victimsurvey-test.XXXXXX)"
  chmod 755 "$TMP_CLUSTER"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$TMP_CLUSTER"; fi
  pg_init "$TMP_CLUSTER/data"
  PG_PORT="$(pg_free_port)"
  # Durability is pointless for a cluster that is deleted at the end: turn it off for speed. The test
  # projects run at once, each with its pools and Hangfire servers: more connections than the default 100.
  pg_start "$TMP_CLUSTER/data" "$PG_PORT" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
  echo "Test PostgreSQL on 127.0.0.1:$PG_PORT ($TMP_CLUSTER)"
  export VICTIMSURVEY_TEST_DB="$(pg_connection_string "$TMP_CLUSTER/data" "$PG_PORT" postgres)"
fi

RESULTS="$(mktemp)"
status=0
dotnet test VictimSurvey.sln -c "$CONFIGURATION" --no-build -nologo 2>&1 | tee "$RESULTS" || status=$?

# One closing line for the whole run, summed over the test projects' summaries.
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) }
      if ($i == "Passed:")  { p += $(i+1) }
      if ($i == "Skipped:") { s += $(i+1) }
    }
    projects++
  }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$RESULTS"
rm -f "$RESULTS"
exit "$status"
