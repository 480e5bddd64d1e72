// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One entry of a bundle's "eventlogs" (bundle_format.h): a chip's raw
 * event log as chunks of hex. Bounded: at most EVLOG_MAX_BYTES bytes, each
 * chunk at most BUNDLE_EVLOG_CHUNK digits, the declared "bytes" equal to
 * what the chunks hold. The bytes are not parsed here: whoever uses them
 * parses them with evlog_parse, which refuses what is not a log.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/offline/bundle_read.h"
#include "probes/offline/bundle_read_priv.h"
#include "probes/tpm/hex.h"

/* The chunks of "hex" into buf (want bytes). */
static int read_chunks(struct rd *r, struct json_object *a, uint8_t *buf, size_t want)
{
	size_t i, j, n = json_object_array_length(a), got = 0, len;
	const char *s;

	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(a, i);

		if (!c || !json_object_is_type(c, json_type_string))
			return bundle_fail(r, "\"hex\" item %zu is not a string", i + 1);
		s = json_object_get_string(c);
		len = (size_t)json_object_get_string_len(c);
		if (len > BUNDLE_EVLOG_CHUNK || len % 2)
			return bundle_fail(r, "\"hex\" item %zu has %zu digits (even, at most %u)",
					   i + 1, len, BUNDLE_EVLOG_CHUNK);
		if (len / 2 > want - got)
			return bundle_fail(r, "\"hex\" holds more than the %zu bytes it declares",
					   want);
		for (j = 0; j < len; j += 2) {
			int hi = hex_digit(s[j]), lo = hex_digit(s[j + 1]);

			if (hi < 0 || lo < 0)
				return bundle_fail(r, "\"hex\" item %zu is not hex (at digit %zu)",
						   i + 1, j);
			buf[got++] = (uint8_t)(hi << 4 | lo);
		}
	}
	if (got != want)
		return bundle_fail(r, "\"hex\" holds %zu bytes, not the %zu it declares", got,
				   want);
	return 0;
}

static int dup_str(struct rd *r, struct json_object *o, const char *key, char **out)
{
	struct str s;
	int ret = bundle_member_str(r, o, key, true, &s);

	if (ret)
		return ret;
	*out = strdup(s.s);
	bundle_str_free(&s);
	return *out ? 0 : -ENOMEM;
}

int bundle_read_evlog(struct rd *r, struct bundle *b, struct json_object *o)
{
	struct bundle_evlog e = {.redacted = -1};
	struct json_object *hex;
	int64_t bytes, red;
	bool present;
	int ret;

	if (!o || !json_object_is_type(o, json_type_object))
		return bundle_fail(r, "is not an object");
	ret = dup_str(r, o, "chip", &e.chip);
	if (!ret)
		ret = dup_str(r, o, "path", &e.path);
	if (!ret)
		ret = bundle_member_int(r, o, "bytes", 1, EVLOG_MAX_BYTES, &bytes, &present);
	if (!ret && !present)
		ret = bundle_fail(r, "\"bytes\" is missing");
	if (!ret)
		ret = bundle_member_int(r, o, "redacted", 0, EVLOG_MAX_BYTES, &red, &present);
	if (ret)
		goto out;
	if (present)
		e.redacted = (long)red;
	if (!json_object_object_get_ex(o, "hex", &hex) || !hex ||
	    !json_object_is_type(hex, json_type_array)) {
		ret = bundle_fail(r, "\"hex\" is missing or not a list");
		goto out;
	}
	e.len = (size_t)bytes;
	e.buf = malloc(e.len);
	if (!e.buf) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_chunks(r, hex, e.buf, e.len);
	if (!ret && b->n_evlogs == BUNDLE_MAX_EVLOGS)
		ret = bundle_fail(r, "more than %u event logs", BUNDLE_MAX_EVLOGS);
	if (!ret) {
		b->evlogs[b->n_evlogs++] = e;
		return 0;
	}
out:
	free(e.chip);
	free(e.path);
	free(e.buf);
	return ret;
}
