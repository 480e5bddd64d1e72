/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to redaction (redact.c, redact_text.c): the registry of the
 * identifiers seen, the output buffer, and the functions both use.
 */
#ifndef TPMDIAG_REDACT_PRIV_H
#define TPMDIAG_REDACT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

enum rd_kind { RD_HOSTNAME, RD_SERIAL, RD_EK, RD_EKCERT, RD_UUID, RD_MAC, RD_KINDS };

/* A serial found by its label is searched for elsewhere from this length. */
#define RD_SERIAL_LIT 6

struct rd_ident {
	char *value;
	size_t len;
	enum rd_kind kind;
	unsigned num; /* 0 until first used */
	long alias;   /* index of the ident whose placeholder this one shares, or -1 */
	bool literal; /* searched for anywhere in text */
	bool hex;     /* a hex string: matched between non-hex characters */
};

struct redactor {
	struct rd_ident *id;
	size_t n, cap;
	unsigned count[RD_KINDS];
};

/* An output buffer that grows; oom once it could not. */
struct sb {
	char *p;
	size_t n, cap;
	bool oom;
};

bool rd_fold(enum rd_kind k);
long rd_find(const struct redactor *rd, enum rd_kind k, const char *v, size_t len);
/* The index of value v of kind k, added when new; -1 when full, -2 on ENOMEM. */
long rd_add(struct redactor *rd, enum rd_kind k, const char *v, size_t len, bool literal, bool hex);
/* "<tag-N>" for ident i (numbered on first use), or "<tag>" when i < 0. */
void rd_placeholder(struct redactor *rd, long i, enum rd_kind k, char *buf, size_t len);
void rd_sb_put(struct sb *b, const char *s, size_t len);
/* Put ident i's placeholder; -ENOMEM when the registry could not grow. */
int rd_sb_ident(struct sb *b, struct redactor *rd, long i, enum rd_kind k);
/* Hostnames that identify nobody. */
bool rd_host_trivial(const char *v, size_t len);

#endif
