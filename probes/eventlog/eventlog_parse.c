// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The records of a firmware event log (probes/eventlog/eventlog.h): the
 * TCG_PCR_EVENT of TPM 1.2 logs and of the crypto-agile header, the
 * TCG_EfiSpecIdEvent, and TCG_PCR_EVENT2 with its TPML_DIGEST_VALUES
 * (TCG PC Client Platform Firmware Profile, "Event Logging"). No length
 * from the log is trusted: each is checked against the bytes left.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

#define PCR_EVENT_HEAD 32 /* pcr, type, SHA-1 digest, event size */
#define SPEC_ID_SIG    "Spec ID Event03"
#define SPEC_ID_MIN    29 /* signature 16, class 4, versions 4, count 4, vendor size 1 */

struct cursor {
	const uint8_t *buf;
	size_t len, pos;
};

static bool take(struct cursor *c, size_t n, const uint8_t **p)
{
	if (n > c->len - c->pos)
		return false;
	*p = c->buf + c->pos;
	c->pos += n;
	return true;
}

static int grow(struct evlog *log, size_t *cap)
{
	struct evlog_event *ev;
	size_t ncap;

	if (log->n_events < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	ev = realloc(log->events, ncap * sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	log->events = ev;
	*cap = ncap;
	return 0;
}

/* TCG_EfiSpecIdEvent: the banks of the log. */
static enum evlog_err spec_id(struct evlog *log, const uint8_t *d, uint32_t n)
{
	uint32_t count, i;
	size_t need;

	log->n_banks = 0;
	if (n < SPEC_ID_MIN || memcmp(d, SPEC_ID_SIG, sizeof(SPEC_ID_SIG)))
		return EVLOG_ERR_SPEC_ID;
	log->spec_minor = d[20];
	log->spec_major = d[21];
	log->spec_errata = d[22];
	log->uintn_size = d[23];
	count = evlog_le32(d + 24);
	if (!count || count > EVLOG_MAX_BANKS)
		return EVLOG_ERR_SPEC_ID;
	need = 28 + (size_t)count * 4 + 1;
	if (need > n || need + d[need - 1] > n)
		return EVLOG_ERR_SPEC_ID;
	for (i = 0; i < count; i++) {
		log->banks[i].alg = evlog_le16(d + 28 + i * 4);
		log->banks[i].size = evlog_le16(d + 30 + i * 4);
		if (!log->banks[i].size || log->banks[i].size > EVLOG_MAX_DIGEST ||
		    evlog_bank_index(log, log->banks[i].alg) != -1)
			return EVLOG_ERR_SPEC_ID;
		log->n_banks = i + 1;
	}
	return EVLOG_OK;
}

/* A TCG_PCR_EVENT: the 1.2 record and the crypto-agile header. */
static enum evlog_err pcr_event(struct cursor *c, struct evlog_event *e)
{
	const uint8_t *h;

	if (!take(c, PCR_EVENT_HEAD, &h))
		return EVLOG_ERR_TRUNCATED;
	e->pcr = evlog_le32(h);
	e->type = evlog_le32(h + 4);
	e->digests[0] = h + 8;
	e->data_len = evlog_le32(h + 28);
	if (e->data_len > EVLOG_MAX_EVENT_DATA)
		return EVLOG_ERR_DATA_TOO_BIG;
	if (!take(c, e->data_len, &e->data))
		return EVLOG_ERR_TRUNCATED;
	return e->pcr < EVLOG_PCRS ? EVLOG_OK : EVLOG_ERR_BAD_PCR;
}

/* A TCG_PCR_EVENT2: digests in the banks the Spec ID named, each once. */
static enum evlog_err pcr_event2(const struct evlog *log, struct cursor *c, struct evlog_event *e)
{
	const uint8_t *h, *a, *d;
	uint32_t count, i;
	int b;

	if (!take(c, 12, &h))
		return EVLOG_ERR_TRUNCATED;
	e->pcr = evlog_le32(h);
	e->type = evlog_le32(h + 4);
	count = evlog_le32(h + 8);
	if (count > log->n_banks)
		return EVLOG_ERR_DIGEST_COUNT;
	for (i = 0; i < count; i++) {
		if (!take(c, 2, &a))
			return EVLOG_ERR_TRUNCATED;
		b = evlog_bank_index(log, evlog_le16(a));
		if (b < 0)
			return EVLOG_ERR_UNKNOWN_ALG;
		if (e->digests[b])
			return EVLOG_ERR_DIGEST_COUNT;
		if (!take(c, log->banks[b].size, &d))
			return EVLOG_ERR_TRUNCATED;
		e->digests[b] = d;
	}
	if (!take(c, 4, &h))
		return EVLOG_ERR_TRUNCATED;
	e->data_len = evlog_le32(h);
	if (e->data_len > EVLOG_MAX_EVENT_DATA)
		return EVLOG_ERR_DATA_TOO_BIG;
	if (!take(c, e->data_len, &e->data))
		return EVLOG_ERR_TRUNCATED;
	return e->pcr < EVLOG_PCRS ? EVLOG_OK : EVLOG_ERR_BAD_PCR;
}

/* Whether the first record is the crypto-agile header. */
static bool is_spec_id(const struct evlog_event *e)
{
	return e->type == EV_NO_ACTION && e->pcr == 0 && e->data_len >= sizeof(SPEC_ID_SIG) &&
	       !memcmp(e->data, SPEC_ID_SIG, sizeof(SPEC_ID_SIG));
}

/*
 * Whether the rest is the unused part of the firmware's log area: all 0x00
 * or all 0xff (a copy of the whole area, not the kernel's, which stops at
 * the last record), at least a record header long, so that a log cut
 * inside a record of PCR 0 stays a truncated log.
 */
static bool padding(const struct cursor *c)
{
	uint8_t fill = c->buf[c->pos];
	size_t i;

	if ((fill != 0x00 && fill != 0xff) || c->len - c->pos < PCR_EVENT_HEAD)
		return false;
	for (i = c->pos; i < c->len; i++)
		if (c->buf[i] != fill)
			return false;
	return true;
}

static enum evlog_err records(struct evlog *log, struct cursor *c, size_t *cap)
{
	enum evlog_err err = EVLOG_OK;
	struct evlog_event *e;

	while (c->pos < c->len) {
		if (padding(c)) {
			log->padding = c->len - c->pos;
			break;
		}
		if (log->n_events >= EVLOG_MAX_EVENTS)
			return EVLOG_ERR_TOO_MANY;
		if (grow(log, cap))
			return EVLOG_ERR_NO_MEMORY;
		e = &log->events[log->n_events];
		memset(e, 0, sizeof(*e));
		e->offset = c->pos;
		log->err_offset = c->pos;
		if (log->format == EVLOG_CRYPTO_AGILE && log->n_events)
			err = pcr_event2(log, c, e);
		else
			err = pcr_event(c, e);
		if (err)
			return err;
		if (!log->n_events && is_spec_id(e)) {
			e->spec_id = true;
			e->digests[0] = NULL; /* 20 zero bytes, of no bank */
			log->format = EVLOG_CRYPTO_AGILE;
			err = spec_id(log, e->data, e->data_len);
			if (err)
				return err;
		}
		log->n_events++;
	}
	return EVLOG_OK;
}

int evlog_parse(const uint8_t *buf, size_t len, struct evlog *log)
{
	struct cursor c = {.buf = buf, .len = len};
	size_t cap = 0;
	int rc = 0;

	memset(log, 0, sizeof(*log));
	log->format = EVLOG_TCG12;
	log->n_banks = 1;
	log->banks[0].alg = TPM_ALG_SHA1;
	log->banks[0].size = 20;
	if (!len)
		log->err = EVLOG_ERR_EMPTY;
	else if (len > EVLOG_MAX_BYTES)
		log->err = EVLOG_ERR_TOO_BIG;
	else
		log->err = records(log, &c, &cap);
	if (!log->err && !log->n_events)
		log->err = EVLOG_ERR_EMPTY; /* padding alone */
	if (log->err == EVLOG_ERR_EMPTY)
		rc = -ENODATA;
	else if (log->err == EVLOG_ERR_TOO_BIG)
		rc = -EFBIG;
	else if (log->err == EVLOG_ERR_NO_MEMORY)
		rc = -ENOMEM;
	else if (log->err)
		rc = -EBADMSG;
	if (rc) {
		free(log->events);
		log->events = NULL;
		log->n_events = 0;
	} else {
		log->err_offset = 0;
	}
	return rc;
}

void evlog_free(struct evlog *log)
{
	free(log->events);
	log->events = NULL;
	log->n_events = 0;
}

bool evlog_extends(const struct evlog_event *e)
{
	return e->type != EV_NO_ACTION;
}

int evlog_bank_index(const struct evlog *log, uint16_t alg)
{
	size_t i;

	for (i = 0; i < log->n_banks; i++)
		if (log->banks[i].alg == alg)
			return (int)i;
	return -1;
}
