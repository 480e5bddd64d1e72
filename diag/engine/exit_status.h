/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bits of tpmdiag's exit status (tpmdiag(1) EXIT STATUS): set by the
 * command line, named in the JSON report's "exit_bits".
 */
#ifndef TPMDIAG_EXIT_STATUS_H
#define TPMDIAG_EXIT_STATUS_H

enum tpmdiag_exit {
	TPMDIAG_EXIT_OK = 0,
	TPMDIAG_EXIT_USAGE = 1 << 0,	 /* the command line was wrong */
	TPMDIAG_EXIT_DEVICE = 1 << 1,	 /* a device or probe could not be read */
	TPMDIAG_EXIT_TPM_ERROR = 1 << 2, /* the TPM answered with an error, or an action failed */
	TPMDIAG_EXIT_WARNING_FINDING = 1 << 3, /* check: a finding of severity warning */
	TPMDIAG_EXIT_ERROR_FINDING = 1 << 4,   /* check: a finding of severity error */
	TPMDIAG_EXIT_INFO_FINDING = 1 << 5, /* check --fail-on info: a finding of severity info */
};

#endif
