#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the capture initramfs (tests/e2e/capture/capture.sh builds it).
# Prints the TPM-related parts of the guest's /sys, /proc and /dev on the
# console, one item a line, for the host to rebuild as a fixture root:
#   @@D PATH                         a directory
#   @@F PATH BASE64                  a regular file and its content
#   @@E PATH TEXT                    a file that exists but could not be read
#   @@L PATH TARGET                  a symbolic link and its text
#   @@N PATH c MAJOR MINOR MODE UID GID   a device node (MODE in octal)
#   @@K BASE64                       the kernel log as `dmesg` prints it
#   @@END                            the end of the dump
# Kernel command line: capture=info|kill|stopcont|hung (see capture.sh).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t securityfs none /sys/kernel/security 2>/dev/null
dmesg -n 1 # keep kernel messages off the console from here on
MODE=$(sed -n 's/.*capture=\([a-z]*\).*/\1/p' /proc/cmdline)
SEEN=/tmp/seen
QUEUE=/tmp/queue
mkdir -p /tmp
: >$SEEN
: >$QUEUE

file() { # PATH
	if b=$(base64 -w 0 "$1" 2>/tmp/err); then
		echo "@@F $1 $b"
	else
		echo "@@E $1 $(tr '\n' ' ' </tmp/err)"
	fi
}

# walk DIR DEPTH: DIR and what is in it; links are recorded, not followed,
# except that driver/firmware_node/physical_node targets are queued.
walk() {
	grep -qxF "$1" $SEEN && return
	echo "$1" >>$SEEN
	echo "@@D $1"
	for e in "$1"/*; do
		[ -e "$e" ] || [ -L "$e" ] || continue
		n=${e##*/}
		if [ -L "$e" ]; then
			echo "@@L $e $(readlink "$e")"
			case $n in
			driver) echo "0 $(readlink -f "$e")" >>$QUEUE ;;
			firmware_node | physical_node) echo "2 $(readlink -f "$e")" >>$QUEUE ;;
			subsystem) echo "D $(readlink -f "$e")" >>$QUEUE ;;
			esac
		elif [ -d "$e" ]; then
			if [ "$n" = power ] || [ "$n" = wakeup ] || [ "$2" -le 0 ]; then
				echo "@@D $e"
			else
				walk "$e" $(($2 - 1))
			fi
		elif [ -f "$e" ]; then
			# write-only attributes (cancel, bind, ...) are recorded empty
			case $(stat -c %a "$e") in
			[0-3]??) echo "@@F $e " ;;
			*) file "$e" ;;
			esac
		fi
	done
}

drain() {
	while [ -s $QUEUE ]; do
		mv $QUEUE /tmp/q.now
		: >$QUEUE
		while read -r d p; do
			[ -e "$p" ] || continue
			case $d in
			D) echo "@@D $p" ;;
			*) walk "$p" "$d" ;;
			esac
		done </tmp/q.now
	done
}

