# SPDX-License-Identifier: GPL-2.0-or-later
# A freshly made TPM 1.2 (swtpm_setup --createek: an endorsement key, no
# owner) on qemu's tpm-tis, as a machine would ship it.
DESC="healthy TPM 1.2 on tpm-tis: check exits 0, names family, driver, maker"
TPM=1.2 IFACE=tis BOOTS=9

guest_phase1() {
	diagnose check
}

host_check() {
	expect_rc check 0
	expect_findings check <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
	END
	expect_none_above check info
	expect_machine check tpm_family 1.2
	expect_machine check driver tpm_tis
	expect_machine check hid PNP0C31
	expect_machine check manufacturer IBM
	expect_fact check tpm0.chip.manufacturer IBM
	expect_sysfs_agrees check
	expect_grep check.text.out '^TPM 1.2 on tpm_tis \(PNP0C31\), made by IBM; Linux '
	expect_grep check.text.out '^Verdict: no problem found'
	expect_analyze_same check
}
