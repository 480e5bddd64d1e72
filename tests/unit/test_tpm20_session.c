// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 2.0 password sessions and the commands of `tpmdiag own` (TPM 2.0):
 * the exact bytes of the authorisation area, HierarchyChangeAuth,
 * CreatePrimary with both SRK templates and EvictControl, and the parsing of
 * session responses.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "diag/own/own20.h"
#include "diag/own/tpm20_session.h"

static uint8_t mem[4096];

static void expect_bytes(const struct tpm_buf *b, const uint8_t *want, size_t n)
{
	size_t i;

	cr_assert_eq(b->len, n, "length %zu, want %zu", b->len, n);
	for (i = 0; i < n; i++)
		cr_assert_eq(b->data[i], want[i], "byte %zu: 0x%02x, want 0x%02x", i, b->data[i],
			     want[i]);
}

Test(tpm20_session, password_area_bytes)
{
	static const uint8_t want[] = {
	    0x00, 0x00, 0x00, 0x0c,	 /* authorizationSize: 9 + 3 */
	    0x40, 0x00, 0x00, 0x09,	 /* TPM_RS_PW */
	    0x00, 0x00,			 /* nonceCaller: empty */
	    0x01,			 /* continueSession */
	    0x00, 0x03, 'a',  'b',  'c', /* hmac = the password */
	};
	struct tpm_buf b;
	size_t off = 0;

	tpm_buf_init(&b, mem, sizeof(mem));
	tpm20_pw_area(&b, (const uint8_t *)"abc", 3, &off);
	cr_assert(!b.bad);
	expect_bytes(&b, want, sizeof(want));
	cr_expect_eq(off, 13);
	cr_expect_eq(tpm20_pw_area_size(3), sizeof(want));
}

Test(tpm20_session, empty_password_area)
{
	static const uint8_t want[] = {0, 0, 0, 9, 0x40, 0, 0, 9, 0, 0, 1, 0, 0};
	struct tpm_buf b;

	tpm_buf_init(&b, mem, sizeof(mem));
	tpm20_pw_area(&b, NULL, 0, NULL);
	expect_bytes(&b, want, sizeof(want));
}

Test(tpm20_session, password_longer_than_tpm2b_auth_marks_bad)
{
	uint8_t pw[TPM20_AUTH_MAX + 1] = {0};
	struct tpm_buf b;

	tpm_buf_init(&b, mem, sizeof(mem));
	tpm20_pw_area(&b, pw, sizeof(pw), NULL);
	cr_expect(b.bad);
}

Test(tpm20_session, hierarchy_change_auth_owner)
{
	static const uint8_t want[] = {
	    0x80, 0x02, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01, 0x29, /* header */
	    0x40, 0x00, 0x00, 0x01,					/* TPM_RH_OWNER */
	    0x00, 0x00, 0x00, 0x09, 0x40, 0x00, 0x00, 0x09, 0x00, 0x00,
	    0x01, 0x00, 0x00, 0x00, 0x03, 'p',	'w',  '1', /* newAuth */
	};
	size_t hoff = 99, noff = 0;
	struct tpm_buf b;

	tpm_buf_init(&b, mem, sizeof(mem));
	cr_assert_eq(own20_build_changeauth(&b, 0x40000001, NULL, 0, (const uint8_t *)"pw1", 3,
					    &hoff, &noff),
		     0);
	expect_bytes(&b, want, sizeof(want));
	cr_expect_eq(hoff, 27);
	cr_expect_eq(noff, 29);
}

/* The part every CreatePrimary shares before inPublic. */
static const uint8_t cp_head[] = {
    0x80, 0x02, 0,    0,    0,	  0,	0x00, 0x00, 0x01, 0x31, /* size checked separately */
    0x40, 0x00, 0x00, 0x01,					/* TPM_RH_OWNER */
    0x00, 0x00, 0x00, 0x0b, 0x40, 0x00, 0x00, 0x09, 0x00, 0x00, 0x01,
    0x00, 0x02, 'o',  'w',  0x00, 0x04, 0x00, 0x00, 0x00, 0x00, /* inSensitive */
};

static void expect_createprimary(bool ecc, const uint8_t *pub, size_t pub_len, size_t unique_len)
{
	struct tpm_buf b;
	size_t hoff = 0, at = sizeof(cp_head), i;

	tpm_buf_init(&b, mem, sizeof(mem));
	cr_assert_eq(own20_build_createprimary(&b, ecc, (const uint8_t *)"ow", 2, &hoff), 0);
	cr_assert_eq(b.len, at + 2 + pub_len + unique_len + 2 + 4);
	cr_expect_eq((size_t)((mem[2] << 24) | (mem[3] << 16) | (mem[4] << 8) | mem[5]), b.len);
	for (i = 0; i < at; i++)
		if (i < 2 || i > 5)
			cr_assert_eq(mem[i], cp_head[i], "byte %zu", i);
	cr_expect_eq(hoff, 27);
	cr_expect_eq((size_t)((mem[at] << 8) | mem[at + 1]), pub_len + unique_len, "inPublic size");
	for (i = 0; i < pub_len; i++)
		cr_assert_eq(mem[at + 2 + i], pub[i], "inPublic byte %zu: 0x%02x", i,
			     mem[at + 2 + i]);
	for (i = 0; i < unique_len; i++)
		cr_assert_eq(mem[at + 2 + pub_len + i], 0, "unique is zeros");
	at += 2 + pub_len + unique_len;
	cr_expect_eq(mem[at] | mem[at + 1], 0, "outsideInfo empty");
	cr_expect_eq(mem[at + 2] | mem[at + 3] | mem[at + 4] | mem[at + 5], 0, "no PCRs");
}

