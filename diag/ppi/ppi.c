// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PPI operations, the planner and the request writer; see ppi.h.
 *
 * The operation numbers are those of the TCG PC Client Platform Physical
 * Presence Interface Specification 1.3 (rev 00.52), table 1 (TPM 1.2) and
 * table 2 (TPM 2.0), as EDK2 (MdePkg TcgPhysicalPresence.h) and coreboot
 * (drivers/tpm/tpm_ppi.h) define them. "asks" is the default EDK2 applies
 * (DxeTcgPhysicalPresenceLib / DxeTcg2PhysicalPresenceLib: operations that
 * give the OS more power or destroy data need the user, those that take
 * power away do not); the firmware's own answer in tcg_operations decides.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/ppi/ppi.h"

#define F12 TPM_FAMILY_12
#define F20 TPM_FAMILY_20

static const struct ppi_op ppi_ops[] = {
    /* TPM 1.2: PPI 1.3 table 1 */
    {0, F12, "No operation", "does nothing; writing it withdraws a pending request", false, false},
    {1, F12, "Enable", "enables the TPM (TPM_PhysicalEnable)", true, false},
    {2, F12, "Disable", "disables the TPM (TPM_PhysicalDisable)", true, false},
    {3, F12, "Activate",
     "activates the TPM (TPM_PhysicalSetDeactivated FALSE), in effect from the next boot", true,
     false},
    {4, F12, "Deactivate", "deactivates the TPM (TPM_PhysicalSetDeactivated TRUE)", true, false},
    {5, F12, "Clear",
     "clears the TPM with TPM_ForceClear, which removes the owner and every key under the SRK "
     "and leaves the TPM disabled and deactivated",
     true, true},
    {6, F12, "Enable + Activate",
     "enables and activates the TPM, so that ownership can be taken after the boot", true, false},
    {7, F12, "Deactivate + Disable", "deactivates and disables the TPM", true, false},
    {8, F12, "SetOwnerInstall TRUE", "allows taking ownership (TPM_SetOwnerInstall TRUE)", true,
     false},
    {9, F12, "SetOwnerInstall FALSE", "forbids taking ownership (TPM_SetOwnerInstall FALSE)", true,
     false},
    {10, F12, "Enable + Activate + SetOwnerInstall TRUE",
     "enables and activates the TPM and allows taking ownership", true, false},
    {11, F12, "SetOwnerInstall FALSE + Deactivate + Disable",
     "forbids taking ownership, deactivates and disables the TPM", true, false},
    {12, F12, "Deferred PP unowned field upgrade",
     "allows a field upgrade of the TPM's firmware while it has no owner", true, false},
    {13, F12, "Set operator auth", "sets the operator password (TPM_SetOperatorAuth)", true, false},
    {14, F12, "Clear + Enable + Activate",
     "clears the TPM (owner and keys are gone), then enables and activates it again", true, true},
    {15, F12, "SetNoPPIProvision FALSE",
     "makes the firmware ask the user again for enable/activate requests", false, false},
    {16, F12, "SetNoPPIProvision TRUE",
     "lets the OS enable and activate the TPM in future without the user confirming", true, false},
    {17, F12, "SetNoPPIClear FALSE", "makes the firmware ask the user again for clear requests",
     false, false},
    {18, F12, "SetNoPPIClear TRUE",
     "lets the OS clear the TPM in future without the user confirming", true, false},
    {19, F12, "SetNoPPIMaintenance FALSE",
     "makes the firmware ask the user again for maintenance requests", false, false},
    {20, F12, "SetNoPPIMaintenance TRUE",
     "lets the OS request maintenance operations in future without the user confirming", true,
     false},
    {21, F12, "Enable + Activate + Clear",
     "enables and activates the TPM, then clears it: the owner and keys are gone and the TPM is "
     "left disabled and deactivated",
     true, true},
    {22, F12, "Enable + Activate + Clear + Enable + Activate",
     "enables and activates the TPM, clears it (owner and keys are gone) and enables and "
     "activates it again, ready for a new owner",
     true, true},
    /* TPM 2.0: PPI 1.3 table 2 */
    {0, F20, "No operation", "does nothing; writing it withdraws a pending request", false, false},
    {1, F20, "Enable", "turns the TPM on for the OS (enables its hierarchies)", true, false},
    {2, F20, "Disable", "turns the TPM off for the OS", true, false},
    {5, F20, "Clear",
     "clears the TPM with TPM2_Clear under platform authorization, which empties the owner, "
     "endorsement and lockout passwords and removes the persistent keys and NV indices made "
     "under the owner",
     true, true},
    {14, F20, "Enable + Clear",
     "turns the TPM on and clears it (owner and keys are gone, passwords empty)", true, true},
    {17, F20, "SetPPRequiredForClear TRUE",
     "makes the firmware ask the user again for clear requests", false, false},
    {18, F20, "SetPPRequiredForClear FALSE",
     "lets the OS clear the TPM in future without the user confirming", true, false},
    {21, F20, "Enable + Clear",
     "turns the TPM on and clears it (the TPM 1.2 number, kept for TPM 2.0)", true, true},
    {22, F20, "Enable + Clear",
     "turns the TPM on and clears it (the TPM 1.2 number, kept for TPM 2.0)", true, true},
    {23, F20, "Set PCR banks", "changes which PCR banks the boot measurements use", true, false},
    {24, F20, "Change EPS",
     "changes the endorsement primary seed: a new TPM identity, and the TPM is cleared", true,
     true},
    {25, F20, "SetPPRequiredForChangePCRs FALSE",
     "lets the OS change PCR banks in future without the user confirming", true, false},
    {26, F20, "SetPPRequiredForChangePCRs TRUE",
     "makes the firmware ask the user again for PCR bank changes", false, false},
    {27, F20, "SetPPRequiredForTurnOn FALSE",
     "lets the OS turn the TPM on in future without the user confirming", true, false},
    {28, F20, "SetPPRequiredForTurnOn TRUE",
     "makes the firmware ask the user again for turning the TPM on", false, false},
    {29, F20, "SetPPRequiredForTurnOff FALSE",
     "lets the OS turn the TPM off in future without the user confirming", true, false},
    {30, F20, "SetPPRequiredForTurnOff TRUE",
     "makes the firmware ask the user again for turning the TPM off", false, false},
    {31, F20, "SetPPRequiredForChangeEPS FALSE",
     "lets the OS change the EPS in future without the user confirming", true, false},
    {32, F20, "SetPPRequiredForChangeEPS TRUE",
     "makes the firmware ask the user again for EPS changes", false, false},
    {33, F20, "Log all digests",
     "makes the firmware log every supported digest in the boot event log", false, false},
    {34, F20, "Disable endorsement + Enable storage hierarchy",
     "turns off the endorsement hierarchy and keeps the storage hierarchy on", true, false},
    {96, F20, "Enable BlockSID",
     "makes the firmware send the storage devices' Block SID command at every boot", false, false},
    {97, F20, "Disable BlockSID", "stops the firmware sending Block SID to storage devices", true,
     false},
    {98, F20, "SetPPRequiredForEnableBlockSID TRUE",
     "makes the firmware ask the user again for enabling Block SID", false, false},
    {99, F20, "SetPPRequiredForEnableBlockSID FALSE",
     "lets the OS enable Block SID in future without the user confirming", true, false},
    {100, F20, "SetPPRequiredForDisableBlockSID TRUE",
     "makes the firmware ask the user again for disabling Block SID", false, false},
    {101, F20, "SetPPRequiredForDisableBlockSID FALSE",
     "lets the OS disable Block SID in future without the user confirming", true, false},
};

