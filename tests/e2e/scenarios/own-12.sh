# SPDX-License-Identifier: GPL-2.0-or-later
# A TPM 1.2 straight from manufacturing (no endorsement key, no owner):
# tpmdiag own --yes through /dev/tpm0 creates the EK and takes ownership;
# check afterwards reports the chip owned, and the guest's sysfs agrees.
DESC="TPM 1.2 from a fresh state: own --yes through /dev/tpm0, check says owned"
TPM=1.2 IFACE=tis BOOTS=9 STATE=fresh

guest_phase1() {
	umask 077
	printf 'e2e-owner-1.2\n' >/tmp/owner.pw
	diagnose before
	run own tpmdiag own --yes --device /dev/tpm0 --owner-password-file /tmp/owner.pw
	diagnose after
}

host_check() {
	expect_rc_bits before 16 0
	expect_findings before <<-END
		eventlog-replay-matches info
		tpm12-no-ek                  error
		tpm12-no-endorsement-logged  error
		tpm-devnode-root-only        info
		ppi-implements-nothing       info
	END
	expect_fact before tpm0.owned false
	expect_rc own 0
	expect_grep own.out '^done: +the TPM is owned'
	# owned: what check says, and what the kernel says in sysfs
	expect_rc_bits after 0 24
	# the TPM_NO_ENDORSEMENT lines of before are still in the kernel log:
	# resolved (the chip is owned, so it has an EK), a note now
	expect_findings after <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only        info
		ppi-implements-nothing       info
		own-finished                 info
		tpm12-owned                  info
		tpm12-no-endorsement-logged  info
	END
	expect_fact after tpm0.owned true
	expect_fact after tpm0.chip.owned true
	expect_sysfs_agrees after
	expect_grep after.sysfs '^tpm0.owned=1$'
	expect_analyze_same before
	expect_analyze_same after
	expect_secret_absent e2e-owner-1.2
}
