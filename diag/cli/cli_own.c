// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag own: take ownership of a TPM 1.2 or TPM 2.0, step by step
 * (diag/own/own12.c, diag/own/own20.c). Secrets come from files, standard input or
 * the terminal, never from the command line, and are wiped after use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/cli/cli.h"
#include "diag/own/own12.h"
#include "diag/own/own20.h"
#include "diag/own/own_journal.h"
#include "diag/ppi/ppi.h"
#include "diag/own/secret.h"
#include "probes/device/device.h"
#include "probes/probe.h"

static const char *const own_plan12 =
    "tpmdiag own, TPM 1.2: read the flags; TPM_Startup(ST_CLEAR) if the chip was not\n"
    "started; where it is disabled or deactivated, physical presence by command\n"
    "(stopping with the firmware setup step when the firmware locked it), enable and\n"
    "activate (then a reboot is needed: run again after it); self test; read the EK\n"
    "(or create one); TPM_TakeOwnership with the owner and SRK secrets encrypted to\n"
    "the EK; check the owner flag and the SRK.\n";

static const char *const own_plan20 =
    "tpmdiag own, TPM 2.0: TPM2_Startup(CLEAR) if the chip was not started; self test;\n"
    "stop when it is in lockout or the owner password is already set; set the owner\n"
    "password (and the endorsement and lockout ones when given); create the storage\n"
    "root key (RSA 2048, or ECC P-256 with --ecc) and persist it at 0x81000001;\n"
    "check it with ReadPublic.\n";

/* A secret from --NAME-password-file / -stdin, else the terminal (asked twice). */
static int own_secret(struct cli *c, const char *label, const char *file, bool from_stdin, bool ask,
		      struct secret *s)
{
	struct secret_source src = {.file = file,
				    .from_stdin = from_stdin,
				    .prompt = !file && !from_stdin && ask,
				    .confirm = true,
				    .label = label};
	char err[512];

	if (!file && !from_stdin && !ask)
		return 0; /* not wanted */
	if (src.prompt && !isatty(STDIN_FILENO)) {
		fprintf(c->err,
			"tpmdiag own: the %s is asked on a terminal; with no terminal give it "
			"with a --...-password-file or --...-password-stdin option (see tpmdiag "
			"own --help). Nothing was sent.\n",
			label);
		return TPMDIAG_EXIT_USAGE;
	}
	if (secret_read(&src, s, err, sizeof(err))) {
		fprintf(c->err, "tpmdiag own: %s. Nothing was sent.\n", err);
		return TPMDIAG_EXIT_USAGE;
	}
	return 0;
}

/* The firmware route of own12 over the machine's (or --root's) sysfs. */
struct own_ppi {
	const struct cli *c;
	unsigned chip;
	char sysfs[4200];
};

/* The udev, sysfs and ppi probes' facts (never the chip's: own holds it). */
static int own_ppi_facts(const struct own_ppi *p, struct facts **fs)
{
	static const char *const wanted[] = {"udev", "sysfs", "ppi"};
	struct rootfs root = {.fd = -1};
	struct probe_ctx ctx = {.no_device = true};
	const struct probe *pr;
	size_t i, j, n;
	int ret;

	*fs = NULL;
	ret = rootfs_open(p->c->root, &root);
	if (!ret)
		ret = facts_new(fs);
	ctx.root = &root;
	ctx.facts = *fs;
	pr = probe_table(&n);
	for (i = 0; !ret && i < n; i++)
		for (j = 0; !ret && j < sizeof(wanted) / sizeof(wanted[0]); j++)
			if (!strcmp(pr[i].name, wanted[j]))
				ret = pr[i].run(&ctx);
	rootfs_close(&root);
	if (ret) {
		facts_free(*fs);
		*fs = NULL;
	}
	return ret;
}

