// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What `tpmdiag analyze` reads besides the kernel log: the TPM user-space
 * stack's lines (probes/parse/userlog.h), the return codes in any record, and
 * a pasted file mixing both (probes/offline/analyze_text.h). The lines are real:
 * each test says where it was printed or reported.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/offline/analyze_text.h"
#include "probes/kmsg.h"
#include "probes/parse/userlog.h"

/* ---- helpers ------------------------------------------------------------------ */

struct want {
	const char *line;
	const char *tool; /* NULL: not a user-space TPM line */
	int has_rc;
	uint32_t rc;
	int family;
	const char *text; /* NULL: the line itself */
};

static void check_one(const struct want *w)
{
	struct userlog_line u;
	bool ok = userlog_parse_line(w->line, strlen(w->line), &u);

	if (!w->tool) {
		cr_expect_not(ok, "not a user-space line: %s (got %s)", w->line, ok ? u.tool : "");
		return;
	}
	cr_assert(ok, "user-space line: %s", w->line);
	cr_expect_str_eq(u.tool, w->tool, "%s", w->line);
	cr_expect_eq(u.has_rc, w->has_rc, "has_rc of %s", w->line);
	if (w->has_rc) {
		cr_expect_eq(u.rc, w->rc, "rc of %s: 0x%x", w->line, u.rc);
		cr_expect_eq(u.rc_family, w->family, "family of %s", w->line);
	}
	if (w->text) {
		cr_expect_eq(u.text_len, strlen(w->text), "text of %s: %.*s", w->line,
			     (int)u.text_len, u.text);
		cr_expect_eq(memcmp(u.text, w->text, strlen(w->text)), 0, "text of %s", w->line);
	}
}

#define CHECK_ALL(tbl)                                                                             \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < sizeof(tbl) / sizeof((tbl)[0]); i_++)                     \
			check_one(&(tbl)[i_]);                                                     \
	} while (0)

/* ---- tcsd --------------------------------------------------------------------- */

/*
 * Ubuntu Forums "TPM1.2 not working on 6.8 kernel" (2024-11-20): the
 * journal of trousers.service and `tcsd -f` on the same machine; TrouSerS
 * src/include/tcslog.h prints "APPID ERROR: msg" in the foreground and
 * syslog()s "TrouSerS ERROR: msg" under the ident "TCSD TDDL" / "TCSD TCS".
 */
Test(userlog, tcsd)
{
	static const struct want w[] = {
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TDDL[7945]: TrouSerS ioctl: (25) "
	     "Inappropriate ioctl for device",
	     "tcsd", 0, 0, 0,
	     "TCSD TDDL[7945]: TrouSerS ioctl: (25) Inappropriate ioctl for device"},
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TDDL[7945]: TrouSerS ERROR: write "
	     "to "
	     "device /dev/tpm0 failed: Timer expired",
	     "tcsd", 0, 0, 0,
	     "TCSD TDDL[7945]: TrouSerS ERROR: write to device /dev/tpm0 failed: Timer expired"},
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TCS[7945]: TrouSerS ERROR: TCS "
	     "GetCapability failed with result = 0x1087",
	     "tcsd", 1, 0x1087, 12, NULL},
	    {"TCSD TDDL ioctl: (25) Inappropriate ioctl for device", "tcsd", 0, 0, 0, NULL},
	    {"TCSD TDDL Falling back to Read/Write device support.", "tcsd", 0, 0, 0, NULL},
	    {"TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired", "tcsd", 0, 0, 0,
	     "TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired"},
	    {"TCSD TCS ERROR: TCS GetCapability failed with result = 0x1087", "tcsd", 1, 0x1087, 12,
	     NULL},
	    /* a Chinese install note quoting tcsd -f with TSS_DEBUG's file:line */
	    {"TCSD TDDL ERROR: tddl.c:132 Could not find a device to open!", "tcsd", 0, 0, 0, NULL},
	    /* the same pasted with its syslog ident only */
	    {"tcsd[123]: TCSD TDDL ERROR: Could not find a device to open!", "tcsd", 0, 0, 0,
	     "TCSD TDDL ERROR: Could not find a device to open!"},
	    /* a French journal (linux-integrity list, "avr" = April) */
	    {"avr 25 15:12:06 fornost tcsd[4667]: TCSD TDDL[4667]: TrouSerS ERROR: write to device "
	     "/dev/tpm0 failed: Timer expired",
	     "tcsd", 0, 0, 0,
	     "TCSD TDDL[4667]: TrouSerS ERROR: write to device /dev/tpm0 failed: Timer expired"},
	    /* rsyslog with TrouSerS' own ident, which has a space in it */
	    {"Nov 20 10:08:46 host TCSD TDDL[7945]: TrouSerS ERROR: Could not find a device to "
	     "open!",
	     "tcsd", 0, 0, 0, "TrouSerS ERROR: Could not find a device to open!"},
	    /* the init script's own lines are not tcsd's */
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD trousers[7838]:    ...fail!", NULL, 0, 0, 0, NULL},
	};

	CHECK_ALL(w);
}

