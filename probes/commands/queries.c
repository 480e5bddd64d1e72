// SPDX-License-Identifier: GPL-2.0-or-later
/* The read-only questions about a chip (queries.h): a table and its glue to the catalogue. */
#include <errno.h>

#include "probes/tpm/buf.h"
#include "probes/commands/queries.h"

#define TPM12_INVALID_POSTINIT 0x26u
#define TPM2_RC_INITIALIZE     0x100u

static const struct tpm_query tpm_queries[] = {
    {TPM_Q12_VERSION, TPM_FAMILY_12, "version", "getcap", {"version"}},
    {TPM_Q12_MANUFACTURER, TPM_FAMILY_12, "manufacturer", "getcap", {"manufacturer"}},
    {TPM_Q12_OWNER, TPM_FAMILY_12, "owner", "getcap", {"property", "owner"}},
    {TPM_Q12_PERMANENT, TPM_FAMILY_12, "permanent flags", "getcap", {"permanent"}},
    {TPM_Q12_VOLATILE, TPM_FAMILY_12, "volatile flags", "getcap", {"volatile"}},
    {TPM_Q12_PUBEK, TPM_FAMILY_12, "endorsement key", "readpubek", {NULL}},
    {TPM_Q12_TESTRESULT, TPM_FAMILY_12, "self-test result", "gettestresult", {NULL}},
    {TPM_Q12_DURATIONS, TPM_FAMILY_12, "durations", "getcap", {"durations"}},
    {TPM_Q12_TIMEOUTS, TPM_FAMILY_12, "timeouts", "getcap", {"timeouts"}},
    {TPM_Q12_DA, TPM_FAMILY_12, "dictionary-attack state", "getcap", {"da"}},
    {TPM_Q20_FIXED, TPM_FAMILY_20, "fixed properties", "getcap", {"properties-fixed"}},
    {TPM_Q20_VARIABLE, TPM_FAMILY_20, "variable properties", "getcap", {"properties-variable"}},
    {TPM_Q20_TESTRESULT, TPM_FAMILY_20, "self-test result", "gettestresult", {NULL}},
    {TPM_Q20_PCRS, TPM_FAMILY_20, "PCR banks", "getcap", {"pcrs"}},
    {TPM_Q20_HANDLES, TPM_FAMILY_20, "persistent handles", "getcap", {"handles", "persistent"}},
    /* the RSA EK where the TCG EK Credential Profile (2.2.1.4) puts it persistent */
    {TPM_Q20_EK, TPM_FAMILY_20, "endorsement key", "readpublic", {"0x81010001"}},
    /* the SRK where the TCG TPM v2.0 Provisioning Guidance (and systemd-tpm2-setup) puts it */
    {TPM_Q20_SRK, TPM_FAMILY_20, "storage root key", "readpublic", {"0x81000001"}},
};

const struct tpm_query *tpm_query_table(size_t *n)
{
	*n = TPM_ARRAY_SIZE(tpm_queries);
	return tpm_queries;
}

/* The argument words as the catalogue takes them; returns argc. */
static int tpm_query_argv(const struct tpm_query *q, char *argv[3])
{
	int argc = 0;

	while (argc < 3 && q->args[argc]) {
		argv[argc] = (char *)q->args[argc];
		argc++;
	}
	return argc;
}

int tpm_query_build(const struct tpm_query *q, uint8_t *cmd, size_t cap, size_t *len,
		    const struct tpm_cmd_info **info)
{
	const struct tpm_send_cmd *s = tpm_send_lookup(q->family, q->name);
	char *argv[3], err[256];
	struct tpm_buf b;
	struct tpm_hdr h;
	int argc = tpm_query_argv(q, argv);

	*len = 0;
	*info = NULL;
	tpm_buf_init(&b, cmd, cap);
	if (!s || s->build(&b, argc, argv, err, sizeof(err)) || tpm_hdr_parse(cmd, b.len, &h, NULL))
		return -ENOENT;
	*info = tpm_cmd_lookup(q->family, h.code);
	if (!*info)
		return -ENOENT;
	if ((*info)->changes_state)
		return -EPERM;
	*len = b.len;
	return 0;
}

int tpm_query_decode(const struct tpm_query *q, const uint8_t *rsp, size_t len,
		     struct tpm_fields *fs)
{
	const struct tpm_send_cmd *s = tpm_send_lookup(q->family, q->name);
	char *argv[3];
	int argc = tpm_query_argv(q, argv);

	tpm_fields_init(fs);
	if (!s)
		return -ENOENT;
	return s->decode(rsp, len, argc, argv, fs);
}

bool tpm_query_not_started(enum tpm_family fam, uint32_t rc)
{
	return fam == TPM_FAMILY_12 ? rc == TPM12_INVALID_POSTINIT : rc == TPM2_RC_INITIALIZE;
}
