// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PPI probe: what the firmware's Physical Presence Interface says,
 * per chip, from /sys/class/tpm/tpmN/ppi/ (device/ppi/ on kernels before
 * 4.2): the pending request, the last operation the firmware acted on and
 * its answer, the transition it wants, and which operations it offers the
 * OS. The sysfs probe already records tpmN.ppi and tpmN.ppi.version.
 *
 * Reading these files makes the kernel run the firmware's ACPI _DSM method
 * (drivers/char/tpm/tpm_ppi.c), not the chip, so they are read directly.
 * The kernel's errors on a read are the firmware's: ENXIO the method could
 * not be run, EFAULT it answered an error, EINVAL its answer had the wrong
 * shape, EPERM (operation tables) it has no function 8 (PPI before 1.2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/ppi/ppi.h"
#include "probes/parse/ppi_parse.h"
#include "probes/probe.h"
#include "probes/tpm/rc.h"
#include "probes/os/tpm_class.h"

#define PPI_VALUE_MAX 8192 /* a sysfs value is at most a page */
#define PPI_PATH      4200
#define PPI_QUOTE     48 /* characters of a bad value quoted in a reason */

/* What the kernel's errno on reading a ppi file means. */
static const struct {
	int err;
	bool ops_only; /* only the operation tables give it */
	enum fact_reason why;
	const char *text; /* after "FILE: " */
} ppi_read_errors[] = {
    {ENXIO, false, FACT_FAILED,
     "the firmware's ACPI PPI method (_DSM) could not be run (the kernel returned ENXIO)"},
    {EFAULT, false, FACT_FAILED,
     "the firmware's PPI method answered with an error (the kernel returned EFAULT)"},
    {EINVAL, false, FACT_MALFORMED,
     "the firmware's PPI method answered with something the kernel cannot use (the kernel "
     "returned EINVAL)"},
    {EPERM, true, FACT_FAILED,
     "the firmware's PPI has no function 8 (it needs PPI 1.2 or later), so the kernel cannot "
     "list the operations (EPERM)"},
    {ENOMEM, true, FACT_FAILED,
     "the firmware's PPI method failed part-way through the table (the kernel returned "
     "ENOMEM)"},
    {EFBIG, false, FACT_MALFORMED, "longer than a page, which the kernel never writes"},
};

/* One file of tpmN's ppi directory, as read. */
struct ppi_file {
	char path[PPI_PATH]; /* as the machine names it */
	const char *name;    /* "request" */
	char text[PPI_VALUE_MAX];
	int err;
};

enum ppi_file_id { PF_REQUEST, PF_RESPONSE, PF_TRANSITION, PF_TCG, PF_VS, PF_COUNT };

static const char *const ppi_file_names[PF_COUNT] = {"request", "response", "transition_action",
						     "tcg_operations", "vs_operations"};

struct ppi_chip {
	struct probe_ctx *c;
	unsigned n;
	enum tpm_family family;
	char dir[PPI_PATH]; /* "/sys/class/tpm/tpm0/ppi" */
	struct ppi_file f[PF_COUNT];
	struct ppi_ops tcg, vs;
	int tcg_err, vs_err; /* parse results; 0 = the table is known */
	size_t tcg_line, vs_line;
	uint32_t transition;
	int transition_err;
};

static const char *ppi_key(char *buf, size_t len, unsigned n, const char *rest)
{
	return facts_key(buf, len, "tpm%u.ppi.%s", n, rest);
}

/* s as a short quoted string for a reason: control characters escaped, cut at PPI_QUOTE. */
static void ppi_quote(const char *s, char *out, size_t cap)
{
	size_t o = 0, i;

	for (i = 0; s[i] && o + 8 < cap; i++) {
		if (i == PPI_QUOTE) {
			o += (size_t)snprintf(out + o, cap - o, "...");
			break;
		}
		if (s[i] == '\n')
			o += (size_t)snprintf(out + o, cap - o, "\\n");
		else if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", (unsigned char)s[i]);
		else
			out[o++] = s[i];
	}
	out[o < cap ? o : cap - 1] = '\0';
}

/* Line n (1-based) of text, copied into buf (cut at cap - 1): what a reason quotes. */
static const char *ppi_line_of(const char *text, size_t n, char *buf, size_t cap)
{
	const char *p = text, *nl;
	size_t len;

	while (--n && (nl = strchr(p, '\n')))
		p = nl + 1;
	len = strcspn(p, "\n");
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

/*
 * Every key in keys (NULL-terminated, "tpmN.ppi." + key) unreadable: the
 * read of f failed (f->err) or its text did not parse (perr, line).
 */
static int ppi_unreadable(struct ppi_chip *ch, const struct ppi_file *f, const char *const *keys,
			  int perr, size_t line)
{
	struct fact_src src = probe_file_src(f->path);
	enum fact_reason why = FACT_MALFORMED;
	char text[PPI_PATH + 256], q[PPI_QUOTE * 4 + 16], lb[PPI_QUOTE + 8], key[128];
	bool ops = !strcmp(f->name, "tcg_operations") || !strcmp(f->name, "vs_operations");
	int ret = 0;
	size_t i;

	text[0] = '\0';
	if (f->err) {
		for (i = 0; !text[0] && i < sizeof(ppi_read_errors) / sizeof(ppi_read_errors[0]);
		     i++)
			if (ppi_read_errors[i].err == -f->err &&
			    (ops || !ppi_read_errors[i].ops_only)) {
				snprintf(text, sizeof(text), "%s: %s", f->name,
					 ppi_read_errors[i].text);
				why = ppi_read_errors[i].why;
			}
		if (!text[0]) {
			snprintf(text, sizeof(text), "cannot read %s", f->path);
			for (i = 0; !ret && keys[i]; i++)
				ret = facts_set_errno(ch->c->facts,
						      ppi_key(key, sizeof(key), ch->n, keys[i]),
						      -f->err, text, &src);
			return ret;
		}
	} else if (perr == -ENODATA) {
		snprintf(text, sizeof(text), "%s is empty, which the kernel never writes", f->name);
	} else {
		ppi_quote(line ? ppi_line_of(f->text, line, lb, sizeof(lb)) : f->text, q,
			  sizeof(q));
		if (line)
			snprintf(text, sizeof(text),
				 "%s line %zu is not what the kernel writes: \"%s\"", f->name, line,
				 q);
		else
			snprintf(text, sizeof(text), "%s is not what the kernel writes: \"%s\"",
				 f->name, q);
	}
	for (i = 0; !ret && keys[i]; i++)
		ret = facts_set_unreadable(ch->c->facts, ppi_key(key, sizeof(key), ch->n, keys[i]),
					   why, text, &src);
	return ret;
}

/* The firmware's status for op, as far as the tables tell. */
static enum ppi_status ppi_status_of(const struct ppi_chip *ch, uint32_t op)
{
	if (op >= PPI_OP_COUNT)
		return PPI_STATUS_NOT_IMPLEMENTED;
	if (op >= PPI_VS_FIRST)
		return ch->vs_err ? PPI_STATUS_UNKNOWN : (enum ppi_status)ch->vs.status[op];
	return ch->tcg_err ? PPI_STATUS_UNKNOWN : (enum ppi_status)ch->tcg.status[op];
}

static int ppi_request(struct ppi_chip *ch)
{
	static const char *const keys[] = {"request", "request.name", "request.next_boot", NULL};
	const struct ppi_file *f = &ch->f[PF_REQUEST];
	struct fact_src src = probe_file_src(f->path), der = {.kind = FACT_SRC_DERIVED};
	struct facts *fs = ch->c->facts;
	char key[128], name[128], sentence[768];
	struct ppi_request rq;
	int ret = f->err ? f->err : ppi_parse_request(f->text, &rq);

	if (ret)
		return ppi_unreadable(ch, f, keys, ret, 0);
	ret = facts_set_int(fs, ppi_key(key, sizeof(key), ch->n, "request"), rq.op, &src);
	if (!ret)
		ret = facts_set_str(
		    fs, ppi_key(key, sizeof(key), ch->n, "request.name"),
		    rq.op ? ppi_op_name(ch->family, rq.op, name, sizeof(name)) : "none", &src);
	if (!ret && rq.has_param)
		ret = facts_set_int(fs, ppi_key(key, sizeof(key), ch->n, "request.parameter"),
				    rq.param, &src);
	if (ret)
		return ret;
	der.note = "ppi/request with ppi/tcg_operations, ppi/vs_operations and "
		   "ppi/transition_action";
	ppi_next_boot_text(ch->family, rq.op, ppi_status_of(ch, rq.op),
			   ch->transition_err ? NULL : ppi_transition_token(ch->transition),
			   sentence, sizeof(sentence));
	return facts_set_str(fs, ppi_key(key, sizeof(key), ch->n, "request.next_boot"), sentence,
			     &der);
}

/* What the firmware's answer means, one sentence. */
static void ppi_meaning(const struct ppi_chip *ch, const struct ppi_response *r, char *buf,
			size_t len)
{
	struct tpm_rc_desc d;
	char name[128], rc[256];

	ppi_op_name(ch->family, r->op, name, sizeof(name));
	switch (r->kind) {
	case PPI_RSP_NONE:
		snprintf(buf, len, "The firmware reports no recent PPI request");
		break;
	case PPI_RSP_SUCCESS:
		snprintf(buf, len, "The firmware carried out operation %u (%s)", r->op, name);
		break;
	case PPI_RSP_USER_ABORT:
		snprintf(buf, len,
			 "Operation %u (%s) was rejected at the firmware's prompt (User Abort); "
			 "nothing was changed",
			 r->op, name);
		break;
	case PPI_RSP_BIOS_FAILURE:
		snprintf(buf, len,
			 "The firmware failed to carry out operation %u (%s) (BIOS Failure)", r->op,
			 name);
		break;
	case PPI_RSP_TPM_ERROR:
		if (ch->family != TPM_FAMILY_UNKNOWN && !tpm_rc_decode(r->code, ch->family, &d) &&
		    d.known) {
			tpm_rc_format(&d, rc, sizeof(rc));
			snprintf(buf, len, "The TPM refused operation %u (%s): %s (0x%x)", r->op,
				 name, rc, r->code);
		} else {
			snprintf(buf, len,
				 "The TPM refused operation %u (%s) with return code 0x%x", r->op,
				 name, r->code);
		}
		break;
	default:
		snprintf(buf, len, "The firmware reports error 0x%08X for operation %u (%s)",
			 r->code, r->op, name);
	}
}

static int ppi_response(struct ppi_chip *ch)
{
	static const char *const keys[] = {"last_request", "last_request.name", "response",
					   "response.meaning", NULL};
	const struct ppi_file *f = &ch->f[PF_RESPONSE];
	struct fact_src src = probe_file_src(f->path);
	struct facts *fs = ch->c->facts;
	char key[128], name[128], text[512];
	struct ppi_response r;
	int ret = f->err ? f->err : ppi_parse_response(f->text, &r);

	if (ret)
		return ppi_unreadable(ch, f, keys, ret, 0);
	ret = facts_set_int(fs, ppi_key(key, sizeof(key), ch->n, "last_request"), r.op, &src);
	if (!ret)
		ret = facts_set_str(
		    fs, ppi_key(key, sizeof(key), ch->n, "last_request.name"),
		    r.op ? ppi_op_name(ch->family, r.op, name, sizeof(name)) : "none", &src);
	if (!ret)
		ret = facts_set_str(fs, ppi_key(key, sizeof(key), ch->n, "response"),
				    ppi_response_token(r.kind), &src);
	if (!ret && r.kind != PPI_RSP_NONE) {
		snprintf(text, sizeof(text), "0x%08X", r.code);
		ret = facts_set_str(fs, ppi_key(key, sizeof(key), ch->n, "response.code"), text,
				    &src);
	}
	ppi_meaning(ch, &r, text, sizeof(text));
	if (!ret)
		ret = facts_set_str(fs, ppi_key(key, sizeof(key), ch->n, "response.meaning"), text,
				    &src);
	return ret;
}

static int ppi_transition(struct ppi_chip *ch)
{
	static const char *const keys[] = {"transition_action", "transition_action.code", NULL};
	const struct ppi_file *f = &ch->f[PF_TRANSITION];
	struct fact_src src = probe_file_src(f->path);
	char key[128];
	int ret;

	if (ch->transition_err)
		return ppi_unreadable(ch, f, keys, ch->transition_err, 0);
	ret = facts_set_str(ch->c->facts, ppi_key(key, sizeof(key), ch->n, "transition_action"),
			    ppi_transition_token(ch->transition), &src);
	if (!ret)
		ret = facts_set_int(ch->c->facts,
				    ppi_key(key, sizeof(key), ch->n, "transition_action.code"),
				    ch->transition, &src);
	return ret;
}

/* One operations table as a list fact: "5: user-required", ... */
static int ppi_table(struct ppi_chip *ch, enum ppi_file_id id, const struct ppi_ops *ops, int err,
		     size_t line, unsigned first, unsigned last)
{
	const struct ppi_file *f = &ch->f[id];
	const char *keys[] = {f->name, NULL};
	struct fact_src src = probe_file_src(f->path);
	char key[128], items[PPI_OP_COUNT][32];
	const char *ptrs[PPI_OP_COUNT];
	size_t k = 0;
	unsigned op;

	if (err)
		return ppi_unreadable(ch, f, keys, err, line);
	for (op = first; op <= last; op++) {
		if (ops->status[op] == PPI_STATUS_NOT_IMPLEMENTED)
			continue;
		snprintf(items[k], sizeof(items[k]), "%u: %s", op,
			 ppi_status_token((enum ppi_status)ops->status[op]));
		ptrs[k] = items[k];
		k++;
	}
	return facts_set_list(ch->c->facts, ppi_key(key, sizeof(key), ch->n, f->name), ptrs, k,
			      &src);
}

/* tpmN.ppi.op.K for each operation a table lists. */
static int ppi_op_facts(struct ppi_chip *ch)
{
	struct fact_src tcg = probe_file_src(ch->f[PF_TCG].path),
			vs = probe_file_src(ch->f[PF_VS].path);
	char key[128], rest[32];
	enum ppi_status st;
	unsigned op;
	int ret = 0;

	for (op = 0; !ret && op < PPI_OP_COUNT; op++) {
		st = ppi_status_of(ch, op);
		if (st == PPI_STATUS_NOT_IMPLEMENTED || st == PPI_STATUS_UNKNOWN)
			continue;
		snprintf(rest, sizeof(rest), "op.%u", op);
		ret = facts_set_str(ch->c->facts, ppi_key(key, sizeof(key), ch->n, rest),
				    ppi_status_token(st), op >= PPI_VS_FIRST ? &vs : &tcg);
	}
	return ret;
}

/* tpmN.ppi.requestable and tpmN.ppi.implements_none, from both tables. */
static int ppi_summary(struct ppi_chip *ch)
{
	struct fact_src der = {.kind = FACT_SRC_DERIVED,
			       .note = "ppi/tcg_operations and ppi/vs_operations"};
	char key[128], nums[PPI_OP_COUNT][8];
	const char *ptrs[PPI_OP_COUNT];
	enum ppi_status st;
	size_t k = 0, listed = 0;
	unsigned op;
	int ret;

	if (ch->tcg_err || ch->vs_err) {
		ret = facts_set_unreadable(
		    ch->c->facts, ppi_key(key, sizeof(key), ch->n, "requestable"), FACT_FAILED,
		    "the operation tables could not be read", &der);
		if (!ret)
			ret = facts_set_unreadable(
			    ch->c->facts, ppi_key(key, sizeof(key), ch->n, "implements_none"),
			    FACT_FAILED, "the operation tables could not be read", &der);
		return ret;
	}
	for (op = 1; op < PPI_OP_COUNT; op++) {
		st = ppi_status_of(ch, op);
		if (st == PPI_STATUS_NOT_IMPLEMENTED)
			continue;
		listed++;
		if (!ppi_status_allowed(st))
			continue;
		snprintf(nums[k], sizeof(nums[k]), "%u", op);
		ptrs[k] = nums[k];
		k++;
	}
	ret = facts_set_list(ch->c->facts, ppi_key(key, sizeof(key), ch->n, "requestable"), ptrs, k,
			     &der);
	if (!ret)
		ret = facts_set_bool(ch->c->facts,
				     ppi_key(key, sizeof(key), ch->n, "implements_none"), !listed,
				     &der);
	return ret;
}

static enum tpm_family ppi_family(const struct facts *fs, unsigned n)
{
	char key[64];
	const struct fact *f = facts_get(fs, facts_key(key, sizeof(key), "tpm%u.family", n));

	if (f && f->type == FACT_STRING && !strcmp(f->str, "1.2"))
		return TPM_FAMILY_12;
	if (f && f->type == FACT_STRING && !strcmp(f->str, "2.0"))
		return TPM_FAMILY_20;
	return TPM_FAMILY_UNKNOWN;
}

/* Read every file, parse the tables and the transition (the request's sentence needs them). */
static void ppi_read_all(struct ppi_chip *ch)
{
	struct ppi_file *f;
	size_t i;

	for (i = 0; i < PF_COUNT; i++) {
		f = &ch->f[i];
		f->name = ppi_file_names[i];
		snprintf(f->path, sizeof(f->path), "%s/%s", ch->dir, f->name);
		f->err = rootfs_read(ch->c->root, f->path, f->text, sizeof(f->text), NULL);
	}
	f = &ch->f[PF_TCG];
	ch->tcg_err = f->err
			  ? f->err
			  : ppi_parse_operations(f->text, 0, PPI_TCG_LAST, &ch->tcg, &ch->tcg_line);
	f = &ch->f[PF_VS];
	ch->vs_err = f->err ? f->err
			    : ppi_parse_operations(f->text, PPI_VS_FIRST, PPI_OP_COUNT - 1, &ch->vs,
						   &ch->vs_line);
	f = &ch->f[PF_TRANSITION];
	ch->transition_err = f->err ? f->err : ppi_parse_transition(f->text, &ch->transition);
}

static int ppi_chip(struct probe_ctx *c, unsigned n)
{
	struct ppi_chip *ch = calloc(1, sizeof(*ch));
	int ret;

	if (!ch)
		return -ENOMEM;
	ch->c = c;
	ch->n = n;
	snprintf(ch->dir, sizeof(ch->dir), "/sys/class/tpm/tpm%u/ppi", n);
	if (!rootfs_exists(c->root, ch->dir)) {
		snprintf(ch->dir, sizeof(ch->dir), "/sys/class/tpm/tpm%u/device/ppi", n);
		if (!rootfs_exists(c->root, ch->dir)) {
			ret = 0; /* no PPI: tpmN.ppi (the sysfs probe) says so */
			goto out;
		}
	}
	ch->family = ppi_family(c->facts, n);
	ppi_read_all(ch);
	ret = ppi_request(ch);
	if (!ret)
		ret = ppi_response(ch);
	if (!ret)
		ret = ppi_transition(ch);
	if (!ret)
		ret = ppi_table(ch, PF_TCG, &ch->tcg, ch->tcg_err, ch->tcg_line, 0, PPI_TCG_LAST);
	if (!ret)
		ret = ppi_table(ch, PF_VS, &ch->vs, ch->vs_err, ch->vs_line, PPI_VS_FIRST,
				PPI_OP_COUNT - 1);
	if (!ret)
		ret = ppi_op_facts(ch);
	if (!ret)
		ret = ppi_summary(ch);
out:
	free(ch);
	return ret;
}

int probe_ppi(struct probe_ctx *c)
{
	unsigned nums[TPM_CLASS_MAX];
	size_t n = 0, i;
	int ret = tpm_class_numbers(c->root, "/sys/class/tpm", "tpm", nums, TPM_CLASS_MAX, &n);

	/* No class directory: no chip (the udev probe says why). */
	if (ret)
		n = 0;
	ret = 0;
	for (i = 0; !ret && i < n; i++)
		ret = ppi_chip(c, nums[i]);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
