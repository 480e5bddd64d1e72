# SPDX-License-Identifier: GPL-2.0-or-later
# Host side of the e2e harness, sourced by tests/e2e/run.sh: the kernel, the
# initramfs, the accelerator, and one VM run of a scenario (swtpm, optional
# control-channel proxy, qemu with a hard time limit, the guest channel, the
# monitor), then the files the guest sent. Assertions are in assert.sh.
#
# The guest talks to the host over its second serial port (ttyS1), a pair of
# FIFOs here (qemu -chardev pipe): lines beginning with @@ (HELLO, MARK,
# AWAIT, FILE/END, DONE) come from the guest, @@PHASE and @@GO go to it.

E2E_HERE=$(cd "$(dirname "$0")" && pwd)
E2E_TOP=$(cd "$E2E_HERE/../.." && pwd)
E2E_DIR=${E2E_DIR:-$E2E_TOP/build/e2e}
TPMDIAG=${TPMDIAG:-$E2E_TOP/tpmdiag}
. "$E2E_HERE/lib/kernel.sh"

e2e_log() { echo "e2e: $*" >&2; }

now() { date +%s.%N | cut -c1-14; }
elapsed() { echo "$(now) $1" | awk '{ printf "%.1f", $1 - $2 }'; }

# --- things built once ---------------------------------------------------------
E2E_CFLAGS="-std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
 -Wstrict-prototypes -Wmissing-prototypes"
e2e_tools() {
	mkdir -p "$E2E_DIR/tools"
	for t in ctrlproxy monitor; do
		src=$E2E_HERE/tools/$t.c bin=$E2E_DIR/tools/$t
		if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
			# shellcheck disable=SC2086
			tmp=$(mktemp "$bin.XXXXXX") && ${CC:-cc} $E2E_CFLAGS -o "$tmp" "$src" && mv "$tmp" "$bin" ||
				{ rm -f "$tmp"; return 1; }
		fi
	done
}

# E2E_ACCEL=tcg|kvm|auto (default auto: KVM when /dev/kvm boots the kernel)
e2e_accel() {
	a=${E2E_ACCEL:-auto}
	if [ "$a" = auto ]; then
		if [ -s "$E2E_DIR/accel" ]; then
			a=$(cat "$E2E_DIR/accel")
		else
			a=tcg
			if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
				p=$(mktemp "${TMPDIR:-/tmp}/e2e-kvm.XXXXXX")
				timeout -s KILL 20 qemu-system-x86_64 -machine pc,accel=kvm -cpu host -m 256 \
					-nodefaults -no-user-config -display none -serial file:"$p" -no-reboot \
					-kernel "$K" -append 'console=ttyS0 panic=-1' </dev/null >/dev/null 2>&1
				grep -q 'Kernel panic' "$p" && a=kvm
				rm -f "$p"
			fi
			echo "$a" >"$E2E_DIR/accel"
			e2e_log "accelerator: $a (probed once; remove $E2E_DIR/accel to probe again)"
		fi
	fi
	case $a in
	kvm) E2E_ACCEL_ARGS="-machine pc,accel=kvm -cpu host" ;;
	*) E2E_ACCEL_ARGS="-machine pc,accel=tcg -cpu qemu64" ;;
	esac
}

# e2e_calibrate: how long this machine, now, takes to boot the kernel alone
# (to its panic for want of a root; no firmware menu, no initramfs), in whole
# seconds, rounded up, in E2E_CAL. Measured once per run, never remembered:
# a loaded machine boots slower, and every limit below is a multiple of it.
e2e_calibrate() {
	p=$(mktemp "${TMPDIR:-/tmp}/e2e-cal.XXXXXX")
	c0=$(now)
	# shellcheck disable=SC2086
	timeout -s KILL 300 qemu-system-x86_64 $E2E_ACCEL_ARGS -m 512 -nodefaults -no-user-config \
		-display none -serial file:"$p" -no-reboot \
		-kernel "$K" -append 'console=ttyS0 panic=-1' </dev/null >/dev/null 2>&1
	cs=$(elapsed "$c0")
	if ! grep -q 'Kernel panic' "$p"; then
		rm -f "$p"
		e2e_log "calibration: the kernel alone did not boot to its panic within 300 s"
		return 1
	fi
	rm -f "$p"
	E2E_CAL=$(echo "$cs" | awk '{ c = int($1); if (c < $1) c++; if (c < 1) c = 1; print c }')
	export E2E_CAL
	e2e_log "calibration: the kernel alone boots in $cs s here now; limits are multiples of it"
}

