#!/usr/bin/env bash
# Load test with faults (issue 13): the same processes and mix as run.sh, against a PostgreSQL
# cluster and a redis-server of this script's own (never the machine's), restarted during the run:
# Redis at 20 s, PostgreSQL at 45 s, the Celery worker killed (SIGKILL) and started again at 70 s;
# the editor publishes at 55 s the offer 5,000 buyers follow, so that its e-mails are on their way
# when the worker dies. verify.py then checks that every write made is in the database and every
# e-mail sent once. A dead worker's claim on an e-mail lasts OUTBOX_LEASE_SECONDS: 60 here (ten
# minutes in production) so that the check need not wait ten minutes.
# Usage: benchmarks/load/faults.sh [seconds] [users]   (needs run.sh's seeded database first)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-100}
USERS=${2:-20}
. benchmarks/load/env.sh
SOURCE_DB=$LOAD_DB
BIN=$PWD/.venv/bin
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
OUT=benchmarks/load/results
WORK=$(mktemp -d /tmp/espace-faults.XXXXXX)
chmod 755 "$WORK"
PIDS=()
free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PG_PORT=$(free_port); REDIS_PORT=$(free_port); PORT=$(free_port)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
pg() { as_postgres "$PG_BIN/pg_ctl -D $WORK/pg -l $WORK/pg.log -w -o '-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1' $1" >/dev/null; }
redis_start() { redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$WORK" --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"; \
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done; }
redis_stop() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; sleep 0.5; }
worker_start() {
  $BIN/celery -A espace_site worker --concurrency 1 --without-gossip --without-mingle \
    >>"$WORK/worker.log" 2>&1 &
  WORKER_PID=$!; PIDS+=($WORKER_PID)
}
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  redis_stop; pg stop || true
  rm -rf "$WORK"
}
trap cleanup EXIT

$BIN/python benchmarks/load/seed_buyers.py "${LOAD_BUYERS:-300}"
echo "== own PostgreSQL on $PG_PORT (copy of $SOURCE_DB), own Redis on $REDIS_PORT"
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pg"
as_postgres "$PG_BIN/initdb -D $WORK/pg -U postgres -A trust" >/dev/null
pg start
pg_dump -h 127.0.0.1 -U postgres -Fc "$SOURCE_DB" >"$WORK/dump"
createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres espace_faults
pg_restore -h 127.0.0.1 -p "$PG_PORT" -U postgres -d espace_faults --no-owner "$WORK/dump"
redis_start
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/espace_faults
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export EMAIL_URL=filemail://$WORK/mail LOAD_WRITES=$OUT/faults_writes.jsonl OUTBOX_LEASE_SECONDS=60
rm -f "$LOAD_WRITES" "$OUT/faults_editor.json"

GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_ACCESS_LOG=/dev/null \
  $BIN/gunicorn -c deploy/gunicorn.conf.py espace_site.wsgi >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
worker_start
$BIN/celery -A espace_site beat --schedule "$WORK/beat-schedule" >"$WORK/beat.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 1; done

echo "== mix with faults: $USERS users, ${DURATION}s"
START=$(date +%s)
$BIN/locust -f benchmarks/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --only-summary -u "$USERS" -r 10 -t "${DURATION}s" --csv "$OUT/faults" --csv-full-history \
  AnonymousVisitor Buyer ApiConsumer BareView >/dev/null 2>&1 &
LOCUST=$!
$BIN/python benchmarks/load/editor.py "http://127.0.0.1:$PORT" var/load/load-accounts.json \
  "$OUT/faults_editor.json" 55 >"$WORK/editor.log" 2>&1 &
EDITOR=$!
at() { sleep $(( START + $1 - $(date +%s) )); }
at 20; echo "t=20 s: Redis restarted"; echo "redis $(date +%s)" >"$OUT/faults_events.txt"
redis_stop; redis_start
at 45; echo "t=45 s: PostgreSQL restarted"; echo "postgresql $(date +%s)" >>"$OUT/faults_events.txt"
pg "stop -m fast"; pg start
echo "t=55 s: the editor publishes"
at 70; echo "t=70 s: worker killed"; echo "worker $(date +%s)" >>"$OUT/faults_events.txt"
kill -9 "$WORKER_PID"; worker_start
wait $LOCUST || true
wait $EDITOR || { echo "the editor did not publish:"; cat "$WORK/editor.log"; }
$BIN/python benchmarks/load/report.py "$OUT" --faults
echo
VERIFIED=0
$BIN/python benchmarks/load/verify.py "$LOAD_WRITES" "$WORK/mail" "$OUT/faults_editor.json" \
  --wait 300 >"$OUT/faults_verify.md" || VERIFIED=$?
cat "$OUT/faults_verify.md"
exit $VERIFIED
