/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to rules.c and rules_cond.c: the loader state of one rule file and
 * the YAML helpers both use.
 */
#ifndef TPMDIAG_RULES_PRIV_H
#define TPMDIAG_RULES_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag/engine/rules.h"

struct loader {
	struct ruleset *rs;
	const char *name;
	yaml_document_t doc;
	unsigned errors; /* in the rule being read */
	unsigned conds;	 /* conditions read from this file */
	bool nomem;
};

void rules_cond_free(struct cond *c);
void __attribute__((format(printf, 3, 4)))
rules_lerr(struct loader *l, const yaml_node_t *n, const char *fmt, ...);
yaml_node_t *rules_node(struct loader *l, int id);
const char *rules_scalar(const yaml_node_t *n);
yaml_node_t *rules_map_get(struct loader *l, const yaml_node_t *m, const char *key);
void rules_map_check_keys(struct loader *l, const yaml_node_t *m, const char *what,
			  const char *const *allowed);
char *rules_dup_scalar(struct loader *l, const yaml_node_t *n, const char *what);
void rules_strv_read(struct loader *l, const yaml_node_t *n, const char *what, char ***out,
		     size_t *count);
struct cond *rules_cond_read(struct loader *l, const yaml_node_t *n, unsigned depth);

/* The log, icase and source keys of mapping m into c (a COND_LOG). */
void rules_log_pattern(struct loader *l, struct cond *c, const yaml_node_t *m);
/* One entry of a file's "known:" list (rules_known.c). */
void rules_known_read(struct loader *l, const yaml_node_t *m);
void rules_known_clear(struct known *k);

#endif
