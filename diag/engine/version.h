/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Versions as the knowledge base compares them (tpmdiag-rules(5),
 * version_in, version_ge, version_lt): the first run of dot-separated
 * numbers in a text ("7.85.0.4357", "6.1.0-57-amd64" -> 6.1.0, "Chip
 * Version: 1.2.4.32" -> 1.2.4.32), at most VERSION_PARTS numbers of at most
 * 2^32-1 each. A fact is compared on as many numbers as the bound names,
 * so firmware 4.33.1234 is within "..4.33", and kernel 6.1.0 is at least
 * "6.1".
 *
 * A range is "LO..HI" (both inclusive), "..HI", "LO..", or one version
 * alone (equal on the numbers it names).
 */
#ifndef TPMDIAG_VERSION_H
#define TPMDIAG_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VERSION_PARTS 8

struct version {
	uint32_t part[VERSION_PARTS];
	size_t n;
};

struct version_range {
	struct version lo, hi;
	bool has_lo, has_hi;
};

/* The first version in s: 0, -EINVAL (no digit), -ERANGE (a number too big, too many parts). */
int version_parse(const char *s, struct version *v);

/* v against bound b on b's numbers: <0, 0, >0. */
int version_cmp(const struct version *v, const struct version *b);

/* A range as rule files write it: 0 or -EINVAL (exact bounds: only digits and dots). */
int version_range_parse(const char *s, struct version_range *r);

bool version_in_range(const struct version *v, const struct version_range *r);

#endif
