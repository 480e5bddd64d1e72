// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log probe and parser: one input per format with real TPM
 * lines (research/signatures.md, the qemu lab logs), stack traces grouped,
 * pasted text re-joined, junk survived. The live /dev/kmsg is never read:
 * a regular file in /dev/kmsg format stands in for it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/kmsg.h"

static char tmpdir[4096];
static struct rootfs host_root;
static struct facts *fs;
static struct probe_ctx ctx;

static void setup(void)
{
	const char *base = getenv("TPMDIAG_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/kmsg-XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(tmpdir));
	cr_assert_eq(rootfs_open("/", &host_root), 0);
	cr_assert_eq(facts_new(&fs), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = &host_root;
	ctx.facts = fs;
	ctx.no_device = true;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	kmsg_log_free(ctx.log);
	facts_free(fs);
	rootfs_close(&host_root);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(kmsg, .init = setup, .fini = teardown);

static const char *write_file(const char *name, const char *data, size_t len)
{
	static char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* Run the probe on a file with these contents. */
static void run_on(const char *data)
{
	ctx.kmsg_file = write_file("kern.log", data, strlen(data));
	cr_assert_eq(probe_kmsg(&ctx), 0);
	cr_assert_not_null(ctx.log);
}

static int64_t fact_int(const char *key)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "fact %s missing", key);
	cr_assert_eq(f->type, FACT_INT, "fact %s is not an integer", key);
	return f->num;
}

static const char *fact_str(const char *key)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "fact %s missing", key);
	cr_assert_eq(f->type, FACT_STRING, "fact %s is not a string", key);
	return f->str;
}

static const struct kmsg_rec *rec(size_t i)
{
	cr_assert_lt(i, ctx.log->n, "only %zu records", ctx.log->n);
	return &ctx.log->r[i];
}

#define ASSERT_TS(r, v) cr_assert_float_eq((r)->ts, (v), 1e-7, "ts %f", (r)->ts)

/* From research/lab/logs/qemu-t12tis.log and qemu-t2tisfault.log (6.1 kernel under qemu). */
static const char dmesg_log[] =
    "[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)\n"
    "[    0.033132] ACPI: TPM2 0x000000001FFD1D28 00004C (v04 BOCHS  BXPC     00000001 BXPC "
    "00000001)\n"
    "[    0.033251] ACPI: Reserving TPM2 table memory at [mem 0x1ffd1d28-0x1ffd1d73]\n"
    "[    0.878437] tsc: Refined TSC clocksource calibration: 2096.005 MHz\n"
    "[    1.025132] tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)\n"
    "[    1.216695] ima: Can not allocate sha384 (reason: -2)\n"
    "[    1.421962] tpm tpm0: A TPM error (9) occurred attempting to read a pcr value\n"
    "[    1.422395] ima: Error Communicating to TPM chip\n"
    "[    1.477770] Freeing unused kernel image (initmem) memory: 2824K\n"
    "[    1.581694] Run /init as init process\n"
    "[   12.668885] tpm tpm0: Operation Timed out\n";

Test(kmsg, dmesg_keeps_tpm_records)
{
	run_on(dmesg_log);
	cr_assert_str_eq(fact_str("kmsg.source"), ctx.kmsg_file);
	cr_assert_str_eq(fact_str("kmsg.format"), "dmesg");
	cr_assert_eq(fact_int("kmsg.lines"), 11);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 7);
	cr_assert_eq(ctx.log->n, 7);
	cr_assert_str_eq(rec(0)->text, "ACPI: TPM2 0x000000001FFD1D28 00004C (v04 BOCHS  BXPC     "
				       "00000001 BXPC 00000001)");
	cr_assert_str_eq(rec(0)->prefix, "ACPI");
	cr_assert_str_eq(rec(2)->text, "tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)");
	cr_assert_str_eq(rec(2)->prefix, "tpm_tis 00:00");
	ASSERT_TS(rec(2), 1.025132);
	cr_assert_eq(rec(2)->line, 5);
	cr_assert_eq(rec(2)->seq, 5);
	cr_assert_eq(rec(2)->prio, -1);
	cr_assert_null(rec(2)->wall);
	cr_assert_null(rec(2)->trace);
	cr_assert_str_eq(rec(3)->prefix, "ima");
	cr_assert_str_eq(rec(4)->prefix, "tpm tpm0");
	cr_assert_str_eq(rec(4)->text,
			 "tpm tpm0: A TPM error (9) occurred attempting to read a pcr value");
	cr_assert_str_eq(rec(6)->text, "tpm tpm0: Operation Timed out");
	ASSERT_TS(rec(6), 12.668885);
	cr_assert_null(facts_get(fs, "kmsg.truncated_lines"));
	cr_assert_null(facts_get(fs, "kmsg.tpm_traces"));
}

/* The lab's serial capture: the host's stamp, then the kernel's. */
Test(kmsg, serial_capture_uses_the_kernel_stamp)
{
	run_on("[  5.63] [    0.998733] tpm_tis MSFT0101:00: [Firmware Bug]: failed to get TPM2 "
	       "ACPI table\n"
	       "[ 11.76] [    1.001942] tpm_tis: probe of MSFT0101:00 failed with error -22\n");
	cr_assert_eq(ctx.log->n, 2);
	ASSERT_TS(rec(0), 0.998733);
	cr_assert_str_eq(rec(0)->prefix, "tpm_tis MSFT0101:00");
	cr_assert_str_eq(rec(1)->text, "tpm_tis: probe of MSFT0101:00 failed with error -22");
	cr_assert_str_eq(rec(1)->prefix, "tpm_tis");
}

