// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `tpmdiag own` is resumable (issue 6, deliverable 4): kill -9 after each
 * step in turn — before the command reaches the TPM, after the TPM carried
 * it out (its answer never arrives), and after that plus a power cycle of
 * the TPM — then run it again: it always completes, the TPM ends owned
 * with the password given (TPM 2.0: confirmed by tpm2-tools; TPM 1.2: the
 * TPM checks the owner HMAC of TPM_GetCapabilityOwner, and a wrong
 * password is refused), the journal says "finish owned", and the password
 * is in no output and not in the journal.
 *
 * The kill comes from outside: tests/integration/kill_proxy.c sits between
 * tpmdiag and the swtpm's data port and SIGKILLs tpmdiag at command N.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probes/transport/transport.h"
#include "tests/integration/kill_proxy.h"
#include "tests/integration/swtpm_proc.h"
#include "tests/integration/tpm12_raw.h"

#define PW "resume-Secret-4711"

/*
 * The commands a whole run sends from a fresh state, counted by the
 * count_* tests below (update them together when a flow changes):
 * 1.2: the family question, permanent flags, volatile flags, owner,
 *      ContinueSelfTest, ReadPubek, OIAP, TakeOwnership, owner again.
 * 2.0: the family question, properties, SelfTest, GetTestResult,
 *      properties, handles, HierarchyChangeAuth, CreatePrimary,
 *      EvictControl, FlushContext, ReadPublic.
 */
#define CMDS_12 9u
#define CMDS_20 11u

enum kill_mode { KILL_BEFORE, KILL_AFTER, KILL_AFTER_RESET };
static const char *const mode_names[] = {"before the TPM got it", "after the TPM answered",
					 "after the TPM answered, then a power cycle"};

struct resume_case {
	bool tpm2;
	unsigned kill_at;
	enum kill_mode mode;
};

/*
 * What the rerun must say where the kill left the TPM changed but the run
 * unfinished (any mode that let the TPM answer).
 */
#define AFTER  (1u << KILL_AFTER)
#define AFTERR (1u << KILL_AFTER_RESET)
static const struct {
	bool tpm2;
	unsigned kill_at;
	unsigned modes; /* the kill modes it applies to */
	const char *says;
} resumed_says[] = {
    {false, 8, AFTER | AFTERR, "done:     the TPM is owned with the owner password given"},
    {false, 9, AFTER | AFTERR, "done:     the TPM is owned with the owner password given"},
    {true, 7, AFTER | AFTERR, "the owner password was set by the interrupted run (journal)"},
    {true, 8, AFTER, "the interrupted run left the SRK's transient copy"},
    {true, 8, AFTERR, "TPM_RC_INITIALIZE: the TPM has not been started"},
    {true, 9, AFTER | AFTERR, "holds the SRK the interrupted run made persistent"},
    {true, 10, AFTER | AFTERR, "holds the SRK the interrupted run made persistent"},
    {true, 10, AFTER | AFTERR, "ok: the owner password given is the TPM's"},
};

struct scene {
	struct swtpm_proc sw;
	char tmp[256], pw[300], state[300], log[300];
	bool tpm2;
};

static void scene_start(struct scene *s, bool tpm2)
{
	struct swtpm_opts o = {
	    .tcp = true, .tpm2 = tpm2, .createek = !tpm2, .flags = "not-need-init,startup-clear"};
	int fd;

	memset(s, 0, sizeof(*s));
	s->tpm2 = tpm2;
	cr_assert_eq(test_tmpdir(s->tmp, sizeof(s->tmp)), 0);
	snprintf(s->pw, sizeof(s->pw), "%s/pw", s->tmp);
	snprintf(s->state, sizeof(s->state), "%s/state", s->tmp);
	snprintf(s->log, sizeof(s->log), "%s/killed.log", s->tmp);
	fd = open(s->pw, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, PW, strlen(PW)), (ssize_t)strlen(PW));
	close(fd);
	cr_assert_eq(swtpm_proc_start(&o, &s->sw), 0, "swtpm did not start");
}

static void scene_stop(struct scene *s)
{
	swtpm_proc_stop(&s->sw);
	test_rmtree(s->tmp);
}

