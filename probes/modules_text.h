/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text files the modules probe reads, parsed with no I/O: modprobe.d
 * configuration (modprobe.d(5): "blacklist NAME", "install NAME CMD"), the
 * kernel command line's module_blacklist= and modprobe.blacklist= lists,
 * modules.builtin / modules.dep ("path[: deps]" a line) and /proc/modules
 * ("name size refs deps state addr" a line). Every parser takes a
 * NUL-terminated text and never reads past it.
 */
#ifndef TPMDIAG_MODULES_TEXT_H
#define TPMDIAG_MODULES_TEXT_H

#include <stdbool.h>

/* What keeps module name from loading, as the text says it ("blacklist tpm_crb"). */
typedef void (*modules_hit_fn)(void *arg, const char *name, const char *what);

/*
 * modprobe.d: each "blacklist NAME", and each "install NAME CMD" whose CMD
 * is /bin/false, /bin/true (or false, true), reported to hit. text is
 * changed (split in place).
 */
void modules_conf_parse(char *text, modules_hit_fn hit, void *arg);

/* /proc/cmdline: each name of module_blacklist=a,b and modprobe.blacklist=; text is changed. */
void modules_cmdline_parse(char *text, modules_hit_fn hit, void *arg);

/* Does a module list (modules.builtin, modules.dep) name module? '-' and '_' compare alike. */
bool modules_list_has(const char *text, const char *name);

/* Is module in /proc/modules? */
bool modules_proc_has(const char *text, const char *name);

#endif
