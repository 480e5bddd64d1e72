// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag fix [ACTION]
 *
 * Without ACTION: diagnose, and print the plan of every action the
 * findings name; nothing is sent. With ACTION: the plan, and with --yes
 * the diagnosis before, the action step by step, the diagnosis after, and
 * the two side by side. Before, action and after go to the same chip
 * (one transport), so a private swtpm (spawn:) is the same TPM throughout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/actions/actions.h"
#include "diag/cli/cli.h"
#include "diag/engine/findings.h"
#include "diag/cli/machine.h"
#include "probes/device/device.h"
#include "probes/probe.h"
#include "probes/commands/family.h"

struct diagnosis {
	struct rootfs root;
	struct facts *fs;
	struct kmsg_log *log;
	struct ruleset *rs;
	struct findings fi;
	int status; /* exit bits: unreadable facts and findings */
};

static void diagnosis_free(struct diagnosis *d)
{
	findings_free(&d->fi);
	ruleset_free(d->rs);
	kmsg_log_free(d->log);
	facts_free(d->fs);
	rootfs_close(&d->root);
	memset(d, 0, sizeof(*d));
	d->root.fd = -1;
}

/*
 * Every probe, the device probe over t (when t is NULL, the device probe
 * as check runs it), then the rules. 0 or an exit status (reason printed).
 */
static int diagnose(struct cli *c, struct tpm_transport *t, struct diagnosis *d)
{
	struct probe_ctx ctx;
	const struct probe *p;
	size_t i, n;
	int ret;

	memset(d, 0, sizeof(*d));
	d->root.fd = -1;
	ret = rootfs_open(c->root, &d->root);
	if (ret) {
		fprintf(c->err, "tpmdiag: cannot open --root %s: %s\n", c->root, strerror(-ret));
		return TPMDIAG_EXIT_USAGE;
	}
	if (facts_new(&d->fs))
		return TPMDIAG_EXIT_DEVICE;
	ctx = (struct probe_ctx){.root = &d->root,
				 .facts = d->fs,
				 .kmsg_file = c->kmsg,
				 .boot = c->boot,
				 .device = c->device,
				 .timeout_ms = c->timeout_ms,
				 .no_device = c->no_device,
				 .startup = c->startup,
				 .record = c->record,
				 .progress = c->progress,
				 .state_dir = c->state_dir};
	p = probe_table(&n);
	for (i = 0, ret = 0; !ret && i < n; i++) {
		if (t && !strcmp(p[i].name, "device")) {
			unsigned chip = device_spec_index(t->spec);

			ret = device_ask_chip(&ctx, chip, t);
		} else {
			ret = p[i].run(&ctx);
		}
	}
	d->log = ctx.log;
	if (ret == -ENOMEM) {
		fprintf(c->err, "tpmdiag: out of memory in the %s probe\n", p[i - 1].name);
		return TPMDIAG_EXIT_DEVICE;
	}
	ret = machine_rules(c, &d->rs, false);
	if (ret)
		return ret;
	if (rules_evaluate(d->rs, d->fs, d->log, &d->fi)) {
		fprintf(c->err, "tpmdiag: out of memory evaluating the rules\n");
		return TPMDIAG_EXIT_DEVICE;
	}
	d->status = machine_facts_status(d->fs) | cli_findings_status(&d->fi, c->fail_on);
	return 0;
}

/* The device, quietly: NULL when it cannot be opened (the device probe then says why). */
static struct tpm_transport *open_quiet(struct cli *c, enum tpm_family *fam, char *err,
					size_t errlen)
{
	struct tpm_open_opts o = {
	    .startup = c->startup,
	    .record_path = c->record,
	    .root = c->root,
	    .progress = c->progress,
	    .deadline = c->deadline,
	    .budget_ms = c->timeout_ms,
	};
	struct tpm_transport *t = NULL;
	char src[256];

	if (tpm_transport_open(c->device, &o, &t, err, errlen))
		return NULL;
	*fam = c->family;
	if (*fam == TPM_FAMILY_UNKNOWN && tpm_detect_family(t, fam, src, sizeof(src))) {
		snprintf(err, errlen, "cannot tell the TPM family of %s: %s", t->spec, t->err);
		tpm_transport_close(t);
		return NULL;
	}
	return t;
}

