/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rule files of diag/rules/, built into the binary: the generated
 * build/gen/rules_embedded.c (diag/rules/embed.sh) defines these.
 */
#ifndef TPMDIAG_RULES_EMBEDDED_H
#define TPMDIAG_RULES_EMBEDDED_H

#include <stddef.h>

struct tpmdiag_rules_file {
	const char *name; /* "builtin:startup.yaml" */
	const unsigned char *text;
	size_t len;
};

extern const struct tpmdiag_rules_file tpmdiag_rules_embedded[];
extern const size_t tpmdiag_rules_embedded_count;

#endif