/* tpmdiag own through port, output to s->log; its pid. */
static pid_t spawn_own(struct scene *s, unsigned port)
{
	const char *bin = getenv("TPMDIAG_BIN");
	char spec[64];
	pid_t pid;
	int fd;

	snprintf(spec, sizeof(spec), "swtpm:tcp:127.0.0.1:%u", port);
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0)
			_exit(127);
		execl(bin && *bin ? bin : "./tpmdiag", "tpmdiag", "own", "--yes", "--device", spec,
		      "--owner-password-file", s->pw, "--state-dir", s->state,
		      s->tpm2 ? "--ecc" : NULL, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Run own through a proxy that never kills; the number of commands. */
static unsigned count_commands(bool tpm2)
{
	struct kill_proxy kp;
	struct scene s;
	unsigned seen;
	pid_t pid;
	int st = 0;

	scene_start(&s, tpm2);
	cr_assert_eq(kill_proxy_start(&kp, s.sw.port, 0, false), 0);
	pid = spawn_own(&s, kp.port);
	kill_proxy_victim(&kp, pid);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	seen = kill_proxy_seen(&kp);
	kill_proxy_stop(&kp);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "own did not complete");
	scene_stop(&s);
	return seen;
}

Test(own_resume, count_12, .timeout = 120)
{
	cr_assert_eq(count_commands(false), CMDS_12,
		     "the 1.2 flow sends a different number of commands: update CMDS_12");
}

Test(own_resume, count_20, .timeout = 120)
{
	cr_assert_eq(count_commands(true), CMDS_20,
		     "the 2.0 flow sends a different number of commands: update CMDS_20");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *b = calloc(1, 1 << 17);
	size_t n;

	cr_assert(b);
	if (f) {
		n = fread(b, 1, (1 << 17) - 1, f);
		b[n] = '\0';
		fclose(f);
	}
	return b;
}

static int tool20(struct scene *s, const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=%u %s >/dev/null 2>&1",
		 s->sw.port, args);
	return system(cmd);
}

static void resume_case(const struct resume_case *c)
{
	char out[65536], jpath[400], args[512], spec[64];
	struct kill_proxy kp;
	struct scene s;
	char *log, *journal;
	pid_t pid;
	int st = 0, r;

	scene_start(&s, c->tpm2);
	cr_assert_eq(kill_proxy_start(&kp, s.sw.port, c->kill_at, c->mode != KILL_BEFORE), 0);
	pid = spawn_own(&s, kp.port);
	kill_proxy_victim(&kp, pid);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	kill_proxy_disarm(&kp);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
		log = slurp(s.log);
		cr_assert_fail("tpmdiag was not killed at command %u (%s): it %s %d after %u "
			       "commands; it printed:\n%s",
			       c->kill_at, mode_names[c->mode],
			       WIFEXITED(st) ? "exited with" : "died of signal",
			       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), kill_proxy_seen(&kp),
			       log);
	}

	if (c->mode == KILL_AFTER_RESET)
		cr_assert_eq(
		    run_tpmdiag(out, sizeof(out), "--device %s ctrl init --yes", s.sw.spec), 0,
		    "the power cycle failed: %s", out);

	/* the same device (the proxy's port, now only forwarding): the same journal */
	snprintf(spec, sizeof(spec), "swtpm:tcp:127.0.0.1:%u", kp.port);
	r = run_tpmdiag(out, sizeof(out),
			"own --yes --device %s --owner-password-file %s --state-dir %s %s", spec,
			s.pw, s.state, c->tpm2 ? "--ecc" : "");
	cr_assert_eq(r, 0, "the rerun after a kill at command %u (%s) did not complete:\n%s",
		     c->kill_at, mode_names[c->mode], out);
	cr_expect(strstr(out, c->tpm2 ? "The TPM is owned" : "done:     the TPM is owned"), "%s",
		  out);
	cr_expect_null(strstr(out, PW), "the password is in the output");
	for (size_t i = 0; i < sizeof(resumed_says) / sizeof(resumed_says[0]); i++)
		if (resumed_says[i].tpm2 == c->tpm2 && resumed_says[i].kill_at == c->kill_at &&
		    (resumed_says[i].modes & (1u << c->mode)))
			cr_expect(strstr(out, resumed_says[i].says),
				  "the rerun does not say \"%s\":\n%s", resumed_says[i].says, out);

	snprintf(jpath, sizeof(jpath), "%s/own-swtpm-tcp-127.0.0.1-%u.journal", s.state, kp.port);
	journal = slurp(jpath);
	cr_expect(strstr(journal, " finish owned\n"), "the journal does not say finished:\n%s",
		  journal);
	cr_expect_null(strstr(journal, PW), "the password is in the journal");
	log = slurp(s.log);
	cr_expect_null(strstr(log, PW), "the password is in the killed run's output");

	if (c->tpm2) {
		cr_expect_neq(tool20(&s, "tpm2_changeauth -c owner -p wrong-pw x"), 0,
			      "tpm2_changeauth accepted a wrong owner password");
		snprintf(args, sizeof(args), "tpm2_changeauth -c owner -p %s newer", PW);
		cr_expect_eq(tool20(&s, args), 0, "tpm2_changeauth refuses the password given");
		cr_expect_eq(tool20(&s, "tpm2_readpublic -c 0x81000001"), 0,
			     "no SRK at 0x81000001");
	} else {
		/* the TPM checks the owner HMAC: the right password passes, a wrong one not */
		r = run_tpmdiag(out, sizeof(out),
				"own --yes --device %s --owner-password-file %s --state-dir %s",
				spec, s.pw, s.state);
		cr_expect_eq(r, 0, "%s", out);
		cr_expect(strstr(out, "owner password given is the TPM's owner password"), "%s",
			  out);
	}
	kill_proxy_stop(&kp);
	free(journal);
	free(log);
	scene_stop(&s);
}

