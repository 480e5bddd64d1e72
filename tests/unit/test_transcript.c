// SPDX-License-Identifier: GPL-2.0-or-later
/* Transcript parser and writer, the replay transport and the recorder. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/transport/record.h"
#include "probes/transport/transcript.h"
#include "probes/transport/transport.h"

/* ---- helpers ---- */

static char tx_dir[64];

static void tx_dir_make(void)
{
	strcpy(tx_dir, "/tmp/tpmdiag-tx-XXXXXX");
	cr_assert_not_null(mkdtemp(tx_dir));
}

static void tx_dir_remove(void)
{
	static const char *const names[] = {"t.txt", "nul.txt", "big.txt", "rec.txt", "bad.txt"};
	char p[128];
	size_t i;

	if (!tx_dir[0])
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tx_dir, names[i]);
		unlink(p);
	}
	rmdir(tx_dir);
	tx_dir[0] = '\0';
}

static void tx_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tx_dir, name);
}

static void tx_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static int tx_parse_str(const char *text, struct tpm_transcript *t, char *err, size_t errlen)
{
	return tpm_transcript_parse(text, strlen(text), "t.txt", t, err, errlen);
}

static void expect_bytes(const uint8_t *got, size_t got_len, const char *hex)
{
	uint8_t want[64];
	size_t n = 0;
	unsigned v;

	while (*hex) {
		cr_assert_eq(sscanf(hex, "%2x", &v), 1);
		want[n++] = (uint8_t)v;
		hex += 2;
		while (*hex == ' ')
			hex++;
	}
	cr_assert_eq(got_len, n, "length %zu, expected %zu", got_len, n);
	cr_assert_arr_eq(got, want, n);
}

/* ---- parser ---- */

static const char handwritten[] =
    "# tpmdiag transcript: lines starting with '#' are comments; blank lines are ignored\n"
    "\n"
    "tpmdiag-transcript 1   # version one\n"
    "family 2.0\n"
    "device   dev:/dev/tpm0 # part of the device text\t \n"
    "# TPM2_GetRandom -> TPM_RC_SUCCESS (2.1 ms)\n"
    "> 80 01 00 00 00 0c 00 00 01 7b 00 08\n"
    "< 80 01 00 00 00 14 00 00 00 00 00 08 CF 3F E7 4F\n"
    "\n"
    "# a comment inside a message does not end it\n"
    "  < 39e5859e\n"
    ">8001000000\r\n"
    "> 0c 00 00 01 7B 00 08\t# continuation with a trailing comment\n"
    "! ETIME\n"
    "> 00 c1 00 00 00 0c 00 00 00 99 00 01   # a trailing comment\n"
    "! etimedout # lower case\n"
    "> 00 c1 00 00 00 0a 00 00 00 46\n"
    "!5\n";

