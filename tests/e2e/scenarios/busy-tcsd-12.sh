# SPDX-License-Identifier: GPL-2.0-or-later
# The classic case: trousers' tcsd, run as Debian runs it (user tss, the
# device node tss-owned as Debian's tpm-udev rule makes it), holds /dev/tpm0.
# check names the daemon; tools that open the device themselves get EBUSY.
DESC="tcsd holds /dev/tpm0 (TPM 1.2): check names the daemon"
TPM=1.2 IFACE=tis BOOTS=8
GUEST_BINS=/usr/sbin/tcsd

guest_phase1() {
	ip link set lo up
	chown tss:tss /dev/tpm0
	chmod 0660 /dev/tpm0
	mkdir -p /var/lib/tpm
	chown tss:tss /var/lib/tpm
	printf 'port = 30003\nsystem_ps_file = /var/lib/tpm/system.data\n' >/etc/tcsd.conf
	chown root:tss /etc/tcsd.conf
	chmod 0640 /etc/tcsd.conf
	tcsd -f >/out/tcsd.log 2>&1 &
	i=0
	until ls -l /proc/*/fd 2>/dev/null | grep -q '/dev/tpm0' || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
	pidof tcsd >/out/tcsd.pid
	say "tcsd: pid $(cat /out/tcsd.pid)"
	diagnose check
	kill "$(cat /out/tcsd.pid)"
}

host_check() {
	pid=$(cat "$OUT/tcsd.pid")
	expect_grep tcsd.log 'TCSD up and running'
	expect_fact check tpm0.holders "tcsd (pid $pid)"
	expect_fact check tpm0.holders.known tcsd
	expect_fact check tpm0.devnode.owner tss
	expect_fact check tpm0.devnode.mode 0660
	expect_findings check <<-END
		eventlog-replay-matches info
		tpm-device-busy         warning
		tpm-held-by-daemon      info
		ppi-implements-nothing  info
	END
	expect_rc check 10
	expect_finding_text check tpm-held-by-daemon "tcsd (pid $pid)"
	expect_grep check.text.out "^note +/dev/tpm0 is held open by tcsd \\(pid $pid\\)"
	expect_sysfs_agrees check
	expect_analyze_same check
}
