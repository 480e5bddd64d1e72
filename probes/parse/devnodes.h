/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device nodes in a saved tree. A fixture or bundle cannot hold real device
 * nodes (git and JSON carry files), so its /dev has empty regular files and
 * a list, /dev/.nodes, of what each node really was, one per line:
 *
 *   NAME TYPE MAJOR MINOR MODE UID GID      e.g.  tpm0 c 10 224 0600 0 0
 *
 * TYPE is c or b, MODE octal, '#' starts a comment. Lines longer than 256
 * bytes, or with fields out of range, are skipped.
 */
#ifndef TPMDIAG_DEVNODES_H
#define TPMDIAG_DEVNODES_H

#include <stddef.h>
#include <sys/stat.h>

#include "probes/os/rootfs.h"

#define DEVNODES_PATH "/dev/.nodes"

/*
 * Look name ("tpm0") up in the text of a .nodes file; on a match fill
 * st_mode (type and permission bits), st_rdev, st_uid and st_gid of *st.
 * 0 when found, -ENOENT when not.
 */
int devnodes_lookup(const char *text, size_t len, const char *name, struct stat *st);

/*
 * For a saved tree (not the live machine): when path ("/dev/tpm0") is a
 * regular file there and /dev/.nodes describes it, update *st to the real
 * node. 0 when updated, -ENOENT when there is nothing to apply.
 */
int devnodes_apply(const struct rootfs *r, const char *path, struct stat *st);

#endif