/* "1 error, 2 warnings, 0 info" */
static const char *verdict(const struct findings *fi, char *buf, size_t len)
{
	size_t i, n[3] = {0};

	for (i = 0; i < fi->n; i++)
		n[fi->f[i].severity]++;
	snprintf(buf, len, "%zu error%s, %zu warning%s, %zu info", n[SEV_ERROR],
		 n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARNING], n[SEV_WARNING] == 1 ? "" : "s",
		 n[SEV_INFO]);
	return buf;
}

static bool has_finding(const struct findings *fi, const struct finding *f)
{
	size_t i;

	for (i = 0; i < fi->n; i++)
		if (!strcmp(fi->f[i].rule->id, f->rule->id) && !strcmp(fi->f[i].chip, f->chip))
			return true;
	return false;
}

#define COL_W 44

static void finding_cell(const struct findings *fi, size_t i, char *buf, size_t len)
{
	if (i < fi->n)
		snprintf(buf, len, "%-7s %s", severity_name(fi->f[i].severity), fi->f[i].rule->id);
	else
		snprintf(buf, len, "%s", i || fi->n ? "" : "(no findings)");
}

/* The two diagnoses side by side, then what went away and what appeared. */
static void compare(struct cli *c, const struct diagnosis *b, const struct diagnosis *a)
{
	char l[128], r[128];
	size_t i, n = b->fi.n > a->fi.n ? b->fi.n : a->fi.n, k;

	fprintf(c->out, "\n%-*s | %s\n", COL_W, "Before", "After");
	for (i = 0; i < (n ? n : 1); i++) {
		finding_cell(&b->fi, i, l, sizeof(l));
		finding_cell(&a->fi, i, r, sizeof(r));
		fprintf(c->out, "%-*s | %s\n", COL_W, l, r);
	}
	fprintf(c->out, "%-*s | ", COL_W, verdict(&b->fi, l, sizeof(l)));
	fprintf(c->out, "%s\n", verdict(&a->fi, r, sizeof(r)));
	fprintf(c->out, "Gone:");
	for (i = 0, k = 0; i < b->fi.n; i++)
		if (!has_finding(&a->fi, &b->fi.f[i]) && ++k)
			fprintf(c->out, "\n  %s: %s", b->fi.f[i].rule->id, b->fi.f[i].title);
	fprintf(c->out, "%s\nAppeared:", k ? "" : " (none)");
	for (i = 0, k = 0; i < a->fi.n; i++)
		if (!has_finding(&b->fi, &a->fi.f[i]) && ++k)
			fprintf(c->out, "\n  %s: %s", a->fi.f[i].rule->id, a->fi.f[i].title);
	fprintf(c->out, "%s\n", k ? "" : " (none)");
}

/* Whether the owner password was given on the command line (not a prompt). */
static bool owner_given(const struct cli *c)
{
	return c->owner_pw_file || c->owner_pw_stdin || c->well_known;
}

/*
 * The row of name for the family: the one that uses the owner password
 * when one was given and the family has such a row (TPM 1.2 clear:
 * TPM_OwnerClear instead of TPM_ForceClear), else the default row.
 */
static const struct action *choose(const struct cli *c, const char *name, enum tpm_family fam)
{
	const struct action *a = NULL;

	if (owner_given(c))
		a = action_find_auth(name, fam, ACTION_AUTH_OWNER12);
	return a ? a : action_find(name, fam);
}

/* Where PPI requests go: the live /sys, or the --root tree's. */
static const char *fix_sysfs(const struct cli *c, char *buf, size_t len)
{
	if (!c->root || !*c->root || !strcmp(c->root, "/"))
		return "/sys";
	snprintf(buf, len, "%s/sys", c->root);
	return buf;
}

