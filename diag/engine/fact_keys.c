// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fact keys the probes produce (tpmdiag(1), FACTS), as patterns, so a
 * rule naming a fact that no probe writes is a lint error instead of a rule
 * that silently never fires. In a pattern '*' is one key segment and a
 * trailing ".**" any number of them; a key's tpm0, tpmrm1, ... match tpmN,
 * tpmrmN.
 */
#include <stdio.h>
#include <string.h>

#include "diag/engine/rules.h"

static const char *const fact_key_patterns[] = {
    /* firmware */
    "firmware.efi",
    "firmware.acpi",
    "firmware.acpi.tpm2",
    "firmware.acpi.tcpa",
    "firmware.acpi.*.table",
    "firmware.acpi.*.revision",
    "firmware.acpi.*.length",
    "firmware.acpi.*.checksum_ok",
    "firmware.acpi.*.oem_id",
    "firmware.acpi.*.oem_table_id",
    "firmware.acpi.*.platform_class",
    "firmware.acpi.tpm2.start_method",
    "firmware.acpi.tpm2.start_method_code",
    "firmware.acpi.tpm2.start_method_params_ok",
    "firmware.acpi.tpm2.control_area",
    "firmware.acpi.*.log_area_length",
    "firmware.acpi.*.log_area_start",
    "firmware.securityfs",
    "firmware.eventlog",
    "firmware.eventlog.path",
    "firmware.eventlog.readable",
    "firmware.eventlog.size",
    /* kernel and modules */
    "kernel.release",
    "kernel.hostname",
    "kernel.tpm_support",
    "kernel.config.source",
    "kernel.config.*",
    "kernel.cmdline",
    "kernel.cmdline.tpm",
    "modules.dir",
    "module.*.state",
    "module.*.initstate",
    "module.*.blacklisted_by",
    "module.*.params.*",
    /* devices */
    "tpm.count",
    "tpm.devices",
    "tpmrm.devices",
    "tpmN.syspath",
    "tpmrmN.syspath",
    "tpmN.dev",
    "tpmrmN.dev",
    "tpmN.devnode",
    "tpmrmN.devnode",
    "tpmN.devnode.*",
    "tpmrmN.devnode.*",
    "tpmN.udev.initialized",
    "tpmrmN.udev.initialized",
    "tpmN.driver",
    "tpmN.bus",
    "tpmN.hid",
    "tpmN.description",
    "tpmN.modalias",
    "tpmN.family",
    "tpmN.version_major",
    "tpmN.caps",
    "tpmN.manufacturer",
    "tpmN.manufacturer_id",
    "tpmN.tcg_version",
    "tpmN.firmware_version",
    "tpmN.enabled",
    "tpmN.active",
    "tpmN.owned",
    "tpmN.temp_deactivated",
    "tpmN.durations",
    "tpmN.durations.adjusted",
    "tpmN.timeouts",
    "tpmN.timeouts.adjusted",
    "tpmN.pcrs.count",
    "tpmN.pubek",
    "tpmN.pubek.modulus_length",
    "tpmN.ek.bits",
    "tpmN.ek.roca",
    "tpmN.srk.bits",
    "tpmN.srk.roca",
    "tpmN.pcr_banks",
    "tpmN.pcr.source",
    "tpmN.pcr.*.*",
    "tpmN.eventlog.format",
    "tpmN.eventlog.events",
    "tpmN.eventlog.separators",
    "tpmN.eventlog.banks",
    "tpmN.eventlog.banks_missing",
    "tpmN.eventlog.banks_extra",
    "tpmN.eventlog.replay.*.*",
    "tpmN.eventlog.compared",
    "tpmN.eventlog.mismatch",
    "tpmN.eventlog.mismatch_events",
    "tpmN.eventlog.secureboot",
    "tpmN.eventlog.sb.pk",
    "tpmN.eventlog.sb.kek",
    "tpmN.eventlog.sb.db",
    "tpmN.eventlog.sb.dbx",
    "tpmN.eventlog.authorities",
    "tpmN.ppi",
    "tpmN.ppi.version",
    "tpmN.ppi.request",
    "tpmN.ppi.request.name",
    "tpmN.ppi.request.parameter",
    "tpmN.ppi.request.next_boot",
    "tpmN.ppi.last_request",
    "tpmN.ppi.last_request.name",
    "tpmN.ppi.response",
    "tpmN.ppi.response.code",
    "tpmN.ppi.response.meaning",
    "tpmN.ppi.transition_action",
    "tpmN.ppi.transition_action.code",
    "tpmN.ppi.tcg_operations",
    "tpmN.ppi.vs_operations",
    "tpmN.ppi.op.*",
    "tpmN.ppi.requestable",
    "tpmN.ppi.implements_none",
    "tpmN.holders",
    "tpmN.holders.known",
    "tpmrmN.holders",
    "tpmrmN.holders.known",
    "holders.unreadable_processes",
    /* the chip */
    "tpmN.chip",
    "tpmN.chip.*",
    "tpmN.chip.flags.*",
    "tpmN.chip.vflags.*",
    "tpmN.chip.ekcert.*",
    "tpmN.chip.ekcert.*.*",
    "device.skipped",
    /* the journal of tpmdiag own */
    "own.journals",
    "tpmN.own.journal",
    "tpmN.own.device",
    "tpmN.own.family",
    "tpmN.own.started",
    "tpmN.own.updated",
    "tpmN.own.step",
    "tpmN.own.stopped",
    "tpmN.own.runs",
    /* kernel log and analyze */
    "kmsg.*",
    "analyze.*",
    /* an optional library a probe could not load (probes/os/dl.h) */
    "library.*",
};

/* Does one segment-wise pattern match key (already normalised)? */
static bool fact_pattern_match(const char *pat, const char *key)
{
	const char *pe, *ke;
	size_t pl, kl;

	for (;;) {
		if (!strcmp(pat, "**"))
			return *key != '\0';
		pe = strchr(pat, '.');
		ke = strchr(key, '.');
		pl = pe ? (size_t)(pe - pat) : strlen(pat);
		kl = ke ? (size_t)(ke - key) : strlen(key);
		if (!(pl == 1 && pat[0] == '*') && (pl != kl || strncmp(pat, key, pl)))
			return false;
		if (!pe || !ke)
			return !pe && !ke;
		pat = pe + 1;
		key = ke + 1;
	}
}

bool fact_key_known(const char *key)
{
	char norm[160];
	size_t i = 0, o = 0;

	/* tpm0 -> tpmN, tpmrm12 -> tpmrmN, at the start of the key */
	if (!strncmp(key, "tpmrm", 5) && key[5] >= '0' && key[5] <= '9') {
		o = (size_t)snprintf(norm, sizeof(norm), "tpmrmN");
		i = 5;
	} else if (!strncmp(key, "tpm", 3) && key[3] >= '0' && key[3] <= '9') {
		o = (size_t)snprintf(norm, sizeof(norm), "tpmN");
		i = 3;
	}
	if (o)
		while (key[i] >= '0' && key[i] <= '9')
			i++;
	snprintf(norm + o, sizeof(norm) - o, "%s", key + i);
	for (i = 0; i < sizeof(fact_key_patterns) / sizeof(fact_key_patterns[0]); i++)
		if (fact_pattern_match(fact_key_patterns[i], norm))
			return true;
	return false;
}
