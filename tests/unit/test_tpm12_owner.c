// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpm12_owner_xmit (diag/own/tpm12_owner.c) against a fake TPM 1.2 behind a
 * transport: it answers TPM_OIAP, checks the AUTH1 HMAC of the command with
 * its own reference computation (OpenSSL, written from TCG TPM Main 1.2
 * Part 1 "Authorization protocols", not through tpm12_auth.c) and answers
 * with a response HMAC, or refuses.
 *
 * The reference digests are checked against values computed independently
 * with Python:
 *
 *   import hashlib, hmac, struct
 *   key = hashlib.sha1(b"owner").digest()
 *   d = hashlib.sha1(struct.pack(">I", 0x40)).digest()       # 4ea1b3f4...c7b8
 *   hmac.new(key, d + b"\x11"*20 + b"\x22"*20 + b"\x00", hashlib.sha1)  # d662adac...ae86
 *   o = hashlib.sha1(struct.pack(">II", 0, 0x40)).digest()    # 8f688ce4...00ed
 *   hmac.new(key, o + b"\x33"*20 + b"\x22"*20 + b"\x00", hashlib.sha1)  # 1b1bc16e...aa83
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "diag/own/tpm12_owner.h"

#define ORD_OIAP	       0x0Au
#define ORD_ResetLockValue     0x40u
#define ORD_GetCapabilityOwner 0x66u
#define ORD_FlushSpecific      0xBAu
#define SESSION		       0x02000017u

/* --- reference crypto, independent of diag/own/tpm12_auth.c ----------------------------- */

static void sha1(const void *p, size_t n, uint8_t out[20])
{
	unsigned len = 0;

	cr_assert(EVP_Digest(p, n, out, &len, EVP_sha1(), NULL));
}

