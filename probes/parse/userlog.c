// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The user-space line parser (see userlog.h): strip the decorations,
 * name the tool by the text's shape (tables), then by the identifier,
 * and pull out the return code the tool printed. userlog_raw.c reads the
 * raw response bytes people paste.
 */
#include <string.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/tpm/rc.h"
#include "probes/parse/userlog.h"
#include "probes/parse/userlog_priv.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- small scanners ------------------------------------------------------ */

static inline bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
}

static bool starts(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);

	return n >= l && !memcmp(s, p, l);
}

static const char *find(const char *s, size_t n, const char *p)
{
	return memmem(s, n, p, strlen(p));
}

/* Case-insensitive; p is lower case. */
static bool ci_has(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p), i, k;

	for (i = 0; i + l <= n; i++) {
		for (k = 0; k < l && lower(s[i + k]) == p[k]; k++)
			;
		if (k == l)
			return true;
	}
	return false;
}

/* The line is about the TPM stack at all. */
static bool relevant(const char *s, size_t n)
{
	static const char *const words[] = {"tpm", "tss",  "tcti",     "esys",	"fapi",
					    "pcr", "tcsd", "trousers", "abrmd", "tspi"};
	size_t k;

	for (k = 0; k < N_OF(words); k++)
		if (ci_has(s, n, words[k]))
			return true;
	return false;
}

/*
 * A hex number at s: "0x" then 1-8 digits (bare digits too when !need_0x,
 * then at least two with one a decimal digit), not followed by another
 * letter or digit.
 */
static bool take_hex(const char *s, size_t n, bool need_0x, uint32_t *v)
{
	size_t i = 0, d;
	uint32_t x = 0;
	bool decimal = false, prefixed = false;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		i = 2;
		prefixed = true;
	} else if (need_0x) {
		return false;
	}
	for (d = i; i < n && hex_digit(s[i]) >= 0; i++) {
		if (i - d == 8)
			return false;
		decimal |= is_digit(s[i]);
		x = x << 4 | (uint32_t)hex_digit(s[i]);
	}
	if (i == d || (i < n && is_alnum(s[i])))
		return false;
	if (!prefixed && (i - d < 2 || !decimal))
		return false;
	*v = x;
	return true;
}

/* ---- decorations ---------------------------------------------------------- */

/* "name[pid]: " at s: the offset of the message, 0 when not that. */
static size_t take_ident_pid(const char *s, size_t n, const char **id, size_t *id_len)
{
	size_t i = 0, d;

	while (i < n && i < 64 &&
	       (is_alnum(s[i]) || s[i] == '-' || s[i] == '.' || s[i] == '@' || s[i] == '/'))
		i++;
	if (!i || i >= n || s[i] != '[')
		return 0;
	for (d = ++i; i < n && is_digit(s[i]) && i - d < 10; i++)
		;
	if (i == d || i + 1 >= n || s[i] != ']' || s[i + 1] != ':')
		return 0;
	*id = s;
	*id_len = d - 1;
	return i + 2 + (i + 2 < n && s[i + 2] == ' ');
}

/*
 * "host ident[pid]: " or "host ident: " (no space in ident) at s; ident
 * may hold spaces before "[pid]" (TrouSerS' "TCSD TDDL[7945]: ").
 */
static size_t take_host_ident(const char *s, size_t n, const char **id, size_t *id_len)
{
	size_t i = 0, st, d, l;
	bool space = false;

	while (i < n && s[i] != ' ' && s[i] != ':' && i < 256)
		i++;
	if (!i || i >= n || s[i] != ' ')
		return 0;
	st = ++i;
	while (i < n && s[i] != ':' && s[i] != '[' && i - st < 64)
		space |= s[i++] == ' ';
	if (i == st || i >= n)
		return 0;
	l = i - st;
	if (s[i] == '[') {
		for (d = ++i; i < n && is_digit(s[i]) && i - d < 10; i++)
			;
		if (i == d || i >= n || s[i] != ']')
			return 0;
		i++;
	} else if (space) {
		return 0;
	}
	if (i >= n || s[i] != ':')
		return 0;
	*id = s + st;
	*id_len = l;
	return i + 1 + (i + 1 < n && s[i + 1] == ' ');
}