Test(userlog, syslog_stamp_and_ident_kept_apart)
{
	static const char l[] = "Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TDDL[7945]: "
				"TrouSerS ERROR: write to device /dev/tpm0 failed: Timer expired";
	struct userlog_line u;

	cr_assert(userlog_parse_line(l, strlen(l), &u));
	cr_expect_eq(u.wall_len, strlen("Nov 20 10:08:46"));
	cr_expect_eq(memcmp(u.wall, "Nov 20 10:08:46", u.wall_len), 0);
	cr_expect_eq(u.ident_len, 4);
	cr_expect_eq(memcmp(u.ident, "tcsd", 4), 0);
	cr_expect_eq(u.prio, 3); /* the ERROR */
	cr_expect(u.ts < 0);
}

/* systemd-udevd's worker names itself "(udev-worker)" since systemd 252 (systemd#41714). */
Test(userlog, udev_worker_is_systemd)
{
	static const char l[] = "Mar 11 10:20:38 host01 (udev-worker)[1688]: tpmrm0: Failed to "
				"open device node '/dev/tpmrm0': Operation not supported";
	struct userlog_line u;

	cr_assert(userlog_parse_line(l, strlen(l), &u));
	cr_expect_eq(u.ident_len, strlen("(udev-worker)"));
	cr_expect_eq(memcmp(u.ident, "(udev-worker)", u.ident_len), 0);
	cr_expect_eq(memcmp(u.text, "tpmrm0: Failed", 14), 0);
}

/* ---- tpm-tools ---------------------------------------------------------------- */

/*
 * tpm-tools lib/tpm_tspi.c tspiError(): "%s failed: 0x%08x - layer=%s,
 * code=%04x (%d), %s". The Debian #1006726 (Lenovo W530, ST19NP18) owner
 * attempt, the Ubuntu Forums tpm_version, and SIG-TPM12-PP-LIFETIME-LOCK.
 */
Test(userlog, tpm_tools)
{
	static const struct want w[] = {
	    {"Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135), I/O error",
	     "tpm-tools", 1, 0x1087, 12, NULL},
	    {"Tspi_Context_Connect failed: 0x00003011 - layer=tsp, code=0011 (17), Communication "
	     "failure",
	     "tpm-tools", 1, 0x3011, 12, NULL},
	    {"Tspi_TPM_SetStatus failed: 0x00000003 - layer=tpm, code=0003 (3), Bad Parameter",
	     "tpm-tools", 1, 0x3, 12, NULL},
	    {"Tspi_TPM_TakeOwnership failed: 0x00000008 - layer=tpm, code=0008 (8), The TPM target "
	     "command has been disabled",
	     "tpm-tools", 1, 0x8, 12, NULL},
	    {"Tspi_TPM_GetPubEndorsementKey failed: 0x00000803 - layer=tpm, code=0803 (2051), TPM "
	     "is "
	     "defending against dictionary attacks and is in some time-out period",
	     "tpm-tools", 1, 0x803, 12, NULL},
	    /* quoted in a forum reply */
	    {"> Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135), I/O error",
	     "tpm-tools", 1, 0x1087, 12,
	     "Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135), I/O error"},
	};

	CHECK_ALL(w);
}

/* ---- tpm2-tss and tpm2-tools --------------------------------------------------- */

/*
 * tpm2-tss src/util/log.c "LEVEL:module:file:line:func() msg" and
 * tpm2-tools lib/log.c "ERROR: msg": a tpm2_pcrreset transcript (bad
 * locality), tpm2-abrmd#729 (device busy), tpm2-abrmd#812 (permissions),
 * a libvirt journal (tpm2-tss built without file names), a dracut unseal.
 */
