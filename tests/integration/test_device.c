// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device layer against real swtpm 1.2 and 2.0 processes and against a
 * misbehaving test double: what a chip says before and after Startup, what
 * a power cycle does, and how deadlines and broken answers are reported.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "probes/tpm/buf.h"
#include "probes/commands/family.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"

static struct swtpm_proc proc;
static struct tpm_transport *tr;

static void teardown(void)
{
	tpm_transport_close(tr);
	tr = NULL;
	swtpm_proc_stop(&proc);
}

TestSuite(device, .fini = teardown, .timeout = 60);

static const uint8_t startup12[] = {0x00, 0xc1, 0, 0, 0, 0x0c, 0, 0, 0, 0x99, 0, 1};
static const uint8_t getcap12[] = {0x00, 0xc1, 0, 0, 0,	   0x12, 0, 0, 0,
				   0x65, 0,    0, 0, 0x1a, 0,	 0, 0, 0};
static const uint8_t startup20[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x44, 0, 0};
static const uint8_t getrandom20[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 8};

static void start(bool tpm2, bool tcp, const char *flags)
{
	struct swtpm_opts o = {.tpm2 = tpm2, .tcp = tcp, .createek = !tpm2, .flags = flags};
	char err[1024];

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm did not start");
	cr_assert_eq(tpm_transport_open(proc.spec, NULL, &tr, err, sizeof(err)), 0, "%s", err);
}

/* Send and return the response code (the header's third field). */
static uint32_t rc_of(const uint8_t *cmd, size_t len)
{
	uint8_t rsp[TPM_MAX_MSG];
	struct tpm_hdr h;
	size_t n;

	cr_assert_eq(tpm_transmit(tr, cmd, len, rsp, sizeof(rsp), &n, 5000), 0, "%s", tr->err);
	cr_assert_eq(tpm_hdr_parse(rsp, n, &h, NULL), 0);
	return h.code;
}

static void power_cycle(void)
{
	uint8_t flags[4] = {0}, out[16];
	size_t n;

	cr_assert_eq(tpm_transport_ctrl(tr, SWTPM_CMD_INIT, flags, 4, out, sizeof(out), &n, 5000),
		     0, "%s", tr->err);
	cr_assert_eq(n, 4);
	cr_assert_eq(out[0] | out[1] | out[2] | out[3], 0, "CMD_INIT refused");
}

Test(device, tpm12_startup_cycle)
{
	start(false, false, NULL);
	power_cycle();
	cr_expect_eq(rc_of(getcap12, sizeof(getcap12)), 0x26, "before Startup: INVALID_POSTINIT");
	cr_expect_eq(rc_of(startup12, sizeof(startup12)), 0, "Startup(ST_CLEAR) succeeds");
	cr_expect_eq(rc_of(getcap12, sizeof(getcap12)), 0, "GetCapability works after Startup");
	cr_expect_eq(rc_of(startup12, sizeof(startup12)), 0x26, "a second Startup fails");
	power_cycle();
	cr_expect_eq(rc_of(getcap12, sizeof(getcap12)), 0x26, "after a power cycle: needs Startup");
	cr_expect_eq(rc_of(startup12, sizeof(startup12)), 0, "Startup succeeds again");
}

Test(device, tpm20_startup_cycle_tcp)
{
	start(true, true, NULL);
	power_cycle();
	cr_expect_eq(rc_of(getrandom20, sizeof(getrandom20)), 0x100,
		     "before Startup: RC_INITIALIZE");
	cr_expect_eq(rc_of(startup20, sizeof(startup20)), 0, "Startup(CLEAR) succeeds");
	cr_expect_eq(rc_of(getrandom20, sizeof(getrandom20)), 0);
	cr_expect_eq(rc_of(startup20, sizeof(startup20)), 0x100, "a second Startup fails");
	power_cycle();
	cr_expect_eq(rc_of(getrandom20, sizeof(getrandom20)), 0x100, "power cycle: needs Startup");
	cr_expect_eq(rc_of(startup20, sizeof(startup20)), 0);
}

Test(device, family_detected_by_asking)
{
	enum tpm_family f;
	char src[256];

	start(false, false, NULL);
	power_cycle();
	cr_assert_eq(tpm_detect_family(tr, &f, src, sizeof(src)), 0, "%s", tr->err);
	cr_expect_eq(f, TPM_FAMILY_12);
	cr_expect(strstr(src, "TPM 1.2 tag 0x00c4 and TPM_"), "source: %s", src);
	teardown();
	start(true, false, NULL);
	power_cycle();
	cr_assert_eq(tpm_detect_family(tr, &f, src, sizeof(src)), 0, "%s", tr->err);
	cr_expect_eq(f, TPM_FAMILY_20, "family %d", f);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(device, stopped_swtpm_costs_the_deadline_only)
{
	uint8_t rsp[TPM_MAX_MSG];
	size_t n;
	double t0, dt;
	int ret;

	start(true, false, "not-need-init,startup-clear");
	cr_assert_eq(rc_of(getrandom20, sizeof(getrandom20)), 0);
	kill(proc.pid, SIGSTOP);
	t0 = now_s();
	ret = tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 1000);
	dt = now_s() - t0;
	kill(proc.pid, SIGCONT);
	cr_expect_eq(ret, -ETIMEDOUT);
	cr_expect(dt >= 0.95 && dt < 2.0, "took %.2f s for a 1 s deadline", dt);
	cr_expect(strstr(tr->err, "did not answer within 1.0 s"), "err: %s", tr->err);
	/* the dropped connection is replaced; the TPM answers again */
	cr_expect_eq(rc_of(getrandom20, sizeof(getrandom20)), 0);
}

