#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# eventlog.sh: boot Debian's kernel under qemu with a swtpm TPM and keep what
# the firmware measured: the guest's binary_bios_measurements (byte-exact),
# the PCR values the guest's kernel reads from the TPM, its kernel log, and
# how the boot was made. One directory per capture under OUTDIR (see
# fixtures/eventlog/README.md for what each holds).
#
#   tests/e2e/capture/eventlog.sh [--repeat] OUTDIR [NAME...]   (none: all)
#   tests/e2e/capture/eventlog.sh --list
#
#   --repeat  boot each capture a second time in the same configuration
#             (fresh TPM state, fresh OVMF variables) and record in its
#             repeat.txt whether the event log and the PCRs came out the same
#
# Environment: EVLOG_K1, EVLOG_K2 (kernel packages, default
# linux-image-6.1.0-56-amd64 and -57-amd64), EVLOG_LIMIT (seconds per boot,
# default 400), EVLOG_DIR (downloads and work, default build/e2e/eventlog).
# Needs: qemu-system-x86, swtpm, swtpm-tools, ovmf, busybox-static, cpio,
# tpm2-tools, fdisk (sfdisk), dosfstools, mtools, python3, apt-get.
# Nothing is installed: the kernels, shim and grub are fetched with
# apt-get download and unpacked with dpkg-deb -x. Every process started
# here is stopped by PID; the swtpm state lives in a temporary directory.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
EV=${EVLOG_DIR:-$TOP/build/e2e/eventlog}
K1PKG=${EVLOG_K1:-linux-image-6.1.0-56-amd64}
K2PKG=${EVLOG_K2:-linux-image-6.1.0-57-amd64}
LIMIT=${EVLOG_LIMIT:-400}
APPEND="console=ttyS0 panic=-1 quiet"
OVMF=/usr/share/OVMF
. "$HERE/../lib/kernel.sh"

ALL="ovmf-tpm20-sb-off-k1 ovmf-tpm20-sb-off-k2 ovmf-tpm20-sb-on-k1 ovmf-tpm20-sb-off-k1-esp ovmf-tpm20-sb-on-k1-direct seabios-tpm20 seabios-tpm12"

# config NAME: what each capture is (FW BOOT SB TPM IFACE KERN) and one line
config() {
	case $1 in
	ovmf-tpm20-sb-off-k1) FW=ovmf BOOT=direct SB=off TPM=2.0 IFACE=crb KERN=k1
		DESC="OVMF (secboot build, empty variable store: Secure Boot off), TPM 2.0 on tpm-crb, qemu -kernel (OVMF's QEMU kernel loader) of K1 with a busybox initramfs" ;;
	ovmf-tpm20-sb-off-k2) FW=ovmf BOOT=direct SB=off TPM=2.0 IFACE=crb KERN=k2
		DESC="as ovmf-tpm20-sb-off-k1, with kernel K2" ;;
	ovmf-tpm20-sb-on-k1) FW=ovmf BOOT=esp SB=on TPM=2.0 IFACE=crb KERN=k1
		DESC="OVMF with Secure Boot on (OVMF_VARS_4M.ms.fd), TPM 2.0 on tpm-crb, booting shim (Microsoft-signed) -> grub (Debian-signed) -> K1 from a GPT disk's ESP" ;;
	ovmf-tpm20-sb-on-k1-direct) FW=ovmf BOOT=direct SB=on TPM=2.0 IFACE=crb KERN=k1
		DESC="as ovmf-tpm20-sb-off-k1 (qemu -kernel of K1) with Secure Boot on (OVMF_VARS_4M.ms.fd): what OVMF's QEMU kernel loader does with a kernel the db does not accept" ;;
	ovmf-tpm20-sb-off-k1-esp) FW=ovmf BOOT=esp SB=off TPM=2.0 IFACE=crb KERN=k1
		DESC="as ovmf-tpm20-sb-on-k1 (same ESP, shim, grub, K1) with Secure Boot off (OVMF_VARS_4M.fd): the pair that differs in the Secure Boot state alone" ;;
	seabios-tpm20) FW=seabios BOOT=direct SB=none TPM=2.0 IFACE=tis KERN=k1
		DESC="SeaBIOS (qemu's default), TPM 2.0 on tpm-tis, qemu -kernel of K1 with a busybox initramfs" ;;
	seabios-tpm12) FW=seabios BOOT=direct SB=none TPM=1.2 IFACE=tis KERN=k1
		DESC="SeaBIOS, TPM 1.2 on tpm-tis, qemu -kernel of K1 with a busybox initramfs" ;;
	*) return 1 ;;
	esac
}