#undef F12
#undef F20

const struct ppi_op *ppi_op_table(size_t *n)
{
	*n = sizeof(ppi_ops) / sizeof(ppi_ops[0]);
	return ppi_ops;
}

const struct ppi_op *ppi_op_find(enum tpm_family family, uint32_t op)
{
	size_t i;

	for (i = 0; i < sizeof(ppi_ops) / sizeof(ppi_ops[0]); i++)
		if (ppi_ops[i].family == family && ppi_ops[i].op == op)
			return &ppi_ops[i];
	return NULL;
}

const char *ppi_op_name(enum tpm_family family, uint32_t op, char *buf, size_t len)
{
	const struct ppi_op *o = ppi_op_find(family, op);

	if (o)
		snprintf(buf, len, "%s", o->name);
	else if (op >= PPI_VS_FIRST && op < PPI_OP_COUNT)
		snprintf(buf, len, "vendor-specific operation %u", op);
	else if (family == TPM_FAMILY_UNKNOWN)
		snprintf(buf, len, "operation %u", op);
	else
		snprintf(buf, len, "operation %u (not defined by PPI 1.3 for TPM %s)", op,
			 tpm_family_name(family));
	return buf;
}

/* The actions: their names and the operations each tries, per family, in order. */
static const uint32_t cand12_ea[] = {6, 10}, cand20_ea[] = {1};
static const uint32_t cand12_clear[] = {5}, cand20_clear[] = {5, 14, 21, 22};
static const uint32_t cand12_eac[] = {22, 14, 21}, cand20_eac[] = {14, 21, 22};
static const uint32_t cand_cancel[] = {0};