/* ---- a test double that answers one command with fixed bytes ---- */

struct double_srv {
	int lfd;
	const uint8_t *answer;
	size_t len;
	bool hold_open; /* keep the connection after answering */
};

static void *double_run(void *arg)
{
	struct double_srv *d = arg;
	uint8_t buf[4096];
	int fd = accept(d->lfd, NULL, NULL);

	if (fd < 0)
		return NULL;
	if (read(fd, buf, sizeof(buf)) > 0 && d->len)
		(void)!write(fd, d->answer, d->len);
	if (d->hold_open)
		sleep(3);
	close(fd);
	return NULL;
}

static void double_case(const uint8_t *answer, size_t len, bool hold, int want, const char *msg)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct double_srv d = {.answer = answer, .len = len, .hold_open = hold};
	uint8_t rsp[TPM_MAX_MSG];
	char dir[256], spec[400], err[1024];
	pthread_t th;
	size_t n = 12345;
	int ret;

	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/sock", dir);
	d.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_eq(bind(d.lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(d.lfd, 1), 0);
	pthread_create(&th, NULL, double_run, &d);
	snprintf(spec, sizeof(spec), "swtpm:unix:%s", sa.sun_path);
	cr_assert_eq(tpm_transport_open(spec, NULL, &tr, err, sizeof(err)), 0, "%s", err);
	ret = tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 1000);
	cr_expect_eq(ret, want, "ret %d, err %s", ret, tr->err);
	cr_expect_eq(n, 0, "no response length on error");
	cr_expect(strstr(tr->err, msg), "err: '%s' lacks '%s'", tr->err, msg);
	pthread_join(th, NULL);
	close(d.lfd);
	test_rmtree(dir);
}

Test(device, truncated_response)
{
	static const uint8_t a[] = {0x80, 0x01, 0, 0, 0, 20, 0, 0, 0, 0, 0, 8, 1, 2};

	double_case(a, sizeof(a), false, -EPROTO, "truncated response from");
	cr_expect(strstr(tr->err, "after 14 of 20 bytes"), "%s", tr->err);
}

Test(device, size_field_lies_high)
{
	static const uint8_t a[] = {0x80, 0x01, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1, 2, 3};

	double_case(a, sizeof(a), false, -EPROTO, "its header says 4294967295 bytes");
}

Test(device, size_field_lies_low)
{
	static const uint8_t a[] = {0x80, 0x01, 0, 0, 0, 4, 0, 0, 0, 0};

	double_case(a, sizeof(a), false, -EPROTO, "its header says 4 bytes");
}

Test(device, size_field_promises_more_than_comes)
{
	static const uint8_t a[] = {0x80, 0x01, 0, 0, 0, 12, 0, 0, 0, 0};

	double_case(a, sizeof(a), true, -ETIMEDOUT,
		    "sent 10 of the 12 bytes its answer announced, then nothing until 1.0 s");
}

Test(device, peer_closes_without_answer)
{
	double_case(NULL, 0, false, -EPROTO, "after 0 of 10 bytes");
}

Test(device, nothing_listening)
{
	char err[1024];
	double t0 = now_s();

	cr_expect_eq(
	    tpm_transport_open("swtpm:unix:/nonexistent/tpmdiag.sock", NULL, &tr, err, sizeof(err)),
	    -ENOENT);
	cr_expect(strstr(err, "cannot connect to swtpm at /nonexistent/tpmdiag.sock"), "%s", err);
	cr_expect(now_s() - t0 < 1.0);
}

Test(device, dev_null_is_not_a_tpm)
{
	char err[1024];

	cr_expect_eq(tpm_transport_open("dev:/dev/null", NULL, &tr, err, sizeof(err)), -ENOTTY);
	cr_expect(strstr(err, "/dev/null is not a TPM"), "%s", err);
}

Test(device, regular_file_is_not_a_tpm)
{
	char dir[256], spec[400], err[1024];
	FILE *f;

	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	snprintf(spec, sizeof(spec), "dev:%s/tpm0", dir);
	f = fopen(spec + 4, "w");
	cr_assert(f);
	fclose(f);
	cr_expect_eq(tpm_transport_open(spec, NULL, &tr, err, sizeof(err)), -ENOTTY);
	cr_expect(strstr(err, "not a character device"), "%s", err);
	test_rmtree(dir);
}