/* /dev/kmsg records as read(2) returns them, in a regular file. */
Test(kmsg, kmsg_format_with_dictionary_lines)
{
	run_on("6,339,1025132,-;tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)\n"
	       " SUBSYSTEM=pnp\n"
	       " DEVICE=+pnp:00:00\n"
	       "6,340,1030000,-;usb 1-1: new high-speed USB device number 2 using ehci-pci\n"
	       "3,341,1421962,-,caller=T1;tpm tpm0: A TPM error (9) occurred attempting to read "
	       "a pcr value\n"
	       " SUBSYSTEM=tpm\n"
	       " DEVICE=c10:224\n"
	       "14,342,1500000,-;systemd[1]: Starting tpm2-abrmd.service\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "kmsg");
	cr_assert_eq(fact_int("kmsg.lines"), 8);
	cr_assert_eq(ctx.log->n, 2, "user-space records (facility 1) are not kernel records");
	cr_assert_eq(rec(0)->seq, 339);
	cr_assert_eq(rec(0)->prio, 6);
	ASSERT_TS(rec(0), 1.025132);
	cr_assert_str_eq(rec(0)->text, "tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)");
	cr_assert_eq(rec(1)->seq, 341);
	cr_assert_eq(rec(1)->prio, 3);
	cr_assert_str_eq(rec(1)->prefix, "tpm tpm0");
}

Test(kmsg, dmesg_T_keeps_the_wall_clock)
{
	run_on("[Thu Nov 26 15:03:45 2026] tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for "
	       "forensics\n"
	       "[Thu Nov 26 15:03:45 2026] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps\n"
	       "[Thu Nov 26 15:06:45 2026] tpm tpm0: Operation Timed out\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "dmesg-T");
	cr_assert_eq(ctx.log->n, 2);
	cr_assert_str_eq(rec(0)->wall, "Thu Nov 26 15:03:45 2026");
	cr_assert_eq(rec(0)->ts, -1);
	cr_assert_str_eq(rec(1)->wall, "Thu Nov 26 15:06:45 2026");
	cr_assert_str_eq(rec(1)->text, "tpm tpm0: Operation Timed out");
}

Test(kmsg, syslog_keeps_kernel_lines_only)
{
	run_on("Nov 26 15:03:45 w530 kernel: [    1.233596] tpm_tis 00:06: 1.2 TPM (device-id 0x0, "
	       "rev-id 78)\n"
	       "Nov 26 15:03:46 w530 tcsd[812]: TrouSerS TDDL ERROR: Could not find a device to "
	       "open!\n"
	       "Nov 26 15:03:47 w530 kernel: tpm tpm0: TPM is disabled/deactivated (0x6)\n"
	       "Nov  6 09:00:00 w530 systemd[1]: Reached target tpm2.target - Trusted Platform "
	       "Module.\n"
	       "2026-11-26T15:03:48.123456+00:00 w530 kernel: [    3.5] tpm tpm0: Operation "
	       "Timed out\n"
	       "2026-11-26T15:03:49+0000 w530 sudo: pam_unix(sudo:session): tpm_takeownership\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "syslog");
	cr_assert_eq(fact_int("kmsg.lines"), 6);
	cr_assert_eq(ctx.log->n, 3);
	cr_assert_str_eq(rec(0)->text, "tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)");
	ASSERT_TS(rec(0), 1.233596);
	cr_assert_str_eq(rec(0)->wall, "Nov 26 15:03:45");
	cr_assert_str_eq(rec(1)->text, "tpm tpm0: TPM is disabled/deactivated (0x6)");
	cr_assert_eq(rec(1)->ts, -1);
	cr_assert_str_eq(rec(1)->wall, "Nov 26 15:03:47");
	cr_assert_str_eq(rec(2)->wall, "2026-11-26T15:03:48.123456+00:00");
	ASSERT_TS(rec(2), 3.5);
	cr_assert_str_eq(rec(2)->text, "tpm tpm0: Operation Timed out");
}

Test(kmsg, journal_short_monotonic)
{
	run_on("-- Boot 4a3e1c0f6d2b4b8e9c1d2e3f4a5b6c7d --\n"
	       "[    1.233596] w530 kernel: tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)\n"
	       "[    1.300000] w530 kernel: usb 1-1: new high-speed USB device number 2\n"
	       "[    9.000000] w530 systemd[1]: Starting tpm2-abrmd.service - TPM2 Access "
	       "Broker...\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "journal");
	cr_assert_eq(ctx.log->n, 1);
	cr_assert_str_eq(rec(0)->text, "tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)");
	ASSERT_TS(rec(0), 1.233596);
}

Test(kmsg, dmesg_raw_and_decoded_levels)
{
	run_on("<3>[    1.5] tpm tpm0: TPM self test failed\n"
	       "kern  :info  : [    1.6] tpm_crb MSFT0101:00: Disabling hwrng\n"
	       "user  :notice: [    1.7] tpm2-abrmd: started\n");
	cr_assert_eq(ctx.log->n, 2);
	cr_assert_eq(rec(0)->prio, 3);
	ASSERT_TS(rec(0), 1.5);
	cr_assert_eq(rec(1)->prio, 6);
	cr_assert_str_eq(rec(1)->text, "tpm_crb MSFT0101:00: Disabling hwrng");
}

/* The Debian #1006726 shape: dev_err + dump_stack, then the timeout. */
static const char trace_log[] =
    "[ 2001.000001] tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics\n"
    "[ 2001.000002] CPU: 1 PID: 2087 Comm: tcsd Not tainted 5.10.0-11-amd64 #1 Debian "
    "5.10.92-1\n"
    "[ 2001.000003] Hardware name: LENOVO 2447A12/2447A12, BIOS CBET4000 07/11/2021\n"
    "[ 2001.000004] Call Trace:\n"
    "[ 2001.000005]  dump_stack+0x6b/0x83\n"
    "[ 2001.000006]  tpm_tis_status.cold+0x19/0x20 [tpm_tis_core]\n"
    "[ 2001.000007]  wait_for_tpm_stat+0x1a9/0x240 [tpm_tis_core]\n"
    "[ 2001.000008]  tpm_transmit+0x1e5/0x3e0 [tpm]\n"
    "[ 2001.000009]  tpm_common_write+0x1b7/0x1d0 [tpm]\n"
    "[ 2001.000010]  vfs_write+0xc0/0x260\n"
    "[ 2001.000011]  do_syscall_64+0x33/0x80\n"
    "[ 2001.000012]  entry_SYSCALL_64_after_hwframe+0x44/0xa9\n"
    "[ 2001.000013] RIP: 0033:0x7f1e2b1c3f33\n"
    "[ 2001.000014] RSP: 002b:00007ffd4a4e5a48 EFLAGS: 00000246 ORIG_RAX: 0000000000000001\n"
    "[ 2001.000015] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex\n"
    "[ 2181.000000] tpm tpm0: Operation Timed out\n";

Test(kmsg, stack_trace_grouped_with_its_record)
{
	const struct kmsg_rec *r;

	run_on(trace_log);
	cr_assert_eq(fact_int("kmsg.lines"), 16);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 2);
	cr_assert_eq(fact_int("kmsg.tpm_traces"), 1);
	r = rec(0);
	cr_assert_str_eq(r->text, "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics");
	ASSERT_TS(r, 2001.000001);
	cr_assert_not_null(r->trace);
	cr_assert_eq(r->trace_lines, 13);
	cr_assert(!strncmp(r->trace, "CPU: 1 PID: 2087 Comm: tcsd", 27), "%s", r->trace);
	cr_assert_not_null(strstr(r->trace, "\n tpm_tis_status.cold+0x19/0x20 [tpm_tis_core]\n"));
	cr_assert_not_null(strstr(r->trace, "\nRSP: 002b:00007ffd4a4e5a48"));
	cr_assert_null(strstr(r->trace, "e1000e"));
	cr_assert_str_eq(rec(1)->text, "tpm tpm0: Operation Timed out");
	cr_assert_null(rec(1)->trace);
}

/*
 * kernel/hung_task.c's report: its lines up to the stack belong to the
 * "INFO: task" record. From fixtures/tpm12-hung-task/kmsg.log (6.1 under
 * qemu), some frames left out; the second, non-TPM report is shaped by hand
 * after it and must be dropped.
 */
Test(kmsg, hung_task_report_grouped)
{
	const struct kmsg_rec *r;

	run_on("[   11.283039] INFO: task cat:94 blocked for more than 5 seconds.\n"
	       "[   11.283069]       Not tainted 6.1.0-56-amd64 #1 Debian 6.1.192-2\n"
	       "[   11.283086] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this "
	       "message.\n"
	       "[   11.283100] task:cat             state:D stack:0     pid:94    ppid:1      "
	       "flags:0x00000002\n"
	       "[   11.283146] Call Trace:\n"
	       "[   11.283173]  <TASK>\n"
	       "[   11.283198]  __schedule+0x34d/0xa00\n"
	       "[   11.283305]  __mutex_lock.constprop.0+0x39d/0x720\n"
	       "[   11.283343]  tpm_try_get_ops+0x3b/0x90\n"
	       "[   11.283378]  pcrs_show+0x65/0x180\n"
	       "[   11.284342]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8\n"
	       "[   11.284373] RIP: 0033:0x47cf2a\n"
	       "[   11.284542]  </TASK>\n"
	       "[   16.397613] INFO: task jbd2/sda1-8:301 blocked for more than 120 seconds.\n"
	       "[   16.397723]       Not tainted 6.1.0-56-amd64 #1 Debian 6.1.192-2\n"
	       "[   16.397740] task:jbd2/sda1-8     state:D stack:0     pid:301   ppid:2      "
	       "flags:0x00004000\n"
	       "[   16.397760] Call Trace:\n"
	       "[   16.397770]  <TASK>\n"
	       "[   16.397780]  __schedule+0x34d/0xa00\n"
	       "[   16.397790]  jbd2_journal_commit_transaction+0x2b1/0x1a90 [jbd2]\n"
	       "[   16.397800]  </TASK>\n"
	       "[   17.000000] Freeing unused kernel image (initmem) memory: 2824K\n");
	cr_assert_eq(fact_int("kmsg.tpm_records"), 1);
	cr_assert_eq(fact_int("kmsg.tpm_traces"), 1);
	r = rec(0);
	cr_assert_str_eq(r->text, "INFO: task cat:94 blocked for more than 5 seconds.");
	cr_assert_eq(r->trace_lines, 12, "%s", r->trace);
	cr_assert(!strncmp(r->trace, "      Not tainted 6.1.0-56-amd64", 32), "%s", r->trace);
	cr_assert_not_null(strstr(r->trace, "\ntask:cat             state:D"));
	cr_assert_not_null(strstr(r->trace, "\n tpm_try_get_ops+0x3b/0x90\n"));
	cr_assert_eq(ctx.log->n, 1, "the jbd2 report is not about the TPM");
}

/* v5.10's WARN_ONCE form: the message sits between "cut here" and the WARNING line. */
Test(kmsg, warn_once_grouped)
{
	run_on("[    2.1] ------------[ cut here ]------------\n"
	       "[    2.1] TPM returned invalid status\n"
	       "[    2.1] WARNING: CPU: 0 PID: 1 at drivers/char/tpm/tpm_tis_core.c:249 "
	       "tpm_tis_status+0x8a/0xa0\n"
	       "[    2.1] Modules linked in:\n"
	       "[    2.1] RIP: 0010:tpm_tis_status+0x8a/0xa0\n"
	       "[    2.1] Call Trace:\n"
	       "[    2.1]  tpm_tis_send_data+0x36/0x250\n"
	       "[    2.1] ---[ end trace 5a1e3f0c2c3a1b2d ]---\n"
	       "[    2.2] Freeing unused kernel image (initmem) memory: 2824K\n");
	cr_assert_eq(ctx.log->n, 1);
	cr_assert_str_eq(rec(0)->text, "TPM returned invalid status");
	cr_assert_eq(rec(0)->trace_lines, 7);
	cr_assert(!strncmp(rec(0)->trace, "------------[ cut here ]", 24));
	cr_assert_not_null(strstr(rec(0)->trace, "---[ end trace"));
}

/* An oops in TPM code whose first line does not say "tpm": kept for its trace. */
Test(kmsg, oops_kept_by_its_trace)
{
	run_on("[    3.0] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
	       "[    3.0] #PF: supervisor read access in kernel mode\n"
	       "[    3.0] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	       "[    3.0] RIP: 0010:tpm_chip_start+0x12/0x90 [tpm]\n"
	       "[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000010\n"
	       "[    3.1] RIP: 0010:ext4_fill_super+0x12/0x90\n");
	cr_assert_eq(ctx.log->n, 1);
	cr_assert_str_eq(rec(0)->text,
			 "BUG: kernel NULL pointer dereference, address: 0000000000000008");
	cr_assert_eq(rec(0)->trace_lines, 3);
}

/* Pasted into a bug report: quoted, wrapped at 72 columns, one stamp missing. */
Test(kmsg, quoted_and_wrapped_paste_rejoined)
{
	run_on("On my ThinkPad the TPM does not show up. dmesg says:\n"
	       "\n"
	       "> [    0.998733] tpm_crb MSFT0101:00: [Firmware Bug]: ACPI region does\n"
	       "> not cover the entire command/response buffer. [mem\n"
	       "> 0xfed40000-0xfed4087f flags 0x200] vs fed40080 f80\n"
	       "> > [    1.001942] tpm_crb: probe of MSFT0101:00 failed with error -16\n"
	       "> tpm tpm0: A TPM error (2314) occurred attempting the self test\n"
	       "> e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow\n"
	       "> Control: Rx/Tx\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "pasted");
	cr_assert_eq(ctx.log->n, 4);
	cr_assert_str_eq(rec(0)->text, "On my ThinkPad the TPM does not show up. dmesg says:");
	cr_assert_str_eq(rec(1)->text,
			 "tpm_crb MSFT0101:00: [Firmware Bug]: ACPI region does not cover the "
			 "entire command/response buffer. [mem 0xfed40000-0xfed4087f flags 0x200] "
			 "vs fed40080 f80");
	ASSERT_TS(rec(1), 0.998733);
	cr_assert_str_eq(rec(1)->prefix, "tpm_crb MSFT0101:00");
	cr_assert_str_eq(rec(2)->text, "tpm_crb: probe of MSFT0101:00 failed with error -16");
	cr_assert_str_eq(rec(3)->text,
			 "tpm tpm0: A TPM error (2314) occurred attempting the self test");
	cr_assert_eq(rec(3)->ts, -1);
	cr_assert_str_eq(rec(3)->prefix, "tpm tpm0");
}

/*
 * A firmware console's short lines are not a mail client's wrapping: a
 * line that starts with a stamp, a level tag or a source position is a
 * line of its own (shaped in coreboot's and skiboot's console forms).
 */
Test(kmsg, firmware_console_lines_stay_apart)
{
	/* each line long enough that a mail client could have wrapped it there */
	run_on("[DEBUG]  TPM: Handle S3 resume, the state saved before the suspend is restored\n"
	       "[ERROR]  TPM: Resume failed (0x1c4), the TPM refused TPM2_Startup(STATE) here\n"
	       "[   12.345678,5] TPM: tpm0 registered, version 2.0, the event log is at 0x7f\n"
	       "[   12.345679,3] TPM: tpm0 PCR extend failed, the TPM is disabled for this boot\n"
	       "src/drivers/tpm/tis.c:521 TPM: tis_senddata failed\n");
	cr_assert_eq(ctx.log->n, 5);
	cr_assert(!strstr(rec(0)->text, "Resume failed"), "joined: %s", rec(0)->text);
	cr_assert(strstr(rec(1)->text, "Resume failed (0x1c4)"), "%s", rec(1)->text);
	cr_assert_str_eq(rec(4)->text, "src/drivers/tpm/tis.c:521 TPM: tis_senddata failed");
}

/*
 * Kernel lines as CI logs and mail archives carry them: a caller id after
 * the stamp (CONFIG_PRINTK_CALLER), a runner's ISO stamp before it, a
 * syslog line pasted from "kernel:" on (shaped after systemd#31751 and a
 * trousers-users archive line).
 */
Test(kmsg, stamps_around_the_dmesg_stamp)
{
	run_on("[    1.234567][  T204] tpm_tis MSFT0101:00: 2.0 TPM (device-id 0x1B, rev-id 22)\n"
	       "2024-03-05T10:11:12.1234567Z [   48.180000] tpm tpm0: A TPM error (256) occurred "
	       "attempting get random\n"
	       "kernel: [    7.813547] tpm_tis 00:0a: 1.2 TPM (device-id 0x3204, rev-id 64)\n");
	cr_assert_eq(ctx.log->n, 3);
	cr_expect_str_eq(rec(0)->text, "tpm_tis MSFT0101:00: 2.0 TPM (device-id 0x1B, rev-id 22)");
	ASSERT_TS(rec(0), 1.234567);
	cr_expect_str_eq(rec(1)->text,
			 "tpm tpm0: A TPM error (256) occurred attempting get random");
	ASSERT_TS(rec(1), 48.18);
	cr_expect_str_eq(rec(2)->text, "tpm_tis 00:0a: 1.2 TPM (device-id 0x3204, rev-id 64)");
	ASSERT_TS(rec(2), 7.813547);
}

Test(kmsg, non_tpm_lines_dropped)
{
	run_on("[    0.1] x86/cpu: SGX disabled by BIOS.\n"
	       "[    0.2] pci 0000:00:1f.3: [8086:a348] type 00 class 0x040300\n"
	       "[    0.3] EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode.\n"
	       "[    0.4] input: AT Translated Set 2 keyboard as /devices/platform/i8042\n"
	       "[    0.5] irq 9: nobody cared (try booting with the \"irqpoll\" option)\n");
	cr_assert_eq(fact_int("kmsg.lines"), 5);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 0);
	cr_assert_eq(ctx.log->n, 0);
}

Test(kmsg, binary_junk_and_a_megabyte_line)
{
	size_t big = 1 << 20, i, len;
	char *data = malloc(big + 4096);
	const char *path;

	cr_assert_not_null(data);
	len = 0;
	for (i = 0; i < 300; i++) /* junk with NULs and no newline for a while */
		data[len++] = (char)(i * 37 % 32 == '\n' ? 0 : i * 37 % 32);
	data[len++] = '\n';
	memset(data + len, 'A', big);
	memcpy(data + len + 100, " tpm tpm0: ", 11);
	len += big;
	data[len++] = '\n';
	len += (size_t)sprintf(data + len, "[    1.0] tpm tpm0: A TPM \x01\xff error\n");
	path = write_file("junk.log", data, len);
	free(data);
	ctx.kmsg_file = path;
	cr_assert_eq(probe_kmsg(&ctx), 0);
	cr_assert_eq(fact_int("kmsg.lines"), 3);
	cr_assert_eq(fact_int("kmsg.truncated_lines"), 1);
	cr_assert_eq(fact_int("kmsg.binary_lines"), 1);
	cr_assert_eq(ctx.log->n, 2);
	cr_assert_eq(strlen(rec(0)->text), KMSG_LINE_MAX);
	cr_assert_str_eq(rec(1)->text, "tpm tpm0: A TPM ?? error");
}

Test(kmsg, empty_file)
{
	run_on("");
	cr_assert_eq(fact_int("kmsg.lines"), 0);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 0);
	cr_assert_str_eq(fact_str("kmsg.format"), "empty");
	cr_assert_eq(ctx.log->n, 0);
}

Test(kmsg, missing_file_is_unreadable)
{
	const struct fact *f;
	char path[4200];

	snprintf(path, sizeof(path), "%s/no-such.log", tmpdir);
	ctx.kmsg_file = path;
	cr_assert_eq(probe_kmsg(&ctx), 0);
	f = facts_get(fs, "kmsg.source");
	cr_assert_not_null(f);
	cr_assert_eq(f->type, FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_ABSENT);
	cr_assert_null(facts_get(fs, "kmsg.lines"));
}

Test(kmsg, directory_is_unreadable)
{
	const struct fact *f;

	ctx.kmsg_file = tmpdir;
	cr_assert_eq(probe_kmsg(&ctx), 0);
	f = facts_get(fs, "kmsg.source");
	cr_assert_eq(f->type, FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_FAILED);
	cr_assert_not_null(strstr(f->why_text, "Is a directory"), "%s", f->why_text);
}

Test(kmsg, fixture_root_without_a_log)
{
	struct rootfs tree;
	const struct fact *f;

	cr_assert_eq(rootfs_open(tmpdir, &tree), 0);
	ctx.root = &tree;
	cr_assert_eq(probe_kmsg(&ctx), 0);
	f = facts_get(fs, "kmsg.source");
	cr_assert_eq(f->type, FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_ABSENT);
	cr_assert_not_null(strstr(f->why_text, "--kmsg FILE"));
	rootfs_close(&tree);
	ctx.root = &host_root;
}

/* --boot -1 on a tree with no journal: the reason, never a crash. */
Test(kmsg, previous_boot_without_a_journal)
{
	struct rootfs tree;
	const struct fact *f;

	cr_assert_eq(rootfs_open(tmpdir, &tree), 0);
	ctx.root = &tree;
	ctx.boot = -1;
	cr_assert_eq(probe_kmsg(&ctx), 0);
	f = facts_get(fs, "kmsg.source");
	cr_assert_eq(f->type, FACT_UNREADABLE);
	cr_assert_eq(f->why, FACT_ABSENT, "%s", f->why_text);
	cr_assert_eq(f->src.kind, FACT_SRC_LIBRARY);
	cr_assert_not_null(strstr(f->why_text, "journal"), "%s", f->why_text);
	rootfs_close(&tree);
	ctx.root = &host_root;
}

Test(kmsg, duplicates_pasted_twice_kept_once)
{
	char twice[sizeof(dmesg_log) * 2];

	snprintf(twice, sizeof(twice), "%s%s", dmesg_log, dmesg_log);
	run_on(twice);
	cr_assert_eq(fact_int("kmsg.lines"), 22);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 7);
	cr_assert_eq(fact_int("kmsg.duplicate_records"), 7);
}

Test(kmsg, appends_to_an_existing_log)
{
	run_on(dmesg_log);
	cr_assert_eq(ctx.log->n, 7);
	run_on(trace_log);
	cr_assert_eq(ctx.log->n, 9);
	cr_assert_eq(fact_int("kmsg.tpm_records"), 2);
}

Test(kmsg, mixed_formats)
{
	run_on("[    1.0] tpm tpm0: A\n[    1.1] tpm tpm0: B\n[    1.2] tpm tpm0: C\n"
	       "Nov 26 15:03:45 h kernel: tpm tpm0: D\nNov 26 15:03:46 h kernel: tpm tpm0: E\n"
	       "6,1,1000000,-;tpm tpm0: F\n");
	cr_assert_str_eq(fact_str("kmsg.format"), "mixed");
	cr_assert_eq(ctx.log->n, 6);
}

/* ---- the parser on its own ---- */

/* Every verbatim kernel message of research/signatures.md, as the kernel prints it. */
static const char *const signature_lines[] = {
    "ima: No TPM chip found, activating TPM-bypass!",
    "ima: No TPM chip found, activating TPM-bypass! (rc=-19)",
    "tpm_tis 00:06: can't request region for resource [mem 0xfed40000-0xfed44fff]",
    "tpm_tis: probe of 00:06 failed with error -16",
    "tpm_crb MSFT0101:00: can't request region for resource [mem 0xfed40000-0xfed4087f]",
    "tpm_crb MSFT0101:00: probe with driver tpm_crb failed with error -16",
    "tpm_crb MSFT0101:00: [Firmware Bug]: ACPI region does not cover the entire "
    "command/response buffer. [mem 0xfed40000-0xfed4087f flags 0x200] vs fed40080 f80",
    "tpm_crb MSFT0101:00: [Firmware Bug]: failed to get TPM2 ACPI table",
    "tpm_crb MSFT0101:00: [Firmware Bug]: TPM2 ACPI table does not define a memory resource",
    "tpm_crb MSFT0101:00: [Firmware Bug]: Bad ACPI memory layout",
    "tpm_crb MSFT0101:00: [Firmware Bug]: tpm_crb: incorrect start method",
    "tpm_crb MSFT0101:00: cmdReady timed out",
    "tpm tpm0: TPM_LOC_STATE_x.requestAccess timed out",
    "tpm tpm0: ACPI Start failed",
    "tpm tpm0: invalid command count value 4096 4000",
    "tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)",
    "tpm tpm0: Detected an iTPM.",
    "tpm tpm0: [Firmware Bug]: TPM interrupt not working, polling instead",
    "tpm tpm0: Unable to request irq: 7 for probe",
    "tpm tpm0: [Firmware Bug]: TPM interrupt storm detected, polling instead",
    "tpm tpm0: Consider adding the following entry to tpm_tis_dmi_table:",
    "tpm_tis: ThinkPad T490s detected: disabling interrupts.",
    "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics",
    "TPM returned invalid status",
    "tpm tpm0: Unable to read burstcount",
    "tpm tpm0: Unable to read header",
    "tpm tpm0: Unable to read remainder of result",
    "tpm tpm0: Error left over data",
    "tpm tpm0: CRC mismatch for response.",
    "tpm tpm0: tpm_tis_update_durations: failed to read did_vid. -5",
    "tpm tpm0: tpm_try_transmit: send(): error -62",
    "tpm_tis 00:09: tpm_transmit: tpm_send: error -5",
    "tpm tpm0: tpm_transmit: tpm_recv: error -5",
    "tpm tpm0: Operation Timed out",
    "tpm_tis 00:09: Operation Timed out",
    "tpm tpm0: Operation Canceled",
    "tpm tpm0: invalid count value 1000 fff",
    "tpm tpm0: in retry loop",
    "tpm tpm0: self test is still running",
    "TPM user space timeout is deprecated (pid=812)",
    "tpm tpm0: tpm2_load_context: failed with a TPM error 0x0902",
    "tpm tpm0: NULL key integrity failure!",
    "tpm tpm0: the null key has been reset",
    "tpm tpm0: tpm_relinquish_locality: : error -1",
    "tpm tpm0: TPM is disabled/deactivated (0x6)",
    "tpm tpm0: A TPM error (6) occurred attempting to read a pcr value",
    "tpm tpm0: starting up the TPM manually",
    "tpm_tis 00:06: Issuing TPM_STARTUP",
    "tpm tpm0: TPM not ready (38)",
    "tpm tpm0: A TPM error (38) occurred attempting to determine the timeouts",
    "tpm tpm0: Error (38) sending savestate before suspend",
    "tpm tpm0: TPM self test failed",
    "tpm tpm0: [Hardware Error]: TPM command timed out during continue self test",
    "tpm tpm0: TPM savestate took 100ms",
    "tpm tpm0: [Hardware Error]: Adjusting reported timeouts: A 750->750000us B 2000->2000000us "
    "C 750->750000us D 750->750000us",
    "tpm tpm0: Adjusting TPM timeout parameters.",
    "tpm tpm0: A TPM error (2314) occurred continue selftest",
    "tpm tpm0: A TPM error (256) occurred attempting get random",
    "tpm tpm0: TPM in field failure mode, requires firmware upgrade",
    "tpm tpm0: TPM in field upgrade mode, requires firmware upgrade",
    "tpm tpm0: AMD fTPM version 0x3005700000005 causes system stutter; hwrng disabled",
    "tpm tpm0: tpm_read_log_acpi: TCPA log area empty",
    "UEFI TPM log area empty",
    "Could not map UEFI TPM log table !",
    "Could not map UEFI TPM log table payload!",
    "Failed to map TPM Event Log table @ 0x7bf5b000",
    "[Firmware Bug]: TPM Final Events table missing or invalid",
    "TPM Final Events table not present",
    "[Firmware Bug]: TPM Final Events table invalid",
    "Failed to map TPM Final Event Log table @ 0x7bf5c000",
    "[Firmware Bug]: Failed to parse event in TPM Final Events Log",
    "ima: Error Communicating to TPM chip",
    "integrity: Unable to open file: /etc/keys/x509_ima.der (-2)",
    "ACPI: TCPA 0x00000000BFF5B000 000032 (v02 COREv4 COREBOOT 00000000 CORE 00000000)",
    "platform MSFT0101:00: failed to claim resource 1",
    "pnp 00:06: Plug and Play ACPI device, IDs PNP0c31 (active)",
    "pnp 00:06: Plug and Play ACPI device, IDs IFX0102 PNP0c31 (active)",
};

Test(kmsg_parse, every_signature_line_is_tpm_related)
{
	size_t i;

	for (i = 0; i < sizeof(signature_lines) / sizeof(signature_lines[0]); i++)
		cr_expect(kmsg_text_is_tpm(signature_lines[i], strlen(signature_lines[i])),
			  "not kept: %s", signature_lines[i]);
}

Test(kmsg_parse, ordinary_lines_are_not)
{
	static const char *const lines[] = {
	    "Freeing unused kernel image (initmem) memory: 2824K",
	    "irq 9: nobody cared (try booting with the \"irqpoll\" option)",
	    "x86/mm: Checked W+X mappings: passed, no W+X pages found.",
	    "EXT4-fs (nvme0n1p2): mounted filesystem. Quota mode: none.",
	    "tp",
	    "",
	    "usb 1-1: Product: Integrated Camera (ima: not a prefix here)",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		cr_expect(!kmsg_text_is_tpm(lines[i], strlen(lines[i])), "kept: %s", lines[i]);
	cr_expect(kmsg_trace_is_tpm(" tpm_tis_status.cold+0x19/0x20 [tpm_tis_core]", 45));
}

Test(kmsg_parse, prefixes)
{
	static const struct {
		const char *msg, *prefix;
	} cases[] = {
	    {"tpm tpm0: Operation Timed out", "tpm tpm0"},
	    {"tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)", "tpm_tis 00:00"},
	    {"tpm_tis MSFT0101:00: 2.0 TPM (device-id 0x1, rev-id 1)", "tpm_tis MSFT0101:00"},
	    {"tpm_tis_spi spi0.0: 2.0 TPM (device-id 0x1B, rev-id 22)", "tpm_tis_spi spi0.0"},
	    {"ima: No TPM chip found, activating TPM-bypass!", "ima"},
	    {"tpm_tis: probe of 00:06 failed with error -16", "tpm_tis"},
	    {"[Firmware Bug]: TPM Final Events table invalid", ""},
	    {"TPM returned invalid status", ""},
	    {"Run /init as init process", ""},
	    {"buffer. [mem 0xfed40000-0xfed4087f] vs fed40080 f80", ""},
	};
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = kmsg_prefix_len(cases[i].msg, strlen(cases[i].msg));
		cr_expect(n == strlen(cases[i].prefix) &&
			      !strncmp(cases[i].msg, cases[i].prefix, n),
			  "%s: got %zu", cases[i].msg, n);
	}
}

Test(kmsg_parse, line_formats)
{
	static const struct {
		const char *line;
		enum kmsg_fmt fmt;
		bool kernel;
		double ts;
		const char *msg;
	} cases[] = {
	    {"6,339,1233596,-;tpm: x", KMSG_FMT_KMSG, true, 1.233596, "tpm: x"},
	    {"[    1.233596] tpm: x", KMSG_FMT_DMESG, true, 1.233596, "tpm: x"},
	    {"[  +0.000123] tpm: x", KMSG_FMT_DMESG, true, -1, "tpm: x"},
	    {"[Nov26 15:03] tpm: x", KMSG_FMT_DMESG_T, true, -1, "tpm: x"},
	    {"[Thu Nov  5 15:03:45 2026] tpm: x", KMSG_FMT_DMESG_T, true, -1, "tpm: x"},
	    {"2026-11-26T15:03:45,123456+00:00 tpm tpm0: x", KMSG_FMT_DMESG_T, true, -1,
	     "tpm tpm0: x"},
	    {"Nov 26 15:03:45.123456 h kernel: tpm: x", KMSG_FMT_SYSLOG, true, -1, "tpm: x"},
	    {"2026-11-26T15:03:45Z h kernel: [ 2.5] tpm: x", KMSG_FMT_SYSLOG, true, 2.5, "tpm: x"},
	    {"Nov 26 15:03:45 h tcsd[1]: tpm: x", KMSG_FMT_SYSLOG, false, -1, "tpm: x"},
	    {"[    1.5] h kernel: tpm: x", KMSG_FMT_JOURNAL, true, 1.5, "tpm: x"},
	    {"> >  [    1.5] tpm: x\r", KMSG_FMT_DMESG, true, 1.5, "tpm: x"},
	    {"    [    1.5] tpm: x", KMSG_FMT_DMESG, true, 1.5, "tpm: x"},
	    {"tpm tpm0: x", KMSG_FMT_BARE, true, -1, "tpm tpm0: x"},
	    {"[ 1.5 tpm: x", KMSG_FMT_BARE, true, -1, "[ 1.5 tpm: x"},
	    {"", KMSG_FMT_NONE, true, -1, ""},
	};
	struct kmsg_line l;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kmsg_parse_line(cases[i].line, strlen(cases[i].line), &l);
		cr_expect_eq(l.fmt, cases[i].fmt, "%s: fmt %d", cases[i].line, l.fmt);
		cr_expect_eq(l.kernel, cases[i].kernel, "%s: kernel", cases[i].line);
		cr_expect_float_eq(l.ts, cases[i].ts, 1e-9, "%s: ts %f", cases[i].line, l.ts);
		cr_expect(l.msg_len == strlen(cases[i].msg) &&
			      !memcmp(l.msg, cases[i].msg, l.msg_len),
			  "%s: msg %.*s", cases[i].line, (int)l.msg_len, l.msg);
	}
}

