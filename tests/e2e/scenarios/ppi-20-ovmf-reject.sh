# SPDX-License-Identifier: GPL-2.0-or-later
# As ppi-20-ovmf-clear, but the person at the console says no: the host sets
# an owner password before the first boot, tpmdiag fix ppi-clear writes 5
# (Clear) to ppi/request, the guest reboots, and the host answers OVMF's
# "Press F12 to clear the TPM" with ESC through qemu's monitor. OVMF goes on
# booting without a reset; check reports the user abort and a chip that
# still has its owner password, and tpm2-tools on the host confirm the old
# password still works.
DESC="TPM 2.0 under OVMF: fix ppi-clear, ESC at the firmware's prompt; user abort, owner kept"
TPM=2.0 IFACE=tis BIOS=ovmf PHASES=2 BOOTS=10

OLDPW=e2e-ppi-kept-owner

guest_phase1() {
	run fix tpmdiag fix ppi-clear --yes --really-clear
	run req cat /sys/class/tpm/tpm0/ppi/request
}

guest_phase2() {
	run resp cat /sys/class/tpm/tpm0/ppi/response
	diagnose rejected
}

host_prepare() {
	host_tpm2 tpm2_changeauth -c owner "$OLDPW" || fail "tpm2_changeauth: could not set the owner password"
}

host_during() {
	wait_done 1 "$(boots 15)" || return 1
	wait_console 'Press ESC to reject' "$(boots 12)" || return 1
	press esc 'phase 2 of 2' "$(boots 6)"
}

host_check() {
	expect_rc fix 8
	expect_grep fix.out '^  done: ppi/request reads 5 '
	expect_grep req.out '^5$'
	expect_console 'Press F12 to clear the TPM'
	expect_no_console 'Rebooting system to make TPM2 settings in effect'
	phase 2
	expect_grep resp.out '^5 0xFFFFFFF0: User Abort$'
	expect_rc rejected 8
	expect_findings rejected <<-END
		eventlog-replay-matches info
		ppi-user-abort          warning
		pcr7-secure-boot-off    info
		tpm-devnode-root-only   info
		tpm2-owner-auth-set     info
		ppi-route-clear         info
	END
	expect_fact rejected tpm0.ppi.request 0
	expect_fact rejected tpm0.ppi.last_request 5
	expect_fact rejected tpm0.ppi.response user-abort
	expect_fact rejected tpm0.ppi.response.code 0xFFFFFFF0
	expect_fact rejected tpm0.ppi.response.meaning \
		"Operation 5 (Clear) was rejected at the firmware's prompt (User Abort); nothing was changed"
	expect_fact rejected tpm0.chip.owner_auth_set true
	expect_grep rejected.text.out "^Verdict: 0 errors, 1 warning, and notes; first: The last PPI request of tpm0, operation 5 \\(Clear\\), was rejected at the firmware's prompt"
	expect_sysfs_agrees rejected
	expect_analyze_same rejected
	# independent: the old owner password still works
	host_tpm2 tpm2_changeauth -c owner -p "$OLDPW" "$OLDPW" ||
		fail "tpm2_changeauth with the old owner password failed on the host: the TPM was changed"
}

expect_no_console() {
	! grep -qE -- "$1" "$RUN/console.log" || fail "the console showed '$1'"
}
