// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The replay:FILE transport: answers each command with the response recorded
 * for the same command bytes in a transcript (see transcript.h).
 *
 * Matching: the first unused exchange at or after the cursor whose command
 * equals the one sent; failing that, the first unused one anywhere. The
 * match is marked used and the cursor moves past it. A recorded '!' line is
 * returned as that errno. Timeouts do not apply.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/buf.h"
#include "probes/transport/replay.h"
#include "probes/transport/transcript.h"
#include "probes/transport/transport.h"

struct tpm_replay {
	struct tpm_transport t; /* first: the transport ops cast back to this */
	struct tpm_transcript tr;
	bool *used; /* one per exchange */
	size_t cursor;
};

/*
 * Commands that carry a fresh nonce: the same question never has the same
 * bytes twice, so a recorded answer matches on everything but the nonce.
 */
static const struct {
	uint16_t tag;
	uint32_t code;
	size_t offset, len; /* the nonce, in bytes from the start of the command */
} replay_nonces[] = {
    {TPM_TAG_RQU_COMMAND, 0x7C, TPM_HEADER_SIZE, 20}, /* TPM_ReadPubek antiReplay */
};

/* How many bytes at the nonce position to skip when comparing cmd (0 = none). */
static void replay_nonce(const uint8_t *cmd, size_t len, size_t *off, size_t *n)
{
	struct tpm_hdr h;
	size_t i;

	*off = *n = 0;
	if (tpm_hdr_parse(cmd, len, &h, NULL))
		return;
	for (i = 0; i < sizeof(replay_nonces) / sizeof(replay_nonces[0]); i++)
		if (h.tag == replay_nonces[i].tag && h.code == replay_nonces[i].code &&
		    replay_nonces[i].offset + replay_nonces[i].len <= len) {
			*off = replay_nonces[i].offset;
			*n = replay_nonces[i].len;
		}
}

bool tpm_replay_same(const struct tpm_exchange *e, const uint8_t *cmd, size_t len)
{
	size_t off, n;

	if (e->cmd_len != len)
		return false;
	replay_nonce(cmd, len, &off, &n);
	if (!n)
		return !memcmp(e->cmd, cmd, len);
	return !memcmp(e->cmd, cmd, off) && !memcmp(e->cmd + off + n, cmd + off + n, len - off - n);
}

size_t tpm_replay_find(const struct tpm_transcript *tr, const bool *used, size_t cursor,
		       const uint8_t *cmd, size_t len)
{
	size_t i;

	for (i = cursor; i < tr->n; i++)
		if (!used[i] && tpm_replay_same(&tr->ex[i], cmd, len))
			return i;
	for (i = 0; i < cursor && i < tr->n; i++)
		if (!used[i] && tpm_replay_same(&tr->ex[i], cmd, len))
			return i;
	return tr->n;
}

/* "80 01 00 00 00 16 ..." : the first bytes of cmd, for an error message. */
static void replay_hex_prefix(const uint8_t *cmd, size_t len, char *buf, size_t buflen)
{
	size_t i, k = 0, shown = len < 12 ? len : 12;
	int w;

	buf[0] = '\0';
	for (i = 0; i < shown; i++) {
		w = snprintf(buf + k, buflen - k, "%s%02x", i ? " " : "", cmd[i]);
		if (w < 0 || (size_t)w >= buflen - k)
			return;
		k += (size_t)w;
	}
	if (shown < len)
		snprintf(buf + k, buflen - k, " ...");
}

static int replay_no_answer(struct tpm_replay *r, const uint8_t *cmd, size_t len)
{
	char name[96], hex[64];
	size_t i, spent = 0;

	tpm_transcript_cmd_name(cmd, len, name, sizeof(name));
	replay_hex_prefix(cmd, len, hex, sizeof(hex));
	for (i = 0; i < r->tr.n; i++)
		if (tpm_replay_same(&r->tr.ex[i], cmd, len))
			spent++;
	if (spent)
		return tpm_transport_fail(&r->t, ENOMSG,
					  "the transcript has no more answers for %s (%s) — "
					  "all %zu recorded were played already",
					  name, hex, spent);
	return tpm_transport_fail(&r->t, ENOMSG,
				  "the transcript has no answer for %s (%s) — it was recorded "
				  "with other commands",
				  name, hex);
}

static int replay_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
			   uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct tpm_replay *r = (struct tpm_replay *)t;
	const struct tpm_exchange *e;
	const char *ename;
	size_t i;

	(void)timeout_ms;
	if (!cmd || !cmd_len || !rsp_len || (!rsp && rsp_cap))
		return tpm_transport_fail(t, EINVAL, "replay: bad arguments to transmit");
	*rsp_len = 0;
	i = tpm_replay_find(&r->tr, r->used, r->cursor, cmd, cmd_len);
	if (i >= r->tr.n)
		return replay_no_answer(r, cmd, cmd_len);
	e = &r->tr.ex[i];
	if (!e->err_no && e->rsp_len > rsp_cap)
		return tpm_transport_fail(t, ENOBUFS,
					  "the recorded response (%zu bytes, line %u) does not fit "
					  "the %zu-byte buffer",
					  e->rsp_len, e->line, rsp_cap);
	r->used[i] = true;
	r->cursor = i + 1;
	if (e->err_no) {
		ename = tpm_errno_name(e->err_no);
		if (ename)
			return tpm_transport_fail(t, e->err_no,
						  "the recorded device failed: %s (%s)",
						  strerror(e->err_no), ename);
		return tpm_transport_fail(t, e->err_no, "the recorded device failed: %s (%d)",
					  strerror(e->err_no), e->err_no);
	}
	memcpy(rsp, e->rsp, e->rsp_len);
	*rsp_len = e->rsp_len;
	return 0;
}

static void replay_close(struct tpm_transport *t)
{
	struct tpm_replay *r = (struct tpm_replay *)t;

	if (!r)
		return;
	tpm_transcript_free(&r->tr);
	free(r->used);
	free(r);
}

static const struct tpm_transport_ops replay_ops = {
    .kind = "replay",
    .transmit = replay_transmit,
    .ctrl = NULL,
    .close = replay_close,
};

int tpm_replay_open(const char *path, const struct tpm_open_opts *o, struct tpm_transport **out,
		    char *err, size_t errlen)
{
	struct tpm_replay *r = NULL;
	int rc, n;

	(void)o;
	if (!out)
		return -EINVAL;
	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!path || !*path) {
		if (err && errlen)
			snprintf(err, errlen, "replay: needs a transcript file (replay:FILE)");
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = -ENOMEM;
		goto out;
	}
	r->t.ops = &replay_ops;
	n = snprintf(r->t.spec, sizeof(r->t.spec), "replay:%s", path);
	if (n < 0 || (size_t)n >= sizeof(r->t.spec)) {
		if (err && errlen)
			snprintf(err, errlen, "replay: the file name is too long");
		rc = -ENAMETOOLONG;
		goto out;
	}
	rc = tpm_transcript_load(path, &r->tr, err, errlen);
	if (rc)
		goto out;
	r->used = calloc(r->tr.n ? r->tr.n : 1, sizeof(*r->used));
	if (!r->used) {
		rc = -ENOMEM;
		goto out;
	}
	r->t.family_hint = r->tr.family;
	r->t.family_source = r->tr.family != TPM_FAMILY_UNKNOWN ? "transcript" : NULL;
	*out = &r->t;
	r = NULL;
out:
	if (rc == -ENOMEM && err && errlen)
		snprintf(err, errlen, "replay: out of memory");
	if (r)
		replay_close(&r->t);
	return rc;
}
