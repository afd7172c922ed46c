#!/usr/bin/env bash
# Load test (issue 13): gunicorn (deploy/gunicorn.conf.py) + PostgreSQL + Redis + a Celery worker
# and beat on loopback, locust headless, and the editor (editor.py, a browser) publishing at 20 s
# the offer 5,000 buyers follow. Usage: benchmarks/load/run.sh [seconds] [users]
# Seeds once (seed_demo --offers 2000) into the database $LOAD_DB (espace_load), and at each run
# the accounts (seed_buyers.py). Writes benchmarks/load/results/*, prints the Markdown tables of
# benchmarks/README.md: the requests, then verify.py's check of the writes and e-mails.
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
  touch "var/load/.seeded-$LOAD_DB"
fi
$BIN/python benchmarks/load/seed_buyers.py "${LOAD_BUYERS:-300}"
MAIL=$PWD/var/load/mail-mix
rm -rf "$MAIL" "$OUT"/mix_writes.jsonl "$OUT"/mix_editor.json var/load/beat-schedule*
export EMAIL_URL=filemail://$MAIL LOAD_WRITES=$OUT/mix_writes.jsonl

PORT=${LOAD_PORT:-8765}
GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_ACCESS_LOG=/dev/null \
  $BIN/gunicorn -c deploy/gunicorn.conf.py espace_site.wsgi >var/load/gunicorn.log 2>&1 &
PIDS+=($!)
$BIN/celery -A espace_site worker --concurrency 1 --without-gossip --without-mingle \
  >var/load/worker.log 2>&1 &
PIDS+=($!)
$BIN/celery -A espace_site beat --schedule var/load/beat-schedule >var/load/beat.log 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 1; done

LOCUST="$BIN/locust -f benchmarks/load/locustfile.py --headless --host http://127.0.0.1:$PORT --only-summary"
echo "== warm-up: the same mix for 20 s, not counted (each gunicorn process's first requests)"
$LOCUST -u "$USERS" -r 10 -t 20s --csv "$OUT/warmup" \
  AnonymousVisitor Buyer ApiConsumer BareView >/dev/null 2>&1 || true
echo "== mix: $USERS users, ${DURATION}s; the editor publishes at 20 s"
$BIN/python benchmarks/load/editor.py "http://127.0.0.1:$PORT" var/load/load-accounts.json \
  "$OUT/mix_editor.json" 20 >var/load/editor.log 2>&1 &
EDITOR=$!
$LOCUST -u "$USERS" -r 10 -t "${DURATION}s" --csv "$OUT/mix" \
  AnonymousVisitor Buyer ApiConsumer BareView >/dev/null 2>&1 || true
wait $EDITOR || echo "the editor did not publish: var/load/editor.log"
echo "== the writes and e-mails of the mix (verify.py)"
VERIFIED=0
$BIN/python benchmarks/load/verify.py "$LOAD_WRITES" "$MAIL" "$OUT/mix_editor.json" \
  >"$OUT/mix_verify.md" || VERIFIED=$?
echo "== saturation: bare view, then the cached catalogue (10 users each, 20 s)"
$LOCUST -u 10 -r 10 -t 20s --csv "$OUT/bare" SaturateBare >/dev/null 2>&1 || true
$LOCUST -u 10 -r 10 -t 20s --csv "$OUT/cached" SaturateCachedCatalogue >/dev/null 2>&1 || true
$BIN/python benchmarks/load/report.py "$OUT"
echo
cat "$OUT/mix_verify.md"
exit $VERIFIED
