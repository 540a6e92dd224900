#!/usr/bin/env bash
# Calendar benchmark of the release binary on ../shared/bench's 10k-event file, in the shape
# of ../shared/bench/peers.sh (which runs calcurse 4.7 on the same file): import into a fresh
# database, then the agenda of 1, 7, 30 and 365 days from the data's "today" (2026-11-16).
# The first agenda after an import expands the series and keeps them (agenda-30-first); the
# others read what is kept. Then how the agenda grows with the data: the same generator's
# 1k, 10k and 100k-event files (deterministic, same shape), imported and read the same way.
#
#   bash benches/cal.sh [OUT_DIR]        (needs hyperfine; default OUT_DIR /tmp/tempo-cal-bench)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
OUT=${1:-/tmp/tempo-cal-bench}
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
command -v hyperfine >/dev/null || { echo "missing: hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT/data" "$OUT/home"

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
python3 "$SHARED/gen_data.py" --out "$OUT/data" --events 10000 --sizes 10 > /dev/null
ICS=$OUT/data/events_10000.ics
DB=$OUT/cal.sqlite
export TEMPO_NOW=2026-11-16T12:00:00Z HOME=$OUT/home LC_ALL=C.UTF-8
: > "$OUT/empty.toml"; export TEMPO_CONFIG=$OUT/empty.toml
unset TZ

# shellcheck source=benches/lib.sh
source "$ROOT/benches/lib.sh"

echo "| operation (10k events) | median | min | runs |"
echo "|---|---|---|---|"
run import 5 "rm -f $DB $DB-wal $DB-shm" "$BIN --db $DB cal import $ICS"
for d in 1 7 30; do
  run "agenda-$d" 20 "" "$BIN --db $DB cal agenda --from 2026-11-16 --days $d --no-tasks"
done
run agenda-365 10 "" "$BIN --db $DB cal agenda --from 2026-11-16 --days 365 --no-tasks"
run agenda-30-json 20 "" "$BIN --db $DB --json cal agenda --from 2026-11-16 --days 30 --no-tasks"
# A fresh import's database (its WAL checkpointed on close), copied before each run: the
# agenda that expands and keeps.
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" cal import "$ICS" > /dev/null
cp "$DB" "$OUT/imported.sqlite"
run agenda-30-first 10 "rm -f $DB-wal $DB-shm; cp $OUT/imported.sqlite $DB" \
  "$BIN --db $DB cal agenda --from 2026-11-16 --days 30 --no-tasks"
for d in 1 7 30 365; do
  n=$("$BIN" --db "$DB" --json cal agenda --from 2026-11-16 --days $d --no-tasks | grep -c '"kind"')
  echo "occurrences in $d days: $n" >> "$OUT/counts.txt"
done
cat "$OUT/counts.txt"

echo
echo "| events | agenda 30 d | agenda 365 d | occurrences 30 d / 365 d |"
echo "|---|---|---|---|"
for n in 1000 10000 100000; do
  python3 "$SHARED/gen_data.py" --out "$OUT/data-$n" --events $n --sizes 10 --intervals 10 > /dev/null
  db=$OUT/scale-$n.sqlite
  "$BIN" --db "$db" cal import "$OUT/data-$n/events_$n.ics" > /dev/null
  a=$(run "scale-$n-30" 10 "" "$BIN --db $db cal agenda --from 2026-11-16 --days 30 --no-tasks" | cut -d'|' -f3)
  b=$(run "scale-$n-365" 10 "" "$BIN --db $db cal agenda --from 2026-11-16 --days 365 --no-tasks" | cut -d'|' -f3)
  c30=$("$BIN" --db "$db" --json cal agenda --from 2026-11-16 --days 30 --no-tasks | grep -c '"kind"')
  c365=$("$BIN" --db "$db" --json cal agenda --from 2026-11-16 --days 365 --no-tasks | grep -c '"kind"')
  echo "| $n |$a|$b| $c30 / $c365 |"
done
