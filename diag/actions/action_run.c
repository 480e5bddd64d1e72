// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Plans and runs of the actions in actions.c: each step's bytes before
 * anything is sent, then each step sent with its answer decoded, stopping
 * at the first refusal. Owner-authorised TPM 1.2 steps go through
 * tpm12_owner_xmit; their HMACs are never printed (with the nonces they
 * would allow an offline guess at the password). wait-for-lockout reads
 * the TPM's own lockout figures and waits with progress.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/actions/actions.h"
#include "diag/actions/action_priv.h"
#include "diag/ppi/ppi.h"
#include "diag/own/tpm12_owner.h"
#include "probes/os/holders.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/hex.h"

#define LABEL_W 12

/* The spec name of cmd, from the command table. */
static const char *cmd_name(const uint8_t *cmd, size_t len)
{
	const struct tpm_cmd_info *info;
	struct tpm_hdr h;

	if (tpm_hdr_parse(cmd, len, &h, NULL))
		return "?";
	info = tpm_cmd_lookup(tpm20_is_tag(h.tag) ? TPM_FAMILY_20 : TPM_FAMILY_12, h.code);
	return info ? info->name : "an unknown command";
}

static const char *ord12_name(uint32_t ordinal)
{
	const struct tpm_cmd_info *info = tpm_cmd_lookup(TPM_FAMILY_12, ordinal);

	return info ? info->name : "an unknown command";
}

static void print_label(FILE *f, const char *label)
{
	fprintf(f, "    %-*s", LABEL_W, label);
}

/*
 * A PPI action planned against the diagnosis: 0 with the plan, or -errno
 * with why the firmware route does not go (printed by the caller).
 */
static int ppi_action_plan(const struct action *a, const struct action_ctx *x, struct ppi_plan *p,
			   char *why, size_t len)
{
	if (!x->fs) {
		snprintf(why, len, "the plan needs the machine's facts (tpmdiag fix %s)", a->name);
		return -EINVAL;
	}
	return ppi_plan(x->fs, x->chip, (enum ppi_action)a->ppi, p, why, len);
}

/* The firmware route's plan; false when it is refused (the reason printed). */
static bool plan_ppi(const struct action *a, const struct action_ctx *x)
{
	struct ppi_plan *p = calloc(1, sizeof(*p));
	char why[1024];
	bool ok = p && !ppi_action_plan(a, x, p, why, sizeof(why));

	if (ok) {
		ppi_plan_print(p, x->out);
	} else {
		print_label(x->out, "refused");
		fprintf(x->out, "%s; nothing would be written\n", p ? why : "out of memory");
	}
	free(p);
	return ok;
}

bool action_ppi_possible(const struct action *a, const struct action_ctx *x)
{
	struct ppi_plan *p = calloc(1, sizeof(*p));
	char why[1024];
	bool ok = p && !ppi_action_plan(a, x, p, why, sizeof(why));

	free(p);
	return ok;
}

/* Write the request; nothing else happens until the machine reboots. */
static enum action_result run_ppi(const struct action *a, const struct action_ctx *x)
{
	struct ppi_plan *p = calloc(1, sizeof(*p));
	enum action_result r = ACTION_REFUSED;
	uint32_t readback = 0;
	char why[1024];

	if (!p) {
		fprintf(x->out, "  out of memory\n");
		return ACTION_FAILED;
	}
	if (ppi_action_plan(a, x, p, why, sizeof(why))) {
		fprintf(x->out, "  refused: %s; nothing was written\n", why);
		goto out;
	}
	fprintf(x->out, "  write %u to %s\n", p->op, p->request_path);
	if (ppi_request_write(x->sysfs ? x->sysfs : "/sys", x->chip, p->op, &readback, why,
			      sizeof(why))) {
		fprintf(x->out, "  failed: %s\n", why);
		r = ACTION_FAILED;
		goto out;
	}
	fprintf(x->out,
		"  done: ppi/request reads %u (the plan above says what the next boot does)\n",
		readback);
	r = ACTION_DONE;
out:
	free(p);
	return r;
}

/* stop-holder: the holders the diagnosis found, each with how to stop it. */
static void plan_holders(const struct action_ctx *x)
{
	size_t i, j, shown = 0;

	for (i = 0; x->fs && i < facts_count(x->fs); i++) {
		const struct fact *fa = facts_at(x->fs, i);
		size_t kl = strlen(fa->key);

		if (fa->type != FACT_LIST || kl < 14 || strcmp(fa->key + kl - 14, ".holders.known"))
			continue;
		for (j = 0; j < fa->n_items; j++) {
			const char *r = tpm_holder_remedy(fa->items[j]);

			if (!r)
				continue;
			print_label(x->out, "run");
			fprintf(x->out, "%s   (%s holds %.*s)\n", r, fa->items[j], (int)(kl - 14),
				fa->key);
			shown++;
		}
	}
	if (!shown) {
		print_label(x->out, "run");
		fprintf(x->out, "systemctl stop tcsd (TPM 1.2) or systemctl stop tpm2-abrmd (TPM "
				"2.0), whichever holds the device\n");
	}
}

