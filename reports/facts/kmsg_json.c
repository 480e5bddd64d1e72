// SPDX-License-Identifier: GPL-2.0-or-later
#include "reports/facts/kmsg_json.h"

static void kmsg_json_str(struct json_object *o, const char *k, const char *v)
{
	if (v)
		json_object_object_add(o, k, json_object_new_string(v));
}

struct json_object *kmsg_json_array(const struct kmsg_log *log)
{
	struct json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; arr && log && i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		o = json_object_new_object();
		if (!o)
			break;
		json_object_object_add(o, "seq", json_object_new_uint64(r->seq));
		if (r->ts >= 0)
			json_object_object_add(o, "ts", json_object_new_double(r->ts));
		kmsg_json_str(o, "wall", r->wall);
		if (r->prio >= 0)
			json_object_object_add(o, "prio", json_object_new_int(r->prio));
		kmsg_json_str(o, "prefix", r->prefix);
		kmsg_json_str(o, "text", r->text);
		kmsg_json_str(o, "trace", r->trace);
		json_object_object_add(o, "line", json_object_new_int64(r->line));
		if (r->userspace) {
			json_object_object_add(o, "userspace", json_object_new_boolean(1));
			kmsg_json_str(o, "tool", r->tool);
		}
		if (r->has_rc) {
			json_object_object_add(o, "rc", json_object_new_int64(r->rc));
			if (r->rc_family)
				json_object_object_add(
				    o, "rc_family",
				    json_object_new_string(r->rc_family == 12 ? "1.2" : "2.0"));
		}
		json_object_array_add(arr, o);
	}
	return arr;
}
