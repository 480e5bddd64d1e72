// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <string.h>

#include "reports/wrap.h"

static void wrap_words(FILE *f, const char *text, int indent, int col, int width);

void wrap_print(FILE *f, const char *text, int indent, int width)
{
	wrap_words(f, text, indent, 0, width);
}

void wrap_print_hanging(FILE *f, const char *lead, const char *text, int indent, int width)
{
	int col = fprintf(f, "%*s%s", indent, "", lead);

	wrap_words(f, text, indent + (int)strlen(lead), col, width);
}

/* Words of text from column col on; new lines start at indent. */
static void wrap_words(FILE *f, const char *text, int indent, int col, int width)
{
	const char *p = text;
	bool fresh = col > 0; /* the first word goes right after a hanging lead */
	size_t w;

	while (*p) {
		if (*p == '\n') {
			fputc('\n', f);
			col = 0;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		w = strcspn(p, " \n");
		if (col && !fresh && col + 1 + (int)w > width) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			col = fprintf(f, "%*s", indent, "");
		else if (!fresh)
			col += fprintf(f, " ");
		fresh = false;
		col += fprintf(f, "%.*s", (int)w, p);
		p += w;
	}
	if (col)
		fputc('\n', f);
}
