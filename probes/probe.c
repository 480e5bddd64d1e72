// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "probes/os/dl.h"
#include "probes/probe.h"

/*
 * library.NAME: an optional library (probes/os/dl.h) the probe wanted and
 * could not load, unreadable with what cannot be read without it. Nothing
 * when the probe never asked for it or it loaded.
 */
static int probe_library_fact(struct probe_ctx *c, enum dl_which which)
{
	const struct dl_lib *l;
	struct fact_src src = {.kind = FACT_SRC_LIBRARY};
	char key[64], text[2 * DL_WHY_MAX];

	if (!dl_failed(which))
		return 0;
	l = dl_status(which);
	snprintf(key, sizeof(key), "library.%.*s", (int)strcspn(l->soname, "."), l->soname);
	dl_message(l, text, sizeof(text));
	src.note = l->soname;
	return facts_set_unreadable(c->facts, key, FACT_ABSENT, text, &src);
}

/* The probes that call into an optional library, each followed by its fact. */
#define PROBE_WITH_LIBRARY(name, which)                                                            \
	static int probe_##name##_lib(struct probe_ctx *c)                                         \
	{                                                                                          \
		int ret = probe_##name(c);                                                         \
                                                                                                   \
		return ret ? ret : probe_library_fact(c, which);                                   \
	}
PROBE_WITH_LIBRARY(kernel, DL_ZLIB)
PROBE_WITH_LIBRARY(modules, DL_KMOD)
PROBE_WITH_LIBRARY(udev, DL_UDEV)
PROBE_WITH_LIBRARY(kmsg, DL_SYSTEMD)

/*
 * The order matters: udev finds the chips, sysfs reads their attributes
 * (and ppi the firmware's PPI files, naming operations by the chip's family),
 * pcrs the PCR values (not when a sysfs read of the chip already hung),
 * holders looks for processes with their nodes open, the device probe
 * asks the chips themselves (filling only what sysfs could not say), and
 * eventlog replays the firmware's log against the PCR values both found.
 */
static const struct probe probes[] = {
    {"firmware", probe_firmware}, {"kernel", probe_kernel_lib}, {"modules", probe_modules_lib},
    {"udev", probe_udev_lib},	  {"sysfs", probe_sysfs},	{"ppi", probe_ppi},
    {"pcrs", probe_pcrs},	  {"holders", probe_holders},	{"kmsg", probe_kmsg_lib},
    {"device", probe_device},	  {"eventlog", probe_eventlog}, {"own-journal", probe_own_journal},
};

const struct probe *probe_table(size_t *n)
{
	*n = sizeof(probes) / sizeof(probes[0]);
	return probes;
}
