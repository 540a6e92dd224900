#!/usr/bin/env bash
# The one speed benchmark: the release binary and the peers (../shared/bench/peers.sh) on the
# same deterministic data (../shared/bench/gen_data.py), with the raw limits of Tempo's own parts
# measured in the same run, printed as one Markdown table plus how cost grows with the database.
#
#   bash benches/speed.sh [--with-peers] [OUT_DIR]
#
# --with-peers  first runs ../shared/bench/peers.sh (Taskwarrior, calcurse, Timewarrior; ~5 min)
#               into OUT_DIR/peers; PEERS_DIR=DIR instead reads an earlier peers.sh result.
# --with-app    also runs benches/tui.sh (app start-up; builds the tui bench) for the app row.
# Generated data and imported databases (10k, 100k and 1M tasks, 10k events) are cached in
# $SPEED_CACHE (default /tmp/tempo-speed-cache), so a second run skips the minutes that takes.
# Times are medians of whole-process runs (hyperfine); peak RSS from one run under GNU time.
# Needs: hyperfine, GNU time, sqlite3, python3 (apt-get install -y hyperfine time sqlite3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tempo runs under a throwaway HOME below; cargo (for the app's benchmark) needs the real one.
REAL_HOME=$HOME
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
WITH_PEERS=0 WITH_APP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --with-peers) WITH_PEERS=1; shift ;;
    --with-app) WITH_APP=1; shift ;;
    *) break ;;
  esac
done
OUT=${1:-/tmp/tempo-speed}
CACHE=${SPEED_CACHE:-/tmp/tempo-speed-cache}
RUNS_FAST=${RUNS_FAST:-20}
RUNS_SLOW=${RUNS_SLOW:-5}
SIZES=${SIZES:-10000 100000 1000000}

for c in hyperfine /usr/bin/time sqlite3 python3 cargo; do
  command -v "$c" >/dev/null || { echo "missing: $c (apt-get install -y hyperfine time sqlite3)" >&2; exit 1; }
