// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What an event's data says (evlog_describe): one decoder per event type
 * from the TCG PC Client Platform Firmware Profile's event data structures
 * (UEFI_VARIABLE_DATA, UEFI_IMAGE_LOAD_EVENT, UEFI_GPT_DATA,
 * UEFI_PLATFORM_FIRMWARE_BLOB, ...), chosen from a table. Each checks the
 * structure's size against the data before it reads.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

void evlog_appendf(char *out, size_t cap, const char *fmt, ...)
{
	size_t used = strnlen(out, cap);
	va_list ap;

	if (used + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(out + used, cap - used, fmt, ap);
	va_end(ap);
}

void evlog_guid_text(const uint8_t *p, char out[37])
{
	snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", evlog_le32(p),
		 evlog_le16(p + 4), evlog_le16(p + 6), p[8], p[9], p[10], p[11], p[12], p[13],
		 p[14], p[15]);
}

static size_t utf8_put(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

void evlog_utf16_to_utf8(const uint8_t *p, size_t n_units, char *out, size_t cap)
{
	size_t i, o = 0;
	uint32_t c, lo;
	char tmp[4];
	size_t k;

	if (!cap)
		return;
	for (i = 0; i < n_units; i++) {
		c = evlog_le16(p + 2 * i);
		if (!c)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 1 < n_units &&
		    (lo = evlog_le16(p + 2 * i + 2)) >= 0xdc00 && lo < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		} else if ((c >= 0xd800 && c < 0xe000) || c < 0x20 || c == 0x7f) {
			c = '?'; /* a lone surrogate or a control character */
		}
		k = utf8_put(c, tmp);
		if (o + k >= cap)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	out[o] = '\0';
}

/* Printable ASCII of a string in the data, up to a NUL; others as '.'. */
static void ascii(const uint8_t *d, size_t n, char *out, size_t cap)
{
	size_t i;

	evlog_appendf(out, cap, "\"");
	for (i = 0; i < n && d[i]; i++)
		evlog_appendf(out, cap, "%c", d[i] >= 0x20 && d[i] < 0x7f ? d[i] : '.');
	evlog_appendf(out, cap, "\"");
}

typedef void decode_fn(const struct evlog_event *e, char *out, size_t cap);

static void d_string(const char *what, const struct evlog_event *e, char *out, size_t cap)
{
	evlog_appendf(out, cap, "%s ", what);
	ascii(e->data, e->data_len, out, cap);
}

static void d_action(const struct evlog_event *e, char *out, size_t cap)
{
	d_string("action", e, out, cap);
}

static void d_ipl(const struct evlog_event *e, char *out, size_t cap)
{
	d_string("IPL", e, out, cap);
}

static void d_blob_at(const char *what, const uint8_t *d, char *out, size_t cap)
{
	evlog_appendf(out, cap, "%s at 0x%llx, 0x%llx bytes", what,
		      (unsigned long long)evlog_le64(d), (unsigned long long)evlog_le64(d + 8));
}

static void d_post_code(const struct evlog_event *e, char *out, size_t cap)
{
	if (e->data_len == 16)
		d_blob_at("POST code", e->data, out, cap);
	else
		d_string("POST code", e, out, cap);
}

static void d_fw_blob(const struct evlog_event *e, char *out, size_t cap)
{
	if (e->data_len >= 16)
		d_blob_at("firmware blob", e->data, out, cap);
	else
		evlog_appendf(out, cap, "firmware blob (%u bytes, short)", e->data_len);
}

static void d_fw_blob2(const struct evlog_event *e, char *out, size_t cap)
{
	uint8_t n = e->data_len ? e->data[0] : 0;

	if (!e->data_len || e->data_len < 1u + n + 16u) {
		evlog_appendf(out, cap, "firmware blob (%u bytes, short)", e->data_len);
		return;
	}
	evlog_appendf(out, cap, "firmware blob ");
	ascii(e->data + 1, n, out, cap);
	d_blob_at("", e->data + 1 + n, out, cap);
}

static void d_crtm_version(const struct evlog_event *e, char *out, size_t cap)
{
	char s[128];

	if (e->data_len % 2 == 0 && e->data_len >= 2 && e->data[1] == 0) {
		evlog_utf16_to_utf8(e->data, e->data_len / 2, s, sizeof(s));
		evlog_appendf(out, cap, "S-CRTM version \"%s\"", s);
	} else {
		d_string("S-CRTM version", e, out, cap);
	}
}

static void d_separator(const struct evlog_event *e, char *out, size_t cap)
{
	uint32_t v;

	if (e->data_len != 4) {
		evlog_appendf(out, cap, "separator (%u bytes)", e->data_len);
		return;
	}
	/*
	 * The value as written, not judged: UEFI firmware writes 0, SeaBIOS
	 * 0xffffffff, and what a value other than 0 means is not settled here
	 * by a source this code could cite.
	 */
	v = evlog_le32(e->data);
	if (!v)
		evlog_appendf(out, cap, "separator");
	else
		evlog_appendf(out, cap, "separator 0x%08x", v);
}

static void d_no_action(const struct evlog_event *e, char *out, size_t cap)
{
	if (e->spec_id) {
		evlog_appendf(out, cap, "Spec ID Event03: a crypto-agile log");
	} else if (e->data_len == 17 && !memcmp(e->data, "StartupLocality", 16)) {
		evlog_appendf(out, cap, "startup locality %u", e->data[16]);
	} else if (e->data_len >= 16) {
		evlog_appendf(out, cap, "no action: ");
		ascii(e->data, 16, out, cap);
	} else {
		evlog_appendf(out, cap, "no action (%u bytes)", e->data_len);
	}
}

/* TCG_PCClientTaggedEvent: an ID, then data; Linux's EFI stub names its own. */
static void d_event_tag(const struct evlog_event *e, char *out, size_t cap)
{
	static const struct {
		uint32_t id;
		const char *what;
	} tags[] = {
	    {0x8F3B22EC, "Linux initrd"},
	    {0x8F3B22ED, "Linux load options"},
	};
	uint32_t id, n, i;

	if (e->data_len < 8) {
		evlog_appendf(out, cap, "event tag (%u bytes)", e->data_len);
		return;
	}
	id = evlog_le32(e->data);
	n = evlog_le32(e->data + 4);
	evlog_appendf(out, cap, "event tag 0x%x", id);
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (tags[i].id == id)
			evlog_appendf(out, cap, " (%s)", tags[i].what);
	if (n > e->data_len - 8) {
		evlog_appendf(out, cap, ", %u bytes past the data", n);
		return;
	}
	for (i = 0; i < n && e->data[8 + i] >= 0x20 && e->data[8 + i] < 0x7f; i++)
		;
	if (n && (i == n || (i + 1 == n && !e->data[8 + i])))
		evlog_appendf(out, cap, " \"%.*s\"", (int)i, (const char *)e->data + 8);
	else
		evlog_appendf(out, cap, ", %u bytes", n);
}

/* The value of a variable, by its name: booleans, BootOrder, Boot####. */
static void var_value(const char *name, const uint8_t *v, size_t n, char *out, size_t cap)
{
	static const char *const flags[] = {"SecureBoot", "SetupMode", "AuditMode", "DeployedMode"};
	static const char *const dbs[] = {"PK", "KEK", "db", "dbx", "dbt", "dbr"};
	char desc[256], path[768];
	size_t i, dlen;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(name, flags[i]) && n == 1) {
			evlog_appendf(out, cap, " = %u", v[0]);
			return;
		}
	if (!strcmp(name, "BootOrder") && n % 2 == 0 && n) {
		evlog_appendf(out, cap, " =");
		for (i = 0; i < n; i += 2)
			evlog_appendf(out, cap, "%s%04X", i ? "," : " ", evlog_le16(v + i));
		return;
	}
	if (!strncmp(name, "Boot", 4) && strlen(name) == 8 && n >= 6) {
		/* EFI_LOAD_OPTION: attributes, path length, description, path */
		for (dlen = 0; 6 + dlen + 1 < n && (v[6 + dlen] || v[7 + dlen]); dlen += 2)
			;
		evlog_utf16_to_utf8(v + 6, dlen / 2, desc, sizeof(desc));
		evlog_appendf(out, cap, " = \"%s\"", desc);
		i = 6 + dlen + 2;
		if (i <= n && evlog_le16(v + 4) <= n - i) {
			evlog_devpath_text(v + i, evlog_le16(v + 4), path, sizeof(path));
			evlog_appendf(out, cap, " %s", path);
		}
		return;
	}
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++)
		if (!strcmp(name, dbs[i]) && n) {
			evlog_siglists_text(v, n, out, cap);
			return;
		}
	evlog_appendf(out, cap, n ? " (%zu bytes)" : " (empty)", n);
}