Test(transcript, parse_handwritten)
{
	struct tpm_transcript t;
	char err[256] = "";

	cr_assert_eq(tx_parse_str(handwritten, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.family, TPM_FAMILY_20);
	cr_assert_str_eq(t.device, "dev:/dev/tpm0 # part of the device text");
	cr_assert_eq(t.n, 4);

	expect_bytes(t.ex[0].cmd, t.ex[0].cmd_len, "80 01 00 00 00 0c 00 00 01 7b 00 08");
	expect_bytes(t.ex[0].rsp, t.ex[0].rsp_len,
		     "80 01 00 00 00 14 00 00 00 00 00 08 cf 3f e7 4f 39 e5 85 9e");
	cr_assert_eq(t.ex[0].err_no, 0);
	cr_assert_eq(t.ex[0].line, 7);

	expect_bytes(t.ex[1].cmd, t.ex[1].cmd_len, "80 01 00 00 00 0c 00 00 01 7b 00 08");
	cr_assert_null(t.ex[1].rsp);
	cr_assert_eq(t.ex[1].err_no, ETIME);
	cr_assert_eq(t.ex[1].line, 12);

	expect_bytes(t.ex[2].cmd, t.ex[2].cmd_len, "00 c1 00 00 00 0c 00 00 00 99 00 01");
	cr_assert_eq(t.ex[2].err_no, ETIMEDOUT);
	cr_assert_eq(t.ex[3].err_no, 5);
	tpm_transcript_free(&t);
	cr_assert_eq(t.n, 0);
	cr_assert_null(t.ex);
	tpm_transcript_free(&t);
}

Test(transcript, parse_minimal)
{
	struct tpm_transcript t;
	char err[256] = "";

	cr_assert_eq(tx_parse_str("tpmdiag-transcript 1", &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.family, TPM_FAMILY_UNKNOWN);
	cr_assert_null(t.device);
	cr_assert_eq(t.n, 0);
	tpm_transcript_free(&t);

	cr_assert_eq(
	    tx_parse_str("tpmdiag-transcript 1\nfamily 1.2\n> 00c1\n< 00c4", &t, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(t.family, TPM_FAMILY_12);
	cr_assert_eq(t.n, 1);
	expect_bytes(t.ex[0].rsp, t.ex[0].rsp_len, "00 c4");
	tpm_transcript_free(&t);
}

struct err_case {
	const char *text;
	const char *msg;
};

static const struct err_case err_cases[] = {
    {"", "t.txt:1:1: missing 'tpmdiag-transcript 1' header"},
    {"# only a comment\n\n", "t.txt:1:1: missing 'tpmdiag-transcript 1' header"},
    {"# c\nfamily 2.0\n", "t.txt:2:1: missing 'tpmdiag-transcript 1' header"},
    {"tpmdiag-transcript 2\n", "t.txt:1:20: unsupported transcript version 2"},
    {"tpmdiag-transcript x1\n", "t.txt:1:20: unsupported transcript version x1"},
    {"tpmdiag-transcript\n", "t.txt:1:19: missing transcript version after 'tpmdiag-transcript'"},
    {"tpmdiag-transcript 1 extra\n", "t.txt:1:22: unexpected 'extra' after the version"},
    {"tpmdiag-transcript 1\ntpmdiag-transcript 1\n",
     "t.txt:2:1: duplicate 'tpmdiag-transcript' line"},
    {"tpmdiag-transcript 1\n> 800\n< 00\n", "t.txt:2:5: odd number of hex digits"},
    {"tpmdiag-transcript 1\n> 80 0 01\n< 00\n", "t.txt:2:6: odd number of hex digits"},
    {"tpmdiag-transcript 1\n> 80 0g\n< 00\n", "t.txt:2:7: unexpected 'g' in hex data"},
    {"tpmdiag-transcript 1\n> 0x80\n< 00\n", "t.txt:2:4: unexpected 'x' in hex data"},
    {"tpmdiag-transcript 1\n< 80 01\n", "t.txt:2:1: '<' without a preceding '>'"},
    {"tpmdiag-transcript 1\n> 80\n! EIO\n< 80 01\n", "t.txt:4:1: '<' without a preceding '>'"},
    {"tpmdiag-transcript 1\n  ! EIO\n", "t.txt:2:3: '!' without a preceding '>'"},
    {"tpmdiag-transcript 1\n> 80\n< 00\n! EIO\n",
     "t.txt:4:1: '!' after a '<' response (a command takes one '<' message or one '!' line)"},
    {"tpmdiag-transcript 1\n> 80 01\n", "t.txt:2:1: '>' without a following '<' or '!'"},
    {"tpmdiag-transcript 1\n> 80\n! FOO\n", "t.txt:3:3: unknown errno name FOO"},
    {"tpmdiag-transcript 1\n> 80\n! 0\n", "t.txt:3:3: errno 0 out of range (1-4095)"},
    {"tpmdiag-transcript 1\n> 80\n! 4096\n", "t.txt:3:3: errno 4096 out of range (1-4095)"},
    {"tpmdiag-transcript 1\n> 80\n! 99999999999999999999\n",
     "t.txt:3:3: errno 99999999999999999999 out of range (1-4095)"},
    {"tpmdiag-transcript 1\n> 80\n!\n", "t.txt:3:2: missing errno name or number after '!'"},
    {"tpmdiag-transcript 1\n> 80\n! EIO EBUSY\n", "t.txt:3:7: unexpected 'EBUSY' after the errno"},
    {"tpmdiag-transcript 1\n> # nothing\n", "t.txt:2:3: no hex bytes after '>'"},
    {"tpmdiag-transcript 1\n> 80\n<\n", "t.txt:3:2: no hex bytes after '<'"},
    {"tpmdiag-transcript 1\nfamily 3.0\n", "t.txt:2:8: unknown family '3.0' (1.2 or 2.0)"},
    {"tpmdiag-transcript 1\nfamily\n", "t.txt:2:7: missing family after 'family' (1.2 or 2.0)"},
    {"tpmdiag-transcript 1\nfamily 2.0\nfamily 2.0\n", "t.txt:3:7: duplicate 'family' line"},
    {"tpmdiag-transcript 1\ndevice a\ndevice b\n", "t.txt:3:7: duplicate 'device' line"},
    {"tpmdiag-transcript 1\ndevice   \n", "t.txt:2:10: missing text after 'device'"},
    {"tpmdiag-transcript 1\n> 80\n< 00\nfamily 2.0\n",
     "t.txt:4:1: 'family' must come before the first '>'"},
    {"tpmdiag-transcript 1\nbogus 1\n",
     "t.txt:2:1: unexpected 'bogus' (expected '>', '<', '!', 'family', 'device' or '#')"},
    {"tpmdiag-transcript 1\n> 80\r01\n", "t.txt:2:5: binary data (byte 0x0d) in a text transcript"},
    {"tpmdiag-transcript 1\n# \x01\n", "t.txt:2:3: binary data (byte 0x01) in a text transcript"},
    {"tpmdiag-transcript 1\n# \x7f\n", "t.txt:2:3: binary data (byte 0x7f) in a text transcript"},
};

Test(transcript, parse_errors)
{
	struct tpm_transcript t;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		memset(err, 0, sizeof(err));
		cr_assert_eq(tx_parse_str(err_cases[i].text, &t, err, sizeof(err)), -EINVAL,
			     "case %zu parsed", i);
		cr_expect_str_eq(err, err_cases[i].msg, "case %zu", i);
		cr_assert_eq(t.n, 0);
		cr_assert_null(t.ex);
		cr_assert_null(t.device);
	}
}

Test(transcript, parse_nul_byte)
{
	static const char text[] = "tpmdiag-transcript 1\n> 80\0 01\n< 00\n";
	struct tpm_transcript t;
	char err[256];

	cr_assert_eq(tpm_transcript_parse(text, sizeof(text) - 1, "t.txt", &t, err, sizeof(err)),
		     -EINVAL);
	cr_assert_str_eq(err, "t.txt:2:5: binary data (byte 0x00) in a text transcript");
}

/* Text with a "> " line of n_first bytes, then one of n_second bytes. */
static char *long_msg_text(size_t n_first, size_t n_second)
{
	size_t cap = 64 + 2 * (n_first + n_second) + 8, k;
	char *s = malloc(cap), *p;

	cr_assert_not_null(s);
	p = s + sprintf(s, "tpmdiag-transcript 1\n> ");
	for (k = 0; k < n_first; k++)
		p += sprintf(p, "00");
	if (n_second) {
		p += sprintf(p, "\n> ");
		for (k = 0; k < n_second; k++)
			p += sprintf(p, "ab");
	}
	sprintf(p, "\n! EIO\n");
	return s;
}

Test(transcript, parse_message_bounds)
{
	struct tpm_transcript t;
	char err[256], *s;

	s = long_msg_text(4096, 0);
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.ex[0].cmd_len, 4096);
	tpm_transcript_free(&t);
	free(s);

	s = long_msg_text(4097, 0);
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "t.txt:2:8195: message longer than 4096 bytes");
	free(s);

	s = long_msg_text(2048, 2049);
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "t.txt:3:4099: message longer than 4096 bytes");
	free(s);
}