# boots N: N boots' worth of seconds for this scenario. The unit is the
# scenario's own first boot (firmware, kernel, initramfs) once the guest
# has said HELLO, and the run's calibration before; never less than the
# calibration.
boots() {
	b_unit=${E2E_CAL:-10}
	if [ -n "${RUN:-}" ] && [ -s "$RUN/boot_s" ]; then
		b_first=$(cat "$RUN/boot_s")
		[ "$b_first" -gt "$b_unit" ] && b_unit=$b_first
	fi
	echo $(($1 * b_unit))
}

# The initramfs every scenario shares: busybox, tpmdiag and the libraries
# it links and loads, the kernel's module lists (so libkmod sees the built-in
# drivers), the guest init and helpers. Rebuilt when one of them changed.
e2e_initrd_base() {
	base=$E2E_DIR/initrd-base.cpio.gz
	if [ -s "$base" ] && [ "$base" -nt "$TPMDIAG" ] && [ "$base" -nt "$E2E_HERE/guest/init.sh" ] &&
		[ "$base" -nt "$E2E_HERE/guest/lib.sh" ] && [ "$base" -nt "$E2E_HERE/lib/host.sh" ]; then
		return 0
	fi
	bb=$(command -v busybox) || { e2e_log "busybox is missing (apt-get install busybox-static)"; return 1; }
	ldd "$bb" >/dev/null 2>&1 &&
		{ e2e_log "busybox must be static (apt-get install busybox-static)"; return 1; }
	[ -x "$TPMDIAG" ] || { e2e_log "no $TPMDIAG (make tpmdiag)"; return 1; }
	st=$(mktemp -d "${TMPDIR:-/tmp}/e2e-initrd.XXXXXX")
	mkdir -p "$st/bin" "$st/sbin" "$st/etc" "$st/proc" "$st/sys" "$st/dev" "$st/tmp" "$st/out" \
		"$st/run" "$st/var/lib" "$st/root" "$st/e2e" "$st/lib/modules/$REL"
	cp "$bb" "$st/bin/busybox"
	cp "$TPMDIAG" "$st/bin/tpmdiag"
	# tpmdiag execs nothing in the guest (only spawn: devices run swtpm). What
	# it links (ldd) and what it loads on first use (the files --version names),
	# each with what that library links in turn.
	opt=$("$TPMDIAG" --version | awk '/^  lib/ && $2 ~ /^\// { print $2 }')
	for lib in $( { ldd "$TPMDIAG"; for o in $opt; do echo " $o"; ldd "$o"; done; } |
		awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' | sort -u); do
		mkdir -p "$st$(dirname "$lib")"
		cp -L "$lib" "$st$lib"
	done
	m=$E2E_DIR/kernel/lib/modules/$REL
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -f "$m/$f" ] && cp "$m/$f" "$st/lib/modules/$REL/"
	done
	command -v depmod >/dev/null 2>&1 && { depmod -b "$st" "$REL" 2>/dev/null || true; }
	mkdir -p "$st/boot"
	cp "$E2E_DIR/kernel/boot/config-$REL" "$st/boot/" # as an installed kernel has it
	printf 'root:x:0:0:root:/root:/bin/sh\ntss:x:106:111:TPM software stack:/var/lib/tpm:/bin/false\n' >"$st/etc/passwd"
	printf 'root:x:0:\ntss:x:111:\n' >"$st/etc/group"
	cp "$E2E_HERE/guest/init.sh" "$st/init"
	chmod 0755 "$st/init"
	cp "$E2E_HERE/guest/lib.sh" "$st/e2e/lib.sh"
	tmp=$(mktemp "$base.XXXXXX") # another run may build it at the same time
	(cd "$st" && find . | cpio -o -H newc --quiet | gzip -1) >"$tmp" && mv "$tmp" "$base"
	rc=$?
	rm -f "$tmp"
	rm -rf "$st"
	return $rc
}

