// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <time.h>

#include "reports/facts/bundle.h"
#include "reports/facts/facts_json.h"
#include "reports/facts/kmsg_json.h"
#include "probes/tpm/hex.h"

#ifndef TPMDIAG_VERSION
#define TPMDIAG_VERSION "0"
#endif

/* One event log: its bytes as hex in chunks of BUNDLE_EVLOG_CHUNK digits. */
static struct json_object *evlog_json(const struct bundle_evlog *e)
{
	struct json_object *o = json_object_new_object(), *chunks = json_object_new_array();
	size_t at, n, step = BUNDLE_EVLOG_CHUNK / 2;
	char *hex = malloc(BUNDLE_EVLOG_CHUNK + 1);

	if (!o || !chunks || !hex)
		goto fail;
	for (at = 0; at < e->len; at += n) {
		n = e->len - at < step ? e->len - at : step;
		hex_lower(e->buf + at, n, hex);
		if (json_object_array_add(chunks, json_object_new_string_len(hex, (int)(2 * n))))
			goto fail;
	}
	free(hex);
	json_object_object_add(o, "chip", json_object_new_string(e->chip));
	json_object_object_add(o, "path", json_object_new_string(e->path));
	json_object_object_add(o, "bytes", json_object_new_int64((int64_t)e->len));
	if (e->redacted >= 0)
		json_object_object_add(o, "redacted", json_object_new_int64(e->redacted));
	json_object_object_add(o, "hex", chunks);
	return o;
fail:
	free(hex);
	json_object_put(chunks);
	json_object_put(o);
	return NULL;
}

static struct json_object *evlogs_json(const struct bundle_evlog *ev, size_t n)
{
	struct json_object *a = json_object_new_array(), *o;
	size_t i;

	for (i = 0; a && i < n; i++) {
		o = evlog_json(&ev[i]);
		if (!o || json_object_array_add(a, o)) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *bundle_doc(const struct facts *fs, const struct kmsg_log *log,
				      const struct bundle_evlog *ev, size_t n_ev,
				      const char *source, const char *redacted)
{
	struct json_object *doc = json_object_new_object(), *facts, *kmsg, *evs;
	char created[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (!doc)
		return NULL;
	if (gmtime_r(&now, &tm))
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	facts = facts_json_array(fs);
	kmsg = kmsg_json_array(log);
	evs = evlogs_json(ev, n_ev);
	if (!facts || !kmsg || !evs) {
		json_object_put(facts);
		json_object_put(kmsg);
		json_object_put(evs);
		json_object_put(doc);
		return NULL;
	}
	json_object_object_add(doc, "schema", json_object_new_string(TPMDIAG_BUNDLE_SCHEMA));
	json_object_object_add(doc, "version", json_object_new_string(TPMDIAG_VERSION));
	json_object_object_add(doc, "created", json_object_new_string(created));
	json_object_object_add(doc, "redacted",
			       redacted ? json_object_new_string(redacted)
					: json_object_new_boolean(0));
	json_object_object_add(doc, "source", json_object_new_string(source ? source : "live"));
	json_object_object_add(doc, "facts", facts);
	json_object_object_add(doc, "kmsg", kmsg);
	json_object_object_add(doc, "eventlogs", evs);
	return doc;
}

int bundle_write(FILE *f, const struct facts *fs, const struct kmsg_log *log,
		 const struct bundle_evlog *ev, size_t n_ev, const char *source,
		 const char *redacted)
{
	struct json_object *doc = bundle_doc(fs, log, ev, n_ev, source, redacted);
	const char *s;
	int ret = 0;

	if (!doc)
		return -ENOMEM;
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s) {
		ret = -ENOMEM;
		goto out;
	}
	if (fputs(s, f) == EOF || fputc('\n', f) == EOF || fflush(f))
		ret = -EIO;
out:
	json_object_put(doc);
	return ret;
}
