// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/offline/bundle_read.h"
#include "probes/offline/bundle_format.h"
#include "probes/offline/bundle_read_priv.h"
#include "probes/tpm/hex.h"

int bundle_fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!r->err_len)
		return -EINVAL;
	if (r->what)
		n = snprintf(r->err, r->err_len, "%s: %s %zu: ", r->name, r->what, r->index);
	else
		n = snprintf(r->err, r->err_len, "%s: the document: ", r->name);
	if (n < 0 || (size_t)n >= r->err_len)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->err_len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void bundle_str_free(struct str *s)
{
	free(s->owned);
	s->owned = NULL;
	s->s = NULL;
}

/* A string member (absent: s NULL, or an error when required): bounded, no NUL, no controls. */
int bundle_member_str(struct rd *r, struct json_object *o, const char *key, bool required,
		      struct str *out)
{
	struct json_object *v;
	const char *s;
	size_t n, i;

	out->s = NULL;
	out->owned = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return required ? bundle_fail(r, "\"%s\" is missing", key) : 0;
	if (!json_object_is_type(v, json_type_string))
		return bundle_fail(r, "\"%s\" is not a string", key);
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n > BUNDLE_MAX_STR)
		return bundle_fail(r, "\"%s\" is longer than %u bytes", key, BUNDLE_MAX_STR);
	if (strlen(s) != n)
		return bundle_fail(r, "\"%s\" holds a NUL character", key);
	out->s = s;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t')
			continue;
		if (!out->owned) {
			out->owned = strdup(s);
			if (!out->owned)
				return -ENOMEM;
			out->s = out->owned;
		}
		out->owned[i] = '?';
	}
	return 0;
}

/* An integer member within [lo, hi]; *present says whether it was there. */
int bundle_member_int(struct rd *r, struct json_object *o, const char *key, int64_t lo, int64_t hi,
		      int64_t *out, bool *present)
{
	struct json_object *v;

	*present = false;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return bundle_fail(r, "\"%s\" is not an integer", key);
	*out = json_object_get_int64(v);
	if (*out < lo || *out > hi)
		return bundle_fail(r, "\"%s\" is out of range", key);
	*present = true;
	return 0;
}

/* A sequence number: a non-negative integer up to 2^64-1; 0 when absent. */
int bundle_member_u64(struct rd *r, struct json_object *o, const char *key, uint64_t *out)
{
	struct json_object *v;

	*out = 0;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return bundle_fail(r, "\"%s\" is not an integer", key);
	if (json_object_get_int64(v) < 0)
		return bundle_fail(r, "\"%s\" is negative", key);
	*out = json_object_get_uint64(v);
	return 0;
}

/* Seconds since boot: a number >= 0; -1 when absent. */
int bundle_member_ts(struct rd *r, struct json_object *o, const char *key, double *out)
{
	struct json_object *v;

	*out = -1;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return bundle_fail(r, "\"%s\" is not a number", key);
	*out = json_object_get_double(v);
	if (!(*out >= 0 && *out < 1e15))
		return bundle_fail(r, "\"%s\" is out of range", key);
	return 0;
}

int bundle_member_bool(struct rd *r, struct json_object *o, const char *key, bool *out)
{
	struct json_object *v;

	*out = false;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return bundle_fail(r, "\"%s\" is not true or false", key);
	*out = json_object_get_boolean(v);
	return 0;
}

