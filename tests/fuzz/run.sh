#!/bin/sh
# run.sh SECONDS FUZZER...: run each libFuzzer target for SECONDS on a
# scratch corpus seeded from tests/fuzz/seeds/<name>/; a crash fails.
set -u
secs=$1; shift
fail=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=$(mktemp -d "${TMPDIR:-/tmp}/corpus-$name-XXXXXX")
	seeds="tests/fuzz/seeds/$name"
	[ -d "$seeds" ] || seeds=
	printf '%s: ' "$name"
	if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=0 \
		-artifact_prefix="$corpus/" "$corpus" $seeds >"$corpus.log" 2>&1; then
		grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -n 1 || echo ok
	else
		echo FAILED; tail -n 40 "$corpus.log"; ls "$corpus"/crash-* "$corpus"/leak-* 2>/dev/null; fail=1
	fi
	rm -rf "$corpus" "$corpus.log"
done
exit "$fail"
