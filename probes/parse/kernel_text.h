/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel probe's reading of outside text, with no I/O: the kernel
 * config (/boot/config-*, /proc/config.gz unpacked) and /proc/cmdline.
 */
#ifndef TPMDIAG_KERNEL_TEXT_H
#define TPMDIAG_KERNEL_TEXT_H

#include <stddef.h>

/*
 * The value of CONFIG_<name> in text (NUL-terminated) into val (cap
 * bytes, cap >= 2): "y", "m", a string, or "n" when unset or missing.
 */
void kernel_config_value(const char *text, const char *name, char *val, size_t cap);

/*
 * Split the command line s in place into parameters the way the kernel
 * does: at blanks, except inside double quotes (param="a b"). The first
 * max that concern the TPM go to toks; returns how many.
 */
size_t kernel_cmdline_split(char *s, const char **toks, size_t max);

#endif
