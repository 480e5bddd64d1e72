#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh: end-to-end scenarios on a real Linux kernel. Each boots Debian's
# kernel under qemu with swtpm as the TPM, runs tpmdiag in the guest and
# checks what it reports. See tests/e2e/README.md.
#
#   tests/e2e/run.sh [-q | -v] [-j N] [SCENARIO | PATTERN]...   (none: all)
#   tests/e2e/run.sh --list
#
#   -v    show the guest's console (and the host's actions) live; the default
#         when one scenario is named
#   -q    do not
#   -j N  run N scenarios at a time (default 1, or $E2E_JOBS; consoles are
#         not shown then)
# Environment: E2E_ACCEL=tcg|kvm|auto, TPMDIAG (default ./tpmdiag),
# E2E_DIR (default build/e2e), KPKG (the kernel package to fetch).
# Logs: build/e2e/runs/SCENARIO/ (console.log, host.log, swtpm.log,
# qemu.log, out/PHASE/*: what the guest sent, failures).
set -u
. "$(cd "$(dirname "$0")" && pwd)/lib/host.sh"
. "$E2E_HERE/lib/assert.sh"

usage() { sed -n '7,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

live='' list=0 jobs=${E2E_JOBS:-1}
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=$2; shift ;;
	-j[0-9]*) jobs=${1#-j} ;;
	-v | --console) live=1 ;;
	-q | --quiet) live=0 ;;
	--list) list=1 ;;
	-h | --help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done

all=$(ls "$E2E_HERE"/scenarios/*.sh | sort)
if [ "$list" = 1 ]; then
	for f in $all; do
		printf '%-22s %s\n' "$(basename "$f" .sh)" "$(sed -n 's/^DESC=.\(.*\).$/\1/p' "$f")"
	done
	exit 0
fi
sel=
if [ $# -eq 0 ]; then
	sel=$all
else
	for pat in "$@"; do
		m=0
		for f in $all; do
			# shellcheck disable=SC2254 # the pattern is the point
			case $(basename "$f" .sh) in $pat) sel="$sel $f" m=1 ;; esac
		done
		[ $m = 1 ] || { e2e_log "no scenario matches '$pat' (tests/e2e/run.sh --list)"; exit 2; }
	done
fi
n=$(echo "$sel" | wc -w)
[ -n "$live" ] || { [ "$n" = 1 ] && live=1 || live=0; }
[ "$jobs" -gt 1 ] 2>/dev/null && live=0 # consoles would mix
[ "$jobs" -ge 1 ] 2>/dev/null || usage
export E2E_LIVE=$live

missing=
for c in qemu-system-x86_64 swtpm swtpm_setup swtpm_ioctl busybox cpio jq apt-get dpkg-deb; do
	command -v $c >/dev/null 2>&1 || missing="$missing $c"
done
[ -z "$missing" ] || { e2e_log "missing:$missing (make deps)"; exit 1; }
[ -x "$TPMDIAG" ] || { e2e_log "no $TPMDIAG: build it first (make tpmdiag)"; exit 1; }

mkdir -p "$E2E_DIR/runs"
e2e_kernel "$E2E_DIR" || exit 1
e2e_accel
e2e_calibrate || exit 1
e2e_tools || { e2e_log "could not build tests/e2e/tools"; exit 1; }
e2e_initrd_base || { e2e_log "could not build the initramfs"; exit 1; }

# run_one FILE: one scenario; its result lines go to runs/NAME/result.txt
run_one() {
	name=$(basename "$1" .sh)
	t=$(now)
	[ "$live" = 1 ] && echo "=== $name: $(sed -n 's/^DESC=.\(.*\).$/\1/p' "$1")" >&2
	(e2e_scenario "$1")
	rc=$?
	r=$E2E_DIR/runs/$name
	boot=''
	[ -s "$r/boot_s" ] && boot=", first boot $(cat "$r/boot_s") s"
	if [ $rc = 0 ]; then
		echo "PASS $name ($(elapsed "$t") s$boot)" >"$r/result.txt"
	else
		[ -s "$r/failures" ] ||
			echo "the scenario stopped before its checks (exit status $rc; see above)" >"$r/failures"
		{
			echo "FAIL $name ($(elapsed "$t") s$boot): logs in ${E2E_DIR#"$E2E_TOP"/}/runs/$name/"
			sed 's/^/    /' "$r/failures"
			# what the guest said last, so a CI log alone shows where it stopped
			if [ -s "$r/console.log" ]; then
				echo "    the guest's console, last 25 lines:"
				tail -n 25 "$r/console.log" | sed 's/^/    | /'
			else
				echo "    the guest's console is empty: the kernel printed nothing (quiet) before it stopped"
			fi
		} >"$r/result.txt"
	fi
	return $rc
}

total0=$(now)
results=$(mktemp "${TMPDIR:-/tmp}/e2e-results.XXXXXX")
running=''
for f in $sel; do
	if [ "$jobs" -le 1 ]; then
		run_one "$f"
		cat "$E2E_DIR/runs/$(basename "$f" .sh)/result.txt" | tee -a "$results"
		continue
	fi
	# at most $jobs VMs at a time
	while [ "$(echo $running | wc -w)" -ge "$jobs" ]; do
		still=''
		for j in $running; do
			if kill -0 "${j%%:*}" 2>/dev/null; then
				still="$still $j"
			else
				wait "${j%%:*}"
				tee -a "$results" <"$E2E_DIR/runs/${j#*:}/result.txt"
			fi
		done
		running=$still
		sleep 0.5
	done
	run_one "$f" &
	running="$running $!:$(basename "$f" .sh)"
done
for j in $running; do
	wait "${j%%:*}"
	tee -a "$results" <"$E2E_DIR/runs/${j#*:}/result.txt"
done
pass=$(grep -c '^PASS ' "$results")
failn=$(grep -c '^FAIL ' "$results")
accel=$(echo "$E2E_ACCEL_ARGS" | sed -n 's/.*accel=\([a-z]*\).*/\1/p')
echo "e2e: $(elapsed "$total0") s in all ($accel, $jobs at a time)" | tee -a "$results"
echo "$pass passed, $failn failed" | tee -a "$results"
mv "$results" "$E2E_DIR/runs/summary.txt"
[ "$failn" = 0 ]
