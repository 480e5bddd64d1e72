#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# capture.sh: boot the Debian kernel under qemu with a swtpm TPM and turn what
# the guest sees (its TPM-related /sys, /proc, /dev and kernel log) into a
# fixture: OUT/root/, OUT/kmsg.log and OUT/capture.txt (how it was made).
#
#   tests/e2e/capture/capture.sh --tpm 1.2|2.0|none [--iface tis|crb] [--bios seabios|ovmf]
#        [--fault none|kill|stopcont|hung] [--stop-secs N] [--state DIR] [--prep CMDS]
#        [--cpu MODEL] [--append TEXT] --out DIR
#
#   --state DIR   start swtpm from a copy of this state directory (prepared
#                 beforehand, e.g. a TPM 1.2 made disabled and deactivated);
#                 default: a fresh state (1.2: swtpm_setup --createek)
#   --prep 'CMD;CMD'  before the boot, send these `tpmdiag --yes send` commands
#                 (e.g. 'startup clear;physicalpresence cmd_enable;...') to the
#                 swtpm over a loopback port, then shut it down: the guest boots
#                 with the state they leave (needs ./tpmdiag, or $TPMDIAG)
#   --cpu MODEL   qemu -cpu (default qemu64, which says AuthenticAMD; e.g.
#                 qemu64,vendor=GenuineIntel for an Intel-looking guest)
#   --fault kill      SIGKILL swtpm after the guest saw tpm0, before the dump
#   --fault stopcont  SIGSTOP swtpm, the guest writes a command to /dev/tpm0,
#                     SIGCONT after --stop-secs (default 10)
#   --fault hung      the same, and while the write waits a second reader
#                     (cat pcrs or tpm_version_major) waits for the chip; the
#                     guest's hung-task detector is set to 5 s, so it reports
#                     the reader (use --stop-secs 20 or more)
#
# Needs: qemu-system-x86, swtpm, swtpm-tools, busybox-static, cpio, apt-get.
# The kernel (linux-image-6.1.0-*-amd64, newest apt offers unless $KPKG is
# set) is downloaded once into build/e2e/ (gitignored). Every run has a hard
# timeout; swtpm and qemu are stopped by PID on every exit path.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
E2E=$TOP/build/e2e
TPM=2.0 IFACE=tis BIOS=seabios FAULT=none STOP_SECS=10 STATE='' APPEND='' OUT='' PREP='' CPU=qemu64
LIMIT=${CAPTURE_LIMIT:-120}

usage() { sed -n '3,23p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--tpm) TPM=$2; shift 2 ;;
	--iface) IFACE=$2; shift 2 ;;
	--bios) BIOS=$2; shift 2 ;;
	--fault) FAULT=$2; shift 2 ;;
	--stop-secs) STOP_SECS=$2; shift 2 ;;
	--state) STATE=$2; shift 2 ;;
	--append) APPEND=$2; shift 2 ;;
	--prep) PREP=$2; shift 2 ;;
	--cpu) CPU=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ -n "$OUT" ] || usage
case $TPM in 1.2 | 2.0 | none) ;; *) usage ;; esac
case $IFACE in tis | crb) ;; *) usage ;; esac
case $FAULT in none | kill | stopcont | hung) ;; *) usage ;; esac

