// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remediation actions as data (one row per name and family) and the
 * runner that carries one out through the device layer. The command bytes
 * come from the `tpmdiag send` catalogue where it has the command, so a
 * plan shows exactly what `tpmdiag send NAME ARGS` would send.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag/actions.h"
#include "probes/holders.h"
#include "probes/tpm/catalog.h"
#include "probes/tpm/commands.h"
#include "probes/tpm/fields.h"
#include "probes/tpm/rc.h"
#include "reports/hex.h"

#define LABEL_W 12

/* --- return codes the steps expect ------------------------------------------------ */

#define TPM12_BAD_PARAMETER    0x03u
#define TPM12_DEACTIVATED      0x06u
#define TPM12_DISABLED	       0x07u
#define TPM12_FAILEDSELFTEST   0x1Cu
#define TPM12_INVALID_POSTINIT 0x26u
#define TPM12_BAD_PRESENCE     0x2Du
#define TPM12_CLEAR_DISABLED   0x5Bu
#define TPM2_RC_INITIALIZE     0x100u
#define TPM2_RC_FAILURE	       0x101u
#define TPM2_RC_LOCKOUT	       0x921u
#define TPM2_RC_AUTH_FAIL_1    0x98Eu /* TPM_RC_AUTH_FAIL for session 1 */
#define TPM2_RC_BAD_AUTH_1     0x9A2u /* TPM_RC_BAD_AUTH for session 1 */

#define FIRMWARE_PP_STOP                                                                           \
	"the firmware set the physical-presence lifetime lock: software can never assert "         \
	"physical presence on this TPM, and tpmdiag stops here without changing anything. Make "   \
	"the change in the firmware setup instead (Security -> TPM / Security Chip: enable, "      \
	"activate or clear the TPM there; firmware with a 'TPM physical presence' or PPI setting " \
	"can also let the operating system ask for the change at the next boot)"

static const struct action_rc rc12_startup[] = {
    {TPM12_INVALID_POSTINIT, true,
     "the TPM answers TPM_INVALID_POSTINIT to a second Startup: it was already started"},
};
static const struct action_rc rc20_startup[] = {
    {TPM2_RC_INITIALIZE, true,
     "the TPM answers TPM_RC_INITIALIZE to a second Startup: it was already started"},
};
static const struct action_rc rc12_selftest[] = {
    {TPM12_FAILEDSELFTEST, false,
     "the self test failed: the TPM is in failure mode until the next reset; reboot (power "
     "off, not a warm reset) and, if it fails again, the chip or its firmware is faulty"},
    {TPM12_INVALID_POSTINIT, false,
     "the TPM has not been started: run 'tpmdiag fix startup-clear --yes' first"},
};
static const struct action_rc rc20_selftest[] = {
    {TPM2_RC_FAILURE, false,
     "the TPM is in failure mode: reboot (power off, not a warm reset); if it stays, the chip "
     "or its firmware is faulty"},
    {TPM2_RC_INITIALIZE, false,
     "the TPM has not been started: run 'tpmdiag fix startup-clear --yes' first"},
};
static const struct action_rc rc12_cmd_enable[] = {
    {TPM12_BAD_PARAMETER, false, FIRMWARE_PP_STOP},
};
static const struct action_rc rc12_present[] = {
    {TPM12_BAD_PARAMETER, false,
     "the TPM does not accept physical presence by command: either it is not enabled "
     "(physicalPresenceCMDEnable off: run 'tpmdiag fix physical-presence-cmd-enable --yes' "
     "first), or the firmware locked it for this boot (physicalPresenceLock), in which case "
     "make the change in the firmware setup"},
};
static const struct action_rc rc12_pp_cmd[] = {
    {TPM12_BAD_PRESENCE, false,
     "the TPM did not see physical presence: assert it first (the step before), or make the "
     "change in the firmware setup"},
    {TPM12_DISABLED, false, "the TPM is disabled: run 'tpmdiag fix physical-enable --yes' first"},
    {TPM12_DEACTIVATED, false, "the TPM is deactivated: this needs activating and a reboot first"},
};
static const struct action_rc rc12_forceclear[] = {
    {TPM12_BAD_PRESENCE, false, "the TPM did not see physical presence"},
    {TPM12_CLEAR_DISABLED, false,
     "clearing is disabled (disableForceClear, set by the firmware for this boot): clear the "
     "TPM in the firmware setup instead"},
};
static const struct action_rc rc20_lockout_auth[] = {
    {TPM2_RC_LOCKOUT, false,
     "the lockout authorisation itself is locked out after a wrong lockout password: wait "
     "for TPM2_PT_LOCKOUT_RECOVERY seconds (or reboot, when it is 0) before trying again"},
    {TPM2_RC_AUTH_FAIL_1, false,
     "the lockout password is wrong; the lockout authorisation is now locked for "
     "TPM2_PT_LOCKOUT_RECOVERY seconds"},
    {TPM2_RC_BAD_AUTH_1, false, "the lockout password is wrong"},
};

