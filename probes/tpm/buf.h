/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bounded marshalling of TPM commands and responses (big-endian, as both
 * families use on the wire).
 *
 * A writer (struct tpm_buf) appends into caller-owned storage; a reader
 * (struct tpm_rd) consumes a response. Both carry a sticky error: the first
 * overflow or read past the end marks the buffer bad, every later call is a
 * no-op that yields zeros, and the caller checks once at the end. Nothing is
 * ever read or written outside the bounds given at init.
 */
#ifndef TPMDIAG_BUF_H
#define TPMDIAG_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tpm_buf {
	uint8_t *data;
	size_t cap;
	size_t len;
	bool bad;
};

void tpm_buf_init(struct tpm_buf *b, uint8_t *storage, size_t cap);
void tpm_buf_u8(struct tpm_buf *b, uint8_t v);
void tpm_buf_u16(struct tpm_buf *b, uint16_t v);
void tpm_buf_u32(struct tpm_buf *b, uint32_t v);
void tpm_buf_bytes(struct tpm_buf *b, const void *p, size_t n);
/* A TPM2B: u16 size, then the bytes (n must fit in 16 bits). */
void tpm_buf_tpm2b(struct tpm_buf *b, const void *p, size_t n);

/* Start a command: tag, a size placeholder, the ordinal / command code. */
void tpm_cmd_begin(struct tpm_buf *b, uint16_t tag, uint32_t code);
/*
 * Patch the size field with the bytes written so far.
 * Returns 0, or -EOVERFLOW when the buffer went bad on the way.
 */
int tpm_cmd_finish(struct tpm_buf *b);

struct tpm_rd {
	const uint8_t *data;
	size_t len;
	size_t pos;
	bool bad;
};

void tpm_rd_init(struct tpm_rd *r, const uint8_t *data, size_t len);
/* Each returns 0, or -EBADMSG when fewer bytes remain than asked for. */
int tpm_rd_u8(struct tpm_rd *r, uint8_t *v);
int tpm_rd_u16(struct tpm_rd *r, uint16_t *v);
int tpm_rd_u32(struct tpm_rd *r, uint32_t *v);
int tpm_rd_u64(struct tpm_rd *r, uint64_t *v);
int tpm_rd_bytes(struct tpm_rd *r, void *out, size_t n);
/* Point *p at the next n bytes of the response (no copy). */
int tpm_rd_ref(struct tpm_rd *r, const uint8_t **p, size_t n);
/* A TPM2B: u16 size then that many bytes, referenced in place. */
int tpm_rd_tpm2b(struct tpm_rd *r, const uint8_t **p, uint16_t *n);
int tpm_rd_skip(struct tpm_rd *r, size_t n);
static inline size_t tpm_rd_left(const struct tpm_rd *r)
{
	return r->bad ? 0 : r->len - r->pos;
}

/* The three header fields every command and response begins with. */
struct tpm_hdr {
	uint16_t tag;
	uint32_t size;
	uint32_t code; /* ordinal / command code in a command, return code in a response */
};

/*
 * Parse the header of a complete message of len bytes.
 * -EBADMSG: shorter than a header; -EPROTO: the size field does not equal
 * len (a header that lies about its size is an error, never an overread).
 * On success the reader *body (may be NULL) is positioned after the header.
 */
int tpm_hdr_parse(const uint8_t *msg, size_t len, struct tpm_hdr *hdr, struct tpm_rd *body);

#endif
