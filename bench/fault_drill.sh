#!/usr/bin/env bash
# Fault drill: serve the calendar with gunicorn on loopback against a PostgreSQL the
# drill starts for itself, load it with wrk, stop that PostgreSQL in the middle and
# start it again, and count the answers by status. Passes when no request got a 500:
# during the outage pages and the API answer 503 with Retry-After, and the app
# reconnects by itself when the database is back.
#
#   bash bench/fault_drill.sh                  # about 40 seconds
#   DRILL_SECONDS=15 bash bench/fault_drill.sh
#
# It touches nothing it did not make. Its PostgreSQL is a new cluster (initdb with the
# machine's binaries, /usr/lib/postgresql/<version>/bin or DRILL_PG_BIN) in a temporary
# folder, on a free port of 127.0.0.1 and a socket in that folder; it stops and starts
# only that one, and removes the folder (cluster, logs, feeds) at the end. PostgreSQL
# refuses to run as root, so under root the cluster runs as DRILL_PG_USER (default
# postgres). It installs nothing: a missing tool is named, with how to install it. The
# only thing it writes in the project is staticfiles/, the collectstatic output that
# make run and make serve write too.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TOTAL="${DRILL_SECONDS:-30}"
PG_USER="${DRILL_PG_USER:-postgres}"
DB="cstocal_drill"

fail() {
  echo "fault drill: $*" >&2
  exit 1
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

command -v wrk >/dev/null || fail "needs wrk, which is not installed (Debian/Ubuntu: sudo apt-get install wrk)"
[ -x .venv/bin/gunicorn ] || fail "needs the project's .venv; create it first with: make test (or make run)"
PG_BIN="${DRILL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "${PG_BIN:-/nonexistent}/initdb" ] ||
  fail "needs PostgreSQL's server binaries (initdb, pg_ctl) in /usr/lib/postgresql/<version>/bin or DRILL_PG_BIN (Debian/Ubuntu: sudo apt-get install postgresql)"
if [ "$(id -u)" = 0 ]; then
  id -u "$PG_USER" >/dev/null 2>&1 ||
    fail "runs its PostgreSQL as a non-root user (PostgreSQL refuses root); user '$PG_USER' does not exist: set DRILL_PG_USER"
  as_pg() { runuser -u "$PG_USER" -- "$@"; }
else
  as_pg() { "$@"; }
fi

PORT="${DRILL_PORT:-$(free_port)}"
PG_PORT="${DRILL_PG_PORT:-$(free_port)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cstocal-drill.XXXXXX")"
chmod 755 "$WORK"
mkdir "$WORK/pg"
[ "$(id -u)" = 0 ] && chown "$PG_USER" "$WORK/pg"
DATA="$WORK/pg/data"
gunicorn_pid=""
wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null || true
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null || true
  [ -f "$DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/pg/server.log" -w -s start \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off"
}
echo "PostgreSQL for the drill: a new cluster in $WORK on 127.0.0.1:$PG_PORT ($PG_BIN)"
as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
pg_start
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB"
export DJANGO_SECRET_KEY="fault-drill-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_LOG_LEVEL=WARNING
export CSTOCAL_FEED_DIR="$WORK/feeds"
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=2
# The drill is one client hammering the API: keep the throttle out of the counts.
export CSTOCAL_API_RATE_ANON="1000000/min"
unset REDIS_URL

.venv/bin/pybabel --quiet compile -d locale -D django
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py loadseed >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn -c gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "load: wrk -t2 -c8 -d${SECONDS_TOTAL}s; the drill's PostgreSQL stops after 8 s and stays down 3 s"
wrk -t2 -c8 -d"${SECONDS_TOTAL}s" --timeout 5s -s bench/statuses.lua "http://127.0.0.1:$PORT" \
  >"$WORK/wrk.txt" &
wrk_pid=$!
sleep 8
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -s stop
sleep 3
pg_start
wait "$wrk_pid"
wrk_pid=""

cat "$WORK/wrk.txt"
after="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/2013/09/")"
echo "after the drill: GET /2013/09/ -> $after"

fives=$(awk '/^  500:/ {print $2}' "$WORK/wrk.txt")
fivethrees=$(awk '/^  503:/ {print $2}' "$WORK/wrk.txt")
if [ "${fives:-1}" != "0" ] || [ "$after" != "200" ]; then
  echo "FAIL: ${fives:-?} responses were 500, or the app did not recover ($after)" >&2
  tail -n 20 "$WORK/gunicorn.log" >&2
  exit 1
fi
echo "PASS: 0 x 500, ${fivethrees} x 503 during the outage, recovered to 200"
