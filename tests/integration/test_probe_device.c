// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device probe against private swtpm 1.2 and 2.0 processes: a healthy
 * chip, one the firmware never started, one in failure mode, one without an
 * endorsement key; a recorded session played back; --no-device; a fixture
 * root; and the promise that only read-only commands are ever sent.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag/cli/machine.h"
#include "probes/device/device.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/commands.h"
#include "probes/commands/queries.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transcript.h"
#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"

static struct swtpm_proc proc;
static struct rootfs root;
static struct facts *fs;
static char tmp[256];

static void setup(void)
{
	cr_assert_eq(rootfs_open("/", &root), 0);
	cr_assert_eq(facts_new(&fs), 0);
	tmp[0] = '\0';
}

static void teardown(void)
{
	facts_free(fs);
	fs = NULL;
	rootfs_close(&root);
	swtpm_proc_stop(&proc);
	if (tmp[0])
		test_rmtree(tmp);
}

TestSuite(probe_device, .init = setup, .fini = teardown, .timeout = 120);

static void start(bool tpm2, const char *flags, bool createek)
{
	struct swtpm_opts o = {.tpm2 = tpm2, .createek = createek, .flags = flags};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm did not start");
}

static void start_healthy(bool tpm2)
{
	start(tpm2, "not-need-init,startup-clear", true);
}

/*
 * Send a control command to the running swtpm (CMD_INIT, CMD_STOP). Retried:
 * swtpm takes one control connection at a time, and a unix-socket connect
 * to a full backlog fails (the swtpm transport then reports ENOTCONN).
 */
static void ctrl(uint32_t code)
{
	struct tpm_transport *t = NULL;
	uint8_t in[4] = {0}, out[16];
	char err[1024];
	size_t n = 0;
	int ret, tries;

	cr_assert_eq(tpm_transport_open(proc.spec, NULL, &t, err, sizeof(err)), 0, "%s", err);
	for (tries = 0; tries < 50; tries++) {
		ret = tpm_transport_ctrl(t, code, in, code == SWTPM_CMD_INIT ? 4 : 0, out,
					 sizeof(out), &n, 5000);
		if (!ret)
			break;
		usleep(20000);
	}
	cr_assert_eq(ret, 0, "%s", t->err);
	cr_assert_geq(n, 4);
	cr_assert_eq(out[0] | out[1] | out[2] | out[3], 0, "control command %u refused", code);
	tpm_transport_close(t);
}

static int probe(struct facts *into, const char *device)
{
	struct probe_ctx c = {.root = &root, .facts = into, .device = device};

	return probe_device(&c);
}

static const struct fact *get(const char *key)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert(f, "no fact %s", key);
	return f;
}

static void expect_str(const char *key, const char *want)
{
	const struct fact *f = get(key);

	cr_expect_eq(f->type, FACT_STRING, "%s: type %s", key, fact_type_name(f->type));
	if (f->type == FACT_STRING)
		cr_expect_str_eq(f->str, want, "%s", key);
}

static void expect_bool(const char *key, bool want)
{
	const struct fact *f = get(key);

	cr_expect_eq(f->type, FACT_BOOL, "%s: type %s (%s)", key, fact_type_name(f->type),
		     f->why_text ? f->why_text : "");
	cr_expect_eq(f->flag, want, "%s", key);
}

static void expect_int(const char *key, int64_t want)
{
	const struct fact *f = get(key);

	cr_expect_eq(f->type, FACT_INT, "%s: type %s (%s)", key, fact_type_name(f->type),
		     f->why_text ? f->why_text : "");
	cr_expect_eq(f->num, want, "%s: %lld", key, (long long)f->num);
}

static void expect_unreadable(const char *key, enum fact_reason why, const char *text)
{
	const struct fact *f = get(key);

	cr_expect_eq(f->type, FACT_UNREADABLE, "%s: type %s", key, fact_type_name(f->type));
	cr_expect_eq(f->why, why, "%s: reason %s", key, fact_reason_name(f->why));
	cr_expect(f->why_text && strstr(f->why_text, text), "%s: '%s' lacks '%s'", key,
		  f->why_text ? f->why_text : "", text);
}

