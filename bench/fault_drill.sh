#!/usr/bin/env bash
# Fault drill: serve the calendar with gunicorn on loopback against PostgreSQL, load
# it with wrk, restart PostgreSQL in the middle, and count the answers by status.
# Passes when no request got a 500: during the outage pages and the API answer 503
# with Retry-After, and the app reconnects by itself when the database is back.
#
#   bash bench/fault_drill.sh            # about 40 seconds; needs root for the restart
#
# Bounded: wrk runs DRILL_SECONDS (default 30) against 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${DRILL_PORT:-8765}"
SECONDS_TOTAL="${DRILL_SECONDS:-30}"
DB="cstocal_drill"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_SECRET_KEY="fault-drill-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_LOG_LEVEL=WARNING
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=2
# The drill is one client hammering the API: keep the throttle out of the counts.
export CSTOCAL_API_RATE_ANON="1000000/min"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cluster="$(ls /etc/postgresql | head -n 1)"

make -s .venv/.installed >/dev/null
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py loadseed >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn -c gunicorn.conf.py >/tmp/cstocal-drill-gunicorn.log 2>&1 &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "load: wrk -t2 -c8 -d${SECONDS_TOTAL}s; PostgreSQL restarts after 8 s and stays down 3 s"
wrk -t2 -c8 -d"${SECONDS_TOTAL}s" --timeout 5s -s bench/statuses.lua "http://127.0.0.1:$PORT" \
  >/tmp/cstocal-drill-wrk.txt &
wrk_pid=$!
sleep 8
pg_ctlcluster --skip-systemctl-redirect "$cluster" main stop -m fast
sleep 3
pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
wait $wrk_pid

cat /tmp/cstocal-drill-wrk.txt
after="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/2013/09/")"
echo "after the drill: GET /2013/09/ -> $after"
kill "$gunicorn_pid" 2>/dev/null || true
wait "$gunicorn_pid" 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true

fives=$(awk '/^  500:/ {print $2}' /tmp/cstocal-drill-wrk.txt)
fivethrees=$(awk '/^  503:/ {print $2}' /tmp/cstocal-drill-wrk.txt)
if [ "${fives:-1}" != "0" ] || [ "$after" != "200" ]; then
  echo "FAIL: ${fives:-?} responses were 500, or the app did not recover ($after)" >&2
  exit 1
fi
echo "PASS: 0 x 500, ${fivethrees} x 503 during the outage, recovered to 200"
