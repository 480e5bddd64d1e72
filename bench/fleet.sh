#!/bin/bash
# bench/fleet.sh [N]: N bundles (default 10000) — copies, under varied
# machine names, of the bundles `tpmdiag collect` writes for a few
# fixtures — analysed with `tpmdiag analyze DIR`; prints the wall time,
# the peak RSS, and the peak RSS with N/10 bundles: each bundle is read,
# diagnosed and freed before the next, so memory is flat in N.
# Goal (issue 5): 10,000 bundles in under 10 s.
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
N=${1:-10000}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
[ -x "$bin" ] || { echo "build first: make"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: time)"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-fleet-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM

FIXTURES="healthy-intel-ptt-crb stmicro-tpm12-coreboot tpm12-chip-died tpm20-spi-rpi
          tcsd-holds-dev-tpm0 no-tpm acpi-tpm-probe-failed tpm20-timeout-stopcont"
mkdir -p "$W/src"
for x in $FIXTURES; do
	"$bin" collect --root "$top/fixtures/$x/root" --kmsg "$top/fixtures/$x/kmsg.log" \
		--no-device -o "$W/src/$x.json" 2>/dev/null
	[ -s "$W/src/$x.json" ] || { echo "collect failed on fixture $x"; exit 1; }
done
srcs=("$W"/src/*.json)

# fill DIR with n bundles, round robin over the fixtures
fill() { # fill DIR N
	local dir=$1 n=$2 i
	mkdir -p "$dir"
	for ((i = 0; i < n; i++)); do
		cp "${srcs[i % ${#srcs[@]}]}" "$dir/host-$(printf %05d "$i").json"
	done
}
small=$((N / 10))
fill "$W/small" "$small"
fill "$W/big" "$N"
bytes=$(du -sk "$W/big" | cut -f1)

run() { # run DIR: prints "SECONDS KB"
	/usr/bin/time -f '%e %M' -o "$W/time" "$bin" analyze "$1" >"$W/out" 2>"$W/err"
	tail -n 1 "$W/time"
}
read -r t_small rss_small <<<"$(run "$W/small")"
read -r t_big rss_big <<<"$(run "$W/big")"
head -n 1 "$W/out"
printf 'bundles: %s (%s MiB of JSON), from %s fixtures\n' "$N" "$((bytes / 1024))" "${#srcs[@]}"
printf 'analyze DIR: %s bundles in %s s, peak RSS %s KiB\n' "$small" "$t_small" "$rss_small"
printf 'analyze DIR: %s bundles in %s s, peak RSS %s KiB\n' "$N" "$t_big" "$rss_big"
printf 'goal: %s bundles under 10 s: %s; RSS ratio %s/%s bundles: %s\n' "$N" \
	"$(echo "$t_big < 10" | bc -l | sed 's/1/met/;s/0/MISSED/')" "$N" "$small" \
	"$(echo "scale=2; $rss_big / $rss_small" | bc -l)"
