/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Assertions on facts for the probes' unit tests: the key is there, of that type, with that value.
 */
#ifndef TPMDIAG_TEST_WANT_FACTS_H
#define TPMDIAG_TEST_WANT_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag/facts/facts.h"

const struct fact *want_fact(const struct facts *fs, const char *key, enum fact_type t);
void want_str(const struct facts *fs, const char *key, const char *v);
void want_int(const struct facts *fs, const char *key, int64_t v);
void want_bool(const struct facts *fs, const char *key, bool v);
/* Unreadable for that reason; with that exact sentence unless text is NULL. */
void want_unreadable(const struct facts *fs, const char *key, enum fact_reason why,
		     const char *text);
/* Read from that file (the machine's path). */
void want_file_src(const struct facts *fs, const char *key, const char *path);

#endif
