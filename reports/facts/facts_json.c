// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "reports/facts/facts_json.h"

static struct json_object *json_hex(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	struct json_object *o;
	char *s = malloc(n ? n * 3 : 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		s[3 * i] = digits[p[i] >> 4];
		s[3 * i + 1] = digits[p[i] & 15];
		s[3 * i + 2] = i + 1 < n ? ' ' : '\0';
	}
	if (!n)
		s[0] = '\0';
	o = json_object_new_string(s);
	free(s);
	return o;
}

static void json_put_str(struct json_object *o, const char *k, const char *v)
{
	if (v)
		json_object_object_add(o, k, json_object_new_string(v));
}

static struct json_object *facts_json_src(const struct fact_src *s)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_put_str(o, "kind", fact_src_kind_name(s->kind));
	json_put_str(o, "path", s->path);
	if (s->kind == FACT_SRC_KMSG) {
		json_object_object_add(o, "seq", json_object_new_uint64(s->kmsg_seq));
		if (s->kmsg_ts >= 0)
			json_object_object_add(o, "ts", json_object_new_double(s->kmsg_ts));
		json_put_str(o, "text", s->kmsg_text);
	}
	if (s->kind == FACT_SRC_TPM) {
		json_put_str(o, "command", s->cmd_name);
		json_object_object_add(o, "request", json_hex(s->cmd, s->cmd_len));
		json_object_object_add(o, "response", json_hex(s->rsp, s->rsp_len));
	}
	json_put_str(o, "note", s->note);
	return o;
}

static struct json_object *facts_json_value(const struct fact *fa)
{
	struct json_object *a;
	size_t i;

	switch (fa->type) {
	case FACT_STRING:
		return json_object_new_string(fa->str);
	case FACT_INT:
		return json_object_new_int64(fa->num);
	case FACT_BOOL:
		return json_object_new_boolean(fa->flag);
	case FACT_LIST:
		a = json_object_new_array();
		for (i = 0; a && i < fa->n_items; i++)
			json_object_array_add(a, json_object_new_string(fa->items[i]));
		return a;
	case FACT_UNREADABLE:
		break;
	}
	return NULL;
}

struct json_object *facts_json_array(const struct facts *fs)
{
	struct json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; arr && i < facts_count(fs); i++) {
		const struct fact *fa = facts_at(fs, i);

		o = json_object_new_object();
		if (!o) {
			json_object_put(arr);
			return NULL;
		}
		json_put_str(o, "key", fa->key);
		json_put_str(o, "type", fact_type_name(fa->type));
		if (fa->type == FACT_UNREADABLE) {
			json_put_str(o, "reason", fact_reason_name(fa->why));
			json_put_str(o, "why", fa->why_text);
		} else {
			json_object_object_add(o, "value", facts_json_value(fa));
		}
		if (fa->src.kind != FACT_SRC_NONE)
			json_object_object_add(o, "source", facts_json_src(&fa->src));
		json_object_array_add(arr, o);
	}
	return arr;
}
