// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * swtpm's control-channel answers (probes/transport/swtpm_ctrl_answer.c):
 * the GET_INFO answer as swtpm 0.7.1 sent it, then shapes a broken or
 * hostile server could send.
 */
#include <criterion/criterion.h>
#include <errno.h>

#include "probes/transport/swtpm.h"
#include "probes/transport/swtpm_ctrl_answer.h"

Test(swtpm_ctrl, get_info_as_swtpm_sends_it)
{
	static const uint8_t a[] = {0,	 0,   0,   0,	0,   0,	  0,   14,  0,
				    0,	 0,   14,  '{', '"', 'f', 'a', 'm', 'i',
				    'l', 'y', '"', ':', '2', '.', '0', '}', 0};
	struct swtpm_answer ans;
	const char *why;

	cr_assert_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_INFO, a, sizeof(a), &ans, &why), 0);
	cr_expect_eq(ans.result, 0);
	cr_expect_str_eq(ans.info, "{\"family\":2.0}");
	cr_expect_not(ans.info_cut);
}

Test(swtpm_ctrl, lengths_that_lie_are_refused)
{
	static const uint8_t a[] = {0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, '{', '}'};
	struct swtpm_answer ans;
	const char *why;

	cr_expect_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_INFO, a, sizeof(a), &ans, &why), -EBADMSG);
	cr_expect_str_eq(why, "its length field points past the end of the answer");
	cr_expect_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_INFO, a, 8, &ans, &why), -EBADMSG);
	cr_expect_eq(swtpm_ctrl_decode(SWTPM_CMD_INIT, a, 3, &ans, &why), -EBADMSG);
	cr_expect_str_eq(why, "shorter than its 4-byte result");
	cr_expect_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_TPMESTABLISHED, a, 4, &ans, &why), -EBADMSG);
}

Test(swtpm_ctrl, result_established_caps_and_controls)
{
	static const uint8_t refused[] = {0, 0, 0, 9};
	static const uint8_t est[] = {0, 0, 0, 0, 0x03, 0, 0, 0};
	static const uint8_t caps[] = {0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const uint8_t ctl[] = {0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 'a', '\n', 'b'};
	struct swtpm_answer ans;
	const char *why;

	cr_assert_eq(swtpm_ctrl_decode(SWTPM_CMD_INIT, refused, 4, &ans, &why), 0);
	cr_expect_eq(ans.result, 9);
	cr_assert_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_TPMESTABLISHED, est, 8, &ans, &why), 0);
	cr_expect_eq(ans.established, 1);
	cr_assert_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_CAPABILITY, caps, 8, &ans, &why), 0);
	cr_expect_eq(ans.caps, 0xffff);
	cr_assert_eq(swtpm_ctrl_decode(SWTPM_CMD_GET_INFO, ctl, sizeof(ctl), &ans, &why), 0);
	cr_expect_str_eq(ans.info, "a?b");
}