static const struct {
	enum ppi_action action;
	const char *name;
	const uint32_t *c12, *c20;
	size_t n12, n20;
} ppi_actions[] = {
#define CANDS(a, b) a, b, sizeof(a) / sizeof(a[0]), sizeof(b) / sizeof(b[0])
    {PPI_ACT_ENABLE_ACTIVATE, "ppi-enable-activate", CANDS(cand12_ea, cand20_ea)},
    {PPI_ACT_CLEAR, "ppi-clear", CANDS(cand12_clear, cand20_clear)},
    {PPI_ACT_ENABLE_ACTIVATE_CLEAR, "ppi-enable-activate-clear", CANDS(cand12_eac, cand20_eac)},
    {PPI_ACT_CANCEL, "ppi-cancel", CANDS(cand_cancel, cand_cancel)},
#undef CANDS
};

#define N_ACTIONS (sizeof(ppi_actions) / sizeof(ppi_actions[0]))

int ppi_action_from_name(const char *name, enum ppi_action *out)
{
	size_t i;

	for (i = 0; i < N_ACTIONS; i++)
		if (!strcmp(name, ppi_actions[i].name)) {
			*out = ppi_actions[i].action;
			return 0;
		}
	return -ENOENT;
}

const char *ppi_action_name(enum ppi_action a)
{
	return (unsigned)a < N_ACTIONS ? ppi_actions[a].name : "ppi-unknown";
}

const uint32_t *ppi_plan_candidates(enum ppi_action action, enum tpm_family family, size_t *n)
{
	*n = 0;
	if ((unsigned)action >= N_ACTIONS || family == TPM_FAMILY_UNKNOWN)
		return NULL;
	*n = family == TPM_FAMILY_12 ? ppi_actions[action].n12 : ppi_actions[action].n20;
	return family == TPM_FAMILY_12 ? ppi_actions[action].c12 : ppi_actions[action].c20;
}

/* The fact "tpmN.<rest>" of chip, or NULL. */
static const struct fact *chip_fact(const struct facts *fs, unsigned chip, const char *rest)
{
	char key[128];

	return facts_get(fs, facts_key(key, sizeof(key), "tpm%u.%s", chip, rest));
}

static bool fact_int_of(const struct fact *f, int64_t *v)
{
	if (!f || f->type != FACT_INT)
		return false;
	*v = f->num;
	return true;
}

static enum tpm_family chip_family(const struct facts *fs, unsigned chip)
{
	const struct fact *f = chip_fact(fs, chip, "family");

	if (f && f->type == FACT_STRING && !strcmp(f->str, "1.2"))
		return TPM_FAMILY_12;
	if (f && f->type == FACT_STRING && !strcmp(f->str, "2.0"))
		return TPM_FAMILY_20;
	return TPM_FAMILY_UNKNOWN;
}

/* The firmware's status for op: from tpmN.ppi.op.K when the tables were read. */
static enum ppi_status op_status(const struct facts *fs, unsigned chip, uint32_t op)
{
	const struct fact *tcg = chip_fact(fs, chip, "ppi.tcg_operations"), *f;
	char rest[48];
	enum ppi_status st;

	if (!tcg || tcg->type != FACT_LIST)
		return PPI_STATUS_UNKNOWN;
	snprintf(rest, sizeof(rest), "ppi.op.%u", op);
	f = chip_fact(fs, chip, rest);
	if (!f)
		return PPI_STATUS_NOT_IMPLEMENTED;
	if (f->type != FACT_STRING || ppi_status_from_token(f->str, &st))
		return PPI_STATUS_UNKNOWN;
	return st;
}

