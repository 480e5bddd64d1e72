// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The transport front: picks the backend from --device SPEC, checks both
 * directions' headers, applies the command's deadline and feeds the
 * recorder. Backends live in dev.c, swtpm.c, spawn.c and replay.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probes/tpm/buf.h"
#include "probes/tpm/commands.h"
#include "probes/transport/record.h"
#include "probes/transport/transport.h"

typedef int (*tpm_open_fn)(const char *rest, const struct tpm_open_opts *o,
			   struct tpm_transport **out, char *err, size_t errlen);

static const struct {
	const char *prefix;
	tpm_open_fn open;
} tpm_transport_kinds[] = {
    {"dev:", tpm_dev_open},
    {"swtpm:", tpm_swtpm_open},
    {"spawn:", tpm_spawn_open},
    {"replay:", tpm_replay_open},
};

#define TPM_DEVICE_HELP                                                                            \
	"use dev:PATH, swtpm:tcp:HOST:PORT, swtpm:unix:PATH, spawn:1.2, spawn:2.0 or replay:FILE"

int tpm_transport_fail(struct tpm_transport *t, int err_no, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->err, sizeof(t->err), fmt, ap);
	va_end(ap);
	return -err_no;
}

/* The kernel device to use when none was named: see --device in tpmdiag.1. */
static int tpm_default_device(const struct tpm_open_opts *o, char *path, size_t len, char *err,
			      size_t errlen)
{
	const char *root = o->root ? o->root : "";
	char p[4096];

	if (o->want_rm) {
		snprintf(p, sizeof(p), "%s/dev/tpmrm0", root);
		if (access(p, F_OK) == 0) {
			snprintf(path, len, "%s", p);
			return 0;
		}
	}
	snprintf(p, sizeof(p), "%s/dev/tpm0", root);
	if (access(p, F_OK) == 0) {
		snprintf(path, len, "%s", p);
		return 0;
	}
	snprintf(err, errlen,
		 "this machine has no TPM device: %s does not exist (no TPM, or no driver bound to "
		 "it); to look at a private software TPM instead, use --device spawn:2.0 or "
		 "spawn:1.2",
		 p);
	return -ENOENT;
}

int tpm_transport_open(const char *spec, const struct tpm_open_opts *opts,
		       struct tpm_transport **out, char *err, size_t errlen)
{
	static const struct tpm_open_opts no_opts;
	const struct tpm_open_opts *o = opts ? opts : &no_opts;
	struct tpm_transport *t = NULL;
	char path[4096];
	size_t i;
	int ret;

	*out = NULL;
	err[0] = '\0';
	if (!spec || !*spec || !strcmp(spec, "auto")) {
		ret = tpm_default_device(o, path, sizeof(path), err, errlen);
		if (ret)
			return ret;
		ret = tpm_dev_open(path, o, &t, err, errlen);
		goto opened;
	}
	if (spec[0] == '/') {
		ret = tpm_dev_open(spec, o, &t, err, errlen);
		goto opened;
	}
	for (i = 0; i < sizeof(tpm_transport_kinds) / sizeof(tpm_transport_kinds[0]); i++) {
		size_t n = strlen(tpm_transport_kinds[i].prefix);

		if (!strncmp(spec, tpm_transport_kinds[i].prefix, n)) {
			ret = tpm_transport_kinds[i].open(spec + n, o, &t, err, errlen);
			goto opened;
		}
	}
	snprintf(err, errlen, "unknown device '%s': " TPM_DEVICE_HELP, spec);
	return -EINVAL;

opened:
	if (ret)
		return ret;
	t->progress = o->progress;
	t->deadline = o->deadline;
	t->budget_ms = o->budget_ms;
	if (o->record_path) {
		ret = tpm_recorder_open(o->record_path, t->spec, t->family_hint, &t->rec, err,
					errlen);
		if (ret) {
			tpm_transport_close(t);
			return ret;
		}
	}
	*out = t;
	return 0;
}

void tpm_transport_close(struct tpm_transport *t)
{
	if (!t)
		return;
	if (t->rec)
		tpm_recorder_close(t->rec);
	t->ops->close(t);
}

static enum tpm_family tpm_family_of_tag(uint16_t tag)
{
	if (tag >= TPM_TAG_RQU_COMMAND && tag <= TPM_TAG_RSP_AUTH2_COMMAND)
		return TPM_FAMILY_12;
	if (tpm20_is_tag(tag))
		return TPM_FAMILY_20;
	return TPM_FAMILY_UNKNOWN;
}

static void tpm_progress_begin(struct tpm_transport *t, enum tpm_family fam, uint32_t code,
			       unsigned timeout_ms, double t0)
{
	const struct tpm_cmd_info *info = tpm_cmd_lookup(fam, code);

	t->progress_what[0] = '\0';
	if (!t->progress || timeout_ms < TPM_PROGRESS_MIN_MS)
		return;
	if (info)
		snprintf(t->progress_what, sizeof(t->progress_what), "%s", info->name);
	else
		snprintf(t->progress_what, sizeof(t->progress_what), "command 0x%08x", code);
	t->progress_t0 = t0;
	t->progress->fn(t->progress->arg, 0, t->progress_what, timeout_ms, 0);
}

static void tpm_progress_end(struct tpm_transport *t)
{
	if (t->progress && t->progress_what[0])
		t->progress->fn(t->progress->arg, 2, t->progress_what, 0,
				tpm_now_ms() - t->progress_t0);
	t->progress_what[0] = '\0';
}