static void auth_hmac(const uint8_t key[20], const uint8_t d[20], const uint8_t even[20],
		      const uint8_t odd[20], uint8_t cont, uint8_t out[20])
{
	uint8_t m[61];
	unsigned len = 0;

	memcpy(m, d, 20);
	memcpy(m + 20, even, 20);
	memcpy(m + 40, odd, 20);
	m[60] = cont;
	cr_assert(HMAC(EVP_sha1(), key, 20, m, sizeof(m), out, &len));
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void unhex(const char *h, uint8_t *out, size_t n)
{
	unsigned v;
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_eq(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* --- the fake TPM ------------------------------------------------------------------- */

struct fake {
	struct tpm_transport t; /* first: the transport callbacks get &t */
	uint8_t owner_auth[20];
	size_t n_handles; /* how many handles precede the parameters */
	uint32_t oiap_rc, force_rc;
	bool tamper, no_auth_section;
	uint8_t out[64];
	size_t out_len;
	/* what it saw */
	unsigned n_cmds;
	uint32_t ords[8];
	uint16_t tag;
	uint32_t handles[4], auth_handle, flushed, flushed_type;
	uint8_t params[256], nonce_odd[20], cont;
	size_t params_len;
	bool hmac_ok;
};

static size_t reply_hdr(uint8_t *rsp, uint16_t tag, uint32_t rc, size_t len)
{
	rsp[0] = (uint8_t)(tag >> 8);
	rsp[1] = (uint8_t)tag;
	put32(rsp + 2, (uint32_t)len);
	put32(rsp + 6, rc);
	return len;
}

static size_t do_auth1(struct fake *f, const uint8_t *cmd, size_t n, uint8_t *rsp)
{
	static const uint8_t even2[20] = {0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33,
					  0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33,
					  0x33, 0x33, 0x33, 0x33, 0x33, 0x33};
	uint8_t pd[512], d[20], want[20], even[20];
	uint32_t ord = be32(cmd + 6);
	const uint8_t *p = cmd + 10, *auth = cmd + n - 45;
	size_t i, len;

	memset(even, 0x11, sizeof(even));
	f->tag = (uint16_t)(cmd[0] << 8 | cmd[1]);
	for (i = 0; i < f->n_handles; i++, p += 4)
		f->handles[i] = be32(p);
	f->params_len = (size_t)(auth - p);
	memcpy(f->params, p, f->params_len);
	f->auth_handle = be32(auth);
	memcpy(f->nonce_odd, auth + 4, 20);
	f->cont = auth[24];
	/* inParamDigest = SHA1(ordinal || params): the handles are not hashed */
	memcpy(pd, cmd + 6, 4);
	memcpy(pd + 4, f->params, f->params_len);
	sha1(pd, 4 + f->params_len, d);
	auth_hmac(f->owner_auth, d, even, f->nonce_odd, f->cont, want);
	f->hmac_ok = f->auth_handle == SESSION && !memcmp(want, auth + 25, 20);
	if (!f->hmac_ok)
		return reply_hdr(rsp, 0xC4, 0x01, 10); /* TPM_AUTHFAIL */
	if (f->force_rc)
		return reply_hdr(rsp, 0xC4, f->force_rc, 10);
	if (f->no_auth_section) {
		memcpy(rsp + 10, f->out, f->out_len);
		return reply_hdr(rsp, 0xC4, 0, 10 + f->out_len);
	}
	len = 10 + f->out_len + 41;
	memcpy(rsp + 10, f->out, f->out_len);
	memcpy(rsp + 10 + f->out_len, even2, 20);
	rsp[10 + f->out_len + 20] = 0;
	/* outParamDigest = SHA1(rc || ordinal || out params) */
	put32(pd, 0);
	put32(pd + 4, ord);
	memcpy(pd + 8, f->out, f->out_len);
	sha1(pd, 8 + f->out_len, d);
	auth_hmac(f->owner_auth, d, even2, f->nonce_odd, 0, rsp + 10 + f->out_len + 21);
	if (f->tamper)
		rsp[len - 1] ^= 0x01;
	return reply_hdr(rsp, 0xC5, 0, len);
}

static int fake_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t n, uint8_t *rsp,
			 size_t cap, size_t *rlen, unsigned timeout_ms)
{
	struct fake *f = (struct fake *)t;
	uint32_t ord = be32(cmd + 6);

	(void)timeout_ms;
	cr_assert(cap >= 512);
	if (f->n_cmds < 8)
		f->ords[f->n_cmds] = ord;
	f->n_cmds++;
	if (ord == ORD_OIAP) {
		if (f->oiap_rc) {
			*rlen = reply_hdr(rsp, 0xC4, f->oiap_rc, 10);
			return 0;
		}
		put32(rsp + 10, SESSION);
		memset(rsp + 14, 0x11, 20);
		*rlen = reply_hdr(rsp, 0xC4, 0, 34);
		return 0;
	}
	if (ord == ORD_FlushSpecific) {
		f->flushed = be32(cmd + 10);
		f->flushed_type = be32(cmd + 14);
		*rlen = reply_hdr(rsp, 0xC4, 0, 10);
		return 0;
	}
	cr_assert_geq(n, 55, "an AUTH1 command has at least 55 bytes");
	*rlen = do_auth1(f, cmd, n, rsp);
	return 0;
}

static void fake_close(struct tpm_transport *t)
{
	(void)t;
}

static const struct tpm_transport_ops fake_ops = {"fake", fake_transmit, NULL, fake_close};

static struct fake f;
static struct tpm12_owner_rsp r;
static char err[512];

static void fake_init(const char *password)
{
	memset(&f, 0, sizeof(f));
	f.t.ops = &fake_ops;
	snprintf(f.t.spec, sizeof(f.t.spec), "fake:");
	sha1(password, strlen(password), f.owner_auth);
	memset(&r, 0xee, sizeof(r));
}

static void auth_of(const char *password, uint8_t out[20])
{
	struct secret s = {.set = true};

	s.len = strlen(password);
	memcpy(s.v, password, s.len);
	cr_assert_eq(tpm12_auth_from_secret(&s, out), 0);
}

TestSuite(tpm12_owner);

Test(tpm12_owner, reference_digests_match_python)
{
	uint8_t key[20], d[20], even[20], odd[20], mac[20], want[20], ord[8] = {0, 0, 0, 0x40};

	sha1("owner", 5, key);
	sha1(ord, 4, d);
	unhex("4ea1b3f4f253385cd5ddc0aa987ecca5675ac7b8", want, 20);
	cr_assert_arr_eq(d, want, 20);
	memset(even, 0x11, 20);
	memset(odd, 0x22, 20);
	auth_hmac(key, d, even, odd, 0, mac);
	unhex("d662adac5307e7fa5d1457eac10d370b9f03ae86", want, 20);
	cr_assert_arr_eq(mac, want, 20);
	put32(ord + 4, 0x40);
	put32(ord, 0);
	sha1(ord, 8, d);
	unhex("8f688ce4f038910963d1ad1e934d3141cb7300ed", want, 20);
	cr_assert_arr_eq(d, want, 20);
	memset(even, 0x33, 20);
	auth_hmac(key, d, even, odd, 0, mac);
	unhex("1b1bc16e33191086357a0c2f43be8e34dde9aa83", want, 20);
	cr_assert_arr_eq(mac, want, 20);
}

Test(tpm12_owner, right_password_no_parameters)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	auth_of("owner", a);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.rc, 0);
	cr_expect_eq(r.out_len, 0);
	cr_expect(f.hmac_ok);
	cr_expect_eq(f.n_cmds, 2, "OIAP and the command, nothing else");
	cr_expect_eq(f.ords[0], ORD_OIAP);
	cr_expect_eq(f.ords[1], ORD_ResetLockValue);
	cr_expect_eq(f.tag, 0x00C2);
	cr_expect_eq(f.auth_handle, SESSION);
	cr_expect_eq(f.cont, 0, "continueAuthSession is FALSE");
	cr_expect_eq(f.params_len, 0);
}