/* "5 (Clear), 14 (Enable + Clear)": the candidates, for a refusal. */
static void list_ops(enum tpm_family fam, const uint32_t *c, size_t n, char *buf, size_t len)
{
	char name[96];
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u (%s)", i ? ", " : "", c[i],
				      ppi_op_name(fam, c[i], name, sizeof(name)));
}

/* What the firmware offers the OS, for a refusal: "5, 14, 21" or "no operation at all". */
static void offered(const struct facts *fs, unsigned chip, char *buf, size_t len)
{
	const struct fact *f = chip_fact(fs, chip, "ppi.requestable");
	size_t i, o = 0;

	if (!f || f->type != FACT_LIST) {
		snprintf(buf, len, "an unknown set of operations");
		return;
	}
	if (!f->n_items) {
		snprintf(buf, len, "no operation at all");
		return;
	}
	o = (size_t)snprintf(buf, len, "only operations ");
	for (i = 0; i < f->n_items && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", f->items[i]);
}

const char *ppi_next_boot_text(enum tpm_family family, uint32_t op, enum ppi_status status,
			       const char *transition, char *buf, size_t len)
{
	const struct ppi_op *info = ppi_op_find(family, op);
	char name[96], when[160];
	const char *ask;
	bool asks = status == PPI_STATUS_USER_REQUIRED ||
		    (status == PPI_STATUS_UNKNOWN && (!info || info->asks));

	if (!transition)
		snprintf(when, sizeof(when), "at the next boot");
	else if (!strcmp(transition, "reboot"))
		snprintf(when, sizeof(when), "at the next reboot");
	else if (!strcmp(transition, "shutdown"))
		snprintf(when, sizeof(when),
			 "after a shutdown and power-on (the firmware wants a full power cycle)");
	else
		snprintf(when, sizeof(when), "at the next boot (the firmware's transition: %s)",
			 transition);
	if (op == 0) {
		snprintf(buf, len, "nothing happens %s: no request is pending", when);
		return buf;
	}
	if (status == PPI_STATUS_NOT_IMPLEMENTED || status == PPI_STATUS_BIOS_ONLY ||
	    status == PPI_STATUS_BLOCKED)
		ask = "but the firmware's own table says it does not carry this operation out for "
		      "the "
		      "OS, so it will most likely stay pending and nothing will change";
	else if (asks && status == PPI_STATUS_USER_REQUIRED)
		ask =
		    "before the OS starts the firmware shows what was requested and changes "
		    "nothing "
		    "unless the person at the console accepts (EDK2-based firmware such as OVMF: "
		    "F12 "
		    "accepts a clear, F10 other operations, ESC rejects; a serial console may not "
		    "be able to send F12)";
	else if (asks)
		ask =
		    "the firmware may ask the person at the console to confirm first (its table of "
		    "operations could not be read)";
	else
		ask = "the firmware carries it out without asking";
	snprintf(buf, len, "%u (%s): the firmware %s, %s; %s%s", op,
		 ppi_op_name(family, op, name, sizeof(name)),
		 info ? info->does : "carries out the operation", when, ask,
		 info && info->erases ? "; data sealed to the TPM cannot be unsealed afterwards"
				      : "");
	return buf;
}

/* The words of the plan: what the next boot will do and ask. */
static void plan_words(struct ppi_plan *p)
{
	char name[96];
	size_t o;

	if (p->op == 0 && !p->replaces) {
		snprintf(
		    p->next_boot, sizeof(p->next_boot),
		    "writing 0 withdraws any pending request: nothing happens at the next boot");
		return;
	}
	if (p->op == 0) {
		snprintf(p->next_boot, sizeof(p->next_boot),
			 "writing 0 withdraws the pending request %u (%s): nothing happens at the "
			 "next boot",
			 p->replaces, ppi_op_name(p->family, p->replaces, name, sizeof(name)));
		return;
	}
	o = strlen(ppi_next_boot_text(p->family, p->op, p->status,
				      strcmp(p->transition, "unknown") ? p->transition : NULL,
				      p->next_boot, sizeof(p->next_boot)));
	if (o < sizeof(p->next_boot) && p->replaces)
		o += (size_t)snprintf(p->next_boot + o, sizeof(p->next_boot) - o,
				      ". It replaces the pending request %u (%s)", p->replaces,
				      ppi_op_name(p->family, p->replaces, name, sizeof(name)));
	if (o < sizeof(p->next_boot))
		snprintf(
		    p->next_boot + o, sizeof(p->next_boot) - o,
		    ". The firmware may reboot once more by itself; afterwards `tpmdiag check` "
		    "reads its answer from ppi/response");
}

int ppi_plan(const struct facts *fs, unsigned chip, enum ppi_action action, struct ppi_plan *out,
	     char *why, size_t why_len)
{
	const struct fact *f;
	const uint32_t *c;
	enum ppi_status st, refused = PPI_STATUS_NOT_IMPLEMENTED;
	char name[96], list[400], offer[300];
	size_t n, i, pick = (size_t)-1, ref_i = 0;
	int64_t pending = 0;
	bool has_pending;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	f = chip_fact(fs, chip, "ppi");
	if (!f || f->type != FACT_BOOL || !f->flag) {
		snprintf(why, why_len,
			 "tpm%u has no physical presence interface (no /sys/class/tpm/tpm%u/ppi): "
			 "the firmware does not offer one; use its setup menu",
			 chip, chip);
		return -ENODEV;
	}
	out->chip = chip;
	out->action = action;
	out->family = chip_family(fs, chip);
	c = ppi_plan_candidates(action, out->family, &n);
	if (!c) {
		snprintf(why, why_len,
			 "the TPM family of tpm%u is not known, and the PPI operation numbers "
			 "differ between TPM 1.2 and 2.0",
			 chip);
		return -EINVAL;
	}
	for (i = 0; i < n && pick == (size_t)-1; i++) {
		st = op_status(fs, chip, c[i]);
		if (ppi_status_allowed(st) || st == PPI_STATUS_UNKNOWN)
			pick = i;
		else if (st > refused) {
			refused = st;
			ref_i = i;
		}
	}
	list_ops(out->family, c, n, list, sizeof(list));
	if (pick == (size_t)-1 && refused != PPI_STATUS_NOT_IMPLEMENTED) {
		snprintf(
		    why, why_len,
		    "the firmware of tpm%u marks operation %u (%s) %s: only its setup menu can "
		    "do it",
		    chip, c[ref_i], ppi_op_name(out->family, c[ref_i], name, sizeof(name)),
		    refused == PPI_STATUS_BLOCKED ? "\"blocked for the OS\" (a firmware setting)"
						  : "\"BIOS only\"");
		return -EPERM;
	}
	if (pick == (size_t)-1) {
		offered(fs, chip, offer, sizeof(offer));
		snprintf(
		    why, why_len,
		    "the firmware of tpm%u implements none of %s through PPI (it offers the OS "
		    "%s): use its setup menu",
		    chip, list, offer);
		return -EOPNOTSUPP;
	}
	out->op = c[pick];
	out->info = ppi_op_find(out->family, out->op);
	out->status = op_status(fs, chip, out->op);
	out->user_confirms = out->status == PPI_STATUS_USER_REQUIRED ||
			     (out->status == PPI_STATUS_UNKNOWN && out->info && out->info->asks);
	out->erases = out->info && out->info->erases;
	has_pending = fact_int_of(chip_fact(fs, chip, "ppi.request"), &pending);
	if (action == PPI_ACT_CANCEL && has_pending && pending == 0) {
		snprintf(why, why_len, "no PPI request is pending for tpm%u: nothing to cancel",
			 chip);
		return -EALREADY;
	}
	if (out->op && pending == (int64_t)out->op) {
		snprintf(why, why_len,
			 "operation %u (%s) is already pending for tpm%u: reboot to have the "
			 "firmware carry it out",
			 out->op, ppi_op_name(out->family, out->op, name, sizeof(name)), chip);
		return -EALREADY;
	}
	out->replaces = pending > 0 && pending < PPI_OP_COUNT ? (uint32_t)pending : 0;
	f = chip_fact(fs, chip, "ppi.transition_action");
	snprintf(out->transition, sizeof(out->transition), "%s",
		 f && f->type == FACT_STRING ? f->str : "unknown");
	snprintf(out->request_path, sizeof(out->request_path), "/sys/class/tpm/tpm%u/ppi/request",
		 chip);
	plan_words(out);
	snprintf(why, why_len, "write %u (%s) to %s; %s", out->op,
		 ppi_op_name(out->family, out->op, name, sizeof(name)), out->request_path,
		 out->op == 0 ? "the pending request is withdrawn"
		 : out->user_confirms
		     ? "at the next boot the firmware asks the person at the console to confirm"
		     : "at the next boot the firmware carries it out");
	return 0;
}

void ppi_plan_print(const struct ppi_plan *p, FILE *out)
{
	char name[96];

	fprintf(out, "    %s on tpm%u (TPM %s), through the firmware (PPI):\n",
		ppi_action_name(p->action), p->chip, tpm_family_name(p->family));
	fprintf(out, "      write:      %u (%s) to %s\n", p->op,
		ppi_op_name(p->family, p->op, name, sizeof(name)), p->request_path);
	if (p->op)
		fprintf(out, "      firmware:   %s\n", ppi_status_words(p->status));
	fprintf(out, "      next boot:  %s\n", p->next_boot);
	if (p->erases)
		fprintf(out, "      destroys:   the TPM's owner and every key it protects\n");
	if (!p->op)
		fprintf(out, "      then:       nothing; no reboot is needed\n");
	else if (!strcmp(p->transition, "shutdown"))
		fprintf(out,
			"      then:       shut the machine down and power it on yourself; tpmdiag "
			"never does\n");
	else if (!strcmp(p->transition, "reboot"))
		fprintf(out, "      then:       reboot the machine yourself; tpmdiag never does\n");
	else
		fprintf(out,
			"      then:       reboot the machine yourself (the firmware's transition: "
			"%s); "
			"tpmdiag never does\n",
			p->transition);
}

/* SYSFS/class/tpm/tpmN/ppi/request, or .../device/ppi/request when only that is there. */
static void request_path(const char *sysfs, unsigned chip, char *buf, size_t len)
{
	struct stat st;

	snprintf(buf, len, "%s/class/tpm/tpm%u/ppi", sysfs, chip);
	if (stat(buf, &st) == 0) {
		snprintf(buf, len, "%s/class/tpm/tpm%u/ppi/request", sysfs, chip);
		return;
	}
	snprintf(buf, len, "%s/class/tpm/tpm%u/device/ppi/request", sysfs, chip);
	if (stat(buf, &st) != 0)
		snprintf(buf, len, "%s/class/tpm/tpm%u/ppi/request", sysfs, chip);
}

static const struct {
	int err;
	const char *why;
} ppi_write_errors[] = {
    {EPERM, "the firmware refused it: its PPI answers that it does not implement this operation "
	    "(the kernel reports that answer as EPERM)"},
    {EFAULT, "the firmware refused it: its PPI answered with a general failure or \"blocked by "
	     "the firmware's settings\" (EFAULT)"},
    {ENXIO, "the firmware's ACPI PPI method (_DSM) could not be run (ENXIO)"},
    {EINVAL, "the kernel did not take it as an operation number (EINVAL)"},
    {EACCES, "only root may write the file (EACCES)"},
    {ENOENT, "the file is not there: the chip has no physical presence interface"},
    {EROFS, "the file is on a read-only file system (EROFS)"},
};

const char *ppi_write_error_text(int err_no, char *buf, size_t len, const char *path, uint32_t op)
{
	const char *why = NULL;
	size_t i;

	if (err_no < 0)
		err_no = -err_no;
	for (i = 0; !why && i < sizeof(ppi_write_errors) / sizeof(ppi_write_errors[0]); i++)
		if (ppi_write_errors[i].err == err_no)
			why = ppi_write_errors[i].why;
	snprintf(buf, len, "cannot request operation %u through %s: %s", op, path,
		 why ? why : strerror(err_no));
	return buf;
}

/* Read path back as a request; 0 or -errno with the reason. */
static int read_back(const char *path, uint32_t *op, char *why, size_t why_len)
{
	char text[PPI_LINE_MAX + 2];
	struct ppi_request rq;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0) {
		ret = -errno;
		snprintf(why, why_len, "the request was written, but %s cannot be read back: %s",
			 path, strerror(-ret));
		return ret;
	}
	do
		n = read(fd, text, sizeof(text) - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = -errno;
		snprintf(why, why_len, "the request was written, but reading %s back failed: %s",
			 path, strerror(-ret));
		goto out;
	}
	text[n] = '\0';
	if (ppi_parse_request(text, &rq)) {
		ret = -EBADMSG;
		snprintf(why, why_len,
			 "the request was written, but %s reads back as something the kernel does "
			 "not write",
			 path);
		goto out;
	}
	*op = rq.op;
out:
	close(fd);
	return ret;
}

