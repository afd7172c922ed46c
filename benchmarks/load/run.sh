#!/usr/bin/env bash
# Load test (issue 13): gunicorn (deploy/gunicorn.conf.py) + PostgreSQL + Redis + a Celery worker
# on loopback, locust headless. Usage: benchmarks/load/run.sh [seconds] [users]
# Seeds once (seed_demo --offers 2000, 300 buyers) into the database $LOAD_DB (espace_load).
# Writes benchmarks/load/results/*.csv and prints the Markdown table of benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-60}
USERS=${2:-20}
. benchmarks/load/env.sh
BIN=$PWD/.venv/bin
OUT=benchmarks/load/results
mkdir -p "$OUT" var/load
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT

if ! psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$LOAD_DB"; then
  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $LOAD_DB"
fi
if [ ! -f "var/load/.seeded-$LOAD_DB" ]; then
  $BIN/python manage.py migrate --noinput -v 0
  $BIN/python manage.py collectstatic --noinput -v 0
  $BIN/python manage.py seed_demo --offers 2000 | tail -1
  $BIN/python benchmarks/load/seed_buyers.py "${LOAD_BUYERS:-300}"
  touch "var/load/.seeded-$LOAD_DB"
fi

PORT=${LOAD_PORT:-8765}
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_ACCESS_LOG=/dev/null \
  $BIN/gunicorn -c deploy/gunicorn.conf.py espace_site.wsgi >var/load/gunicorn.log 2>&1 &
PIDS+=($!)
$BIN/celery -A espace_site worker --concurrency 1 --without-gossip --without-mingle \
  >var/load/worker.log 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 1; done

LOCUST="$BIN/locust -f benchmarks/load/locustfile.py --headless --host http://127.0.0.1:$PORT --only-summary"
echo "== mix: $USERS users, ${DURATION}s"
$LOCUST -u "$USERS" -r 10 -t "${DURATION}s" --csv "$OUT/mix" \
  AnonymousVisitor Buyer ApiConsumer BareView >/dev/null 2>&1 || true
echo "== saturation: bare view, then the cached catalogue (10 users each, 20 s)"
$LOCUST -u 10 -r 10 -t 20s --csv "$OUT/bare" SaturateBare >/dev/null 2>&1 || true
$LOCUST -u 10 -r 10 -t 20s --csv "$OUT/cached" SaturateCachedCatalogue >/dev/null 2>&1 || true
$BIN/python benchmarks/load/report.py "$OUT"
