// SPDX-License-Identifier: GPL-2.0-or-later
/* The fact store; see facts.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/facts/facts.h"

#define FACTS_KEY_MAX 128

struct facts {
	struct fact *f;
	size_t n, cap;
};

int facts_new(struct facts **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void fact_src_clear(struct fact_src *s)
{
	free((char *)s->path);
	free((char *)s->kmsg_text);
	free((char *)s->cmd_name);
	free((uint8_t *)s->cmd);
	free((uint8_t *)s->rsp);
	free((char *)s->note);
	memset(s, 0, sizeof(*s));
}

static void fact_clear_value(struct fact *f)
{
	size_t i;

	free(f->str);
	for (i = 0; i < f->n_items; i++)
		free(f->items[i]);
	free(f->items);
	free(f->why_text);
	fact_src_clear(&f->src);
	f->str = NULL;
	f->items = NULL;
	f->n_items = 0;
	f->why_text = NULL;
	f->why = FACT_REASON_NONE;
	f->num = 0;
	f->flag = false;
}

void facts_free(struct facts *fs)
{
	size_t i;

	if (!fs)
		return;
	for (i = 0; i < fs->n; i++) {
		fact_clear_value(&fs->f[i]);
		free(fs->f[i].key);
	}
	free(fs->f);
	free(fs);
}

static bool facts_key_ok(const char *key)
{
	size_t n = strlen(key), i;

	if (!n || n >= FACTS_KEY_MAX || key[0] == '.' || key[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') ||
		      key[i] == '_' || key[i] == '.' || key[i] == '-'))
			return false;
	return true;
}

static int dup_opt(const char *s, const char **out)
{
	*out = NULL;
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

static int dup_bytes(const uint8_t *p, size_t n, const uint8_t **out)
{
	uint8_t *c;

	*out = NULL;
	if (!p || !n)
		return 0;
	c = malloc(n);
	if (!c)
		return -ENOMEM;
	memcpy(c, p, n);
	*out = c;
	return 0;
}

static int fact_src_copy(struct fact_src *dst, const struct fact_src *src)
{
	int ret = 0;

	memset(dst, 0, sizeof(*dst));
	if (!src)
		return 0;
	dst->kind = src->kind;
	dst->kmsg_seq = src->kmsg_seq;
	dst->kmsg_ts = src->kmsg_ts;
	ret |= dup_opt(src->path, &dst->path);
	ret |= dup_opt(src->kmsg_text, &dst->kmsg_text);
	ret |= dup_opt(src->cmd_name, &dst->cmd_name);
	ret |= dup_opt(src->note, &dst->note);
	ret |= dup_bytes(src->cmd, src->cmd_len, &dst->cmd);
	ret |= dup_bytes(src->rsp, src->rsp_len, &dst->rsp);
	dst->cmd_len = dst->cmd ? src->cmd_len : 0;
	dst->rsp_len = dst->rsp ? src->rsp_len : 0;
	if (ret) {
		fact_src_clear(dst);
		return -ENOMEM;
	}
	return 0;
}

/* The fact for key, created empty when new; its old value cleared. */
static int facts_slot(struct facts *fs, const char *key, const struct fact_src *src,
		      struct fact **out)
{
	struct fact *f = NULL, *grown;
	size_t i;

	if (!facts_key_ok(key))
		return -EINVAL;
	for (i = 0; i < fs->n && !f; i++)
		if (!strcmp(fs->f[i].key, key))
			f = &fs->f[i];
	if (!f) {
		if (fs->n == fs->cap) {
			grown = realloc(fs->f, (fs->cap ? fs->cap * 2 : 64) * sizeof(*grown));
			if (!grown)
				return -ENOMEM;
			fs->f = grown;
			fs->cap = fs->cap ? fs->cap * 2 : 64;
		}
		f = &fs->f[fs->n];
		memset(f, 0, sizeof(*f));
		f->key = strdup(key);
		if (!f->key)
			return -ENOMEM;
		fs->n++;
	} else {
		fact_clear_value(f);
	}
	*out = f;
	return fact_src_copy(&f->src, src);
}

int facts_set_str(struct facts *fs, const char *key, const char *value, const struct fact_src *src)
{
	struct fact *f;
	int ret = facts_slot(fs, key, src, &f);

	if (ret)
		return ret;
	f->type = FACT_STRING;
	f->str = strdup(value ? value : "");
	return f->str ? 0 : -ENOMEM;
}