i=0
while [ ! -e /sys/class/tpm/tpm0 ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done

if [ "$MODE" = hung ]; then
	# the kernel's hung-task detector: 5 s instead of 120 (Debian's default)
	echo 5 >/proc/sys/kernel/hung_task_timeout_secs
	# whose random-number source the kernel's hwrng thread reads
	echo "@@NOTE hwrng: rng_current=$(cat /sys/class/misc/hw_random/rng_current 2>&1)" \
		"rng_available=$(cat /sys/class/misc/hw_random/rng_available 2>&1)"
fi
if [ "$MODE" = kill ] || [ "$MODE" = stopcont ] || [ "$MODE" = hung ]; then
	echo "@@FAULT $MODE"
	sleep 2
	if [ "$MODE" = hung ] && [ -e /dev/tpm0 ]; then
		# the same write in the background; then a reader of sysfs, which
		# waits for the chip's mutex (uninterruptibly) while the write holds it
		V=$(cat /sys/class/tpm/tpm0/tpm_version_major)
		if [ "$V" = 2 ]; then
			C='\200\001\000\000\000\014\000\000\001\173\000\010'
			R=/sys/class/tpm/tpm0/pcr-sha256/0
		else
			C='\000\301\000\000\000\016\000\000\000\106\000\000\000\010'
			R=/sys/class/tpm/tpm0/pcrs
		fi
		printf "$C" 2>/tmp/werr >/dev/tpm0 &
		W=$!
		sleep 1
		cat "$R" >/dev/null 2>/tmp/rerr &
		P=$!
		wait $W
		echo "@@NOTE write to /dev/tpm0: rc=$? $(cat /tmp/werr)"
		wait $P
		echo "@@NOTE read of $R: rc=$? $(cat /tmp/rerr)"
	fi
	if [ "$MODE" = stopcont ] && [ -e /dev/tpm0 ]; then
		# TPM2_GetRandom(8) while swtpm is stopped: the write blocks, then fails
		V=$(cat /sys/class/tpm/tpm0/tpm_version_major)
		if [ "$V" = 2 ]; then
			C='\200\001\000\000\000\014\000\000\001\173\000\010'
		else
			C='\000\301\000\000\000\016\000\000\000\106\000\000\000\010'
		fi
		printf "$C" 2>/tmp/werr >/dev/tpm0
		echo "@@NOTE write to /dev/tpm0: rc=$? $(cat /tmp/werr)"
	fi
fi

for c in tpm tpmrm; do
	[ -d /sys/class/$c ] || continue
	echo "@@D /sys/class/$c"
	for l in /sys/class/$c/*; do
		[ -L "$l" ] || continue
		echo "@@L $l $(readlink "$l")"
		echo "1 $(readlink -f "$l/device")" >>$QUEUE
		echo "4 $(readlink -f "$l")" >>$QUEUE
		d=$(cat "$l/dev" 2>/dev/null)
		[ -n "$d" ] && [ -L /sys/dev/char/$d ] && echo "@@L /sys/dev/char/$d $(readlink /sys/dev/char/$d)"
	done
done
# the device dir: walk it a level deeper than the class dir reached it
drain

# ACPI nodes with a TPM id, bound or not
for a in /sys/bus/acpi/devices/*; do
	case $(cat "$a/hid" 2>/dev/null) in
	MSFT0101 | PNP0C31 | IFX* | BCM0101 | NSC1200 | ATM1200 | SMO1200 | ICO0102 | SMO0268 | SNO3504 | STM* | ATML*)
		echo "@@L $a $(readlink "$a")"
		echo "2 $(readlink -f "$a")" >>$QUEUE
		;;
	esac
done
drain

[ -d /sys/firmware/acpi/tables ] && echo "@@D /sys/firmware/acpi/tables"
[ -d /sys/firmware/efi ] && echo "@@D /sys/firmware/efi"
for t in TPM2 TCPA; do
	[ -e /sys/firmware/acpi/tables/$t ] && file /sys/firmware/acpi/tables/$t
done
# securityfs: its top-level directories (ima, integrity, ...) by name only
if [ -d /sys/kernel/security ]; then
	echo "@@D /sys/kernel/security"
	for s in /sys/kernel/security/* /sys/kernel/security/integrity/*; do
		if [ -L "$s" ]; then
			echo "@@L $s $(readlink "$s")"
		elif [ -d "$s" ]; then
			echo "@@D $s"
		fi
	done
fi
for s in /sys/kernel/security/tpm*; do
	[ -d "$s" ] || continue
	echo "@@D $s"
	for f in "$s"/*; do file "$f"; done
done
for m in /sys/module/tpm*; do
	[ -d "$m" ] || continue
	walk "$m" 1
done
for p in /proc/cmdline /proc/sys/kernel/osrelease /proc/modules /proc/version; do file $p; done
for n in /dev/tpm*; do
	[ -c "$n" ] || continue
	echo "@@N $n c $(stat -c '%t %T %a %u %g' "$n")"
done
echo "@@K $(dmesg | base64 -w 0)"
echo "@@END"
poweroff -f
