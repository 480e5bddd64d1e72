#!/bin/sh
# make run: tpmdiag's main job on this machine — the diagnosis of its TPM.
# Where the machine has no TPM device, a healthy diagnosis follows, labelled
# as such: a private software TPM (swtpm, started and removed by tpmdiag)
# answering as the chip of a saved Debian 12 guest (fixtures/qemu-swtpm20-tis),
# then one line on how to point tpmdiag at a real device.
# Findings set bits of tpmdiag's exit status (8 warning, 16 error); that is
# the answer, not a failure of `make run`, so it is printed, not returned.
# `make run` fails (status 1) only when tpmdiag itself could not do its job:
# a usage error (bit 1) or, for the software TPM, any bit at all.
bin=${1:-./tpmdiag}
fx=fixtures/qemu-swtpm20-tis
"$bin" check
status=$?
echo
echo "(tpmdiag check exited with status $status; tpmdiag(1) EXIT STATUS explains the bits)"
[ $((status & 1)) -eq 0 ] || exit 1
if [ -e /dev/tpmrm0 ] || [ -e /dev/tpm0 ]; then
	exit 0
fi
echo
echo "This machine has no TPM device (no /dev/tpm0, no /dev/tpmrm0); the diagnosis above is its answer."
echo
echo "================ NOT THIS MACHINE: a demonstration with a software TPM ================"
echo "A healthy diagnosis looks like this: a private swtpm, started by tpmdiag for this run"
echo "and removed after, answering as the TPM of a saved Debian 12 guest ($fx):"
echo "\$ $bin --device spawn:2.0 --startup check --root $fx/root --kmsg $fx/kmsg.log"
echo
"$bin" --device spawn:2.0 --startup check --root "$fx/root" --kmsg "$fx/kmsg.log"
demo=$?
echo "================ end of the demonstration (tpmdiag exited with status $demo) =========="
echo
echo "On a machine with a TPM, run '$bin' as root (it finds /dev/tpmrm0 or /dev/tpm0), or name one: '$bin --device dev:/dev/tpm0'."
[ "$demo" -eq 0 ] || exit 1
