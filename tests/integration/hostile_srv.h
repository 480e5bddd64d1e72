/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A misbehaving TPM on a unix socket, in a thread of the test: it accepts
 * every connection and answers each command the way its mode says (the
 * chip's answers are outside input). A control socket beside it (PATH.ctrl)
 * accepts and stays silent.
 */
#ifndef TPMDIAG_TEST_HOSTILE_SRV_H
#define TPMDIAG_TEST_HOSTILE_SRV_H

#include <pthread.h>
#include <stdbool.h>

enum hostile_mode {
	HOSTILE_HANG,	 /* reads the command, never answers */
	HOSTILE_DEAF,	 /* accepts, never reads */
	HOSTILE_DRIP,	 /* a right answer, one byte every 300 ms */
	HOSTILE_SHORT,	 /* a header whose size says 6 */
	HOSTILE_LONG,	 /* a header that says 4096, 10 bytes, then silence */
	HOSTILE_GARBAGE, /* "HTTP/1.0 400 Bad Request" */
	HOSTILE_EXTRA,	 /* a right 10-byte answer and 4990 bytes more */
	HOSTILE_CLOSE,	 /* 5 bytes of an answer, then close */
	HOSTILE_WRONG,	 /* a well-formed TPM 1.2 answer to every TPM 2.0 command */
	HOSTILE_MODES,
};

struct hostile_srv {
	enum hostile_mode mode;
	char dir[256];	/* its private directory */
	char spec[400]; /* "swtpm:unix:DIR/sock" for --device */
	int lfd, cfd;	/* data and control listeners */
	int stop[2];	/* a pipe: writing to it ends the thread */
	pthread_t th;
	bool running;
};

const char *hostile_mode_name(enum hostile_mode m);
/* Start a server of mode m in a fresh temp directory. 0 or -errno. */
int hostile_start(struct hostile_srv *h, enum hostile_mode m);
/* Stop it, close every connection and remove its directory. */
void hostile_stop(struct hostile_srv *h);

#endif