int tpm_progress_wait(struct tpm_transport *t, double deadline)
{
	int left = tpm_ms_left(deadline);

	if (!t->progress || !t->progress_what[0])
		return left;
	t->progress->fn(t->progress->arg, 1, t->progress_what, 0, tpm_now_ms() - t->progress_t0);
	return left < TPM_PROGRESS_TICK_MS ? left : TPM_PROGRESS_TICK_MS;
}

unsigned tpm_transport_budget(struct tpm_transport *t, unsigned want_ms)
{
	int left;

	if (!t->deadline)
		return want_ms;
	left = tpm_ms_left(t->deadline);
	if (!left) {
		tpm_transport_fail(t, ETIMEDOUT,
				   "the --timeout of %.1f s for this run is used up: no time left "
				   "to ask %s",
				   t->budget_ms / 1000.0, t->spec);
		return 0;
	}
	return (unsigned)left < want_ms ? (unsigned)left : want_ms;
}

/* A wait cut short by the run's deadline says so, after the transport's words. */
static void tpm_note_budget(struct tpm_transport *t, unsigned want_ms, unsigned got_ms)
{
	size_t n = strlen(t->err);

	if (got_ms < want_ms && n < sizeof(t->err))
		snprintf(t->err + n, sizeof(t->err) - n,
			 " (the rest of the --timeout of %.1f s for this run)",
			 t->budget_ms / 1000.0);
}

/*
 * Whether an answer can be one to the command: a TPM of the other family
 * refuses a command's tag with an error code, so a TPM 1.2 success to a
 * TPM 2.0 command, or a TPM 2.0 tag on an answer to a TPM 1.2 command, is
 * the answer to some other command (a desynchronised or lying device).
 */
static int tpm_answer_fits(struct tpm_transport *t, const struct tpm_hdr *c,
			   const struct tpm_hdr *r)
{
	enum tpm_family cf = tpm_family_of_tag(c->tag);
	const struct tpm_cmd_info *info = tpm_cmd_lookup(cf, c->code);
	char name[64];

	if (!((cf == TPM_FAMILY_20 && tpm12_is_rsp_tag(r->tag) && !r->code) ||
	      (cf == TPM_FAMILY_12 && tpm20_is_tag(r->tag))))
		return 0;
	if (info)
		snprintf(name, sizeof(name), "%s", info->name);
	else
		snprintf(name, sizeof(name), "command 0x%08x", c->code);
	return tpm_transport_fail(t, EPROTO,
				  "the device answered %s (a TPM %s command) with tag 0x%04x and "
				  "code 0x%x, which no TPM does: the answer is not to the command "
				  "it was sent",
				  name, cf == TPM_FAMILY_20 ? "2.0" : "1.2", r->tag, r->code);
}

int tpm_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
		 size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct tpm_hdr h, rh;
	unsigned want_ms;
	double t0;
	int ret;

	*rsp_len = 0;
	if (cmd_len > TPM_MAX_MSG)
		return tpm_transport_fail(t, EMSGSIZE,
					  "the command is %zu bytes; a TPM takes at most %u",
					  cmd_len, TPM_MAX_MSG);
	ret = tpm_hdr_parse(cmd, cmd_len, &h, NULL);
	if (ret == -EBADMSG)
		return tpm_transport_fail(t, EINVAL,
					  "a command is at least 10 bytes (tag, size, code); "
					  "this one is %zu",
					  cmd_len);
	if (ret)
		return tpm_transport_fail(t, EINVAL,
					  "the command's size field says %u bytes but it is %zu "
					  "bytes long",
					  h.size, cmd_len);
	if (!timeout_ms)
		timeout_ms = tpm_cmd_deadline_ms(tpm_family_of_tag(h.tag), h.code);
	t->err[0] = '\0';
	want_ms = timeout_ms;
	if (!(timeout_ms = tpm_transport_budget(t, timeout_ms)))
		return -ETIMEDOUT;
	t0 = tpm_now_ms();
	tpm_progress_begin(t, tpm_family_of_tag(h.tag), h.code, timeout_ms, t0);
	ret = t->ops->transmit(t, cmd, cmd_len, rsp, rsp_cap, rsp_len, timeout_ms);
	tpm_progress_end(t);
	if (ret == -ETIMEDOUT)
		tpm_note_budget(t, want_ms, timeout_ms);
	if (!ret && tpm_hdr_parse(rsp, *rsp_len, &rh, NULL))
		ret = tpm_transport_fail(t, EPROTO,
					 "the response is not a TPM response (%zu bytes, header "
					 "inconsistent)",
					 *rsp_len);
	else if (!ret)
		ret = tpm_answer_fits(t, &h, &rh);
	if (t->rec)
		tpm_recorder_exchange(t->rec, cmd, cmd_len, ret ? NULL : rsp, ret ? 0 : *rsp_len,
				      ret ? -ret : 0, tpm_now_ms() - t0);
	if (ret)
		*rsp_len = 0;
	return ret;
}

int tpm_transport_ctrl(struct tpm_transport *t, uint32_t code, const uint8_t *in, size_t in_len,
		       uint8_t *out, size_t out_cap, size_t *out_len, unsigned timeout_ms)
{
	*out_len = 0;
	if (!t->ops->ctrl)
		return tpm_transport_fail(t, EOPNOTSUPP,
					  "%s has no control channel: power cycles and other "
					  "control commands need a swtpm (swtpm:, spawn:)",
					  t->spec);
	if (!(timeout_ms = tpm_transport_budget(t, timeout_ms ? timeout_ms : 5000)))
		return -ETIMEDOUT;
	return t->ops->ctrl(t, code, in, in_len, out, out_cap, out_len, timeout_ms);
}
