# Shared by the benchmark scripts (sourced): `run NAME RUNS PREPARE CMD` times CMD with
# hyperfine (PREPARE before each run when given, else two warm-up runs), keeps the raw output
# and JSON in $OUT, and prints one Markdown row: name, median, min, runs.
run() {
  local name=$1 runs=$2 prep=$3 cmd=$4
  local args=(hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$OUT/$name.json")
  [ -n "$prep" ] && args=(hyperfine --style basic --runs "$runs" --prepare "$prep" --export-json "$OUT/$name.json")
  "${args[@]}" "$cmd" > "$OUT/$name.txt" 2>&1 || { cat "$OUT/$name.txt" >&2; exit 1; }
  python3 - "$OUT/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
print(f"| {sys.argv[2]} | {r['median']*1000:.1f} ms | {t[0]*1000:.1f} ms | {len(t)} |")
PY
}
