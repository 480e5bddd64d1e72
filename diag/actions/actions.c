// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The remediation actions as data: one row per name and family (two rows
 * when a family has two ways that differ in the password they need), the
 * return codes each step expects, and the builders of commands the `tpmdiag
 * send` catalogue lacks. Planning and running are in action_run.c.
 *
 * Rows use designated initialisers: a new field or a new row (PPI actions,
 * ...) needs no change elsewhere.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag/actions/actions.h"
#include "diag/ppi/ppi.h"
#include "probes/commands/catalog.h"

/* --- return codes the steps expect ------------------------------------------------ */

/* TCG TPM Main 1.2 Part 2, 16 "Return codes" */
#define TPM12_AUTHFAIL		  0x01u
#define TPM12_BAD_PARAMETER	  0x03u
#define TPM12_CLEAR_DISABLED	  0x05u
#define TPM12_DEACTIVATED	  0x06u
#define TPM12_DISABLED		  0x07u
#define TPM12_NOSRK		  0x12u
#define TPM12_FAILEDSELFTEST	  0x1Cu
#define TPM12_INVALID_POSTINIT	  0x26u
#define TPM12_BAD_PRESENCE	  0x2Du
#define TPM12_DEFEND_LOCK_RUNNING 0x803u
/* TCG TPM 2.0 Library Part 2, 6.6 TPM_RC */
#define TPM2_RC_INITIALIZE  0x100u
#define TPM2_RC_FAILURE	    0x101u
#define TPM2_RC_LOCKOUT	    0x921u
#define TPM2_RC_AUTH_FAIL_1 0x98Eu /* TPM_RC_AUTH_FAIL for session 1 */
#define TPM2_RC_BAD_AUTH_1  0x9A2u /* TPM_RC_BAD_AUTH for session 1 */

#define FIRMWARE_PP_STOP                                                                           \
	"the firmware set the physical-presence lifetime lock: software can never assert "         \
	"physical presence on this TPM, and tpmdiag stops here without changing anything. Make "   \
	"the change in the firmware setup instead (Security -> TPM / Security Chip: enable, "      \
	"activate or clear the TPM there; firmware with a 'TPM physical presence' or PPI setting " \
	"can also let the operating system ask for the change at the next boot)"

#define RC12_NOT_STARTED                                                                           \
	{                                                                                          \
		TPM12_INVALID_POSTINIT, false,                                                     \
		    "the TPM has not been started: run 'tpmdiag fix startup-clear --yes' first"    \
	}
#define RC12_DISABLED                                                                              \
	{                                                                                          \
		TPM12_DISABLED, false,                                                             \
		    "the TPM is disabled: run 'tpmdiag fix physical-enable --yes' first"           \
	}