static void d_variable(const struct evlog_event *e, char *out, size_t cap)
{
	const uint8_t *d = e->data;
	uint64_t nlen, vlen;
	char name[128];

	if (e->data_len < VAR_HEAD) {
		evlog_appendf(out, cap, "EFI variable (%u bytes, short)", e->data_len);
		return;
	}
	nlen = evlog_le64(d + 16);
	vlen = evlog_le64(d + 24);
	if (nlen > (e->data_len - VAR_HEAD) / 2 || vlen > e->data_len - VAR_HEAD - nlen * 2) {
		evlog_appendf(out, cap, "EFI variable (lengths past the data)");
		return;
	}
	evlog_utf16_to_utf8(d + VAR_HEAD, (size_t)nlen, name, sizeof(name));
	evlog_appendf(out, cap, "EFI variable %s", name);
	if (e->type == 0x800000E0u)
		evlog_sigdata_text(d + VAR_HEAD + nlen * 2, (size_t)vlen, out, cap);
	else
		var_value(name, d + VAR_HEAD + nlen * 2, (size_t)vlen, out, cap);
}

static void d_image(const char *what, const struct evlog_event *e, char *out, size_t cap)
{
	uint64_t plen;

	if (e->data_len < IMAGE_HEAD) {
		evlog_appendf(out, cap, "%s (%u bytes, short)", what, e->data_len);
		return;
	}
	plen = evlog_le64(e->data + 24);
	if (plen > e->data_len - IMAGE_HEAD) {
		evlog_appendf(out, cap, "%s (device path past the data)", what);
		return;
	}
	evlog_appendf(out, cap, "%s ", what);
	if (!plen)
		evlog_appendf(out, cap, "(no device path)");
	else
		evlog_devpath_text(e->data + IMAGE_HEAD, (size_t)plen, out + strlen(out),
				   cap - strlen(out));
}

