// SPDX-License-Identifier: GPL-2.0-or-later
#include "probes/probe.h"

/*
 * The order matters: udev finds the chips, sysfs reads their attributes
 * (and ppi the firmware's PPI files, naming operations by the chip's family),
 * holders looks for processes with their nodes open, and the device probe
 * asks the chips themselves (filling only what sysfs could not say).
 */
static const struct probe probes[] = {
    {"firmware", probe_firmware}, {"kernel", probe_kernel},
    {"modules", probe_modules},	  {"udev", probe_udev},
    {"sysfs", probe_sysfs},	  {"ppi", probe_ppi},
    {"holders", probe_holders},	  {"kmsg", probe_kmsg},
    {"device", probe_device},	  {"own-journal", probe_own_journal},
};

const struct probe *probe_table(size_t *n)
{
	*n = sizeof(probes) / sizeof(probes[0]);
	return probes;
}