#define RC12_DEACTIVATED                                                                           \
	{                                                                                          \
		TPM12_DEACTIVATED, false,                                                          \
		    "the TPM is deactivated: this needs activating and a reboot first"             \
	}

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
    RC12_NOT_STARTED,
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
    RC12_DISABLED,
    RC12_DEACTIVATED,
};
static const struct action_rc rc12_forceclear[] = {
    {TPM12_BAD_PRESENCE, false, "the TPM did not see physical presence"},
    {TPM12_CLEAR_DISABLED, false,
     "clearing is disabled (disableForceClear, set by the firmware for this boot): clear the "
     "TPM in the firmware setup instead, or with the owner password (tpmdiag fix clear "
     "--owner-password-file F: TPM_OwnerClear)"},
};
static const struct action_rc rc12_ownerclear[] = {
    {TPM12_AUTHFAIL, false,
     "the owner password is wrong; nothing was cleared, and the failure counts toward the "
     "TPM's dictionary-attack lock"},
    {TPM12_CLEAR_DISABLED, false,
     "clearing with the owner password is disabled (permanent flag disableOwnerClear, set "
     "by TPM_DisableOwnerClear): only TPM_ForceClear under physical presence ('tpmdiag fix "
     "clear' without an owner password) or the firmware setup can clear this TPM"},
    {TPM12_NOSRK, false,
     "the TPM has no owner, so there is nothing to clear with an owner password ('tpmdiag "
     "fix clear' without one uses TPM_ForceClear under physical presence)"},
    {TPM12_DEFEND_LOCK_RUNNING, false,
     "the TPM is defending against dictionary attacks and refuses the owner password for "
     "now: wait ('tpmdiag fix wait-for-lockout'), or end the lock first ('tpmdiag fix "
     "da-reset', with the same password)"},
    RC12_DISABLED,
    RC12_DEACTIVATED,
    RC12_NOT_STARTED,
};
static const struct action_rc rc12_resetlock[] = {
    {TPM12_AUTHFAIL, false,
     "the owner password is wrong, or TPM_ResetLockValue is blocked after an earlier wrong "
     "password until the lock's time-out ends; this attempt counted as one more failure"},
    {TPM12_NOSRK, false,
     "the TPM has no owner, so there is no owner password to end the lock with: wait for "
     "the time-out ('tpmdiag fix wait-for-lockout'), or take ownership when it has ended"},
    RC12_DISABLED,
    RC12_DEACTIVATED,
    RC12_NOT_STARTED,
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

/* TCG TPM Main 1.2 Part 2, 17 "Ordinals"; Part 2, 21.1 TPM_CAP_DA_LOGIC, 10.1 TPM_ET_OWNER */
#define TPM12_ORD_ResetLockValue 0x00000040u
#define TPM12_ORD_OwnerClear	 0x0000005Bu
#define TPM12_ORD_ForceClear	 0x0000005Du
#define TPM12_ORD_GetCapability	 0x00000065u
/* TCG TPM 2.0 Library Part 2, 6.5 TPM_CC; 7.4 TPM_RH */
#define TPM2_CC_Clear			  0x00000126u
#define TPM2_CC_DictionaryAttackLockReset 0x00000139u
#define TPM2_RH_LOCKOUT			  0x4000000Au
#define TPM2_RS_PW			  0x40000009u
/* authHandle, nonceOdd, continueAuthSession, ownerAuth: what tpm12_owner_xmit appends */
#define TPM12_AUTH1_BYTES 45u

static int build_forceclear(struct tpm_buf *b, const struct secret *auth)
{
	(void)auth;
	tpm_cmd_begin(b, TPM_TAG_RQU_COMMAND, TPM12_ORD_ForceClear);
	return tpm_cmd_finish(b);
}

/* TPM_GetCapability(TPM_CAP_DA_LOGIC, TPM_ET_OWNER): the dictionary-attack state. */
static int build_da_logic(struct tpm_buf *b, const struct secret *auth)
{
	(void)auth;
	tpm_cmd_begin(b, TPM_TAG_RQU_COMMAND, TPM12_ORD_GetCapability);
	tpm_buf_u32(b, TPM_CAP_DA_LOGIC);
	tpm_buf_u32(b, 2);
	tpm_buf_u16(b, TPM_ET_OWNER);
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

#define RCS(t)	 .rcs = t, .n_rcs = TPM_ARRAY_SIZE(t)
#define STEPS(t) .steps = t, .n_steps = TPM_ARRAY_SIZE(t)

static const struct action_step s12_startup[] = {
    {.send = "startup",
     .args = {"clear", NULL},
     .does = "starts the TPM after a reset (TPM_Startup ST_CLEAR): volatile state begins fresh",
     RCS(rc12_startup)},
};
static const struct action_step s20_startup[] = {
    {.send = "startup",
     .args = {"clear", NULL},
     .does = "starts the TPM after a reset (TPM2_Startup CLEAR): PCRs reset, sessions and "
	     "loaded objects gone",
     RCS(rc20_startup)},
};
static const struct action_step s12_selftest_full[] = {
    {.send = "selftest",
     .args = {"full", NULL},
     .does = "tests every function of the TPM (TPM_SelfTestFull)",
     RCS(rc12_selftest)},
};
static const struct action_step s20_selftest_full[] = {
    {.send = "selftest",
     .args = {"full", NULL},
     .does = "tests every function of the TPM (TPM2_SelfTest yes)",
     RCS(rc20_selftest)},
};
static const struct action_step s12_selftest_cont[] = {
    {.send = "selftest",
     .args = {"continue", NULL},
     .does = "tests the functions not yet tested (TPM_ContinueSelfTest)",
     RCS(rc12_selftest)},
};
static const struct action_step s20_selftest_cont[] = {
    {.send = "selftest",
     .args = {"continue", NULL},
     .does = "tests the functions not yet tested (TPM2_SelfTest no)",
     RCS(rc20_selftest)},
};
static const struct action_step s12_cmd_enable[] = {
    {.send = "physicalpresence",
     .args = {"cmd_enable", NULL},
     .does = "allows software to assert physical presence by command from now on (permanent "
	     "flag physicalPresenceCMDEnable)",
     RCS(rc12_cmd_enable)},
};
#define STEP12_PRESENT                                                                             \
	{                                                                                          \
		.send = "physicalpresence", .args = {"present", NULL},                             \
		.does = "asserts physical presence until the next reset (volatile flag "           \
			"physicalPresence)",                                                       \
		RCS(rc12_present)                                                                  \
	}
static const struct action_step s12_present[] = {STEP12_PRESENT};
static const struct action_step s12_enable[] = {
    STEP12_PRESENT,
    {.send = "physicalenable",
     .does = "enables the TPM (permanent flag disable cleared)",
     RCS(rc12_pp_cmd)},
};
static const struct action_step s12_activate[] = {
    STEP12_PRESENT,
    {.send = "physicalsetdeactivated",
     .args = {"false", NULL},
     .does = "clears the permanent deactivated flag; the TPM is active after the next "
	     "TPM_Startup (ST_CLEAR), i.e. after a reboot",
     RCS(rc12_pp_cmd)},
};
#define CLEAR12_DOES                                                                               \
	"removes the owner, the SRK and every key under it, and owner-protected NV space; the "    \
	"TPM is disabled at once and deactivated from the next boot"

static const struct action_step s12_clear[] = {
    STEP12_PRESENT,
    {.build = build_forceclear, .does = CLEAR12_DOES, RCS(rc12_forceclear)},
};
static const struct action_step s12_owner_clear[] = {
    {.owner12 = TPM12_ORD_OwnerClear, .does = CLEAR12_DOES, RCS(rc12_ownerclear)},
};
static const struct action_step s12_da_reset[] = {
    {.owner12 = TPM12_ORD_ResetLockValue,
     .does = "the TPM forgets the failed authorisations it counted and ends its "
	     "dictionary-attack time-out",
     RCS(rc12_resetlock)},
};
static const struct action_step s12_da_logic[] = {
    {.build = build_da_logic,
     .does = "reads the dictionary-attack state for the owner: TPM_DA_INFO (failures counted, "
	     "threshold, action, seconds left) (read-only)"},
};
static const struct action_step s20_getcap_lockout[] = {
    {.send = "getcap",
     .args = {"properties-variable", NULL},
     .does = "reads TPM2_PT_LOCKOUT_COUNTER, MAX_AUTH_FAIL, LOCKOUT_INTERVAL, LOCKOUT_RECOVERY "
	     "(read-only)"},
};
static const struct action_step s20_da_reset[] = {
    {.build = build_da_reset,
     .does = "on TPM_RH_LOCKOUT: the failure counter goes to 0 and the lockout ends",
     RCS(rc20_lockout_auth)},
};
static const struct action_step s20_clear[] = {
    {.build = build_clear20,
     .does = "on TPM_RH_LOCKOUT: new storage and endorsement seeds (every key under them is "
	     "lost), owner, endorsement and lockout passwords emptied, owner NV indices deleted",
     RCS(rc20_lockout_auth)},
};

#define CLEAR12_LOST                                                                               \
	"DESTRUCTIVE: every key protected by the SRK is lost for good (BitLocker, sealed "         \
	"secrets, attestation identities)"
#define CLEAR12_AFTER                                                                              \
	"reboot, enable and activate the TPM (it ends disabled and deactivated), then take "       \
	"ownership"

static const struct action actions[] = {
    {.name = "startup-clear",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "start the TPM 1.2 (TPM_Startup ST_CLEAR)",
     STEPS(s12_startup),
     .changes = "the TPM answers commands again",
     .risks = "none: a started TPM refuses a second Startup (TPM_INVALID_POSTINIT) and stays "
	      "as it is"},
    {.name = "startup-clear",
     .family = TPM_FAMILY_20,
     .kind = ACTION_STEPS,
     .summary = "start the TPM 2.0 (TPM2_Startup CLEAR)",
     STEPS(s20_startup),
     .changes = "the TPM answers commands again",
     .risks = "none: a started TPM refuses a second Startup (TPM_RC_INITIALIZE) and stays as "
	      "it is"},
    {.name = "selftest-full",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "run the full self test (TPM_SelfTestFull)",
     STEPS(s12_selftest_full),
     .changes = "the TPM's functions are tested and usable",
     .risks = "a chip that fails its test goes into failure mode until the next reset"},
    {.name = "selftest-full",
     .family = TPM_FAMILY_20,
     .kind = ACTION_STEPS,
     .summary = "run the full self test (TPM2_SelfTest)",
     STEPS(s20_selftest_full),
     .changes = "the TPM's functions are tested and usable",
     .risks = "a chip that fails its test goes into failure mode until the next reset"},
    {.name = "continue-selftest",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "finish the self test (TPM_ContinueSelfTest)",
     STEPS(s12_selftest_cont),
     .changes = "the remaining functions are tested and usable",
     .risks = "a chip that fails its test goes into failure mode until the next reset"},
    {.name = "continue-selftest",
     .family = TPM_FAMILY_20,
     .kind = ACTION_STEPS,
     .summary = "finish the self test (TPM2_SelfTest, not full)",
     STEPS(s20_selftest_cont),
     .changes = "the remaining functions are tested and usable",
     .risks = "a chip that fails its test goes into failure mode until the next reset"},
    {.name = "physical-presence-cmd-enable",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "allow physical presence by command (TSC_PhysicalPresence cmd_enable)",
     STEPS(s12_cmd_enable),
     .changes = "software may assert physical presence (a permanent setting)",
     .risks = "refused with TPM_BAD_PARAMETER when the firmware set the lifetime lock: then "
	      "only the firmware setup can change the TPM"},
    {.name = "physical-presence-present",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "assert physical presence (TSC_PhysicalPresence present)",
     STEPS(s12_present),
     .changes = "commands that need physical presence are accepted until the next reset",
     .risks = "refused with TPM_BAD_PARAMETER when presence by command is not enabled or the "
	      "firmware locked it for this boot"},
    {.name = "physical-enable",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "enable the TPM (physical presence, then TPM_PhysicalEnable)",
     STEPS(s12_enable),
     .changes = "the TPM is enabled (permanent flag disable false)",
     .risks = "physical presence may be refused (firmware lock): then enable it in the "
	      "firmware setup"},
    {.name = "physical-set-activated",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "activate the TPM (physical presence, then TPM_PhysicalSetDeactivated false)",
     STEPS(s12_activate),
     .changes = "the TPM is active after the next reboot",
     .risks = "physical presence may be refused (firmware lock): then activate it in the "
	      "firmware setup",
     .after = "reboot: the deactivated flag takes effect at the next TPM_Startup(ST_CLEAR)"},
    {.name = "clear",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "clear the TPM (physical presence, then TPM_ForceClear)",
     STEPS(s12_clear),
     .changes = "the TPM has no owner; it can be owned again after a reboot",
     .risks = CLEAR12_LOST "; physical presence may be refused (firmware lock) and "
			   "TPM_ForceClear may be disabled for this boot (disableForceClear)",
     .after = CLEAR12_AFTER,
     .destructive = true},
    {.name = "clear",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "clear the TPM with the owner password (TPM_OwnerClear)",
     STEPS(s12_owner_clear),
     .changes = "the TPM has no owner; it can be owned again after a reboot",
     .risks = CLEAR12_LOST "; a wrong owner password counts toward the TPM's "
			   "dictionary-attack lock; refused (TPM_CLEAR_DISABLED) when "
			   "disableOwnerClear is set; afterwards enabling and activating the "
			   "TPM needs physical presence, so where the firmware locked it, only "
			   "the firmware setup can turn the TPM on again",
     .after = CLEAR12_AFTER,
     .destructive = true,
     .auth = ACTION_AUTH_OWNER12},
    {.name = "clear",
     .family = TPM_FAMILY_20,
     .kind = ACTION_STEPS,
     .summary = "clear the TPM (TPM2_Clear with lockout auth)",
     STEPS(s20_clear),
     .changes = "the TPM has no owner data and empty passwords",
     .risks = "DESTRUCTIVE: every key under the storage and endorsement hierarchies is lost "
	      "for good; a wrong lockout password locks the lockout authorisation for "
	      "TPM2_PT_LOCKOUT_RECOVERY seconds",
     .after = "take ownership again: tpmdiag own",
     .destructive = true,
     .auth = ACTION_AUTH_LOCKOUT},
    {.name = "da-reset",
     .family = TPM_FAMILY_12,
     .kind = ACTION_STEPS,
     .summary = "end a dictionary-attack lock (TPM_ResetLockValue with the owner password)",
     STEPS(s12_da_reset),
     .changes = "the failure counter is 0; the TPM accepts authorisations again",
     .risks = "a wrong owner password counts as one more failure and blocks "
	      "TPM_ResetLockValue itself until the lock's time-out ends; the TPM must have an "
	      "owner (TPM_NOSRK otherwise)",
     .auth = ACTION_AUTH_OWNER12},
    {.name = "da-reset",
     .family = TPM_FAMILY_20,
     .kind = ACTION_STEPS,
     .summary = "end a dictionary-attack lockout (TPM2_DictionaryAttackLockReset with lockout "
		"auth)",
     STEPS(s20_da_reset),
     .changes = "the failure counter is 0; authorisations are accepted again",
     .risks = "a wrong lockout password locks the lockout authorisation for "
	      "TPM2_PT_LOCKOUT_RECOVERY seconds (until a reboot when that is 0)",
     .auth = ACTION_AUTH_LOCKOUT},
    {.name = "wait-for-lockout",
     .family = TPM_FAMILY_12,
     .kind = ACTION_WAIT_LOCKOUT,
     .summary = "wait until the dictionary-attack time-out ends (TPM_CAP_DA_LOGIC)",
     STEPS(s12_da_logic),
     .changes = "nothing: only time passes",
     .risks = "none; a TPM that answers the threshold with something other than a time-out "
	      "(disable, deactivate, failure mode) does not recover by waiting"},
    {.name = "wait-for-lockout",
     .family = TPM_FAMILY_20,
     .kind = ACTION_WAIT_LOCKOUT,
     .summary = "wait until the dictionary-attack lockout wears off",
     STEPS(s20_getcap_lockout),
     .changes = "nothing: only time passes, the counter goes down by one every "
		"LOCKOUT_INTERVAL seconds",
     .risks = "none; the wait is bounded by the time the TPM's own properties give, plus a "
	      "margin"},
    {.name = "take-ownership",
     .family = TPM_FAMILY_12,
     .kind = ACTION_POINTER,
     .summary = "take ownership: 'tpmdiag own --yes' does it, step by step",
     .changes = "the TPM gets an owner and an SRK",
     .risks = "see tpmdiag own"},
    {.name = "take-ownership",
     .family = TPM_FAMILY_20,
     .kind = ACTION_POINTER,
     .summary = "take ownership: 'tpmdiag own --yes' does it, step by step",
     .changes = "the owner password is set and a storage root key persisted",
     .risks = "see tpmdiag own"},
    /* The firmware route (PPI 1.3): which operation number is the firmware's and the
       family's business, so one row serves both families (diag/ppi/ppi.c plans it). */
    {.name = "ppi-enable-activate",
     .family = TPM_FAMILY_UNKNOWN,
     .kind = ACTION_PPI,
     .ppi = PPI_ACT_ENABLE_ACTIVATE,
     .summary = "ask the firmware, through the Physical Presence Interface, to enable and "
		"activate the TPM at the next boot",
     .changes = "nothing now; at the next boot the firmware enables and activates the TPM "
		"(after the person at the console confirms, where it asks)",
     .risks = "the firmware may ignore the request (then its setup menu is the way); a "
	      "rejected prompt leaves the TPM as it is",
     .after = "reboot, and confirm at the console when the firmware asks; then tpmdiag check "
	      "reads the firmware's answer"},
    {.name = "ppi-clear",
     .family = TPM_FAMILY_UNKNOWN,
     .kind = ACTION_PPI,
     .ppi = PPI_ACT_CLEAR,
     .destructive = true,
     .summary = "ask the firmware, through the Physical Presence Interface, to clear the TPM "
		"at the next boot",
     .changes = "nothing now; at the next boot the firmware clears the TPM: the owner and "
		"every key it protects are gone (a TPM 2.0's owner, endorsement and lockout "
		"passwords are empty again)",
     .risks = "destroys every key the TPM protects (disk encryption bound to it needs its "
	      "recovery key); the firmware may ignore the request",
     .after = "reboot, and confirm at the console when the firmware asks; then tpmdiag check "
	      "reads the firmware's answer"},
    {.name = "ppi-enable-activate-clear",
     .family = TPM_FAMILY_UNKNOWN,
     .kind = ACTION_PPI,
     .ppi = PPI_ACT_ENABLE_ACTIVATE_CLEAR,
     .destructive = true,
     .summary = "ask the firmware, through the Physical Presence Interface, to clear the TPM "
		"and leave it enabled and activated, at the next boot",
     .changes = "nothing now; at the next boot the firmware clears the TPM and enables and "
		"activates it, ready for tpmdiag own",
     .risks = "destroys every key the TPM protects; the firmware may ignore the request",
     .after = "reboot, and confirm at the console when the firmware asks; then tpmdiag own"},
    {.name = "ppi-cancel",
     .family = TPM_FAMILY_UNKNOWN,
     .kind = ACTION_PPI,
     .ppi = PPI_ACT_CANCEL,
     .summary = "withdraw a pending Physical Presence Interface request (operation 0)",
     .changes = "the firmware does nothing at the next boot",
     .risks = "none"},
    {.name = "stop-holder",
     .family = TPM_FAMILY_UNKNOWN,
     .kind = ACTION_PLAN_ONLY,
     .summary = "stop the daemon that holds the TPM device (a plan: tpmdiag never stops "
		"services)",
     .changes = "the device node is free for tools that open it themselves",
     .risks = "programs that use the TPM through the daemon stop working until it is started "
	      "again",
     .after = "start it again when done"},
};

const struct action *action_table(size_t *n)
{
	*n = TPM_ARRAY_SIZE(actions);
	return actions;
}

static bool row_matches(const struct action *a, const char *name, enum tpm_family family)
{
	return !strcmp(a->name, name) && (a->family == family || a->family == TPM_FAMILY_UNKNOWN);
}

const struct action *action_find(const char *name, enum tpm_family family)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(actions); i++)
		if (row_matches(&actions[i], name, family))
			return &actions[i];
	return NULL;
}