static void d_app(const struct evlog_event *e, char *out, size_t cap)
{
	d_image("boot application", e, out, cap);
}

static void d_driver(const struct evlog_event *e, char *out, size_t cap)
{
	d_image("boot driver", e, out, cap);
}

static void d_rt_driver(const struct evlog_event *e, char *out, size_t cap)
{
	d_image("runtime driver", e, out, cap);
}

static void d_gpt(const struct evlog_event *e, char *out, size_t cap)
{
	uint64_t n;
	char g[37];

	if (e->data_len < GPT_HEADER + 8 || memcmp(e->data, "EFI PART", 8)) {
		evlog_appendf(out, cap, "GPT (%u bytes, not a GPT header)", e->data_len);
		return;
	}
	evlog_guid_text(e->data + 56, g);
	n = evlog_le64(e->data + GPT_HEADER);
	evlog_appendf(out, cap, "GPT disk %s, %llu partition%s", g, (unsigned long long)n,
		      n == 1 ? "" : "s");
}

static void d_handoff(const struct evlog_event *e, char *out, size_t cap)
{
	if (e->data_len >= 8)
		evlog_appendf(out, cap, "%llu configuration tables",
			      (unsigned long long)evlog_le64(e->data));
	else
		evlog_appendf(out, cap, "configuration tables (%u bytes, short)", e->data_len);
}

/* UEFI_HANDOFF_TABLE_POINTERS2: a described table list. */
static void d_handoff2(const struct evlog_event *e, char *out, size_t cap)
{
	uint8_t n = e->data_len ? e->data[0] : 0;

	if (!e->data_len || e->data_len < 1u + n + 8u) {
		evlog_appendf(out, cap, "configuration tables (%u bytes, short)", e->data_len);
		return;
	}
	evlog_appendf(out, cap, "%llu configuration tables ",
		      (unsigned long long)evlog_le64(e->data + 1 + n));
	ascii(e->data + 1, n, out, cap);
}

struct decoder {
	uint32_t type;
	decode_fn *fn;
};

static const struct decoder decoders[] = {
    {0x00000001, d_post_code},	  {0x00000003, d_no_action}, {0x00000004, d_separator},
    {0x00000005, d_action},	  {0x00000006, d_event_tag}, {0x00000007, d_fw_blob},
    {0x00000008, d_crtm_version}, {0x0000000D, d_ipl},	     {0x80000001, d_variable},
    {0x80000002, d_variable},	  {0x80000003, d_app},	     {0x80000004, d_driver},
    {0x80000005, d_rt_driver},	  {0x80000006, d_gpt},	     {0x80000007, d_action},
    {0x80000008, d_fw_blob},	  {0x80000009, d_handoff},   {0x8000000A, d_fw_blob2},
    {0x8000000B, d_handoff2},	  {0x8000000C, d_variable},  {0x8000000D, d_gpt},
    {0x80000010, d_action},	  {0x800000E0, d_variable},
};

void evlog_describe(const struct evlog_event *e, char *out, size_t cap)
{
	size_t i;

	if (!cap)
		return;
	out[0] = '\0';
	for (i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
		if (decoders[i].type == e->type) {
			decoders[i].fn(e, out, cap);
			return;
		}
	evlog_appendf(out, cap, "%u bytes", e->data_len);
}