static bool list_has(const char *key, const char *item)
{
	const struct fact *f = get(key);
	size_t i;

	cr_assert_eq(f->type, FACT_LIST, "%s: type %s", key, fact_type_name(f->type));
	for (i = 0; i < f->n_items; i++)
		if (!strcmp(f->items[i], item))
			return true;
	return false;
}

/* Every tpm0.chip fact comes from a TPM command with its bytes. */
static void expect_tpm_provenance(void)
{
	size_t i, seen = 0;

	for (i = 0; i < facts_count(fs); i++) {
		const struct fact *f = facts_at(fs, i);

		if (strncmp(f->key, "tpm0.chip.", 10))
			continue;
		seen++;
		cr_expect_eq(f->src.kind, FACT_SRC_TPM, "%s: source %s", f->key,
			     fact_src_kind_name(f->src.kind));
		cr_expect(f->src.cmd_name && !strncmp(f->src.cmd_name, "TPM", 3), "%s: cmd_name",
			  f->key);
		cr_expect_geq(f->src.cmd_len, 10, "%s: command bytes", f->key);
		cr_expect(f->src.cmd && (f->src.cmd[0] == 0x80 || f->src.cmd[0] == 0x00),
			  "%s: a TPM command's tag", f->key);
		cr_expect_geq(f->src.rsp_len, 10, "%s: response bytes", f->key);
	}
	cr_expect_gt(seen, 10, "only %zu chip facts", seen);
}

