// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swtpm:tcp:HOST:PORT and swtpm:unix:PATH — a swtpm socket.
 *
 * The data channel takes raw command bytes and answers raw response bytes;
 * we read the 10-byte header first and then exactly the size it announces,
 * refusing sizes outside 10..4096. The control channel (PORT+1, or
 * PATH.ctrl) gets a fresh connection per command, as swtpm_ioctl does.
 * After a timeout or a broken answer the data connection is dropped, so a
 * late answer can never be taken for the next command's.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "probes/tpm/buf.h"
#include "probes/transport/swtpm.h"
#include "probes/transport/transport.h"

#define SWTPM_CONNECT_MS 3000
/*
 * Once an answer begins, the rest must follow within this: a TPM, the
 * kernel and swtpm all hand over an answer whole, so one that trickles in
 * is not a TPM and is refused rather than waited for.
 */
#define SWTPM_TRICKLE_MS 1000

struct tpm_swtpm {
	struct tpm_transport t;
	int fd; /* data connection, -1 when not connected */
	struct swtpm_addr a;
};

/*
 * Wait for events on fd until deadline: 0, -ETIMEDOUT, or -errno. With a
 * transport t, wake up now and then to tell the progress of a long command.
 */
static int swtpm_wait(struct tpm_transport *t, int fd, short events, double deadline)
{
	struct pollfd p = {.fd = fd, .events = events};
	int r;

	do {
		r = poll(&p, 1, t ? tpm_progress_wait(t, deadline) : tpm_ms_left(deadline));
	} while ((r < 0 && errno == EINTR) || (r == 0 && tpm_ms_left(deadline) > 0));
	if (r < 0)
		return -errno;
	return r ? 0 : -ETIMEDOUT;
}

/* connect(2), retried while a unix socket's backlog is full (EAGAIN: nothing in progress). */
static int swtpm_try_connect(int fd, int family, const struct sockaddr *sa, socklen_t salen,
			     double deadline)
{
	while (connect(fd, sa, salen) < 0) {
		if (family != AF_UNIX || errno != EAGAIN)
			return -errno;
		if (!tpm_ms_left(deadline))
			return -ETIMEDOUT;
		usleep(5000);
	}
	return 0;
}

static int swtpm_connect_addr(int family, const struct sockaddr *sa, socklen_t salen,
			      double deadline, int *out)
{
	int fd, ret, soerr = 0;
	socklen_t l = sizeof(soerr);

	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = swtpm_try_connect(fd, family, sa, salen, deadline);
	if (ret == -EINPROGRESS) {
		ret = swtpm_wait(NULL, fd, POLLOUT, deadline);
		if (!ret && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &l) < 0 || soerr))
			ret = soerr ? -soerr : -errno;
	}
	if (ret)
		goto fail;
	*out = fd;
	return 0;
fail:
	close(fd);
	return ret;
}

static int swtpm_connect_unix(const char *path, double deadline, int *out)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	return swtpm_connect_addr(AF_UNIX, (const struct sockaddr *)&sa, sizeof(sa), deadline, out);
}

static int swtpm_connect_tcp(const char *host, unsigned port, double deadline, int *out)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL, *ai;
	char service[16];
	int ret = -ECONNREFUSED;

	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(host, service, &hints, &res))
		return -EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		ret = swtpm_connect_addr(ai->ai_family, ai->ai_addr, ai->ai_addrlen, deadline, out);
		if (!ret)
			break;
	}
	freeaddrinfo(res);
	return ret;
}

/* Connect the data (ctrl = 0) or control (ctrl = 1) channel. */
static int swtpm_connect(struct tpm_swtpm *s, int ctrl, int *fd)
{
	double deadline = tpm_now_ms() + SWTPM_CONNECT_MS;

	if (s->t.deadline && s->t.deadline < deadline) /* --timeout bounds the whole run */
		deadline = s->t.deadline;
	if (s->a.unix_sock)
		return swtpm_connect_unix(ctrl ? s->a.ctrl_path : s->a.path, deadline, fd);
	return swtpm_connect_tcp(s->a.host, s->a.port + (unsigned)ctrl, deadline, fd);
}

static int swtpm_send_all(struct tpm_transport *t, int fd, const uint8_t *p, size_t n,
			  double deadline)
{
	ssize_t w;
	int ret;

	while (n) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			ret = swtpm_wait(t, fd, POLLOUT, deadline);
			if (ret)
				return ret;
			continue;
		}
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read exactly n bytes; -ECONNRESET with *got set when the peer closes
 * early. When *started is set (part of the answer is in), the rest must
 * come within SWTPM_TRICKLE_MS of it: -EPROTO otherwise.
 */
