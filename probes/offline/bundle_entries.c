// SPDX-License-Identifier: GPL-2.0-or-later
/* Bundle entries: one fact (with its source) and one kmsg record, decoded from JSON. */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "probes/offline/bundle_read.h"
#include "probes/offline/bundle_read_priv.h"

/* The enum value whose name() is s, or -1. */
#define NAME_INDEX(fn, type, s)                                                                    \
	({                                                                                         \
		int _i, _found = -1;                                                               \
		for (_i = 0; _i < 16 && strcmp(fn((type)_i), "?"); _i++)                           \
			if (!strcmp(fn((type)_i), (s))) {                                          \
				_found = _i;                                                       \
				break;                                                             \
			}                                                                          \
		_found;                                                                            \
	})

static void src_free(struct src_buf *b)
{
	bundle_str_free(&b->path);
	bundle_str_free(&b->note);
	bundle_str_free(&b->text);
	bundle_str_free(&b->command);
}

static int read_src(struct rd *r, struct json_object *fo, struct src_buf *b, bool *has)
{
	struct json_object *o;
	struct str kind = {0};
	int k, ret;

	*has = false;
	memset(&b->src, 0, sizeof(b->src));
	if (!json_object_object_get_ex(fo, "source", &o) || !o)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return bundle_fail(r, "\"source\" is not an object");
	ret = bundle_member_str(r, o, "kind", true, &kind);
	if (ret)
		return ret;
	k = NAME_INDEX(fact_src_kind_name, enum fact_src_kind, kind.s);
	if (k < 0)
		ret = bundle_fail(r, "\"source\" has an unknown kind \"%.64s\"", kind.s);
	bundle_str_free(&kind);
	if (ret)
		return ret;
	b->src.kind = (enum fact_src_kind)k;
	ret = bundle_member_str(r, o, "path", false, &b->path);
	if (!ret)
		ret = bundle_member_str(r, o, "note", false, &b->note);
	if (!ret)
		ret = bundle_member_str(r, o, "text", false, &b->text);
	if (!ret)
		ret = bundle_member_str(r, o, "command", false, &b->command);
	if (!ret)
		ret = bundle_member_u64(r, o, "seq", &b->src.kmsg_seq);
	if (!ret && b->src.kind == FACT_SRC_KMSG)
		ret = bundle_member_ts(r, o, "ts", &b->src.kmsg_ts);
	if (!ret)
		ret = bundle_member_hex(r, o, "request", b->cmd, &b->src.cmd_len);
	if (!ret)
		ret = bundle_member_hex(r, o, "response", b->rsp, &b->src.rsp_len);
	if (ret)
		return ret;
	b->src.path = b->path.s;
	b->src.note = b->note.s;
	b->src.kmsg_text = b->text.s;
	b->src.cmd_name = b->command.s;
	b->src.cmd = b->cmd;
	b->src.rsp = b->rsp;
	*has = b->src.kind != FACT_SRC_NONE;
	return 0;
}

static int read_list(struct rd *r, struct facts *fs, const char *key, struct json_object *v,
		     const struct fact_src *src)
{
	size_t n, i, got = 0;
	struct str *items = NULL;
	const char **p = NULL;
	int ret = 0;

	if (!json_object_is_type(v, json_type_array))
		return bundle_fail(r, "\"value\" is not a list");
	n = json_object_array_length(v);
	if (n > BUNDLE_MAX_ITEMS)
		return bundle_fail(r, "\"value\" has more than %u items", BUNDLE_MAX_ITEMS);
	items = calloc(n ? n : 1, sizeof(*items));
	p = calloc(n ? n : 1, sizeof(*p));
	if (!items || !p) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++, got++) {
		struct json_object *it = json_object_array_get_idx(v, i);
		size_t len;

		if (!json_object_is_type(it, json_type_string)) {
			ret = bundle_fail(r, "item %zu of \"value\" is not a string", i + 1);
			goto out;
		}
		/* the same checks as a member: wrap the item in a one-member view */
		p[i] = json_object_get_string(it);
		len = (size_t)json_object_get_string_len(it);
		if (len > BUNDLE_MAX_STR || strlen(p[i]) != len) {
			ret = bundle_fail(r, "item %zu of \"value\" is too long or holds a NUL",
					  i + 1);
			goto out;
		}
		for (size_t j = 0; j < len; j++) {
			unsigned char c = (unsigned char)p[i][j];

			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
				if (!items[i].owned) {
					items[i].owned = strdup(p[i]);
					if (!items[i].owned) {
						ret = -ENOMEM;
						goto out;
					}
					p[i] = items[i].owned;
				}
				items[i].owned[j] = '?';
			}
		}
	}
	ret = facts_set_list(fs, key, p, n, src);
out:
	for (i = 0; items && i < got; i++)
		bundle_str_free(&items[i]);
	free(items);
	free(p);
	return ret;
}

