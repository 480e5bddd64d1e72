// SPDX-License-Identifier: GPL-2.0-or-later
/* Bounded marshalling: every write and read stays inside its buffer. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"
#include "probes/tpm/hex.h"

Test(buf, command_header_size_follows_appends)
{
	uint8_t s[32];
	struct tpm_buf b;
	static const uint8_t want[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};

	tpm_buf_init(&b, s, sizeof(s));
	tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, 0x17b);
	tpm_buf_u16(&b, 8);
	cr_assert_eq(tpm_cmd_finish(&b), 0);
	cr_assert_eq(b.len, sizeof(want));
	cr_assert_arr_eq(s, want, sizeof(want));
}

Test(buf, overflow_is_sticky_and_writes_nothing_past_cap)
{
	uint8_t s[16];
	struct tpm_buf b;

	memset(s, 0xee, sizeof(s));
	tpm_buf_init(&b, s, 12);
	tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, 0x99);
	tpm_buf_u32(&b, 0x11223344); /* 14 > 12 */
	cr_expect(b.bad);
	tpm_buf_u8(&b, 1); /* no-op now, even though 1 byte would fit */
	cr_expect_eq(b.len, 10);
	cr_expect_eq(tpm_cmd_finish(&b), -EOVERFLOW);
	cr_expect_eq(s[12], 0xee);
	cr_expect_eq(s[10], 0xee, "the failed u32 wrote nothing");
}

Test(buf, tpm2b_limits)
{
	uint8_t s[8], big[70000] = {0};
	struct tpm_buf b;

	tpm_buf_init(&b, s, sizeof(s));
	tpm_buf_tpm2b(&b, "ab", 2);
	cr_expect(!b.bad);
	cr_expect_eq(b.len, 4);
	tpm_buf_tpm2b(&b, big, sizeof(big));
	cr_expect(b.bad, "a TPM2B longer than 65535 is refused");
}

Test(buf, reads_past_end_fail_and_zero)
{
	static const uint8_t m[] = {1, 2, 3};
	struct tpm_rd r;
	uint32_t v = 7;
	uint16_t h;
	uint8_t x;

	tpm_rd_init(&r, m, sizeof(m));
	cr_expect_eq(tpm_rd_u16(&r, &h), 0);
	cr_expect_eq(h, 0x0102);
	cr_expect_eq(tpm_rd_u32(&r, &v), -EBADMSG);
	cr_expect_eq(v, 0);
	cr_expect_eq(tpm_rd_u8(&r, &x), -EBADMSG, "sticky: the byte that remains is not read");
	cr_expect_eq(tpm_rd_left(&r), 0);
}

Test(buf, tpm2b_read_with_lying_size)
{
	static const uint8_t m[] = {0x00, 0x10, 'a', 'b'};
	const uint8_t *p = m;
	struct tpm_rd r;
	uint16_t n = 1;

	tpm_rd_init(&r, m, sizeof(m));
	cr_expect_eq(tpm_rd_tpm2b(&r, &p, &n), -EBADMSG);
	cr_expect_null(p);
	cr_expect_eq(n, 0);
}

Test(buf, header_that_lies_about_size_is_an_error)
{
	static const uint8_t ok[] = {0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x01, 0x00};
	static const uint8_t big[] = {0x80, 0x01, 0, 0, 0x10, 0x00, 0, 0, 0, 0};
	static const uint8_t small[] = {0x80, 0x01, 0, 0, 0, 0x04, 0, 0, 0, 0, 9, 9};
	struct tpm_hdr h;
	struct tpm_rd body;

	cr_expect_eq(tpm_hdr_parse(ok, sizeof(ok), &h, &body), 0);
	cr_expect_eq(h.tag, 0x8001);
	cr_expect_eq(h.code, 0x100);
	cr_expect_eq(tpm_rd_left(&body), 0);
	cr_expect_eq(tpm_hdr_parse(big, sizeof(big), &h, NULL), -EPROTO);
	cr_expect_eq(tpm_hdr_parse(small, sizeof(small), &h, NULL), -EPROTO);
	cr_expect_eq(tpm_hdr_parse(ok, 9, &h, NULL), -EBADMSG);
}

Test(hex, parse_forms_and_errors)
{
	char *ok[] = {"80", "0102", "0x03,0x04", "aB:cD"};
	char *odd[] = {"80", "123"};
	char *junk[] = {"zz"};
	uint8_t out[8];
	size_t n;
	int bad;

	cr_expect_eq(hex_parse_words(4, ok, out, sizeof(out), &n, &bad), 0);
	cr_expect_eq(n, 7);
	cr_expect_eq(out[0], 0x80);
	cr_expect_eq(out[4], 0x04);
	cr_expect_eq(out[6], 0xcd);
	cr_expect_eq(hex_parse_words(2, odd, out, sizeof(out), &n, &bad), -EINVAL);
	cr_expect_eq(bad, 1);
	cr_expect_eq(hex_parse_words(1, junk, out, sizeof(out), &n, &bad), -EINVAL);
	cr_expect_eq(hex_parse_words(4, ok, out, 3, &n, &bad), -EMSGSIZE);
}
