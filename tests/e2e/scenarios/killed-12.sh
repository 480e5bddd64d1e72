# SPDX-License-Identifier: GPL-2.0-or-later
# swtpm is killed under a running guest: qemu answers every TPM command with
# TPM_FAIL (a TPM 1.2 response, rc 9), like a chip that died after boot.
# check must say the chip fails every command, and what to do.
DESC="swtpm killed under a TPM 1.2 guest: check reports TPM_FAIL, says what to do"
TPM=1.2 IFACE=tis BOOTS=9

guest_phase1() {
	await_host kill-swtpm
	diagnose check
}

host_during() {
	wait_await kill-swtpm || return 1
	swtpm_kill
	resume kill-swtpm
}

host_check() {
	expect_rc_bits check 16 0
	expect_findings check <<-END
		tpm-chip-failure-mode   error
		tpm12-fail-logged       error
		tpm-sysfs-empty         warning
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
	END
	expect_fact check tpm0.chip.failure true
	expect_fact check tpm0.chip.first_rc 'TPM_FAIL (0x9)'
	expect_finding_text check tpm-chip-failure-mode 'every command answers TPM_FAIL (0x9)'
	expect_finding_text check tpm-chip-failure-mode 'Power the machine off completely'
	expect_grep check.text.out '^Verdict: 2 errors, 1 warning, and notes; first: tpm0 is in failure mode'
	expect_sysfs_agrees check
	expect_analyze_same check
}