Test(transcript, parse_line_bound)
{
	size_t n = 32 + TPM_TRANSCRIPT_MAX_LINE + 2;
	struct tpm_transcript t;
	char err[256], *s = malloc(n + 1);

	cr_assert_not_null(s);
	strcpy(s, "tpmdiag-transcript 1\n#");
	memset(s + strlen(s), ' ', TPM_TRANSCRIPT_MAX_LINE - 1);
	s[21 + TPM_TRANSCRIPT_MAX_LINE] = '\0';
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), 0, "%s", err); /* exactly 65536 */
	tpm_transcript_free(&t);
	strcat(s, " ");
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "t.txt:2:65537: line longer than 65536 bytes");
	free(s);
}

Test(transcript, parse_exchange_bound)
{
	static const char one[] = "> 00\n! EIO\n";
	size_t n = TPM_TRANSCRIPT_MAX_EXCHANGES + 1, k, len;
	struct tpm_transcript t;
	char err[256], *s = malloc(32 + n * (sizeof(one) - 1));

	cr_assert_not_null(s);
	len = (size_t)sprintf(s, "tpmdiag-transcript 1\n");
	for (k = 0; k < n - 1; k++, len += sizeof(one) - 1)
		memcpy(s + len, one, sizeof(one) - 1);
	cr_assert_eq(tpm_transcript_parse(s, len, "t.txt", &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.n, TPM_TRANSCRIPT_MAX_EXCHANGES);
	tpm_transcript_free(&t);
	memcpy(s + len, one, sizeof(one) - 1);
	len += sizeof(one) - 1;
	cr_assert_eq(tpm_transcript_parse(s, len, "t.txt", &t, err, sizeof(err)), -EINVAL);
	cr_assert_str_eq(err, "t.txt:131074:1: more than 65536 exchanges");
	free(s);
}

Test(transcript, parse_file_bound)
{
	size_t len = TPM_TRANSCRIPT_MAX_FILE + 1;
	struct tpm_transcript t;
	char err[256], *s = malloc(len);

	cr_assert_not_null(s);
	memset(s, '\n', len);
	cr_assert_eq(tpm_transcript_parse(s, len, "t.txt", &t, err, sizeof(err)), -EFBIG);
	cr_assert_str_eq(err, "t.txt: larger than 16 MiB (16777217 bytes)");
	free(s);
}

/* ---- writer ---- */

static char *write_to_string(enum tpm_family fam, const char *device, const struct tpm_exchange *ex,
			     size_t n, double ms)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(tpm_transcript_write_header(f, fam, device), 0);
	for (i = 0; i < n; i++)
		cr_assert_eq(tpm_transcript_write_exchange(f, &ex[i], ms), 0, "exchange %zu", i);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

Test(transcript, writer_format)
{
	uint8_t cmd[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 0x08};
	uint8_t rsp[20] = {0x80, 0x01, 0,    0,	   0,	 0x14, 0,    0,	   0,	 0,
			   0,	 0x08, 0xcf, 0x3f, 0xe7, 0x4f, 0x39, 0xe5, 0x85, 0x9e};
	uint8_t cmd12[] = {0x00, 0xc1, 0, 0, 0, 0x0a, 0, 0, 0x12, 0x34};
	struct tpm_exchange ex[2] = {
	    {.cmd = cmd, .cmd_len = sizeof(cmd), .rsp = rsp, .rsp_len = sizeof(rsp)},
	    {.cmd = cmd12, .cmd_len = sizeof(cmd12), .err_no = ETIME},
	};
	char *s = write_to_string(TPM_FAMILY_20, "dev:/dev/tpm0", ex, 2, 2.14);

	cr_assert_not_null(strstr(s, "# tpmdiag transcript: lines starting with '#' are comments; "
				     "blank lines are ignored\n"
				     "tpmdiag-transcript 1\n"
				     "family 2.0\n"
				     "device dev:/dev/tpm0\n"
				     "\n# TPM2_GetRandom -> "),
			   "%s", s);
	cr_assert_not_null(strstr(s, " (2.1 ms)\n"
				     "> 80 01 00 00 00 0c 00 00 01 7b 00 08\n"
				     "< 80 01 00 00 00 14 00 00 00 00 00 08 cf 3f e7 4f\n"
				     "< 39 e5 85 9e\n"
				     "\n# ordinal 0x00001234 -> ETIME (2.1 ms)\n"
				     "> 00 c1 00 00 00 0a 00 00 12 34\n"
				     "! ETIME\n"),
			   "%s", s);
	free(s);
}

Test(transcript, writer_header_variants)
{
	char *s = write_to_string(TPM_FAMILY_UNKNOWN, " a\nb\x01 ", NULL, 0, 0);
	struct tpm_transcript t;
	char err[256];

	cr_assert_null(strstr(s, "family"));
	cr_assert_not_null(strstr(s, "\ndevice a?b?\n"), "%s", s);
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(t.device, "a?b?");
	tpm_transcript_free(&t);
	free(s);

	s = write_to_string(TPM_FAMILY_12, "  ", NULL, 0, 0);
	cr_assert_null(strstr(s, "device"));
	cr_assert_not_null(strstr(s, "\nfamily 1.2\n"));
	free(s);
}

Test(transcript, writer_rejects)
{
	uint8_t b[TPM_MAX_MSG + 1] = {0x80, 0x01};
	struct tpm_exchange e = {.cmd = b, .cmd_len = 12, .rsp = b, .rsp_len = 12};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	e.cmd_len = 0;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, 1), -EINVAL);
	e.cmd_len = TPM_MAX_MSG + 1;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, 1), -EINVAL);
	e.cmd_len = 12;
	e.rsp_len = 0;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, 1), -EINVAL);
	e.err_no = 4096;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, 1), -EINVAL);
	e.err_no = -5;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, 1), -EINVAL);
	e.err_no = 1234;
	cr_expect_eq(tpm_transcript_write_exchange(f, &e, -1), 0);
	fclose(f);
	cr_assert_not_null(strstr(buf, "-> errno 1234\n"), "%s", buf);
	cr_assert_not_null(strstr(buf, "\n! 1234\n"), "%s", buf);
	free(buf);
}

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint8_t *rand_msg(uint32_t *seed, size_t *len)
{
	static const uint16_t tags[] = {0x8001, 0x8002, 0x00c1, 0x00c4, 0x1234};
	size_t n, i;
	uint8_t *p;

	switch (rng_next(seed) % 4) {
	case 0:
		n = 1 + rng_next(seed) % 9; /* shorter than a header */
		break;
	case 1:
		n = TPM_MAX_MSG - rng_next(seed) % 3;
		break;
	default:
		n = 10 + rng_next(seed) % 200;
	}
	p = malloc(n);
	cr_assert_not_null(p);
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rng_next(seed);
	if (n >= 10) {
		i = rng_next(seed) % 5;
		p[0] = (uint8_t)(tags[i] >> 8);
		p[1] = (uint8_t)tags[i];
		if (rng_next(seed) % 2)
			memset(p + 6, 0, 4);
	}
	*len = n;
	return p;
}