Test(userlog, tpm2_tss_and_tools)
{
	static const struct want w[] = {
	    {"WARNING:esys:src/tss2-esys/api/Esys_PCR_Reset.c:287:Esys_PCR_Reset_Finish() Received "
	     "TPM Error ",
	     "tpm2-tss", 0, 0, 0, NULL},
	    {"ERROR:esys:src/tss2-esys/api/Esys_PCR_Reset.c:98:Esys_PCR_Reset() Esys Finish "
	     "ErrorCode "
	     "(0x00000907) ",
	     "tpm2-tss", 1, 0x907, 20, NULL},
	    {"ERROR: Esys_PCR_Reset(0x907) - tpm:warn(2.0): bad locality", "tpm2-tools", 1, 0x907,
	     20, NULL},
	    {"ERROR: Could not reset PCR index: 10", "tpm2-tools", 0, 0, 0, NULL},
	    {"ERROR: Esys_GetCapability(0x101) - tpm:error(2.0): commands not being accepted "
	     "because "
	     "of a TPM failure",
	     "tpm2-tools", 1, 0x101, 20, NULL},
	    {"ERROR: Esys_Unseal(0x99D) - tpm:session(1):a policy check failed", "tpm2-tools", 1,
	     0x99D, 20, NULL},
	    {"ERROR: Unable to run tpm2_unseal", "tpm2-tools", 0, 0, 0, NULL},
	    {"ERROR: Failed to initialize TABRMD TCTI context: 0xa0008", "tpm2-tools", 1, 0xa0008,
	     20, NULL},
	    {"ERROR:tcti:src/tss2-tcti/tcti-device.c:478:Tss2_Tcti_Device_Init() Failed to open "
	     "specified TCTI device file /dev/tpm0: Device or resource busy",
	     "tpm2-tss", 0, 0, 0, NULL},
	    {"ERROR:tcti:src/tss2-tcti/tcti-device.c:453:Tss2_Tcti_Device_Init() Failed to open "
	     "specified TCTI device file /dev/tpm0: Permission denied",
	     "tpm2-tss", 0, 0, 0, NULL},
	    /* the function pointer is not the code; "failed with a000a" is */
	    {"WARNING:tcti:src/tss2-tcti/tctildr.c:79:tcti_from_init() TCTI init for function "
	     "0x7fc0bcad3d60 failed with a000a",
	     "tpm2-tss", 1, 0xa000a, 20, NULL},
	    {"WARNING:esys: Esys_Load_Finish() Received TPM Error", "tpm2-tss", 0, 0, 0, NULL},
	    {"ERROR:esys: Esys_Load() Esys Finish ErrorCode (0x000001df)", "tpm2-tss", 1, 0x1df, 20,
	     NULL},
	    {"debug:tcti:src/tss2-tcti/tcti-device.c:449:Tss2_Tcti_Device_Init() Trying to open "
	     "specified TCTI device file /dev/tpm0",
	     "tpm2-tss", 0, 0, 0, NULL},
	    /* another program's "ERROR: " is not tpm2-tools' */
	    {"ERROR: disk full", NULL, 0, 0, 0, NULL},
	    /* tpm2-tools 3.x (tpm2-tools#303) */
	    {"Load Object Failed ! ErrorCode: 0x902", "tpm2-tools", 1, 0x902, 20, NULL},
	    /* a script wrapping a tool's stderr (tpm2-tss-engine/tpm2-tools reports) */
	    {"Could not execute tpm2_createprimary: ERROR: Tss2_Sys_CreatePrimary(0x2C4) - "
	     "tpm:parameter(2):value is out of range or is not correct for the context",
	     "tpm2-tools", 1, 0x2c4, 20, NULL},
	};

	CHECK_ALL(w);
}

/* tpm2-abrmd (glib logging) and its TCTI: tpm2-abrmd#92, #172, #491, #729. */
Test(userlog, tpm2_abrmd)
{
	static const struct want w[] = {
	    {"** (tpm2-abrmd:1838): WARNING **: failed to initialize device TCTI context: 0xa000a",
	     "tpm2-abrmd", 1, 0xa000a, 20, NULL},
	    {"** (tpm2-abrmd:1838): CRITICAL **: TCTI initialization failed: 0xa000a", "tpm2-abrmd",
	     1, 0xa000a, 20, NULL},
	    {"** (tpm2-abrmd:3873): CRITICAL **: init_thread_func: failed to create TCTI with conf "
	     "\"device:/dev/tpm0\", got RC: 0xa000a",
	     "tpm2-abrmd", 1, 0xa000a, 20, NULL},
	    {"** (process:31104): WARNING **: Failed to create connection with service: "
	     "GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name "
	     "com.intel.tss2.Tabrmd "
	     "was not provided by any .service files",
	     "tpm2-abrmd", 0, 0, 0, NULL},
	    {"Feb 19 18:25:07 host tpm2-abrmd[812]: TCTI initialization failed: 0xa000a",
	     "tpm2-abrmd", 1, 0xa000a, 20, "TCTI initialization failed: 0xa000a"},
	};

	CHECK_ALL(w);
}

