# SPDX-License-Identifier: GPL-2.0-or-later
# /dev/tpm0 admits one process at a time; here another process (a shell
# that opened it, then became `sleep`) holds it. check must name it.
DESC="/dev/tpm0 held by another process (TPM 1.2): check names the process"
TPM=1.2 IFACE=tis BOOTS=7

guest_phase1() {
	sh -c 'exec 3<>/dev/tpm0; exec sleep 600' &
	echo $! >/out/holder.pid
	sleep 1
	say "/dev/tpm0 held by pid $(cat /out/holder.pid) ($(cat /proc/$(cat /out/holder.pid)/comm))"
	diagnose check
	run send tpmdiag send getcap version
	kill "$(cat /out/holder.pid)"
}

host_check() {
	pid=$(cat "$OUT/holder.pid")
	expect_fact check tpm0.holders "sleep (pid $pid)"
	expect_findings check <<-END
		eventlog-replay-matches info
		tpm-device-busy         warning
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
	END
	expect_rc_bits check 10 16
	expect_finding_text check tpm-device-busy "sleep (pid $pid)"
	expect_grep check.text.out "sleep \\(pid $pid\\)"
	expect_rc send 2
	expect_grep send.err "/dev/tpm0 is busy: it is held by sleep \\(pid $pid\\)"
	expect_analyze_same check
}
