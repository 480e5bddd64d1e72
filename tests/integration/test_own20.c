// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `tpmdiag own` on a TPM 2.0 (own20_run) against swtpm, proven by tpm2-tools:
 * the owner password tpmdiag set changes with tpm2_changeauth (and a wrong one
 * does not), tpm2_readpublic shows the SRK template at 0x81000001, a second
 * run stops, a chip not started gets Startup, and the password is in no
 * output, error or transcript.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "diag/own/own20.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"

#define PW    "tpmdiag-Own3r-pw"
#define PW_EH "endorse-Pw-77"

static struct swtpm_proc proc;
static struct tpm_transport *tr;
static char out[65536];
static char err[1024];
static char tool_out[65536];

static void teardown(void)
{
	tpm_transport_close(tr);
	tr = NULL;
	swtpm_proc_stop(&proc);
}

TestSuite(own20, .fini = teardown, .timeout = 120);

static void open_tr(const char *record)
{
	struct tpm_open_opts oo = {.record_path = record};
	char e[1024];

	cr_assert_eq(tpm_transport_open(proc.spec, &oo, &tr, e, sizeof(e)), 0, "%s", e);
}

static void start(const char *flags)
{
	struct swtpm_opts o = {.tpm2 = true, .tcp = true, .flags = flags};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm did not start");
	open_tr(NULL);
}

static void close_tr(void)
{
	tpm_transport_close(tr);
	tr = NULL;
}

static void fill(struct secret *s, const char *pw)
{
	memset(s, 0, sizeof(*s));
	s->len = strlen(pw);
	memcpy(s->v, pw, s->len);
	s->set = true;
}

/* own20_run with the owner password pw (and the endorsement one when eh). */
static int own(const char *pw, const char *eh, bool ecc)
{
	struct secret so, se;
	struct own20_opts o = {.owner = &so, .ecc = ecc};
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ret;

	fill(&so, pw);
	if (eh) {
		fill(&se, eh);
		o.endorsement = &se;
	}
	m = open_memstream(&buf, &len);
	cr_assert_not_null(m);
	ret = own20_run(tr, &o, m, err, sizeof(err));
	fclose(m);
	snprintf(out, sizeof(out), "%s", buf ? buf : "");
	free(buf);
	cr_log_info("own20_run -> %d (%s)\n%s", ret, err, out);
	return ret;
}

