// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel probe's text readers split out to probes/parse/kernel_text.c. */
#include <criterion/criterion.h>
#include <string.h>

#include "probes/parse/kernel_text.h"

Test(kernel_text, config_values)
{
	const char *cfg =
	    "# CONFIG_TCG_TIS is not set\nCONFIG_TCG_TPM=m\r\nCONFIG_TCG_TPM2_HMAC=y\n"
	    "CONFIG_IMA_DEFAULT_HASH=\"sha256\"";
	char v[16];

	kernel_config_value(cfg, "TCG_TPM", v, sizeof(v));
	cr_assert_str_eq(v, "m");
	kernel_config_value(cfg, "TCG_TIS", v, sizeof(v));
	cr_assert_str_eq(v, "n");
	kernel_config_value(cfg, "IMA_DEFAULT_HASH", v, sizeof(v));
	cr_assert_str_eq(v, "\"sha256\"");
	kernel_config_value(cfg, "IMA_DEFAULT_HASH", v, 4);
	cr_assert_str_eq(v, "\"sh");
}

Test(kernel_text, cmdline_tpm_params)
{
	char s[] = "ro quiet tpm_tis.force=1 rd.luks.options=\"tpm2-device=auto a\" ima=on x";
	const char *t[4];
	size_t n = kernel_cmdline_split(s, t, 4);

	cr_assert_eq(n, 3);
	cr_assert_str_eq(t[0], "tpm_tis.force=1");
	cr_assert_str_eq(t[1], "rd.luks.options=\"tpm2-device=auto a\"");
	cr_assert_str_eq(t[2], "ima=on");
	cr_assert_eq(kernel_cmdline_split(strcpy(s, "tpm=1 tpm=2"), t, 1), 1);
}