Test(transcript, round_trip_random)
{
	static const int errs[] = {ETIME, ETIMEDOUT, EIO, EBUSY, ECONNRESET, EPIPE, 1234, 4095};
	enum { N = 300 };
	struct tpm_exchange ex[N];
	struct tpm_transcript t;
	uint32_t seed = 0x5eed1234u;
	char err[256], *s;
	size_t i;

	memset(ex, 0, sizeof(ex));
	for (i = 0; i < N; i++) {
		ex[i].cmd = rand_msg(&seed, &ex[i].cmd_len);
		if (rng_next(&seed) % 5 == 0)
			ex[i].err_no = errs[rng_next(&seed) % (sizeof(errs) / sizeof(errs[0]))];
		else
			ex[i].rsp = rand_msg(&seed, &ex[i].rsp_len);
	}
	s = write_to_string(TPM_FAMILY_20, "swtpm:unix:/run/x # y", ex, N, 12.5);
	cr_assert_eq(tx_parse_str(s, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.family, TPM_FAMILY_20);
	cr_assert_str_eq(t.device, "swtpm:unix:/run/x # y");
	cr_assert_eq(t.n, N);
	for (i = 0; i < N; i++) {
		cr_assert_eq(t.ex[i].cmd_len, ex[i].cmd_len, "exchange %zu", i);
		cr_assert_arr_eq(t.ex[i].cmd, ex[i].cmd, ex[i].cmd_len, "exchange %zu", i);
		cr_assert_eq(t.ex[i].err_no, ex[i].err_no, "exchange %zu", i);
		cr_assert_eq(t.ex[i].rsp_len, ex[i].rsp_len, "exchange %zu", i);
		if (ex[i].rsp_len)
			cr_assert_arr_eq(t.ex[i].rsp, ex[i].rsp, ex[i].rsp_len, "exchange %zu", i);
		free(ex[i].cmd);
		free(ex[i].rsp);
	}
	tpm_transcript_free(&t);
	free(s);
}

Test(transcript, errno_names)
{
	cr_assert_str_eq(tpm_errno_name(ETIME), "ETIME");
	cr_assert_str_eq(tpm_errno_name(EAGAIN), "EAGAIN");
	cr_assert_str_eq(tpm_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	cr_assert_null(tpm_errno_name(1234));
	cr_assert_null(tpm_errno_name(0));
}

Test(transcript, cmd_names)
{
	uint8_t c20[] = {0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x01, 0x7a};
	uint8_t c12[] = {0x00, 0xc1, 0, 0, 0, 0x0a, 0, 0, 0x00, 0x99};
	uint8_t odd[] = {0x12, 0x34, 0, 0, 0, 0x0a, 0, 0, 0x00, 0x99};
	char b[64];

	tpm_transcript_cmd_name(c20, sizeof(c20), b, sizeof(b));
	cr_assert_str_eq(b, "TPM2_GetCapability");
	tpm_transcript_cmd_name(c12, sizeof(c12), b, sizeof(b));
	cr_assert_str_eq(b, "TPM_Startup");
	tpm_transcript_cmd_name(odd, sizeof(odd), b, sizeof(b));
	cr_assert_str_eq(b, "ordinal 0x00000099");
	tpm_transcript_cmd_name(c20, 3, b, sizeof(b));
	cr_assert_str_eq(b, "a 3-byte command");
}

/* ---- load ---- */

TestSuite(load, .init = tx_dir_make, .fini = tx_dir_remove);

Test(load, ok_and_missing)
{
	struct tpm_transcript t;
	char p[128], err[512];

	tx_path(p, sizeof(p), "t.txt");
	tx_write_file(p, handwritten, sizeof(handwritten) - 1);
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.n, 4);
	tpm_transcript_free(&t);

	tx_path(p, sizeof(p), "missing.txt");
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), -ENOENT);
	cr_assert_not_null(strstr(err, "missing.txt: No such file or directory"), "%s", err);
}

