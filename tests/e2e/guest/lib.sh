# SPDX-License-Identifier: GPL-2.0-or-later
# Guest-side helpers of the e2e harness (busybox sh), sourced by /init.
# A scenario's guest_phaseN functions use:
#   run NAME CMD...     run CMD; its stdout, stderr and exit status go to the
#                       host as NAME.out, NAME.err, NAME.rc (and to the console)
#   run_quiet NAME CMD...   the same, stdout not shown on the console
#   diagnose NAME [OPTS]    tpmdiag check --format json (NAME.json, .rc, .err),
#                       tpmdiag check as text (NAME.txt, on the console),
#                       tpmdiag collect (NAME.bundle.json) and what the guest's
#                       own sysfs says (NAME.sysfs), OPTS given to each
#   snapshot NAME       only the sysfs part (NAME.sysfs: key=value lines)
#   mark NAME           tell the host (host_during's wait_mark NAME)
#   await_host NAME [SECS]  tell the host and wait (at most SECS, default 60)
#                       until it answers (host_during: wait_await NAME, resume NAME)
#   wait_dmesg REGEX SECS   wait until the kernel log matches
#   say TEXT            a line on the console
# Files left in /out are sent to the host when the phase ends. E2E_NEXT
# (poweroff, reboot, wait) says what happens after the phase; the default
# is reboot before the last phase and poweroff after it.

say() { echo "[e2e] $*"; }

e2e_die() {
	say "FATAL: $*"
	echo o >/proc/sysrq-trigger 2>/dev/null
	poweroff -f
}

chan() { printf '%s\n' "$*" >&7; }

e2e_open_chan() {
	[ -c /dev/ttyS1 ] || return 1
	stty -F /dev/ttyS1 raw -echo -ixon -ixoff 2>/dev/null || return 1
	exec 7<>/dev/ttyS1
}

# Read lines from the host until one equals $1; at most $2 seconds.
e2e_expect() {
	e2e_end=$(($(cut -d. -f1 /proc/uptime) + $2))
	while [ "$(cut -d. -f1 /proc/uptime)" -le "$e2e_end" ]; do
		IFS= read -r -t 2 e2e_line <&7 || continue
		case $e2e_line in "$1"*) return 0 ;; esac
	done
	return 1
}

e2e_hello() {
	# a new line first: firmware (OVMF) may have left text on this port
	chan ""
	chan "@@HELLO $(cut -d' ' -f1 /proc/uptime)"
	# Keep the vCPU busy while waiting: under -icount with sleep=off an idle
	# guest's clock jumps ahead, and the 30 s would pass before the host
	# has read the HELLO (stmicro-12's second boot did so with Debian's
	# 6.1.0-50 kernel).
	(while :; do :; done) &
	e2e_spin=$!
	e2e_expect "@@PHASE " $((10 * $(e2e_cal)))
	e2e_got=$?
	kill "$e2e_spin" 2>/dev/null
	wait "$e2e_spin" 2>/dev/null
	[ "$e2e_got" = 0 ] || return 1
	set -- $e2e_line
	PHASE=$2
	E2E_SCENARIO=$3
}

e2e_wait_tpm() {
	i=0
	while [ ! -e /sys/class/tpm/tpm0 ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e /sys/class/tpm/tpm0 ] || say "no /sys/class/tpm/tpm0 after 5 s"
}

mark() {
	chan "@@MARK $1"
	say "mark $1"
}

# the host's calibration (e2e.cal= on the kernel command line): how many
# seconds the kernel alone took to boot there; the guest's waits for the
# host are multiples of it
e2e_cal() {
	for w in $(cat /proc/cmdline); do
		case $w in e2e.cal=[0-9]*) echo "${w#e2e.cal=}"; return ;; esac
	done
	echo 10
}

await_host() {
	chan "@@AWAIT $1"
	say "waiting for the host: $1"
	if e2e_expect "@@GO $1" "${2:-$((15 * $(e2e_cal)))}"; then
		say "host did: $1"
		return 0
	fi
	say "the host did not answer $1"
	return 1
}

