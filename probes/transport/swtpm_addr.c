// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The swtpm: device spec, read with no I/O (probes/transport/swtpm.h), so
 * it can be tested and fuzzed apart from the sockets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/transport/swtpm.h"

int swtpm_addr_parse(const char *rest, struct swtpm_addr *s, char *err, size_t errlen)
{
	const char *colon, *host;
	char *end;
	size_t hl;
	long port;

	memset(s, 0, sizeof(*s));
	if (!strncmp(rest, "unix:", 5)) {
		if (strlen(rest + 5) + 6 > sizeof(s->path) || !rest[5]) {
			snprintf(err, errlen,
				 "bad swtpm socket path '%s': empty or longer than %zu", rest + 5,
				 sizeof(s->path) - 6);
			return -EINVAL;
		}
		s->unix_sock = 1;
		snprintf(s->path, sizeof(s->path), "%s", rest + 5);
		snprintf(s->ctrl_path, sizeof(s->ctrl_path), "%s.ctrl", rest + 5);
		snprintf(s->where, sizeof(s->where), "%s", s->path);
		return 0;
	}
	if (strncmp(rest, "tcp:", 4) || !(colon = strrchr(rest + 4, ':'))) {
		snprintf(err, errlen, "bad swtpm device 'swtpm:%s': " SWTPM_SPEC_HELP, rest);
		return -EINVAL;
	}
	host = rest + 4;
	hl = (size_t)(colon - host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host++;
		hl -= 2;
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (!hl || hl >= sizeof(s->host) || errno || *end || port < 1 || port > 65534) {
		snprintf(err, errlen,
			 "bad swtpm device 'swtpm:%s': need a host and a port from 1 to 65534 "
			 "(" SWTPM_SPEC_HELP ")",
			 rest);
		return -EINVAL;
	}
	memcpy(s->host, host, hl);
	s->host[hl] = '\0';
	s->port = (unsigned)port;
	snprintf(s->where, sizeof(s->where), "%s:%u", s->host, s->port);
	return 0;
}
