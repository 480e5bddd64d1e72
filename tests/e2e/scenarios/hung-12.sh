# SPDX-License-Identifier: GPL-2.0-or-later
# A TPM 1.2 stops answering for 20 s while programs use it: they hang in the
# kernel's TPM driver waiting for the chip's lock, and the kernel's hung-task
# detector (5 s in this guest; Debian's default is 120 s) reports them with
# stacks through tpm_try_get_ops (fixtures/tpm12-hung-task was captured the
# same way). check must name the hung tasks; the chip answers again after.
DESC="a TPM 1.2 stops answering for 20 s: hung-task reports; check names them"
TPM=1.2 IFACE=tis BOOTS=9 WAIT=20

guest_phase1() {
	echo 5 >/proc/sys/kernel/hung_task_timeout_secs
	await_host stop-swtpm
	# a command in flight (TPM_GetRandom 8), then a reader of sysfs: both
	# wait for the chip (swtpm's TPM 1.2 gives a short command 50 s)
	printf '\000\301\000\000\000\016\000\000\000\106\000\000\000\010' >/dev/tpm0 &
	w=$!
	sleep 1
	cat /sys/class/tpm/tpm0/pcrs >/dev/null &
	r=$!
	wait $w
	wait $r
	wait_dmesg 'blocked for more than' 30
	diagnose check
}

host_during() {
	wait_await stop-swtpm || return 1
	swtpm_stop 40
	resume stop-swtpm
	sleep 20
	swtpm_cont
}

host_check() {
	expect_console 'INFO: task .* blocked for more than 5 seconds'
	expect_rc_bits check 8 16
	expect_findings check <<-END
		eventlog-replay-matches info
		tpm-task-hung           warning
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
	END
	expect_finding_text check tpm-task-hung 'waited for the chip'
	expect_grep check.text.out 'INFO: task cat:[0-9]* blocked for more than [0-9]* seconds'
	expect_fact check tpm0.chip.started true
	expect_sysfs_agrees check
	expect_analyze_same check
}