static int own_ppi_request(void *arg, uint32_t *op, char *next, size_t nextlen, char *why,
			   size_t whylen)
{
	const struct own_ppi *p = arg;
	struct ppi_plan *plan = calloc(1, sizeof(*plan));
	struct facts *fs = NULL;
	uint32_t readback = 0;
	int ret;

	ret = plan ? own_ppi_facts(p, &fs) : -ENOMEM;
	if (ret)
		snprintf(why, whylen, "cannot read the PPI files: %s", strerror(-ret));
	else
		ret = ppi_plan(fs, p->chip, PPI_ACT_ENABLE_ACTIVATE, plan, why, whylen);
	if (!ret)
		ret = ppi_request_write(p->sysfs, p->chip, plan->op, &readback, why, whylen);
	if (!ret) {
		*op = plan->op;
		snprintf(next, nextlen, "%s", plan->next_boot);
	}
	facts_free(fs);
	free(plan);
	return ret;
}

static int own_ppi_outcome(void *arg, uint32_t op, int *outcome, char *why, size_t whylen)
{
	const struct own_ppi *p = arg;
	enum ppi_outcome o = PPI_OUTCOME_UNKNOWN;
	struct facts *fs = NULL;
	int ret;

	ret = own_ppi_facts(p, &fs);
	if (ret)
		snprintf(why, whylen, "cannot read the PPI files: %s", strerror(-ret));
	else
		ret = ppi_outcome(fs, p->chip, op, &o, why, whylen);
	*outcome = (int)o;
	facts_free(fs);
	return ret;
}

static int own12(struct cli *c, struct tpm_transport *t, struct own_journal *j,
		 const struct own_journal_info *prev)
{
	struct own_ppi pp = {.c = c, .chip = device_spec_index(t->spec)};
	struct own12_ppi route = {
	    .request = own_ppi_request, .outcome = own_ppi_outcome, .arg = &pp};
	struct own12_opts o = {.timeout_ms = c->timeout_ms, .journal = j, .prev = prev};
	struct secret owner = {0}, srk = {0};
	char why[1024];
	int r, ret;

	if (c->well_known) {
		owner.set = srk.set = owner.well_known = srk.well_known = true;
	} else {
		ret = own_secret(c, "owner password", c->owner_pw_file, c->owner_pw_stdin, true,
				 &owner);
		if (!ret && c->srk_pw_file)
			ret = own_secret(c, "SRK password", c->srk_pw_file, false, false, &srk);
		if (ret)
			goto out;
		if (!srk.set) /* the SRK secret most software expects: tpm_takeownership -z */
			srk.set = srk.well_known = true;
	}
	/*
	 * The firmware route reads and writes sysfs: the live machine's for a kernel
	 * device, a tree's with --root; a swtpm socket alone has no firmware.
	 */
	if (c->root && *c->root && strcmp(c->root, "/"))
		snprintf(pp.sysfs, sizeof(pp.sysfs), "%s/sys", c->root);
	else
		snprintf(pp.sysfs, sizeof(pp.sysfs), "/sys");
	if (!strncmp(t->spec, "dev:", 4) || t->spec[0] == '/' || (c->root && *c->root))
		o.ppi = &route;
	r = own12_run(t, &owner, &srk, c->out, &o, why, sizeof(why));
	if (r == OWN12_OK) {
		ret = TPMDIAG_EXIT_OK;
	} else {
		fprintf(c->err, "tpmdiag own: %s: %s\n", own12_result_name(r), why);
		ret = r == OWN12_DEVICE ? TPMDIAG_EXIT_DEVICE : TPMDIAG_EXIT_TPM_ERROR;
	}
out:
	secret_wipe(&owner);
	secret_wipe(&srk);
	return ret;
}

