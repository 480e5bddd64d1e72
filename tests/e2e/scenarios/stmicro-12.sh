# SPDX-License-Identifier: GPL-2.0-or-later
# The reported STMicro machine (fixtures/stmicro-tpm12-coreboot), as far as
# a VM reproduces it: a long TPM 1.2 command gets no answer (swtpm stopped),
# the kernel's own timeout fires ("Operation Timed out"), and the chip comes
# back reset (a power cycle through swtpm's control channel), so it needs
# TPM_Startup. check must name the timeout and the lost Startup; fix
# startup-clear recovers it; own completes; after a reboot (the monitor's
# system_reset) the chip is owned and healthy.
#
# The kernel waits the chip's long duration (300 s for swtpm's TPM 1.2) for
# the command; the guest clock runs on instructions (-icount, sleep=off), so
# those idle seconds pass in a fraction of the time. The VM freezes when the
# kernel cancels the command on the stopped swtpm; the host resumes swtpm
# once the VM has stopped answering its monitor (bounded).
DESC="the STMicro case: long command times out, TPM resets; check, fix, own"
TPM=1.2 IFACE=tis BOOTS=26 PHASES=2 SWTPM_CTRL=proxy
QEMU_ARGS="-icount shift=0,sleep=off"

guest_phase1() {
	printf 'e2e-stmicro-owner\n' >/tmp/owner.pw
	chmod 600 /tmp/owner.pw
	long=$(($(cut -d' ' -f3 /sys/class/tpm/tpm0/durations) / 1000000))
	say "the kernel waits $long s for a long TPM 1.2 command"
	# The kernel's hwrng thread reads random numbers from the TPM, every
	# few seconds early in a boot and once a minute after two minutes; one
	# in flight when swtpm stops would be the command that times out. So:
	# get past two minutes (idle guest time passes at once), and keep the
	# vCPU busy while the host stops swtpm, so that no minute passes then.
	sleep 125
	(while :; do :; done) &
	spin=$!
	await_host stop-swtpm
	kill $spin
	t0=$(cut -d. -f1 /proc/uptime)
	(
		while [ "$(cut -d. -f1 /proc/uptime)" -lt $((t0 + long)) ]; do
			say "waiting for the kernel's timeout: $(($(cut -d. -f1 /proc/uptime) - t0)) s"
			sleep 10
		done
	) &
	echo "$t0" >/out/selftest.start
	run selftest tpmdiag send selftest full --yes --device /dev/tpm0
	cut -d. -f1 /proc/uptime >/out/selftest.end
	wait_dmesg 'Operation Timed out' $((long + 60))
	await_host power-cycle
	diagnose stuck
	run fix tpmdiag fix startup-clear --yes
	run own tpmdiag own --yes --owner-password-file /tmp/owner.pw
	diagnose fixed
	E2E_NEXT=wait # the host resets the machine
}

guest_phase2() {
	diagnose rebooted
}

host_during() {
	wait_await stop-swtpm "$(boots 15)" || return 1
	swtpm_stop "$(boots 20)"
	resume stop-swtpm
	# the kernel cancels the command at its deadline, and the VM freezes on
	# the stopped swtpm (bounded); then swtpm answers again
	wait_frozen "$(boots 20)"
	swtpm_cont
	wait_await power-cycle "$(boots 25)" || return 1
	swtpm_ctrl -i
	resume power-cycle
	wait_done 1 "$(boots 25)" || return 1
	monitor system_reset
}

host_check() {
	# the long command: the kernel timed out; tpmdiag's own deadline for a
	# long command is 60 s (tpmdiag(1), DEADLINES)
	expect_console 'tpm tpm0: Operation Timed out'
	expect_rc selftest 2
	took=$(($(cat "$OUT/selftest.end") - $(cat "$OUT/selftest.start")))
	[ "$took" -le 70 ] || fail "selftest: tpmdiag send waited $took s (guest clock) for a long command; its deadline is 60 s"
	# after the reset: the timeout and the lost Startup, root cause first
	expect_rc_bits stuck 16 0
	expect_findings stuck <<-END
		tpm-reset-after-timeout  error
		tpm12-no-startup         error
		tpm12-postinit-logged    error
		tpm-sysfs-empty          warning
		tpm-command-timeout      warning
		tpm-task-hung            warning
		tpm-devnode-root-only    info
		ppi-implements-nothing   info
	END
	# while the chip held the command, other TPM users hung in the kernel
	# for over 120 s: tpmdiag's own waiter (poll on /dev/tpm0), and the
	# kernel's hwrng thread when it asked for random numbers meanwhile
	expect_finding_text stuck tpm-task-hung 'blocked for more than 120 seconds'
	expect_fact stuck tpm0.chip.started false
	expect_fact stuck tpm0.chip.first_rc 'TPM_INVALID_POSTINIT (0x26)'
	expect_finding_text stuck tpm-reset-after-timeout 'Operation Timed out'
	expect_finding_text stuck tpm-reset-after-timeout 'startup-clear'
	expect_grep stuck.text.out '^Verdict: 3 errors, 3 warnings, and notes; first: A TPM command timed out and the chip has not been started since'
	expect_sysfs_agrees stuck
	expect_analyze_same stuck
	# fix startup-clear: started; the timeout stays in the log (a warning)
	expect_rc_bits fix 8 16
	expect_grep fix.out 'received +00 c4 00 00 00 0a 00 00 00 00'
	expect_rc own 0
	expect_grep own.out '^done: +the TPM is owned'
	expect_rc_bits fixed 8 16
	# the log still shows the timeout and the 0x26 answers: the chip is
	# started again, so those findings are resolved (notes). The reset
	# zeroed the PCRs SeaBIOS had extended, so its event log no longer
	# replays to them: measured boot is lost until the reboot below
	expect_findings fixed <<-END
		eventlog-pcr-mismatch warning
		pcrs-boot-not-measured-despite-log warning
		tpm-reset-after-timeout  info
		tpm12-postinit-logged    info
		tpm-command-timeout      warning
		tpm-task-hung            warning
		tpm-devnode-root-only    info
		ppi-implements-nothing   info
		own-finished             info
		tpm12-owned              info
	END
	expect_fact fixed tpm0.chip.started true
	expect_fact fixed tpm0.owned true
	expect_sysfs_agrees fixed
	expect_analyze_same fixed
	expect_secret_absent e2e-stmicro-owner
	# after a reset of the machine: owned, started by the firmware, healthy
	phase 2
	expect_rc_bits rebooted 0 24
	expect_findings rebooted <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only    info
		ppi-implements-nothing   info
		tpm12-owned              info
	END
	expect_fact rebooted tpm0.owned true
	expect_sysfs_agrees rebooted
	expect_analyze_same rebooted
}