# The base archive with the scenario file appended (the kernel unpacks
# concatenated archives in order), and the host programs the scenario names
# in GUEST_BINS with the libraries ldd names for them.
e2e_initrd() { # SCENARIO_FILE OUT
	st=$(mktemp -d "${TMPDIR:-/tmp}/e2e-scen.XXXXXX")
	mkdir -p "$st/e2e"
	cp "$1" "$st/e2e/scenario.sh"
	for b in ${GUEST_BINS:-}; do
		for f in "$b" $(ldd "$b" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'); do
			mkdir -p "$st$(dirname "$f")"
			cp -L "$f" "$st$f" || { e2e_log "GUEST_BINS: cannot copy $f"; return 1; }
		done
	done
	{
		cat "$E2E_DIR/initrd-base.cpio.gz"
		(cd "$st" && find . | cpio -o -H newc --quiet | gzip -1)
	} >"$2"
	rm -rf "$st"
}

# --- helpers for a scenario's host_prepare, host_during and host_check --------

note() {
	echo "[host $(elapsed "$T0") s] $*" >>"$RUN/host.log"
	[ "${E2E_LIVE:-0}" = 1 ] && echo "[host $(elapsed "$T0") s] $*" >&2
	return 0
}

fail() {
	echo "$*" >>"$RUN/failures"
	note "FAIL: $*"
	return 1
}

# wait_for FILE PATTERN SECS: grep -E PATTERN in FILE, polled, bounded
wait_for() {
	w_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$w_end" ]; do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		kill -0 "$QPID" 2>/dev/null || break
		sleep 0.1
	done
	grep -qE "$2" "$1" 2>/dev/null && return 0
	fail "waited ${3} s for '$2' in ${1##*/}"
}
wait_console() { wait_for "$RUN/console.raw" "$1" "${2:-$(boots 10)}"; }
wait_mark() { wait_for "$RUN/chan.log" "^@@MARK $1\$" "${2:-$(boots 10)}" && note "guest: $1"; }
wait_done() { wait_for "$RUN/chan.log" "^@@DONE $1\$" "${2:-$(boots 10)}" && note "guest: phase $1 done"; }
wait_await() { wait_for "$RUN/chan.log" "^@@AWAIT $1\$" "${2:-$(boots 10)}" && note "guest waits: $1"; }
resume() {
	note "resume $1"
	printf '@@GO %s\n' "$1" >&8
}

# swtpm_pause SECS: SIGSTOP swtpm, SIGCONT after SECS (at most 120; the
# run's cleanup sends SIGCONT too). A swtpm stopped for good would freeze
# the VM, so every pause is bounded.
swtpm_pause() {
	p=$1
	[ "$p" -le 120 ] || p=120
	note "swtpm: SIGSTOP for $p s"
	kill -STOP "$SWPID" || return 1
	sleep "$p"
	kill -CONT "$SWPID"
	note "swtpm: SIGCONT"
}
# swtpm_stop [MAX]: SIGSTOP swtpm until swtpm_cont, and at most MAX seconds
# (default 120): a watchdog sends SIGCONT then
swtpm_stop() {
	note "swtpm: SIGSTOP (at most ${1:-120} s)"
	kill -STOP "$SWPID" || return 1
	# (its stderr is dropped: swtpm_cont kills its sleep, and the shell would say so)
	(sleep "${1:-120}" && kill -CONT "$SWPID") 2>/dev/null &
	SWDOG=$!
}
swtpm_cont() {
	kill -CONT "$SWPID"
	[ -n "${SWDOG:-}" ] && e2e_killtree "$SWDOG"
	SWDOG=
	note "swtpm: SIGCONT"
}
# wait_frozen MAX: until the VM stops answering its monitor (a vCPU stuck
# on a stopped swtpm holds the lock the monitor needs), at most MAX seconds
wait_frozen() {
	f_end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -le "$f_end" ]; do
		"$E2E_DIR/tools/monitor" -t 2000 "$SOCK/monitor.sock" 'info status' >/dev/null 2>&1
		if [ $? = 3 ]; then
			note "the VM is frozen (its monitor does not answer)"
			return 0
		fi
		sleep 0.5
	done
	fail "the VM did not freeze within $1 s"
}
swtpm_kill() {
	note "swtpm: SIGKILL"
	kill -KILL "$SWPID"
}
# swtpm_ctrl ARGS...: swtpm_ioctl through the control-channel proxy
# (SWTPM_CTRL=proxy), e.g. swtpm_ctrl -i for a power cycle (CMD_INIT)
swtpm_ctrl() {
	note "swtpm_ioctl $*"
	timeout -s KILL 20 swtpm_ioctl --unix "$SOCK/host.ctrl" "$@" >>"$RUN/host.log" 2>&1 ||
		fail "swtpm_ioctl $* failed"
}
# press KEY AFTER SECS: a key at OVMF's prompt through qemu's monitor, and
# once more when AFTER (a console regex) has not shown within SECS: a key
# lost before the firmware reads the keyboard would leave it waiting
press() {
	monitor "sendkey $1"
	p_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$p_end" ]; do
		grep -qE "$2" "$RUN/console.raw" 2>/dev/null && return 0
		sleep 0.2
	done
	note "no '$2' $3 s after $1: pressing $1 once more"
	monitor "sendkey $1"
}