static int own20(struct cli *c, struct tpm_transport *t, struct own_journal *j,
		 const struct own_journal_info *prev)
{
	struct secret owner = {0}, endorsement = {0}, lockout = {0};
	struct own20_opts o = {.owner = &owner,
			       .endorsement = &endorsement,
			       .lockout = &lockout,
			       .ecc = c->ecc,
			       .journal = j,
			       .prev = prev};
	char err[1024];
	int ret;

	if (c->well_known) {
		fprintf(c->err, "tpmdiag own: a TPM 2.0 has no well-known owner secret; give a "
				"password (--owner-password-file F or --owner-password-stdin)\n");
		return TPMDIAG_EXIT_USAGE;
	}
	ret = own_secret(c, "owner password", c->owner_pw_file, c->owner_pw_stdin, true, &owner);
	if (!ret)
		ret = own_secret(c, "endorsement password", c->endorsement_pw_file, false, false,
				 &endorsement);
	if (!ret)
		ret = own_secret(c, "lockout password", c->lockout_pw_file, c->lockout_pw_stdin,
				 false, &lockout);
	if (ret)
		goto out;
	ret = own20_run(t, &o, c->out, err, sizeof(err));
	if (ret) {
		fprintf(c->err, "tpmdiag own: %s\n", err);
		ret = ret == -EPROTO || ret == -EEXIST || ret == -EBUSY || ret == -EINVAL ||
			      ret == -EBADMSG
			  ? TPMDIAG_EXIT_TPM_ERROR
			  : TPMDIAG_EXIT_DEVICE;
	}
out:
	secret_wipe(&owner);
	secret_wipe(&endorsement);
	secret_wipe(&lockout);
	return ret;
}

/*
 * Open the journal of t's device: 0 (with *j NULL for a device that has
 * none), or a usage error when it cannot be written.
 */
static int own_journal(struct cli *c, struct tpm_transport *t, enum tpm_family fam,
		       struct own_journal **j, struct own_journal_info *prev)
{
	char err[700];
	int ret;

	ret = own_journal_open(c->state_dir, t->spec, fam == TPM_FAMILY_12 ? "1.2" : "2.0", j, prev,
			       err, sizeof(err));
	if (ret == -ENOTSUP) {
		fprintf(c->out, "journal   none: %s lives only as long as this run\n", t->spec);
		return 0;
	}
	if (ret) {
		fprintf(c->err,
			"tpmdiag own: %s. The journal lets a rerun continue an interrupted run; "
			"give --state-dir DIR with a directory you can write. Nothing was sent.\n",
			err);
		return TPMDIAG_EXIT_USAGE;
	}
	if (!prev->device[0] || prev->finished)
		fprintf(c->out, "journal   %s (new)\n", own_journal_path(*j));
	else
		fprintf(c->out,
			"journal   %s: an earlier run (started %s) stopped after \"%s\"%s%s; "
			"continuing it\n",
			own_journal_path(*j), prev->started, prev->last[0] ? prev->last : "start",
			prev->stop[0] ? ": " : "", prev->stop);
	return 0;
}

int cli_own(struct cli *c)
{
	struct own_journal_info *prev = NULL;
	struct tpm_transport *t = NULL;
	struct own_journal *j = NULL;
	enum tpm_family fam;
	char src[256];
	int ret;

	if (c->argc) {
		fprintf(c->err, "tpmdiag own: unexpected '%s'; see 'tpmdiag own --help'\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	if (c->record) {
		fprintf(c->err, "tpmdiag own: the authorisation values of TakeOwnership and "
				"HierarchyChangeAuth must not go into a transcript: drop --record. "
				"Nothing was sent.\n");
		return TPMDIAG_EXIT_USAGE;
	}
	ret = cli_open_device(c, false, &t, &fam, src, sizeof(src));
	if (ret)
		return ret;
	fprintf(c->out, "device    %s, %s (%s)\n\n%s", t->spec, cli_family_label(fam), src,
		fam == TPM_FAMILY_12 ? own_plan12 : own_plan20);
	if (!c->yes) {
		fprintf(c->err, "tpmdiag own: nothing was sent; add --yes to take ownership\n");
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	prev = calloc(1, sizeof(*prev));
	if (!prev) {
		fprintf(c->err, "tpmdiag own: out of memory\n");
		ret = TPMDIAG_EXIT_DEVICE;
		goto out;
	}
	ret = own_journal(c, t, fam, &j, prev);
	if (ret)
		goto out;
	fputc('\n', c->out);
	ret = fam == TPM_FAMILY_12 ? own12(c, t, j, prev) : own20(c, t, j, prev);
out:
	own_journal_close(j);
	free(prev);
	tpm_transport_close(t);
	return ret;
}
