#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the e2e initramfs (tests/e2e/run.sh builds it). It asks the host
# which phase of the scenario this boot is (the host counts boots), runs
# guest_phaseN from /e2e/scenario.sh, sends what the phase left in /out to
# the host over the second serial port, and then powers off, reboots, or
# waits for the host, as the scenario says (E2E_NEXT). See guest/lib.sh.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t securityfs none /sys/kernel/security 2>/dev/null
mkdir -p /tmp /out /run /var/lib /root
hostname e2e-guest
. /e2e/lib.sh

e2e_open_chan || e2e_die "no channel to the host on /dev/ttyS1"
e2e_hello || e2e_die "the host did not say which phase this is"
. /e2e/scenario.sh
say "scenario $E2E_SCENARIO, phase $PHASE of ${PHASES:-1}, uptime $(cut -d' ' -f1 /proc/uptime) s"
[ "${TPM:-2.0}" = none ] || e2e_wait_tpm
if command -v "guest_phase$PHASE" >/dev/null 2>&1; then
	"guest_phase$PHASE"
	say "phase $PHASE finished (status $?)"
else
	say "scenario has no guest_phase$PHASE"
fi
e2e_finish