struct collect {
	char texts[4096];
	unsigned n;
};

static int collect(void *arg, const struct kmsg_event *ev)
{
	struct collect *c = arg;
	size_t len = strlen(c->texts);

	snprintf(c->texts + len, sizeof(c->texts) - len, "%s|", ev->text);
	c->n++;
	return 0;
}

/* Bytes split anywhere give the same events as the whole. */
Test(kmsg_parse, feed_split_anywhere)
{
	struct collect whole = {{0}, 0}, bytes = {{0}, 0};
	struct kmsg_parser *p;
	size_t i;

	cr_assert_eq(kmsg_parser_new(collect, &whole, true, &p), 0);
	cr_assert_eq(kmsg_parser_feed(p, trace_log, strlen(trace_log)), 0);
	cr_assert_eq(kmsg_parser_finish(p), 0);
	kmsg_parser_free(p);
	cr_assert_eq(kmsg_parser_new(collect, &bytes, true, &p), 0);
	for (i = 0; trace_log[i]; i++)
		cr_assert_eq(kmsg_parser_feed(p, trace_log + i, 1), 0);
	cr_assert_eq(kmsg_parser_finish(p), 0);
	cr_assert_eq(kmsg_parser_stats(p)->lines, 16);
	kmsg_parser_free(p);
	cr_assert_eq(whole.n, 2);
	cr_assert_str_eq(bytes.texts, whole.texts);
}

