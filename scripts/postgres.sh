# shellcheck shell=bash
# Private PostgreSQL clusters for run.sh and test.sh, on the machine's own server binaries.
# Sourced, not executed. Functions print errors to stderr and return non-zero.
#
# PostgreSQL refuses to run as root; CI runs as root. Then the server runs as the `postgres` system
# user that Debian's package creates, in a folder that user owns.

pg_find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN="$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"; return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found: installing Debian's postgresql package..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    pg_find_bin; return $?
  fi
  echo "PostgreSQL server binaries not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql)," >&2
  echo "or set VICTIMSURVEY_DB to the connection string of an existing database." >&2
  return 1
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "Running as root, but there is no 'postgres' system user to run the server (install Debian's postgresql package)." >&2
      return 1
    fi
    # From / : the caller's folder may be out of the postgres user's reach (a checkout under /root).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Whether the cluster owner can reach a folder (a root checkout under /root is out of reach of `postgres`).
pg_owner_can_reach() {
  pg_as_owner test -x "$1" 2>/dev/null
}

pg_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free loopback port found" >&2
  return 1
}

# pg_init DATA_DIR: creates the cluster (once) with a random superuser password kept beside it.
pg_init() {
  local data="$1"
  if [ -f "$data/PG_VERSION" ]; then return 0; fi
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  local pwfile
  pwfile="$(mktemp)"
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
  pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; return 1; }
  pg_as_owner cp "$pwfile" "$data/victimsurvey.password"
  pg_as_owner chmod 600 "$data/victimsurvey.password"
  rm -f "$pwfile"
}

# pg_start DATA_DIR PORT [EXTRA_SERVER_OPTIONS]: starts the server on 127.0.0.1:PORT, sockets and log inside DATA_DIR.
pg_start() {
  local data="$1" port="$2" extra="${3:-}"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k '$data' -c max_connections=200 $extra" \
    start >/dev/null || { echo "PostgreSQL did not start; its log:" >&2; tail -20 "$data/server.log" >&2; return 1; }
}

pg_stop() {
  local data="$1"
  if [ -f "$data/postmaster.pid" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
}

# pg_connection_string DATA_DIR PORT DATABASE
pg_connection_string() {
  local data="$1" port="$2" database="$3" password
  password="$(pg_as_owner cat "$data/victimsurvey.password")"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database"
}