# host_tpm2 CMD...: a tpm2-tools command against the TPM's state, through a
# swtpm of its own on a loopback port (only while the VM is not running).
# The port comes from the run's directory: scenarios run side by side in
# subshells of one run.sh, which share its $$. It lies below the kernel's
# ephemeral range (32768 on); a port taken anyway (swtpm exits: "Address
# already in use") is passed over, five tries at most.
host_tpm2() {
	ht_try=0
	ht_seed=$(printf '%s' "$RUN" | cksum | cut -d' ' -f1)
	while :; do
		port=$((20000 + 2 * ((ht_seed + ht_try * 1009) % 6000)))
		swtpm socket --tpm2 --tpmstate dir="$RUN/state" \
			--server type=tcp,port=$port,bindaddr=127.0.0.1 \
			--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 \
			--flags not-need-init,startup-clear >>"$RUN/host.log" 2>&1 &
		hsw=$!
		export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"
		i=0
		sleep 0.2
		while kill -0 "$hsw" 2>/dev/null && [ $i -le 50 ] &&
			! tpm2_getcap properties-fixed >/dev/null 2>&1; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -0 "$hsw" 2>/dev/null && [ $i -le 50 ] && break
		kill "$hsw" 2>/dev/null
		wait "$hsw" 2>/dev/null
		ht_try=$((ht_try + 1))
		if [ $ht_try -ge 5 ]; then
			note "host: no swtpm of its own answered on a loopback port (5 tries)"
			unset TPM2TOOLS_TCTI
			return 1
		fi
		note "host: swtpm on port $port did not answer; another port"
	done
	note "host: $1"
	timeout 30 "$@" >>"$RUN/host.log" 2>&1
	r=$?
	swtpm_ioctl --tcp 127.0.0.1:$((port + 1)) -s >>"$RUN/host.log" 2>&1 || kill "$hsw" 2>/dev/null
	wait "$hsw" 2>/dev/null
	unset TPM2TOOLS_TCTI
	return $r
}
# monitor CMD...: qemu's human monitor; the answer goes to host.log
monitor() {
	note "monitor: $*"
	"$E2E_DIR/tools/monitor" "$SOCK/monitor.sock" "$@" >>"$RUN/host.log" 2>&1 || fail "monitor $* failed"
}