Test(tpm12_owner, output_parameters_and_handles)
{
	static const uint32_t handles[] = {0x40000000u};
	static const uint8_t params[] = {0xde, 0xad, 0xbe, 0xef, 0x01};
	struct tpm12_owner_cmd c = {.ordinal = ORD_GetCapabilityOwner,
				    .handles = handles,
				    .n_handles = 1,
				    .params = params,
				    .params_len = sizeof(params)};
	static const uint8_t out[12] = {1, 2, 0, 0, 0, 0, 0, 0x12, 0, 0, 0, 0x05};
	uint8_t a[20];

	fake_init("s3cret");
	f.n_handles = 1;
	memcpy(f.out, out, sizeof(out));
	f.out_len = sizeof(out);
	auth_of("s3cret", a);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect(f.hmac_ok, "the HMAC covers the parameters but not the handle");
	cr_expect_eq(f.handles[0], 0x40000000u);
	cr_expect_eq(f.params_len, sizeof(params));
	cr_expect_arr_eq(f.params, params, sizeof(params));
	cr_expect_eq(r.rc, 0);
	cr_assert_eq(r.out_len, sizeof(out));
	cr_expect_arr_eq(r.out, out, sizeof(out));
}

Test(tpm12_owner, well_known_secret_is_zero_key)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	struct secret wk = {.set = true, .well_known = true};
	uint8_t a[20];

	fake_init("");
	memset(f.owner_auth, 0, 20);
	cr_assert_eq(tpm12_auth_from_secret(&wk, a), 0);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.rc, 0);
}

Test(tpm12_owner, wrong_password_is_authfail_and_the_session_is_flushed)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	auth_of("not the owner", a);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.rc, 0x01, "TPM_AUTHFAIL");
	cr_expect_eq(r.out_len, 0);
	cr_expect_eq(f.n_cmds, 3);
	cr_expect_eq(f.ords[2], ORD_FlushSpecific);
	cr_expect_eq(f.flushed, SESSION);
	cr_expect_eq(f.flushed_type, 2, "TPM_RT_AUTH");
}

Test(tpm12_owner, refusal_code_is_passed_on)
{
	struct tpm12_owner_cmd c = {.ordinal = 0x5B};
	uint8_t a[20];

	fake_init("owner");
	f.force_rc = 0x803; /* TPM_DEFEND_LOCK_RUNNING */
	auth_of("owner", a);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(r.rc, 0x803);
	cr_expect_eq(f.flushed, SESSION, "a TPM keeps the session after 0x803: closed");
}

Test(tpm12_owner, forged_response_hmac_is_refused)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	f.tamper = true;
	auth_of("owner", a);
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EBADMSG);
	cr_expect(strstr(err, "does not match the owner password"), "%s", err);
	cr_expect_eq(r.out_len, 0);
}

Test(tpm12_owner, success_without_auth_section_is_refused)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	f.no_auth_section = true;
	auth_of("owner", a);
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EBADMSG);
	cr_expect(strstr(err, "without the authorisation section"), "%s", err);
}

Test(tpm12_owner, oiap_refused_is_eproto_with_its_code)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	f.oiap_rc = 0x26; /* TPM_INVALID_POSTINIT */
	auth_of("owner", a);
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EPROTO);
	cr_expect_eq(r.rc, 0x26);
	cr_expect_eq(f.n_cmds, 1, "nothing after the refused OIAP");
	cr_expect(strstr(err, "TPM_OIAP"), "%s", err);
}

Test(tpm12_owner, recording_transport_is_refused_before_sending)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20];

	fake_init("owner");
	f.t.rec = (struct tpm_recorder *)&f; /* any non-NULL recorder */
	auth_of("owner", a);
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EPERM);
	cr_expect_eq(f.n_cmds, 0);
	cr_expect(strstr(err, "--record"), "%s", err);
	f.t.rec = NULL;
}

Test(tpm12_owner, oversized_or_missing_arguments)
{
	static uint8_t big[TPM_MAX_MSG];
	struct tpm12_owner_cmd c = {.ordinal = 0x65, .params = big, .params_len = sizeof(big)};
	uint8_t a[20] = {0};

	fake_init("owner");
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EINVAL);
	cr_expect_eq(f.n_cmds, 0);
	c.params_len = 4;
	cr_expect_eq(tpm12_owner_xmit(NULL, &c, a, &r, err, sizeof(err)), -EINVAL);
	cr_expect_eq(tpm12_owner_xmit(&f.t, NULL, a, &r, err, sizeof(err)), -EINVAL);
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, NULL, &r, err, sizeof(err)), -EINVAL);
	c.params = NULL;
	cr_expect_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), -EINVAL);
	cr_expect_eq(f.n_cmds, 0);
}

Test(tpm12_owner, two_commands_use_fresh_nonces)
{
	struct tpm12_owner_cmd c = {.ordinal = ORD_ResetLockValue};
	uint8_t a[20], first[20];

	fake_init("owner");
	auth_of("owner", a);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	memcpy(first, f.nonce_odd, 20);
	cr_assert_eq(tpm12_owner_xmit(&f.t, &c, a, &r, err, sizeof(err)), 0, "%s", err);
	cr_expect(memcmp(first, f.nonce_odd, 20) != 0, "nonceOdd is random each time");
}
