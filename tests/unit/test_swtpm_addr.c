// SPDX-License-Identifier: GPL-2.0-or-later
/* The swtpm: spec parser split out of swtpm.c (swtpm_addr_parse). */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "probes/transport/swtpm.h"

Test(swtpm_addr, tcp_v4_v6_unix)
{
	struct swtpm_addr a;
	char err[256];

	cr_assert_eq(swtpm_addr_parse("tcp:127.0.0.1:2321", &a, err, sizeof(err)), 0);
	cr_assert_str_eq(a.host, "127.0.0.1");
	cr_assert_eq(a.port, 2321);
	cr_assert_str_eq(a.where, "127.0.0.1:2321");
	cr_assert_eq(swtpm_addr_parse("tcp:[::1]:2321", &a, err, sizeof(err)), 0);
	cr_assert_str_eq(a.host, "::1");
	cr_assert_eq(swtpm_addr_parse("unix:/run/s", &a, err, sizeof(err)), 0);
	cr_assert(a.unix_sock);
	cr_assert_str_eq(a.ctrl_path, "/run/s.ctrl");
}

Test(swtpm_addr, refused)
{
	static const char *const bad[] = {
	    "tcp:localhost:0", "tcp:localhost:65535", "tcp::1", "tcp:localhost", "unix:", "udp:x:1",
	    "tcp:h:1x"};
	struct swtpm_addr a;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert_eq(swtpm_addr_parse(bad[i], &a, err, sizeof(err)), -EINVAL, "%s", bad[i]);
		cr_assert(err[0], "%s", bad[i]);
	}
}
