#!/bin/sh
# make run: what the device layer sees of this machine's TPM; where the
# machine has none, of a private software TPM, and it says so first.
bin=${1:-./tpmdiag}
if [ -e /dev/tpmrm0 ] || [ -e /dev/tpm0 ]; then
	exec "$bin" info
fi
echo "This machine has no TPM device (/dev/tpm0 and /dev/tpmrm0 do not exist)."
echo "Showing a private software TPM instead: tpmdiag --device spawn:2.0 --startup info"
echo
exec "$bin" --device spawn:2.0 --startup info
