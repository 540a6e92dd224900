#!/usr/bin/env bash
# Whole-process benchmark of the release binary on ../shared/bench's deterministic data, in the
# same shape as ../shared/bench/peers.sh so the numbers sit side by side.
#
#   bash benches/cli.sh [--with-peers] [OUT_DIR]
#
# --with-peers first runs ../shared/bench/peers.sh (Taskwarrior, calcurse, Timewarrior; ~5 min)
# into OUT_DIR/peers. Needs: hyperfine, GNU time (apt-get install -y hyperfine time).
# Writes OUT_DIR/tempo.md (default /tmp/tempo-bench) and prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
WITH_PEERS=0
if [ "${1:-}" = "--with-peers" ]; then WITH_PEERS=1; shift; fi
OUT=${1:-/tmp/tempo-bench}
W=$OUT/work
RUNS_FAST=${RUNS_FAST:-20}
RUNS_SLOW=${RUNS_SLOW:-5}

for c in hyperfine /usr/bin/time python3 cargo; do
  command -v "$c" >/dev/null || { echo "missing: $c (apt-get install -y hyperfine time)" >&2; exit 1; }
done
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
rm -rf "$OUT"; mkdir -p "$W" "$OUT/json"

if [ "$WITH_PEERS" = 1 ]; then
  bash "$SHARED/peers.sh" "$OUT/peers"
fi

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
python3 "$SHARED/gen_data.py" --out "$W/data" --events 10 --intervals 10 > /dev/null
# The data's "today" is 2026-11-16; pin the clock so filters select the same tasks every run.
export TEMPO_NOW=2026-11-16T12:00:00Z TEMPO_CONFIG=/dev/null HOME=$W/home LC_ALL=C.UTF-8
unset TZ
mkdir -p "$HOME"
: > "$W/empty.toml"; export TEMPO_CONFIG=$W/empty.toml

ROWS=$OUT/rows.tsv; : > "$ROWS"
# bench NAME DATASET RUNS PREPARE CMD: median time (hyperfine) and peak RSS (GNU time, one run).
bench() {
  local name=$1 ds=$2 runs=$3 prep=$4 cmd=$5 id
  id=$(echo "$name-$ds" | tr -c 'a-zA-Z0-9-' '_')
  local hf=(hyperfine --style basic --runs "$runs" --export-json "$OUT/json/$id.json")
  if [ -n "$prep" ]; then hf+=(--prepare "$prep"); fi
  "${hf[@]}" "$cmd" > "$OUT/$id.hyperfine.txt" 2>&1 || { cat "$OUT/$id.hyperfine.txt" >&2; exit 1; }
  [ -n "$prep" ] && bash -c "$prep"
  /usr/bin/time -f '%M' -o "$OUT/$id.rss" bash -c "exec $cmd" > /dev/null 2>&1
  python3 - "$OUT/json/$id.json" "$OUT/$id.rss" "$name" "$ds" "$runs" >> "$ROWS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
rss = open(sys.argv[2]).read().split()[0]
print("\t".join([sys.argv[3], sys.argv[4], sys.argv[5], "%.1f" % (r["median"] * 1000), "%.1f" % (int(rss) / 1024)]))
PY
}

NARROW="project:work.api +next due.before:2026-12-01"
for n in 10000 100000; do
  ds=$((n / 1000))k
  DB=$W/tempo_$ds.sqlite
  bench "import taskwarrior" "$ds" "$RUNS_SLOW" "rm -f $DB $DB-wal $DB-shm" \
    "$BIN --db $DB import taskwarrior $W/data/tasks_$n.json"
  cp "$DB" "$DB.snap"
  echo "$ds: $($BIN --db "$DB" --json list status:any --limit 0 | grep -c '"uuid"') tasks," \
    "$($BIN --db "$DB" --json list $NARROW | grep -c '"uuid"') match the narrow filter" >> "$OUT/checks.txt"
  bench "list $NARROW" "$ds" "$RUNS_FAST" "" "$BIN --db $DB list $NARROW"
  bench "list --json $NARROW" "$ds" "$RUNS_FAST" "" "$BIN --db $DB --json list $NARROW"
  bench "list (all pending)" "$ds" "$RUNS_SLOW" "" "$BIN --db $DB list"
  bench "add (1 task)" "$ds" "$RUNS_FAST" "cp $DB.snap $DB && rm -f $DB-wal $DB-shm" \
    "$BIN --db $DB add Bench add one task project:work.api +next due:2026-11-30"
  bench "export json" "$ds" "$RUNS_SLOW" "" "$BIN --db $DB export json"
  "$BIN" --db "$DB" focus start 5 --minutes 25 > /dev/null
  bench "focus status (session running)" "$ds" "$RUNS_FAST" "" "$BIN --db $DB focus status"
  bench "focus status --json" "$ds" "$RUNS_FAST" "" "$BIN --db $DB --json focus status"
done

{
  echo "| operation | dataset | runs | median ms | peak RSS MiB |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '{printf "| `tempo %s` | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$ROWS"
  echo
  cat "$OUT/checks.txt"
} > "$OUT/tempo.md"
cat "$OUT/tempo.md"