done
for d in "$OUT" "$CACHE"; do
  case "$d" in /tmp/*|/var/tmp/*) ;; *) echo "$d must be under /tmp or /var/tmp" >&2; exit 1;; esac
done
rm -rf "$OUT"; mkdir -p "$OUT/json" "$OUT/home" "$CACHE"

PEERS=${PEERS_DIR:-}
if [ "$WITH_PEERS" = 1 ]; then
  bash "$SHARED/peers.sh" "$OUT/peers"
  PEERS=$OUT/peers
fi

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
# The data's "today" is 2026-11-16; a pinned clock makes filters select the same tasks each run.
export TEMPO_NOW=2026-11-16T12:00:00Z HOME=$OUT/home LC_ALL=C.UTF-8
unset TZ
: > "$OUT/empty.toml"; export TEMPO_CONFIG=$OUT/empty.toml

# Data, keyed by the generator's own hash so a changed generator regenerates.
KEY=$(sha256sum "$SHARED/gen_data.py" | cut -c1-12)
DATA=$CACHE/data-$KEY
if [ ! -f "$DATA/done" ]; then
  sizes=$(echo "$SIZES" | tr ' ' ',')
  python3 "$SHARED/gen_data.py" --out "$DATA" --sizes "$sizes" --events 10000 --intervals 10 > /dev/null
  touch "$DATA/done"
fi
# db N: a database with N tasks imported, cached (a newer schema upgrades it on first open).
db() {
  local n=$1 f=$CACHE/tempo-$KEY-$1.sqlite
  if [ ! -f "$f" ]; then
    rm -f "$f.tmp"
    "$BIN" --db "$f.tmp" import taskwarrior "$DATA/tasks_$n.json" > /dev/null
    mv "$f.tmp" "$f"; rm -f "$f.tmp-wal" "$f.tmp-shm"
  fi
  # Upgrades a database cached by an older build before it is copied and timed.
  "$BIN" --db "$f" list --limit 1 > /dev/null
  echo "$f"
}
ds() { case $1 in 1000000) echo 1M ;; *) echo "$(($1 / 1000))k" ;; esac; }

# measure ID RUNS PREPARE CMD: median ms into $OUT/ID.ms, peak RSS MiB into $OUT/ID.mib.
measure() {
  local id=$1 runs=$2 prep=$3 cmd=$4
  local hf=(hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$OUT/json/$id.json")
  [ -n "$prep" ] && hf=(hyperfine --style basic --runs "$runs" --prepare "$prep" --export-json "$OUT/json/$id.json")
  "${hf[@]}" "$cmd" > "$OUT/$id.hyperfine.txt" 2>&1 || { cat "$OUT/$id.hyperfine.txt" >&2; exit 1; }
  [ -n "$prep" ] && bash -c "$prep"
  /usr/bin/time -f '%M' -o "$OUT/$id.rss" bash -c "exec $cmd" > /dev/null 2>&1
  python3 - "$OUT/json/$id.json" "$OUT/$id.rss" > "$OUT/$id.ms" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.1f %.1f" % (r["median"] * 1000, int(open(sys.argv[2]).read().split()[-1]) / 1024))
PY
}
ms() { cut -d' ' -f1 "$OUT/$1.ms"; }
mib() { cut -d' ' -f2 "$OUT/$1.ms"; }

NARROW="project:work.api +next due.before:2026-12-01"
# The same filter in SQL (pending, with its index), for the raw limit of open + query.
SQL_NARROW="SELECT t.id, t.title FROM tasks t WHERE t.status = 'pending'
  AND (t.project = 'work.api' OR (t.project >= 'work.api.' AND t.project < 'work.api/'))
  AND t.id IN (SELECT task_id FROM task_tags WHERE tag = 'next') AND t.due < 1796083200"
measure floor-version "$RUNS_FAST" "" "$BIN --version"
for n in $SIZES; do
  d=$(ds "$n"); f=$(db "$n"); w=$OUT/work-$d.sqlite
  cp "$f" "$w.snap"; cp "$f" "$w"
  measure "list-narrow-$d" "$RUNS_FAST" "" "$BIN --db $w list $NARROW"
  measure "raw-narrow-$d" "$RUNS_FAST" "" "sqlite3 $w \"$SQL_NARROW\""
  measure "list-limit-$d" "$RUNS_FAST" "" "$BIN --db $w list --limit 20"
  [ "$n" -le 100000 ] && measure "list-all-$d" "$RUNS_SLOW" "" "$BIN --db $w list"
  measure "add-$d" "$RUNS_FAST" "cp $w.snap $w && rm -f $w-wal $w-shm" \
    "$BIN --db $w add Bench add one task project:work.api +next due:2026-11-30"
  measure "raw-add-$d" "$RUNS_FAST" "cp $w.snap $w && rm -f $w-wal $w-shm" \
    "sqlite3 $w \"PRAGMA journal_mode=WAL; INSERT INTO tasks (uuid, title, status, created, modified) VALUES (lower(hex(randomblob(16))), 'Bench', 'pending', 1, 1)\""
  rm -f "$w" "$w.snap" "$w-wal" "$w-shm"
  echo "$d: $("$BIN" --db "$f" --json list $NARROW | grep -c '"uuid"') tasks match the narrow filter" >> "$OUT/checks.txt"
done
for n in 10000 100000; do
  d=$(ds "$n"); f=$OUT/import-$d.sqlite
  measure "import-$d" "$RUNS_SLOW" "rm -f $f $f-wal $f-shm" "$BIN --db $f import taskwarrior $DATA/tasks_$n.json"
  rm -f "$f" "$f-wal" "$f-shm"
done

CAL=$CACHE/cal-$KEY.sqlite
if [ ! -f "$CAL" ]; then
  "$BIN" --db "$CAL.tmp" cal import "$DATA/events_10000.ics" > /dev/null; mv "$CAL.tmp" "$CAL"
fi
for days in 30 365; do
  measure "agenda-$days" "$RUNS_FAST" "" "$BIN --db $CAL cal agenda --from 2026-11-16 --days $days --no-tasks"
done

APP_START="—" APP_EDIT="—"
if [ "$WITH_APP" = 1 ]; then
  HOME=$REAL_HOME bash "$ROOT/benches/tui.sh" "$OUT/tui" > "$OUT/tui.txt"
  APP_START=$(sed -n 's/.*first full frame drawn: median \([0-9.]*\) ms.*/\1 ms/p' "$OUT/tui.txt")
  APP_EDIT=$(sed -n 's/^edit `\(.\)` → next frame.* p99 \([0-9.]*\) ms.*/\1 \2/p' "$OUT/tui.txt" |
    awk '{printf "%s%s p99 %s ms", (NR > 1 ? ", " : ""), "`" $1 "`", $2}')