/* --- builders for commands the catalogue lacks ------------------------------------ */

#define TPM12_ORD_ForceClear		  0x0000005Du
#define TPM2_CC_Clear			  0x00000126u
#define TPM2_CC_DictionaryAttackLockReset 0x00000139u
#define TPM2_RH_LOCKOUT			  0x4000000Au
#define TPM2_RS_PW			  0x40000009u

static int build_forceclear(struct tpm_buf *b, const struct secret *auth)
{
	(void)auth;
	tpm_cmd_begin(b, TPM_TAG_RQU_COMMAND, TPM12_ORD_ForceClear);
	return tpm_cmd_finish(b);
}

/* A command on TPM_RH_LOCKOUT with a password session (auth NULL: an empty password). */
static int build_lockout_cmd(struct tpm_buf *b, uint32_t cc, const struct secret *auth)
{
	size_t n = auth && auth->set ? auth->len : 0;

	tpm_cmd_begin(b, TPM2_ST_SESSIONS, cc);
	tpm_buf_u32(b, TPM2_RH_LOCKOUT);
	tpm_buf_u32(b, (uint32_t)(4 + 2 + 1 + 2 + n)); /* authorizationSize */
	tpm_buf_u32(b, TPM2_RS_PW);
	tpm_buf_u16(b, 0); /* nonceCaller: empty */
	tpm_buf_u8(b, 0);  /* sessionAttributes */
	tpm_buf_tpm2b(b, auth && auth->set ? auth->v : NULL, n);
	return tpm_cmd_finish(b);
}

static int build_da_reset(struct tpm_buf *b, const struct secret *auth)
{
	return build_lockout_cmd(b, TPM2_CC_DictionaryAttackLockReset, auth);
}

static int build_clear20(struct tpm_buf *b, const struct secret *auth)
{
	return build_lockout_cmd(b, TPM2_CC_Clear, auth);
}

/* --- the table -------------------------------------------------------------------- */

#define RCS(t)	 t, TPM_ARRAY_SIZE(t)
#define STEPS(t) t, TPM_ARRAY_SIZE(t)