Test(tpm20_session, createprimary_rsa2048_srk_template)
{
	static const uint8_t pub[] = {
	    0x00, 0x01, /* rsa */
	    0x00, 0x0b, /* sha256 */
	    0x00, 0x03, 0x04, 0x72, /* fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|noDA|restricted|decrypt
				     */
	    0x00, 0x00,				/* authPolicy */
	    0x00, 0x06, 0x00, 0x80, 0x00, 0x43, /* aes 128 cfb */
	    0x00, 0x10,				/* scheme null */
	    0x08, 0x00,				/* 2048 bits */
	    0x00, 0x00, 0x00, 0x00,		/* exponent default */
	    0x01, 0x00,				/* unique: 256 bytes (zeros follow) */
	};

	expect_createprimary(false, pub, sizeof(pub), 256);
}

Test(tpm20_session, createprimary_ecc_p256_srk_template)
{
	static const uint8_t pub_head[] = {
	    0x00, 0x23, 0x00, 0x0b, 0x00, 0x03, 0x04, 0x72, 0x00, 0x00,
	    0x00, 0x06, 0x00, 0x80, 0x00, 0x43, 0x00, 0x10, 0x00, 0x03, /* NIST P-256 */
	    0x00, 0x10,							/* kdf null */
	};
	uint8_t pub[sizeof(pub_head) + 2 + 32 + 2];

	/* x: 32 zero bytes, y: 32 zero bytes */
	memset(pub, 0, sizeof(pub));
	memcpy(pub, pub_head, sizeof(pub_head));
	pub[sizeof(pub_head) + 1] = 0x20;
	pub[sizeof(pub_head) + 2 + 32 + 1] = 0x20;
	expect_createprimary(true, pub, sizeof(pub), 32);
}

Test(tpm20_session, evictcontrol_bytes)
{
	static const uint8_t want[] = {
	    0x80, 0x02, 0x00, 0x00, 0x00, 0x25, 0x00, 0x00, 0x01, 0x20, 0x40, 0x00,
	    0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x40, 0x00,
	    0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0x02, 'o',  'w',  0x81, 0x00, 0x00,
	};
	struct tpm_buf b;

	tpm_buf_init(&b, mem, sizeof(mem));
	cr_assert_eq(
	    own20_build_evictcontrol(&b, 0x80000000, 0x81000001, (const uint8_t *)"ow", 2, NULL),
	    0);
	cr_assert_eq(b.len, sizeof(want) + 1);
	expect_bytes(&(struct tpm_buf){.data = b.data, .len = sizeof(want)}, want, sizeof(want));
	cr_expect_eq(mem[sizeof(want)], 0x01);
}

Test(tpm20_session, parse_createprimary_style_response)
{
	static const uint8_t rsp[] = {
	    0x80, 0x02, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x00, 0x00, /* header, rc 0 */
	    0x80, 0x00, 0x00, 0x00,					/* handle */
	    0x00, 0x00, 0x00, 0x04,					/* parameterSize */
	    0xaa, 0xbb, 0xcc, 0xdd,					/* parameters */
	    0x00, 0x00, 0x01, 0x00, 0x00, /* auth: nonce, cont, hmac */
	};
	struct tpm20_rsp r;

	cr_assert_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 1, 1, &r), 0);
	cr_expect_eq(r.handle[0], 0x80000000);
	cr_expect_eq(r.params_len, 4);
	cr_expect_eq(r.params[0], 0xaa);
	cr_expect_eq(r.nsessions, 1);
	cr_expect_eq(r.session[0].attrs, 0x01);
	cr_expect_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 1, 2, &r), -EBADMSG, "session count");
	cr_expect_eq(tpm20_rsp_parse(rsp, sizeof(rsp) - 1, 1, 1, &r), -EPROTO, "size lies");
}

Test(tpm20_session, parse_rejects_parameter_size_past_the_end)
{
	static const uint8_t rsp[] = {
	    0x80, 0x02, 0x00, 0x00, 0x00, 0x13, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, /* parameterSize 255: past the end */
	    0x00, 0x00, 0x01, 0x00, 0x00,
	};
	struct tpm20_rsp r;

	cr_expect_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 0, 1, &r), -EBADMSG);
}

Test(tpm20_session, parse_error_response_has_no_body)
{
	static const uint8_t rsp[] = {0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x09, 0x22};
	struct tpm20_rsp r;

	cr_assert_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 1, 1, &r), 0);
	cr_expect_eq(r.rc, 0x922);
	cr_expect_null(r.params);
}

Test(tpm20_session, parse_no_sessions_response)
{
	static const uint8_t rsp[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0, 0, 0x12, 0x34};
	struct tpm20_rsp r;

	cr_assert_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 0, 0, &r), 0);
	cr_expect_eq(r.params_len, 2);
	cr_expect_eq(tpm20_rsp_parse(rsp, sizeof(rsp), 0, 1, &r), -EBADMSG);
}
