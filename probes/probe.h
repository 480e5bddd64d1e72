/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every probe gets, and the list of probes.
 *
 * A probe reads one source of evidence and records what it found as facts
 * (diag/facts/facts.h) — and nothing else: it never decides what is wrong and
 * never prints. Whatever it cannot read becomes an unreadable fact with
 * the reason. It returns 0, or -ENOMEM (the only reason to stop a run).
 */
#ifndef TPMDIAG_PROBE_H
#define TPMDIAG_PROBE_H

#include <stdbool.h>

#include "diag/facts/facts.h"
#include "probes/transport/transport.h"
#include "probes/os/rootfs.h"

struct kmsg_log; /* probes/kmsg.h: the TPM-related kernel-log records */

struct probe_ctx {
	const struct rootfs *root; /* the live machine or a fixture / bundle tree */
	struct facts *facts;
	const char *kmsg_file; /* --kmsg FILE; NULL = the live /dev/kmsg (only when root->host) */
	int boot;	       /* --boot N: 0 this boot, -1 the previous one (journal) */
	const char *device;    /* --device SPEC for the device probe; NULL = the default */
	unsigned timeout_ms;   /* --timeout for device questions, 0 = per command */
	double deadline;       /* --timeout: when the run must end (tpm_now_ms), or 0 */
	bool no_device;	       /* do not talk to the chip at all */
	bool startup;	       /* --startup: a spawn: device gets Startup(CLEAR) at power-on */
	const char *record;    /* --record FILE: transcript of the device probe's exchanges */
	const struct tpm_progress *progress; /* long waits told on a terminal, or NULL */
	struct kmsg_log *log;		     /* filled by the kmsg probe for the rules */
	const char *state_dir; /* --state-dir DIR (a host path); NULL = /var/lib/tpmdiag in root */
};

struct probe {
	const char *name; /* "firmware", "kernel", ... */
	int (*run)(struct probe_ctx *c);
};

int probe_firmware(struct probe_ctx *c);
int probe_kernel(struct probe_ctx *c);
int probe_modules(struct probe_ctx *c);
int probe_udev(struct probe_ctx *c);
int probe_sysfs(struct probe_ctx *c);
int probe_ppi(struct probe_ctx *c);
int probe_pcrs(struct probe_ctx *c);
int probe_holders(struct probe_ctx *c);
int probe_kmsg(struct probe_ctx *c);
int probe_device(struct probe_ctx *c);
int probe_eventlog(struct probe_ctx *c);
int probe_own_journal(struct probe_ctx *c);

/* The probes in the order they run (sysfs before device: the device probe uses tpmN facts). */
const struct probe *probe_table(size_t *n);

/*
 * Provenance helpers: a file source for path (as the machine names it,
 * whatever the root).
 */
static inline struct fact_src probe_file_src(const char *path)
{
	struct fact_src s = {.kind = FACT_SRC_FILE, .path = path};

	return s;
}

#endif