static const struct action_step s12_startup[] = {
    {"startup",
     {"clear", NULL},
     NULL,
     "starts the TPM after a reset (TPM_Startup ST_CLEAR): volatile state begins fresh",
     RCS(rc12_startup)},
};
static const struct action_step s20_startup[] = {
    {"startup",
     {"clear", NULL},
     NULL,
     "starts the TPM after a reset (TPM2_Startup CLEAR): PCRs reset, sessions and loaded "
     "objects gone",
     RCS(rc20_startup)},
};
static const struct action_step s12_selftest_full[] = {
    {"selftest",
     {"full", NULL},
     NULL,
     "tests every function of the TPM (TPM_SelfTestFull)",
     RCS(rc12_selftest)},
};
static const struct action_step s20_selftest_full[] = {
    {"selftest",
     {"full", NULL},
     NULL,
     "tests every function of the TPM (TPM2_SelfTest yes)",
     RCS(rc20_selftest)},
};
static const struct action_step s12_selftest_cont[] = {
    {"selftest",
     {"continue", NULL},
     NULL,
     "tests the functions not yet tested (TPM_ContinueSelfTest)",
     RCS(rc12_selftest)},
};
static const struct action_step s20_selftest_cont[] = {
    {"selftest",
     {"continue", NULL},
     NULL,
     "tests the functions not yet tested (TPM2_SelfTest no)",
     RCS(rc20_selftest)},
};
static const struct action_step s12_cmd_enable[] = {
    {"physicalpresence",
     {"cmd_enable", NULL},
     NULL,
     "allows software to assert physical presence by command from now on (permanent flag "
     "physicalPresenceCMDEnable)",
     RCS(rc12_cmd_enable)},
};
#define STEP12_PRESENT                                                                             \
	{                                                                                          \
		"physicalpresence", {"present", NULL}, NULL,                                       \
		    "asserts physical presence until the next reset (volatile flag "               \
		    "physicalPresence)",                                                           \
		    RCS(rc12_present)                                                              \
	}
static const struct action_step s12_present[] = {STEP12_PRESENT};
static const struct action_step s12_enable[] = {
    STEP12_PRESENT,
    {"physicalenable",
     {NULL},
     NULL,
     "enables the TPM (permanent flag disable cleared)",
     RCS(rc12_pp_cmd)},
};
static const struct action_step s12_activate[] = {
    STEP12_PRESENT,
    {"physicalsetdeactivated",
     {"false", NULL},
     NULL,
     "clears the permanent deactivated flag; the TPM is active after the next TPM_Startup "
     "(ST_CLEAR), i.e. after a reboot",
     RCS(rc12_pp_cmd)},
};
static const struct action_step s12_clear[] = {
    STEP12_PRESENT,
    {NULL,
     {NULL},
     build_forceclear,
     "TPM_ForceClear: removes the owner, the SRK and every key under it, owner-protected NV "
     "space; the TPM ends disabled and deactivated until a reboot",
     RCS(rc12_forceclear)},
};
static const struct action_step s20_getcap_lockout[] = {
    {"getcap",
     {"properties-variable", NULL},
     NULL,
     "reads TPM2_PT_LOCKOUT_COUNTER, MAX_AUTH_FAIL, LOCKOUT_INTERVAL, LOCKOUT_RECOVERY "
     "(read-only)",
     NULL,
     0},
};
static const struct action_step s20_da_reset[] = {
    {NULL,
     {NULL},
     build_da_reset,
     "TPM2_DictionaryAttackLockReset on TPM_RH_LOCKOUT: the failure counter goes to 0 and the "
     "lockout ends",
     RCS(rc20_lockout_auth)},
};
static const struct action_step s20_clear[] = {
    {NULL,
     {NULL},
     build_clear20,
     "TPM2_Clear on TPM_RH_LOCKOUT: new storage and endorsement seeds (every key under them is "
     "lost), owner, endorsement and lockout passwords emptied, owner NV indices deleted",
     RCS(rc20_lockout_auth)},
};