/* fix without an action: the plans of the actions the findings name. */
static int fix_plans(struct cli *c)
{
	char sysfs[4200];
	struct action_ctx x = {.out = c->out,
			       .chip = device_spec_index(c->device),
			       .sysfs = fix_sysfs(c, sysfs, sizeof(sysfs))};
	struct diagnosis d;
	enum tpm_family fam = TPM_FAMILY_UNKNOWN;
	char err[2048];
	const char **seen = NULL;
	size_t i, j, k, n_seen = 0, n_all = 0;
	int ret;

	x.t = open_quiet(c, &fam, err, sizeof(err));
	ret = diagnose(c, x.t, &d);
	if (ret)
		goto out;
	x.fs = d.fs;
	for (i = 0; i < d.fi.n; i++)
		n_all += d.fi.f[i].rule->n_remedy;
	seen = calloc(n_all + 1, sizeof(*seen));
	if (!seen) {
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	for (i = 0; i < d.fi.n; i++) {
		const struct finding *f = &d.fi.f[i];
		bool header = false;

		for (j = 0; j < f->rule->n_remedy; j++) {
			const char *name = f->rule->remedy[j].action;
			const struct action *a;

			if (!name)
				continue;
			if (!header) {
				fprintf(c->out, "%s %s: %s\n", severity_name(f->severity),
					f->rule->id, f->title);
				header = true;
			}
			for (k = 0; k < n_seen && strcmp(seen[k], name); k++)
				;
			if (k < n_seen) {
				fprintf(c->out, "  %s: the plan is shown above\n", name);
				continue;
			}
			seen[n_seen++] = name;
			a = choose(c, name, fam);
			if (a)
				action_plan(a, &x);
			else
				fprintf(c->out, "  %s: %s\n", name,
					fam == TPM_FAMILY_UNKNOWN
					    ? "the TPM family is not known (no device): give "
					      "--device or --tpm12/--tpm20 for the plan"
					    : "not available for this TPM family");
		}
		if (header)
			fputc('\n', c->out);
	}
	if (!n_seen)
		fprintf(c->out, "No finding names an action; nothing to fix. (%zu finding%s)\n",
			d.fi.n, d.fi.n == 1 ? "" : "s");
	else
		fprintf(c->out, "Nothing was sent. Carry one out with: tpmdiag fix ACTION --yes\n");
	ret = TPMDIAG_EXIT_OK;
out:
	free(seen);
	diagnosis_free(&d);
	tpm_transport_close(x.t);
	return ret;
}

/*
 * The password the action needs: from --NAME-password-file / -stdin (the
 * owner one also --well-known), else asked on a terminal. 0 or an exit status
 * (reason printed).
 */
static int action_secret(struct cli *c, const struct action *a, struct secret *s)
{
	bool owner = a->auth == ACTION_AUTH_OWNER12;
	struct secret_source src = {
	    .file = owner ? c->owner_pw_file : c->lockout_pw_file,
	    .from_stdin = owner ? c->owner_pw_stdin : c->lockout_pw_stdin,
	    .label = owner ? "owner password" : "lockout password",
	};
	char err[512];

	if (owner && (c->lockout_pw_file || c->lockout_pw_stdin) && !src.file && !src.from_stdin &&
	    !c->well_known) {
		fprintf(c->err,
			"tpmdiag fix: a TPM 1.2 has no lockout password; %s takes the owner "
			"password (--owner-password-file F, --owner-password-stdin or "
			"--well-known). Nothing was sent.\n",
			a->name);
		return TPMDIAG_EXIT_USAGE;
	}
	if (owner && c->well_known) {
		s->set = s->well_known = true;
		return 0;
	}
	src.prompt = !src.file && !src.from_stdin;
	if (src.prompt && !isatty(STDIN_FILENO)) {
		fprintf(c->err,
			"tpmdiag fix: %s needs the %s, asked on a terminal; with no terminal, "
			"give it with %s. Nothing was sent.\n",
			a->name, src.label,
			owner ? "--owner-password-file F, --owner-password-stdin or --well-known"
			      : "--lockout-password-file F or --lockout-password-stdin");
		return TPMDIAG_EXIT_USAGE;
	}
	if (secret_read(&src, s, err, sizeof(err))) {
		fprintf(c->err, "tpmdiag fix: %s. Nothing was sent.\n", err);
		return TPMDIAG_EXIT_USAGE;
	}
	return 0;
}

/*
 * A request for the firmware (PPI): planned against the diagnosis, written
 * with --yes (twice for a clear), then the diagnosis again, which shows the
 * pending request. The device is not needed; nothing reboots.
 */
static int fix_ppi(struct cli *c, const struct action *a)
{
	char sysfs[4200], err[2048];
	struct action_ctx x = {.out = c->out,
			       .chip = device_spec_index(c->device),
			       .sysfs = fix_sysfs(c, sysfs, sizeof(sysfs))};
	enum tpm_family fam = TPM_FAMILY_UNKNOWN;
	struct diagnosis before, after;
	enum action_result r;
	int ret;

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	before.root.fd = after.root.fd = -1;
	x.t = open_quiet(c, &fam, err, sizeof(err)); /* for the diagnosis only; may be NULL */
	ret = diagnose(c, x.t, &before);
	if (ret)
		goto out;
	x.fs = before.fs;
	fprintf(c->out, "Chip tpm%u, the firmware's Physical Presence Interface\nPlan:\n", x.chip);
	action_plan(a, &x);
	if (!action_ppi_possible(a, &x)) {
		fprintf(c->err,
			"tpmdiag fix: %s is refused on this machine (see the plan); nothing "
			"was written\n",
			a->name);
		ret = before.status | TPMDIAG_EXIT_TPM_ERROR;
		goto out;
	}
	if (!c->yes || (a->destructive && !c->really_clear)) {
		fprintf(c->err,
			!c->yes ? "tpmdiag fix: nothing was written; add --yes to request %s\n"
				: "tpmdiag fix: %s is destructive and asks twice: --yes "
				  "--really-clear; nothing was written\n",
			a->name);
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	fprintf(c->out, "\nCarrying out %s:\n", a->name);
	r = action_run(a, &x);
	fprintf(c->out, "%s\n", r == ACTION_DONE ? "Done." : "The action did not complete.");
	if (a->after && r == ACTION_DONE)
		fprintf(c->out, "Next: %s\n", a->after);
	ret = diagnose(c, x.t, &after);
	if (ret)
		goto out;
	compare(c, &before, &after);
	ret = after.status;
	if (r != ACTION_DONE)
		ret |= TPMDIAG_EXIT_TPM_ERROR;
out:
	diagnosis_free(&before);
	diagnosis_free(&after);
	tpm_transport_close(x.t);
	return ret;
}

static int fix_action(struct cli *c, const char *name)
{
	struct action_ctx x = {.out = c->out, .timeout_ms = c->timeout_ms, .wait = c->yes};
	struct diagnosis before, after;
	struct secret auth = {0};
	const struct action *a;
	enum tpm_family fam = TPM_FAMILY_UNKNOWN;
	enum action_result r;
	char err[2048];
	int ret;

	a = action_find(name, TPM_FAMILY_UNKNOWN);
	if (a && a->kind == ACTION_PPI)
		return fix_ppi(c, a);
	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	before.root.fd = after.root.fd = -1;
	x.t = open_quiet(c, &fam, err, sizeof(err));
	if (!x.t) {
		fprintf(c->err, "tpmdiag fix: %s\n", err);
		return TPMDIAG_EXIT_DEVICE;
	}
	a = choose(c, name, fam);
	if (!a) {
		fprintf(c->err, "tpmdiag fix: %s has no action '%s'\n", cli_family_label(fam),
			name);
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	fprintf(c->out, "Device %s, %s\nPlan:\n", x.t->spec, cli_family_label(fam));
	if (a->kind == ACTION_PLAN_ONLY || (a->kind == ACTION_WAIT_LOCKOUT && !c->yes)) {
		/* a plan that needs the facts (holders), or the read-only lockout question */
		if (a->kind == ACTION_PLAN_ONLY) {
			ret = diagnose(c, x.t, &before);
			if (ret)
				goto out;
			x.fs = before.fs;
		}
		r = action_run(a, &x);
		ret = r == ACTION_DONE ? TPMDIAG_EXIT_OK : TPMDIAG_EXIT_USAGE;
		goto out;
	}
	action_plan(a, &x);
	if (!c->yes || (a->destructive && !c->really_clear) || a->kind == ACTION_POINTER) {
		if (a->kind == ACTION_POINTER)
			fprintf(c->err,
				"tpmdiag fix: %s is done by 'tpmdiag own'; nothing was sent\n",
				a->name);
		else if (!c->yes)
			fprintf(c->err,
				"tpmdiag fix: nothing was sent; add --yes to carry out %s\n",
				a->name);
		else
			fprintf(c->err,
				"tpmdiag fix: %s is destructive and asks twice: --yes "
				"--really-clear; nothing was sent\n",
				a->name);
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	if (a->auth != ACTION_AUTH_NONE) {
		if (c->record) {
			fprintf(
			    c->err, "tpmdiag fix: %s\n",
			    a->auth == ACTION_AUTH_LOCKOUT
				? "the action sends the lockout password, which must not go "
				  "into a transcript: drop --record. Nothing was sent."
				: "the action's authorisation HMACs would allow an offline guess "
				  "at the owner password from a transcript: drop --record. "
				  "Nothing was sent.");
			ret = TPMDIAG_EXIT_USAGE;
			goto out;
		}
		ret = action_secret(c, a, &auth);
		if (ret)
			goto out;
		x.auth = &auth;
	}
	ret = diagnose(c, x.t, &before);
	if (ret)
		goto out;
	fprintf(c->out, "\nCarrying out %s:\n", a->name);
	r = action_run(a, &x);
	secret_wipe(&auth);
	fprintf(c->out, "%s\n", r == ACTION_DONE ? "Done." : "The action did not complete.");
	if (a->after && r == ACTION_DONE)
		fprintf(c->out, "Next: %s\n", a->after);
	ret = diagnose(c, x.t, &after);
	if (ret)
		goto out;
	compare(c, &before, &after);
	ret = after.status;
	if (r == ACTION_FAILED)
		ret |= TPMDIAG_EXIT_TPM_ERROR;
	else if (r == ACTION_DEVICE)
		ret |= TPMDIAG_EXIT_DEVICE | TPMDIAG_EXIT_TPM_ERROR;
out:
	secret_wipe(&auth);
	diagnosis_free(&before);
	diagnosis_free(&after);
	tpm_transport_close(x.t);
	return ret;
}

static void fix_list(struct cli *c)
{
	const struct action *t;
	size_t i, n;

	t = action_table(&n);
	for (i = 0; i < n; i++)
		fprintf(c->out, "  %-30s %-8s %s\n", t[i].name,
			t[i].family == TPM_FAMILY_UNKNOWN ? "any" : tpm_family_name(t[i].family),
			t[i].summary);
}

int cli_fix(struct cli *c)
{
	if (c->argc > 1) {
		fprintf(c->err, "tpmdiag fix: one action at a time; see 'tpmdiag fix --help'\n");
		return TPMDIAG_EXIT_USAGE;
	}
	if (!c->argc)
		return fix_plans(c);
	if (!strcmp(c->argv[0], "list")) {
		fix_list(c);
		return TPMDIAG_EXIT_OK;
	}
	if (!action_known(c->argv[0])) {
		fprintf(c->err, "tpmdiag fix: no action '%s'; 'tpmdiag fix list' shows them\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	return fix_action(c, c->argv[0]);
}