# vm_quit: end the VM now (after the last phase, with E2E_NEXT=wait)
vm_quit() {
	note "monitor: quit"
	"$E2E_DIR/tools/monitor" "$SOCK/monitor.sock" quit >/dev/null 2>&1 || true
}

# e2e_killtree PID: SIGKILL PID and every process below it (found through
# /proc by parent id: only what this harness started)
e2e_killtree() {
	for c in $(sed -n 's/^\([0-9]*\) (.*) [A-Za-z] \([0-9]*\) .*/\1 \2/p' /proc/[0-9]*/stat 2>/dev/null |
		awk -v p="$1" '$2 == p { print $1 }'); do
		e2e_killtree "$c"
	done
	kill -KILL "$1" 2>/dev/null
	return 0
}

# --- one scenario ---------------------------------------------------------------

e2e_cleanup() {
	[ -n "${SWPID:-}" ] && kill -CONT "$SWPID" 2>/dev/null
	for p in ${HPID:-} ${QPID:-} ${PXPID:-} ${SWPID:-} ${CATPID:-} ${TAILPID:-}; do
		e2e_killtree "$p"
	done
	wait 2>/dev/null
	exec 8>&-
	[ -n "${SOCK:-}" ] && rm -rf "$SOCK"
	return 0
}

# Turn the guest's @@FILE blocks in chan.log into files under out/PHASE/.
e2e_extract() {
	awk -v dir="$RUN/out" '
		/^@@FILE / { name = $2; b64 = dir "/" name ".b64"; printf "" > b64; next }
		/^@@END/ { if (name != "") close(b64); name = ""; next }
		name != "" { print >> b64 }
	' "$RUN/chan.log.txt"
	find "$RUN/out" -name '*.b64' | while read -r b; do
		base64 -d "$b" | gunzip >"${b%.b64}" 2>/dev/null || fail "file ${b#"$RUN"/out/} from the guest is damaged"
		rm -f "$b"
	done
}