/* The identifier just before msg ("... tcsd[7945]: " + msg), when kmsg_parse found one. */
static bool ident_before(const char *lo, const char *msg, const char **id, size_t *id_len)
{
	const char *q = msg, *end;

	if (q > lo && q[-1] == ' ')
		q--;
	if (q <= lo || q[-1] != ':')
		return false;
	q--;
	if (q > lo && q[-1] == ']') {
		q--;
		while (q > lo && is_digit(q[-1]))
			q--;
		if (q <= lo || q[-1] != '[')
			return false;
		q--;
	}
	end = q;
	while (q > lo && q[-1] != ' ')
		q--;
	if (q == end)
		return false;
	*id = q;
	*id_len = (size_t)(end - q);
	return true;
}

/* A syslog stamp in another language: "avr 25 15:12:06 ", "Dez  3 08:01:02.123 ". */
static size_t take_local_stamp(const char *s, size_t n)
{
	size_t i = 0, d;

	while (i < n && i < 8 && s[i] != ' ' && (!is_digit(s[i]) && s[i] != ':'))
		i++;
	if (i < 2 || i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	for (d = i; i < n && is_digit(s[i]) && i - d < 2; i++)
		;
	if (i == d || i + 9 > n || s[i] != ' ')
		return 0;
	i++;
	if (!is_digit(s[i]) || !is_digit(s[i + 1]) || s[i + 2] != ':' || !is_digit(s[i + 3]) ||
	    !is_digit(s[i + 4]) || s[i + 5] != ':' || !is_digit(s[i + 6]) || !is_digit(s[i + 7]))
		return 0;
	i += 8;
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++)
			;
	return i < n && s[i] == ' ' ? i : 0;
}

/* glib: "** (tpm2-abrmd:1838): CRITICAL **: msg", "(tpm2-abrmd:3873): GLib-GIO-CRITICAL **: ". */
static bool glib_line(const char *s, size_t n, const char **id, size_t *id_len, int *prio)
{
	static const struct {
		const char *w;
		int prio;
	} levels[] = {{"CRITICAL", 2}, {"ERROR", 3}, {"WARNING", 4},
		      {"Message", 5},  {"INFO", 6},  {"DEBUG", 7}};
	size_t i = 0, st, k;
	const char *stars;

	if (starts(s, n, "** "))
		i = 3;
	if (i >= n || s[i] != '(')
		return false;
	for (st = ++i; i < n && s[i] != ':' && s[i] != ')' && i - st < 64; i++)
		;
	if (i == st || i >= n || s[i] != ':')
		return false;
	*id = s + st;
	*id_len = i - st;
	stars = find(s + i, n - i, " **: ");
	if (!stars)
		return false;
	for (k = 0; k < N_OF(levels); k++)
		if (find(s + i, (size_t)(stars - (s + i)), levels[k].w)) {
			*prio = levels[k].prio;
			break;
		}
	return true;
}

/* ---- which tool ------------------------------------------------------------ */

enum tool {
	T_NONE,
	T_TCSD,
	T_TPM_TOOLS,
	T_TSS2,
	T_TOOLS2,
	T_ABRMD,
	T_SYSTEMD,
	T_RAW,
};

static const char *const tool_names[] = {
    [T_NONE] = NULL,	     [T_TCSD] = "tcsd",		[T_TPM_TOOLS] = "tpm-tools",
    [T_TSS2] = "tpm2-tss",   [T_TOOLS2] = "tpm2-tools", [T_ABRMD] = "tpm2-abrmd",
    [T_SYSTEMD] = "systemd", [T_RAW] = "raw-bytes",
};

static const int tool_family[] = {
    [T_TCSD] = 12,  [T_TPM_TOOLS] = 12, [T_TSS2] = 20, [T_TOOLS2] = 20,
    [T_ABRMD] = 20, [T_SYSTEMD] = 20,	[T_RAW] = 0,
};