static int swtpm_recv_all(struct tpm_transport *t, int fd, uint8_t *p, size_t n, double deadline,
			  size_t *got, double *started)
{
	ssize_t r;
	int ret;

	*got = 0;
	while (*got < n) {
		r = recv(fd, p + *got, n - *got, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
			double until = deadline;

			if (*started && *started + SWTPM_TRICKLE_MS < until)
				until = *started + SWTPM_TRICKLE_MS;
			ret = swtpm_wait(t, fd, POLLIN, until);
			if (ret == -ETIMEDOUT && until < deadline)
				return -EPROTO; /* it began to answer, then trickled or stopped */
			if (ret)
				return ret;
			continue;
		}
		if (r > 0 && !*started)
			*started = tpm_now_ms();
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ECONNRESET;
		*got += (size_t)r;
	}
	return 0;
}

/* Bytes waiting on fd now, without waiting (0 when none, or on error). */
static size_t swtpm_pending(int fd)
{
	uint8_t b[TPM_MAX_MSG];
	ssize_t r = recv(fd, b, sizeof(b), MSG_PEEK | MSG_DONTWAIT);

	return r > 0 ? (size_t)r : 0;
}

static void swtpm_drop(struct tpm_swtpm *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int swtpm_io_fail(struct tpm_swtpm *s, int ret, unsigned timeout_ms, size_t got, size_t want)
{
	swtpm_drop(s);
	if (ret == -ETIMEDOUT && got)
		return tpm_transport_fail(&s->t, ETIMEDOUT,
					  "the TPM at %s sent %zu of the %zu bytes its answer "
					  "announced, then nothing until %.1f s had passed",
					  s->a.where, got, want, timeout_ms / 1000.0);
	if (ret == -ETIMEDOUT)
		return tpm_transport_fail(&s->t, ETIMEDOUT,
					  "the TPM at %s did not answer within %.1f s", s->a.where,
					  timeout_ms / 1000.0);
	if (ret == -EPROTO)
		return tpm_transport_fail(
		    &s->t, EPROTO,
		    "the TPM at %s sent %zu of %zu bytes and then stalled for "
		    "%.1f s: a TPM hands over its answer whole, so this is "
		    "refused",
		    s->a.where, got, want, SWTPM_TRICKLE_MS / 1000.0);
	if (ret == -ECONNRESET && want)
		return tpm_transport_fail(&s->t, EPROTO,
					  "truncated response from %s: the connection closed after "
					  "%zu of %zu bytes",
					  s->a.where, got, want);
	return tpm_transport_fail(&s->t, -ret, "the connection to %s failed: %s", s->a.where,
				  strerror(-ret));
}

static int swtpm_transmit(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
			  size_t rsp_cap, size_t *rsp_len, unsigned timeout_ms)
{
	struct tpm_swtpm *s = (struct tpm_swtpm *)t;
	double deadline = tpm_now_ms() + timeout_ms, started = 0;
	struct tpm_hdr h;
	size_t got = 0, more;
	int ret;

	if (s->fd >= 0 && (more = swtpm_pending(s->fd))) {
		swtpm_drop(s);
		return tpm_transport_fail(
		    t, EPROTO,
		    "%zu stray bytes came from %s after its last answer: the "
		    "connection was dropped, as they would be read as the next "
		    "answer",
		    more, s->a.where);
	}
	if (s->fd < 0) {
		ret = swtpm_connect(s, 0, &s->fd);
		if (ret)
			return tpm_transport_fail(t, -ret, "cannot reconnect to %s: %s", s->a.where,
						  strerror(-ret));
	}
	ret = swtpm_send_all(t, s->fd, cmd, cmd_len, deadline);
	if (ret)
		return swtpm_io_fail(s, ret, timeout_ms, 0, 0);
	if (rsp_cap < TPM_HEADER_SIZE)
		return tpm_transport_fail(t, ENOBUFS, "response buffer too small");
	/* tag and size first: a size no TPM answer can have is refused at once */
	ret = swtpm_recv_all(t, s->fd, rsp, 6, deadline, &got, &started);
	if (ret)
		return swtpm_io_fail(s, ret, timeout_ms, got, TPM_HEADER_SIZE);
	h.size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 | (uint32_t)rsp[4] << 8 | rsp[5];
	if (h.size < TPM_HEADER_SIZE || h.size > rsp_cap || h.size > TPM_MAX_MSG) {
		char seen[8];
		size_t i;

		for (i = 0; i < 6; i++) /* what it sent, for a person: "HTTP/1" is not a TPM */
			seen[i] = rsp[i] >= 0x20 && rsp[i] < 0x7f ? (char)rsp[i] : '.';
		seen[6] = '\0';
		swtpm_drop(s);
		return tpm_transport_fail(
		    t, EPROTO,
		    "bad response from %s: its header says %u bytes (a TPM "
		    "response is 10 to %u); it began %02x %02x %02x %02x %02x "
		    "%02x \"%s\"",
		    s->a.where, h.size, TPM_MAX_MSG, rsp[0], rsp[1], rsp[2], rsp[3], rsp[4], rsp[5],
		    seen);
	}
	ret = swtpm_recv_all(t, s->fd, rsp + 6, h.size - 6, deadline, &got, &started);
	if (ret)
		return swtpm_io_fail(s, ret, timeout_ms, got + 6, h.size);
	if ((more = swtpm_pending(s->fd))) {
		swtpm_drop(s);
		return tpm_transport_fail(
		    t, EPROTO,
		    "bad response from %s: %s%zu bytes more than the %u its "
		    "header announced; refused, and the connection dropped so "
		    "they cannot be read as the next answer",
		    s->a.where, more >= TPM_MAX_MSG ? "at least " : "", more, h.size);
	}
	*rsp_len = h.size;
	return 0;
}

static int swtpm_ctrl(struct tpm_transport *t, uint32_t code, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len, unsigned timeout_ms)
{
	struct tpm_swtpm *s = (struct tpm_swtpm *)t;
	double deadline = tpm_now_ms() + timeout_ms;
	uint8_t req[4 + 64];
	ssize_t r;
	int fd = -1, ret;

	if (in_len > sizeof(req) - 4)
		return tpm_transport_fail(t, EINVAL, "control payload too long");
	req[0] = (uint8_t)(code >> 24);
	req[1] = (uint8_t)(code >> 16);
	req[2] = (uint8_t)(code >> 8);
	req[3] = (uint8_t)code;
	if (in_len)
		memcpy(req + 4, in, in_len);
	ret = swtpm_connect(s, 1, &fd);
	if (ret) {
		ret = tpm_transport_fail(t, -ret, "cannot reach the control channel of %s: %s",
					 s->a.where, strerror(-ret));
		goto out;
	}
	ret = swtpm_send_all(NULL, fd, req, 4 + in_len, deadline);
	/* Answers are small and come in one piece; read what arrives first. */
	while (!ret) {
		r = recv(fd, out, out_cap, 0);
		if (r > 0) {
			*out_len = (size_t)r;
			break;
		}
		if (r == 0) {
			ret = -ECONNRESET;
			break;
		}
		if (errno != EAGAIN && errno != EINTR)
			ret = -errno;
		else
			ret = swtpm_wait(t, fd, POLLIN, deadline);
	}
	if (ret)
		ret = tpm_transport_fail(t, -ret, "control command %u to %s failed: %s", code,
					 s->a.where,
					 ret == -ETIMEDOUT ? "no answer" : strerror(-ret));
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

static void swtpm_close(struct tpm_transport *t)
{
	struct tpm_swtpm *s = (struct tpm_swtpm *)t;

	swtpm_drop(s);
	free(s);
}

static const struct tpm_transport_ops tpm_swtpm_ops = {
    .kind = "swtpm",
    .transmit = swtpm_transmit,
    .ctrl = swtpm_ctrl,
    .close = swtpm_close,
};

int tpm_swtpm_open(const char *rest, const struct tpm_open_opts *o, struct tpm_transport **out,
		   char *err, size_t errlen)
{
	struct tpm_swtpm *s;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->t.ops = &tpm_swtpm_ops;
	s->t.deadline = o->deadline; /* the connect below is part of the run */
	s->fd = -1;
	snprintf(s->t.spec, sizeof(s->t.spec), "swtpm:%s", rest);
	ret = swtpm_addr_parse(rest, &s->a, err, errlen);
	if (ret)
		goto fail;
	ret = swtpm_connect(s, 0, &s->fd);
	if (ret) {
		snprintf(err, errlen, "cannot connect to swtpm at %s: %s%s%s", s->a.where,
			 ret == -ETIMEDOUT ? "no answer" : strerror(-ret),
			 ret == -ECONNREFUSED || ret == -ENOENT
			     ? " (is swtpm running there? start one with: swtpm socket --tpm2 "
			       "--tpmstate dir=DIR "
			     : "",
			 ret != -ECONNREFUSED && ret != -ENOENT ? ""
			 : s->a.unix_sock
			     ? "--server type=unixio,path=PATH --ctrl "
			       "type=unixio,path=PATH.ctrl)"
			     : "--server type=tcp,port=PORT --ctrl type=tcp,port=PORT+1)");
		goto fail;
	}
	*out = &s->t;
	return 0;
fail:
	swtpm_close(&s->t);
	return ret;
}
