/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -o/--output FILE, written atomically: the output goes to a temporary
 * file beside FILE ("FILE.XXXXXX", same directory, so same file system),
 * which is flushed, synced, made mode 0644 and renamed over FILE only when
 * the whole output is written. A reader (node_exporter's textfile
 * collector, a fleet's analyze) sees the old file or the new one, never
 * half of one; a failed run leaves FILE as it was and no temporary file.
 */
#ifndef TPMDIAG_OUT_FILE_H
#define TPMDIAG_OUT_FILE_H

#include <stdio.h>

struct out_file {
	char path[4096]; /* FILE as given */
	char tmp[4104];	 /* FILE.XXXXXX, "" when there is none */
	FILE *f;	 /* open on tmp until commit or abort */
};

/* Create the temporary file beside path and open o->f on it; 0 or -errno. */
int out_file_open(struct out_file *o, const char *path);
/*
 * Flush, fsync, fchmod 0644, close, and rename over the path; then fsync
 * the directory (best effort: the rename is done). 0, or -errno with the
 * temporary file removed.
 */
int out_file_commit(struct out_file *o);
/* Close and remove the temporary file (a failed run); no-op when there is none. */
void out_file_abort(struct out_file *o);

#endif