# --- the kernel (tests/e2e/lib/kernel.sh, shared with tests/e2e/run.sh) -------
. "$HERE/../lib/kernel.sh"
e2e_kernel "$E2E" || { echo "capture: no kernel" >&2; exit 1; }
REL=${K##*/vmlinuz-}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/capture.XXXXXX")
SWPID='' QPID='' WPID=''
cleanup() {
	for p in $WPID $QPID $SWPID; do kill -CONT "$p" 2>/dev/null || true; kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- the initramfs -----------------------------------------------------------
mkdir -p "$TMP/ir/bin" "$TMP/ir/proc" "$TMP/ir/sys" "$TMP/ir/dev" "$TMP/ir/tmp"
cp "$(command -v busybox)" "$TMP/ir/bin/busybox"
file "$TMP/ir/bin/busybox" 2>/dev/null | grep -q 'statically linked' ||
	{ echo "capture: busybox must be static (apt-get install busybox-static)" >&2; exit 1; }
cp "$HERE/guest-init.sh" "$TMP/ir/init"
chmod 0755 "$TMP/ir/init"
(cd "$TMP/ir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$TMP/initrd.gz"

# --- swtpm -------------------------------------------------------------------
mkdir -p "$TMP/st"
if [ -n "$STATE" ]; then
	cp -a "$STATE"/. "$TMP/st/"
elif [ "$TPM" = 1.2 ]; then
	swtpm_setup --tpmstate "$TMP/st" --createek >/dev/null
fi
SWFLAG=
[ "$TPM" = 2.0 ] && SWFLAG=--tpm2
if [ -n "$PREP" ]; then
	TD=${TPMDIAG:-$TOP/tpmdiag}
	PORT=$((20000 + $$ % 20000))
	swtpm socket $SWFLAG --tpmstate dir="$TMP/st" --server type=tcp,port=$PORT,bindaddr=127.0.0.1 \
		--ctrl type=tcp,port=$((PORT + 1)),bindaddr=127.0.0.1 --log file="$TMP/prep.log",level=1 &
	SWPID=$!
	sleep 0.5
	D=swtpm:tcp:127.0.0.1:$PORT
	"$TD" -d $D --yes ctrl init >/dev/null
	echo "$PREP" | tr ';' '\n' | while read -r c; do
		[ -n "$c" ] || continue
		# shellcheck disable=SC2086
		"$TD" -d $D --yes send $c >>"$TMP/prep.out" 2>&1 || true
	done
	"$TD" -d $D --yes ctrl shutdown >/dev/null || true
	wait "$SWPID" || true
	SWPID=
fi
DEV=tpm-tis
[ "$IFACE" = crb ] && DEV=tpm-crb
TPMARGS=
if [ "$TPM" != none ]; then
	swtpm socket $SWFLAG --tpmstate dir="$TMP/st" --ctrl type=unixio,path="$TMP/swtpm.sock" \
		--log file="$TMP/swtpm.log",level=1 --pid file="$TMP/swtpm.pid" &
	SWPID=$!
	i=0
	while [ ! -S "$TMP/swtpm.sock" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "capture: swtpm did not start" >&2; exit 1; }
		sleep 0.05
	done
	TPMARGS="-chardev socket,id=chrtpm,path=$TMP/swtpm.sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device $DEV,tpmdev=tpm0"
fi

# --- qemu --------------------------------------------------------------------
FW=
if [ "$BIOS" = ovmf ]; then
	FW="-bios /usr/share/ovmf/OVMF.fd"
fi
ACCEL=tcg
[ -n "${CAPTURE_ACCEL:-}" ] && ACCEL=$CAPTURE_ACCEL
CMDLINE="console=ttyS0 panic=-1 quiet capture=$([ "$FAULT" = none ] && echo info || echo "$FAULT") $APPEND"
: >"$TMP/console"
# shellcheck disable=SC2086
timeout -s KILL "$LIMIT" qemu-system-x86_64 -machine pc,accel=$ACCEL -cpu "$CPU" -m 512 $FW \
	-display none -monitor none -serial file:"$TMP/console" -no-reboot \
	-kernel "$K" -initrd "$TMP/initrd.gz" -append "$CMDLINE" $TPMARGS </dev/null &
QPID=$!

if [ "$FAULT" != none ]; then
	(
		n=0
		until grep -q '^@@FAULT' "$TMP/console"; do
			n=$((n + 1))
			[ $n -gt $((LIMIT * 10)) ] && exit 0
			sleep 0.1
		done
		sleep 0.5
		if [ "$FAULT" = kill ]; then
			kill -KILL "$SWPID"
		else
			kill -STOP "$SWPID"
			sleep "$STOP_SECS"
			kill -CONT "$SWPID"
		fi
	) &
	WPID=$!
fi
rc=0
wait "$QPID" || rc=$?
QPID=
mkdir -p "$E2E"
tr -d '\r' <"$TMP/console" >"$E2E/last-console.log"
grep -q '^@@END' "$E2E/last-console.log" ||
	{ echo "capture: no complete dump (qemu rc $rc); see $E2E/last-console.log" >&2; exit 1; }

# --- the fixture -------------------------------------------------------------
ROOT=$OUT/root
rm -rf "$ROOT"
mkdir -p "$ROOT/dev"
: >"$ROOT/dev/.nodes"
safe() { # a machine path under /sys, /proc or /dev, no ..
	case $1 in
	/sys/* | /proc/* | /dev/*) ;;
	*) return 1 ;;
	esac
	case /$1/ in */../* | */./*) return 1 ;; esac
	return 0
}
while read -r tag p rest; do
	case $tag in
	@@D) safe "$p" && mkdir -p "$ROOT$p" ;;
	@@F)
		safe "$p" || continue
		mkdir -p "$(dirname "$ROOT$p")"
		printf '%s' "$rest" | base64 -d >"$ROOT$p"
		;;
	@@L)
		safe "$p" || continue
		mkdir -p "$(dirname "$ROOT$p")"
		rm -rf "$ROOT$p"
		ln -s "$rest" "$ROOT$p"
		;;
	@@N)
		safe "$p" || continue
		# rest: c MAJOR(hex) MINOR(hex) MODE UID GID
		# shellcheck disable=SC2086 # split into its fields on purpose
		set -- $rest
		: >"$ROOT$p"
		printf '%s %s %d %d %04o %s %s\n' "${p#/dev/}" "$1" "0x$2" "0x$3" "0$4" "$5" "$6" >>"$ROOT/dev/.nodes"
		;;
	@@K) printf '%s' "$p" | base64 -d >"$OUT/kmsg.log" ;;
	esac
done <"$E2E/last-console.log"
grep '^@@E ' "$E2E/last-console.log" >"$TMP/unreadable" || true

# the link targets a probe follows must exist as directories
find "$ROOT/sys" -type l | while read -r l; do
	t=$(readlink "$l")
	case $t in /*) continue ;; esac
	d=$(dirname "$l")/$t
	case ${l##*/} in driver | subsystem | firmware_node | physical_node | device) mkdir -p "$d" 2>/dev/null || true ;; esac
done

# /boot/config-REL (trimmed to the lines that matter here) and the module lists
mkdir -p "$ROOT/boot" "$ROOT/lib/modules/$REL"
{
	sed -n '1,5p' "$E2E/kernel/boot/config-$REL"
	grep -E '^(# )?CONFIG_(TCG_|HW_RANDOM_TPM|IMA[=_ ]|SECURITYFS|SECURITY=|ACPI=|EFI=|SPI=|I2C=|MODULES=|MODULE_SIG=|X86_64=|LOCALVERSION)' \
		"$E2E/kernel/boot/config-$REL"
} >"$ROOT/boot/config-$REL"
grep -E 'drivers/char/tpm/' "$E2E/kernel/lib/modules/$REL/modules.builtin" >"$ROOT/lib/modules/$REL/modules.builtin"
(cd "$E2E/kernel/lib/modules/$REL" && find kernel/drivers/char/tpm -name '*.ko' | sort) |
	sed 's/$/:/' >"$ROOT/lib/modules/$REL/modules.dep"
mkdir -p "$ROOT/etc/modprobe.d"

# git keeps no empty directories: an empty file .keep holds each one (sysfs,
# procfs and devtmpfs have no names that begin with '.', so readers skip them)
find "$ROOT" -type d -empty -exec touch {}/.keep \;

{
	[ -n "$PREP" ] && { echo "prepared with: $PREP"; sed 's/^/  /' "$TMP/prep.out"; }
	# shellcheck disable=SC2016 # the quotes are text
	echo "captured $(date -u +%Y-%m-%d) by tests/e2e/capture/capture.sh --tpm $TPM --iface $IFACE --bios $BIOS --cpu $CPU --fault $FAULT${STATE:+ --state (prepared)}${PREP:+ --prep '$PREP'}${APPEND:+ --append '$APPEND'}"
	echo "kernel: $(cat "$ROOT/proc/version" 2>/dev/null)"
	echo "qemu: $(qemu-system-x86_64 --version | head -n 1); swtpm: $([ "$TPM" = none ] && echo none || swtpm --version 2>&1 | head -n 1); accel $ACCEL"
	grep '^@@NOTE' "$E2E/last-console.log" | sed 's/^@@NOTE /guest: /' || true
	sed 's/^@@E /unreadable in the guest: /' "$TMP/unreadable"
} >"$OUT/capture.txt"
echo "capture: wrote $OUT (qemu rc $rc)"