/* "80 01 00 ..." (spaces optional) into out; at most BUNDLE_MAX_RAW bytes. */
int bundle_member_hex(struct rd *r, struct json_object *o, const char *key, uint8_t *out, size_t *n)
{
	struct str s;
	size_t i = 0;
	int ret = bundle_member_str(r, o, key, false, &s);

	*n = 0;
	if (ret || !s.s)
		return ret;
	while (s.s[i]) {
		int hi, lo;

		if (s.s[i] == ' ') {
			i++;
			continue;
		}
		hi = hex_digit(s.s[i]);
		lo = hi < 0 ? -1 : hex_digit(s.s[i + 1]);
		if (lo < 0) {
			ret = bundle_fail(r, "\"%s\" is not hex bytes (at character %zu)", key, i);
			break;
		}
		if (*n == BUNDLE_MAX_RAW) {
			ret =
			    bundle_fail(r, "\"%s\" holds more than %u bytes", key, BUNDLE_MAX_RAW);
			break;
		}
		out[(*n)++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	bundle_str_free(&s);
	return ret;
}

static int read_array(struct rd *r, struct json_object *doc, const char *key, size_t max,
		      bool required, const char *what,
		      int (*each)(struct rd *, void *, struct json_object *), void *arg)
{
	struct json_object *a;
	size_t i, n;
	int ret = 0;

	if (!json_object_object_get_ex(doc, key, &a) || !a)
		return required ? bundle_fail(r, "\"%s\" is missing", key) : 0;
	if (!json_object_is_type(a, json_type_array))
		return bundle_fail(r, "\"%s\" is not a list", key);
	n = json_object_array_length(a);
	if (n > max)
		return bundle_fail(r, "\"%s\" has more than %zu entries", key, max);
	r->what = what;
	for (i = 0; !ret && i < n; i++) {
		r->index = i + 1;
		ret = each(r, arg, json_object_array_get_idx(a, i));
	}
	if (!ret)
		r->what = NULL;
	return ret;
}

struct fact_arg {
	struct facts *fs;
	struct src_buf *b;
};

static int each_fact(struct rd *r, void *arg, struct json_object *o)
{
	struct fact_arg *fa = arg;

	return bundle_read_fact(r, fa->fs, o, fa->b);
}

static int each_record(struct rd *r, void *arg, struct json_object *o)
{
	return bundle_read_record(r, arg, o);
}

static int each_evlog(struct rd *r, void *arg, struct json_object *o)
{
	return bundle_read_evlog(r, arg, o);
}

/* The schema member: 0 when it is ours, else the error (with its own wording). */
static int check_schema(struct rd *r, struct json_object *doc)
{
	static const char prefix[] = TPMDIAG_BUNDLE_SCHEMA_NAME "/";
	struct json_object *v;
	const char *s;
	char *end;
	long ver;

	if (!json_object_is_type(doc, json_type_object)) {
		snprintf(r->err, r->err_len,
			 "%s is not a tpmdiag bundle (the document is not a JSON "
			 "object)",
			 r->name);
		return -EINVAL;
	}
	if (!json_object_object_get_ex(doc, "schema", &v)) {
		snprintf(r->err, r->err_len, "%s is not a tpmdiag bundle (it has no \"schema\")",
			 r->name);
		return -EINVAL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		snprintf(r->err, r->err_len,
			 "%s is not a tpmdiag bundle: its \"schema\" is %s, not the string "
			 "\"" TPMDIAG_BUNDLE_SCHEMA "\" a bundle names",
			 r->name, json_type_to_name(json_object_get_type(v)));
		return -EINVAL;
	}
	s = json_object_get_string(v);
	if (strncmp(s, prefix, sizeof(prefix) - 1)) {
		snprintf(r->err, r->err_len, "%s is a %.64s document, not a bundle", r->name, s);
		for (char *p = r->err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		return -EINVAL;
	}
	errno = 0;
	ver = strtol(s + sizeof(prefix) - 1, &end, 10);
	if (ver == TPMDIAG_BUNDLE_SCHEMA_VERSION && !*end && end != s + sizeof(prefix) - 1)
		return 0;
	if (ver > TPMDIAG_BUNDLE_SCHEMA_VERSION && !errno)
		snprintf(r->err, r->err_len,
			 "%s was written by a newer tpmdiag (schema %.64s); this one reads %s",
			 r->name, s, TPMDIAG_BUNDLE_SCHEMA);
	else
		snprintf(r->err, r->err_len,
			 "%s has an unknown schema \"%.64s\"; this tpmdiag reads %s", r->name, s,
			 TPMDIAG_BUNDLE_SCHEMA);
	for (char *p = r->err; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return -EINVAL;
}

/* Parse buf as one JSON document, bounded in depth; NULL with the error. */
static struct json_object *parse(struct rd *r, const char *buf, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(BUNDLE_MAX_DEPTH);
	struct json_object *doc = NULL;
	enum json_tokener_error jerr;
	size_t i = 0, end;

	if (!tok)
		return NULL;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	if (i == len) {
		snprintf(r->err, r->err_len, "%s is empty, not a tpmdiag bundle", r->name);
		goto out;
	}
	if (buf[i] != '{') {
		snprintf(
		    r->err, r->err_len,
		    "%s is not a tpmdiag bundle (a bundle is a JSON object, beginning with '{')",
		    r->name);
		goto out;
	}
	doc = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (!doc || jerr != json_tokener_success) {
		json_object_put(doc);
		doc = NULL;
		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			snprintf(
			    r->err, r->err_len,
			    "%s: not valid JSON at byte %zu: the document ends early (truncated?)",
			    r->name, len);
		else
			snprintf(r->err, r->err_len, "%s: not valid JSON at byte %zu: %s", r->name,
				 end, json_tokener_error_desc(jerr));
		goto out;
	}
	for (i = end; i < len; i++) {
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r') {
			snprintf(r->err, r->err_len,
				 "%s: not valid JSON at byte %zu: more data after the document",
				 r->name, i);
			json_object_put(doc);
			doc = NULL;
			break;
		}
	}
out:
	json_tokener_free(tok);
	return doc;
}

static int dup_member(struct rd *r, struct json_object *doc, const char *key, char **out)
{
	struct str s;
	int ret = bundle_member_str(r, doc, key, false, &s);

	if (ret || !s.s)
		return ret;
	*out = strdup(s.s);
	bundle_str_free(&s);
	return *out ? 0 : -ENOMEM;
}

void bundle_clear(struct bundle *b)
{
	facts_free(b->fs);
	kmsg_log_free(b->log);
	free(b->version);
	free(b->created);
	free(b->source);
	free(b->redacted);
	for (size_t i = 0; i < b->n_evlogs; i++) {
		free(b->evlogs[i].chip);
		free(b->evlogs[i].path);
		free(b->evlogs[i].buf);
	}
	memset(b, 0, sizeof(*b));
}

int bundle_read_buf(const char *name, const char *buf, size_t len, struct bundle *b, char *err,
		    size_t err_len)
{
	struct rd r = {.name = name, .err = err, .err_len = err_len};
	struct fact_arg fa = {0};
	struct json_object *doc, *red;
	int ret;

	memset(b, 0, sizeof(*b));
	if (err_len)
		err[0] = '\0';
	if (len > BUNDLE_MAX_FILE) {
		snprintf(err, err_len, "%s is larger than %u MiB, more than a bundle holds", name,
			 BUNDLE_MAX_FILE >> 20);
		return -EINVAL;
	}
	doc = parse(&r, buf, len);
	if (!doc)
		return err_len && err[0] ? -EINVAL : -ENOMEM;
	ret = check_schema(&r, doc);
	if (ret)
		goto out;
	fa.b = malloc(sizeof(*fa.b));
	if (!fa.b || facts_new(&b->fs) || kmsg_log_new(&b->log)) {
		ret = -ENOMEM;
		goto out;
	}
	memset(fa.b, 0, sizeof(*fa.b));
	fa.fs = b->fs;
	ret = dup_member(&r, doc, "version", &b->version);
	if (!ret)
		ret = dup_member(&r, doc, "created", &b->created);
	if (!ret)
		ret = dup_member(&r, doc, "source", &b->source);
	if (!ret && json_object_object_get_ex(doc, "redacted", &red) && red &&
	    !json_object_is_type(red, json_type_boolean))
		ret = dup_member(&r, doc, "redacted", &b->redacted);
	if (!ret)
		ret = read_array(&r, doc, "facts", BUNDLE_MAX_FACTS, true, "fact", each_fact, &fa);
	if (!ret)
		ret = read_array(&r, doc, "kmsg", BUNDLE_MAX_ITEMS, false, "record", each_record,
				 b->log);
	if (!ret)
		ret = read_array(&r, doc, "eventlogs", BUNDLE_MAX_EVLOGS, false, "event log",
				 each_evlog, b);
out:
	free(fa.b);
	json_object_put(doc);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, err_len, "%s: out of memory reading the bundle", name);
		bundle_clear(b);
	}
	return ret;
}

int bundle_read_file(const char *path, struct bundle *b, char *err, size_t err_len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd, ret = 0;

	memset(b, 0, sizeof(*b));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)BUNDLE_MAX_FILE) {
		ret = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		snprintf(err, err_len,
			 S_ISREG(st.st_mode) ? "%s is larger than 64 MiB, more than a bundle holds"
					     : "%s is not a regular file",
			 path);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret = -ENOMEM;
		snprintf(err, err_len, "%s: out of memory reading the bundle", path);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	ret = bundle_read_buf(path, buf, got, b, err, err_len);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

int bundle_sniff(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')
				continue;
			ret = buf[i] == '{';
			goto out;
		}
	}
out:
	close(fd);
	return ret;
}
