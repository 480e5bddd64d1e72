// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "probes/tpm/fields.h"

void tpm_fields_init(struct tpm_fields *fs)
{
	fs->n = 0;
	fs->truncated = false;
}

static struct tpm_field *tpm_fields_next(struct tpm_fields *fs, const char *key)
{
	struct tpm_field *f;

	if (fs->n >= TPM_FIELDS_MAX) {
		fs->truncated = true;
		return NULL;
	}
	f = &fs->f[fs->n++];
	if ((size_t)snprintf(f->key, sizeof(f->key), "%s", key) >= sizeof(f->key))
		fs->truncated = true;
	f->value[0] = '\0';
	return f;
}

void tpm_fields_add(struct tpm_fields *fs, const char *key, const char *fmt, ...)
{
	struct tpm_field *f = tpm_fields_next(fs, key);
	va_list ap;
	int n;

	if (!f)
		return;
	va_start(ap, fmt);
	n = vsnprintf(f->value, sizeof(f->value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(f->value))
		fs->truncated = true;
}

void tpm_fields_add_hex(struct tpm_fields *fs, const char *key, const void *p, size_t n)
{
	struct tpm_field *f = tpm_fields_next(fs, key);
	const unsigned char *b = p;
	size_t i, pos = 0;

	if (!f)
		return;
	for (i = 0; i < n; i++) {
		if (pos + 4 > sizeof(f->value)) {
			fs->truncated = true;
			break;
		}
		pos += (size_t)snprintf(f->value + pos, sizeof(f->value) - pos,
					i ? " %02x" : "%02x", b[i]);
	}
}

const char *tpm_fields_get(const struct tpm_fields *fs, const char *key)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].key, key))
			return fs->f[i].value;
	return NULL;
}