/* An owner-authorised step: OIAP, the command, and what its authorisation is. */
static void plan_owner12(const struct action_ctx *x, const uint8_t *cmd, size_t len,
			 uint32_t ordinal)
{
	uint8_t oiap[16];
	size_t n = 0;

	fprintf(x->out, "%s, authorised with the owner password\n", ord12_name(ordinal));
	print_label(x->out, "session");
	if (!tpm12_oiap_build(oiap, sizeof(oiap), &n))
		hex_print(x->out, oiap, n, 4 + LABEL_W);
	fprintf(x->out, "  (TPM_OIAP first: the TPM answers a session handle and nonceEven)\n");
	print_label(x->out, "bytes");
	hex_print(x->out, cmd, len, 4 + LABEL_W);
	fputc('\n', x->out);
	print_label(x->out, "auth");
	fprintf(x->out,
		"+ authHandle (4 bytes: the session from TPM_OIAP) + nonceOdd (20 random bytes)\n"
		"%*s+ continueAuthSession 00 (the session ends with the command)\n"
		"%*s+ ownerAuth (20 bytes) = HMAC-SHA1 keyed with the owner auth value over\n"
		"%*s  SHA1(%02x %02x %02x %02x) || nonceEven || nonceOdd || 00; never printed: "
		"with\n"
		"%*s  the nonces it would allow an offline guess at the password\n",
		4 + LABEL_W, "", 4 + LABEL_W, "", 4 + LABEL_W, "", (ordinal >> 24) & 0xff,
		(ordinal >> 16) & 0xff, (ordinal >> 8) & 0xff, ordinal & 0xff, 4 + LABEL_W, "");
}

static void plan_password(const struct action *a, FILE *f)
{
	if (a->auth == ACTION_AUTH_LOCKOUT) {
		print_label(f, "password");
		fprintf(f, "the lockout password: --lockout-password-file F, "
			   "--lockout-password-stdin, or asked on a terminal\n");
	} else if (a->auth == ACTION_AUTH_OWNER12) {
		print_label(f, "password");
		/* with two rows, this one is chosen only when a password was given */
		fprintf(f,
			"the owner password: --owner-password-file F, --owner-password-stdin, "
			"--well-known (20 zero bytes)%s; its SHA-1 is the owner auth value, as "
			"tpm-tools makes it\n",
			action_other(a) ? "" : ", or asked on a terminal");
	}
}

/* Why this row of a name with two rows for the family (TPM 1.2 clear). */
static void plan_choice(const struct action *a, FILE *f)
{
	const struct action *o = action_other(a);

	if (!o)
		return;
	print_label(f, "chosen");
	if (a->auth == ACTION_AUTH_OWNER12)
		fprintf(f, "because an owner password was given; without one: %s\n", o->summary);
	else if (o->auth == ACTION_AUTH_OWNER12)
		fprintf(f,
			"because no owner password was given; with one (--owner-password-file F, "
			"--owner-password-stdin or --well-known): %s, which needs no physical "
			"presence\n",
			o->summary);
	else
		fprintf(f, "the default; also: %s\n", o->summary);
}

void action_plan(const struct action *a, const struct action_ctx *x)
{
	uint8_t cmd[TPM_MAX_MSG];
	char err[512];
	size_t i, len;

	fprintf(x->out, "  %s (%s): %s\n", a->name,
		a->family == TPM_FAMILY_UNKNOWN ? "any TPM" : tpm_family_name(a->family),
		a->summary);
	plan_choice(a, x->out);
	if (a->kind == ACTION_POINTER) {
		print_label(x->out, "run");
		fprintf(x->out, "tpmdiag own --yes (it explains each step first without --yes)\n");
	}
	if (a->kind == ACTION_PLAN_ONLY)
		plan_holders(x);
	if (a->kind == ACTION_PPI && !plan_ppi(a, x))
		return; /* what it would change does not apply */
	for (i = 0; i < a->n_steps; i++) {
		const struct action_step *s = &a->steps[i];
		char label[32];

		snprintf(label, sizeof(label), "step %zu", i + 1);
		print_label(x->out, label);
		if (action_step_build(a, s, NULL, cmd, sizeof(cmd), &len, err, sizeof(err))) {
			fprintf(x->out, "(cannot build: %s)\n", err);
			continue;
		}
		if (s->owner12) {
			plan_owner12(x, cmd, len, s->owner12);
		} else {
			fprintf(x->out, "%s", cmd_name(cmd, len));
			if (s->send)
				fprintf(x->out, "  (tpmdiag send %s%s%s)", s->send,
					s->args[0] ? " " : "", s->args[0] ? s->args[0] : "");
			fputc('\n', x->out);
			print_label(x->out, "bytes");
			hex_print(x->out, cmd, len, 4 + LABEL_W);
			fputc('\n', x->out);
		}
		if (a->auth == ACTION_AUTH_LOCKOUT) {
			print_label(x->out, "");
			fprintf(x->out, "(the lockout password goes in the last field; shown empty "
					"here, never printed)\n");
		}
		print_label(x->out, "changes");
		fprintf(x->out, "%s\n", s->does);
	}
	plan_password(a, x->out);
	print_label(x->out, "result");
	fprintf(x->out, "%s\n", a->changes);
	print_label(x->out, "risks");
	fprintf(x->out, "%s\n", a->risks);
	if (a->after) {
		print_label(x->out, "after");
		fprintf(x->out, "%s\n", a->after);
	}
	if (a->destructive) {
		print_label(x->out, "asks twice");
		fprintf(x->out, "--yes --really-clear\n");
	}
}

