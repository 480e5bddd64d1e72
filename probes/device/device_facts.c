// SPDX-License-Identifier: GPL-2.0-or-later
/* The device probe's fact writers and small helpers (device_chip.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device/device_chip.h"
#include "probes/commands/family.h"
#include "probes/tpm/rc.h"
#include "probes/commands/tpm20.h"

#define TPM12_FAIL	0x009u
#define TPM2_RC_FAILURE 0x101u

/* Only running out of memory stops a probe; a bad key is this file's bug, not the run's. */
int dev_ok(int r)
{
	return r == -ENOMEM ? -ENOMEM : 0;
}

const char *dev_key(const struct dev_chip *d, char *buf, size_t len, const char *name)
{
	return facts_key(buf, len, "tpm%u.chip.%s", d->n, name);
}

struct fact_src dev_src(const struct dev_ask *a, const char *note)
{
	struct fact_src s = {
	    .kind = FACT_SRC_TPM,
	    .cmd_name = a->info ? a->info->name : NULL,
	    .cmd = a->cmd_len ? a->cmd : NULL,
	    .cmd_len = a->cmd_len,
	    .rsp = a->err || !a->rsp_len ? NULL : a->rsp,
	    .rsp_len = a->err ? 0 : a->rsp_len,
	    .note = note ? note : (a->q ? a->q->title : NULL),
	};

	return s;
}

/* Whose return codes the answer uses: its tag's family, else the chip's. */
static enum tpm_family dev_rc_family(const struct dev_chip *d, const struct dev_ask *a)
{
	if (tpm20_is_tag(a->h.tag))
		return TPM_FAMILY_20;
	if (tpm12_is_rsp_tag(a->h.tag))
		return TPM_FAMILY_12;
	return d->fam;
}

/* "TPM_INVALID_POSTINIT (0x26)" */
const char *dev_rc_name(const struct dev_chip *d, const struct dev_ask *a, char *buf, size_t len)
{
	struct tpm_rc_desc rd;

	tpm_rc_decode(a->h.code, dev_rc_family(d, a), &rd);
	snprintf(buf, len, "%s (0x%x)", rd.name ? rd.name : "an unknown code", a->h.code);
	return buf;
}

/* "TPM_RC_VALUE (parameter 1): a value is out of range ..." */
const char *dev_rc_line(const struct dev_chip *d, const struct dev_ask *a, char *buf, size_t len)
{
	struct tpm_rc_desc rd;

	tpm_rc_decode(a->h.code, dev_rc_family(d, a), &rd);
	tpm_rc_format(&rd, buf, len);
	return buf;
}

uint32_t dev_rc_base(const struct dev_chip *d, const struct dev_ask *a)
{
	struct tpm_rc_desc rd;

	tpm_rc_decode(a->h.code, dev_rc_family(d, a), &rd);
	return rd.base;
}

bool dev_is_failure(const struct dev_ask *a)
{
	if (a->err)
		return false;
	return (tpm12_is_rsp_tag(a->h.tag) && a->h.code == TPM12_FAIL) ||
	       (tpm20_is_tag(a->h.tag) && a->h.code == TPM2_RC_FAILURE);
}

/* True when tpmN.NAME is not set, or set as unreadable: the chip's answer may fill it. */
static bool dev_top_unset(const struct dev_chip *d, const char *name)
{
	const struct fact *f;
	char key[128];

	f = facts_get(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name));
	return !f || f->type == FACT_UNREADABLE;
}

int dev_top_str(struct dev_chip *d, const char *name, const char *v, const struct fact_src *s)
{
	char key[128];

	if (!dev_top_unset(d, name))
		return 0;
	return dev_ok(
	    facts_set_str(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name), v, s));
}

int dev_top_bool(struct dev_chip *d, const char *name, bool v, const struct fact_src *s)
{
	char key[128];

	if (!dev_top_unset(d, name))
		return 0;
	return dev_ok(
	    facts_set_bool(d->c->facts, facts_key(key, sizeof(key), "tpm%u.%s", d->n, name), v, s));
}

int dev_str(struct dev_chip *d, const char *name, const char *v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_str(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

int dev_int(struct dev_chip *d, const char *name, int64_t v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_int(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

int dev_bool(struct dev_chip *d, const char *name, bool v, const char *note)
{
	struct fact_src s = dev_src(&d->ask, note);
	char key[128];

	return dev_ok(facts_set_bool(d->c->facts, dev_key(d, key, sizeof(key), name), v, &s));
}

int dev_unreadable(struct dev_chip *d, const struct dev_ask *a, const char *name,
		   enum fact_reason why, const char *text, const char *note)
{
	struct fact_src s = dev_src(a, note);
	char key[128];

	return dev_ok(
	    facts_set_unreadable(d->c->facts, dev_key(d, key, sizeof(key), name), why, text, &s));
}

/* "the answer to TPM_GetCapability (version) had no specLevel" */
int dev_missing(struct dev_chip *d, const char *name, const char *what)
{
	char text[256];

	snprintf(text, sizeof(text), "the answer to %s (%s) did not include %s",
		 d->ask.info ? d->ask.info->name : "the question", d->ask.q->title, what);
	return dev_unreadable(d, &d->ask, name, FACT_MALFORMED, text, NULL);
}

/* Four characters packed in a u32 (a manufacturer): NULs dropped, spaces trimmed. */
void dev_chars(uint32_t v, char *out, size_t len, size_t *pos)
{
	int i;

	for (i = 3; i >= 0; i--) {
		unsigned char ch = (unsigned char)(v >> (i * 8));

		if (!ch || *pos + 1 >= len)
			continue;
		out[(*pos)++] = isprint(ch) ? (char)ch : '.';
	}
	out[*pos] = '\0';
}

void dev_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	while (s[i] == ' ')
		i++;
	memmove(s, s + i, n - i + 1);
}
