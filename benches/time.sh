#!/usr/bin/env bash
# Whole-process benchmark of time tracking (release binary) on ../shared/bench's 10k
# intervals, side by side with Timewarrior 1.4 in the same run, plus a month's report at
# 1,000,000 entries. Not a test: prints medians.
#
#   bash benches/time.sh [OUT_DIR]        # default /tmp/tempo-time-bench
#
# Needs: hyperfine, GNU time, timew, python3 (apt-get install -y hyperfine time timewarrior).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
OUT=${1:-/tmp/tempo-time-bench}
W=$OUT/work
RUNS_FAST=${RUNS_FAST:-30}
RUNS_SLOW=${RUNS_SLOW:-10}

for c in hyperfine /usr/bin/time python3 timew cargo; do
  command -v "$c" >/dev/null || { echo "missing: $c (apt-get install -y hyperfine time timewarrior)" >&2; exit 1; }
done
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
rm -rf "$OUT"; mkdir -p "$W" "$OUT/json"

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
python3 "$SHARED/gen_data.py" --out "$W/data" --sizes 1000 --events 10 --intervals 10000 > /dev/null
# The data's "today" is 2026-11-16 (the intervals end the day before). TZ is left unset, as
# on a desktop and as peers.sh runs Timewarrior.
export TEMPO_NOW=2026-11-16T12:00:00Z HOME=$W/home LC_ALL=C.UTF-8 TERM=dumb
unset TZ
mkdir -p "$HOME"; : > "$W/empty.toml"; export TEMPO_CONFIG=$W/empty.toml

ROWS=$OUT/rows.tsv; : > "$ROWS"
# bench TOOL NAME RUNS PREPARE CMD: median (hyperfine) and peak RSS (GNU time, one run).
bench() {
  local tool=$1 name=$2 runs=$3 prep=$4 cmd=$5 id
  id=$(echo "$tool-$name" | tr -c 'a-zA-Z0-9-' '_')
  local hf=(hyperfine --style basic --runs "$runs" --export-json "$OUT/json/$id.json")
  if [ -n "$prep" ]; then hf+=(--prepare "$prep"); else hf+=(-N --warmup 3); fi
  "${hf[@]}" "$cmd" > "$OUT/$id.hyperfine.txt" 2>&1 || { cat "$OUT/$id.hyperfine.txt" >&2; exit 1; }
  [ -n "$prep" ] && bash -c "$prep"
  /usr/bin/time -f '%M' -o "$OUT/$id.rss" bash -c "exec $cmd" > /dev/null 2>&1
  python3 - "$OUT/json/$id.json" "$OUT/$id.rss" "$tool" "$name" "$runs" >> "$ROWS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
rss = open(sys.argv[2]).read().split()[0]
print("\t".join([sys.argv[3], sys.argv[4], sys.argv[5], "%.1f" % (r["median"] * 1000), "%.1f" % (int(rss) / 1024)]))
PY
}

# The intervals as `timew export` JSON, for `tempo import timewarrior`.
python3 - "$W/data/intervals_10000.tsv" "$W/export.json" <<'PY'
import csv, json, sys
def tw(iso):
    return iso.replace("-", "").replace(":", "").replace("+0000", "Z")
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
out = [{"id": len(rows) - i, "start": tw(r["start"]), "end": tw(r["end"]), "tags": r["tags"].split(",")}
       for i, r in enumerate(rows)]
json.dump(out, open(sys.argv[2], "w"))
PY
head -c 120 "$W/export.json" | grep -q '"start": "20' || { echo "unexpected export shape" >&2; head -c 300 "$W/export.json" >&2; exit 1; }

DB=$W/tempo.sqlite
T="$BIN --db $DB"
bench tempo "import timewarrior (10k intervals)" "$RUNS_SLOW" "rm -f $DB $DB-wal $DB-shm" "$T import timewarrior $W/export.json"
cp "$DB" "$DB.snap"
bench tempo "report, one month (Oct 2026)" "$RUNS_FAST" "" "$T report --from 2026-10-01 --to 2026-10-31"
bench tempo "report --json, one month" "$RUNS_FAST" "" "$T --json report --from 2026-10-01 --to 2026-10-31"
bench tempo "report, all 10k (2023-01-01 to 2026-12-31)" "$RUNS_SLOW" "" "$T report --from 2023-01-01 --to 2026-12-31"
bench tempo "track start" "$RUNS_FAST" "cp $DB.snap $DB && rm -f $DB-wal $DB-shm" "$T track start project:bench +x"
cp "$DB.snap" "$DB"; rm -f "$DB-wal" "$DB-shm"; $T track start project:bench > /dev/null; cp "$DB" "$DB.running"
bench tempo "track stop" "$RUNS_FAST" "cp $DB.running $DB && rm -f $DB-wal $DB-shm" "env TEMPO_NOW=2026-11-16T12:30:00Z $T track stop"
cp "$DB.running" "$DB"; rm -f "$DB-wal" "$DB-shm"
bench tempo "track status (running)" "$RUNS_FAST" "" "$T track status"
echo "tempo month report total: $($T --json report --from 2026-10-01 --to 2026-10-31 | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["seconds"], "s in", len(r["lines"]), "lines")')" >> "$OUT/checks.txt"

TWDB=$W/timew
mkdir -p "$TWDB"; : > "$TWDB/timewarrior.cfg"; cp -a "$W/data/timew_10000/data" "$TWDB/data"
export TIMEWARRIORDB=$TWDB
timew summary 2026-10-01 - 2026-11-01 > /dev/null
bench timew "summary 2026-10-01 - 2026-11-01" "$RUNS_FAST" "" "timew summary 2026-10-01 - 2026-11-01"
bench timew "summary 2023-01-01 - 2027-01-01" "$RUNS_SLOW" "" "timew summary 2023-01-01 - 2027-01-01"
cp -a "$TWDB/data" "$W/timew_data.snap"
bench timew "track (1 interval)" "$RUNS_FAST" "rm -rf $TWDB/data && cp -a $W/timew_data.snap $TWDB/data" \
  "timew track 2026-11-16T13:00:00Z - 2026-11-16T13:25:00Z api review"
echo "timew month summary total: $(timew summary 2026-10-01 - 2026-11-01 | awk 'NF==1 && /:/{t=$1} END{print t}')" >> "$OUT/checks.txt"

# 1,000,000 entries: 24 a day (45 minutes each hour) back from 2026-11-15, written straight
# into the schema Tempo made.
BIG=$W/tempo_1m.sqlite
$BIN --db "$BIG" time log > /dev/null
python3 - "$BIG" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
end = 1763164800  # 2026-11-15T00:00:00Z
rows = ((end - (i + 1) * 3600, end - (i + 1) * 3600 + 2700, "p%d" % (i % 7), "t%d" % (i % 5)) for i in range(1_000_000))
con.executemany("INSERT INTO time_entries (start, end, source, project, tags) VALUES (?, ?, 'manual', ?, ?)", rows)
con.commit()
print(con.execute("SELECT count(*) FROM time_entries").fetchone()[0], "entries", file=sys.stderr)
PY
bench tempo "report, one month, 1M entries" "$RUNS_FAST" "" "$BIN --db $BIG report --from 2026-10-01 --to 2026-10-31"

{
  echo "| tool | operation | runs | median ms | peak RSS MiB |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | `%s` | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$ROWS"
  echo
  echo "timew: $(timew --version); tempo: $($BIN --version)"
  cat "$OUT/checks.txt"
} > "$OUT/time.md"
cat "$OUT/time.md"