/* Every command in the transcript at path is one the command table calls read-only. */
static size_t expect_read_only(const char *path)
{
	struct tpm_transcript tr = {0};
	const struct tpm_cmd_info *info;
	struct tpm_hdr h;
	char err[512];
	size_t i;

	cr_assert_eq(tpm_transcript_load(path, &tr, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < tr.n; i++) {
		cr_assert_eq(tpm_hdr_parse(tr.ex[i].cmd, tr.ex[i].cmd_len, &h, NULL), 0);
		info = tpm_cmd_lookup(tpm20_is_tag(h.tag) ? TPM_FAMILY_20 : TPM_FAMILY_12, h.code);
		cr_assert(info, "command 0x%x is not in the command table", h.code);
		cr_expect(!info->changes_state, "%s changes the TPM's state", info->name);
	}
	i = tr.n;
	tpm_transcript_free(&tr);
	return i;
}

/* Ask the running swtpm with a transcript recorded at path; returns the probe's result. */
static void probe_recorded(const char *path)
{
	struct probe_ctx c = {.root = &root, .facts = fs};
	struct tpm_open_opts o = {.record_path = path};
	struct tpm_transport *t = NULL;
	char err[1024];

	cr_assert_eq(tpm_transport_open(proc.spec, &o, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(device_ask_chip(&c, 0, t), 0);
	tpm_transport_close(t);
}

static void transcript_path(char *path, size_t len)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(path, len, "%s/session.transcript", tmp);
}

Test(probe_device, every_question_is_a_read_only_catalogue_command)
{
	const struct tpm_query *q;
	const struct tpm_cmd_info *info;
	uint8_t cmd[256];
	size_t n, i, len;

	q = tpm_query_table(&n);
	cr_assert_geq(n, 14);
	for (i = 0; i < n; i++) {
		cr_expect_eq(tpm_query_build(&q[i], cmd, sizeof(cmd), &len, &info), 0, "%s",
			     q[i].title);
		cr_expect(info && !info->changes_state, "%s", q[i].title);
	}
}

Test(probe_device, healthy_tpm12)
{
	char path[400];

	start_healthy(false);
	transcript_path(path, sizeof(path));
	probe_recorded(path);
	expect_str("tpm0.chip.family", "1.2");
	expect_str("tpm0.family", "1.2");
	expect_bool("tpm0.chip.started", true);
	expect_str("tpm0.chip.first_rc", "TPM_SUCCESS (0x0)");
	expect_bool("tpm0.chip.failure", false);
	expect_str("tpm0.chip.version", "1.2");
	expect_str("tpm0.chip.manufacturer", "IBM");
	expect_str("tpm0.manufacturer", "IBM");
	expect_bool("tpm0.chip.enabled", true);
	expect_bool("tpm0.chip.active", true);
	expect_bool("tpm0.chip.owned", false);
	expect_bool("tpm0.enabled", true);
	expect_bool("tpm0.active", true);
	expect_bool("tpm0.owned", false);
	expect_bool("tpm0.chip.ek", true);
	/* swtpm's EK (libtpms' own RSA key generation) has no ROCA fingerprint */
	expect_str("tpm0.ek.roca", "clean");
	expect_int("tpm0.ek.bits", 2048);
	expect_bool("tpm0.chip.flags.disable", false);
	expect_bool("tpm0.chip.flags.deactivated", false);
	expect_bool("tpm0.chip.flags.readpubek", true);
	expect_bool("tpm0.chip.flags.physicalpresencelifetimelock", false);
	expect_bool("tpm0.chip.vflags.deactivated", false);
	expect_bool("tpm0.chip.vflags.physicalpresencelock", false);
	cr_expect_eq(get("tpm0.chip.spec_level")->type, FACT_INT);
	cr_expect_eq(get("tpm0.chip.firmware")->type, FACT_STRING);
	expect_str("tpm0.chip.selftest", "Shutdown 00000002"); /* swtpm's text */
	cr_expect_eq(get("tpm0.chip.durations")->n_items, 3);
	cr_expect_eq(get("tpm0.chip.timeouts")->n_items, 4);
	/* libtpms: TPM_DA_INFO, a 1 s time-out from the 6th wrong password (5 forgiven) */
	expect_bool("tpm0.chip.da_defending", false);
	expect_str("tpm0.chip.da_action", "a time-out");
	expect_int("tpm0.chip.da_count", 0);
	expect_int("tpm0.chip.da_threshold", 5);
	expect_int("tpm0.chip.da_seconds_left", 0);
	expect_tpm_provenance();
	/* the family was asked (a socket says nothing of it), then ten questions, and with
	 * no kernel values (no sysfs here) the 24 PCRs one TPM_PcrRead each */
	cr_expect_eq(expect_read_only(path), 11 + 24);
	expect_str("tpm0.pcr.sha1.17", "ffffffffffffffffffffffffffffffffffffffff");
}

Test(probe_device, tpm12_without_endorsement_key)
{
	start(false, "not-need-init,startup-clear", false);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_bool("tpm0.chip.ek", false);
}

Test(probe_device, tpm12_not_started)
{
	char path[400];

	start(false, NULL, true);
	ctrl(SWTPM_CMD_INIT);
	transcript_path(path, sizeof(path));
	probe_recorded(path);
	expect_str("tpm0.chip.family", "1.2");
	expect_bool("tpm0.chip.started", false);
	expect_str("tpm0.chip.first_rc", "TPM_INVALID_POSTINIT (0x26)");
	expect_bool("tpm0.chip.failure", false);
	expect_unreadable("tpm0.chip.version", FACT_FAILED, "TPM_INVALID_POSTINIT");
	expect_unreadable("tpm0.chip.flags", FACT_FAILED, "TPM_INVALID_POSTINIT");
	expect_unreadable("tpm0.chip.ek", FACT_FAILED, "has not been started");
	expect_unreadable("tpm0.chip.timeouts", FACT_FAILED, "TPM_INVALID_POSTINIT");
	cr_expect_null(facts_get(fs, "tpm0.enabled"));
	/* the family question and the first one; nothing after */
	cr_expect_eq(expect_read_only(path), 2);
}

Test(probe_device, healthy_tpm20)
{
	char path[400];

	start_healthy(true);
	transcript_path(path, sizeof(path));
	probe_recorded(path);
	expect_str("tpm0.chip.family", "2.0");
	expect_str("tpm0.family", "2.0");
	cr_expect(strstr(get("tpm0.chip.family_source")->str, "asked"));
	expect_bool("tpm0.chip.started", true);
	expect_str("tpm0.chip.first_rc", "TPM_RC_SUCCESS (0x0)");
	expect_bool("tpm0.chip.failure", false);
	expect_str("tpm0.chip.manufacturer", "IBM");
	expect_str("tpm0.manufacturer", "IBM");
	cr_expect_eq(get("tpm0.chip.vendor")->type, FACT_STRING);
	cr_expect(strchr(get("tpm0.chip.firmware")->str, '.'));
	/* FIRMWARE_VERSION_1 then _2: the short form, then two more numbers */
	{
		const char *fw = get("tpm0.chip.firmware")->str,
			   *full = get("tpm0.chip.firmware_full")->str;
		size_t dots = 0;

		cr_expect(!strncmp(full, fw, strlen(fw)) && full[strlen(fw)] == '.', "%s / %s", fw,
			  full);
		for (const char *q = full; *q; q++)
			dots += *q == '.';
		cr_expect_eq(dots, 3, "%s", full);
	}
	cr_expect(strncmp(get("tpm0.chip.spec_revision")->str, "1.", 2) == 0);
	cr_expect_eq(get("tpm0.chip.spec_year")->type, FACT_INT);
	expect_int("tpm0.chip.lockout_counter", 0);
	expect_bool("tpm0.chip.in_lockout", false);
	expect_bool("tpm0.chip.owner_auth_set", false);
	expect_bool("tpm0.chip.sh_enable", true);
	expect_bool("tpm0.chip.eh_enable", true);
	cr_expect_gt(get("tpm0.chip.max_auth_fail")->num, 0);
	expect_str("tpm0.chip.selftest_rc", "TPM_RC_SUCCESS (0x0)");
	cr_expect(list_has("tpm0.chip.pcr_banks", "sha256"));
	cr_expect_eq(get("tpm0.chip.persistent_handles")->type, FACT_LIST);
	/* swtpm_setup --createek made the RSA EK persistent at 0x81010001 */
	cr_expect(list_has("tpm0.chip.persistent_handles", "0x81010001"));
	expect_bool("tpm0.chip.ek_persistent", true);
	expect_int("tpm0.ek.bits", 2048);
	expect_str("tpm0.ek.roca", "clean");
	cr_expect(strstr(get("tpm0.ek.roca")->src.note, "TPM2_ReadPublic(0x81010001)"));
	expect_tpm_provenance();
	expect_bool("tpm0.chip.srk_persistent", false);
	/* the family question is the first question: seven in all, one TPM2_NV_ReadPublic per
	 * EK certificate index (none is there: no --create-ek-cert), then three
	 * TPM2_PCR_Read of eight PCRs for each bank the chip has */
	expect_bool("tpm0.chip.ekcert.rsa", false);
	cr_expect_eq(expect_read_only(path), 7 + 3 + 3 * get("tpm0.chip.pcr_banks")->n_items);
	expect_str("tpm0.pcr.sha256.23",
		   "0000000000000000000000000000000000000000000000000000000000000000");
}

/* Nothing persistent at 0x81010001 is common (the EK is made on demand): said, no key judged. */
Test(probe_device, tpm20_without_persistent_ek)
{
	start(true, "not-need-init,startup-clear", false);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_bool("tpm0.chip.ek_persistent", false);
	cr_expect(strstr(get("tpm0.chip.ek_persistent")->src.note, "TPM_RC_HANDLE"));
	cr_expect_null(facts_get(fs, "tpm0.ek.roca"));
	expect_str("tpm0.chip.selftest_rc", "TPM_RC_SUCCESS (0x0)");
}

Test(probe_device, tpm20_not_started)
{
	start(true, NULL, false);
	ctrl(SWTPM_CMD_INIT);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_str("tpm0.chip.family", "2.0");
	expect_bool("tpm0.chip.started", false);
	expect_str("tpm0.chip.first_rc", "TPM_RC_INITIALIZE (0x100)");
	expect_unreadable("tpm0.chip.manufacturer", FACT_FAILED, "TPM_RC_INITIALIZE");
	expect_unreadable("tpm0.chip.in_lockout", FACT_FAILED, "TPM_RC_INITIALIZE");
	expect_unreadable("tpm0.chip.pcr_banks", FACT_FAILED, "has not been started");
}

Test(probe_device, tpm20_failure_mode)
{
	start_healthy(true);
	ctrl(SWTPM_CMD_STOP);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_bool("tpm0.chip.failure", true);
	expect_str("tpm0.chip.failure_rc", "TPM_RC_FAILURE (0x101)");
	expect_unreadable("tpm0.chip.started", FACT_FAILED, "failure mode");
	expect_unreadable("tpm0.chip.lockout_counter", FACT_FAILED, "TPM_RC_FAILURE");
}

Test(probe_device, tpm12_failure_mode)
{
	start_healthy(false);
	ctrl(SWTPM_CMD_STOP);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_bool("tpm0.chip.failure", true);
	cr_expect(strstr(get("tpm0.chip.failure_rc")->str, "(0x9)"), "%s",
		  get("tpm0.chip.failure_rc")->str);
}

/* The same facts from a live chip and from its transcript. */
static void expect_replay_same(bool tpm2)
{
	struct facts *again = NULL;
	char path[400], spec[420];
	size_t i, compared = 0;

	start_healthy(tpm2);
	transcript_path(path, sizeof(path));
	probe_recorded(path);
	swtpm_proc_stop(&proc); /* the transcript alone must do */
	cr_assert_eq(facts_new(&again), 0);
	snprintf(spec, sizeof(spec), "replay:%s", path);
	cr_assert_eq(probe(again, spec), 0);
	for (i = 0; i < facts_count(fs); i++) {
		const struct fact *a = facts_at(fs, i), *b = facts_get(again, a->key);

		if (strncmp(a->key, "tpm0.chip.", 10) || !strcmp(a->key, "tpm0.chip.family_source"))
			continue;
		compared++;
		cr_assert(b, "replay lacks %s", a->key);
		cr_expect_eq(a->type, b->type, "%s", a->key);
		cr_expect_eq(a->num, b->num, "%s", a->key);
		cr_expect_eq(a->flag, b->flag, "%s", a->key);
		cr_expect_eq(a->n_items, b->n_items, "%s", a->key);
		if (a->str)
			cr_expect_str_eq(a->str, b->str, "%s", a->key);
		cr_expect_eq(a->src.cmd_len, b->src.cmd_len, "%s", a->key);
		cr_expect_eq(a->src.rsp_len, b->src.rsp_len, "%s", a->key);
	}
	cr_expect_gt(compared, 10);
	cr_expect_eq(facts_count(fs), facts_count(again));
	facts_free(again);
}

Test(probe_device, replay_gives_the_same_facts_tpm20)
{
	expect_replay_same(true);
}

Test(probe_device, replay_gives_the_same_facts_tpm12)
{
	expect_replay_same(false);
}

/*
 * Copy transcript in to out with the answer to TPM_GetCapability(
 * TPM_CAP_DA_LOGIC) replaced by rsp (a "< ..." line), or the exchange
 * left out when rsp is NULL.
 */
static void rewrite_da_answer(const char *in, const char *out, const char *rsp)
{
	static const char da_question[] = "> 00 c1 00 00 00 14 00 00 00 65 00 00 00 19 ";
	FILE *a = fopen(in, "r"), *b = fopen(out, "w");
	char line[512];
	bool in_da = false, found = false;

	cr_assert(a && b);
	while (fgets(line, sizeof(line), a)) {
		if (!strncmp(line, da_question, strlen(da_question))) {
			in_da = found = true;
			if (rsp)
				fputs(line, b);
			continue;
		}
		if (in_da && line[0] == '>') {
			if (rsp)
				fputs(line, b);
			continue;
		}
		if (in_da && line[0] == '<') {
			if (rsp)
				fprintf(b, "%s\n", rsp);
			in_da = false;
			line[0] = '<';
			while (line[0] == '<')
				if (!fgets(line, sizeof(line), a))
					line[0] = '\0'; /* the last exchange of the file */
		}
		fputs(line, b);
	}
	fclose(a);
	fclose(b);
	cr_assert(found, "the transcript has no TPM_CAP_DA_LOGIC question");
}

Test(probe_device, tpm12_without_da_logic_is_absent_not_failed)
{
	char path[400], edited[420], spec[440];
	struct facts *again = NULL;

	start_healthy(false);
	transcript_path(path, sizeof(path));
	probe_recorded(path);
	swtpm_proc_stop(&proc);
	snprintf(edited, sizeof(edited), "%s.edited", path);
	snprintf(spec, sizeof(spec), "replay:%s", edited);

	/* an older chip refuses the optional capability with TPM_BAD_MODE */
	rewrite_da_answer(path, edited, "< 00 c4 00 00 00 0a 00 00 00 2c");
	facts_free(fs);
	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(probe(fs, spec), 0);
	expect_unreadable("tpm0.chip.da_defending", FACT_ABSENT,
			  "does not offer TPM_CAP_DA_LOGIC (it answered TPM_BAD_MODE (0x2c))");
	expect_unreadable("tpm0.chip.da_seconds_left", FACT_ABSENT, "TPM_DEFEND_LOCK_RUNNING");
	expect_bool("tpm0.chip.owned", false);
	cr_expect_eq(machine_facts_status(fs), 0, "an absent capability is no read failure");

	/* a transcript recorded before tpmdiag asked it: absent, the rest still there */
	rewrite_da_answer(path, edited, NULL);
	cr_assert_eq(facts_new(&again), 0);
	cr_assert_eq(probe(again, spec), 0);
	{
		const struct fact *f = facts_get(again, "tpm0.chip.da_count");

		cr_assert_not_null(f);
		cr_expect_eq(f->why, FACT_ABSENT);
		cr_expect(strstr(f->why_text, "the transcript has no answer for TPM_GetCapability"),
			  "%s", f->why_text);
		cr_expect_eq(machine_facts_status(again), 0);
		cr_expect_not_null(facts_get(again, "tpm0.chip.timeouts"));
	}
	facts_free(again);
}

Test(probe_device, sysfs_values_are_kept_and_gaps_filled)
{
	struct fact_src s = {.kind = FACT_SRC_FILE, .path = "/sys/class/tpm/tpm0/device/enabled"};

	cr_assert_eq(facts_set_bool(fs, "tpm0.enabled", false, &s), 0);
	cr_assert_eq(facts_set_str(fs, "tpm0.manufacturer", "STM", &s), 0);
	cr_assert_eq(facts_set_unreadable(fs, "tpm0.owned", FACT_PERMISSION, "no", &s), 0);
	start_healthy(false);
	cr_assert_eq(probe(fs, proc.spec), 0);
	expect_bool("tpm0.enabled", false);
	expect_str("tpm0.manufacturer", "STM");
	expect_bool("tpm0.owned", false);
	cr_expect_eq(get("tpm0.owned")->src.kind, FACT_SRC_TPM);
}

Test(probe_device, no_device_records_only_that)
{
	struct probe_ctx c = {.root = &root, .facts = fs, .device = "spawn:2.0", .no_device = true};

	cr_assert_eq(probe_device(&c), 0);
	cr_expect_eq(facts_count(fs), 1);
	expect_bool("device.skipped", true);
	cr_expect_str_eq(get("device.skipped")->src.note, "--no-device");
}

Test(probe_device, fixture_root_has_no_live_device)
{
	struct rootfs fixture;
	struct probe_ctx c = {.root = &fixture, .facts = fs};
	const char *const devs[] = {"tpm0", "tpm1"};
	char p[400];

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	cr_assert_eq(rootfs_open(tmp, &fixture), 0);
	cr_assert_eq(facts_set_list(fs, "tpm.devices", devs, 2, NULL), 0);
	cr_assert_eq(probe_device(&c), 0);
	expect_unreadable("tpm0.chip", FACT_ABSENT, "no live device under --root");
	expect_unreadable("tpm1.chip", FACT_ABSENT, "--device replay:FILE");
	/* without tpm.devices, the tree's /dev names the chips */
	facts_free(fs);
	cr_assert_eq(facts_new(&fs), 0);
	c.facts = fs;
	snprintf(p, sizeof(p), "%s/dev", tmp);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/dev/tpmrm2", tmp);
	fclose(fopen(p, "w"));
	cr_assert_eq(probe_device(&c), 0);
	expect_unreadable("tpm2.chip", FACT_ABSENT, "no live device under --root");
	/* and the maker, which only the chip can name for a TPM 2.0, says why it is missing */
	expect_unreadable("tpm2.manufacturer", FACT_ABSENT, "it was not asked");
	cr_expect_eq(facts_count(fs), 2);
	rootfs_close(&fixture);
}

Test(probe_device, open_errors_become_unreadable_facts)
{
	cr_assert_eq(probe(fs, "dev:/nonexistent/tpm3"), 0);
	expect_unreadable("tpm3.chip", FACT_ABSENT, "/nonexistent/tpm3 does not exist");
	cr_assert_eq(probe(fs, "swtpm:unix:/nonexistent/sock"), 0);
	expect_unreadable("tpm0.chip", FACT_ABSENT, "");
	cr_expect_eq(device_spec_index("dev:/dev/tpmrm1"), 1);
	cr_expect_eq(device_spec_index("/dev/tpm7"), 7);
	cr_expect_eq(device_spec_index("spawn:2.0"), 0);
}
