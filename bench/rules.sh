#!/bin/bash
# bench/rules.sh [LINES]: the kernel log of bench/kmsg.sh (LINES, default
# 1000000) through every rule — `tpmdiag analyze FILE`: parse, keep the TPM
# records, evaluate the database — against `grep -E -f` with all the rules'
# log patterns (`tpmdiag rules patterns`) on the same file; then the same
# with ten times as many rules (the database copied with new ids, --rules).
# Prints the times (best of 3) and the ratios. Goals (issue 4): tpmdiag/grep
# <= 2, and 10x rules / 1x rules < 2.
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
LINES=${1:-1000000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
[ -x "$bin" ] || { echo "build first: make"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

log=$W/kern.log
sh "$top/bench/gen-kmsg.sh" "$LINES" "$log"
"$bin" rules patterns >"$W/patterns" 2>/dev/null
npat=$(wc -l <"$W/patterns")

# ten times the database: every rule file again nine times, ids (and the
# ids they explain) prefixed so they are new rules
mkdir -p "$W/gen"
for k in 1 2 3 4 5 6 7 8 9; do
	for f in "$top"/diag/rules/*.yaml; do
		sed -E -e "s/^(  - id: )/\1g$k-/" \
			-e "/^    explains:/{s/([a-z0-9-]+)/g$k-\1/g;s/^    g$k-explains/    explains/}" \
			"$f" >"$W/gen/g$k-$(basename "$f")"
	done
done
nrules=$("$bin" rules list 2>/dev/null | tail -n 1)
nrules10=$("$bin" --rules "$W/gen" rules list 2>/dev/null | tail -n 1)

best() { # best CMD...: the best wall time of 3 runs, in seconds
	local b= t0 t1 d i
	for i in 1 2 3; do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s.%N)
		d=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
	done
	echo "$b"
}

g=$(best sh -c "LC_ALL=C grep -E -f '$W/patterns' '$log' >'$W/grep.out'")
t1=$(best "$bin" analyze "$log")
t10=$(best "$bin" --rules "$W/gen" analyze "$log")
printf 'log: %s lines; %s log patterns; %s, with --rules: %s\n' "$LINES" "$npat" "$nrules" "$nrules10"
printf 'grep -E -f patterns  %.2f s\n' "$g"
printf 'tpmdiag analyze      %.2f s   ratio to grep %.2f (goal <= 2)\n' "$t1" "$(echo "$t1 / $g" | bc -l)"
printf 'with 10x the rules   %.2f s   ratio to 1x   %.2f (goal < 2)\n' "$t10" "$(echo "$t10 / $t1" | bc -l)"
