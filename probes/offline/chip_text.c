// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The chip's maker and firmware from pasted tool output (chip_text.h).
 * Each form is a row of the table below: the key a line starts with
 * (after spaces and fwupd's tree drawing) and what its value is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/offline/chip_text.h"

enum what {
	W_V12_CHIP,	/* tpm_version "Chip Version: 1.2.4.32" */
	W_VENDOR,	/* a vendor id as text */
	W_VENDOR_DEC,	/* Get-Tpm ManufacturerId: four characters as a number */
	W_FIRMWARE,	/* a version as text */
	W_GETCAP_PROP,	/* tpm2_getcap: "TPM2_PT_...:" opens a property */
	W_FWUPD_DEVICE, /* fwupdmgr: "├─NAME:" opens a device */
	W_OTHER,	/* another line of the same output, read and not kept */
};

struct form {
	const char *key; /* the line, trimmed, starts with it (then spaces and ':') */
	enum what what;
};

static const struct form forms[] = {
    {"Chip Version", W_V12_CHIP},	 {"TPM Vendor ID", W_VENDOR},
    {"ManufacturerIdTxt", W_VENDOR},	 {"ManufacturerId", W_VENDOR_DEC},
    {"ManufacturerVersion", W_FIRMWARE}, {"Spec Level", W_OTHER},
    {"Errata Revision", W_OTHER},	 {"TPM Version", W_OTHER},
    {"Manufacturer Info", W_OTHER},	 {"Vendor Specific data", W_OTHER},
    {"TPM2_PT_", W_GETCAP_PROP},
};

void chip_text_init(struct chip_text *t)
{
	memset(t, 0, sizeof(*t));
}

/* s as a clean C string: controls to spaces, cut at CHIP line length, trimmed. */
static void clean(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++)
		out[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static void set(struct chip_text_field *f, const char *v, size_t n, unsigned line, const char *text)
{
	while (n && (*v == ' ' || *v == '"')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '"'))
		n--;
	if (!n)
		return;
	snprintf(f->value, sizeof(f->value), "%.*s", (int)n, v);
	snprintf(f->text, sizeof(f->text), "%s", text);
	f->line = line;
}

/* The printable vendor characters of a 32-bit manufacturer id ("IFX"). */
static void vendor_chars(unsigned long v, char out[5])
{
	size_t i, o = 0;

	for (i = 0; i < 4; i++) {
		char c = (char)(v >> (24 - 8 * i));

		if (c > 0x20 && c < 0x7f)
			out[o++] = c;
	}
	out[o] = '\0';
}

/* tpm2_getcap's raw:/value: lines under the pending property. */
static void getcap_value(struct chip_text *t, const char *p, const char *text)
{
	bool raw = !strncmp(p, "raw:", 4), value = !strncmp(p, "value:", 6);
	unsigned long v;
	char buf[24], *end;

	if (!raw && !value)
		return;
	p += raw ? 4 : 6;
	if (!strcmp(t->pending, "TPM2_PT_MANUFACTURER") && value)
		set(&t->manufacturer, p, strlen(p), t->line, text);
	else if (!strcmp(t->pending, "TPM2_PT_FAMILY_INDICATOR") && value)
		set(&t->family, p, strlen(p), t->line, text);
	else if ((!strcmp(t->pending, "TPM2_PT_FIRMWARE_VERSION_1") ||
		  !strcmp(t->pending, "TPM2_PT_FIRMWARE_VERSION_2")) &&
		 raw) {
		v = strtoul(p, &end, 0);
		if (end == p || v > 0xffffffffUL)
			return;
		snprintf(buf, sizeof(buf), "%lu.%lu", v >> 16, v & 0xffff);
		set(t->pending[strlen(t->pending) - 1] == '1' ? &t->firmware : &t->firmware2, buf,
		    strlen(buf), t->line, text);
	}
}

/* fwupdmgr: inside a TPM device, its version and the vendor of its GUID. */
static void fwupd_line(struct chip_text *t, const char *p, const char *text)
{
	const char *ven = strstr(p, "TPM\\VEN_");
	size_t n;

	if (!strncmp(p, "Current version:", 16))
		set(&t->firmware, p + 16, strlen(p + 16), t->line, text);
	if (ven) {
		ven += 8;
		n = strcspn(ven, "&) ");
		set(&t->manufacturer, ven, n, t->line, text);
	}
}

/* Whether the line was the form's (its key, then ':'). */
static bool one_form(struct chip_text *t, const struct form *f, const char *p, const char *text)
{
	const char *v = p + strlen(f->key);
	char chars[5];
	unsigned long dec;
	char *end;

	if (f->what == W_GETCAP_PROP) {
		if (p[strcspn(p, ": ")] != ':')
			return false;
		snprintf(t->pending, sizeof(t->pending), "%.*s", (int)strcspn(p, ": "), p);
		return true;
	}
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v != ':')
		return false;
	v++;
	switch (f->what) {
	case W_V12_CHIP: /* 1.2.MAJOR.MINOR */
		while (*v == ' ')
			v++;
		if (strncmp(v, "1.2.", 4))
			return false;
		set(&t->family, "1.2", 3, t->line, text);
		set(&t->firmware, v + 4, strcspn(v + 4, " "), t->line, text);
		break;
	case W_VENDOR:
		set(&t->manufacturer, v, strlen(v), t->line, text);
		break;
	case W_VENDOR_DEC:
		dec = strtoul(v, &end, 10);
		if (end == v || dec > 0xffffffffUL || t->manufacturer.line)
			return true;
		vendor_chars(dec, chars);
		set(&t->manufacturer, chars, strlen(chars), t->line, text);
		break;
	case W_FIRMWARE:
		set(&t->firmware, v, strlen(v), t->line, text);
		break;
	case W_GETCAP_PROP:
	case W_FWUPD_DEVICE:
	case W_OTHER:
		break;
	}
	return true;
}

