// SPDX-License-Identifier: GPL-2.0-or-later
/* Transcript text: writer and command/response names (the text side of an exchange). */
#include <errno.h>
#include <string.h>

#include "probes/tpm/commands.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/tpm.h"
#include "probes/transport/transcript.h"
#include "probes/transport/transcript_priv.h"

static uint32_t tx_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static enum tpm_family tx_cmd_family(uint16_t tag)
{
	if (tag >= TPM_TAG_RQU_COMMAND && tag <= TPM_TAG_RQU_AUTH2_COMMAND)
		return TPM_FAMILY_12;
	if (tpm20_is_tag(tag))
		return TPM_FAMILY_20;
	return TPM_FAMILY_UNKNOWN;
}

void tpm_transcript_cmd_name(const uint8_t *cmd, size_t len, char *buf, size_t buflen)
{
	const struct tpm_cmd_info *ci = NULL;
	enum tpm_family fam;
	uint32_t code;

	if (!buf || !buflen)
		return;
	if (!cmd || len < TPM_HEADER_SIZE) {
		snprintf(buf, buflen, "a %zu-byte command", cmd ? len : 0);
		return;
	}
	fam = tx_cmd_family((uint16_t)(cmd[0] << 8 | cmd[1]));
	code = tx_be32(cmd + 6);
	if (fam != TPM_FAMILY_UNKNOWN)
		ci = tpm_cmd_lookup(fam, code);
	if (ci && ci->name)
		snprintf(buf, buflen, "%s", ci->name);
	else
		snprintf(buf, buflen, "ordinal 0x%08x", (unsigned)code);
}

/* ---- writer ---- */

static int tx_io(FILE *f)
{
	if (!ferror(f))
		return 0;
	return errno ? -errno : -EIO;
}

int tpm_transcript_write_header(FILE *f, enum tpm_family fam, const char *device)
{
	size_t i, n;

	if (!f)
		return -EINVAL;
	errno = 0;
	fputs("# tpmdiag transcript: lines starting with '#' are comments; "
	      "blank lines are ignored\n",
	      f);
	fprintf(f, TX_MAGIC " %d\n", TPM_TRANSCRIPT_VERSION);
	if (fam == TPM_FAMILY_12 || fam == TPM_FAMILY_20)
		fprintf(f, "family %s\n", tpm_family_name(fam));
	if (device) {
		while (tx_is_space(*device))
			device++;
		n = strlen(device);
		while (n && tx_is_space(device[n - 1]))
			n--;
		if (n) {
			fputs("device ", f);
			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)device[i];

				fputc(c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?', f);
			}
			fputc('\n', f);
		}
	}
	return tx_io(f);
}

static void tx_write_hex(FILE *f, char prefix, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char line[2 + 16 * 3 + 1];
	size_t i, j, k;

	for (i = 0; i < n; i += 16) {
		k = 0;
		line[k++] = prefix;
		for (j = i; j < n && j < i + 16; j++) {
			line[k++] = ' ';
			line[k++] = digits[p[j] >> 4];
			line[k++] = digits[p[j] & 15];
		}
		line[k++] = '\n';
		fwrite(line, 1, k, f);
	}
}

/* The return code of a response, for the comment line. */
static void tx_rc_text(const struct tpm_exchange *e, char *buf, size_t n)
{
	struct tpm_rc_desc d;
	enum tpm_family fam;
	uint16_t tag;
	uint32_t rc;

	if (e->err_no) {
		const char *name = tpm_errno_name(e->err_no);

		if (name)
			snprintf(buf, n, "%s", name);
		else
			snprintf(buf, n, "errno %d", e->err_no);
		return;
	}
	if (e->rsp_len < TPM_HEADER_SIZE) {
		snprintf(buf, n, "a %zu-byte response", e->rsp_len);
		return;
	}
	tag = (uint16_t)(e->rsp[0] << 8 | e->rsp[1]);
	rc = tx_be32(e->rsp + 6);
	fam = tpm12_is_rsp_tag(tag) ? TPM_FAMILY_12 : TPM_FAMILY_UNKNOWN;
	if (tpm20_is_tag(tag))
		fam = TPM_FAMILY_20;
	if (fam == TPM_FAMILY_UNKNOWN && e->cmd_len >= 2)
		fam = tx_cmd_family((uint16_t)(e->cmd[0] << 8 | e->cmd[1]));
	memset(&d, 0, sizeof(d));
	if (fam != TPM_FAMILY_UNKNOWN && !tpm_rc_decode(rc, fam, &d) && d.known && d.name) {
		if (rc == 0)
			snprintf(buf, n, "%s", d.name);
		else
			snprintf(buf, n, "%s 0x%08x", d.name, (unsigned)rc);
		return;
	}
	snprintf(buf, n, "rc 0x%08x", (unsigned)rc);
}

int tpm_transcript_write_exchange(FILE *f, const struct tpm_exchange *e, double ms)
{
	char name[96], rct[160];
	const char *ename;

	if (!f || !e || !e->cmd || !e->cmd_len || e->cmd_len > TPM_MAX_MSG)
		return -EINVAL;
	if (e->err_no < 0 || e->err_no > TPM_TRANSCRIPT_MAX_ERRNO)
		return -EINVAL;
	if (!e->err_no && (!e->rsp || !e->rsp_len || e->rsp_len > TPM_MAX_MSG))
		return -EINVAL;
	tpm_transcript_cmd_name(e->cmd, e->cmd_len, name, sizeof(name));
	tx_rc_text(e, rct, sizeof(rct));
	errno = 0;
	if (ms >= 0)
		fprintf(f, "\n# %s -> %s (%.1f ms)\n", name, rct, ms);
	else
		fprintf(f, "\n# %s -> %s\n", name, rct);
	tx_write_hex(f, '>', e->cmd, e->cmd_len);
	if (e->err_no) {
		ename = tpm_errno_name(e->err_no);
		if (ename)
			fprintf(f, "! %s\n", ename);
		else
			fprintf(f, "! %d\n", e->err_no);
	} else {
		tx_write_hex(f, '<', e->rsp, e->rsp_len);
	}
	return tx_io(f);
}