# e2e_scenario FILE: runs in a subshell of its own (run.sh); exit 0 = passed
e2e_scenario() {
	NAME=$(basename "$1" .sh)
	RUN=$E2E_DIR/runs/$NAME
	rm -rf "$RUN"
	mkdir -p "$RUN/out" "$RUN/state"
	: >"$RUN/failures"
	: >"$RUN/host.log"
	T0=$(now)
	TPM=2.0 IFACE=tis BIOS=seabios PHASES=1 BOOTS=8 WAIT=0 STATE=ek SWTPM_CTRL=direct APPEND='' QEMU_ARGS='' GUEST_BINS='' DESC=''
	SWPID='' QPID='' PXPID='' CATPID='' HPID='' TAILPID=''
	. "$1"
	for p in $(seq 1 "$PHASES"); do mkdir -p "$RUN/out/$p"; done
	SOCK=$(mktemp -d "${TMPDIR:-/tmp}/e2e.XXXXXX")
	trap e2e_cleanup EXIT
	trap 'exit 1' INT TERM HUP

	# the TPM's state before the first boot
	SWFLAG=
	[ "$TPM" = 2.0 ] && SWFLAG=--tpm2
	EKCERT=
	if [ "$STATE" = ekcert ] && [ "$TPM" = 2.0 ]; then
		# as a manufacturer provisions it: the EK's certificate in NV, signed by a
		# private swtpm_localca under $RUN/ca (not /var/lib/swtpm-localca)
		mkdir -p "$RUN/ca"
		printf 'statedir = %s\nsigningkey = %s/signkey.pem\nissuercert = %s/issuercert.pem\ncertserial = %s/certserial\n' \
			"$RUN/ca" "$RUN/ca" "$RUN/ca" "$RUN/ca" >"$RUN/localca.conf"
		printf -- '--platform-manufacturer tpmdiag-e2e\n--platform-version 2.1\n--platform-model qemu\n' >"$RUN/localca.options"
		printf 'create_certs_tool = swtpm_localca\ncreate_certs_tool_config = %s\ncreate_certs_tool_options = %s\n' \
			"$RUN/localca.conf" "$RUN/localca.options" >"$RUN/swtpm_setup.conf"
		EKCERT="--create-ek-cert --config $RUN/swtpm_setup.conf"
	fi
	if { [ "$STATE" = ek ] || [ "$STATE" = ekcert ]; } && [ "$TPM" != none ]; then
		# shellcheck disable=SC2086
		swtpm_setup $SWFLAG --tpmstate "$RUN/state" --createek $EKCERT >"$RUN/swtpm_setup.log" 2>&1 ||
			{ fail "swtpm_setup failed (swtpm_setup.log)"; return 1; }
	fi
	if command -v host_prepare >/dev/null 2>&1; then
		host_prepare || { fail "host_prepare failed"; return 1; }
	fi
	e2e_initrd "$1" "$SOCK/initrd.gz" || { fail "could not build the initramfs"; return 1; }

	TPMARGS=
	if [ "$TPM" != none ]; then
		# shellcheck disable=SC2086
		swtpm socket $SWFLAG --tpmstate dir="$RUN/state" --ctrl type=unixio,path="$SOCK/swtpm.ctrl" \
			--log file="$RUN/swtpm.log",level=2 >>"$RUN/swtpm.log" 2>&1 &
		SWPID=$!
		TPMSOCK=$SOCK/swtpm.ctrl
		if [ "$SWTPM_CTRL" = proxy ]; then
			"$E2E_DIR/tools/ctrlproxy" "$SOCK/swtpm.ctrl" "$SOCK/qemu.ctrl" "$SOCK/host.ctrl" \
				>>"$RUN/ctrlproxy.log" 2>&1 &
			PXPID=$!
			TPMSOCK=$SOCK/qemu.ctrl
		fi
		i=0
		until [ -S "$TPMSOCK" ]; do
			i=$((i + 1))
			[ $i -gt 200 ] && { fail "swtpm did not start (swtpm.log)"; return 1; }
			sleep 0.05
		done
		TPMARGS="-chardev socket,id=chrtpm,path=$TPMSOCK -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-$IFACE,tpmdev=tpm0"
	fi
	FW=
	if [ "$BIOS" = ovmf ]; then
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$RUN/ovmf-vars.fd" || { fail "no OVMF (apt-get install ovmf)"; return 1; }
		FW="-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
		FW="$FW -drive if=pflash,format=raw,unit=1,file=$RUN/ovmf-vars.fd"
	fi
	NOREBOOT=
	[ "$PHASES" = 1 ] && NOREBOOT=-no-reboot

	mkfifo "$SOCK/chan.in" "$SOCK/chan.out"
	# held open read-write: writing to the guest never blocks, even after qemu
	exec 8<>"$SOCK/chan.in"
	: >"$RUN/chan.log"
	cat "$SOCK/chan.out" >"$RUN/chan.log" &
	CATPID=$!
	: >"$RUN/console.raw"
	if [ "${E2E_LIVE:-0}" = 1 ]; then
		tail -f "$RUN/console.raw" >&2 &
		TAILPID=$!
	fi
	# The limits follow from boot time: the first boot may take 10 times the
	# calibration, plus 30 s for firmware; the whole run, WAIT seconds of
	# the scenario's own waiting plus BOOTS times its first boot.
	FIRST_LIMIT=$((10 * E2E_CAL + 30))
	LIMIT=$((WAIT + BOOTS * FIRST_LIMIT))
	note "qemu: $TPM on tpm-$IFACE, $BIOS, $PHASES phase(s), first boot within $FIRST_LIMIT s, then $WAIT s + $BOOTS first boots in all ($E2E_ACCEL_ARGS)"
	# the conductor below enforces the limits; timeout is the backstop
	# should this shell itself die
	# shellcheck disable=SC2086
	timeout -s KILL $((LIMIT + 30)) qemu-system-x86_64 $E2E_ACCEL_ARGS -m 512 -nodefaults -no-user-config \
		-display none $FW $NOREBOOT $QEMU_ARGS \
		-chardev file,id=con,path="$RUN/console.raw",append=on -serial chardev:con \
		-chardev pipe,id=chan,path="$SOCK/chan" -serial chardev:chan \
		-monitor unix:"$SOCK/monitor.sock",server=on,wait=off \
		-kernel "$K" -initrd "$SOCK/initrd.gz" -append "console=ttyS0 panic=-1 quiet e2e.cal=$E2E_CAL $APPEND" \
		$TPMARGS </dev/null >"$RUN/qemu.log" 2>&1 &
	QPID=$!
	if command -v host_during >/dev/null 2>&1; then
		(host_during || fail "host_during failed") &
		HPID=$!
	fi

	# the conductor: tell each boot its phase; more boots than phases, or
	# the time limit, end the run
	sent=0 qstart=$(date +%s) qend=$(($(date +%s) + FIRST_LIMIT)) limited=0
	while kill -0 "$QPID" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$qend" ]; then
			limited=1
			e2e_killtree "$QPID"
			break
		fi
		n=$(grep -c '^@@HELLO' "$RUN/chan.log")
		if [ "$n" -gt "$sent" ]; then
			sent=$n
			if [ "$n" -gt "$PHASES" ]; then
				fail "boot $n: the guest booted more often than the scenario has phases"
				e2e_killtree "$QPID"
				break
			fi
			if [ "$n" -gt 1 ] && ! grep -q "^@@DONE $((n - 1))\$" "$RUN/chan.log"; then
				fail "boot $n: the guest rebooted before phase $((n - 1)) finished (a panic?)"
				e2e_killtree "$QPID"
				break
			fi
			note "boot $n: phase $n"
			# the first boot's time sets the run's limit (and is in the result line)
			if [ "$n" = 1 ]; then
				echo $(($(date +%s) - qstart)) >"$RUN/boot_s"
				LIMIT=$((WAIT + $(boots "$BOOTS")))
				qend=$((qstart + LIMIT))
				note "first boot $(cat "$RUN/boot_s") s: the run may take $LIMIT s ($WAIT s + $BOOTS x $(boots 1) s)"
			fi
			printf '@@PHASE %d %s\n' "$n" "$NAME" >&8
		fi
		sleep 0.1
	done
	qrc=0
	wait "$QPID" 2>/dev/null || qrc=$?
	QPID=
	if [ "$limited" = 1 ]; then
		if [ "$sent" = 0 ]; then
			fail "time limit: no first boot within $FIRST_LIMIT s (10 x the calibration's $E2E_CAL s + 30); qemu killed (console.log)"
		else
			fail "time limit: qemu killed after $LIMIT s ($WAIT s + $BOOTS x the first boot's $(boots 1) s; console.log)"
		fi
	fi
	[ -n "$HPID" ] && e2e_killtree "$HPID"
	HPID=
	[ -n "$SWPID" ] && kill -CONT "$SWPID" 2>/dev/null
	sleep 0.2
	e2e_cleanup
	SWPID='' PXPID='' CATPID='' TAILPID='' SOCK=''
	note "qemu exited ($qrc)"
	tr -d '\r' <"$RUN/console.raw" >"$RUN/console.log" && rm -f "$RUN/console.raw"
	tr -d '\r' <"$RUN/chan.log" >"$RUN/chan.log.txt" && rm -f "$RUN/chan.log"
	e2e_extract
	grep -v '^[A-Za-z0-9+/=]*$' "$RUN/chan.log.txt" >"$RUN/chan.txt" # the protocol lines only
	rm -f "$RUN/chan.log.txt"
	finished=1
	for p in $(seq 1 "$PHASES"); do
		grep -q "^@@DONE $p\$" "$RUN/chan.txt" || { fail "phase $p did not finish (console.log)"; finished=0; }
	done
	if [ "$finished" = 1 ] && command -v host_check >/dev/null 2>&1; then
		OUT=$RUN/out/1
		host_check
	fi
	[ ! -s "$RUN/failures" ]
}
