// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 1.2 owner-authorised exchanges on arbitrary answers: the answer to
 * the AUTH1 command in tpm12_owner_xmit (behind a transport that answers
 * TPM_OIAP properly and then the fuzzer's bytes, as tpm_transmit passes
 * them: header-consistent) and the TPM_DA_INFO parser of wait-for-lockout.
 * Never a crash or an out-of-bounds read.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag/actions/actions.h"
#include "diag/own/tpm12_owner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_t {
	struct tpm_transport t; /* first: the callbacks get &t */
	const uint8_t *data;
	size_t size;
};

static int fz_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t n, uint8_t *rsp,
		       size_t cap, size_t *rlen, unsigned timeout_ms)
{
	struct fuzz_t *f = (struct fuzz_t *)t;
	static const uint8_t oiap[34] = {0x00, 0xc4, 0, 0, 0, 34, 0, 0, 0, 0, 0x02, 0, 0, 1};

	(void)timeout_ms;
	if (n >= 10 && cmd[9] == 0x0a) { /* TPM_OIAP */
		memcpy(rsp, oiap, sizeof(oiap));
		*rlen = sizeof(oiap);
		return 0;
	}
	if (f->size > cap)
		return -EMSGSIZE;
	memcpy(rsp, f->data, f->size);
	*rlen = f->size;
	return 0;
}

static void fz_close(struct tpm_transport *t)
{
	(void)t;
}

static const struct tpm_transport_ops fz_ops = {"fuzz", fz_transmit, NULL, fz_close};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_t f;
	static struct tpm12_owner_rsp r;
	struct tpm12_owner_cmd c = {.ordinal = 0x66};
	struct tpm12_da_info d;
	uint8_t key[20] = {0};
	char err[256];

	tpm12_da_info_parse(data, size, &d);
	memset(&f, 0, sizeof(f));
	f.t.ops = &fz_ops;
	f.data = data;
	f.size = size;
	tpm12_owner_xmit(&f.t, &c, key, &r, err, sizeof(err));
	return 0;
}
