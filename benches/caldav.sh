#!/usr/bin/env bash
# CalDAV sync benchmark of the release binary against a real Radicale on 127.0.0.1 (bcrypt
# htpasswd auth, as in the tests): the initial sync of 2,000 events and 1,000 to-dos into an
# empty database, then a sync with nothing changed. Events are ../shared/bench's generated
# events_2000.ics (recurring, all-day and zoned ones included), one resource per UID; to-dos
# are the first 1,000 generated tasks. Both are written straight into Radicale's storage
# folder (uploading them through Radicale would only time Radicale's bcrypt per request).
#
#   bash benches/caldav.sh [OUT_DIR]     (needs hyperfine, radicale, htpasswd; default /tmp/tempo-dav-bench)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
OUT=${1:-/tmp/tempo-dav-bench}
case "$OUT" in /tmp/*|/var/tmp/*) ;; *) echo "OUT_DIR must be under /tmp or /var/tmp" >&2; exit 1;; esac
for c in hyperfine radicale htpasswd; do
  command -v $c >/dev/null || { echo "missing: $c (apt-get install -y hyperfine radicale apache2-utils python3-bcrypt)" >&2; exit 1; }
done
rm -rf "$OUT"; mkdir -p "$OUT/data" "$OUT/home" "$OUT/collections/collection-root/bench/work"

(cd "$ROOT" && cargo build --release --quiet)
BIN=$ROOT/target/release/tempo
python3 "$SHARED/gen_data.py" --out "$OUT/data" --events 2000 --sizes 1000 > /dev/null

python3 - "$OUT" <<'PY'
import json, os, re, sys
out = sys.argv[1]
cal = f"{out}/collections/collection-root/bench/work"
json.dump({"tag": "VCALENDAR", "D:displayname": "Work",
           "C:supported-calendar-component-set": "VEVENT,VTODO"},
          open(f"{cal}/.Radicale.props", "w"))
text = open(f"{out}/data/events_2000.ics", newline="").read()
zones = re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S)
by_uid = {}
for comp in re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S):
    uid = re.search(r"\r\nUID:([^\r\n]*)", comp).group(1)
    by_uid.setdefault(uid, []).append(comp)
for i, (uid, comps) in enumerate(by_uid.items()):
    body = "".join(comps)
    tz = "".join(z for z in zones if re.search(r"TZID:([^\r\n]*)", z).group(1) in body)
    open(f"{cal}/event-{i:05d}.ics", "w", newline="").write(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + tz + body + "END:VCALENDAR\r\n")
tasks = [json.loads(l.rstrip(",\n")) for l in open(f"{out}/data/tasks_1000.json") if l.strip().startswith("{")]
for i, t in enumerate(tasks[:1000]):
    due = f"DUE:{t['due']}\r\n" if t.get("due") else ""
    summary = t["description"].replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    open(f"{cal}/todo-{i:05d}.ics", "w", newline="").write(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VTODO\r\n"
        f"UID:{t['uuid']}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:{summary}\r\n{due}"
        "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
print(f"{len(by_uid)} events, {min(len(tasks), 1000)} to-dos written", file=sys.stderr)
PY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
htpasswd -B -c -b "$OUT/users" bench bench-pass 2>/dev/null
cat > "$OUT/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $OUT/users
htpasswd_encryption = bcrypt
[rights]
type = owner_only
[storage]
filesystem_folder = $OUT/collections
[web]
type = none
[logging]
level = warning
EOF
radicale --config "$OUT/radicale.conf" > "$OUT/radicale.log" 2>&1 &
RADICALE=$!
trap 'kill $RADICALE 2>/dev/null' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

export HOME=$OUT/home LC_ALL=C.UTF-8 DAV_PW=bench-pass TZ=Europe/Berlin
: > "$OUT/empty.toml"; export TEMPO_CONFIG=$OUT/empty.toml
DB=$OUT/dav.sqlite
ADD="$BIN --db $DB sync add-account bench http://127.0.0.1:$PORT/ --user bench --password-env DAV_PW"
# Radicale builds its item cache on the first listing: warm it once, outside the timings.
rm -f $DB*; $ADD > /dev/null; $BIN --db $DB sync --account bench > /dev/null

# shellcheck source=benches/lib.sh
source "$ROOT/benches/lib.sh"

echo "| sync (2,000 events + 1,000 to-dos, Radicale on loopback) | median | min | runs |"
echo "|---|---|---|---|"
run initial 5 "rm -f $DB $DB-wal $DB-shm; $ADD" "$BIN --db $DB sync --account bench"
$BIN --db $DB sync --account bench > /dev/null
run no-change 20 "" "$BIN --db $DB sync --account bench"

rm -f $DB*; $ADD > /dev/null
$BIN --db $DB --json sync --account bench > "$OUT/initial.json"
$BIN --db $DB --json sync --account bench > "$OUT/second.json"
$BIN --db $DB --json sync --account bench > "$OUT/no-change.json"
python3 - "$OUT" "$BIN" "$DB" <<'PY'
import json, subprocess, sys
out, bin_, db = sys.argv[1:]
for name in ("initial", "second", "no-change"):
    r = json.load(open(f"{out}/{name}.json"))[0]["result"]
    print(f"{name}: {r['added']} added, {r['pushed']} uploaded, {r['requests']} requests")
objects = subprocess.run([bin_, "--db", db, "--json", "cal", "list"], capture_output=True, text=True)
kinds = [o["kind"] for o in json.loads(objects.stdout)]
tasks = subprocess.run([bin_, "--db", db, "--json", "list", "status:any"], capture_output=True, text=True)
print(f"local: {kinds.count('VEVENT')} events, {kinds.count('VTODO')} to-dos, {len(json.loads(tasks.stdout))} tasks")
PY
# For scale: one authenticated request to this Radicale, by curl.
curl -s -o /dev/null -w "one PROPFIND by curl: %{time_total} s\n" -u bench:bench-pass -X PROPFIND -H "Depth: 1" "http://127.0.0.1:$PORT/bench/" || true
/usr/bin/time -f "peak RSS of the initial sync: %M KiB" sh -c "rm -f $DB*; $ADD > /dev/null; $BIN --db $DB sync --account bench > /dev/null"