Test(load, nul_byte)
{
	static const char text[] = "tpmdiag-transcript 1\n\n# x\0y\n";
	struct tpm_transcript t;
	char p[128], want[256], err[512];

	tx_path(p, sizeof(p), "nul.txt");
	tx_write_file(p, text, sizeof(text) - 1);
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3:4: binary data (byte 0x00) in a text transcript", p);
	cr_assert_str_eq(err, want);
}

Test(load, too_big)
{
	struct tpm_transcript t;
	char p[128], want[256], err[512];
	int fd;

	tx_path(p, sizeof(p), "big.txt");
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, TPM_TRANSCRIPT_MAX_FILE + 1), 0);
	close(fd);
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), -EFBIG);
	snprintf(want, sizeof(want), "cannot read transcript %s: larger than 16 MiB", p);
	cr_assert_str_eq(err, want);
	cr_assert_eq(t.n, 0);
}

/* ---- replay ---- */

TestSuite(replay, .init = tx_dir_make, .fini = tx_dir_remove);

static const char replay_text[] = "tpmdiag-transcript 1\n"
				  "family 2.0\n"
				  "device dev:/dev/tpmrm0\n"
				  "> 80 01 00 00 00 0c 00 00 01 7b 00 08\n" /* GetRandom(8) */
				  "< 80 01 00 00 00 0c 00 00 00 00 00 01\n"
				  "> 80 01 00 00 00 0c 00 00 01 7b 00 08\n"
				  "< 80 01 00 00 00 0c 00 00 00 00 00 02\n"
				  "> 80 01 00 00 00 0c 00 00 01 7b 00 10\n" /* GetRandom(16) */
				  "< 80 01 00 00 00 0c 00 00 00 00 00 03\n"
				  "> 80 01 00 00 00 0c 00 00 01 7b 00 20\n" /* GetRandom(32) */
				  "! ETIME\n"
				  "> 80 01 00 00 00 0c 00 00 01 7b 00 40\n"
				  "< 80 01 00 00 00 0c 00 00 00 00 00 04 ff ff\n";

