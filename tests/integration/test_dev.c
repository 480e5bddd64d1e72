// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dev: transport without a real TPM: a pseudo-terminal in raw mode
 * stands in for /dev/tpm0 (a character device with no sysfs entry), and a
 * fake root supplies the sysfs family and the /proc holders. The chip's
 * side is played by a thread on the pty master.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "probes/os/holders.h"
#include "probes/tpm/buf.h"
#include "probes/commands/family.h"
#include "probes/transport/transport.h"
#include "tests/integration/swtpm_proc.h"

static char tmp[256];
static struct tpm_transport *tr;

static void teardown(void)
{
	tpm_transport_close(tr);
	tr = NULL;
	test_rmtree(tmp);
}

TestSuite(dev, .fini = teardown, .timeout = 30);

struct pty {
	int master, slave;
	char path[64];
};

static void pty_open(struct pty *p)
{
	struct termios t;

	p->master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert(p->master >= 0);
	cr_assert_eq(grantpt(p->master), 0);
	cr_assert_eq(unlockpt(p->master), 0);
	snprintf(p->path, sizeof(p->path), "%s", ptsname(p->master));
	p->slave = open(p->path, O_RDWR | O_NOCTTY); /* holds the raw settings */
	cr_assert(p->slave >= 0);
	tcgetattr(p->slave, &t);
	cfmakeraw(&t);
	tcsetattr(p->slave, TCSANOW, &t);
}

struct chip {
	int fd;
	const uint8_t *answer;
	size_t len;
	uint8_t got[64];
	ssize_t got_len;
};

static void *chip_run(void *arg)
{
	struct chip *c = arg;

	c->got_len = read(c->fd, c->got, sizeof(c->got));
	if (c->len)
		(void)!write(c->fd, c->answer, c->len);
	return NULL;
}

static const uint8_t getrandom20[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 2};

Test(dev, exchange_and_family_from_sysfs_under_root)
{
	static const uint8_t answer[] = {0x80, 0x01, 0, 0, 0, 0x0e, 0, 0, 0, 0, 0, 2, 0xab, 0xcd};
	struct tpm_open_opts o = {.root = tmp};
	struct chip c = {.answer = answer, .len = sizeof(answer)};
	char path[600], err[1024], src[256];
	uint8_t rsp[TPM_MAX_MSG];
	enum tpm_family f;
	struct stat st;
	struct pty p;
	pthread_t th;
	size_t n;
	FILE *fp;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	pty_open(&p);
	stat(p.path, &st);
	/* ROOT/dev/tpm0 -> the pty; ROOT/sys/dev/char/M:m as the kernel lays out a TPM 1.2 */
	snprintf(path, sizeof(path), "%s/dev", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/tpm0", tmp);
	cr_assert_eq(symlink(p.path, path), 0);
	snprintf(path, sizeof(path), "%s/sys/dev/char/%u:%u", tmp, major(st.st_rdev),
		 minor(st.st_rdev));
	{
		char cmd[800];

		snprintf(cmd, sizeof(cmd),
			 "mkdir -p '%s' '%s/sys/class/tpm' && ln -s "
			 "../../../class/tpm '%s/subsystem'",
			 path, tmp, path);
		cr_assert_eq(system(cmd), 0);
	}
	strcat(path, "/tpm_version_major");
	fp = fopen(path, "w");
	fputs("1\n", fp);
	fclose(fp);

	cr_assert_eq(tpm_transport_open(NULL, &o, &tr, err, sizeof(err)), 0, "%s", err);
	cr_expect(strstr(tr->spec, "/dev/tpm0"), "default device: %s", tr->spec);
	cr_assert_eq(tpm_detect_family(tr, &f, src, sizeof(src)), 0);
	cr_expect_eq(f, TPM_FAMILY_12);
	cr_expect_str_eq(src, "sysfs tpm_version_major");

	c.fd = p.master;
	pthread_create(&th, NULL, chip_run, &c);
	cr_expect_eq(tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 2000),
		     0, "%s", tr->err);
	pthread_join(th, NULL);
	cr_expect_eq(c.got_len, (ssize_t)sizeof(getrandom20), "the chip got the whole command");
	cr_expect_eq(n, sizeof(answer));
	cr_expect_arr_eq(rsp, answer, sizeof(answer));
	close(p.slave);
	close(p.master);
}

Test(dev, silent_chip_costs_the_deadline)
{
	struct chip c = {0};
	struct timespec a, b;
	uint8_t rsp[TPM_MAX_MSG];
	char spec[128], err[1024];
	struct pty p;
	pthread_t th;
	size_t n;
	double dt;

	pty_open(&p);
	snprintf(spec, sizeof(spec), "dev:%s", p.path);
	cr_assert_eq(tpm_transport_open(spec, NULL, &tr, err, sizeof(err)), 0, "%s", err);
	c.fd = p.master;
	pthread_create(&th, NULL, chip_run, &c);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_expect_eq(tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 1000),
		     -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	pthread_join(th, NULL);
	dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	cr_expect(dt >= 0.95 && dt < 2.0, "took %.2f s", dt);
	cr_expect(strstr(tr->err, "did not answer within 1.0 s"), "%s", tr->err);
	/* the command is still in flight as far as the device knows: no second one */
	cr_expect_eq(tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 1000),
		     -EBUSY);
	cr_expect(strstr(tr->err, "still works on a command"), "%s", tr->err);
	close(p.slave);
	close(p.master);
}

Test(dev, answer_that_is_not_a_tpm_response)
{
	static const uint8_t junk[] = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'};
	struct chip c = {.answer = junk, .len = sizeof(junk)};
	uint8_t rsp[TPM_MAX_MSG];
	char spec[128], err[1024];
	struct pty p;
	pthread_t th;
	size_t n = 99;

	pty_open(&p);
	snprintf(spec, sizeof(spec), "dev:%s", p.path);
	cr_assert_eq(tpm_transport_open(spec, NULL, &tr, err, sizeof(err)), 0, "%s", err);
	c.fd = p.master;
	pthread_create(&th, NULL, chip_run, &c);
	cr_expect_eq(tpm_transmit(tr, getrandom20, sizeof(getrandom20), rsp, sizeof(rsp), &n, 2000),
		     -EPROTO);
	pthread_join(th, NULL);
	cr_expect_eq(n, 0);
	cr_expect(strstr(tr->err, "not a TPM response (12 bytes"), "%s", tr->err);
	close(p.slave);
	close(p.master);
}

Test(dev, holders_named_from_proc)
{
	struct tpm_holder h[4];
	char path[600], cmd[1200];
	size_t n, unreadable;

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd '%s'; mkdir -p proc/812/fd proc/900/fd proc/self; "
		 "echo tcsd > proc/812/comm; ln -s /dev/tpm0 proc/812/fd/5; "
		 "ln -s /dev/null proc/812/fd/0; echo bash > proc/900/comm; "
		 "ln -s /dev/pts/1 proc/900/fd/0",
		 tmp);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(tpm_holders_find(tmp, "/dev/tpm0", h, 4, &n, &unreadable), 0);
	cr_assert_eq(n, 1);
	cr_expect_eq(h[0].pid, 812);
	cr_expect_str_eq(h[0].comm, "tcsd");
	cr_expect(strstr(tpm_holder_remedy(h[0].comm), "systemctl stop tcsd"));
	cr_expect_null(tpm_holder_remedy("bash"));
	snprintf(path, sizeof(path), "%s/nothing", tmp);
	cr_expect_eq(tpm_holders_find(path, "/dev/tpm0", h, 4, &n, NULL), -ENOENT);
}
