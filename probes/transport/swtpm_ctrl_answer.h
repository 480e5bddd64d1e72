/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swtpm's answers on its control channel (swtpm's tpm_ioctl.h, the socket
 * form: big-endian), read as outside input: every command's answer starts
 * with a u32 result (0: done); GET_CAPABILITY adds the capability bits,
 * GET_TPMESTABLISHED one byte whose low bit is tpmEstablished, GET_INFO
 * a u32 total length, a u32 length and that many bytes of JSON text.
 * Nothing is trusted: an answer shorter than its layout, or a length past
 * the answer, is refused.
 */
#ifndef TPMDIAG_SWTPM_CTRL_ANSWER_H
#define TPMDIAG_SWTPM_CTRL_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWTPM_INFO_MAX 1024

struct swtpm_answer {
	uint32_t result;
	uint32_t caps;		   /* GET_CAPABILITY */
	int established;	   /* GET_TPMESTABLISHED: 0 or 1; -1 for other commands */
	char info[SWTPM_INFO_MAX]; /* GET_INFO: the text up to its NUL, controls as '?' */
	bool info_cut;		   /* it did not fit info[] */
};

/*
 * Decode the answer of n bytes to control command code (SWTPM_CMD_*):
 * 0, or -EBADMSG with why (a sentence) when it is shorter than its layout
 * or its length field points past its end.
 */
int swtpm_ctrl_decode(uint32_t code, const uint8_t *a, size_t n, struct swtpm_answer *out,
		      const char **why);

#endif
