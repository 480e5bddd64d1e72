#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the event-log capture initramfs (tests/e2e/capture/eventlog.sh
# builds it). Sends the firmware's event log, the PCR values the kernel reads
# from the TPM, the Secure Boot state and the kernel log to the host over the
# second serial port (/dev/ttyS1), then powers off. Each item:
#   @@FILE NAME SHA256 SIZE      then the file in base64, 76 columns
#   @@END NAME
# and at the end @@DONE. SHA256 and SIZE are the guest's (sha256sum, wc -c),
# so the host checks the copy is byte-exact.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t securityfs none /sys/kernel/security 2>/dev/null
[ -d /sys/firmware/efi/efivars ] && insmod /lib/modules/$(uname -r)/efivarfs.ko 2>/dev/null
[ -d /sys/firmware/efi/efivars ] && mount -t efivarfs none /sys/firmware/efi/efivars 2>/dev/null
dmesg -n 1
mkdir -p /tmp /o

i=0
while [ ! -e /sys/class/tpm/tpm0 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
# the kernel reads the log at tpm_chip_register; wait for securityfs too
i=0
while [ ! -e /sys/kernel/security/tpm0/binary_bios_measurements ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done

stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 7>/dev/ttyS1
# a new line first: the firmware (OVMF) may have left text on this port
echo >&7

send() { # NAME FILE
	[ -r "$2" ] || return 0
	cat "$2" >/tmp/send.bin 2>/tmp/send.err || { echo "$1: $(cat /tmp/send.err)" >>/o/errors; return 0; }
	echo "@@FILE $1 $(sha256sum </tmp/send.bin | cut -d' ' -f1) $(wc -c </tmp/send.bin)" >&7
	base64 /tmp/send.bin >&7
	echo "@@END $1" >&7
}

send binary_bios_measurements /sys/kernel/security/tpm0/binary_bios_measurements
send ascii_bios_measurements /sys/kernel/security/tpm0/ascii_bios_measurements

# PCRs: "BANK INDEX HEX" lines, lower-case hex
T=/sys/class/tpm/tpm0
: >/o/pcrs.txt
for b in sha1 sha256 sha384 sha512; do
	[ -d $T/pcr-$b ] || continue
	n=0
	while [ $n -le 23 ]; do
		v=$(cat $T/pcr-$b/$n 2>/dev/null) && echo "$b $n $v" | tr 'A-F' 'a-f' >>/o/pcrs.txt
		n=$((n + 1))
	done
done
# TPM 1.2: the pcrs file, "PCR-00: 3A 3F ..." (sha1 bank)
for f in $T/pcrs $T/device/pcrs; do
	[ -r "$f" ] || continue
	cp "$f" /o/pcrs-1.2.raw
	sed -n 's/^PCR-\([0-9]*\): *\(.*\)$/\1 \2/p' "$f" | while read -r n h; do
		echo "sha1 $((1$n - 100)) $(echo "$h" | tr -d ' ' | tr 'A-F' 'a-f')"
	done >/o/pcrs-file.txt
	# kernel 6.1 has pcr-sha1/ for a TPM 1.2 too: then the two must agree
	if [ -s /o/pcrs.txt ]; then
		if cmp -s /o/pcrs.txt /o/pcrs-file.txt; then
			echo "TPM 1.2 pcrs file: the same values as pcr-sha1/0..23" >/o/pcrs-note
		else
			echo "TPM 1.2 pcrs file: DIFFERS from pcr-sha1/0..23" >/o/pcrs-note
		fi
	else
		cp /o/pcrs-file.txt /o/pcrs.txt
		echo "TPM 1.2 pcrs file: the only PCR source (no pcr-sha1/)" >/o/pcrs-note
	fi
	break
done
send pcrs.txt /o/pcrs.txt
send pcrs-1.2.raw /o/pcrs-1.2.raw
send tpm_version_major $T/tpm_version_major

# Secure Boot: the efivar (4 attribute bytes, then 1 = on) and the kernel's word
SB=/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
{
	if [ -d /sys/firmware/efi ]; then
		echo "efi: yes"
		if [ -r $SB ]; then
			echo "SecureBoot efivar: $(od -An -tx1 $SB | tr -s ' ' | sed 's/^ //')"
		else
			echo "SecureBoot efivar: absent"
		fi
	else
		echo "efi: no (BIOS boot)"
	fi
	dmesg | grep -iE 'secure ?boot' || echo "kernel: no Secure Boot line"
	[ -r /sys/kernel/security/lockdown ] && echo "lockdown: $(cat /sys/kernel/security/lockdown)"
	[ -s /o/pcrs-note ] && cat /o/pcrs-note
	echo "cmdline: $(cat /proc/cmdline)"
	echo "securityfs: $(ls /sys/kernel/security/ /sys/kernel/security/tpm0 2>&1 | tr '\n' ' ')"
	[ -s /o/errors ] && sed 's/^/unreadable: /' /o/errors
	echo "kernel: $(cat /proc/version)"
} >/o/secureboot.txt
send guest.txt /o/secureboot.txt

dmesg >/o/dmesg.txt
send dmesg.txt /o/dmesg.txt
echo "@@DONE" >&7
sync
poweroff -f
