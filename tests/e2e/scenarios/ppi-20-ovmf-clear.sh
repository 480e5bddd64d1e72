# SPDX-License-Identifier: GPL-2.0-or-later
# The firmware route for a TPM 2.0 whose owner password is lost (issue 8):
# the host sets an owner password on the TPM's state before the first boot
# (tpm2_changeauth, as the PPI lab's prep20.sh). In the guest, tpmdiag fix
# ppi-clear writes 5 (Clear) to ppi/request and the guest reboots; OVMF asks
# "Press F12 to clear the TPM", the host presses F12 through qemu's monitor,
# OVMF clears the TPM and resets the machine. At the next boot check reports
# the firmware's success and a chip without owner password, and own
# completes; tpm2-tools on the host confirm the password own set.
# Boots: request, OVMF's prompt (it resets after F12), the final one.
DESC="TPM 2.0 under OVMF: fix ppi-clear, F12 at the firmware's prompt; success, unowned, own"
TPM=2.0 IFACE=tis BIOS=ovmf PHASES=2 BOOTS=12

OLDPW=e2e-ppi-lost-owner
NEWPW=e2e-ppi-new-owner

guest_phase1() {
	run fix tpmdiag fix ppi-clear --yes --really-clear
	run req cat /sys/class/tpm/tpm0/ppi/request
}

guest_phase2() {
	umask 077
	printf '%s\n' "$NEWPW" >/tmp/owner.pw
	run resp cat /sys/class/tpm/tpm0/ppi/response
	diagnose cleared
	run own tpmdiag own --yes --owner-password-file /tmp/owner.pw
}

host_prepare() {
	host_tpm2 tpm2_changeauth -c owner "$OLDPW" || fail "tpm2_changeauth: could not set the owner password"
}

host_during() {
	wait_done 1 "$(boots 15)" || return 1
	wait_console 'Press F12' "$(boots 12)" || return 1
	press f12 'Rebooting system to make TPM2 settings' "$(boots 3)"
}

host_check() {
	expect_rc fix 8
	expect_grep fix.out '^  write 5 to /sys/class/tpm/tpm0/ppi/request$'
	expect_grep fix.out '^  done: ppi/request reads 5 \(the plan above says what the next boot does\)$'
	expect_grep fix.out '^      next boot:  5 \(Clear\): .*F12 accepts a clear'
	expect_grep fix.out '^info +ppi-route-clear +\|'
	expect_grep fix.out '^info +tpm2-owner-auth-set +\|'
	expect_grep fix.out '^  ppi-request-pending: A physical-presence request waits for the firmware of tpm0: operation 5 \(Clear\)$'
	expect_grep req.out '^5$'
	expect_console 'Press F12 to clear the TPM'
	expect_console 'Rebooting system to make TPM2 settings in effect'
	phase 2
	expect_grep resp.out '^5 0: Success$'
	expect_rc cleared 0
	expect_findings cleared <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only   info
		ppi-success             info
		pcr7-secure-boot-off    info
	END
	expect_fact cleared tpm0.ppi.request 0
	expect_fact cleared tpm0.ppi.last_request 5
	expect_fact cleared tpm0.ppi.last_request.name Clear
	expect_fact cleared tpm0.ppi.response success
	expect_fact cleared tpm0.ppi.response.code 0x00000000
	expect_fact cleared tpm0.chip.owner_auth_set false
	expect_finding_text cleared ppi-success 'take ownership again with tpmdiag own'
	expect_grep cleared.text.out '^Verdict: no problem found'
	expect_sysfs_agrees cleared
	expect_analyze_same cleared
	expect_rc own 0
	expect_grep own.out 'The TPM is owned: owner password set, storage root key persistent at 0x81000001'
	expect_secret_absent "$NEWPW"
	# independent: the owner password is the one own set, not the old one
	host_tpm2 tpm2_changeauth -c owner -p "$NEWPW" "$NEWPW" ||
		fail "tpm2_changeauth with the owner password own set failed on the host"
}
