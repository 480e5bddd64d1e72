// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "reports/facts/field_list.h"

void field_list_print(FILE *f, const struct tpm_fields *fs)
{
	size_t i, w = 0;

	for (i = 0; i < fs->n; i++)
		if (strlen(fs->f[i].key) > w)
			w = strlen(fs->f[i].key);
	for (i = 0; i < fs->n; i++)
		fprintf(f, "  %-*s  %s\n", (int)w, fs->f[i].key, fs->f[i].value);
	if (fs->truncated)
		fprintf(f, "  (more fields, or longer values, than shown)\n");
}