static const struct action actions[] = {
    {"startup-clear", TPM_FAMILY_12, ACTION_STEPS, "start the TPM 1.2 (TPM_Startup ST_CLEAR)",
     STEPS(s12_startup), "the TPM answers commands again",
     "none: a started TPM refuses a second Startup (TPM_INVALID_POSTINIT) and stays as it is", NULL,
     false, false},
    {"startup-clear", TPM_FAMILY_20, ACTION_STEPS, "start the TPM 2.0 (TPM2_Startup CLEAR)",
     STEPS(s20_startup), "the TPM answers commands again",
     "none: a started TPM refuses a second Startup (TPM_RC_INITIALIZE) and stays as it is", NULL,
     false, false},
    {"selftest-full", TPM_FAMILY_12, ACTION_STEPS, "run the full self test (TPM_SelfTestFull)",
     STEPS(s12_selftest_full), "the TPM's functions are tested and usable",
     "a chip that fails its test goes into failure mode until the next reset", NULL, false, false},
    {"selftest-full", TPM_FAMILY_20, ACTION_STEPS, "run the full self test (TPM2_SelfTest)",
     STEPS(s20_selftest_full), "the TPM's functions are tested and usable",
     "a chip that fails its test goes into failure mode until the next reset", NULL, false, false},
    {"continue-selftest", TPM_FAMILY_12, ACTION_STEPS,
     "finish the self test (TPM_ContinueSelfTest)", STEPS(s12_selftest_cont),
     "the remaining functions are tested and usable",
     "a chip that fails its test goes into failure mode until the next reset", NULL, false, false},
    {"continue-selftest", TPM_FAMILY_20, ACTION_STEPS,
     "finish the self test (TPM2_SelfTest, not full)", STEPS(s20_selftest_cont),
     "the remaining functions are tested and usable",
     "a chip that fails its test goes into failure mode until the next reset", NULL, false, false},
    {"physical-presence-cmd-enable", TPM_FAMILY_12, ACTION_STEPS,
     "allow physical presence by command (TSC_PhysicalPresence cmd_enable)", STEPS(s12_cmd_enable),
     "software may assert physical presence (a permanent setting)",
     "refused with TPM_BAD_PARAMETER when the firmware set the lifetime lock: then only the "
     "firmware setup can change the TPM",
     NULL, false, false},
    {"physical-presence-present", TPM_FAMILY_12, ACTION_STEPS,
     "assert physical presence (TSC_PhysicalPresence present)", STEPS(s12_present),
     "commands that need physical presence are accepted until the next reset",
     "refused with TPM_BAD_PARAMETER when presence by command is not enabled or the firmware "
     "locked it for this boot",
     NULL, false, false},
    {"physical-enable", TPM_FAMILY_12, ACTION_STEPS,
     "enable the TPM (physical presence, then TPM_PhysicalEnable)", STEPS(s12_enable),
     "the TPM is enabled (permanent flag disable false)",
     "physical presence may be refused (firmware lock): then enable it in the firmware setup", NULL,
     false, false},
    {"physical-set-activated", TPM_FAMILY_12, ACTION_STEPS,
     "activate the TPM (physical presence, then TPM_PhysicalSetDeactivated false)",
     STEPS(s12_activate), "the TPM is active after the next reboot",
     "physical presence may be refused (firmware lock): then activate it in the firmware "
     "setup",
     "reboot: the deactivated flag takes effect at the next TPM_Startup(ST_CLEAR)", false, false},
    {"clear", TPM_FAMILY_12, ACTION_STEPS, "clear the TPM (physical presence, then TPM_ForceClear)",
     STEPS(s12_clear), "the TPM has no owner; it can be owned again after a reboot",
     "DESTRUCTIVE: every key protected by the SRK is lost for good (BitLocker, sealed "
     "secrets, attestation identities)",
     "reboot, enable and activate the TPM (it ends disabled and deactivated), then take "
     "ownership",
     true, false},
    {"clear", TPM_FAMILY_20, ACTION_STEPS, "clear the TPM (TPM2_Clear with lockout auth)",
     STEPS(s20_clear), "the TPM has no owner data and empty passwords",
     "DESTRUCTIVE: every key under the storage and endorsement hierarchies is lost for good; "
     "a wrong lockout password locks the lockout authorisation for "
     "TPM2_PT_LOCKOUT_RECOVERY seconds",
     "take ownership again: tpmdiag own", true, true},
    {"da-reset", TPM_FAMILY_20, ACTION_STEPS,
     "end a dictionary-attack lockout (TPM2_DictionaryAttackLockReset with lockout auth)",
     STEPS(s20_da_reset), "the failure counter is 0; authorisations are accepted again",
     "a wrong lockout password locks the lockout authorisation for TPM2_PT_LOCKOUT_RECOVERY "
     "seconds (until a reboot when that is 0)",
     NULL, false, true},
    {"wait-for-lockout", TPM_FAMILY_20, ACTION_WAIT_LOCKOUT,
     "wait until the dictionary-attack lockout wears off", STEPS(s20_getcap_lockout),
     "nothing: only time passes, the counter goes down by one every LOCKOUT_INTERVAL seconds",
     "none; the wait is bounded by the time the TPM's own properties give, plus a margin", NULL,
     false, false},
    {"take-ownership", TPM_FAMILY_12, ACTION_POINTER,
     "take ownership: 'tpmdiag own --yes' does it, step by step", NULL, 0,
     "the TPM gets an owner and an SRK", "see tpmdiag own", NULL, false, false},
    {"take-ownership", TPM_FAMILY_20, ACTION_POINTER,
     "take ownership: 'tpmdiag own --yes' does it, step by step", NULL, 0,
     "the owner password is set and a storage root key persisted", "see tpmdiag own", NULL, false,
     false},
    {"stop-holder", TPM_FAMILY_UNKNOWN, ACTION_PLAN_ONLY,
     "stop the daemon that holds the TPM device (a plan: tpmdiag never stops services)", NULL, 0,
     "the device node is free for tools that open it themselves",
     "programs that use the TPM through the daemon stop working until it is started again",
     "start it again when done", false, false},
};