# wait_dmesg REGEX SECS: until the kernel log matches (guest seconds)
wait_dmesg() {
	w_end=$(($(cut -d. -f1 /proc/uptime) + $2))
	until dmesg | grep -qE "$1"; do
		[ "$(cut -d. -f1 /proc/uptime)" -ge "$w_end" ] && { say "no '$1' in the kernel log after $2 s"; return 1; }
		sleep 1
	done
}

e2e_run() { # SHOW NAME CMD...
	e2e_show=$1 e2e_name=$2
	shift 2
	say "\$ $*"
	"$@" >"/out/$e2e_name.out" 2>"/out/$e2e_name.err" </dev/null
	e2e_rc=$?
	echo "$e2e_rc" >"/out/$e2e_name.rc"
	[ "$e2e_show" = 1 ] && cat "/out/$e2e_name.out"
	cat "/out/$e2e_name.err"
	say "exit status $e2e_rc ($e2e_name)"
	return "$e2e_rc"
}
run() { e2e_run 1 "$@"; }
run_quiet() { e2e_run 0 "$@"; }

# What the guest's own sysfs and /dev say, for the host to compare with
# tpmdiag's facts: key=value lines.
snapshot() {
	{
		echo "kernel.release=$(uname -r)"
		n=0
		for t in /sys/class/tpm/tpm*; do [ -e "$t" ] && n=$((n + 1)); done
		echo "tpm.count=$n"
		for t in /sys/class/tpm/tpm*; do
			[ -e "$t" ] || continue
			c=${t##*/}
			v=$(cat "$t/tpm_version_major" 2>/dev/null)
			case $v in 1) echo "$c.family=1.2" ;; 2) echo "$c.family=2.0" ;; esac
			d=$(readlink -f "$t/device/driver" 2>/dev/null)
			echo "$c.driver=${d##*/}"
			for h in "$t/device/firmware_node/hid" "$t/device/hid"; do
				[ -r "$h" ] && echo "$c.hid=$(cat "$h")" && break
			done
			[ -c "/dev/$c" ] && echo "$c.devnode=/dev/$c"
			r=tpmrm${c#tpm}
			[ -c "/dev/$r" ] && echo "$r.devnode=/dev/$r"
			for a in enabled active owned temp_deactivated; do
				[ -r "$t/device/$a" ] && echo "$c.$a=$(cat "$t/device/$a" 2>/dev/null)"
			done
			if [ -r "$t/device/caps" ]; then
				sed -n 's/^Manufacturer: \(.*\)/'"$c"'.caps.manufacturer=\1/p; s/^TCG version: \(.*\)/'"$c"'.caps.version=\1/p; s/^Firmware version: \(.*\)/'"$c"'.caps.firmware=\1/p' "$t/device/caps" 2>/dev/null
			fi
		done
	} >"/out/$1.sysfs"
}

diagnose() { # NAME [tpmdiag options...]
	d_name=$1
	shift
	snapshot "$d_name"
	run_quiet "$d_name" tpmdiag check --format json "$@"
	mv "/out/$d_name.out" "/out/$d_name.json"
	# the chip may change while tpmdiag reads it (a TPM 1.2 just reset):
	# the kernel's view after, too, so the host can tell
	snapshot "$d_name.after"
	run "$d_name.text" tpmdiag check "$@"
	run_quiet "$d_name.collect" tpmdiag collect -o "/out/$d_name.bundle.json" "$@"
}

e2e_send_out() {
	for f in /out/*; do
		[ -f "$f" ] || continue
		chan "@@FILE $PHASE/${f##*/}"
		gzip -c "$f" | base64 >&7
		chan "@@END"
	done
}

e2e_finish() {
	e2e_send_out
	chan "@@DONE $PHASE"
	if [ -z "${E2E_NEXT:-}" ]; then
		E2E_NEXT=poweroff
		[ "$PHASE" -lt "${PHASES:-1}" ] && E2E_NEXT=reboot
	fi
	say "phase $PHASE done; $E2E_NEXT"
	case $E2E_NEXT in
	reboot) reboot -f ;;
	wait) while :; do sleep 60; done ;;
	*) poweroff -f ;;
	esac
}