const struct action *action_find_auth(const char *name, enum tpm_family family,
				      enum action_auth auth)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(actions); i++)
		if (row_matches(&actions[i], name, family) && actions[i].auth == auth)
			return &actions[i];
	return NULL;
}

const struct action *action_other(const struct action *a)
{
	size_t i;

	for (i = 0; i < TPM_ARRAY_SIZE(actions); i++)
		if (&actions[i] != a && actions[i].family == a->family &&
		    !strcmp(actions[i].name, a->name))
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

/* The bytes of an owner-authorised step before its authorisation. */
static int build_owner12_head(struct tpm_buf *b, uint32_t ordinal)
{
	size_t len;

	tpm_cmd_begin(b, TPM_TAG_RQU_AUTH1_COMMAND, ordinal);
	len = b->len;
	if (tpm_cmd_finish(b))
		return -EOVERFLOW;
	len += TPM12_AUTH1_BYTES;
	b->data[2] = (uint8_t)(len >> 24);
	b->data[3] = (uint8_t)(len >> 16);
	b->data[4] = (uint8_t)(len >> 8);
	b->data[5] = (uint8_t)len;
	return 0;
}

int action_step_build(const struct action *a, const struct action_step *s,
		      const struct secret *auth, uint8_t *cmd, size_t cap, size_t *len, char *err,
		      size_t errlen)
{
	const struct tpm_send_cmd *c;
	struct tpm_buf b;
	char *argv[3];
	int argc, ret;

	tpm_buf_init(&b, cmd, cap);
	if (s->owner12) {
		ret = build_owner12_head(&b, s->owner12);
	} else if (s->build) {
		ret = s->build(&b, auth);
	} else {
		c = s->send ? tpm_send_lookup(a->family, s->send) : NULL;
		if (!c) {
			snprintf(err, errlen, "the catalogue has no %s command '%s'",
				 tpm_family_name(a->family), s->send ? s->send : "(none)");
			return -EINVAL;
		}
		for (argc = 0; argc < 2 && s->args[argc]; argc++)
			argv[argc] = (char *)s->args[argc];
		argv[argc] = NULL;
		ret = c->build(&b, argc, argv, err, errlen);
	}
	if (ret || b.bad) {
		if (!ret || ret == -EOVERFLOW)
			snprintf(err, errlen, "the command does not fit in %zu bytes", cap);
		return -EINVAL;
	}
	*len = b.len;
	return 0;
}
