# SPDX-License-Identifier: GPL-2.0-or-later
# A freshly made TPM 2.0: tpmdiag own --yes through /dev/tpm0 (owner and
# lockout passwords, SRK at 0x81000001); check reports it owned. Then clear
# it through /dev/tpmrm0 with the lockout password and own it again through
# /dev/tpmrm0. On the host, tpm2-tools confirm the result on the TPM's state.
DESC="TPM 2.0 from a fresh state: own --yes through /dev/tpm0 and /dev/tpmrm0"
TPM=2.0 IFACE=tis BOOTS=10

guest_phase1() {
	umask 077
	printf 'e2e-owner-2.0\n' >/tmp/owner.pw
	printf 'e2e-lockout-2.0\n' >/tmp/lockout.pw
	diagnose before
	run own tpmdiag own --yes --device /dev/tpm0 --owner-password-file /tmp/owner.pw \
		--lockout-password-file /tmp/lockout.pw
	diagnose after
	run clear tpmdiag fix clear --yes --really-clear --device /dev/tpmrm0 \
		--lockout-password-file /tmp/lockout.pw
	run ownrm tpmdiag own --yes --device /dev/tpmrm0 --owner-password-file /tmp/owner.pw
	diagnose afterrm --device /dev/tpmrm0
}

host_check() {
	expect_rc before 0
	expect_findings before <<-END
		eventlog-replay-matches info
		tpm-devnode-root-only   info
		ppi-implements-nothing  info
	END
	expect_fact before tpm0.chip.owner_auth_set false
	expect_rc own 0
	expect_grep own.out 'The TPM is owned: owner password set, storage root key persistent at 0x81000001'
	for n in after afterrm; do
		expect_rc $n 0
		expect_findings $n <<-END
			eventlog-replay-matches info
			tpm-devnode-root-only   info
			ppi-implements-nothing  info
			own-finished            info
			tpm2-owner-auth-set     info
		END
		expect_fact $n tpm0.chip.owner_auth_set true
		expect_grep $n.json '"0x81000001"'
		expect_sysfs_agrees $n
		expect_analyze_same $n
	done
	expect_fact after tpm0.chip.lockout_auth_set true
	expect_rc clear 0
	expect_grep clear.out '^Done\.'
	expect_rc ownrm 0
	expect_fact afterrm tpm0.chip.lockout_auth_set false
	expect_secret_absent e2e-owner-2.0
	expect_secret_absent e2e-lockout-2.0
	# independent: tpm2-tools on the TPM state the guest left
	tpm2_host_check
}

tpm2_host_check() {
	command -v tpm2_readpublic >/dev/null || { note "tpm2-tools missing: host-side check skipped"; return 0; }
	port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
	swtpm socket --tpm2 --tpmstate dir="$RUN/state" --server type=tcp,port=$port,bindaddr=127.0.0.1 \
		--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 --flags not-need-init,startup-clear \
		>>"$RUN/host.log" 2>&1 &
	hsw=$!
	export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"
	i=0
	until tpm2_getrandom 4 >/dev/null 2>&1 || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
	timeout 30 tpm2_readpublic -c 0x81000001 >"$OUT/host-readpublic.txt" 2>&1 ||
		fail "tpm2_readpublic 0x81000001 on the host failed"
	grep -q 'rsa' "$OUT/host-readpublic.txt" || fail "0x81000001 is not an RSA key (host-readpublic.txt)"
	timeout 30 tpm2_changeauth -c owner -p e2e-owner-2.0 e2e-owner-2.0 >>"$RUN/host.log" 2>&1 ||
		fail "tpm2_changeauth with the owner password the guest set failed"
	kill "$hsw" 2>/dev/null
	wait "$hsw" 2>/dev/null
	unset TPM2TOOLS_TCTI
	return 0
}