int facts_set_int(struct facts *fs, const char *key, int64_t value, const struct fact_src *src)
{
	struct fact *f;
	int ret = facts_slot(fs, key, src, &f);

	if (ret)
		return ret;
	f->type = FACT_INT;
	f->num = value;
	return 0;
}

int facts_set_bool(struct facts *fs, const char *key, bool value, const struct fact_src *src)
{
	struct fact *f;
	int ret = facts_slot(fs, key, src, &f);

	if (ret)
		return ret;
	f->type = FACT_BOOL;
	f->flag = value;
	return 0;
}

int facts_set_list(struct facts *fs, const char *key, const char *const *items, size_t n,
		   const struct fact_src *src)
{
	struct fact *f;
	size_t i;
	int ret = facts_slot(fs, key, src, &f);

	if (ret)
		return ret;
	f->type = FACT_LIST;
	if (!n)
		return 0;
	f->items = calloc(n, sizeof(*f->items));
	if (!f->items)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		f->items[i] = strdup(items[i] ? items[i] : "");
		if (!f->items[i])
			return -ENOMEM;
		f->n_items++;
	}
	return 0;
}

int facts_set_unreadable(struct facts *fs, const char *key, enum fact_reason why, const char *text,
			 const struct fact_src *src)
{
	struct fact *f;
	int ret = facts_slot(fs, key, src, &f);

	if (ret)
		return ret;
	f->type = FACT_UNREADABLE;
	f->why = why == FACT_REASON_NONE ? FACT_FAILED : why;
	f->why_text = strdup(text ? text : "");
	return f->why_text ? 0 : -ENOMEM;
}

static const struct {
	int err_no;
	enum fact_reason why;
} errno_reasons[] = {
    {ENOENT, FACT_ABSENT},	    {ENOTDIR, FACT_ABSENT},    {ENODEV, FACT_ABSENT},
    {ENXIO, FACT_ABSENT},	    {EACCES, FACT_PERMISSION}, {EPERM, FACT_PERMISSION},
    {EINVAL, FACT_MALFORMED},	    {EBADMSG, FACT_MALFORMED}, {ERANGE, FACT_MALFORMED},
    {EFBIG, FACT_MALFORMED},	    {EILSEQ, FACT_MALFORMED},  {ELOOP, FACT_MALFORMED},
    {ENAMETOOLONG, FACT_MALFORMED},
};

int facts_set_errno(struct facts *fs, const char *key, int err_no, const char *what,
		    const struct fact_src *src)
{
	enum fact_reason why = FACT_FAILED;
	char text[512];
	size_t i;

	if (err_no < 0)
		err_no = -err_no;
	for (i = 0; i < sizeof(errno_reasons) / sizeof(errno_reasons[0]); i++)
		if (errno_reasons[i].err_no == err_no)
			why = errno_reasons[i].why;
	snprintf(text, sizeof(text), "%s: %s", what, strerror(err_no));
	return facts_set_unreadable(fs, key, why, text, src);
}

const char *facts_key(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return buf;
}

const struct fact *facts_get(const struct facts *fs, const char *key)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].key, key))
			return &fs->f[i];
	return NULL;
}

size_t facts_count(const struct facts *fs)
{
	return fs->n;
}

const struct fact *facts_at(const struct facts *fs, size_t i)
{
	return i < fs->n ? &fs->f[i] : NULL;
}

const char *fact_type_name(enum fact_type t)
{
	static const char *const names[] = {"string", "integer", "boolean", "list", "unreadable"};

	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

const char *fact_reason_name(enum fact_reason r)
{
	static const char *const names[] = {"none", "absent", "permission", "malformed", "failed"};

	return (size_t)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

const char *fact_src_kind_name(enum fact_src_kind k)
{
	static const char *const names[] = {"none", "file", "kmsg", "tpm", "library", "derived"};

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

void fact_value_text(const struct fact *fa, char *buf, size_t len)
{
	size_t i, pos = 0;

	buf[0] = '\0';
	switch (fa->type) {
	case FACT_STRING:
		snprintf(buf, len, "%s", fa->str);
		break;
	case FACT_INT:
		snprintf(buf, len, "%" PRId64, fa->num);
		break;
	case FACT_BOOL:
		snprintf(buf, len, "%s", fa->flag ? "true" : "false");
		break;
	case FACT_LIST:
		if (!fa->n_items)
			snprintf(buf, len, "(none)");
		for (i = 0; i < fa->n_items && pos < len; i++)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? ", " : "",
						fa->items[i]);
		break;
	case FACT_UNREADABLE:
		snprintf(buf, len, "(%s) %s", fact_reason_name(fa->why), fa->why_text);
		break;
	}
}
