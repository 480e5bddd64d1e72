# SPDX-License-Identifier: GPL-2.0-or-later
# A freshly made TPM 2.0 (swtpm_setup --createek --create-ek-cert: an
# endorsement key persistent at 0x81010001 with its certificate in NV, no
# owner) on qemu's tpm-crb, as a machine would ship it.
DESC="healthy TPM 2.0 on tpm-crb: check exits 0, names family, driver, maker, reads the EK certificate"
TPM=2.0 IFACE=crb BOOTS=8 STATE=ekcert

guest_phase1() {
	diagnose check
	# what tpmdiag-check.service runs, into the textfile collector's file
	run_quiet prom tpmdiag check --format prometheus --output /out/tpmdiag.prom
}

host_check() {
	expect_rc check 0
	# qemu64 is an AMD CPU model, and the kernel stops using the RNG of every
	# CRB TPM on an AMD processor ("Disabling hwrng"): a note that says so
	expect_findings check <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
		amd-ftpm-stutter        info
	END
	expect_finding_text check amd-ftpm-stutter 'a virtual machine whose CPU model is AMD'
	expect_none_above check info
	expect_machine check tpm_family 2.0
	expect_machine check driver tpm_crb
	expect_machine check hid MSFT0101
	expect_machine check manufacturer IBM
	expect_fact check tpm0.chip.manufacturer IBM
	# the EK and its certificate through the kernel's resource manager
	expect_fact check tpm0.chip.ek_persistent true
	expect_fact check tpm0.ek.roca clean
	expect_fact check tpm0.chip.ekcert.rsa true
	expect_fact check tpm0.chip.ekcert.rsa.issuer "CN = swtpm-localca"
	expect_fact check tpm0.chip.ekcert.rsa.matches_ek true
	expect_sysfs_agrees check
	expect_grep check.text.out '^TPM 2.0 on tpm_crb \(MSFT0101\), made by IBM; Linux '
	expect_grep check.text.out '^Verdict: no problem found'
	expect_analyze_same check
	# the Prometheus metrics of the same machine, as node_exporter would read them
	expect_rc prom 0
	expect_grep tpmdiag.prom '^tpmdiag_tpm_present\{chip="tpm0"\} 1$'
	expect_grep tpmdiag.prom '^tpmdiag_tpm_info\{chip="tpm0",family="2.0",manufacturer="IBM",firmware="[0-9.]+"\} 1$'
	expect_grep tpmdiag.prom '^tpmdiag_pcr_replay_match\{chip="tpm0",bank="sha256"\} 1$'
	expect_grep tpmdiag.prom '^tpmdiag_lockout_in_force\{chip="tpm0"\} 0$'
	expect_grep tpmdiag.prom '^tpmdiag_findings\{severity="error"\} 0$'
	expect_grep tpmdiag.prom '^tpmdiag_exit_status 0$'
	promtool check metrics <"$OUT/tpmdiag.prom" >"$OUT/promtool.out" 2>&1 ||
		fail "promtool check metrics: $(head -c 300 "$OUT/promtool.out")"
}
