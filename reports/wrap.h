/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_WRAP_H
#define TPMDIAG_WRAP_H

#include <stdio.h>

/*
 * Print text as a paragraph: words wrapped at width columns, every line
 * indented by indent spaces (a word longer than a line stands alone).
 * Newlines in text start new lines.
 */
void wrap_print(FILE *f, const char *text, int indent, int width);
/* The same with a hanging first line: "1. " at indent, the rest under the text. */
void wrap_print_hanging(FILE *f, const char *lead, const char *text, int indent, int width);

#endif