/* systemd src/shared/tpm2-util.c, systemd-cryptenroll, and units of the TPM daemons. */
Test(userlog, systemd)
{
	static const struct want w[] = {
	    {"TPM2 support is not installed.", "systemd", 0, 0, 0, NULL},
	    {"TPM2 support not installed: Operation not supported", "systemd", 0, 0, 0, NULL},
	    {"Failed to start up TPM: tpm:error(2.0): commands not being accepted because of a TPM "
	     "failure",
	     "systemd", 0, 0, 0, NULL},
	    {"Mar 01 10:00:00 host systemd-cryptenroll[634]: Failed to unseal secret using TPM2: "
	     "State "
	     "not recoverable",
	     "systemd", 0, 0, 0, "Failed to unseal secret using TPM2: State not recoverable"},
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD systemd[1]: Failed to start LSB: starts tcsd.",
	     "systemd", 0, 0, 0, "Failed to start LSB: starts tcsd."},
	    {"[    5.000000] systemd[1]: Starting tpm2-abrmd.service...", "systemd", 0, 0, 0,
	     "Starting tpm2-abrmd.service..."},
	    /* systemd's lines about anything else are not kept */
	    {"Nov 20 10:08:46 RC240WZP2337Z0FD systemd[1]: Started Journal Service.", NULL, 0, 0, 0,
	     NULL},
	};

	CHECK_ALL(w);
}

/* ---- raw bytes ---------------------------------------------------------------- */

/*
 * Python one-liners that write a command to /dev/tpm0 and print the
 * answer. The Debian #1006726 reporter's TSC_PhysicalPresence(CMD_ENABLE)
 * answer "00 c4 00 00 00 0a 00 00 00 03" (TPM_BAD_PARAMETER) and the
 * TPM_INVALID_POSTINIT answer after the chip reset, in every printed form.
 */
Test(userlog, raw_bytes)
{
	static const struct want w[] = {
	    {"00 c4 00 00 00 0a 00 00 00 03", "raw-bytes", 1, 0x3, 12, NULL},
	    {"b'\\x00\\xc4\\x00\\x00\\x00\\n\\x00\\x00\\x00&'", "raw-bytes", 1, 0x26, 12, NULL},
	    {"['0x0', '0xc4', '0x0', '0x0', '0x0', '0xa', '0x0', '0x0', '0x0', '0x26']",
	     "raw-bytes", 1, 0x26, 12, NULL},
	    {"[0, 196, 0, 0, 0, 10, 0, 0, 0, 38]", "raw-bytes", 1, 0x26, 12, NULL},
	    {"b'00c40000000a00000026'", "raw-bytes", 1, 0x26, 12, NULL},
	    {"00c40000000a00000026", "raw-bytes", 1, 0x26, 12, NULL},
	    {"0x00 0xc4 0x00 0x00 0x00 0x0a 0x00 0x00 0x00 0x26", "raw-bytes", 1, 0x26, 12, NULL},
	    {"00000000  00 c4 00 00 00 0a 00 00  00 26                    |.........&|",
	     "raw-bytes", 1, 0x26, 12, NULL},
	    {"00000000: 00c4 0000 000a 0000 0026                 ..........", "raw-bytes", 1, 0x26,
	     12, NULL},
	    {"resp: 80 01 00 00 00 0a 00 00 01 00", "raw-bytes", 1, 0x100, 20, NULL},
	    {"[128, 1, 0, 0, 0, 10, 0, 0, 1, 1]", "raw-bytes", 1, 0x101, 20, NULL},
	    /* a success with a body */
	    {"00 c4 00 00 00 0e 00 00 00 00 01 02 03 04", "raw-bytes", 1, 0, 12, NULL},
	    /* commands are not answers: TPM_Startup(ST_CLEAR), TPM2_Startup(SU_CLEAR) */
	    {"00 C1 00 00 00 0C 00 00 00 99 00 01", NULL, 0, 0, 0, NULL},
	    {"80 01 00 00 00 0c 00 00 01 44 00 00", NULL, 0, 0, 0, NULL},
	    /* too short, wrong tag, a size below the header */
	    {"00 c4 00 00 00 0a 00 00", NULL, 0, 0, 0, NULL},
	    {"12 34 00 00 00 0a 00 00 00 26", NULL, 0, 0, 0, NULL},
	    {"00 c4 00 00 00 02 00 00 00 26", NULL, 0, 0, 0, NULL},
	};
	uint16_t tag;
	uint32_t rc;
	int fam;

	CHECK_ALL(w);
	cr_assert(userlog_raw_response("00 c4 00 00 00 0a 00 00 00 03", 29, &tag, &rc, &fam));
	cr_expect_eq(tag, 0x00C4);
	cr_expect_eq(rc, 3);
	cr_expect_eq(fam, 12);
}

/* ---- not user-space ------------------------------------------------------------- */

