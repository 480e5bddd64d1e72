// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsers for the kernel's ppi/ files; see ppi_parse.h. */
#include <errno.h>
#include <string.h>

#include "probes/parse/ppi_parse.h"

static const struct {
	const char *token;
	const char *words;
} ppi_statuses[] = {
    [PPI_STATUS_NOT_IMPLEMENTED] = {"not-implemented", "not implemented by the firmware"},
    [PPI_STATUS_BIOS_ONLY] = {"bios-only", "only from the firmware's own setup, not from the OS"},
    [PPI_STATUS_BLOCKED] = {"blocked", "blocked for the OS by a firmware setting"},
    [PPI_STATUS_USER_REQUIRED] = {"user-required",
				  "allowed; the person at the console must confirm it"},
    [PPI_STATUS_USER_NOT_REQUIRED] = {"user-not-required",
				      "allowed; carried out without asking the user"},
    [PPI_STATUS_UNKNOWN] = {"unknown", "not known (the firmware's table could not be read)"},
};

static const char *const ppi_rsp_tokens[] = {
    [PPI_RSP_NONE] = "none",
    [PPI_RSP_SUCCESS] = "success",
    [PPI_RSP_USER_ABORT] = "user-abort",
    [PPI_RSP_BIOS_FAILURE] = "bios-failure",
    [PPI_RSP_TPM_ERROR] = "tpm-error",
    [PPI_RSP_ERROR] = "error",
};

static const char *const ppi_transitions[] = {"none", "shutdown", "reboot", "os-vendor-specific",
					      "error"};

const char *ppi_status_token(enum ppi_status s)
{
	return (unsigned)s <= PPI_STATUS_UNKNOWN ? ppi_statuses[s].token : "unknown";
}

const char *ppi_status_words(enum ppi_status s)
{
	return (unsigned)s <= PPI_STATUS_UNKNOWN ? ppi_statuses[s].words
						 : ppi_statuses[PPI_STATUS_UNKNOWN].words;
}

int ppi_status_from_token(const char *token, enum ppi_status *out)
{
	unsigned i;

	for (i = 0; i <= PPI_STATUS_UNKNOWN; i++)
		if (!strcmp(token, ppi_statuses[i].token)) {
			*out = (enum ppi_status)i;
			return 0;
		}
	return -EINVAL;
}

bool ppi_status_allowed(enum ppi_status s)
{
	return s == PPI_STATUS_USER_REQUIRED || s == PPI_STATUS_USER_NOT_REQUIRED;
}

const char *ppi_response_token(enum ppi_response_kind k)
{
	return (unsigned)k <= PPI_RSP_ERROR ? ppi_rsp_tokens[k] : "error";
}

const char *ppi_transition_token(uint32_t code)
{
	return ppi_transitions[code < 4 ? code : 4];
}

/* A cursor over p[0..n). */
struct ppi_cur {
	const char *p;
	size_t n;
};

/* An unsigned decimal number (or, with hex_ok, "0x" + hex digits) at most max. */
static int ppi_num(struct ppi_cur *c, bool hex_ok, uint64_t max, uint64_t *out)
{
	unsigned base = 10, d;
	uint64_t v = 0;
	size_t i = 0, start;
	char ch;

	if (hex_ok && c->n > 2 && c->p[0] == '0' && (c->p[1] == 'x' || c->p[1] == 'X')) {
		base = 16;
		i = 2;
	}
	start = i;
	for (; i < c->n; i++) {
		ch = c->p[i];
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			break;
		if (d > max || v > (max - d) / base)
			return -EBADMSG;
		v = v * base + d;
	}
	if (i == start)
		return -EBADMSG;
	c->p += i;
	c->n -= i;
	*out = v;
	return 0;
}

/* The literal s comes next. */
static int ppi_lit(struct ppi_cur *c, const char *s)
{
	size_t l = strlen(s);

	if (c->n < l || memcmp(c->p, s, l))
		return -EBADMSG;
	c->p += l;
	c->n -= l;
	return 0;
}

/* The rest is a description: at least one printable ASCII character, nothing else. */
static int ppi_words(const struct ppi_cur *c)
{
	size_t i;

	if (!c->n)
		return -EBADMSG;
	for (i = 0; i < c->n; i++)
		if (c->p[i] < 0x20 || c->p[i] > 0x7e)
			return -EBADMSG;
	return 0;
}

/*
 * The one line of a single-line file: *c is it without the trailing newline.
 * -ENODATA when empty, -EBADMSG when more than one line or too long.
 */