/* tpm2-tss src/util/log.c: "LEVEL:module:" */
static int tss2_level(const char *s, size_t n)
{
	static const struct {
		const char *w;
		int prio;
	} levels[] = {{"ERROR:", 3}, {"WARNING:", 4}, {"info:", 6}, {"debug:", 7}, {"trace:", 7}};
	size_t k, i, st;

	for (k = 0; k < N_OF(levels); k++) {
		if (!starts(s, n, levels[k].w))
			continue;
		for (st = i = strlen(levels[k].w);
		     i < n && i - st < 16 &&
		     ((s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) || s[i] == '_');
		     i++)
			;
		if (i > st && i < n && s[i] == ':')
			return levels[k].prio;
	}
	return -1;
}

/* tpm2-tools lib/log.c: "ERROR: ", "WARN: ", "INFO: ", or "ERROR on line: ". */
static int tools2_level(const char *s, size_t n)
{
	static const struct {
		const char *w;
		int prio;
	} levels[] = {{"ERROR", 3}, {"WARN", 4}, {"INFO", 6}};
	size_t k, l;

	for (k = 0; k < N_OF(levels); k++) {
		l = strlen(levels[k].w);
		if (starts(s, n, levels[k].w) &&
		    (starts(s + l, n - l, ": ") || starts(s + l, n - l, " on line: \"")))
			return levels[k].prio;
	}
	return -1;
}

static bool systemd_bare(const char *s, size_t n)
{
	static const char *const heads[] = {"Failed to ", "Could not ", "Unable to ", "No TPM2",
					    "TPM2 "};
	size_t k;

	if (starts(s, n, "TPM2 support"))
		return true;
	/* not the kernel's "Failed to map TPM Event Log table" pasted without its "efi: " */
	for (k = 0; k < N_OF(heads); k++)
		if (starts(s, n, heads[k]))
			return find(s, n, "TPM") && !find(s, n, "Event Log");
	return false;
}

static bool ident_is(const char *id, size_t l, const char *name)
{
	return l == strlen(name) && !memcmp(id, name, l);
}

/* By the message's shape; *prio set when the tool writes a level. */
static enum tool by_text(const char *s, size_t n, const char *id, size_t id_len, int *prio)
{
	int lv;

	if (starts(s, n, "TCSD") && n > 4 && (s[4] == ' ' || s[4] == ':' || s[4] == '[')) {
		if (find(s, n, "ERROR"))
			*prio = 3;
		return T_TCSD;
	}
	if (starts(s, n, "TrouSerS ")) {
		if (starts(s, n, "TrouSerS ERROR"))
			*prio = 3;
		return T_TCSD;
	}
	if (starts(s, n, "Tspi_") || starts(s, n, "Trspi_") ||
	    (find(s, n, " failed: 0x") && find(s, n, " - layer=")))
		return T_TPM_TOOLS;
	/* prose around a code: "When I take ownership, TCSD reports 0x26." */
	if ((find(s, n, "TCSD ") || find(s, n, "tcsd ")) && find(s, n, " 0x"))
		return T_TCSD;
	lv = tss2_level(s, n);
	if (lv >= 0) {
		*prio = lv;
		return T_TSS2;
	}
	lv = tools2_level(s, n);
	if (lv >= 0 && relevant(s, n)) {
		*prio = lv;
		return T_TOOLS2;
	}
	/*
	 * tpm2-tools 3.x: "Load Object Failed ! ErrorCode: 0x902"; and a script
	 * that wraps a tool's stderr: "Could not execute tpm2_x: ERROR: Esys_..."
	 */
	if (find(s, n, " Failed ! ErrorCode: 0x") ||
	    (find(s, n, ": ERROR: ") &&
	     (find(s, n, "Esys_") || find(s, n, "Tss2_") || find(s, n, "Fapi_")))) {
		*prio = 3;
		return T_TOOLS2;
	}
	if (id && (ident_is(id, id_len, "tpm2-abrmd") || ident_is(id, id_len, "tabrmd")))
		return T_ABRMD;
	if (find(s, n, "TCTI initialization failed") ||
	    find(s, n, "initialize device TCTI context") || find(s, n, "com.intel.tss2.Tabrmd"))
		return T_ABRMD;
	if (systemd_bare(s, n))
		return T_SYSTEMD;
	return T_NONE;
}

