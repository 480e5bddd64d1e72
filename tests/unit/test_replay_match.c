// SPDX-License-Identifier: GPL-2.0-or-later
/* The replay matcher split out of replay.c (probes/transport/replay.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "probes/transport/replay.h"

static uint8_t getrand[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 0x08};
static uint8_t startup[] = {0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x44, 0, 0};

Test(replay_match, cursor_first_then_wrap)
{
	struct tpm_exchange ex[3] = {
	    {.cmd = getrand, .cmd_len = sizeof(getrand)},
	    {.cmd = startup, .cmd_len = sizeof(startup)},
	    {.cmd = getrand, .cmd_len = sizeof(getrand)},
	};
	struct tpm_transcript tr = {.ex = ex, .n = 3};
	bool used[3] = {false, false, false};

	cr_assert_eq(tpm_replay_find(&tr, used, 1, getrand, sizeof(getrand)), 2);
	used[2] = true;
	cr_assert_eq(tpm_replay_find(&tr, used, 3, getrand, sizeof(getrand)), 0);
	used[0] = true;
	cr_assert_eq(tpm_replay_find(&tr, used, 0, getrand, sizeof(getrand)), 3);
	/* A prefix of a recorded command is another command. */
	cr_assert_eq(tpm_replay_find(&tr, used, 0, startup, sizeof(startup) - 1), 3);
}

Test(replay_match, readpubek_nonce_ignored)
{
	uint8_t a[30] = {0x00, 0xc1, 0, 0, 0, 0x1e, 0, 0, 0, 0x7c}, b[30];
	struct tpm_exchange e = {.cmd = a, .cmd_len = sizeof(a)};

	memcpy(b, a, sizeof(a));
	memset(b + 10, 0x5a, 20);
	cr_assert(tpm_replay_same(&e, b, sizeof(b)));
	b[2] = 1; /* outside the nonce */
	cr_assert_not(tpm_replay_same(&e, b, sizeof(b)));
}