Test(userlog, kernel_and_other_lines_are_not)
{
	static const struct want w[] = {
	    {"[    1.233596] tpm tpm0: A TPM error (38) occurred attempting to determine the "
	     "timeouts",
	     NULL, 0, 0, 0, NULL},
	    {"tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics", NULL, 0, 0, 0, NULL},
	    {"Nov 26 15:03:45 host kernel: tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)", NULL,
	     0, 0, 0, NULL},
	    {"6,339,1233596,-;tpm_tis 00:00: 1.2 TPM (device-id 0xB, rev-id 16)", NULL, 0, 0, 0,
	     NULL},
	    {"WARNING: CPU: 0 PID: 1 at drivers/char/tpm/tpm_tis_core.c:123 "
	     "tpm_tis_status+0x8a/0xa0",
	     NULL, 0, 0, 0, NULL},
	    {"hello world", NULL, 0, 0, 0, NULL},
	    {"", NULL, 0, 0, 0, NULL},
	    {"   ", NULL, 0, 0, 0, NULL},
	    {"> ", NULL, 0, 0, 0, NULL},
	    {"Nov 20 10:08:46", NULL, 0, 0, 0, NULL},
	};

	CHECK_ALL(w);
}

/* What the user typed, as forum posts show it (tpm2-abrmd#729, tpm2-abrmd#491, Ubuntu Forums). */
Test(userlog, shell_prompts)
{
	static const char *const yes[] = {
	    "$ sudo tpm_takeownership -z",
	    "root@switch2:/home/admin# sudo tpm2-abrmd --allow-root  &",
	    "[root@localhost tpm2-tools-3.0.1]# tpm2-abrmd ",
	    "> $ tpm_version",
	    "# /usr/sbin/tcsd -f",
	};
	static const char *const no[] = {
	    "tpm tpm0: A TPM error (38) occurred",
	    "[    1.0] tpm tpm0: Operation Timed out",
	    "TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired",
	    "the cost is 5$ and more",
	    "",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_expect(userlog_is_prompt(yes[i], strlen(yes[i])), "%s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_expect_not(userlog_is_prompt(no[i], strlen(no[i])), "%s", no[i]);
}

Test(userlog, junk_nul_and_huge_lines)
{
	static const char nul[] = "TCSD TDDL\0ERROR: x";
	struct userlog_line u;
	size_t n = 1 << 20, i;
	char *big = malloc(n);

	cr_assert_not_null(big);
	/* a NUL inside: parsed up to len, never past it */
	cr_expect(userlog_parse_line(nul, sizeof(nul) - 1, &u));
	cr_expect_eq(u.text + u.text_len, nul + sizeof(nul) - 1);
	for (i = 0; i < n; i++)
		big[i] = (char)(i * 7919 % 251);
	userlog_parse_line(big, n, &u);
	memset(big, 'a', n);
	cr_expect_not(userlog_parse_line(big, n, &u));
	memcpy(big, "Tspi_X failed: 0x", 17);
	memset(big + 17, '1', n - 17); /* too many digits for a code */
	cr_expect(userlog_parse_line(big, n, &u));
	cr_expect_not(u.has_rc);
	memset(big, '0', n);
	cr_expect_not(userlog_parse_line(big, n, &u));
	memcpy(big, "b'\\", 3); /* an escape cut at the end */
	cr_expect_not(userlog_parse_line(big, 3, &u));
	free(big);
}

/* ---- return codes in kernel records ------------------------------------------------ */

Test(kmsg_rc, kernel_messages)
{
	static const struct {
		const char *text;
		bool has;
		uint32_t rc;
		int family;
	} t[] = {
	    /* tpm-interface.c, decimal: 38 = 0x26 TPM_INVALID_POSTINIT (1.2 only) */
	    {"tpm tpm0: A TPM error (38) occurred attempting to determine the timeouts", true, 0x26,
	     12},
	    /* 2314 = 0x90A TPM_RC_TESTING, 256 = 0x100 TPM_RC_INITIALIZE (2.0 only) */
	    {"tpm tpm0: A TPM error (2314) occurred continue selftest", true, 0x90A, 20},
	    {"tpm tpm0: A TPM error (256) occurred attempting get random", true, 0x100, 20},
	    {"tpm tpm0: A TPM error (7) occurred attempting to read a pcr value", true, 0x7, 12},
	    {"tpm tpm0: tpm2_load_context: failed with a TPM error 0x0902", true, 0x902, 20},
	    {"tpm tpm0: TPM is disabled/deactivated (0x6)", true, 0x6, 12},
	    {"tpm tpm0: Error (38) sending savestate before suspend", true, 0x26, 12},
	    /* errnos are not codes */
	    {"tpm tpm0: Error (-62) sending savestate before suspend", false, 0, 0},
	    {"tpm tpm0: tpm_try_transmit: send(): error -62", false, 0, 0},
	    {"tpm tpm0: A TPM error (-5) occurred", false, 0, 0},
	    {"tpm tpm0: A TPM error (99999999999) occurred", false, 0, 0},
	    {"tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)", false, 0, 0},
	};
	uint32_t rc = 0;
	int fam = 0;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_expect_eq(kmsg_text_rc(t[i].text, &rc, &fam), t[i].has, "%s", t[i].text);
		if (t[i].has) {
			cr_expect_eq(rc, t[i].rc, "%s: 0x%x", t[i].text, rc);
			cr_expect_eq(fam, t[i].family, "%s: %d", t[i].text, fam);
		}
	}
}

Test(kmsg_rc, kept_in_the_record)
{
	struct kmsg_log *log;
	struct kmsg_event ev = {.seq = 1, .ts = 1.5, .prio = 3, .line = 1};
	struct kmsg_user_src u = {
	    .tool = "tpm-tools", .has_rc = true, .rc = 0x1087, .rc_family = 12};

	cr_assert_eq(kmsg_log_new(&log), 0);
	ev.text = "tpm tpm0: A TPM error (38) occurred attempting to determine the timeouts";
	cr_assert_eq(kmsg_log_add(log, &ev), 0);
	ev.text =
	    "Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135), I/O error";
	cr_assert_eq(kmsg_log_add_user(log, &ev, &u), 0);
	cr_assert_eq(kmsg_log_add_user(log, &ev, &u), 1); /* the same stamp and text */
	cr_assert_eq(log->n, 2);
	cr_expect_not(log->r[0].userspace);
	cr_expect_null(log->r[0].tool);
	cr_expect(log->r[0].has_rc);
	cr_expect_eq(log->r[0].rc, 0x26);
	cr_expect_eq(log->r[0].rc_family, 12);
	cr_expect(log->r[1].userspace);
	cr_expect_str_eq(log->r[1].tool, "tpm-tools");
	cr_expect_eq(log->r[1].rc, 0x1087);
	kmsg_log_free(log);
}

/* ---- a whole pasted file ---------------------------------------------------------- */

static struct facts *fs;
static struct kmsg_log *alog;

static void an_setup(void)
{
	cr_assert_eq(facts_new(&fs), 0);
	alog = NULL;
}

static void an_teardown(void)
{
	kmsg_log_free(alog);
	facts_free(fs);
}

TestSuite(analyze_text, .init = an_setup, .fini = an_teardown);

static int64_t fact_int(const char *key)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "%s", key);
	cr_assert_eq(f->type, FACT_INT, "%s", key);
	return f->num;
}