static enum tool by_ident(const char *id, size_t l, const char *s, size_t n)
{
	if (!id)
		return T_NONE;
	if (ident_is(id, l, "tcsd") || starts(id, l, "TCSD"))
		return T_TCSD;
	if (ident_is(id, l, "trousers") && relevant(s, n))
		return T_TCSD;
	/* "(udev-worker)[1688]:" is systemd-udevd's worker since systemd 252 */
	if ((starts(id, l, "systemd") || starts(id, l, "(sd-") || starts(id, l, "(udev-worker)")) &&
	    relevant(s, n))
		return T_SYSTEMD;
	return T_NONE;
}

/* ---- return codes ---------------------------------------------------------- */

struct rc_marker {
	const char *m;
	bool need_0x;
};

static const struct rc_marker marks_tcsd[] = {
    {"result = ", true}, {"result: ", true}, {"returned ", true}, {"rc=", true}, {"error ", true},
};
static const struct rc_marker marks_tpm_tools[] = {{"failed: ", true}};
static const struct rc_marker marks_tss2[] = {
    {"ErrorCode (", true}, {"failed with ", false}, {"RC: ", true}, {"rc ", true}, {"rc=", true},
};
static const struct rc_marker marks_tools2[] = {
    {"(", true}, {"context: ", true}, {"RC: ", true}, {"failed: ", true}, {"ErrorCode: ", true},
};
static const struct rc_marker marks_abrmd[] = {
    {"got RC: ", true},
    {"failed: ", true},
    {"context: ", true},
    {"failed with ", false},
};

static const struct {
	const struct rc_marker *m;
	size_t n;
} tool_marks[] = {
    [T_TCSD] = {marks_tcsd, N_OF(marks_tcsd)},
    [T_TPM_TOOLS] = {marks_tpm_tools, N_OF(marks_tpm_tools)},
    [T_TSS2] = {marks_tss2, N_OF(marks_tss2)},
    [T_TOOLS2] = {marks_tools2, N_OF(marks_tools2)},
    [T_ABRMD] = {marks_abrmd, N_OF(marks_abrmd)},
};

static bool rc_fits(uint32_t rc, int family)
{
	return family == 12 ? rc <= 0xFFFF : rc <= 0xFFFFFF;
}

static bool rc_known(uint32_t rc, int family)
{
	struct tpm_rc_desc d;

	return !tpm_rc_decode(rc, family == 12 ? TPM_FAMILY_12 : TPM_FAMILY_20, &d) && d.known;
}

/* After a marker the tool prints before a code; else any "0x..." that decodes. */
static bool find_rc(enum tool t, const char *s, size_t n, uint32_t *rc)
{
	int fam = tool_family[t];
	const char *at;
	size_t k, i;

	for (k = 0; (size_t)t < N_OF(tool_marks) && k < tool_marks[t].n; k++) {
		const struct rc_marker *mk = &tool_marks[t].m[k];
		size_t l = strlen(mk->m);

		for (at = find(s, n, mk->m); at;
		     at = find(at + 1, n - (size_t)(at + 1 - s), mk->m)) {
			i = (size_t)(at - s) + l;
			if (take_hex(s + i, n - i, mk->need_0x, rc) && rc_fits(*rc, fam))
				return true;
		}
	}
	if (t == T_SYSTEMD)
		return false;
	for (i = 0; i + 2 < n; i++) {
		if (s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X') ||
		    (i && is_alnum(s[i - 1])))
			continue;
		if (take_hex(s + i, n - i, true, rc) && *rc && rc_fits(*rc, fam) &&
		    rc_known(*rc, fam))
			return true;
	}
	return false;
}