bool chip_text_line(struct chip_text *t, const char *s, size_t n)
{
	char text[512];
	const char *p;
	size_t i;

	t->line++;
	clean(s, n, text, sizeof(text));
	p = text;
	/* fwupd's tree: "│", "├─", "└─" (UTF-8) and spaces before the key */
	while (*p == ' ' || (unsigned char)*p >= 0x80)
		p++;
	if (p > text && (unsigned char)p[-1] >= 0x80 && strstr(text, "\xe2\x94\x80")) {
		/* a device header: "├─TPM:" */
		t->in_fwupd_tpm = strstr(p, "TPM") != NULL;
		return t->in_fwupd_tpm;
	}
	if (t->in_fwupd_tpm && p > text) {
		fwupd_line(t, p, text);
		return true;
	}
	if (t->pending[0] && text[0] == ' ' &&
	    (!strncmp(p, "raw:", 4) || !strncmp(p, "value:", 6))) {
		getcap_value(t, p, text);
		return true;
	}
	t->pending[0] = '\0';
	if (strstr(text, "TPM 1.2 Version Info:"))
		return true; /* tpm_version's heading (it may follow stray bytes) */
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strncmp(p, forms[i].key, strlen(forms[i].key)))
			return one_form(t, &forms[i], p, text);
	return false;
}

static int one_fact(struct facts *fs, const char *key, const struct chip_text_field *f,
		    const char *name)
{
	struct fact_src src = {.kind = FACT_SRC_FILE, .path = name};
	char note[224];

	if (!f->line)
		return 0;
	snprintf(note, sizeof(note), "line %u: %s", f->line, f->text);
	src.note = note;
	return facts_set_str(fs, key, f->value, &src);
}

/*
 * All four numbers: FIRMWARE_VERSION_1 and _2 (the first line's
 * provenance names both lines), or a firmware that already has them.
 */
static int firmware_full(const struct chip_text *t, struct facts *fs, const char *name)
{
	struct chip_text_field f = t->firmware;
	const char *v = t->firmware.value;
	unsigned dots = 0;

	if (!t->firmware.line)
		return 0;
	if (t->firmware2.line) {
		snprintf(f.value, sizeof(f.value), "%s.%s", t->firmware.value, t->firmware2.value);
		snprintf(f.text, sizeof(f.text), "%s; line %u: %s", t->firmware.text,
			 t->firmware2.line, t->firmware2.text);
		return one_fact(fs, "tpm0.chip.firmware_full", &f, name);
	}
	for (; *v; v++)
		dots += *v == '.';
	return dots == 3 ? one_fact(fs, "tpm0.chip.firmware_full", &f, name) : 0;
}

int chip_text_facts(const struct chip_text *t, struct facts *fs, const char *name)
{
	int ret = one_fact(fs, "tpm0.chip.manufacturer", &t->manufacturer, name);

	if (!ret)
		ret = one_fact(fs, "tpm0.chip.firmware", &t->firmware, name);
	if (!ret)
		ret = one_fact(fs, "tpm0.chip.family", &t->family, name);
	if (!ret)
		ret = firmware_full(t, fs, name);
	return ret == -ENOMEM ? ret : 0;
}
