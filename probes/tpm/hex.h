/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_HEX_H
#define TPMDIAG_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Print bytes as lower-case hex pairs, 16 to a line; lines after the first
 * are indented by indent spaces. No trailing newline.
 */
void hex_print(FILE *f, const uint8_t *p, size_t n, int indent);

/*
 * Parse the words as hex bytes ("80 01", "8001", "0x80,0x01" and mixes);
 * at most cap bytes. 0, or -EINVAL with the offending word's index in *bad
 * (odd digit count, non-hex character), or -EMSGSIZE.
 */
int hex_parse_words(int argc, char **argv, uint8_t *out, size_t cap, size_t *n, int *bad);

/* n bytes as 2n lower-case hex digits and a NUL into out (2n + 1 bytes). */
void hex_lower(const uint8_t *v, size_t n, char *out);

/* The value of one hex digit (either case), or -1 when c is none. */
int hex_digit(char c);

#endif
