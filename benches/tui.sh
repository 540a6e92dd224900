#!/usr/bin/env bash
# TUI benchmark on 100k tasks from ../shared/bench/gen_data.py:
#   - key → frame latency for navigation, typed filter characters and the edits d/s/p (their
#     store write and what the app reads back included), and start-up in-process
#     (benches/tui.rs);
#   - start-up to the first full frame, peak RSS, and redraws while idle, of the real binary in
#     tmux (TEMPO_TRACE makes it log every frame it draws).
#
#   bash benches/tui.sh [OUT_DIR]        (needs tmux, python3)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
OUT=${1:-/tmp/tempo-tui-bench}
STARTS=${STARTS:-10}
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
for c in tmux python3 cargo; do command -v "$c" >/dev/null || { echo "missing: $c" >&2; exit 1; }; done
rm -rf "$OUT"; mkdir -p "$OUT/home"

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
python3 "$SHARED/gen_data.py" --out "$OUT/data" --sizes 100000 --events 10 --intervals 10 > /dev/null
DB=$OUT/tempo.sqlite
HOME=$OUT/home "$BIN" --db "$DB" import taskwarrior "$OUT/data/tasks_100000.json" > /dev/null

echo "## key → frame (in-process, 200×60)"
(cd "$ROOT" && cargo bench --quiet --bench tui -- "$DB") | tee "$OUT/keys.txt"

SOCK=tempo-bench-$$
tm() { tmux -L "$SOCK" "$@"; }
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true' EXIT
# A placeholder session keeps the server up while measured sessions come and go.
tm new-session -d -s keep -x 80 -y 24 "sleep 3600"

# start SESSION TRACE: launches the TUI in a 200×60 pane.
start() {
  tm new-session -d -s "$1" -x 200 -y 60 \
    "env HOME=$OUT/home TEMPO_TRACE=$2 TERM=xterm-256color $BIN --db $DB"
}

echo "## start-up to first full frame ($STARTS runs)"
# The process stamps its own first frame (time since main started); the script only waits, so
# it takes no CPU from the two cores it measures.
: > "$OUT/startup.txt"
for i in $(seq "$STARTS"); do
  trace=$OUT/trace-start-$i
  start "s$i" "$trace"
  sleep 0.8
  grep "^frame" "$trace" | head -1 | awk '{print $2}' >> "$OUT/startup.txt"
  grep "^phase" "$trace" | awk '{printf "%s=%s ", $2, $3} END {print ""}' >> "$OUT/phases.txt"
  tm kill-session -t "s$i"
  sleep 0.2
done
python3 - "$OUT/startup.txt" <<'PY'
import sys, statistics
v = sorted(float(l) for l in open(sys.argv[1]) if l.strip())
print(f"start of main → first full frame drawn: median {statistics.median(v):.1f} ms, "
      f"min {v[0]:.1f} ms, max {v[-1]:.1f} ms (n={len(v)})")
PY
echo "phases of the last run (ms since main): $(tail -1 "$OUT/phases.txt")"

echo "## idle redraws, memory"
trace=$OUT/trace-idle
start idle "$trace"
sleep 2
before=$(wc -l < "$trace")
sleep 10
after=$(wc -l < "$trace")
echo "frames drawn during 10 s idle: $((after - before))"
pid=$(tm display-message -p -t idle '#{pane_pid}')
# Use it a little (navigate, filter) before reading peak memory.
for k in j j j j NPage NPage k / p r o j e c t : w o r k Enter Escape; do tm send-keys -t idle "$k"; done
sleep 1
echo "peak RSS after start-up, navigation and filtering: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/"$pid"/status)"
echo "redraws while typing those 23 keys: $(( $(wc -l < "$trace") - after ))"
