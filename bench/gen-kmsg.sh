#!/bin/sh
# gen-kmsg.sh LINES OUT: a realistic dmesg-format kernel log of LINES lines
# (many subsystems, a TPM line every 3000, one TPM stack trace in the middle),
# the same every time (fixed seed). Used by bench/kmsg.sh and bench/rules.sh.
set -eu
LINES=$1
log=$2
awk -v N="$LINES" 'BEGIN {
	srand(42)
	m[0] = "usb 1-1.%d: new high-speed USB device number %d using xhci_hcd"
	m[1] = "EXT4-fs (nvme0n1p%d): mounted filesystem with ordered data mode. Quota mode: none. (%d)"
	m[2] = "audit: type=1400 audit(1700000000.%d:%d): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\" name=\"/usr/bin/man\" pid=812 comm=\"apparmor_parser\""
	m[3] = "pci 0000:00:%02d.0: [8086:a0%02d] type 00 class 0x060000"
	m[4] = "e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx (%d/%d)"
	m[5] = "wlp0s20f3: authenticate with 11:22:33:44:55:%02d (try %d/3)"
	m[6] = "ACPI: \\_SB_.PCI0.LPCB.EC0_: interrupt blocked (%d %d)"
	m[7] = "i915 0000:00:02.0: [drm] GuC firmware i915/tgl_guc_70.bin version 70.%d.%d"
	m[8] = "nvme nvme0: %d/0/0 default/read/poll queues (%d)"
	m[9] = "Bluetooth: hci0: Firmware revision 0.%d build %d week 45 2022"
	m[10] = "systemd[1]: Started session-%d.scope - Session %d of User alice."
	m[11] = "input: AT Translated Set 2 keyboard as /devices/platform/i8042/serio%d/input/input%d"
	m[12] = "CPU%d: Package temperature above threshold, cpu clock throttled (total events = %d)"
	m[13] = "perf: interrupt took too long (%d > 2500), lowering kernel.perf_event_max_sample_rate to %d"
	m[14] = "thermal thermal_zone%d: failed to read out thermal zone (-61) %d"
	m[15] = "x86/cpu: SGX disabled by BIOS. (%d, %d)"
	m[16] = "snd_hda_intel 0000:00:1f.3: DSP detected with PCI class/subclass/prog-if info 0x040100 %d %d"
	m[17] = "Freeing unused kernel image (text/rodata gap) memory: %dK (%d)"
	m[18] = "IPv6: ADDRCONF(NETDEV_CHANGE): wlp0s20f3: link becomes ready (%d %d)"
	m[19] = "r8169 0000:03:00.0 enp3s0: Link is Down (%d %d)"
	t[0] = "tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)"
	t[1] = "tpm tpm0: A TPM error (7) occurred attempting to read a pcr value"
	t[2] = "tpm tpm0: TPM is disabled/deactivated (0x6)"
	t[3] = "ima: No TPM chip found, activating TPM-bypass!"
	t[4] = "tpm_crb MSFT0101:00: [Firmware Bug]: ACPI region does not cover the entire command/response buffer. [mem 0xfed40000-0xfed4087f flags 0x200] vs fed40080 f80"
	t[5] = "tpm tpm0: Operation Timed out"
	t[6] = "tpm tpm0: tpm_try_transmit: send(): error -62"
	t[7] = "ACPI: TPM2 0x000000007BF5B000 000034 (v04 LENOVO TP-N2H   00001300 PTEC 00000002)"
	ts = 0.0; ntpm = 0
	for (i = 0; i < N; i++) {
		ts += rand() * 0.01
		if (i % 3000 == 1500) {
			printf "[%12.6f] %s\n", ts, t[ntpm++ % 8]
		} else if (i == int(N / 2)) {
			printf "[%12.6f] tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics\n", ts
			printf "[%12.6f] CPU: 1 PID: 2087 Comm: tcsd Not tainted 5.10.0-11-amd64 #1 Debian 5.10.92-1\n", ts
			printf "[%12.6f] Hardware name: LENOVO 2447A12/2447A12, BIOS CBET4000 Heads-v0.2.0 07/11/2021\n", ts
			printf "[%12.6f] Call Trace:\n", ts
			printf "[%12.6f]  dump_stack+0x6b/0x83\n", ts
			printf "[%12.6f]  tpm_tis_status.cold+0x19/0x20 [tpm_tis_core]\n", ts
			printf "[%12.6f]  wait_for_tpm_stat+0x1a9/0x240 [tpm_tis_core]\n", ts
			printf "[%12.6f]  tpm_transmit+0x1e5/0x3e0 [tpm]\n", ts
			printf "[%12.6f]  tpm_common_write+0x1b7/0x1d0 [tpm]\n", ts
			printf "[%12.6f]  vfs_write+0xc0/0x260\n", ts
			printf "[%12.6f]  ksys_write+0x5f/0xe0\n", ts
			printf "[%12.6f]  do_syscall_64+0x33/0x80\n", ts
			printf "[%12.6f]  entry_SYSCALL_64_after_hwframe+0x44/0xa9\n", ts
			i += 12
		} else {
			printf "[%12.6f] " m[int(rand() * 20)] "\n", ts, int(rand() * 100), int(rand() * 10000)
		}
	}
}' >"$log"