const struct action *action_table(size_t *n)
{
	*n = TPM_ARRAY_SIZE(actions);
	return actions;
}

const struct action *action_find(const char *name, enum tpm_family family)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].name, name) &&
		    (actions[i].family == family || actions[i].family == TPM_FAMILY_UNKNOWN))
			return &actions[i];
	return NULL;
}

bool action_known(const char *name)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(actions); i++)
		if (!strcmp(actions[i].name, name))
			return true;
	return false;
}

/* --- building and showing --------------------------------------------------------- */

int action_step_build(const struct action *a, const struct action_step *s,
		      const struct secret *auth, uint8_t *cmd, size_t cap, size_t *len, char *err,
		      size_t errlen)
{
	const struct tpm_send_cmd *c;
	struct tpm_buf b;
	char *argv[3];
	int argc, ret;

	tpm_buf_init(&b, cmd, cap);
	if (s->build) {
		ret = s->build(&b, auth);
	} else {
		c = tpm_send_lookup(a->family, s->send);
		if (!c) {
			snprintf(err, errlen, "the catalogue has no %s command '%s'",
				 tpm_family_name(a->family), s->send);
			return -EINVAL;
		}
		for (argc = 0; argc < 2 && s->args[argc]; argc++)
			argv[argc] = (char *)s->args[argc];
		argv[argc] = NULL;
		ret = c->build(&b, argc, argv, err, errlen);
	}
	if (ret || b.bad) {
		if (!ret)
			snprintf(err, errlen, "the command does not fit in %zu bytes", cap);
		return -EINVAL;
	}
	*len = b.len;
	return 0;
}

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