/*
 * The reported STMicro case (Debian #1006726, research/signatures.md F) as a
 * user would paste it into a forum post: the tools' output, quoted dmesg
 * with the stack trace, the python one-liner's answers, and chatter.
 */
static const char stmicro[] =
    "Hi, taking ownership fails on my W530:\n"
    "\n"
    "$ sudo tpm_takeownership -z\n"
    "Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, code=0087 (135), I/O error\n"
    "\n"
    "tcsd -f said:\n"
    "TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired\n"
    "\n"
    "> [    1.233596] tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)\n"
    "> [  512.000001] tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics\n"
    "> [  512.000010] CPU: 1 PID: 2111 Comm: tcsd Not tainted 5.16.0-3-amd64 #1\n"
    "> [  512.000020] Call Trace:\n"
    "> [  512.000021]  <TASK>\n"
    "> [  512.000030]  tpm_tis_status.cold+0x19/0x20 [tpm_tis_core]\n"
    "> [  512.000040]  tpm_transmit+0x15f/0x3f0 [tpm]\n"
    "> [  512.000050]  </TASK>\n"
    "> [  692.100000] tpm tpm0: Operation Timed out\n"
    "> [  700.000000] tpm tpm0: A TPM error (38) occurred attempting to read a pcr value\n"
    "> [  700.000001] e1000e 0000:00:19.0 eth0: NIC Link is Up\n"
    "\n"
    "Physical presence by command (python, TSC_PhysicalPresence CMD_ENABLE):\n"
    "00 c4 00 00 00 0a 00 00 00 03\n"
    "and any command afterwards:\n"
    "b'\\x00\\xc4\\x00\\x00\\x00\\n\\x00\\x00\\x00&'\n"
    "Thanks!";

