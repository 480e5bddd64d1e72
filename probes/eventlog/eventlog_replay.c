// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replaying an event log into the PCR values it claims
 * (probes/eventlog/eventlog_replay.h), with libcrypto's EVP digests.
 */
#include <errno.h>
#include <string.h>

#include <openssl/evp.h>

#include "probes/eventlog/eventlog_replay.h"

#define LOCALITY_SIG "StartupLocality"

int evlog_startup_locality(const struct evlog_event *e)
{
	if (e->type != EV_NO_ACTION || e->pcr != 0 || e->data_len != sizeof(LOCALITY_SIG) + 1 ||
	    memcmp(e->data, LOCALITY_SIG, sizeof(LOCALITY_SIG)))
		return -1;
	return e->data[sizeof(LOCALITY_SIG)];
}

/* pcr = H(pcr || digest) */
static int extend(const EVP_MD *md, uint8_t *pcr, size_t size, const uint8_t *digest)
{
	uint8_t in[2 * EVLOG_MAX_DIGEST], outd[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	memcpy(in, pcr, size);
	memcpy(in + size, digest, size);
	if (!EVP_Digest(in, 2 * size, outd, &n, md, NULL) || n != size)
		return -EIO;
	memcpy(pcr, outd, size);
	return 0;
}

static int replay_bank(const struct evlog *log, size_t b, int locality, struct evlog_bank_replay *r)
{
	EVP_MD *md;
	const char *name;
	size_t i;
	int rc = 0;

	r->alg = log->banks[b].alg;
	r->size = log->banks[b].size;
	name = evlog_alg_evp_name(r->alg);
	/*
	 * Fetched once: a digest named by EVP_get_digestbyname is looked up
	 * again in OpenSSL 3's provider store on every EVP_Digest, under a
	 * lock, which was most of the time of a long log.
	 */
	md = name ? EVP_MD_fetch(NULL, name, NULL) : NULL;
	r->supported = md && (size_t)EVP_MD_get_size(md) == r->size;
	if (!r->supported) {
		EVP_MD_free(md);
		return 0;
	}
	if (locality >= 0)
		r->pcr[0][r->size - 1] = (uint8_t)locality;
	for (i = 0; i < log->n_events && !rc; i++) {
		const struct evlog_event *e = &log->events[i];

		if (!evlog_extends(e) || !e->digests[b] || e->pcr >= EVLOG_PCRS)
			continue;
		rc = extend(md, r->pcr[e->pcr], r->size, e->digests[b]);
		r->events[e->pcr]++;
	}
	EVP_MD_free(md);
	return rc;
}

int evlog_replay(const struct evlog *log, struct evlog_replay *out)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->startup_locality = -1;
	for (i = 0; i < log->n_events && out->startup_locality < 0; i++)
		out->startup_locality = evlog_startup_locality(&log->events[i]);
	out->n_banks = log->n_banks;
	for (i = 0; i < log->n_banks && !rc; i++)
		rc = replay_bank(log, i, out->startup_locality, &out->banks[i]);
	return rc;
}