/* --- running ---------------------------------------------------------------------- */

static const struct action_rc *step_rc(const struct action_step *s, uint32_t rc)
{
	size_t i;

	for (i = 0; i < s->n_rcs; i++)
		if (s->rcs[i].rc == rc)
			return &s->rcs[i];
	return NULL;
}

static void print_result(FILE *f, uint32_t rc, enum tpm_family family, const char *prefix)
{
	struct tpm_rc_desc d;
	char line[512];

	tpm_rc_decode(rc, family, &d);
	tpm_rc_format(&d, line, sizeof(line));
	print_label(f, "result");
	fprintf(f, "%s%s\n", prefix, line);
}

/*
 * Send one step; the response goes to rsp. Returns ACTION_DONE with *rc set,
 * or ACTION_DEVICE (reason printed).
 */
enum action_result action_step_send(const struct action *a, const struct action_step *s,
				    const struct action_ctx *x, uint8_t *rsp, size_t cap, size_t *n,
				    uint32_t *rc)
{
	uint8_t cmd[TPM_MAX_MSG], shown[TPM_MAX_MSG];
	char err[512];
	struct tpm_hdr h;
	size_t len = 0, shown_len = 0;
	double t0;
	enum action_result res = ACTION_DEVICE;

	if (action_step_build(a, s, x->auth, cmd, sizeof(cmd), &len, err, sizeof(err)) ||
	    action_step_build(a, s, NULL, shown, sizeof(shown), &shown_len, err, sizeof(err))) {
		fprintf(x->out, "    cannot build the command: %s\n", err);
		goto out;
	}
	print_label(x->out, "command");
	fprintf(x->out, "%s: %s\n", cmd_name(cmd, len), s->does);
	print_label(x->out, "sent");
	hex_print(x->out, shown, shown_len, 4 + LABEL_W);
	if (a->auth == ACTION_AUTH_LOCKOUT)
		fprintf(x->out,
			"  (shown with an empty password; the real command is %zu bytes "
			"longer: the password, never printed)",
			len - shown_len);
	fputc('\n', x->out);
	fflush(x->out);
	t0 = tpm_now_ms();
	if (tpm_transmit(x->t, cmd, len, rsp, cap, n, x->timeout_ms)) {
		print_label(x->out, "failed");
		fprintf(x->out, "%s\n", x->t->err);
		goto out;
	}
	print_label(x->out, "received");
	hex_print(x->out, rsp, *n, 4 + LABEL_W);
	fprintf(x->out, "  (%.1f ms)\n", tpm_now_ms() - t0);
	if (tpm_hdr_parse(rsp, *n, &h, NULL)) {
		print_label(x->out, "failed");
		fprintf(x->out, "the answer is not a TPM response\n");
		goto out;
	}
	print_result(x->out, h.code, a->family, "");
	*rc = h.code;
	res = ACTION_DONE;
out:
	explicit_bzero(cmd, sizeof(cmd));
	return res;
}

/*
 * An owner-authorised TPM 1.2 step: ACTION_DONE with *rc (the command's, or
 * TPM_OIAP's when it refused the session), or ACTION_FAILED / ACTION_DEVICE
 * / ACTION_REFUSED with the reason printed. Neither the auth value nor an
 * HMAC is printed.
 */
