#!/bin/bash
# bench/kmsg.sh [LINES]: a realistic kernel log of LINES (default 1000000)
# dmesg lines — many subsystems, a few hundred TPM lines, one TPM stack
# trace — through tpmdiag's kmsg probe (`tpmdiag facts --kmsg FILE
# --no-device`), against `grep -ciE` of the same TPM patterns on the same
# file. Prints both times (best of 3), the ratio tpmdiag/grep and tpmdiag's
# peak RSS. Goal (issue 3): ratio <= 2 and peak RSS < 16 MB.
# Uses a private temp dir only. Needs /usr/bin/time (Debian package "time").
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
LINES=${1:-1000000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
[ -x /usr/bin/time ] || { echo "bench/kmsg.sh needs /usr/bin/time (apt-get install time)"; exit 1; }

# The TPM patterns of probes/parse/kmsg_match.c (kmsg_tpm_patterns), as one ERE.
PATTERNS='tpm|^\[[ 0-9.]*\] (ima|integrity|IMA): |MSFT0101|PNP0C31|PNP0c31|IFX0101|IFX0102|BCM0101|BCM0102|NSC1200|ICO0102|SMO1200|ATM1200|NTC0702|TCPA|Trusted Platform|st33zp24|^\[[ 0-9.]*\] (cr50_i2c|ffa-crb) |^\[[ 0-9.]*\] PM: suspend (entry|exit)|^(LockedOut |Lockout)'

log=$W/kern.log
sh "$top/bench/gen-kmsg.sh" "$LINES" "$log"

nlines=$(wc -l <"$log")
size=$(du -m "$log" | cut -f1)
gcount=$(LC_ALL=C grep -ciE "$PATTERNS" "$log")

# The probe alone: `tpmdiag facts --kmsg FILE --no-device`; until that
# command exists, a small driver around probe_kmsg built from the sources.
if [ -x "$bin" ] && "$bin" facts --kmsg /dev/null --no-device >/dev/null 2>&1; then
	run=("$bin" facts --kmsg "$log" --no-device)
else
	echo "($bin facts is not available: timing a driver around probe_kmsg)"
	cat >"$W/drv.c" <<'EOF'
#include <stdio.h>
#include "probes/kmsg.h"
int main(int argc, char **argv)
{
	struct rootfs root;
	struct facts *fs;
	struct probe_ctx c = {0};
	const struct fact *f;

	if (argc != 2 || rootfs_open("/", &root) || facts_new(&fs))
		return 1;
	c.root = &root;
	c.facts = fs;
	c.kmsg_file = argv[1];
	c.no_device = 1;
	if (probe_kmsg(&c))
		return 2;
	f = facts_get(fs, "kmsg.tpm_records");
	printf("kmsg.tpm_records %lld\n", f ? (long long)f->num : -1LL);
	kmsg_log_free(c.log);
	facts_free(fs);
	rootfs_close(&root);
	return 0;
}
EOF
	(cd "$top" && ${CC:-cc} -std=gnu11 -D_GNU_SOURCE -O2 -I. "$W/drv.c" probes/kmsg.c \
		probes/parse/kmsg_parse.c probes/parse/kmsg_match.c probes/parse/kmsg_trace.c \
		probes/parse/kmsg_events.c probes/kmsg_journal.c probes/os/rootfs.c diag/facts/facts.c \
		$(pkg-config --cflags --libs libsystemd) -o "$W/drv") || exit 1
	run=("$W/drv" "$log")
fi

best() { # best CMD... -> "seconds maxrss_kb" of the fastest of 3 runs
	local i out s k bs="" bk=""
	"$@" >"$W/out" 2>&1 # warm the page cache (not /dev/null: grep would stop at the first match)
	for i in 1 2 3; do
		out=$(LC_ALL=C /usr/bin/time -o "$W/time" -f "%e %M" "$@" >"$W/out" 2>/dev/null; tail -n 1 "$W/time")
		s=${out% *}
		k=${out#* }
		if [ -z "$bs" ] || [ "$(echo "$s < $bs" | bc -l)" = 1 ]; then bs=$s; bk=$k; fi
	done
	echo "$bs $bk"
}

read -r gt gk < <(best env LC_ALL=C grep -ciE "$PATTERNS" "$log")
read -r tt tk < <(best "${run[@]}")
records=$("${run[@]}" 2>/dev/null | awk '$1 == "kmsg.tpm_records" { print $2 }')

echo "log: $nlines lines, ${size} MB; grep -ciE matches $gcount lines; tpmdiag keeps ${records:-?} records"
printf 'grep -ciE      %6.2f s  (peak RSS %6.1f MB)\n' "$gt" "$(echo "$gk / 1024" | bc -l)"
printf 'tpmdiag kmsg   %6.2f s  (peak RSS %6.1f MB)\n' "$tt" "$(echo "$tk / 1024" | bc -l)"
if [ "$(echo "$gt > 0" | bc -l)" = 1 ]; then
	printf 'ratio tpmdiag/grep: %.2f (goal <= 2.00)\n' "$(echo "$tt / $gt" | bc -l)"
else
	echo "ratio tpmdiag/grep: grep took under 10 ms (time resolution); use more LINES"
fi
[ "$tk" -lt 16384 ] && echo "peak RSS: under 16 MB (goal met)" || echo "peak RSS: ${tk} kB, over the 16 MB goal"