static int ppi_one_line(const char *text, struct ppi_cur *c)
{
	size_t n = strlen(text);

	if (n && text[n - 1] == '\n')
		n--;
	if (!n)
		return -ENODATA;
	if (n > PPI_LINE_MAX || memchr(text, '\n', n))
		return -EBADMSG;
	c->p = text;
	c->n = n;
	return 0;
}

int ppi_parse_version(const char *text, unsigned *major, unsigned *minor)
{
	struct ppi_cur c;
	uint64_t a, b;
	int ret = ppi_one_line(text, &c);

	if (ret)
		return ret;
	if (ppi_num(&c, false, 255, &a) || ppi_lit(&c, ".") || ppi_num(&c, false, 255, &b) || c.n)
		return -EBADMSG;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

int ppi_parse_request(const char *text, struct ppi_request *out)
{
	struct ppi_cur c;
	uint64_t op, param = 0;
	bool has = false;
	int ret = ppi_one_line(text, &c);

	if (ret)
		return ret;
	if (ppi_num(&c, false, UINT32_MAX, &op))
		return -EBADMSG;
	if (c.n) {
		if (ppi_lit(&c, " ") || ppi_num(&c, false, UINT32_MAX, &param) || c.n)
			return -EBADMSG;
		has = true;
	}
	out->op = (uint32_t)op;
	out->has_param = has;
	out->param = (uint32_t)param;
	return 0;
}

int ppi_parse_response(const char *text, struct ppi_response *out)
{
	struct ppi_cur c;
	uint64_t op, code;
	enum ppi_response_kind k;
	int ret = ppi_one_line(text, &c);

	if (ret)
		return ret;
	if (ppi_num(&c, false, UINT32_MAX, &op))
		return -EBADMSG;
	if (!ppi_lit(&c, ": ")) {
		/* "0: No Recent Request": the kernel prints this form only for 0 */
		if (op || ppi_words(&c))
			return -EBADMSG;
		*out = (struct ppi_response){0, 0, PPI_RSP_NONE};
		return 0;
	}
	if (!op || ppi_lit(&c, " ") || ppi_num(&c, true, UINT64_MAX, &code) || ppi_lit(&c, ": ") ||
	    ppi_words(&c))
		return -EBADMSG;
	if (code == 0)
		k = PPI_RSP_SUCCESS;
	else if (code == PPI_CODE_ABORT)
		k = PPI_RSP_USER_ABORT;
	else if (code == PPI_CODE_BIOS)
		k = PPI_RSP_BIOS_FAILURE;
	else if (code <= 0xFFF)
		k = PPI_RSP_TPM_ERROR;
	else
		k = PPI_RSP_ERROR;
	if (code > UINT32_MAX)
		return -EBADMSG; /* the firmware's field is 32 bits */
	*out = (struct ppi_response){(uint32_t)op, (uint32_t)code, k};
	return 0;
}

int ppi_parse_transition(const char *text, uint32_t *code)
{
	struct ppi_cur c;
	uint64_t v;
	int ret = ppi_one_line(text, &c);

	if (ret)
		return ret;
	if (ppi_num(&c, false, UINT32_MAX, &v) || ppi_lit(&c, ": ") || ppi_words(&c))
		return -EBADMSG;
	*code = (uint32_t)v;
	return 0;
}

/* One "N S: text" line into out; -EBADMSG when it is not one. */
static int ppi_op_line(struct ppi_cur *c, unsigned first, unsigned last, struct ppi_ops *out)
{
	uint64_t op, st;

	if (c->n > PPI_LINE_MAX || ppi_num(c, false, last, &op) || op < first || ppi_lit(c, " ") ||
	    ppi_num(c, false, PPI_STATUS_USER_NOT_REQUIRED, &st) || st == 0 || ppi_lit(c, ": ") ||
	    ppi_words(c))
		return -EBADMSG;
	if (out->status[op] != PPI_STATUS_NOT_IMPLEMENTED)
		return -EBADMSG; /* listed twice */
	out->status[op] = (uint8_t)st;
	out->count++;
	return 0;
}

int ppi_parse_operations(const char *text, unsigned first, unsigned last, struct ppi_ops *out,
			 size_t *bad_line)
{
	const char *p = text, *end = text + strlen(text), *nl;
	struct ppi_cur c;
	size_t line = 0;

	memset(out, 0, sizeof(*out));
	*bad_line = 0;
	if (last >= PPI_OP_COUNT || first > last)
		return -EINVAL;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		c.p = p;
		c.n = (size_t)((nl ? nl : end) - p);
		line++;
		if (ppi_op_line(&c, first, last, out)) {
			*bad_line = line;
			memset(out, 0, sizeof(*out));
			return -EBADMSG;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}