static struct resume_case *cases(size_t *n)
{
	static const unsigned total[2] = {CMDS_12, CMDS_20};
	struct resume_case *v;
	size_t i = 0;
	unsigned f, k, m;

	v = cr_malloc(sizeof(*v) * 3 * (CMDS_12 + CMDS_20));
	cr_assert(v);
	for (f = 0; f < 2; f++)
		for (k = 1; k <= total[f]; k++)
			for (m = KILL_BEFORE; m <= KILL_AFTER_RESET; m++)
				v[i++] = (struct resume_case){
				    .tpm2 = f == 1, .kill_at = k, .mode = (enum kill_mode)m};
	*n = i;
	return v;
}

ParameterizedTestParameters(own_resume, killed_at_every_step)
{
	size_t n;
	struct resume_case *v = cases(&n);

	return cr_make_param_array(struct resume_case, v, n);
}

ParameterizedTest(struct resume_case *c, own_resume, killed_at_every_step, .timeout = 240)
{
	resume_case(c);
}

/* The title of finding id in a check --format json report, or "" when it is not there. */
static void finding_title(const char *json, const char *id, char *title, size_t len)
{
	struct json_object *root = json_tokener_parse(json), *fs = NULL, *f, *v;
	size_t i;

	title[0] = '\0';
	cr_assert(root, "check did not print JSON:\n%s", json);
	cr_assert(json_object_object_get_ex(root, "findings", &fs));
	for (i = 0; i < json_object_array_length(fs); i++) {
		f = json_object_array_get_idx(fs, i);
		if (json_object_object_get_ex(f, "id", &v) &&
		    !strcmp(json_object_get_string(v), id) &&
		    json_object_object_get_ex(f, "title", &v))
			snprintf(title, len, "%s", json_object_get_string(v));
	}
	json_object_put(root);
}

static void check_json(struct scene *s, const char *spec, char *out, size_t cap)
{
	run_tpmdiag(out, cap, "check --device %s --state-dir %s --format json 2>/dev/null", spec,
		    s->state);
}

