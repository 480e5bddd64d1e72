// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the swtpm: device spec (swtpm_addr_parse in
 * probes/transport/swtpm_addr.c), the text after "swtpm:". Every string
 * out is NUL-terminated within its field and the error too; a tcp: port is
 * 1..65534 and a host is not empty; a unix: path is the input and its
 * control socket PATH.ctrl; and a parsed spec written back as
 * tcp:[HOST]:PORT or unix:PATH parses to the same address.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/transport/swtpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t cap)
{
	if (strnlen(s, cap) >= cap)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swtpm_addr a, b;
	char *spec, err[256], again[600];

	if (size > 4096)
		return 0;
	spec = malloc(size + 1);
	if (!spec)
		abort();
	memcpy(spec, data, size);
	spec[size] = '\0';
	err[0] = '\0';
	if (swtpm_addr_parse(spec, &a, err, sizeof(err))) {
		check_str(err, sizeof(err));
		if (!err[0])
			abort();
		goto out;
	}
	check_str(a.host, sizeof(a.host));
	check_str(a.path, sizeof(a.path));
	check_str(a.ctrl_path, sizeof(a.ctrl_path));
	check_str(a.where, sizeof(a.where));
	if (a.unix_sock) {
		if (!a.path[0] || strcmp(a.path, spec + 5) ||
		    strncmp(a.ctrl_path, a.path, strlen(a.path)) ||
		    strcmp(a.ctrl_path + strlen(a.path), ".ctrl"))
			abort();
		snprintf(again, sizeof(again), "unix:%s", a.path);
	} else {
		if (!a.host[0] || a.port < 1 || a.port > 65534)
			abort();
		snprintf(again, sizeof(again), "tcp:[%s]:%u", a.host, a.port);
	}
	if (swtpm_addr_parse(again, &b, err, sizeof(err)) || memcmp(&a, &b, sizeof(a)))
		abort();
out:
	free(spec);
	return 0;
}