static const uint8_t rnd8[] = {0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x7b, 0, 0x08};
static const uint8_t rnd16[] = {0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x7b, 0, 0x10};
static const uint8_t rnd32[] = {0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x7b, 0, 0x20};
static const uint8_t rnd64[] = {0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x7b, 0, 0x40};

static struct tpm_transport *replay_open_text(const char *text)
{
	struct tpm_transport *t = NULL;
	char p[128], err[512] = "", spec[160];

	tx_path(p, sizeof(p), "t.txt");
	tx_write_file(p, text, strlen(text));
	cr_assert_eq(tpm_replay_open(p, NULL, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_not_null(t);
	snprintf(spec, sizeof(spec), "replay:%s", p);
	cr_assert_str_eq(t->spec, spec);
	cr_assert_str_eq(t->ops->kind, "replay");
	cr_assert_null(t->ops->ctrl);
	return t;
}

static int tx_send(struct tpm_transport *t, const uint8_t *cmd, size_t len, uint8_t *rsp,
		   size_t cap, size_t *rsp_len)
{
	return t->ops->transmit(t, cmd, len, rsp, cap, rsp_len, 1);
}

Test(replay, sequential)
{
	struct tpm_transport *t = replay_open_text(replay_text);
	uint8_t rsp[64];
	size_t n;

	cr_assert_eq(t->family_hint, TPM_FAMILY_20);
	cr_assert_str_eq(t->family_source, "transcript");
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(n, 12);
	cr_assert_eq(rsp[11], 1);
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(rsp[11], 2);
	cr_assert_eq(tx_send(t, rnd16, sizeof(rnd16), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(rsp[11], 3);
	t->ops->close(t);
}

Test(replay, out_of_order)
{
	struct tpm_transport *t = replay_open_text(replay_text);
	uint8_t rsp[64];
	size_t n;

	cr_assert_eq(tx_send(t, rnd16, sizeof(rnd16), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(rsp[11], 3);
	/* nothing after the cursor matches: the first unused one from the start */
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(rsp[11], 1);
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), 0);
	cr_assert_eq(rsp[11], 2);
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), -ENOMSG);
	cr_assert_eq(n, 0);
	cr_assert_not_null(strstr(t->err, "no more answers for TPM2_GetRandom"), "%s", t->err);
	t->ops->close(t);
}

Test(replay, unknown_command)
{
	static const uint8_t getcap[] = {0x80, 1, 0, 0, 0, 0x16, 0,    0, 1, 0x7a, 0,
					 0,    0, 6, 0, 0, 1,	 0x05, 0, 0, 0,	   0x7f};
	struct tpm_transport *t = replay_open_text(replay_text);
	uint8_t rsp[64];
	size_t n = 99;

	cr_assert_eq(tx_send(t, getcap, sizeof(getcap), rsp, sizeof(rsp), &n), -ENOMSG);
	cr_assert_eq(n, 0);
	cr_assert_str_eq(t->err, "the transcript has no answer for TPM2_GetCapability "
				 "(80 01 00 00 00 16 00 00 01 7a 00 00 ...) — it was recorded with "
				 "other commands");
	t->ops->close(t);
}

Test(replay, recorded_failure)
{
	struct tpm_transport *t = replay_open_text(replay_text);
	uint8_t rsp[64];
	size_t n;
	char want[256];

	cr_assert_eq(tx_send(t, rnd32, sizeof(rnd32), rsp, sizeof(rsp), &n), -ETIME);
	snprintf(want, sizeof(want), "the recorded device failed: %s (ETIME)", strerror(ETIME));
	cr_assert_str_eq(t->err, want);
	/* used up */
	cr_assert_eq(tx_send(t, rnd32, sizeof(rnd32), rsp, sizeof(rsp), &n), -ENOMSG);
	t->ops->close(t);
}

Test(replay, response_too_big)
{
	struct tpm_transport *t = replay_open_text(replay_text);
	uint8_t rsp[64];
	size_t n;

	cr_assert_eq(tx_send(t, rnd64, sizeof(rnd64), rsp, 13, &n), -ENOBUFS);
	cr_assert_not_null(strstr(t->err, "14 bytes"), "%s", t->err);
	/* not consumed: a big enough buffer still gets it */
	cr_assert_eq(tx_send(t, rnd64, sizeof(rnd64), rsp, 14, &n), 0);
	cr_assert_eq(n, 14);
	t->ops->close(t);
}

Test(replay, no_family)
{
	struct tpm_transport *t = replay_open_text("tpmdiag-transcript 1\n");
	uint8_t rsp[16];
	size_t n;

	cr_assert_eq(t->family_hint, TPM_FAMILY_UNKNOWN);
	cr_assert_null(t->family_source);
	cr_assert_eq(tx_send(t, rnd8, sizeof(rnd8), rsp, sizeof(rsp), &n), -ENOMSG);
	t->ops->close(t);
}

Test(replay, open_errors)
{
	struct tpm_transport *t = (struct tpm_transport *)1;
	char p[128], want[256], err[512];

	tx_path(p, sizeof(p), "bad.txt");
	tx_write_file(p, "tpmdiag-transcript 1\n> 80 01\n< 8\n", 33);
	cr_assert_eq(tpm_replay_open(p, NULL, &t, err, sizeof(err)), -EINVAL);
	cr_assert_null(t);
	snprintf(want, sizeof(want), "%s:3:3: odd number of hex digits", p);
	cr_assert_str_eq(err, want);

	tx_path(p, sizeof(p), "none.txt");
	cr_assert_eq(tpm_replay_open(p, NULL, &t, err, sizeof(err)), -ENOENT);
	cr_assert_null(t);
}

/* ---- recorder ---- */

TestSuite(record, .init = tx_dir_make, .fini = tx_dir_remove);

Test(record, parses_back)
{
	static const uint8_t rsp[] = {0x80, 1, 0, 0, 0, 0x0c, 0, 0, 0, 0, 0, 0x99};
	struct tpm_recorder *r = NULL;
	struct tpm_transcript t;
	char p[128], err[512] = "";
	struct stat st;
	mode_t mask;

	tx_path(p, sizeof(p), "rec.txt");
	tx_write_file(p, "old content", 11);
	cr_assert_eq(tpm_recorder_open(p, "dev:/dev/tpm0", TPM_FAMILY_20, &r, err, sizeof(err)), 0,
		     "%s", err);
	tpm_recorder_exchange(r, rnd8, sizeof(rnd8), rsp, sizeof(rsp), 0, 1.25);
	/* flushed after each exchange: readable before close */
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.n, 1);
	tpm_transcript_free(&t);
	tpm_recorder_exchange(r, rnd16, sizeof(rnd16), NULL, 0, -ETIMEDOUT, 5000);
	tpm_recorder_exchange(r, rnd32, sizeof(rnd32), NULL, 0, 0, 1); /* no answer: comment */
	tpm_recorder_exchange(NULL, rnd32, sizeof(rnd32), rsp, sizeof(rsp), 0, 1);
	cr_assert_eq(tpm_recorder_close(r), 0);
	cr_assert_eq(tpm_recorder_close(NULL), 0);

	cr_assert_eq(stat(p, &st), 0);
	mask = umask(022);
	umask(mask);
	cr_assert_eq(st.st_mode & 0777, 0644 & ~mask, "mode %o", st.st_mode & 0777);
	cr_assert_eq(tpm_transcript_load(p, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.family, TPM_FAMILY_20);
	cr_assert_str_eq(t.device, "dev:/dev/tpm0");
	cr_assert_eq(t.n, 2);
	cr_assert_arr_eq(t.ex[0].cmd, rnd8, sizeof(rnd8));
	cr_assert_eq(t.ex[0].rsp_len, sizeof(rsp));
	cr_assert_arr_eq(t.ex[0].rsp, rsp, sizeof(rsp));
	cr_assert_arr_eq(t.ex[1].cmd, rnd16, sizeof(rnd16));
	cr_assert_eq(t.ex[1].err_no, ETIMEDOUT);
	tpm_transcript_free(&t);
}

Test(record, open_errors)
{
	struct tpm_recorder *r = (struct tpm_recorder *)1;
	char p[160], err[512];

	snprintf(p, sizeof(p), "%s/no/such/dir", tx_dir);
	cr_assert_eq(tpm_recorder_open(p, NULL, TPM_FAMILY_12, &r, err, sizeof(err)), -ENOENT);
	cr_assert_null(r);
	cr_assert_not_null(strstr(err, "no/such/dir: No such file or directory"), "%s", err);

	if (access("/dev/full", W_OK) == 0) {
		cr_assert_eq(
		    tpm_recorder_open("/dev/full", NULL, TPM_FAMILY_12, &r, err, sizeof(err)),
		    -ENOSPC);
		cr_assert_null(r);
	}
}