log() { echo "eventlog: $*" >&2; }
usage() { sed -n '3,24p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

REPEAT=0
while [ $# -gt 0 ]; do
	case $1 in
	--repeat) REPEAT=1 ;;
	--list) for n in $ALL; do config "$n"; printf '%-26s %s\n' "$n" "$DESC"; done; exit 0 ;;
	-h | --help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || usage
OUT=$1
shift
SEL=${*:-$ALL}
for n in $SEL; do config "$n" || { log "no capture named $n (--list)"; exit 2; }; done
missing=
for c in qemu-system-x86_64 swtpm swtpm_setup busybox cpio tpm2_eventlog sfdisk mkfs.vfat mcopy python3 apt-get dpkg-deb; do
	command -v $c >/dev/null 2>&1 || missing="$missing $c"
done
[ -z "$missing" ] || { log "missing:$missing"; exit 1; }
mkdir -p "$OUT" "$EV" || exit 1
OUT=$(cd "$OUT" && pwd)

W='' SWPID='' QPID=''
cleanup() {
	for p in $QPID $SWPID; do kill -KILL "$p" 2>/dev/null; done
	[ -n "$W" ] && rm -rf "$W"
	return 0
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- what the boots need, fetched once into $EV ---------------------------------

# kernel k1|k2 PKG: $EV/k1/kernel/boot/vmlinuz-*, through lib/kernel.sh
kernel() {
	kd=$EV/$1
	[ "$(cat "$kd/pkg" 2>/dev/null)" = "$2" ] || rm -rf "$kd"
	mkdir -p "$kd"
	KPKG=$2
	e2e_kernel "$kd" || return 1
	echo "$2" >"$kd/pkg"
	if [ ! -s "$kd/version" ]; then
		# the version of the package unpacked, from its own changelog
		v=$(zcat "$kd"/kernel/usr/share/doc/"$2"/changelog.Debian.gz 2>/dev/null | sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p')
		[ -n "$v" ] || v=$(apt-cache show --no-all-versions "$2" 2>/dev/null | sed -n 's/^Version: //p')
		echo "$v" >"$kd/version"
	fi
}

# debpkg PKG: unpacked into $EV/deb/PKG (apt-get download + dpkg-deb -x)
debpkg() {
	dd=$EV/deb/$1
	[ -s "$dd.version" ] && return 0
	rm -rf "$dd" && mkdir -p "$dd" || return 1
	(cd "$EV/deb" && rm -f "$1"_*.deb && apt-get download "$1" >/dev/null 2>&1) ||
		{ log "apt-get download $1 failed"; return 1; }
	dpkg-deb -x "$EV"/deb/"$1"_*.deb "$dd" || return 1
	dpkg-deb -f "$EV"/deb/"$1"_*.deb Version >"$dd.version"
	rm -f "$EV"/deb/"$1"_*.deb
}

# The initramfs: busybox and eventlog-init.sh, made reproducibly (fixed
# times, no inode numbers, no gzip stamp), so every capture loads the same
# bytes and a measurement of it (grub, PCR 9) does not differ between boots.
initrd() {
	st=$W/ir
	rm -rf "$st"
	mkdir -p "$st/bin" "$st/dev" "$st/proc" "$st/sys" "$st/tmp" || return 1
	cp "$(command -v busybox)" "$st/bin/busybox"
	file -L "$st/bin/busybox" 2>/dev/null | grep -q 'statically linked' ||
		{ log "busybox must be static (busybox-static)"; return 1; }
	# efivarfs is a module in Debian's kernel: both kernels' copies, so that
	# K1 and K2 boot the same initramfs
	for kk in k1 k2; do
		for ko in "$EV"/$kk/kernel/lib/modules/*/kernel/fs/efivarfs/efivarfs.ko; do
			[ -f "$ko" ] || continue
			mr=${ko#"$EV"/$kk/kernel/lib/modules/}
			mkdir -p "$st/lib/modules/${mr%%/*}"
			cp "$ko" "$st/lib/modules/${mr%%/*}/efivarfs.ko"
		done
	done
	cp "$HERE/eventlog-init.sh" "$st/init"
	chmod 0755 "$st/init" "$st/bin/busybox"
	find "$st" -exec touch -h -d @0 {} +
	(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --owner=0:0 --quiet | gzip -n -9) >"$1"
}

# esp IMG VMLINUZ INITRD: a GPT disk (fixed GUIDs) with one EFI system
# partition: \EFI\BOOT\BOOTX64.EFI = shim, grubx64.efi and mmx64.efi beside
# it, grub.cfg (in \EFI\BOOT, grub's $cmdpath, and \EFI\debian, its prefix),
# \vmlinuz and \initrd.gz
esp() {
	debpkg shim-signed && debpkg shim-helpers-amd64-signed && debpkg grub-efi-amd64-signed || return 1
	rm -f "$1"
	truncate -s 64M "$1" || return 1
	printf '%s\n' 'label: gpt' 'label-id: 6A1F5B2E-0C1D-4E8A-9B3C-5D7E8F901234' \
		'first-lba: 2048' \
		'start=2048, size=126976, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=0E5A3C1D-7B2F-4E61-8A9D-1C2B3A4D5E6F, name="ESP"' |
		sfdisk -q "$1" >/dev/null 2>&1 || { log "sfdisk failed"; return 1; }
	mkfs.vfat -F 32 -i 4556434b -n EVCAP --offset 2048 -h 2048 "$1" $((126976 / 2)) >/dev/null 2>&1 ||
		{ log "mkfs.vfat failed"; return 1; }
	m="-i $1@@1M"
	# linuxefi, not linux: Debian's grub boots with linux through the EFI
	# stub only when Secure Boot is on ("Secure Boot enabled: trying
	# linuxefi"); with it off, linux exits boot services itself, the
	# kernel's stub never runs and the kernel gets no event log at all
	cat >"$W/grub.cfg" <<-EOF
		set timeout=0
		set default=0
		menuentry "eventlog capture" {
			linuxefi /vmlinuz $APPEND
			initrdefi /initrd.gz
		}
	EOF
	# shellcheck disable=SC2086
	mmd $m ::/EFI ::/EFI/BOOT ::/EFI/debian &&
		mcopy $m "$EV/deb/shim-signed/usr/lib/shim/shimx64.efi.signed" ::/EFI/BOOT/BOOTX64.EFI &&
		mcopy $m "$EV/deb/shim-helpers-amd64-signed/usr/lib/shim/mmx64.efi.signed" ::/EFI/BOOT/mmx64.efi &&
		mcopy $m "$EV/deb/grub-efi-amd64-signed/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" ::/EFI/BOOT/grubx64.efi &&
		mcopy $m "$W/grub.cfg" ::/EFI/BOOT/grub.cfg &&
		mcopy $m "$W/grub.cfg" ::/EFI/debian/grub.cfg &&
		mcopy $m "$2" ::/vmlinuz &&
		mcopy $m "$3" ::/initrd.gz || { log "mtools failed"; return 1; }
}

# --- one boot ---------------------------------------------------------------------

# boot NAME DIR: one boot of capture NAME; the guest's files go to DIR
boot() {
	bn=$1
	config "$bn"
	dir=$2
	mkdir -p "$dir"
	W=$(mktemp -d "${TMPDIR:-/tmp}/evcap.XXXXXX") || return 1
	eval "K=\$K_$KERN"
	initrd "$W/initrd.gz" || return 1
	# the TPM: a state of its own, made here (never /var/lib/tpm)
	mkdir "$W/st"
	if [ "$TPM" = 2.0 ]; then
		SWFLAG=--tpm2
		SETUP="swtpm_setup --tpm2 --tpmstate <tmp>/st --createek --pcr-banks sha1,sha256"
		swtpm_setup --tpm2 --tpmstate "$W/st" --createek --pcr-banks sha1,sha256 >"$W/setup.log" 2>&1
	else
		SWFLAG=
		SETUP="swtpm_setup --tpmstate <tmp>/st --createek"
		swtpm_setup --tpmstate "$W/st" --createek >"$W/setup.log" 2>&1
	fi || { log "$bn: swtpm_setup failed: $(cat "$W/setup.log")"; return 1; }
	# shellcheck disable=SC2086
	swtpm socket $SWFLAG --tpmstate dir="$W/st" --ctrl type=unixio,path="$W/swtpm.sock" \
		--log file="$W/swtpm.log",level=1 &
	SWPID=$!
	SWCMD="swtpm socket $SWFLAG --tpmstate dir=<tmp>/st --ctrl type=unixio,path=<tmp>/swtpm.sock --log file=<tmp>/swtpm.log,level=1"
	i=0
	until [ -S "$W/swtpm.sock" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && { log "$bn: swtpm did not start"; return 1; }
		sleep 0.05
	done
	if [ "$FW" = ovmf ]; then
		# the secboot build needs SMM, and SMM needs q35; the variable store
		# decides whether Secure Boot is on
		vars=OVMF_VARS_4M.fd
		[ "$SB" = on ] && vars=OVMF_VARS_4M.ms.fd
		cp "$OVMF/$vars" "$W/vars.fd"
		MACH="-machine q35,smm=on,accel=tcg -global driver=cfi.pflash01,property=secure,value=on"
		MACH="$MACH -drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF/OVMF_CODE_4M.secboot.fd"
		MACH="$MACH -drive if=pflash,format=raw,unit=1,file=<tmp>/vars.fd"
		VARS="<tmp>/vars.fd is a copy of $OVMF/$vars"
	else
		MACH="-machine pc,accel=tcg"
		VARS=
	fi
	if [ "$BOOT" = esp ]; then
		esp "$W/esp.img" "$K" "$W/initrd.gz" || return 1
		BOOTARGS="-drive if=none,id=esp,format=raw,readonly=on,file=<tmp>/esp.img -device virtio-blk-pci,drive=esp,bootindex=1"
	else
		BOOTARGS="-kernel $K -initrd <tmp>/initrd.gz -append '$APPEND'"
	fi
	QCMD="qemu-system-x86_64 $MACH -cpu qemu64 -m 512 -nodefaults -no-user-config -display none -no-reboot"
	QCMD="$QCMD -serial file:<tmp>/console -serial file:<tmp>/data $BOOTARGS"
	QCMD="$QCMD -chardev socket,id=chrtpm,path=<tmp>/swtpm.sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-$IFACE,tpmdev=tpm0"
	: >"$W/console"
	: >"$W/data"
	t0=$(date +%s)
	# the command line as recorded, with the temporary directory put in
	eval "set -- $(echo "$QCMD" | sed "s#<tmp>#$W#g")"
	timeout -s KILL "$LIMIT" nice "$@" </dev/null >"$W/qemu.log" 2>&1 &
	QPID=$!
	wait "$QPID"
	qrc=$?
	QPID=
	secs=$(($(date +%s) - t0))
	kill "$SWPID" 2>/dev/null
	wait "$SWPID" 2>/dev/null
	SWPID=
	tr -d '\r' <"$W/console" >"$dir/console.txt"
	{
		echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "boot wall time: $secs s (qemu exit status $qrc; TCG, no KVM)"
		echo "$SETUP"
		echo "$SWCMD"
		echo "$QCMD"
		[ -n "$VARS" ] && echo "$VARS"
		[ "$BOOT" = esp ] && {
			echo "<tmp>/esp.img: GPT (disk GUID 6A1F5B2E-0C1D-4E8A-9B3C-5D7E8F901234), one ESP (FAT32, sectors 2048-129023):"
			echo "  /EFI/BOOT/BOOTX64.EFI = shimx64.efi.signed, /EFI/BOOT/mmx64.efi, /EFI/BOOT/grubx64.efi = grubx64.efi.signed,"
			echo "  /EFI/BOOT/grub.cfg = /EFI/debian/grub.cfg, /vmlinuz, /initrd.gz; grub.cfg:"
			sed 's/^/    /' "$W/grub.cfg"
		}
	} >"$dir/commands.txt"
	[ -s "$W/qemu.log" ] && sed 's/^/qemu: /' "$W/qemu.log" >>"$dir/commands.txt"
	# the guest's files: @@FILE NAME SHA256 SIZE, base64, @@END NAME
	tr -d '\r' <"$W/data" | awk -v d="$W/got" '
		BEGIN { system("mkdir -p " d) }
		/@@FILE / { sub(/^.*@@FILE /, "@@FILE "); n = $2; print $2, $3, $4 > (d "/index"); f = d "/" n ".b64"; printf "" > f; next }
		/^@@END / { close(f); n = ""; next }
		/^@@DONE/ { print "done" > (d "/done"); next }
		n != "" { print >> f }
	'
	[ -s "$W/got/done" ] || { log "$bn: the guest did not finish (console: $dir/console.txt)"; return 1; }
	while read -r f sum size; do
		base64 -d "$W/got/$f.b64" >"$dir/$f" || { log "$bn: $f: bad base64"; return 1; }
		s=$(sha256sum <"$dir/$f" | cut -d' ' -f1)
		z=$(wc -c <"$dir/$f")
		if [ "$s" != "$sum" ] || [ "$z" != "$size" ]; then
			log "$bn: $f: the host's copy differs from the guest's ($s $z, guest $sum $size)"
			return 1
		fi
		echo "$f $size $sum" >>"$dir/transfer.txt"
	done <"$W/got/index"
	rm -rf "$W"
	W=
	[ -s "$dir/binary_bios_measurements" ] || { log "$bn: the guest had no binary_bios_measurements"; return 1; }
	log "$bn: boot done in $secs s"
}

# --- what a capture says ------------------------------------------------------------

# replay DIR: tpm2_eventlog's output and its replayed PCRs against pcrs.txt
replay() {
	tpm2_eventlog "$1/binary_bios_measurements" >"$1/tpm2_eventlog.txt" 2>"$1/tpm2_eventlog.err"
	echo $? >"$1/tpm2_eventlog.rc"
	[ -s "$1/tpm2_eventlog.err" ] || rm -f "$1/tpm2_eventlog.err"
	# "pcrs:" / "  sha256:" / "    7  : 0x..." -> "sha256 7 hex"
	awk '/^pcrs:/ { p = 1; next } p && /^  [a-z0-9]+:/ { b = $1; sub(":", "", b); next }
		p && /^    [0-9]+ *: *0x/ { v = $NF; sub("^0x", "", v); print b, $1, tolower(v) }' \
		"$1/tpm2_eventlog.txt" >"$1/replay.tmp"
	python3 "$HERE/eventlog-replay.py" "$1/binary_bios_measurements" >"$1/replay.txt" 2>&1
	echo $? >>"$1/replay.txt.rc"
}

# compare DIR: "BANK PCR: match|DIFFER (log X, TPM Y)" for PCRs 0-7 of each bank
compare() {
	for b in sha1 sha256; do
		i=0
		while [ $i -le 7 ]; do
			tpm=$(awk -v b=$b -v i=$i '$1 == b && $2 == i { print $3 }' "$1/pcrs.txt")
			ev=$(awk -v b=$b -v i=$i '$1 == b && $2 == i { print $3 }' "$1/replay.tmp")
			py=$(awk -v b=$b -v i=$i '$1 == b && $2 == i { print $3 }' "$1/replay.py.tmp" 2>/dev/null)
			if [ -n "$tpm" ]; then
				if [ "$tpm" = "$ev" ]; then r=match; else r="DIFFER (tpm2_eventlog ${ev:-none})"; fi
				if [ -n "$py" ]; then
					[ "$tpm" = "$py" ] && r="$r; own replay match" || r="$r; own replay DIFFER ($py)"
				fi
				echo "$b $i: $r"
			fi
			i=$((i + 1))
		done
	done
}

pkgver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo '?'; }

readme() { # NAME DIR
	config "$1"
	d=$2
	kp=$(cat "$EV/$KERN/pkg") kv=$(cat "$EV/$KERN/version")
	eval "K=\$K_$KERN"
	nev=$(grep -c '^ *PCRIndex:' "$d/tpm2_eventlog.txt")
	size=$(wc -c <"$d/binary_bios_measurements")
	case $SB in
	on | off) sbstate="expected $SB; the guest says: $(grep -E 'SecureBoot efivar|ecure ?boot' "$d/guest.txt" | tr '\n' ';' | sed 's/;$//; s/;/; /g')" ;;
	*) sbstate="none (BIOS boot, no UEFI)" ;;
	esac
	{
		echo "# $1"
		echo
		echo "$DESC."
		echo
		echo "Captured $(sed -n 's/^date: //p' "$d/commands.txt") by \`tests/e2e/capture/eventlog.sh\` (boot: $(sed -n 's/^boot wall time: //p' "$d/commands.txt"))."
		echo
		echo "| what | value |"
		echo "|---|---|"
		echo "| firmware | $(if [ "$FW" = ovmf ]; then echo "OVMF \`OVMF_CODE_4M.secboot.fd\` (ovmf $(pkgver ovmf)), variables from \`$([ "$SB" = on ] && echo OVMF_VARS_4M.ms.fd || echo OVMF_VARS_4M.fd)\`, q35 with SMM"; else echo "SeaBIOS $(pkgver seabios) (qemu's default \`bios-256k.bin\`), machine pc"; fi) |"
		echo "| qemu | qemu-system-x86 $(pkgver qemu-system-x86) (TCG) |"
		echo "| TPM | swtpm $(pkgver swtpm) / libtpms0 $(pkgver libtpms0), TPM $TPM on \`tpm-$IFACE\`$([ "$TPM" = 2.0 ] && echo ", PCR banks sha1 and sha256") |"
		echo "| kernel | \`$kp\` $kv, \`$(basename "$K")\` sha256 \`$(sha256sum <"$K" | cut -d' ' -f1)\` |"
		echo "| boot path | $(if [ "$BOOT" = esp ]; then echo "ESP on a virtio disk: shim-signed $(cat "$EV/deb/shim-signed.version"), grub-efi-amd64-signed $(cat "$EV/deb/grub-efi-amd64-signed.version"), then the kernel"; else echo "qemu \`-kernel\` / \`-initrd\` / \`-append\`"; fi) |"
		echo "| Secure Boot | $sbstate |"
		echo "| event log | $size bytes, sha256 \`$(sha256sum <"$d/binary_bios_measurements" | cut -d' ' -f1)\`; tpm2_eventlog (tpm2-tools $(pkgver tpm2-tools)) exit status $(cat "$d/tpm2_eventlog.rc"), $nev records (in a crypto-agile log the first is the Spec ID header, EventNum 0); \`replay.txt\`: $(sed -n "s/^events //p" "$d/replay.txt") |"
		echo
		echo "## Files"
		echo
		echo "- \`binary_bios_measurements\` — the guest's \`/sys/kernel/security/tpm0/binary_bios_measurements\`, byte-exact (base64 over the second serial port; sha256 and size checked in the guest and on the host: \`transfer.txt\`)."
		[ -f "$d/ascii_bios_measurements" ] && echo "- \`ascii_bios_measurements\` — the kernel's text form of the same log (TPM 1.2 only)."
		echo "- \`pcrs.txt\` — the PCRs the guest's kernel read from the TPM after boot, one \`BANK INDEX HEX\` line each (lower-case hex), e.g. \`sha256 7 <64 hex digits>\`$([ "$TPM" = 2.0 ] && echo ": \`/sys/class/tpm/tpm0/pcr-sha1/0..23\` and \`pcr-sha256/0..23\`" || echo ": the sha1 bank, from \`/sys/class/tpm/tpm0/pcrs\` (kept as the kernel prints it in \`sysfs-pcrs\`)")."
		echo "- \`kmsg.txt\` — the guest's kernel lines about the TPM, EFI and Secure Boot (\`dmesg.txt\` is the whole log)."
		echo "- \`guest.txt\` — what the guest said about EFI, the SecureBoot variable, lockdown, its command line and kernel."
		echo "- \`commands.txt\` — the swtpm_setup, swtpm and qemu command lines (\`<tmp>\` is the capture's temporary directory)."
		echo "- \`console.txt\` — the guest's serial console (firmware and kernel)."
		echo "- \`tpm2_eventlog.txt\` — \`tpm2_eventlog binary_bios_measurements\` as it printed it; \`replay.txt\` — the PCRs replayed by \`tests/e2e/capture/eventlog-replay.py\`, an independent reading."
		[ -f "$d/repeat.txt" ] && echo "- \`repeat.txt\` — a second boot in the same configuration compared with this one."
		echo
		echo "## Replay against the TPM (PCRs 0–7)"
		echo
		if [ "$(cat "$d/tpm2_eventlog.rc")" != 0 ]; then
			echo "tpm2_eventlog failed (exit status $(cat "$d/tpm2_eventlog.rc")): \`$(head -n 3 "$d/tpm2_eventlog.err" 2>/dev/null | tr '\n' ' ')\`"
			echo
		fi
		if grep -q DIFFER "$d/compare.txt"; then
			echo "Some differ:"
		else
			echo "Every PCR 0–7 that tpm2_eventlog replays from the log equals the guest's value$(grep -q 'own replay' "$d/compare.txt" && echo ", and so does the own replay"):"
		fi
		echo
		sed 's/^/    /' "$d/compare.txt"
		echo
		echo "PCRs above 7 that are not zero in \`pcrs.txt\` (set by later boot stages or by nothing at all: 16-23 are resettable and read as 0 or ff):"
		echo
		awk '$2 > 7 && $3 !~ /^0+$/ && $3 !~ /^f+$/ { print "    " $0 }' "$d/pcrs.txt"
		awk '$2 > 7 && $3 !~ /^0+$/ && $3 !~ /^f+$/ { n++ } END { if (!n) print "    (none)" }' "$d/pcrs.txt"
		echo
		echo "and how each compares with the replay of the log: \`replay.txt\`."
		if [ -f "$d/repeat.txt" ]; then
			echo
			echo "## A second boot"
			echo
			sed 's/^/    /' "$d/repeat.txt"
		fi
	} >"$d/README.md"
}

# --- the captures -----------------------------------------------------------------

kernel k1 "$K1PKG" && K_k1=$K || exit 1
kernel k2 "$K2PKG" && K_k2=$K || exit 1
[ "$(sha256sum <"$K_k1")" != "$(sha256sum <"$K_k2")" ] || { log "K1 and K2 are the same binary"; exit 1; }
failed=
for n in $SEL; do
	d=$OUT/$n
	rm -rf "$d"
	if ! boot "$n" "$d"; then
		failed="$failed $n"
		cleanup
		W=
		continue
	fi
	[ -f "$d/pcrs-1.2.raw" ] && mv "$d/pcrs-1.2.raw" "$d/sysfs-pcrs"
	grep -iE 'tpm|tcg|secure ?boot|lockdown|ima:|efi: ' "$d/dmesg.txt" >"$d/kmsg.txt"
	rm -f "$d/tpm_version_major"
	replay "$d"
	sed -n 's/^replay \([a-z0-9]*\) \([0-9]*\) \([0-9a-f]*\)$/\1 \2 \3/p' "$d/replay.txt" >"$d/replay.py.tmp"
	compare "$d" >"$d/compare.txt"
	if [ "$REPEAT" = 1 ]; then
		r=$(mktemp -d "${TMPDIR:-/tmp}/evcap-again.XXXXXX")
		if boot "$n" "$r"; then
			{
				if cmp -s "$d/binary_bios_measurements" "$r/binary_bios_measurements"; then
					echo "event log: byte for byte the same ($(sha256sum <"$r/binary_bios_measurements" | cut -d' ' -f1))"
				else
					echo "event log: DIFFERS ($(wc -c <"$r/binary_bios_measurements") bytes, sha256 $(sha256sum <"$r/binary_bios_measurements" | cut -d' ' -f1)); tpm2_eventlog's lines that differ:"
					tpm2_eventlog "$r/binary_bios_measurements" >"$r/ev.txt" 2>&1
					diff "$d/tpm2_eventlog.txt" "$r/ev.txt" | grep '^[<>]' | head -n 40
				fi
				if cmp -s "$d/pcrs.txt" "$r/pcrs.txt"; then
					echo "pcrs.txt: the same"
				else
					echo "pcrs.txt: DIFFERS:"
					diff "$d/pcrs.txt" "$r/pcrs.txt" | grep '^[<>]'
				fi
			} >"$d/repeat.txt"
		else
			echo "the second boot failed" >"$d/repeat.txt"
			cleanup
			W=
		fi
		rm -rf "$r"
	fi
	readme "$n" "$d"
	rm -f "$d/replay.tmp" "$d/replay.py.tmp" "$d/replay.txt.rc"
done
[ -z "$failed" ] || { log "failed:$failed"; exit 1; }
log "wrote $SEL into $OUT"
