// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <json-c/json.h>
#include <time.h>

#include "reports/facts/bundle.h"
#include "reports/facts/facts_json.h"
#include "reports/facts/kmsg_json.h"

#ifndef TPMDIAG_VERSION
#define TPMDIAG_VERSION "0"
#endif

static struct json_object *bundle_doc(const struct facts *fs, const struct kmsg_log *log,
				      const char *source, const char *redacted)
{
	struct json_object *doc = json_object_new_object(), *facts, *kmsg;
	char created[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (!doc)
		return NULL;
	if (gmtime_r(&now, &tm))
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	facts = facts_json_array(fs);
	kmsg = kmsg_json_array(log);
	if (!facts || !kmsg) {
		json_object_put(facts);
		json_object_put(kmsg);
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
	return doc;
}

int bundle_write(FILE *f, const struct facts *fs, const struct kmsg_log *log, const char *source,
		 const char *redacted)
{
	struct json_object *doc = bundle_doc(fs, log, source, redacted);
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
