#!/usr/bin/env bash
# Per-prompt cost of the capture shell hook (`tempo capture hook bash|zsh|fish`) in the real
# shells: N prompts' hook work (a command recorded to the spool each time) called in a loop
# inside the shell, minus the same loop without the hook. Target: at most 5 ms per prompt.
# Not a test: prints milliseconds per prompt.
#
#   bash benches/shell_hook.sh [N]        # default 1000 prompts; fish is timed when installed
#
# Needs: bash 5, zsh (apt-get install -y zsh); optional fish.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-1000}
for c in zsh cargo; do
  command -v "$c" >/dev/null || { echo "missing: $c (apt-get install -y zsh)" >&2; exit 1; }
done
(cd "$ROOT" && cargo build --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/tempo
W=$(mktemp -d /tmp/tempo-hook-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
export TEMPO_DB=$W/tempo.sqlite TEMPO_CONFIG=$W/empty.toml HOME=$W
: > "$TEMPO_CONFIG"
SPOOL=$W/capture-spool

# Each prints: microseconds for N prompts with the hook, then without.
bash_run() {
  bash --norc --noprofile -c '
    set -o history
    eval "$("$1" capture hook bash)"
    n=$2 empty=
    t0=${EPOCHREALTIME/[.,]/}
    for ((i = 0; i < n; i++)); do history -s "echo $i"; : "${PS0@P}"; __tempo_precmd; done
    t1=${EPOCHREALTIME/[.,]/}
    for ((i = 0; i < n; i++)); do history -s "echo $i"; : "${empty@P}"; done
    t2=${EPOCHREALTIME/[.,]/}
    echo $((t1 - t0)) $((t2 - t1))' bash "$BIN" "$N"
}
zsh_run() {
  zsh -f -c '
    eval "$("$1" capture hook zsh)"
    integer n=$2 i
    float t0=$EPOCHREALTIME
    for ((i = 0; i < n; i++)); do __tempo_preexec "echo $i"; __tempo_precmd; done
    float t1=$EPOCHREALTIME
    for ((i = 0; i < n; i++)); do :; done
    float t2=$EPOCHREALTIME
    printf "%d %d\n" $(( (t1 - t0) * 1e6 )) $(( (t2 - t1) * 1e6 ))' zsh "$BIN" "$N"
}
fish_run() {
  fish --no-config -c '
    $argv[1] capture hook fish | source
    set -g CMD_DURATION 5
    set -l t0 (date +%s%6N)
    for i in (seq $argv[2]); emit fish_preexec "echo $i"; emit fish_postexec "echo $i"; end
    set -l t1 (date +%s%6N)
    # The same events without the hook: fish emits them at every command anyway.
    functions -e __tempo_preexec __tempo_postexec
    for i in (seq $argv[2]); emit fish_preexec "echo $i"; emit fish_postexec "echo $i"; end
    set -l t2 (date +%s%6N)
    echo (math $t1 - $t0) (math $t2 - $t1)' "$BIN" "$N"
}

report() {
  local shell=$1 with=$2 without=$3 lines
  lines=$(wc -l < "$SPOOL")
  [ "$lines" -eq "$N" ] || { echo "$shell: expected $N spool lines, found $lines" >&2; exit 1; }
  : > "$SPOOL"
  awk -v s="$shell" -v a="$with" -v b="$without" -v n="$N" 'BEGIN {
    ms = (a - b) / n / 1000
    printf "%-5s %7.3f ms per prompt (%d prompts, each recording a command)  %s\n", s, ms, n, (ms <= 5 ? "ok (<= 5 ms)" : "OVER 5 ms")
  }'
}

echo "$(bash --version | head -1)"
read -r a b < <(bash_run); report bash "$a" "$b"
echo "$(zsh --version)"
read -r a b < <(zsh_run); report zsh "$a" "$b"
if command -v fish >/dev/null; then
  echo "$(fish --version)"
  read -r a b < <(fish_run); report fish "$a" "$b"
fi
