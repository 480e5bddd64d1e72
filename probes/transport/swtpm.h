/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * swtpm's control channel (swtpm_ioctl's commands over a socket): a u32
 * command code and its payload in, a u32 result and data out.
 * Codes from swtpm's tpm_ioctl.h, as lab.md captured them.
 */
#ifndef TPMDIAG_SWTPM_H
#define TPMDIAG_SWTPM_H

#include <stddef.h>
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

/* Where a swtpm listens, from the spec after "swtpm:". */
struct swtpm_addr {
	int unix_sock;
	char host[256];
	unsigned port;	     /* the data channel; control on port + 1 */
	char path[108];	     /* unix: the data socket */
	char ctrl_path[108]; /* unix: PATH.ctrl */
	char where[400];     /* "127.0.0.1:2321" or the socket path, for messages */
};

#define SWTPM_SPEC_HELP "use swtpm:tcp:HOST:PORT (control channel on PORT+1) or swtpm:unix:PATH"

/*
 * Read "tcp:HOST:PORT" ([::1]:PORT for IPv6, PORT 1..65534) or
 * "unix:PATH" into *a. 0, or -EINVAL with the reason in err.
 */
int swtpm_addr_parse(const char *rest, struct swtpm_addr *a, char *err, size_t errlen);

#endif