static void print_label(FILE *f, const char *label)
{
	fprintf(f, "    %-*s", LABEL_W, label);
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

void action_plan(const struct action *a, const struct action_ctx *x)
{
	uint8_t cmd[TPM_MAX_MSG];
	char err[512];
	size_t i, len;

	fprintf(x->out, "  %s (%s): %s\n", a->name,
		a->family == TPM_FAMILY_UNKNOWN ? "any TPM" : tpm_family_name(a->family),
		a->summary);
	if (a->kind == ACTION_POINTER) {
		print_label(x->out, "run");
		fprintf(x->out, "tpmdiag own --yes (it explains each step first without --yes)\n");
	}
	if (a->kind == ACTION_PLAN_ONLY)
		plan_holders(x);
	for (i = 0; i < a->n_steps; i++) {
		const struct action_step *s = &a->steps[i];
		char label[32];

		snprintf(label, sizeof(label), "step %zu", i + 1);
		print_label(x->out, label);
		if (action_step_build(a, s, NULL, cmd, sizeof(cmd), &len, err, sizeof(err))) {
			fprintf(x->out, "(cannot build: %s)\n", err);
			continue;
		}
		fprintf(x->out, "%s", cmd_name(cmd, len));
		if (s->send)
			fprintf(x->out, "  (tpmdiag send %s%s%s)", s->send, s->args[0] ? " " : "",
				s->args[0] ? s->args[0] : "");
		fputc('\n', x->out);
		print_label(x->out, "bytes");
		hex_print(x->out, cmd, len, 4 + LABEL_W);
		fputc('\n', x->out);
		if (a->lockout_auth) {
			print_label(x->out, "");
			fprintf(x->out, "(the lockout password goes in the last field; shown empty "
					"here, never printed)\n");
		}
		print_label(x->out, "changes");
		fprintf(x->out, "%s\n", s->does);
	}
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

/*
 * Send one step; the response goes to rsp. Returns ACTION_DONE with *rc set,
 * or ACTION_DEVICE (reason printed).
 */
static enum action_result step_send(const struct action *a, const struct action_step *s,
				    const struct action_ctx *x, uint8_t *rsp, size_t cap, size_t *n,
				    uint32_t *rc)
{
	uint8_t cmd[TPM_MAX_MSG], shown[TPM_MAX_MSG];
	char err[512], line[512];
	struct tpm_rc_desc d;
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
	fprintf(x->out, "%s\n", a->lockout_auth ? "  (password not shown)" : "");
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
	tpm_rc_decode(h.code, a->family, &d);
	tpm_rc_format(&d, line, sizeof(line));
	print_label(x->out, "result");
	fprintf(x->out, "%s\n", line);
	*rc = h.code;
	res = ACTION_DONE;
out:
	explicit_bzero(cmd, sizeof(cmd));
	return res;
}

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
		r = step_send(a, s, x, rsp, sizeof(rsp), &n, &rc);
		if (r != ACTION_DONE) {
			fprintf(x->out, "  stopped at step %zu: the device did not answer\n",
				i + 1);
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

/* --- wait-for-lockout ------------------------------------------------------------- */

struct lockout {
	uint32_t counter, max, interval, recovery;
};

static int field_u32(const struct tpm_fields *fs, const char *key, uint32_t *v)
{
	const char *s = tpm_fields_get(fs, key);
	unsigned long long x;
	char *end;

	if (!s)
		return -ENOENT;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || x > UINT32_MAX)
		return -EBADMSG;
	*v = (uint32_t)x;
	return 0;
}

/* Ask the TPM for its lockout properties (quietly unless verbose). */
static enum action_result lockout_read(const struct action *a, const struct action_ctx *x,
				       bool show, struct lockout *lo)
{
	static char *argv[] = {"properties-variable", NULL};
	const struct tpm_send_cmd *c = tpm_send_lookup(TPM_FAMILY_20, "getcap");
	uint8_t cmd[TPM_MAX_MSG], rsp[TPM_MAX_MSG];
	struct tpm_fields *fs = NULL;
	enum action_result res = ACTION_DEVICE;
	size_t len, n;
	uint32_t rc = 0;
	char err[256];

	if (show) {
		res = step_send(a, &a->steps[0], x, rsp, sizeof(rsp), &n, &rc);
	} else if (!action_step_build(a, &a->steps[0], NULL, cmd, sizeof(cmd), &len, err,
				      sizeof(err)) &&
		   !tpm_transmit(x->t, cmd, len, rsp, sizeof(rsp), &n, x->timeout_ms)) {
		struct tpm_hdr h;

		res = tpm_hdr_parse(rsp, n, &h, NULL) ? ACTION_DEVICE : ACTION_DONE;
		rc = h.code;
	}
	if (res != ACTION_DONE) {
		fprintf(x->out, "  cannot read the lockout properties: %s\n", x->t->err);
		return res;
	}
	if (rc) {
		fprintf(x->out, "  the TPM refused to tell its lockout properties (rc 0x%x)\n", rc);
		return ACTION_FAILED;
	}
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return ACTION_DEVICE;
	tpm_fields_init(fs);
	res = ACTION_FAILED;
	c->decode(rsp, n, 1, argv, fs);
	if (field_u32(fs, "TPM2_PT_LOCKOUT_COUNTER", &lo->counter) ||
	    field_u32(fs, "TPM2_PT_MAX_AUTH_FAIL", &lo->max) ||
	    field_u32(fs, "TPM2_PT_LOCKOUT_INTERVAL", &lo->interval) ||
	    field_u32(fs, "TPM2_PT_LOCKOUT_RECOVERY", &lo->recovery)) {
		fprintf(x->out, "  the TPM's answer lacks the lockout properties\n");
		goto out;
	}
	res = ACTION_DONE;
out:
	free(fs);
	return res;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#define LOCKOUT_POLL_MS	 5000u
#define LOCKOUT_MARGIN_S 10u

static enum action_result run_wait_lockout(const struct action *a, const struct action_ctx *x)
{
	struct lockout lo;
	enum action_result r = lockout_read(a, x, true, &lo);
	double t0, deadline;
	uint64_t wait_s;

	if (r != ACTION_DONE)
		return r;
	fprintf(x->out,
		"  lockout counter %" PRIu32 " of %" PRIu32
		" failures; one is forgiven every %" PRIu32
		" s; the lockout password's own lockout lasts %" PRIu32 " s\n",
		lo.counter, lo.max, lo.interval, lo.recovery);
	if (lo.counter < lo.max) {
		fprintf(x->out, "  the TPM is not in lockout: nothing to wait for\n");
		return ACTION_DONE;
	}
	if (!lo.interval) {
		fprintf(x->out,
			"  stopped: LOCKOUT_INTERVAL is 0, so the counter never goes down by "
			"itself; only 'tpmdiag fix da-reset --yes' (the lockout password) "
			"ends the lockout\n");
		return ACTION_FAILED;
	}
	wait_s = ((uint64_t)lo.counter - lo.max + 1) * lo.interval;
	fprintf(x->out, "  the lockout ends in about %" PRIu64 " s (%" PRIu64 " min)%s\n", wait_s,
		(wait_s + 59) / 60,
		x->wait ? "; waiting"
			: "; run with --yes to wait here (the TPM must stay powered)");
	if (!x->wait)
		return ACTION_DONE;
	t0 = tpm_now_ms();
	deadline = t0 + (double)(wait_s + wait_s / 10 + LOCKOUT_MARGIN_S) * 1000.0;
	for (;;) {
		double now = tpm_now_ms();
		double left = deadline - now;

		if (left <= 0) {
			fprintf(x->out,
				"  stopped: the counter is still %" PRIu32 " of %" PRIu32
				" after %.0f s, longer than the TPM's own properties allow\n",
				lo.counter, lo.max, (now - t0) / 1000.0);
			return ACTION_FAILED;
		}
		sleep_ms(left < LOCKOUT_POLL_MS ? (unsigned)left + 1 : LOCKOUT_POLL_MS);
		r = lockout_read(a, x, false, &lo);
		if (r != ACTION_DONE)
			return r;
		fprintf(x->out,
			"  waited %.0f s of about %" PRIu64 " s: counter %" PRIu32 " of %" PRIu32
			"\n",
			(tpm_now_ms() - t0) / 1000.0, wait_s, lo.counter, lo.max);
		fflush(x->out);
		if (lo.counter < lo.max)
			return ACTION_DONE;
	}
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
		return run_wait_lockout(a, x);
	case ACTION_STEPS:
		break;
	}
	if (!x->t)
		return ACTION_DEVICE;
	return run_steps(a, x);
}
