/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A swtpm for one test: its own state directory under a temporary
 * directory, a unix socket (or free loopback TCP ports), stopped and
 * removed by swtpm_proc_stop. Never touches the machine's TPM state.
 */
#ifndef TPMDIAG_TEST_SWTPM_PROC_H
#define TPMDIAG_TEST_SWTPM_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct swtpm_proc {
	pid_t pid;
	char dir[256];
	char sock[300]; /* unix data socket; control at sock.ctrl */
	unsigned port;	/* TCP data port when tcp, control on port + 1 */
	char spec[400]; /* --device SPEC for tpmdiag */
};

struct swtpm_opts {
	bool tpm2;
	bool tcp;
	bool createek;	   /* run swtpm_setup --createek first */
	bool ekcert;	   /* and --create-ek-cert, from a private swtpm_localca in dir */
	const char *flags; /* --flags value, e.g. "not-need-init,startup-clear"; NULL = none */
};

/* Start it; 0 or -errno. On failure nothing is left behind. */
int swtpm_proc_start(const struct swtpm_opts *o, struct swtpm_proc *p);
void swtpm_proc_stop(struct swtpm_proc *p);

/*
 * Run ./tpmdiag (TPMDIAG_BIN) with the shell-quoted words of fmt, capture
 * stdout+stderr into out (NUL-terminated, cut at cap) and return its exit
 * status (-1 when it did not exit normally).
 */
int run_tpmdiag(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Run a tpm2-tools command line against p (a TCP swtpm: TPM2TOOLS_TCTI is
 * set), as run_tpmdiag does.
 */
int swtpm_tool(const struct swtpm_proc *p, char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A private temporary directory for a test (rm -rf with rmtree). */
int test_tmpdir(char *out, size_t len);
void test_rmtree(const char *dir);

#endif
