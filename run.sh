#!/usr/bin/env bash
# Builds VictimSurvey, starts a private PostgreSQL cluster (unless VICTIMSURVEY_DB is set), applies
# the migrations, seeds the demo data into an empty database and serves the back office.
# Ctrl-C stops the app and the cluster; a second run reuses the cluster and its data.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
source scripts/postgres.sh

CONFIGURATION="${CONFIGURATION:-Release}"
WEB_PORT="${VICTIMSURVEY_PORT:-5080}"
DATA_DIR="$ROOT/.data"
CLUSTER_DIR="$DATA_DIR/postgres"
RUN_PID_FILE="$DATA_DIR/run.pid"
STARTED_CLUSTER=""
WEB_PID=""

cleanup() {
  trap - EXIT INT TERM
  # Ctrl-C may also have closed our output (`./run.sh | tee log`): never let a write stop the clean-up.
  trap '' PIPE
  if [ -n "$WEB_PID" ] && kill -0 "$WEB_PID" 2>/dev/null; then
    kill -TERM "$WEB_PID" 2>/dev/null || true
    wait "$WEB_PID" 2>/dev/null || true
  fi
  if [ -n "$STARTED_CLUSTER" ]; then
    echo "Stopping PostgreSQL..." 2>/dev/null || true
    pg_stop "$STARTED_CLUSTER"
  fi
  if [ -f "$RUN_PID_FILE" ] && [ "$(cat "$RUN_PID_FILE" 2>/dev/null)" = "$$" ]; then rm -f "$RUN_PID_FILE" "$DATA_DIR/db.env"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Building..."
dotnet build src/VictimSurvey.Web/VictimSurvey.Web.csproj -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary
dotnet build src/VictimSurvey.Cli/VictimSurvey.Cli.csproj -c "$CONFIGURATION" -nologo -v quiet -clp:NoSummary
CLI=(dotnet "$ROOT/src/VictimSurvey.Cli/bin/$CONFIGURATION/net10.0/victimsurvey.dll")

if [ -z "${VICTIMSURVEY_DB:-}" ]; then
  pg_find_bin
  mkdir -p "$DATA_DIR"
  if [ ! -e "$CLUSTER_DIR" ] && [ "$(id -u)" = 0 ] && ! pg_owner_can_reach "$DATA_DIR"; then
    # Root checkout that the `postgres` user cannot reach (e.g. under /root): keep the cluster in a
    # folder it owns, and point .data/postgres at it so that the next run finds it again.
    outside="/var/tmp/victimsurvey-clusters/$(echo -n "$ROOT" | sha256sum | cut -c1-16)"
    mkdir -p "$outside"
    chown postgres:postgres "$outside"
    ln -s "$outside" "$CLUSTER_DIR"
  fi
  # The server is given the real path: the link's own path may run through a folder it cannot enter.
  if [ -L "$CLUSTER_DIR" ]; then CLUSTER_DIR="$(readlink -f "$CLUSTER_DIR")"; fi
  if [ -f "$RUN_PID_FILE" ] && kill -0 "$(cat "$RUN_PID_FILE")" 2>/dev/null; then
    echo "Another ./run.sh (pid $(cat "$RUN_PID_FILE")) is using .data/postgres: stop it first." >&2
    exit 1
  fi
  if [ -f "$CLUSTER_DIR/postmaster.pid" ]; then
    echo "Stopping the PostgreSQL server an earlier run left behind..."
    pg_stop "$CLUSTER_DIR"
  fi
  echo $$ > "$RUN_PID_FILE"
  pg_init "$CLUSTER_DIR"
  PG_PORT="$(pg_free_port)"
  echo "Starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT, data in .data/postgres..."
  pg_start "$CLUSTER_DIR" "$PG_PORT"
  STARTED_CLUSTER="$CLUSTER_DIR"
  VICTIMSURVEY_DB="$(pg_connection_string "$CLUSTER_DIR" "$PG_PORT" victimsurvey)"
  # For the CLI in another terminal while this runs: `source .data/db.env` (readable by you only).
  (umask 077 && printf 'export VICTIMSURVEY_DB=%q\n' "$VICTIMSURVEY_DB" > "$DATA_DIR/db.env")
fi
export VICTIMSURVEY_DB

"${CLI[@]}" db migrate
# Demo accounts have published passwords: only in the private demo cluster, or when asked for.
SEEDED_DEMO=""
if [ -n "$STARTED_CLUSTER" ] || [ "${VICTIMSURVEY_DEMO:-}" = 1 ]; then
  "${CLI[@]}" demo seed
  SEEDED_DEMO=1
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$WEB_PORT") 2>/dev/null; then
  WEB_PORT="$(pg_free_port)"
fi
URL="http://127.0.0.1:$WEB_PORT"

cd "$ROOT/src/VictimSurvey.Web"
# The back office shows the checkout's questionnaires/ (edits appear without a rebuild), unless told otherwise.
ASPNETCORE_URLS="$URL" VICTIMSURVEY_QUESTIONNAIRES="${VICTIMSURVEY_QUESTIONNAIRES:-$ROOT/questionnaires}" \
  dotnet "bin/$CONFIGURATION/net10.0/VictimSurvey.Web.dll" &
WEB_PID=$!
cd "$ROOT"

READY=""
for _ in $(seq 1 120); do
  if ! kill -0 "$WEB_PID" 2>/dev/null; then echo "The back office stopped while starting; see the messages above." >&2; exit 1; fi
  if command -v curl >/dev/null 2>&1; then
    if curl -fs -o /dev/null "$URL/account/login" 2>/dev/null; then READY=1; break; fi
  elif (exec 3<>"/dev/tcp/127.0.0.1/$WEB_PORT") 2>/dev/null; then
    READY=1; break
  fi
  sleep 0.5
done
if [ -z "$READY" ]; then
  echo "The back office did not answer on $URL within 60 s; see the messages above." >&2
  exit 1
fi

echo
echo "  VictimSurvey back office: $URL"
if [ -n "$SEEDED_DEMO" ]; then
  echo
  echo "  Demo sign-ins (role, user, password):"
  "${CLI[@]}" demo accounts
fi
if [ -n "$STARTED_CLUSTER" ]; then
  echo
  echo "  CLI on this database from another terminal: source .data/db.env"
  echo "    then: dotnet src/VictimSurvey.Cli/bin/$CONFIGURATION/net10.0/victimsurvey.dll --help"
fi
echo
echo "  Ctrl-C stops the back office$( [ -n "$STARTED_CLUSTER" ] && echo " and its PostgreSQL cluster")."
echo
wait "$WEB_PID"
