/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swtpm's control channel (swtpm_ioctl's commands over a socket): a u32
 * command code and its payload in, a u32 result and data out.
 * Codes from swtpm's tpm_ioctl.h, as lab.md captured them.
 */
#ifndef TPMDIAG_SWTPM_H
#define TPMDIAG_SWTPM_H

#include <stdint.h>

#define SWTPM_CMD_GET_CAPABILITY       1
#define SWTPM_CMD_INIT		       2 /* power cycle: _TPM_Init; payload u32 flags */
#define SWTPM_CMD_SHUTDOWN	       3 /* swtpm exits */
#define SWTPM_CMD_GET_TPMESTABLISHED   4
#define SWTPM_CMD_SET_LOCALITY	       5
#define SWTPM_CMD_CANCEL_TPM_CMD       9
#define SWTPM_CMD_STORE_VOLATILE       10
#define SWTPM_CMD_RESET_TPMESTABLISHED 11
#define SWTPM_CMD_STOP		       14 /* TPM answers failure until the next INIT */
#define SWTPM_CMD_GET_CONFIG	       15
#define SWTPM_CMD_GET_INFO	       18

#define SWTPM_INIT_FLAG_DELETE_VOLATILE 1

#endif
