// SPDX-License-Identifier: GPL-2.0-or-later
/* The --record FILE transcript writer; see record.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/transport/record.h"
#include "probes/transport/transcript.h"

struct tpm_recorder {
	FILE *f;
	int err; /* the first write error (-errno), or 0 */
};

static int rec_flush(struct tpm_recorder *r)
{
	errno = 0;
	if (fflush(r->f) == 0 && !ferror(r->f))
		return 0;
	return errno ? -errno : -EIO;
}

int tpm_recorder_open(const char *path, const char *device_spec, enum tpm_family fam,
		      struct tpm_recorder **out, char *err, size_t errlen)
{
	struct tpm_recorder *r = NULL;
	int fd = -1, rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!path || !*path) {
		rc = -EINVAL;
		goto out;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = -ENOMEM;
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	r->f = fdopen(fd, "w");
	if (!r->f) {
		rc = -errno;
		goto out;
	}
	fd = -1;
	rc = tpm_transcript_write_header(r->f, fam, device_spec);
	if (!rc)
		rc = rec_flush(r);
	if (rc)
		goto out;
	*out = r;
	r = NULL;
out:
	if (rc && err && errlen)
		snprintf(err, errlen, "%s: %s", path ? path : "(no file)", strerror(-rc));
	if (fd >= 0)
		close(fd);
	if (r) {
		if (r->f)
			fclose(r->f);
		free(r);
	}
	return rc;
}

void tpm_recorder_exchange(struct tpm_recorder *r, const uint8_t *cmd, size_t cmd_len,
			   const uint8_t *rsp, size_t rsp_len, int err_no, double ms)
{
	struct tpm_exchange e;
	char name[96];
	int rc;

	if (!r || r->err)
		return;
	memset(&e, 0, sizeof(e));
	e.cmd = (uint8_t *)cmd;
	e.cmd_len = cmd ? cmd_len : 0;
	e.rsp = err_no ? NULL : (uint8_t *)rsp;
	e.rsp_len = err_no || !rsp ? 0 : rsp_len;
	e.err_no = err_no < 0 ? -err_no : err_no;
	rc = tpm_transcript_write_exchange(r->f, &e, ms);
	if (rc == -EINVAL) {
		tpm_transcript_cmd_name(e.cmd, e.cmd_len, name, sizeof(name));
		errno = 0;
		fprintf(r->f,
			"\n# not recorded: %s (%zu bytes) with a %zu-byte response, errno %d\n",
			name, e.cmd_len, e.rsp_len, e.err_no);
		rc = 0;
	}
	if (!rc)
		rc = rec_flush(r);
	if (rc)
		r->err = rc;
}

int tpm_recorder_close(struct tpm_recorder *r)
{
	int rc;

	if (!r)
		return 0;
	rc = r->err;
	if (!rc)
		rc = rec_flush(r);
	errno = 0;
	if (fclose(r->f) && !rc)
		rc = errno ? -errno : -EIO;
	free(r);
	return rc;
}
