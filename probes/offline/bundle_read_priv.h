/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to bundle_read.c and bundle_entries.c: the JSON member readers they share. */
#ifndef TPMDIAG_BUNDLE_READ_PRIV_H
#define TPMDIAG_BUNDLE_READ_PRIV_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "probes/offline/bundle_read.h"

/* Where the messages go, and what they call the bundle. */
struct rd {
	const char *name;
	char *err;
	size_t err_len;
	const char *what; /* "fact", "record"; NULL: the document */
	size_t index;	  /* from 1 */
};

/* A string member: the JSON's own text when clean, else a sanitized copy in owned. */
struct str {
	const char *s;
	char *owned;
};

int bundle_fail(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bundle_str_free(struct str *s);
int bundle_member_str(struct rd *r, struct json_object *o, const char *key, bool required,
		      struct str *out);
int bundle_member_int(struct rd *r, struct json_object *o, const char *key, int64_t lo, int64_t hi,
		      int64_t *out, bool *present);
int bundle_member_u64(struct rd *r, struct json_object *o, const char *key, uint64_t *out);
int bundle_member_ts(struct rd *r, struct json_object *o, const char *key, double *out);
int bundle_member_bool(struct rd *r, struct json_object *o, const char *key, bool *out);
int bundle_member_hex(struct rd *r, struct json_object *o, const char *key, uint8_t *out,
		      size_t *n);

/* The provenance of one fact: pointers into strs and the raw buffers. */
struct src_buf {
	struct fact_src src;
	struct str path, note, text, command;
	uint8_t cmd[BUNDLE_MAX_RAW], rsp[BUNDLE_MAX_RAW];
};

int bundle_read_fact(struct rd *r, struct facts *fs, struct json_object *fo, struct src_buf *b);
int bundle_read_evlog(struct rd *r, struct bundle *b, struct json_object *o);
int bundle_read_record(struct rd *r, struct kmsg_log *log, struct json_object *o);

#endif