/* ---- the line -------------------------------------------------------------- */

bool userlog_is_prompt(const char *s, size_t len)
{
	struct kmsg_line kl;
	const char *m;
	size_t n, i;
	bool at = false, bracket = false;

	kmsg_parse_line(s, len, &kl);
	if (kl.fmt != KMSG_FMT_BARE)
		return false;
	for (m = kl.msg, n = kl.msg_len; n && (*m == ' ' || *m == '\t'); m++, n--)
		;
	for (i = 0; i + 1 < n && i < 80; i++) {
		if ((m[i] == '$' || m[i] == '#') && m[i + 1] == ' ')
			return i == 0 || at || bracket;
		if (m[i] == ' ' && !(bracket && m[0] == '['))
			return false;
		at |= m[i] == '@';
		bracket |= m[i] == '[';
	}
	return false;
}

/* Where the message starts, with the identifier when there is one. false: a kernel line. */
static bool strip(const char *line, const struct kmsg_line *kl, struct userlog_line *o)
{
	const char *m = kl->msg;
	size_t n = kl->msg_len, k;

	while (n && (*m == ' ' || *m == '\t')) {
		m++;
		n--;
	}
	switch (kl->fmt) {
	case KMSG_FMT_KMSG:
	case KMSG_FMT_DMESG:
	case KMSG_FMT_DMESG_T:
		/* a kernel buffer: only user-space lines written to /dev/kmsg ("systemd[1]: ") */
		k = take_ident_pid(m, n, &o->ident, &o->ident_len);
		if (!k && kl->kernel)
			return false;
		break;
	case KMSG_FMT_SYSLOG:
	case KMSG_FMT_JOURNAL:
		if (kl->kernel)
			return false;
		k = 0;
		if (!ident_before(line, m, &o->ident, &o->ident_len))
			k = take_host_ident(m, n, &o->ident, &o->ident_len);
		break;
	default:
		k = take_local_stamp(m, n);
		if (k) {
			size_t h = take_host_ident(m + k + 1, n - k - 1, &o->ident, &o->ident_len);

			if (h) {
				o->wall = m;
				o->wall_len = k;
				k += 1 + h;
				break;
			}
		}
		k = take_ident_pid(m, n, &o->ident, &o->ident_len);
		break;
	}
	o->text = m + k;
	o->text_len = n - k;
	return true;
}

bool userlog_parse_line(const char *s, size_t len, struct userlog_line *out)
{
	struct kmsg_line kl;
	enum tool t;
	const char *gid = NULL;
	size_t gid_len = 0;
	int prio = -1;
	uint16_t tag;

	memset(out, 0, sizeof(*out));
	out->ts = -1;
	out->prio = -1;
	kmsg_parse_line(s, len, &kl);
	if (kl.binary || kl.dict || kl.fmt == KMSG_FMT_NONE)
		return false;
	out->quote = kl.quote;
	out->ts = kl.ts;
	out->wall = kl.wall;
	out->wall_len = kl.wall_len;
	if (!strip(s, &kl, out) || !out->text_len)
		return false;
	if (glib_line(out->text, out->text_len, &gid, &gid_len, &prio) &&
	    !ident_is(gid, gid_len, "process")) {
		out->ident = gid;
		out->ident_len = gid_len;
	}
	if (userlog_raw_response(out->text, out->text_len, &tag, &out->rc, &out->rc_family)) {
		t = T_RAW;
		out->has_rc = true;
	} else {
		t = by_text(out->text, out->text_len, out->ident, out->ident_len, &prio);
		if (t == T_NONE)
			t = by_ident(out->ident, out->ident_len, out->text, out->text_len);
		if (t == T_NONE)
			return false;
		out->has_rc = find_rc(t, out->text, out->text_len, &out->rc);
		out->rc_family = out->has_rc ? tool_family[t] : 0;
	}
	out->tool = tool_names[t];
	out->prio = kl.prio >= 0 ? kl.prio : prio;
	return true;
}