fi

# peer OPERATION DATASET: the peer's median ms from peers.sh's results.tsv, or nothing.
peer() {
  [ -n "$PEERS" ] && [ -f "$PEERS/results.tsv" ] || return 0
  awk -F'\t' -v op="$1" -v ds="$2" '$3 == op && $4 == ds {printf "%.1f", $6 * 1000; exit}' "$PEERS/results.tsv"
}
peer_mib() {
  [ -n "$PEERS" ] && [ -f "$PEERS/results.tsv" ] || return 0
  awk -F'\t' -v op="$1" -v ds="$2" '$3 == op && $4 == ds {printf "%.0f", $11 / 1024; exit}' "$PEERS/results.tsv"
}
# row NAME TEMPO_MS PEER_NAME PEER_MS LIMIT TARGET
row() {
  local ratio="—" p="—"
  if [ -n "$4" ]; then
    p="$4 ms ($3)"
    ratio=$(python3 -c "print('%.0f×' % ($4 / $2))")
  fi
  echo "| $1 | $2 ms | $p | $ratio | $5 | $6 |"
}
TW="taskwarrior"
{
  echo "| operation | Tempo (median) | peer (median) | peer ÷ Tempo | raw limit, same run | target |"
  echo "|---|---|---|---|---|---|"
  for d in 10k 100k; do
    row "\`list $NARROW\`, $d tasks" "$(ms list-narrow-$d)" "$TW" "$(peer "list $NARROW" "$d")" \
      "$(ms raw-narrow-$d) ms (sqlite3: open + same query)" "$([ $d = 100k ] && echo '≤ 15 ms')"
  done
  row "\`list\` (all pending by urgency), 100k" "$(ms list-all-100k)" "" "" "$(ms floor-version) ms (\`tempo --version\`)" "≤ 60 ms"
  row "\`list --limit 20\`, 100k" "$(ms list-limit-100k)" "$TW next" "$(peer next 100k)" "$(ms floor-version) ms (\`tempo --version\`)" "≤ 40 ms"
  row "\`list --limit 20\`, 1M" "$(ms list-limit-1M)" "" "" "" "≤ 100 ms"
  row "\`add\`, 100k" "$(ms add-100k)" "$TW" "$(peer "add (1 task)" 100k)" "$(ms raw-add-100k) ms (sqlite3: open + insert)" "≤ 5 ms"
  for d in 10k 100k; do
    row "\`import taskwarrior\`, $d (peak $(mib import-$d) MiB; peer $(peer_mib import $d) MiB)" \
      "$(ms import-$d)" "$TW" "$(peer import "$d")" "" "$([ $d = 100k ] && echo '≤ 1200 ms, ≤ 100 MiB')"
  done
  row "\`cal agenda\` 30 days, 10k events" "$(ms agenda-30)" "calcurse" "$(peer "query -Q --days 30" "10k events")" "" "≤ 10 ms"
  row "\`cal agenda\` 365 days, 10k events" "$(ms agenda-365)" "calcurse" "$(peer "query -Q --days 365" "10k events")" "" "≤ 50 ms"
  echo "| app start → first full frame, 100k | $APP_START | — | — | — | ≤ 50 ms |"
  echo "| app edit (\`d\`, \`s\`, \`p\`) → next frame, 100k | $APP_EDIT | — | — | — | ≤ 16 ms p99 |"
  echo
  echo "How cost grows (median ms, whole process):"
  echo
  printf "| operation |"; for n in $SIZES; do printf " %s tasks |" "$(ds "$n")"; done; echo
  printf "|---|"; for _ in $SIZES; do printf -- "---|"; done; echo
  for op in "list-narrow:\`list $NARROW\`" "list-limit:\`list --limit 20\`" "add:\`add\`"; do
    printf "| %s |" "${op#*:}"
    for n in $SIZES; do printf " %s |" "$(ms "${op%%:*}-$(ds "$n")")"; done; echo
  done
  echo
  cat "$OUT/checks.txt"
} > "$OUT/speed.md"
cat "$OUT/speed.md"
