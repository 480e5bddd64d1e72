#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""eventlog-replay.py LOG: replay a firmware event log (binary_bios_measurements)
into PCR values, independently of tpm2_eventlog, for tests/e2e/capture/eventlog.sh.

Reads the TCG 1.2 format (SHA-1 TCG_PCR_EVENT records, as SeaBIOS writes for a
TPM 1.2) and the crypto-agile format (a first SHA-1 record holding
"Spec ID Event03", then TCG_PCR_EVENT2 records). EV_NO_ACTION events are not
extended; a StartupLocality event sets PCR 0's starting value. Prints
  format FORMAT
  events N                (records after the first one in crypto-agile logs,
                           all records in 1.2 logs; N_NO_ACTION of them EV_NO_ACTION)
  pcr INDEX events N      per PCR, the events extended into it
  replay BANK INDEX HEX   per bank and PCR that had events (or a locality)
and with --events (after LOG) each extending event in log order:
  event PCR TYPE DIGEST   DIGEST of the last bank the record lists
"""
import hashlib
import struct
import sys

ALG = {0x0004: ("sha1", 20), 0x000B: ("sha256", 32), 0x000C: ("sha384", 48),
       0x000D: ("sha512", 64), 0x0012: ("sm3_256", 32)}
EV_NO_ACTION = 3
TYPES = {0: "EV_PREBOOT_CERT", 1: "EV_POST_CODE", 3: "EV_NO_ACTION", 4: "EV_SEPARATOR", 5: "EV_ACTION",
         6: "EV_EVENT_TAG", 7: "EV_S_CRTM_CONTENTS", 8: "EV_S_CRTM_VERSION", 9: "EV_CPU_MICROCODE",
         0xA: "EV_PLATFORM_CONFIG_FLAGS", 0xB: "EV_TABLE_OF_DEVICES", 0xC: "EV_COMPACT_HASH",
         0xD: "EV_IPL", 0xE: "EV_IPL_PARTITION_DATA", 0xF: "EV_NONHOST_CODE", 0x10: "EV_NONHOST_CONFIG",
         0x11: "EV_NONHOST_INFO", 0x12: "EV_OMIT_BOOT_DEVICE_EVENTS",
         0x80000001: "EV_EFI_VARIABLE_DRIVER_CONFIG", 0x80000002: "EV_EFI_VARIABLE_BOOT",
         0x80000003: "EV_EFI_BOOT_SERVICES_APPLICATION", 0x80000004: "EV_EFI_BOOT_SERVICES_DRIVER",
         0x80000005: "EV_EFI_RUNTIME_SERVICES_DRIVER", 0x80000006: "EV_EFI_GPT_EVENT",
         0x80000007: "EV_EFI_ACTION", 0x80000008: "EV_EFI_PLATFORM_FIRMWARE_BLOB",
         0x80000009: "EV_EFI_HANDOFF_TABLES", 0x8000000A: "EV_EFI_PLATFORM_FIRMWARE_BLOB2",
         0x8000000B: "EV_EFI_HANDOFF_TABLES2", 0x8000000C: "EV_EFI_VARIABLE_BOOT2",
         0x800000E0: "EV_EFI_VARIABLE_AUTHORITY"}
EVENTS = []  # (pcr, type name, last digest hex): the "event" lines of --events


def main(path):
    data = open(path, "rb").read()
    pos = 0
    # the first record is always in the SHA-1 format
    pcr, etype = struct.unpack_from("<II", data, 0)
    digest = data[8:28]
    esize = struct.unpack_from("<I", data, 28)[0]
    event = data[32:32 + esize]
    agile = etype == EV_NO_ACTION and event.startswith(b"Spec ID Event03\0")
    pcrs, counts, locality = {}, {}, {}
    n = n_noaction = 0

    def extend(bank, size, index, dig, hashname):
        key = (bank, index)
        cur = pcrs.get(key, bytes(size))
        pcrs[key] = hashlib.new(hashname, cur + dig).digest()

    if not agile:
        print("format tcg1.2-sha1")
        while pos + 32 <= len(data):
            pcr, etype = struct.unpack_from("<II", data, pos)
            digest = data[pos + 8:pos + 28]
            esize = struct.unpack_from("<I", data, pos + 28)[0]
            if pcr == 0xFFFFFFFF and etype == 0xFFFFFFFF:
                break
            pos += 32 + esize
            n += 1
            if etype == EV_NO_ACTION:
                n_noaction += 1
                continue
            counts[pcr] = counts.get(pcr, 0) + 1
            EVENTS.append((pcr, etype, digest.hex()))
            extend("sha1", 20, pcr, digest, "sha1")
        if pos != len(data):
            print("trailing %d bytes" % (len(data) - pos))
    else:
        print("format crypto-agile")
        # TCG_EfiSpecIdEvent: signature[16], platformClass u32, minor, major,
        # errata u8, uintnSize u8, numberOfAlgorithms u32, {algId u16, size u16}...
        nalg = struct.unpack_from("<I", data, 32 + 24)[0]
        sizes = {}
        for i in range(nalg):
            alg, size = struct.unpack_from("<HH", data, 32 + 28 + 4 * i)
            sizes[alg] = size
        print("algorithms " + " ".join("%s:%d" % (ALG.get(a, ("0x%04x" % a,))[0], s) for a, s in sizes.items()))
        pos = 32 + esize
        while pos + 12 <= len(data):
            pcr, etype, count = struct.unpack_from("<III", data, pos)
            p = pos + 12
            digs = []
            for i in range(count):
                alg = struct.unpack_from("<H", data, p)[0]
                size = sizes[alg]
                digs.append((alg, data[p + 2:p + 2 + size]))
                p += 2 + size
            esize = struct.unpack_from("<I", data, p)[0]
            event = data[p + 4:p + 4 + esize]
            pos = p + 4 + esize
            n += 1
            if etype == EV_NO_ACTION:
                n_noaction += 1
                if event.startswith(b"StartupLocality\0"):
                    locality[pcr] = event[16]
                continue
            counts[pcr] = counts.get(pcr, 0) + 1
            EVENTS.append((pcr, etype, digs[-1][1].hex()))
            for alg, dig in digs:
                if alg in ALG:
                    bank, size = ALG[alg]
                    key = (bank, pcr)
                    if key not in pcrs and pcr in locality:
                        pcrs[key] = bytes(size - 1) + bytes([locality[pcr]])
                    extend(bank, size, pcr, dig, bank.replace("_256", ""))
        if pos != len(data):
            print("trailing %d bytes" % (len(data) - pos))
    print("events %d (%d of them EV_NO_ACTION)%s" % (n, n_noaction, " after the Spec ID header" if agile else ""))
    for pcr in sorted(counts):
        print("pcr %d events %d" % (pcr, counts[pcr]))
    for bank, pcr in sorted(pcrs):
        print("replay %s %d %s" % (bank, pcr, pcrs[(bank, pcr)].hex()))
    if "--events" in sys.argv:
        for pcr, etype, dig in EVENTS:
            print("event %d %s %s" % (pcr, TYPES.get(etype, "0x%08x" % etype), dig))


if __name__ == "__main__":
    main(sys.argv[1])