int bundle_read_fact(struct rd *r, struct facts *fs, struct json_object *fo, struct src_buf *b)
{
	struct str key = {0}, type = {0}, sval = {0}, reason = {0}, why = {0};
	struct json_object *v = NULL;
	bool has_src, flag;
	int64_t num;
	int t, why_k, ret;

	if (!json_object_is_type(fo, json_type_object))
		return bundle_fail(r, "not an object");
	ret = read_src(r, fo, b, &has_src);
	if (!ret)
		ret = bundle_member_str(r, fo, "key", true, &key);
	if (!ret)
		ret = bundle_member_str(r, fo, "type", true, &type);
	if (ret)
		goto out;
	t = NAME_INDEX(fact_type_name, enum fact_type, type.s);
	if (t < 0) {
		ret = bundle_fail(r, "unknown type \"%.64s\"", type.s);
		goto out;
	}
	if (t != FACT_UNREADABLE && (!json_object_object_get_ex(fo, "value", &v) || !v)) {
		ret = bundle_fail(r, "\"value\" is missing");
		goto out;
	}
	switch ((enum fact_type)t) {
	case FACT_STRING:
		ret = bundle_member_str(r, fo, "value", true, &sval);
		if (!ret)
			ret = facts_set_str(fs, key.s, sval.s, has_src ? &b->src : NULL);
		break;
	case FACT_INT:
		if (!json_object_is_type(v, json_type_int)) {
			ret = bundle_fail(r, "\"value\" is not an integer");
			break;
		}
		num = json_object_get_int64(v);
		ret = facts_set_int(fs, key.s, num, has_src ? &b->src : NULL);
		break;
	case FACT_BOOL:
		ret = bundle_member_bool(r, fo, "value", &flag);
		if (!ret && !json_object_is_type(v, json_type_boolean))
			ret = bundle_fail(r, "\"value\" is not true or false");
		if (!ret)
			ret = facts_set_bool(fs, key.s, flag, has_src ? &b->src : NULL);
		break;
	case FACT_LIST:
		ret = read_list(r, fs, key.s, v, has_src ? &b->src : NULL);
		break;
	case FACT_UNREADABLE:
		ret = bundle_member_str(r, fo, "reason", true, &reason);
		if (!ret)
			ret = bundle_member_str(r, fo, "why", false, &why);
		if (ret)
			break;
		why_k = NAME_INDEX(fact_reason_name, enum fact_reason, reason.s);
		if (why_k <= FACT_REASON_NONE) {
			ret = bundle_fail(r, "unknown reason \"%.64s\"", reason.s);
			break;
		}
		ret = facts_set_unreadable(fs, key.s, (enum fact_reason)why_k, why.s ? why.s : "",
					   has_src ? &b->src : NULL);
		break;
	}
	if (ret == -EINVAL && key.s && r->err_len && !r->err[0])
		ret = bundle_fail(r, "\"%.64s\" is not a fact key", key.s);
out:
	src_free(b);
	bundle_str_free(&key);
	bundle_str_free(&type);
	bundle_str_free(&sval);
	bundle_str_free(&reason);
	bundle_str_free(&why);
	return ret;
}

int bundle_read_record(struct rd *r, struct kmsg_log *log, struct json_object *o)
{
	struct str wall = {0}, prefix = {0}, text = {0}, trace = {0}, tool = {0}, fam = {0};
	struct kmsg_event ev = {0};
	struct kmsg_user_src u = {0};
	int64_t v;
	bool has, userspace;
	int ret;

	if (!json_object_is_type(o, json_type_object))
		return bundle_fail(r, "not an object");
	ev.prio = -1;
	ret = bundle_member_u64(r, o, "seq", &ev.seq);
	if (!ret)
		ret = bundle_member_ts(r, o, "ts", &ev.ts);
	if (!ret)
		ret = bundle_member_int(r, o, "prio", -1, 7, &v, &has);
	if (!ret && has)
		ev.prio = (int)v;
	if (!ret)
		ret = bundle_member_int(r, o, "line", 0, UINT32_MAX, &v, &has);
	if (!ret && has)
		ev.line = (unsigned)v;
	if (!ret)
		ret = bundle_member_str(r, o, "wall", false, &wall);
	if (!ret)
		ret = bundle_member_str(r, o, "prefix", false, &prefix);
	if (!ret)
		ret = bundle_member_str(r, o, "text", true, &text);
	if (!ret)
		ret = bundle_member_str(r, o, "trace", false, &trace);
	if (!ret)
		ret = bundle_member_bool(r, o, "userspace", &userspace);
	if (!ret)
		ret = bundle_member_str(r, o, "tool", false, &tool);
	if (!ret)
		ret = bundle_member_int(r, o, "rc", 0, UINT32_MAX, &v, &u.has_rc);
	if (!ret && u.has_rc)
		u.rc = (uint32_t)v;
	if (!ret)
		ret = bundle_member_str(r, o, "rc_family", false, &fam);
	if (ret)
		goto out;
	if (fam.s && strcmp(fam.s, "1.2") && strcmp(fam.s, "2.0")) {
		ret = bundle_fail(r, "\"rc_family\" is neither \"1.2\" nor \"2.0\"");
		goto out;
	}
	u.rc_family = !fam.s ? 0 : fam.s[0] == '1' ? 12 : 20;
	u.tool = tool.s;
	ev.wall = wall.s;
	ev.prefix = prefix.s;
	ev.text = text.s;
	ev.trace = trace.s;
	for (const char *p = trace.s; p && *p; p++)
		ev.trace_lines += *p == '\n' || p == trace.s;
	ev.tpm = true;
	ret = userspace ? kmsg_log_add_user(log, &ev, &u) : kmsg_log_add(log, &ev);
	if (ret > 0)
		ret = 0; /* a duplicate (redaction made two records alike): kept once */
out:
	bundle_str_free(&wall);
	bundle_str_free(&prefix);
	bundle_str_free(&text);
	bundle_str_free(&trace);
	bundle_str_free(&tool);
	bundle_str_free(&fam);
	return ret;
}