static enum action_result step_send_owner12(const struct action *a, const struct action_step *s,
					    const struct action_ctx *x, uint32_t *rc)
{
	struct tpm12_owner_cmd c = {.ordinal = s->owner12, .timeout_ms = x->timeout_ms};
	struct tpm12_owner_rsp *r = NULL;
	uint8_t shown[TPM_MAX_MSG], key[TPM12_DIGEST];
	enum action_result res = ACTION_DEVICE;
	char err[1024];
	size_t shown_len = 0;
	double t0;
	int ret;

	if (action_step_build(a, s, NULL, shown, sizeof(shown), &shown_len, err, sizeof(err))) {
		fprintf(x->out, "    cannot build the command: %s\n", err);
		return ACTION_DEVICE;
	}
	print_label(x->out, "command");
	fprintf(x->out, "%s: %s\n", ord12_name(s->owner12), s->does);
	if (!x->auth || tpm12_auth_from_secret(x->auth, key)) {
		fprintf(x->out, "    no owner password to authorise it with; nothing was sent\n");
		return ACTION_REFUSED;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		goto out;
	print_label(x->out, "session");
	fprintf(x->out, "TPM_OIAP, then the command authorised with the owner auth value (%s)\n",
		x->auth->well_known ? "well-known: 20 zero bytes" : "SHA-1 of the owner password");
	print_label(x->out, "sent");
	hex_print(x->out, shown, shown_len, 4 + LABEL_W);
	fprintf(x->out, " + 45 bytes of authorisation (not shown)\n");
	fflush(x->out);
	t0 = tpm_now_ms();
	ret = tpm12_owner_xmit(x->t, &c, key, r, err, sizeof(err));
	explicit_bzero(key, sizeof(key));
	if (ret == -EPROTO) {
		print_label(x->out, "refused");
		fprintf(x->out, "%s\n", err);
		print_result(x->out, r->rc, TPM_FAMILY_12, "TPM_OIAP: ");
		*rc = r->rc;
		res = ACTION_DONE;
		goto out;
	}
	if (ret) {
		print_label(x->out, "failed");
		fprintf(x->out, "%s\n", err);
		res = ret == -EBADMSG ? ACTION_FAILED
		      : ret == -EPERM ? ACTION_REFUSED
				      : ACTION_DEVICE;
		goto out;
	}
	print_label(x->out, "received");
	fprintf(x->out, "an answer in %.1f ms%s\n", tpm_now_ms() - t0,
		r->rc ? "" : "; its authorisation (nonceEven, HMAC) is not shown");
	if (!r->rc) {
		print_label(x->out, "verified");
		fprintf(x->out, "the answer's HMAC matches the owner secret\n");
	}
	print_result(x->out, r->rc, TPM_FAMILY_12, "");
	*rc = r->rc;
	res = ACTION_DONE;
out:
	if (r) {
		explicit_bzero(r, sizeof(*r));
		free(r);
	}
	return res;
}

static const char *const stopped_why[] = {
    [ACTION_DONE] = "",
    [ACTION_FAILED] = "the answer could not be trusted (see above)",
    [ACTION_DEVICE] = "the device did not answer",
    [ACTION_REFUSED] = "nothing was sent",
};

static enum action_result run_steps(const struct action *a, const struct action_ctx *x)
{
	uint8_t rsp[TPM_MAX_MSG];
	enum action_result r;
	size_t i, n;
	uint32_t rc = 0;

	for (i = 0; i < a->n_steps; i++) {
		const struct action_step *s = &a->steps[i];
		const struct action_rc *known;

		fprintf(x->out, "  step %zu of %zu\n", i + 1, a->n_steps);
		if (s->owner12)
			r = step_send_owner12(a, s, x, &rc);
		else
			r = action_step_send(a, s, x, rsp, sizeof(rsp), &n, &rc);
		if (r != ACTION_DONE) {
			fprintf(x->out, "  stopped at step %zu: %s\n", i + 1, stopped_why[r]);
			return r;
		}
		if (!rc)
			continue;
		known = step_rc(s, rc);
		if (known && known->ok) {
			print_label(x->out, "note");
			fprintf(x->out, "%s\n", known->why);
			continue;
		}
		fprintf(x->out, "  stopped at step %zu: %s\n", i + 1,
			known ? known->why : "the TPM refused the command (the result above)");
		return ACTION_FAILED;
	}
	return ACTION_DONE;
}

enum action_result action_run(const struct action *a, const struct action_ctx *x)
{
	switch (a->kind) {
	case ACTION_POINTER:
		fprintf(x->out, "  %s is carried out by 'tpmdiag own --yes'; nothing was sent\n",
			a->name);
		return ACTION_REFUSED;
	case ACTION_PLAN_ONLY:
		plan_holders(x);
		fprintf(x->out, "  tpmdiag does not stop services itself; run the command above, "
				"and start the service again when done. Nothing was sent.\n");
		return ACTION_REFUSED;
	case ACTION_WAIT_LOCKOUT:
		return x->t ? action_run_wait_lockout(a, x) : ACTION_DEVICE;
	case ACTION_PPI:
		return run_ppi(a, x);
	case ACTION_STEPS:
		break;
	}
	if (!x->t)
		return ACTION_DEVICE;
	return run_steps(a, x);
}