int ppi_request_write(const char *sysfs, unsigned chip, uint32_t op, uint32_t *readback, char *why,
		      size_t why_len)
{
	char path[4200], text[16];
	size_t len;
	ssize_t n;
	int fd, ret = 0;

	why[0] = '\0';
	*readback = 0;
	request_path(sysfs && *sysfs ? sysfs : "/sys", chip, path, sizeof(path));
	if (op >= PPI_OP_COUNT) {
		snprintf(why, why_len, "%u is not a PPI operation (0..255)", op);
		return -EINVAL;
	}
	len = (size_t)snprintf(text, sizeof(text), "%u\n", op);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		ppi_write_error_text(ret, why, why_len, path, op);
		return ret;
	}
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret) {
		ppi_write_error_text(ret, why, why_len, path, op);
		return ret;
	}
	ret = read_back(path, readback, why, why_len);
	if (ret)
		return ret;
	if (*readback != op) {
		snprintf(why, why_len,
			 "the firmware took the request, but %s now reads %u instead of %u", path,
			 *readback, op);
		return -EIO;
	}
	snprintf(why, why_len, "%s now reads %u", path, op);
	return 0;
}

int ppi_outcome(const struct facts *fs, unsigned chip, uint32_t op, enum ppi_outcome *out,
		char *why, size_t why_len)
{
	const struct fact *rsp = chip_fact(fs, chip, "ppi.response");
	enum tpm_family fam = chip_family(fs, chip);
	char name[96], last_name[96];
	int64_t pending, last;

	*out = PPI_OUTCOME_UNKNOWN;
	ppi_op_name(fam, op, name, sizeof(name));
	if (!fact_int_of(chip_fact(fs, chip, "ppi.request"), &pending) ||
	    !fact_int_of(chip_fact(fs, chip, "ppi.last_request"), &last) || !rsp ||
	    rsp->type != FACT_STRING) {
		snprintf(why, why_len,
			 "what came of operation %u (%s) is not known: tpm%u's ppi/request or "
			 "ppi/response could not be read",
			 op, name, chip);
		return -ENODATA;
	}
	if (op && pending == (int64_t)op) {
		*out = PPI_OUTCOME_PENDING;
		snprintf(why, why_len,
			 "operation %u (%s) is still pending: the machine has not been rebooted "
			 "since, or the firmware ignores PPI requests",
			 op, name);
		return 0;
	}
	if (last != (int64_t)op || !strcmp(rsp->str, "none")) {
		*out = PPI_OUTCOME_NOT_SEEN;
		if (last > 0)
			snprintf(why, why_len,
				 "the firmware did not carry out operation %u (%s): the last "
				 "operation it acted on is %lld (%s); the request was withdrawn, "
				 "replaced or ignored",
				 op, name, (long long)last,
				 ppi_op_name(fam, (uint32_t)last, last_name, sizeof(last_name)));
		else
			snprintf(why, why_len,
				 "the firmware did not carry out operation %u (%s): it reports no "
				 "recent request; the request was withdrawn or ignored",
				 op, name);
		return 0;
	}
	if (!strcmp(rsp->str, "success")) {
		*out = PPI_OUTCOME_SUCCESS;
		snprintf(why, why_len, "the firmware carried out operation %u (%s)", op, name);
	} else if (!strcmp(rsp->str, "user-abort")) {
		*out = PPI_OUTCOME_USER_ABORT;
		snprintf(why, why_len,
			 "operation %u (%s) was rejected at the firmware's prompt (User Abort)", op,
			 name);
	} else {
		*out = PPI_OUTCOME_FAILED;
		snprintf(why, why_len, "the firmware could not carry out operation %u (%s): %s", op,
			 name, rsp->str);
	}
	return 0;
}