Test(own_resume, check_names_an_interrupted_run_and_then_the_finished_one, .timeout = 120)
{
	char out[1 << 18], title[1024], spec[64];
	struct kill_proxy kp;
	struct scene s;
	pid_t pid;
	int st = 0;

	scene_start(&s, false);
	cr_assert_eq(kill_proxy_start(&kp, s.sw.port, 8, true), 0);
	snprintf(spec, sizeof(spec), "swtpm:tcp:127.0.0.1:%u", kp.port);
	pid = spawn_own(&s, kp.port);
	kill_proxy_victim(&kp, pid);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	kill_proxy_disarm(&kp);
	cr_assert(WIFSIGNALED(st));

	check_json(&s, spec, out, sizeof(out));
	finding_title(out, "own-interrupted", title, sizeof(title));
	cr_expect_str_eq(title, "tpmdiag own on tpm0 was interrupted after \"takeownership sent\"");

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "own --yes --device %s --owner-password-file %s --state-dir %s",
				 spec, s.pw, s.state),
		     0, "%s", out);
	check_json(&s, spec, out, sizeof(out));
	finding_title(out, "own-interrupted", title, sizeof(title));
	cr_expect_str_empty(title, "still interrupted after the rerun: %s", title);
	finding_title(out, "own-finished", title, sizeof(title));
	cr_expect(!strncmp(title, "tpmdiag own took ownership of tpm0 (", 36), "%s", title);
	kill_proxy_stop(&kp);
	scene_stop(&s);
}

Test(own_resume, check_names_a_run_that_waits_for_the_firmware_setup, .timeout = 120)
{
	char out[1 << 18], title[1024];
	struct scene s;

	scene_start(&s, false);
	/* disabled, physical presence by command off and locked for life (Debian #1006726) */
	cr_assert_eq(tpm12_raw(s.sw.spec, 0x4000000A, true, 0x0008), 0, "PP present");
	cr_assert_eq(tpm12_raw(s.sw.spec, 0x70, false, 0), 0, "PhysicalDisable");
	cr_assert_eq(tpm12_raw(s.sw.spec, 0x4000000A, true, 0x0100), 0, "PP cmd_disable");
	cr_assert_eq(tpm12_raw(s.sw.spec, 0x4000000A, true, 0x0080), 0, "PP lifetime_lock");
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device %s ctrl init --yes", s.sw.spec), 0,
		     "%s", out);

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "own --yes --device %s --owner-password-file %s --state-dir %s",
				 s.sw.spec, s.pw, s.state),
		     4, "%s", out);
	check_json(&s, s.sw.spec, out, sizeof(out));
	finding_title(out, "own-stopped", title, sizeof(title));
	cr_expect(strstr(title, "tpmdiag own on tpm0 stopped and waits for you: firmware setup "
				"needed: physical presence by command is disabled"),
		  "%s", title);
	finding_title(out, "own-interrupted", title, sizeof(title));
	cr_expect_str_empty(title);
	scene_stop(&s);
}

/*
 * A TPM reset in the middle of one run, with no kill: the TPM is power
 * cycled right after it answered command N, so command N + 1 is answered
 * TPM_INVALID_POSTINIT / TPM_RC_INITIALIZE. The run sends Startup, the
 * command again, and completes.
 */
struct reset_case {
	bool tpm2;
	unsigned reset_at;
	char says[96]; /* inline: the parameters are copied into another process */
};

ParameterizedTestParameters(own_resume, tpm_reset_in_the_middle)
{
	static struct reset_case v[] = {
	    {false, 4, "TPM_INVALID_POSTINIT: it was reset and needs TPM_Startup first"},
	    {false, 7, "TPM_INVALID_POSTINIT: it was reset; the session is gone"},
	    {true, 6, "TPM_RC_INITIALIZE: the TPM was reset; TPM2_Startup(TPM_SU_CLEAR)"},
	    {true, 7, "TPM_RC_INITIALIZE: the TPM was reset; TPM2_Startup(TPM_SU_CLEAR)"},
	};

	return cr_make_param_array(struct reset_case, v, sizeof(v) / sizeof(v[0]));
}

ParameterizedTest(struct reset_case *c, own_resume, tpm_reset_in_the_middle, .timeout = 120)
{
	char out[65536], spec[64];
	struct kill_proxy kp;
	struct scene s;

	scene_start(&s, c->tpm2);
	cr_assert_eq(kill_proxy_start_reset(&kp, s.sw.port, c->reset_at), 0);
	snprintf(spec, sizeof(spec), "swtpm:tcp:127.0.0.1:%u", kp.port);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "own --yes --device %s --owner-password-file %s --state-dir %s %s",
				 spec, s.pw, s.state, c->tpm2 ? "--ecc" : ""),
		     0, "%s", out);
	cr_expect(kill_proxy_killed(&kp), "the TPM was not power-cycled");
	cr_expect(strstr(out, c->says), "%s", out);
	kill_proxy_stop(&kp);
	scene_stop(&s);
}
