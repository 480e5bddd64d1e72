// SPDX-License-Identifier: GPL-2.0-or-later
#include <time.h>

#include "probes/tpm/tpm.h"

double tpm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int tpm_ms_left(double deadline)
{
	double now = tpm_now_ms();

	return now >= deadline ? 0 : (int)(deadline - now) + 1;
}

const char *tpm_family_name(enum tpm_family f)
{
	switch (f) {
	case TPM_FAMILY_12:
		return "1.2";
	case TPM_FAMILY_20:
		return "2.0";
	case TPM_FAMILY_UNKNOWN:
		break;
	}
	return "unknown";
}
