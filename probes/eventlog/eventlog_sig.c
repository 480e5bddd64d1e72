// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Secure Boot databases in an event log's variables: PK, KEK, db and
 * dbx hold EFI_SIGNATURE_LISTs (UEFI specification, "Signature
 * Database"), an EV_EFI_VARIABLE_AUTHORITY event one EFI_SIGNATURE_DATA
 * (the owner's GUID, then the certificate that allowed an image). Said as
 * how many entries of which kind, and the subject's common name of each
 * X.509 certificate (a bounded DER walk, within the entry).
 */
#include <errno.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

#define LIST_HEAD 28 /* SignatureType, ListSize, HeaderSize, SignatureSize */
#define OWNER_LEN 16 /* SignatureOwner */
#define MAX_NAMES 4  /* certificates named in one variable */
#define KINDS_MAX 6

struct sig_kind {
	const char *guid, *one, *many;
};

static const struct sig_kind kinds[KINDS_MAX] = {
    {"a5c059a1-94e4-4aa7-87b5-ab155c2bf072", "X.509 certificate", "X.509 certificates"},
    {"c1c41626-504c-4092-aca9-41f936934328", "SHA-256 hash", "SHA-256 hashes"},
    {"826ca512-cf10-4ac9-b187-be01496631bd", "SHA-1 hash", "SHA-1 hashes"},
    {"3c5766e8-269c-4e34-aa14-ed776e85b3b6", "RSA-2048 key", "RSA-2048 keys"},
    {"3bd2a492-96c0-4079-b420-fcf98ef103ed", "X.509 SHA-256 hash", "X.509 SHA-256 hashes"},
    {NULL, "entry of another kind", "entries of another kind"},
};

static size_t kind_of(const uint8_t *guid)
{
	char g[37];
	size_t i;

	evlog_guid_text(guid, g);
	for (i = 0; kinds[i].guid; i++)
		if (!strcmp(g, kinds[i].guid))
			return i;
	return i;
}

/* DER (ITU-T X.690): a bounded walk, only as far as the subject's common name. */
struct der {
	const uint8_t *p;
	size_t n;
};

/* One TLV of d (single-byte tag, definite length of at most 3 bytes); d moves past it. */
static int der_next(struct der *d, uint8_t *tag, struct der *val)
{
	size_t len, i = 2, k;

	if (d->n < 2 || (d->p[0] & 0x1f) == 0x1f)
		return -1;
	*tag = d->p[0];
	len = d->p[1];
	if (len & 0x80) {
		k = len & 0x7f;
		if (!k || k > 3 || d->n < 2 + k)
			return -1;
		for (len = 0; k--; i++)
			len = len << 8 | d->p[i];
	}
	if (len > d->n - i)
		return -1;
	val->p = d->p + i;
	val->n = len;
	d->p += i + len;
	d->n -= i + len;
	return 0;
}

static int der_enter(struct der *d, uint8_t want, struct der *val)
{
	uint8_t t;

	return der_next(d, &t, val) || t != want ? -1 : 0;
}

/* A directory string as text: UTF8/Printable/IA5/T61 byte by byte, BMP its ASCII. */
static bool der_string(uint8_t tag, const struct der *v, char *out, size_t cap)
{
	size_t i, o = 0, step = tag == 0x1e ? 2 : 1;

	if (tag != 0x0c && tag != 0x13 && tag != 0x16 && tag != 0x14 && tag != 0x1e)
		return false;
	for (i = 0; i + step <= v->n && o + 1 < cap; i += step) {
		unsigned c = step == 2 ? (v->p[i] ? 0x100u : v->p[i + 1]) : v->p[i];

		out[o++] = c >= 0x20 && c != 0x7f && c < 0x100 ? (char)c : '?';
	}
	out[o] = '\0';
	return o > 0;
}

/*
 * The subject CN of a DER certificate of n bytes into out; false when none.
 * Certificate = SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
 * serialNumber, signature, issuer, validity, subject Name, ... }, ... };
 * Name = SEQUENCE OF SET OF SEQUENCE { type OID, value string }. Read here
 * rather than with libcrypto's d2i_X509, which builds the whole certificate
 * and took most of the time of a log with Secure Boot databases.
 */
static bool cert_name(const uint8_t *der, size_t n, char *out, size_t cap)
{
	static const uint8_t cn_oid[] = {0x55, 0x04, 0x03}; /* 2.5.4.3 commonName */
	struct der all = {der, n}, cert, tbs, x, name, rdn, atv, oid, val;
	uint8_t t;
	int i;

	if (der_enter(&all, 0x30, &cert) || der_enter(&cert, 0x30, &tbs))
		return false;
	if (tbs.n && tbs.p[0] == 0xa0 && der_next(&tbs, &t, &x))
		return false;
	for (i = 0; i < 4; i++) /* serialNumber, signature, issuer, validity */
		if (der_next(&tbs, &t, &x))
			return false;
	if (der_enter(&tbs, 0x30, &name))
		return false;
	while (name.n) {
		if (der_enter(&name, 0x31, &rdn))
			return false;
		while (rdn.n) {
			if (der_enter(&rdn, 0x30, &atv) || der_enter(&atv, 0x06, &oid) ||
			    der_next(&atv, &t, &val))
				return false;
			if (oid.n == sizeof(cn_oid) && !memcmp(oid.p, cn_oid, sizeof(cn_oid)))
				return der_string(t, &val, out, cap);
		}
	}
	return false;
}

/* One EFI_SIGNATURE_LIST at d, list bytes long: count it, name its certificates. */
static void one_list(const uint8_t *d, size_t list, size_t counts[KINDS_MAX], char *names,
		     size_t cap, size_t *named)
{
	size_t k = kind_of(d), hdr = evlog_le32(d + 20), sig = evlog_le32(d + 24), pos;
	char cn[128];

	for (pos = LIST_HEAD + hdr; pos + sig <= list; pos += sig) {
		counts[k]++;
		if (k == 0 && *named < MAX_NAMES &&
		    cert_name(d + pos + OWNER_LEN, sig - OWNER_LEN, cn, sizeof(cn))) {
			evlog_appendf(names, cap, "%s%s", *named ? "; " : "", cn);
			(*named)++;
		}
	}
}

/*
 * The EFI_SIGNATURE_LIST at pos: its size, header size and signature size,
 * when it lies whole within the n bytes and its signatures fill it exactly.
 */
static bool siglist_at(const uint8_t *d, size_t n, size_t pos, size_t *list, size_t *hdr,
		       size_t *sig)
{
	if (n - pos < LIST_HEAD)
		return false;
	*list = evlog_le32(d + pos + 16);
	*hdr = evlog_le32(d + pos + 20);
	*sig = evlog_le32(d + pos + 24);
	/* a list shorter than its own header would never move pos on */
	return *list >= LIST_HEAD && *list <= n - pos && *hdr <= *list - LIST_HEAD &&
	       *sig > OWNER_LEN && (*list - LIST_HEAD - *hdr) % *sig == 0;
}

int evlog_siglists_count(const uint8_t *d, size_t n, size_t *count)
{
	size_t pos = 0, list, hdr, sig;

	*count = 0;
	while (siglist_at(d, n, pos, &list, &hdr, &sig)) {
		*count += (list - LIST_HEAD - hdr) / sig;
		pos += list;
	}
	return pos == n ? 0 : -EBADMSG;
}

void evlog_siglists_text(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t counts[KINDS_MAX] = {0}, pos = 0, list, hdr, sig, i, named = 0, said = 0;
	char names[512] = "";

	while (siglist_at(d, n, pos, &list, &hdr, &sig)) {
		one_list(d + pos, list, counts, names, sizeof(names), &named);
		pos += list;
	}
	if (pos != n) {
		evlog_appendf(out, cap, " (%zu bytes, not signature lists)", n);
		return;
	}
	for (i = 0; i < KINDS_MAX; i++) {
		if (!counts[i])
			continue;
		evlog_appendf(out, cap, "%s %zu %s", said++ ? "," : " =", counts[i],
			      counts[i] == 1 ? kinds[i].one : kinds[i].many);
	}
	if (named)
		evlog_appendf(out, cap, ": %s", names);
}

/* Text of printable lines (an SbatLevel: "sbat,1,2022052400\ngrub,2\n") as "a; b". */
static bool text_lines(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i;

	while (n && (d[n - 1] == '\n' || !d[n - 1]))
		n--;
	for (i = 0; i < n; i++)
		if ((d[i] < 0x20 || d[i] >= 0x7f) && d[i] != '\n')
			return false;
	if (!n)
		return false;
	evlog_appendf(out, cap, " (authority): \"");
	for (i = 0; i < n; i++)
		evlog_appendf(out, cap, d[i] == '\n' ? "; " : "%c", d[i]);
	evlog_appendf(out, cap, "\"");
	return true;
}

void evlog_sigdata_text(const uint8_t *d, size_t n, char *out, size_t cap)
{
	char cn[128];

	if (n > OWNER_LEN && cert_name(d + OWNER_LEN, n - OWNER_LEN, cn, sizeof(cn)))
		evlog_appendf(out, cap, " (authority): X.509 certificate %s", cn);
	else if (!text_lines(d, n, out, cap))
		evlog_appendf(out, cap, " (authority, %zu bytes)", n);
}
