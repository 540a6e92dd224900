#!/usr/bin/env bash
# Whole-process time of `tempo estimate TASK` (target ≤ 20 ms) with the release binary, on a
# database holding N completed tasks with tracked time: the committed fixture
# (tests/fixtures/planner_history.json) repeated, imported as Taskwarrior tasks, their time
# written as time entries.
#
#   bash benches/planner_estimate.sh [N] [OUT_DIR]      (default 2000, /tmp/tempo-planner-bench)
#
# Needs hyperfine and sqlite3.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-2000}
OUT=${2:-/tmp/tempo-planner-bench}
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
for c in hyperfine sqlite3 python3 cargo; do
  command -v "$c" >/dev/null || { echo "missing: $c" >&2; exit 1; }
done
rm -rf "$OUT"; mkdir -p "$OUT/home"

(cd "$ROOT" && cargo build --release --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/tempo
export TEMPO_DB=$OUT/tempo.sqlite TEMPO_NOW=2026-11-22T09:30:00Z TZ=UTC HOME=$OUT/home
: > "$OUT/empty.toml"; export TEMPO_CONFIG=$OUT/empty.toml

python3 - "$ROOT/tests/fixtures/planner_history.json" "$N" "$OUT" <<'PY'
import datetime, json, sys, uuid
fixture, n, out = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
tasks, rows = [], []
for i in range(n):
    c = fixture[i % len(fixture)]
    done = datetime.datetime.fromisoformat(c["done"].replace("Z", "+00:00"))
    done += datetime.timedelta(days=400 * (i // len(fixture)))
    u = str(uuid.UUID(int=i + 1))
    stamp = done.strftime("%Y%m%dT%H%M%SZ")
    t = {"uuid": u, "description": c["title"], "status": "completed",
         "entry": stamp, "modified": stamp, "end": stamp, "tags": c.get("tags", [])}
    for k in ("project", "priority"):
        if c.get(k): t[k] = c[k]
    if c.get("estimate_minutes"): t["estimate"] = "PT%dM" % c["estimate_minutes"]
    t.update(c.get("fields", {}))
    tasks.append(t)
    end = int(done.timestamp())
    rows.append(f"({end - int(c['actual_minutes'] * 60)}, {end}, '{u}', 'manual')")
json.dump(tasks, open(f"{out}/tasks.json", "w"))
with open(f"{out}/entries.sql", "w") as f:
    f.write("BEGIN;\n")
    for r in rows:
        f.write(f"INSERT INTO time_entries (start, end, task_uuid, source) VALUES {r};\n")
    f.write("COMMIT;\n")
PY
"$BIN" import taskwarrior "$OUT/tasks.json" > /dev/null
sqlite3 "$TEMPO_DB" < "$OUT/entries.sql"
ID=$("$BIN" --json add Fix search crash project:api +bug est:30m | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$BIN" estimate "$ID"
hyperfine -N --style basic --warmup 3 --runs 30 "$BIN estimate $ID" | tee "$OUT/hyperfine.txt"
