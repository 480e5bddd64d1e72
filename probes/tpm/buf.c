// SPDX-License-Identifier: GPL-2.0-or-later
/* Bounded big-endian marshalling with a sticky error; see buf.h. */
#include <errno.h>
#include <string.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"

void tpm_buf_init(struct tpm_buf *b, uint8_t *storage, size_t cap)
{
	b->data = storage;
	b->cap = storage ? cap : 0;
	b->len = 0;
	b->bad = false;
}

static uint8_t *tpm_buf_room(struct tpm_buf *b, size_t n)
{
	uint8_t *p;

	if (b->bad || n > b->cap - b->len) {
		b->bad = true;
		return NULL;
	}
	p = b->data + b->len;
	b->len += n;
	return p;
}

void tpm_buf_u8(struct tpm_buf *b, uint8_t v)
{
	uint8_t *p = tpm_buf_room(b, 1);

	if (p)
		p[0] = v;
}

void tpm_buf_u16(struct tpm_buf *b, uint16_t v)
{
	uint8_t *p = tpm_buf_room(b, 2);

	if (p) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	}
}

void tpm_buf_u32(struct tpm_buf *b, uint32_t v)
{
	uint8_t *p = tpm_buf_room(b, 4);

	if (p) {
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}

void tpm_buf_bytes(struct tpm_buf *b, const void *src, size_t n)
{
	uint8_t *p = tpm_buf_room(b, n);

	if (p && n)
		memcpy(p, src, n);
}

void tpm_buf_tpm2b(struct tpm_buf *b, const void *src, size_t n)
{
	if (n > UINT16_MAX) {
		b->bad = true;
		return;
	}
	tpm_buf_u16(b, (uint16_t)n);
	tpm_buf_bytes(b, src, n);
}

void tpm_cmd_begin(struct tpm_buf *b, uint16_t tag, uint32_t code)
{
	b->len = 0;
	tpm_buf_u16(b, tag);
	tpm_buf_u32(b, 0);
	tpm_buf_u32(b, code);
}

int tpm_cmd_finish(struct tpm_buf *b)
{
	if (b->bad || b->len < TPM_HEADER_SIZE || b->len > UINT32_MAX)
		return -EOVERFLOW;
	b->data[2] = (uint8_t)(b->len >> 24);
	b->data[3] = (uint8_t)(b->len >> 16);
	b->data[4] = (uint8_t)(b->len >> 8);
	b->data[5] = (uint8_t)b->len;
	return 0;
}

void tpm_rd_init(struct tpm_rd *r, const uint8_t *data, size_t len)
{
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->bad = false;
}

/* The next n bytes, or NULL (and the reader marked bad) past the end. */
static const uint8_t *tpm_rd_take(struct tpm_rd *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		return NULL;
	}
	p = r->data + r->pos;
	r->pos += n;
	return p;
}

int tpm_rd_u8(struct tpm_rd *r, uint8_t *v)
{
	const uint8_t *p = tpm_rd_take(r, 1);

	*v = p ? p[0] : 0;
	return p ? 0 : -EBADMSG;
}

int tpm_rd_u16(struct tpm_rd *r, uint16_t *v)
{
	const uint8_t *p = tpm_rd_take(r, 2);

	*v = p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
	return p ? 0 : -EBADMSG;
}

int tpm_rd_u32(struct tpm_rd *r, uint32_t *v)
{
	const uint8_t *p = tpm_rd_take(r, 4);

	*v = p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
	return p ? 0 : -EBADMSG;
}

int tpm_rd_u64(struct tpm_rd *r, uint64_t *v)
{
	uint32_t hi = 0, lo = 0;
	int ret;

	ret = tpm_rd_u32(r, &hi);
	if (!ret)
		ret = tpm_rd_u32(r, &lo);
	*v = ret ? 0 : (uint64_t)hi << 32 | lo;
	return ret;
}

int tpm_rd_bytes(struct tpm_rd *r, void *out, size_t n)
{
	const uint8_t *p = tpm_rd_take(r, n);

	if (!p) {
		if (n)
			memset(out, 0, n);
		return -EBADMSG;
	}
	if (n)
		memcpy(out, p, n);
	return 0;
}

int tpm_rd_ref(struct tpm_rd *r, const uint8_t **out, size_t n)
{
	const uint8_t *p = tpm_rd_take(r, n);

	*out = p;
	return p ? 0 : -EBADMSG;
}

int tpm_rd_tpm2b(struct tpm_rd *r, const uint8_t **out, uint16_t *n)
{
	int ret = tpm_rd_u16(r, n);

	if (!ret)
		ret = tpm_rd_ref(r, out, *n);
	if (ret) {
		*out = NULL;
		*n = 0;
	}
	return ret;
}

int tpm_rd_skip(struct tpm_rd *r, size_t n)
{
	return tpm_rd_take(r, n) ? 0 : -EBADMSG;
}

int tpm_hdr_parse(const uint8_t *msg, size_t len, struct tpm_hdr *hdr, struct tpm_rd *body)
{
	struct tpm_rd r;

	if (len < TPM_HEADER_SIZE)
		return -EBADMSG;
	tpm_rd_init(&r, msg, len);
	tpm_rd_u16(&r, &hdr->tag);
	tpm_rd_u32(&r, &hdr->size);
	tpm_rd_u32(&r, &hdr->code);
	if (hdr->size != len)
		return -EPROTO;
	if (body)
		*body = r;
	return 0;
}