/* Run a tpm2-tools command line against the swtpm; its exit status, output in tool_out. */
static int tool(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int tool(const char *fmt, ...)
{
	char args[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	st = swtpm_tool(&proc, tool_out, sizeof(tool_out), "%s", args);
	cr_log_info("$ %s -> %d\n%s", args, st, tool_out);
	return st;
}

static void no_secret_in_output(const char *pw)
{
	cr_expect_null(strstr(out, pw), "the password appears in the output");
	cr_expect_null(strstr(err, pw), "the password appears in the error");
}

Test(own20, rsa_owned_and_confirmed_by_tpm2_tools)
{
	start("not-need-init,startup-clear");
	cr_assert_eq(own(PW, NULL, false), 0, "%s", err);
	no_secret_in_output(PW);
	cr_expect_not_null(strstr(out, "TPM2_HierarchyChangeAuth(TPM_RH_OWNER)"));
	cr_expect_not_null(strstr(out, "persistent at 0x81000001"));
	cr_expect_not_null(strstr(out, "name: 00 0b"), "the SRK's name (sha256) is printed");
	close_tr();

	cr_expect_neq(tool("tpm2_changeauth -c owner -p wrong-password other"), 0,
		      "a wrong owner password is refused");
	cr_expect_eq(tool("tpm2_changeauth -c owner -p %s newer-pw", PW), 0,
		     "tpm2-tools changes the owner auth with tpmdiag's password");
	cr_expect_eq(tool("tpm2_readpublic -c 0x81000001"), 0);
	cr_expect_not_null(strstr(tool_out, "rsa"));
	cr_expect_not_null(strstr(tool_out, "bits: 2048"));
	cr_expect_not_null(strstr(tool_out, "fixedtpm|fixedparent|sensitivedataorigin|"
					    "userwithauth|noda|restricted|decrypt"));
	cr_expect_not_null(strstr(tool_out, "raw: 0x30472"));
	cr_expect_not_null(strstr(tool_out, "sym-alg:\n  value: aes"));
	cr_expect_not_null(strstr(tool_out, "sym-mode:\n  value: cfb"));
	cr_expect_not_null(strstr(tool_out, "sym-keybits: 128"));
}

Test(own20, second_run_stops_owner_already_set)
{
	start("not-need-init,startup-clear");
	cr_assert_eq(own(PW, NULL, false), 0, "%s", err);
	cr_expect_eq(own("another-password", NULL, false), -EEXIST);
	cr_expect_not_null(strstr(err, "the owner password is already set: ownership was taken; "
				       "tpmdiag own does not clear or change it"),
			   "%s", err);
	cr_expect_null(strstr(out, "TPM2_HierarchyChangeAuth"), "nothing changed");
	no_secret_in_output("another-password");
	close_tr();
	cr_expect_eq(tool("tpm2_changeauth -c owner -p %s x", PW), 0, "the first password holds");
}

Test(own20, ecc_with_endorsement_password)
{
	start("not-need-init,startup-clear");
	cr_assert_eq(own(PW, PW_EH, true), 0, "%s", err);
	no_secret_in_output(PW);
	no_secret_in_output(PW_EH);
	cr_expect_not_null(strstr(out, "ECC NIST P-256"));
	close_tr();
	cr_expect_eq(tool("tpm2_readpublic -c 0x81000001"), 0);
	cr_expect_not_null(strstr(tool_out, "ecc"));
	cr_expect_not_null(strstr(tool_out, "NIST p256"), "%s", tool_out);
	cr_expect_not_null(strstr(tool_out, "fixedtpm|fixedparent|sensitivedataorigin|"
					    "userwithauth|noda|restricted|decrypt"));
	cr_expect_eq(tool("tpm2_changeauth -c endorsement -p %s e2", PW_EH), 0,
		     "the endorsement password works with tpm2-tools");
	cr_expect_eq(tool("tpm2_changeauth -c owner -p %s o2", PW), 0);
}

Test(own20, chip_not_started_gets_startup)
{
	uint8_t flags[4] = {0}, r[16];
	size_t n = 0;

	start(NULL);
	cr_assert_eq(tpm_transport_ctrl(tr, SWTPM_CMD_INIT, flags, 4, r, sizeof(r), &n, 5000), 0,
		     "%s", tr->err);
	cr_assert_eq(own(PW, NULL, false), 0, "%s", err);
	cr_expect_not_null(strstr(out, "TPM_RC_INITIALIZE"));
	cr_expect_not_null(strstr(out, "TPM2_Startup(TPM_SU_CLEAR)"));
	no_secret_in_output(PW);
}

Test(own20, too_long_password_refused_before_anything_is_sent)
{
	start("not-need-init,startup-clear");
	cr_expect_eq(own("0123456789abcdef0123456789abcdef-too-long", NULL, false), -EINVAL);
	cr_expect_not_null(strstr(err, "1 to 32 bytes"), "%s", err);
	cr_expect_null(strstr(out, "[1]"), "no step ran");
	no_secret_in_output("0123456789abcdef0123456789abcdef-too-long");
}

/* All bytes of the transcript's '>' and '<' lines, in order. */
static size_t transcript_bytes(const char *path, uint8_t *b, size_t cap)
{
	char line[512], *p, *end;
	size_t n = 0;
	FILE *f = fopen(path, "r");
	unsigned long v;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " \t");
		if (*p != '>' && *p != '<')
			continue;
		for (p++;; p = end) {
			while (*p == ' ')
				p++;
			if (!isxdigit((unsigned char)*p))
				break;
			v = strtoul(p, &end, 16);
			if (end == p || n == cap)
				break;
			b[n++] = (uint8_t)v;
		}
	}
	fclose(f);
	return n;
}

Test(own20, password_not_in_transcript)
{
	static uint8_t bytes[1 << 20];
	char dir[256], path[300];
	size_t n;

	start("not-need-init,startup-clear");
	close_tr();
	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	snprintf(path, sizeof(path), "%s/own.transcript", dir);
	open_tr(path);
	cr_assert_eq(own(PW, PW_EH, false), 0, "%s", err);
	close_tr();
	n = transcript_bytes(path, bytes, sizeof(bytes));
	cr_expect_gt(n, 1000, "the transcript holds the exchanges");
	cr_expect_null(memmem(bytes, n, PW, strlen(PW)), "owner password in the transcript");
	cr_expect_null(memmem(bytes, n, PW_EH, strlen(PW_EH)), "endorsement password in it");
	test_rmtree(dir);
	cr_expect_eq(tool("tpm2_changeauth -c owner -p %s o2", PW), 0,
		     "the real command carried the password");
}