/* A last line without '\n' counts; a line of exactly KMSG_LINE_MAX bytes is not truncated. */
Test(kmsg_parse, line_bounds)
{
	struct collect c = {{0}, 0};
	struct kmsg_parser *p;
	char *line = malloc(KMSG_LINE_MAX + 1);

	cr_assert_not_null(line);
	memset(line, 'x', KMSG_LINE_MAX);
	memcpy(line, "tpm tpm0: ", 10);
	line[KMSG_LINE_MAX] = '\n';
	cr_assert_eq(kmsg_parser_new(collect, &c, true, &p), 0);
	cr_assert_eq(kmsg_parser_feed(p, line, KMSG_LINE_MAX / 2), 0);
	cr_assert_eq(kmsg_parser_feed(p, line + KMSG_LINE_MAX / 2, KMSG_LINE_MAX / 2 + 1), 0);
	cr_assert_eq(kmsg_parser_feed(p, "tpm tpm0: last", 14), 0);
	cr_assert_eq(kmsg_parser_finish(p), 0);
	cr_assert_eq(kmsg_parser_stats(p)->lines, 2);
	cr_assert_eq(kmsg_parser_stats(p)->truncated_lines, 0);
	cr_assert_eq(c.n, 2);
	kmsg_parser_free(p);
	free(line);
}
