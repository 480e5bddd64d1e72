/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A loopback proxy between tpmdiag and a swtpm's data port that counts the
 * commands going through and, at command N, kills a process with SIGKILL:
 * either before the command reaches the TPM, or after the TPM carried it
 * out (its answer withheld). That is a kill -9 "after each step in turn"
 * at exactly the step, from outside the process, with no hook in tpmdiag.
 */
#ifndef TPMDIAG_TEST_KILL_PROXY_H
#define TPMDIAG_TEST_KILL_PROXY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct kill_proxy {
	int lfd;
	int stop_pipe[2];
	unsigned port;	     /* where tpmdiag connects: swtpm:tcp:127.0.0.1:PORT */
	unsigned upstream;   /* the swtpm's data port */
	unsigned kill_at;    /* 1-based command number; 0 = never kill */
	bool after;	     /* kill once the TPM answered command kill_at */
	bool reset;	     /* instead of a kill: power-cycle the TPM (swtpm CMD_INIT on
				the control port, upstream + 1) once it answered command
				kill_at, then pass the answer on and go on forwarding */
	uint32_t stall_code; /* a command of this code gets no answer, nor does anything
				after it on that connection (0 = none) */
	pid_t victim;	     /* set with kill_proxy_victim (atomic) */
	unsigned seen;	     /* commands seen (atomic) */
	bool killed;	     /* (atomic) */
	pthread_t th;
	bool running;
};

/* 0 or -errno; listens on a free loopback port. */
int kill_proxy_start(struct kill_proxy *p, unsigned upstream, unsigned kill_at, bool after);
/* The process to kill; commands wait until it is set. */
void kill_proxy_victim(struct kill_proxy *p, pid_t pid);
/* The same, but a power cycle after command reset_at instead of a kill. */
int kill_proxy_start_reset(struct kill_proxy *p, unsigned upstream, unsigned reset_at);
/* The same, but it only forwards, except that it stalls at the first command of code cc. */
int kill_proxy_start_stall(struct kill_proxy *p, unsigned upstream, uint32_t cc);
/* From now on, only forward (the same port serves a rerun). */
void kill_proxy_disarm(struct kill_proxy *p);
/* How many commands went through (or were stopped). */
unsigned kill_proxy_seen(struct kill_proxy *p);
bool kill_proxy_killed(struct kill_proxy *p);
void kill_proxy_stop(struct kill_proxy *p);

#endif
