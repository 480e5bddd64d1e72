# SPDX-License-Identifier: GPL-2.0-or-later
# Firmware without a working Physical Presence Interface (issue 8): Debian's
# SeaBIOS gives the guest /sys/class/tpm/tpm0/ppi (PPI 1.3) with empty
# operation tables, so no request would ever be carried out. The TPM 1.2 is
# deactivated before the boot, as on the reported STMicro machine (the
# PPI lab's case 1, fixture ppi-no-operations): check names the
# deactivation, says the firmware implements no PPI operation and names the
# setup-menu route; fix ppi-enable-activate --yes is refused before
# anything is written, and ppi/request stays 0.
DESC="TPM 1.2 deactivated under SeaBIOS: PPI implements nothing; fix ppi-enable-activate refused"
TPM=1.2 IFACE=tis BOOTS=7

guest_phase1() {
	diagnose before
	run fix tpmdiag fix ppi-enable-activate --yes
	run req cat /sys/class/tpm/tpm0/ppi/request
}

# deactivate the TPM 1.2 with physical presence by command, through a swtpm
# of its own on a unix socket (tpmdiag send, as fixtures/ppi-no-operations)
host_prepare() {
	hd=$(mktemp -d "${TMPDIR:-/tmp}/e2e-prep.XXXXXX")
	swtpm socket --tpmstate dir="$RUN/state" --server type=unixio,path="$hd/tpm" \
		--ctrl type=unixio,path="$hd/tpm.ctrl" >>"$RUN/host.log" 2>&1 &
	hsw=$!
	i=0
	until [ -S "$hd/tpm" ] && [ -S "$hd/tpm.ctrl" ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i + 1)); done
	d=swtpm:unix:$hd/tpm r=0
	"$TPMDIAG" -d "$d" --yes ctrl init >>"$RUN/host.log" 2>&1 || r=1
	for c in 'startup clear' 'physicalpresence cmd_enable' 'physicalpresence present' \
		'physicalsetdeactivated true'; do
		note "host: tpmdiag send $c"
		# shellcheck disable=SC2086 # the command's words
		"$TPMDIAG" -d "$d" --yes send $c >>"$RUN/host.log" 2>&1 || r=1
	done
	"$TPMDIAG" -d "$d" --yes ctrl shutdown >>"$RUN/host.log" 2>&1 || kill "$hsw" 2>/dev/null
	wait "$hsw" 2>/dev/null
	rm -rf "$hd"
	return $r
}

host_check() {
	expect_rc before 26 # 16 error, 8 warning, 2 unreadable facts (a deactivated TPM refuses the reads)
	expect_findings before <<-END
		tpm12-deactivated        error
		tpm12-disabled-logged    error
		ima-tpm-read-error       warning
		tpm-devnode-root-only    info
		ppi-implements-nothing   info
	END
	expect_fact before tpm0.active false
	expect_fact before tpm0.ppi true
	expect_fact before tpm0.ppi.version 1.3
	expect_fact before tpm0.ppi.request 0
	expect_fact before tpm0.ppi.response none
	expect_fact before tpm0.ppi.tcg_operations '(none)'
	expect_fact before tpm0.ppi.vs_operations '(none)'
	expect_fact before tpm0.ppi.implements_none true
	expect_finding_text before ppi-implements-nothing \
		"Use the firmware's setup menu for enable, activate and clear: on PCs its Security / TPM page; SeaBIOS under qemu: press ESC at boot, then t for the TPM menu."
	expect_grep before.text.out "^Verdict: 2 errors, 1 warning, and notes; first: TPM 1.2 tpm0 is deactivated"
	expect_sysfs_agrees before
	expect_analyze_same before
	# refused before anything is written: 4 (the action did not complete) on top of the
	# diagnosis's 26
	expect_rc fix 30
	expect_grep fix.out '^    refused     the firmware of tpm0 implements none of 6 \(Enable \+ Activate\), 10 \(Enable \+ Activate \+ SetOwnerInstall TRUE\) through PPI \(it offers the OS no operation at all\): use its setup menu; nothing would be written$'
	expect_grep fix.err '^tpmdiag fix: ppi-enable-activate is refused on this machine \(see the plan\); nothing was written$'
	expect_no_grep fix.out '^  write '
	expect_no_grep fix.out '^Carrying out'
	expect_no_grep fix.out '^    result '
	expect_grep req.out '^0$'
}