Test(analyze_text, stmicro_case_mixed)
{
	const struct fact *rcs;
	size_t i;

	cr_assert_eq(analyze_text_buf("post.txt", stmicro, sizeof(stmicro) - 1, &alog, fs), 0);
	cr_assert_not_null(alog);
	cr_assert_eq(alog->n, 8);
	/* in the order of the text */
	cr_expect(alog->r[0].userspace);
	cr_expect_str_eq(alog->r[0].tool, "tpm-tools");
	cr_expect_eq(alog->r[0].rc, 0x1087);
	cr_expect_eq(alog->r[0].rc_family, 12);
	cr_expect_eq(alog->r[0].line, 4);
	cr_expect_str_eq(alog->r[1].tool, "tcsd");
	cr_expect_str_eq(alog->r[1].text,
			 "TCSD TDDL ERROR: write to device /dev/tpm0 failed: Timer expired");
	cr_expect_not(alog->r[1].has_rc);
	cr_expect_not(alog->r[2].userspace);
	cr_expect_str_eq(alog->r[2].text, "tpm_tis 00:06: 1.2 TPM (device-id 0x0, rev-id 78)");
	cr_expect_str_eq(alog->r[3].text,
			 "tpm tpm0: invalid TPM_STS.x 0xff, dumping stack for forensics");
	cr_expect_eq(alog->r[3].trace_lines, 6);
	cr_expect_str_eq(alog->r[4].text, "tpm tpm0: Operation Timed out");
	cr_expect_eq(alog->r[4].ts, 692.1);
	cr_expect(alog->r[5].has_rc);
	cr_expect_eq(alog->r[5].rc, 0x26);
	cr_expect_eq(alog->r[5].rc_family, 12);
	cr_expect_str_eq(alog->r[6].tool, "raw-bytes");
	cr_expect_eq(alog->r[6].rc, 0x3);
	cr_expect_eq(alog->r[6].rc_family, 12);
	cr_expect_eq(alog->r[6].line, 22);
	cr_expect_str_eq(alog->r[7].tool, "raw-bytes");
	cr_expect_eq(alog->r[7].rc, 0x26);
	for (i = 1; i < alog->n; i++)
		cr_expect_gt(alog->r[i].line, alog->r[i - 1].line);

	cr_expect_eq(fact_int("analyze.lines"), 25);
	cr_expect_eq(fact_int("analyze.kernel_records"), 4);
	cr_expect_eq(fact_int("analyze.userspace_records"), 4);
	/* 21 non-blank lines: 4 user, 4 kernel records + 6 trace lines; the rest is chatter
	 * (the shell prompt, the e1000e line, the prose) */
	cr_expect_eq(fact_int("analyze.other_lines"), 7);
	cr_expect_str_eq(facts_get(fs, "analyze.source")->str, "post.txt");
	cr_expect_eq(facts_get(fs, "analyze.source")->src.kind, FACT_SRC_FILE);
	rcs = facts_get(fs, "analyze.return_codes");
	cr_assert_not_null(rcs);
	cr_assert_eq(rcs->type, FACT_LIST);
	cr_assert_eq(rcs->n_items, 3);
	cr_expect_str_eq(rcs->items[0], "0x00001087 layer tddl: TDDL_E_IOERROR: an I/O error on "
					"the TPM device stopped the request");
	cr_expect_eq(strncmp(rcs->items[1], "0x00000026 TPM_INVALID_POSTINIT: ", 33), 0, "%s",
		     rcs->items[1]);
	cr_expect_eq(strncmp(rcs->items[2], "0x00000003 TPM_BAD_PARAMETER: ", 30), 0, "%s",
		     rcs->items[2]);
}

/* journalctl -b of the Ubuntu Forums machine: kernel and user-space lines in one stream. */
Test(analyze_text, journal_of_kernel_and_daemons)
{
	static const char j[] =
	    "Nov 20 10:08:46 RC240WZP2337Z0FD kernel: tpm_tis 00:07: 1.2 TPM (device-id 0x3205, "
	    "rev-id 80)\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD kernel: tpm tpm0: tpm_try_transmit: send(): error "
	    "-62\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD systemd[1]: Starting LSB: starts tcsd...\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TDDL[7945]: TrouSerS ERROR: write "
	    "to "
	    "device /dev/tpm0 failed: Timer expired\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TCS[7945]: TrouSerS ERROR: TCS "
	    "GetCapability failed with result = 0x1087\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD CRON[99]: (root) CMD (true)\n"
	    "Nov 20 10:08:46 RC240WZP2337Z0FD tcsd[7945]: TCSD TCS[7945]: TrouSerS ERROR: TCS "
	    "GetCapability failed with result = 0x1087\n";

	cr_assert_eq(analyze_text_buf("journal.txt", j, sizeof(j) - 1, &alog, fs), 0);
	cr_assert_eq(alog->n, 5);
	cr_expect_not(alog->r[0].userspace);
	cr_expect_not(alog->r[1].userspace);
	cr_expect_not(alog->r[1].has_rc); /* -62 is an errno */
	cr_expect_str_eq(alog->r[2].tool, "systemd");
	cr_expect_str_eq(alog->r[2].prefix, "systemd");
	cr_expect_str_eq(alog->r[2].wall, "Nov 20 10:08:46");
	cr_expect_str_eq(alog->r[3].tool, "tcsd");
	cr_expect_str_eq(alog->r[4].tool, "tcsd");
	cr_expect_eq(alog->r[4].rc, 0x1087);
	cr_expect_eq(fact_int("analyze.duplicate_records"), 1);
	cr_expect_eq(fact_int("analyze.other_lines"), 1);
	cr_expect_eq(facts_get(fs, "analyze.return_codes")->n_items, 1);
}

