/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One interface in front of every way to reach a TPM:
 *
 *   dev:PATH              the kernel character device (/dev/tpm0, /dev/tpmrm0)
 *   swtpm:tcp:HOST:PORT   a swtpm socket; control channel on PORT+1
 *   swtpm:unix:PATH       a swtpm unix socket; control channel PATH.ctrl
 *   spawn:1.2, spawn:2.0  a private swtpm started (and removed) by tpmdiag
 *   replay:FILE           a recorded transcript played back
 *
 * Every transmit has a deadline. Functions return 0 or -errno and leave a
 * sentence for a person in t->err ("did not answer within 5 s", "held by
 * tcsd (pid 812)"); callers print it, transports never print.
 */
#ifndef TPMDIAG_TRANSPORT_H
#define TPMDIAG_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "probes/tpm/tpm.h"

struct tpm_transport;

struct tpm_transport_ops {
	const char *kind; /* "dev", "swtpm", "spawn", "replay" */
	/*
	 * Send one complete command, receive one complete response into rsp
	 * (at most rsp_cap bytes), waiting at most timeout_ms. Only whole,
	 * header-consistent responses are returned.
	 */
	int (*transmit)(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
			size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms);
	/*
	 * swtpm control channel: u32 command code then payload in, u32 result
	 * then data out (out includes the result word). NULL when the
	 * transport has no control channel.
	 */
	int (*ctrl)(struct tpm_transport *t, uint32_t code, const uint8_t *in, size_t in_len,
		    uint8_t *out, size_t out_cap, size_t *out_len, unsigned timeout_ms);
	void (*close)(struct tpm_transport *t);
};

struct tpm_recorder; /* probes/transport/record.h */

/*
 * A long wait, told to a person at a terminal (the CLI provides fn; the
 * device layer never prints): phase 0 when it begins (what, deadline), 1
 * about twice a second while it goes on, 2 when it ends.
 */
struct tpm_progress {
	void (*fn)(void *arg, int phase, const char *what, unsigned deadline_ms, double elapsed_ms);
	void *arg;
};

/* Waits shorter than this are not worth a progress line. */
#define TPM_PROGRESS_MIN_MS 2000u
/* How often a waiting transport wakes up to tell the progress. */
#define TPM_PROGRESS_TICK_MS 500

struct tpm_transport {
	const struct tpm_transport_ops *ops;
	char spec[4200];		     /* the --device SPEC as resolved ("dev:/dev/tpm0") */
	enum tpm_family family_hint;	     /* what is known without asking the chip */
	const char *family_source;	     /* where family_hint came from, or NULL */
	char err[1024];			     /* the last error, one sentence for a person */
	struct tpm_recorder *rec;	     /* --record FILE, or NULL */
	const struct tpm_progress *progress; /* or NULL */
	char progress_what[96];		     /* the command being waited for */
	double progress_t0;		     /* when it was sent (tpm_now_ms) */
	double deadline;		     /* the whole run's end (tpm_now_ms), or 0 */
	unsigned budget_ms;		     /* --timeout, for messages */
};

struct tpm_open_opts {
	bool want_rm; /* dev: default to /dev/tpmrm0 (read-only 2.0 queries) when present */
	bool startup; /* spawn: send Startup(CLEAR) after power-on */
	const char *record_path;	     /* write a transcript of every exchange, or NULL */
	const char *root;		     /* read sysfs below this root ("" or NULL = /) */
	const struct tpm_progress *progress; /* tell long waits, or NULL */
	/*
	 * --timeout: the run ends at deadline (a tpm_now_ms() value, 0 = no
	 * bound), budget_ms after it began. Opening, family detection and every
	 * command wait at most until then; a command's own deadline may only be
	 * shorter.
	 */
	double deadline;
	unsigned budget_ms;
};

/*
 * Open the transport named by spec (NULL = the default kernel device).
 * On failure *out is NULL and err (errlen bytes) holds the reason.
 */
int tpm_transport_open(const char *spec, const struct tpm_open_opts *opts,
		       struct tpm_transport **out, char *err, size_t errlen);
void tpm_transport_close(struct tpm_transport *t);

/*
 * Send cmd and receive the response, with the header checked on both sides
 * and the exchange written to the transcript when recording.
 * timeout_ms 0 = the deadline of the command's duration class; either is
 * cut to what is left of the run's deadline (t->deadline).
 */
int tpm_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
		 size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms);

/* Control channel; -EOPNOTSUPP (with t->err set) when the transport has none. */
int tpm_transport_ctrl(struct tpm_transport *t, uint32_t code, const uint8_t *in, size_t in_len,
		       uint8_t *out, size_t out_cap, size_t *out_len, unsigned timeout_ms);

/*
 * The wait for deadline goes on: tell the progress (when the wait was worth
 * telling) and return how long poll() may sleep before the next tick.
 */
int tpm_progress_wait(struct tpm_transport *t, double deadline);

/*
 * How long the next wait may be: want_ms cut to what is left of the run's
 * deadline. 0 when the run's time is up (t->err then says so).
 */
unsigned tpm_transport_budget(struct tpm_transport *t, unsigned want_ms);

/* Set t->err (printf-style) and return -err_no, for one-line error paths. */
int tpm_transport_fail(struct tpm_transport *t, int err_no, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Per-kind constructors (spec without the "kind:" prefix). */
int tpm_dev_open(const char *path, const struct tpm_open_opts *o, struct tpm_transport **out,
		 char *err, size_t errlen);
int tpm_swtpm_open(const char *rest, const struct tpm_open_opts *o, struct tpm_transport **out,
		   char *err, size_t errlen);
int tpm_spawn_open(const char *rest, const struct tpm_open_opts *o, struct tpm_transport **out,
		   char *err, size_t errlen);
int tpm_replay_open(const char *path, const struct tpm_open_opts *o, struct tpm_transport **out,
		    char *err, size_t errlen);

#endif
