// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the device probe's reading of a chip's answers. A fake
 * transport answers each question with the next piece of the input (u16
 * length, then that many bytes, the header's size field made to agree); a
 * piece shorter than a header is a device error, the end of the input a
 * timeout. Byte 0 is the family the transport claims (0 none, 1 1.2, 2 2.0).
 * The probe must record facts (or unreadable ones) and never read outside
 * an answer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/device/device.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_tr {
	struct tpm_transport t;
	const uint8_t *p;
	size_t left;
};

static int fuzz_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
			 size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct fuzz_tr *f = (struct fuzz_tr *)t;
	size_t n;

	(void)cmd;
	(void)cmd_len;
	(void)timeout_ms;
	if (f->left < 2)
		return tpm_transport_fail(t, ETIMEDOUT, "no answer");
	n = (size_t)f->p[0] << 8 | f->p[1];
	f->p += 2;
	f->left -= 2;
	if (n > f->left)
		n = f->left;
	if (n > rsp_cap)
		n = rsp_cap;
	memcpy(rsp, f->p, n);
	f->p += n;
	f->left -= n;
	if (n < 10)
		return tpm_transport_fail(t, EIO, "a short answer");
	rsp[2] = (uint8_t)(n >> 24);
	rsp[3] = (uint8_t)(n >> 16);
	rsp[4] = (uint8_t)(n >> 8);
	rsp[5] = (uint8_t)n;
	*rsp_len = n;
	return 0;
}

static void fuzz_close(struct tpm_transport *t)
{
	(void)t;
}

static const struct tpm_transport_ops fuzz_ops = {
    .kind = "fuzz",
    .transmit = fuzz_transmit,
    .ctrl = NULL,
    .close = fuzz_close,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_tr f = {.t.ops = &fuzz_ops};
	struct probe_ctx c = {0};
	struct facts *fs = NULL;

	if (!size || facts_new(&fs))
		return 0;
	f.t.family_hint = data[0] % 3 == 1   ? TPM_FAMILY_12
			  : data[0] % 3 == 2 ? TPM_FAMILY_20
					     : TPM_FAMILY_UNKNOWN;
	f.t.family_source = "fuzz";
	f.p = data + 1;
	f.left = size - 1;
	c.facts = fs;
	if (device_ask_chip(&c, 0, &f.t))
		abort(); /* only -ENOMEM, which a fuzz run does not see */
	facts_free(fs);
	return 0;
}