/* A bare "A TPM error (N)" code both families could read takes the banner's family. */
Test(analyze_text, kernel_family_from_the_banner)
{
	static const char t[] =
	    "[    1.0] tpm_tis MSFT0101:00: 2.0 TPM (device-id 0x1B, rev-id 22)\n"
	    "[    2.0] tpm tpm0: A TPM error (30) occurred attempting x\n";
	uint32_t rc;
	int fam;

	/* 30 = 0x1E: TPM_BADTAG in 1.2 and TPM_RC_BAD_TAG in 2.0 */
	cr_assert(kmsg_text_rc("A TPM error (30) occurred", &rc, &fam));
	cr_assert_eq(fam, 0);
	cr_assert_eq(analyze_text_buf("t", t, sizeof(t) - 1, &alog, fs), 0);
	cr_assert_eq(alog->n, 2);
	cr_expect_eq(alog->r[1].rc, 30);
	cr_expect_eq(alog->r[1].rc_family, 20);
}

Test(analyze_text, junk_nul_and_huge_lines)
{
	size_t n = (3 << 20) + 17, i;
	char *buf = malloc(n);
	size_t at = 0;
	static const char head[] = "Tspi_TPM_TakeOwnership failed: 0x00001087 - layer=tddl, "
				   "code=0087 (135), I/O error";

	cr_assert_not_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = (char)(i * 2654435761u >> 13);
	/* a user-space line of a megabyte, a kernel line of a megabyte, NULs, junk */
	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, 'x', 1 << 20);
	at = sizeof(head) - 1 + (1 << 20);
	buf[at++] = '\n';
	memcpy(buf + at, "[    1.0] tpm tpm0: ", 20);
	memset(buf + at + 20, 'y', 1 << 20);
	at += 20 + (1 << 20);
	buf[at++] = '\n';
	memset(buf + at, 0, 100);
	cr_assert_eq(analyze_text_buf("junk", buf, n, &alog, fs), 0);
	cr_assert_geq(alog->n, 2);
	cr_expect(alog->r[0].userspace);
	cr_expect_eq(alog->r[0].rc, 0x1087);
	cr_expect_eq(alog->r[0].line, 1);
	cr_expect_not(alog->r[1].userspace);
	cr_expect_eq(alog->r[1].line, 2);
	cr_expect_eq(strlen(alog->r[1].text), KMSG_LINE_MAX - 10);
	cr_expect_geq(fact_int("analyze.truncated_lines"), 2);
	for (i = 0; i < alog->n; i++)
		for (const char *p = alog->r[i].text; *p; p++)
			cr_assert((unsigned char)*p >= 0x20 || *p == '\t');
	free(buf);
}

Test(analyze_text, split_reads_agree)
{
	struct kmsg_log *one = NULL;
	struct facts *fs1;
	char path[4200];
	const char *base = getenv("TPMDIAG_TEST_TMP");
	FILE *f;
	int fd;
	size_t i;

	snprintf(path, sizeof(path), "%s/userlog-XXXXXX", base && *base ? base : "/tmp");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	cr_assert_not_null(f);
	for (i = 0; i < 4000; i++) /* bigger than one read */
		fputs(stmicro, f), fputc('\n', f);
	fclose(f);
	cr_assert_eq(analyze_text_file(path, &alog, fs), 0);
	cr_assert_eq(facts_new(&fs1), 0);
	cr_assert_eq(analyze_text_file(path, &one, fs1), 0);
	unlink(path);
	/* the stamped kernel records are the same ones pasted again: kept once */
	cr_expect_eq(alog->n, 4 + 4000 * 4);
	cr_expect_eq(fact_int("analyze.duplicate_records"), 3999 * 4);
	cr_expect_eq(fact_int("analyze.lines"), 4000 * 25);
	cr_expect_str_eq(facts_get(fs, "analyze.source")->str, path);
	for (i = 1; i < alog->n; i++)
		cr_assert_gt(alog->r[i].line, alog->r[i - 1].line);
	cr_expect_eq(one->n, alog->n);
	kmsg_log_free(one);
	facts_free(fs1);
}

Test(analyze_text, missing_file)
{
	const struct fact *f;

	cr_expect_eq(analyze_text_file("/nonexistent/tpmdiag/post.txt", &alog, fs), -ENOENT);
	cr_expect_null(alog);
	f = facts_get(fs, "analyze.source");
	cr_assert_not_null(f);
	cr_expect_eq(f->type, FACT_UNREADABLE);
	cr_expect_eq(f->why, FACT_ABSENT);
}

Test(analyze_text, empty)
{
	cr_assert_eq(analyze_text_buf("empty", "", 0, &alog, fs), 0);
	cr_expect_eq(alog->n, 0);
	cr_expect_eq(fact_int("analyze.lines"), 0);
	cr_expect_eq(facts_get(fs, "analyze.return_codes")->n_items, 0);
	cr_expect_str_eq(facts_get(fs, "analyze.kernel_format")->str, "empty");
}
