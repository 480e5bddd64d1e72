// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel probe: which kernel runs, whether it was built with TPM
 * support (its config, from /proc/config.gz or /boot/config-RELEASE), and
 * the TPM-related parameters on its command line.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "probes/parse/kernel_text.h"
#include "probes/probe.h"

#define KERN_CONFIG_MAX	 (8u * 1024 * 1024) /* a distribution config is ~300 KiB */
#define KERN_CMDLINE_MAX 16384		    /* COMMAND_LINE_SIZE is 2048..4096 */
#define KERN_CMDLINE_TOK 64		    /* TPM-related parameters kept */

/* The config options reported as kernel.config.<lower-case name> = y | m | n. */
static const char *const kern_options[] = {
    "TCG_TPM",
    "TCG_TIS_CORE",
    "TCG_TIS",
    "TCG_TIS_SPI",
    "TCG_TIS_SPI_CR50",
    "TCG_TIS_I2C",
    "TCG_TIS_I2C_CR50",
    "TCG_TIS_I2C_ATMEL",
    "TCG_TIS_I2C_INFINEON",
    "TCG_TIS_I2C_NUVOTON",
    "TCG_NSC",
    "TCG_ATMEL",
    "TCG_INFINEON",
    "TCG_CRB",
    "TCG_VTPM_PROXY",
    "TCG_FTPM_TEE",
    "TCG_TPM2_HMAC",
    "HW_RANDOM_TPM",
    "IMA",
    "SECURITYFS",
};
#define KERN_N_OPTIONS (sizeof(kern_options) / sizeof(kern_options[0]))

/* CONFIG_TCG_TPM's value → kernel.tpm_support. */
static const struct {
	const char *value;
	const char *support;
} kern_support[] = {{"y", "builtin"}, {"m", "module"}, {"n", "absent"}};

static int kern_keep(int ret)
{
	return ret == -ENOMEM ? ret : 0;
}

/* kernel.release from /proc/sys/kernel/osrelease; uname(2) only for the live machine. */
static int kern_release(struct probe_ctx *c, char *rel, size_t cap)
{
	static const char path[] = "/proc/sys/kernel/osrelease";
	struct fact_src src = probe_file_src(path);
	struct fact_src lib = {.kind = FACT_SRC_LIBRARY, .note = "uname(2)"};
	struct utsname u;
	int rd;

	rd = rootfs_read_value(c->root, path, rel, cap);
	if (!rd && rel[0])
		return kern_keep(facts_set_str(c->facts, "kernel.release", rel, &src));
	if (c->root->host && !uname(&u)) {
		snprintf(rel, cap, "%s", u.release);
		return kern_keep(facts_set_str(c->facts, "kernel.release", rel, &lib));
	}
	rel[0] = '\0';
	if (!rd)
		return kern_keep(facts_set_unreadable(c->facts, "kernel.release", FACT_MALFORMED,
						      "/proc/sys/kernel/osrelease is empty", &src));
	return kern_keep(facts_set_errno(c->facts, "kernel.release", rd,
					 "cannot read /proc/sys/kernel/osrelease", &src));
}

/* Inflate the gzip file at path (opened inside the root) into a malloc'd, NUL-terminated buffer. */
static int kern_read_gz(const struct rootfs *r, const char *path, char **out, size_t *len,
			char *err, size_t errlen)
{
	size_t cap = 256 * 1024, got = 0;
	char *buf = NULL, *nbuf;
	gzFile gz = NULL;
	int fd, n, zerr = Z_OK, ret = 0;
	const char *msg;

	*out = NULL;
	*len = 0;
	err[0] = '\0';
	fd = rootfs_openat(r, path, O_RDONLY);
	if (fd < 0)
		return fd;
	gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		return errno == ENOPKG ? -ENOPKG : -ENOMEM; /* ENOPKG: no zlib (probes/os/dl.h) */
	}
	buf = malloc(cap + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (got == cap) {
			if (cap >= KERN_CONFIG_MAX) {
				snprintf(err, errlen, "%s inflates to more than %u bytes", path,
					 KERN_CONFIG_MAX);
				ret = -EFBIG;
				goto out;
			}
			cap *= 2;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				ret = -ENOMEM;
				goto out;
			}
			buf = nbuf;
		}
		n = gzread(gz, buf + got, (unsigned)(cap - got));
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	msg = gzerror(gz, &zerr);
	if (zerr == Z_ERRNO) {
		ret = errno ? -errno : -EIO;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-ret));
	} else if (zerr == Z_MEM_ERROR) {
		ret = -ENOMEM;
	} else if (zerr != Z_OK && zerr != Z_STREAM_END) {
		/* zlib names a gzdopen()ed file "<fd:N>: "; the path says it better */
		if (!strncmp(msg, "<fd:", 4) && strstr(msg, ">: "))
			msg = strstr(msg, ">: ") + 3;
		snprintf(err, errlen, "%s is not a whole gzip stream: %s", path, msg);
		ret = -EBADMSG;
	}
out:
	gzclose(gz);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

/*
 * The kernel config: /proc/config.gz (CONFIG_IKCONFIG_PROC) first, then
 * /boot/config-RELEASE. 0 with *text set and source naming the file, or
 * -errno with err saying why (-ENOENT: neither is there).
 */
static int kern_config_load(const struct probe_ctx *c, const char *rel, char **text, char *source,
			    size_t srccap, char *err, size_t errlen)
{
	static const char gzpath[] = "/proc/config.gz";
	unsigned char *raw = NULL;
	char gzerr[256] = "";
	size_t len;
	int gz, rd;

	*text = NULL;
	gz = kern_read_gz(c->root, gzpath, text, &len, gzerr, sizeof(gzerr));
	if (!gz || gz == -ENOMEM) {
		snprintf(source, srccap, "%s", gzpath);
		return gz;
	}
	if (!rel[0]) {
		rd = -ENOENT;
	} else {
		snprintf(source, srccap, "/boot/config-%s", rel);
		rd = rootfs_read_alloc(c->root, source, KERN_CONFIG_MAX, &raw, &len);
	}
	if (!rd) {
		*text = realloc(raw, len + 1);
		if (!*text) {
			free(raw);
			return -ENOMEM;
		}
		(*text)[len] = '\0';
		return 0;
	}
	if (rd == -ENOMEM)
		return rd;
	/* Say what went wrong with the first file that is there; else that neither is. */
	if (gz != -ENOENT && gz != -ENOTDIR) {
		snprintf(source, srccap, "%s", gzpath);
		if (gzerr[0])
			snprintf(err, errlen, "%s", gzerr);
		else
			snprintf(err, errlen, "cannot read %s: %s", gzpath, strerror(-gz));
		return gz;
	}
	if (rd != -ENOENT && rd != -ENOTDIR) {
		snprintf(err, errlen, "cannot read %s: %s", source, strerror(-rd));
		return rd;
	}
	if (rel[0])
		snprintf(err, errlen, "neither /proc/config.gz nor /boot/config-%s is there", rel);
	else
		snprintf(err, errlen,
			 "/proc/config.gz is not there, and without the release there is no "
			 "/boot/config-RELEASE to look for");
	snprintf(source, srccap, "%s", gzpath);
	return -ENOENT;
}

static enum fact_reason kern_reason(int err)
{
	switch (-err) {
	case ENOENT:
	case ENOTDIR:
		return FACT_ABSENT;
	case EACCES:
	case EPERM:
		return FACT_PERMISSION;
	case EBADMSG:
	case EFBIG:
		return FACT_MALFORMED;
	default:
		return FACT_FAILED;
	}
}

static int kern_config(struct probe_ctx *c, const char *rel)
{
	char source[300], err[512] = "", val[128], key[128], lower[64];
	struct fact_src src;
	char *text = NULL;
	size_t i, j;
	int ld, ret = 0;

	ld = kern_config_load(c, rel, &text, source, sizeof(source), err, sizeof(err));
	src = probe_file_src(source);
	if (ld == -ENOMEM)
		return ld;
	if (ld) {
		if ((ret =
			 kern_keep(facts_set_str(c->facts, "kernel.tpm_support", "unknown", &src))))
			goto out;
		ret = kern_keep(facts_set_unreadable(c->facts, "kernel.config.source",
						     kern_reason(ld), err, &src));
		goto out;
	}
	if (strncmp(text, "CONFIG_", 7) && !strstr(text, "\nCONFIG_") &&
	    !strstr(text, "\n# CONFIG_")) {
		snprintf(err, sizeof(err), "%s holds no CONFIG_ lines: not a kernel config",
			 source);
		if ((ret =
			 kern_keep(facts_set_str(c->facts, "kernel.tpm_support", "unknown", &src))))
			goto out;
		ret = kern_keep(facts_set_unreadable(c->facts, "kernel.config.source",
						     FACT_MALFORMED, err, &src));
		goto out;
	}
	if ((ret = kern_keep(facts_set_str(c->facts, "kernel.config.source", source, &src))))
		goto out;
	kernel_config_value(text, "TCG_TPM", val, sizeof(val));
	for (i = 0; i < sizeof(kern_support) / sizeof(kern_support[0]); i++)
		if (!strcmp(val, kern_support[i].value))
			break;
	if ((ret = kern_keep(facts_set_str(c->facts, "kernel.tpm_support",
					   i < sizeof(kern_support) / sizeof(kern_support[0])
					       ? kern_support[i].support
					       : "unknown",
					   &src))))
		goto out;
	for (i = 0; i < KERN_N_OPTIONS; i++) {
		for (j = 0; kern_options[i][j] && j + 1 < sizeof(lower); j++)
			lower[j] = (char)tolower((unsigned char)kern_options[i][j]);
		lower[j] = '\0';
		kernel_config_value(text, kern_options[i], val, sizeof(val));
		if ((ret = kern_keep(facts_set_str(
			 c->facts, facts_key(key, sizeof(key), "kernel.config.%s", lower), val,
			 &src))))
			goto out;
	}
out:
	free(text);
	return ret;
}

static int kern_cmdline(struct probe_ctx *c)
{
	static const char path[] = "/proc/cmdline";
	struct fact_src src = probe_file_src(path);
	const char *toks[KERN_CMDLINE_TOK];
	char *buf = malloc(KERN_CMDLINE_MAX);
	size_t n;
	int rd, ret = 0;

	if (!buf)
		return -ENOMEM;
	rd = rootfs_read_value(c->root, path, buf, KERN_CMDLINE_MAX);
	if (rd) {
		ret = kern_keep(facts_set_errno(c->facts, "kernel.cmdline", rd,
						"cannot read /proc/cmdline", &src));
		goto out;
	}
	if ((ret = kern_keep(facts_set_str(c->facts, "kernel.cmdline", buf, &src))))
		goto out;
	n = kernel_cmdline_split(buf, toks, KERN_CMDLINE_TOK);
	ret = kern_keep(facts_set_list(c->facts, "kernel.cmdline.tpm", toks, n, &src));
out:
	free(buf);
	return ret;
}

/*
 * kernel.hostname from /proc/sys/kernel/hostname: not for diagnosis, but so
 * reports and bundles know which name to redact.
 */
static int kern_hostname(struct probe_ctx *c)
{
	static const char path[] = "/proc/sys/kernel/hostname";
	struct fact_src src = probe_file_src(path);
	char name[256];
	int ret = rootfs_read_value(c->root, path, name, sizeof(name));

	if (ret)
		return ret == -ENOMEM
			   ? ret
			   : kern_keep(facts_set_errno(c->facts, "kernel.hostname", ret,
						       "cannot read /proc/sys/kernel/hostname",
						       &src));
	return kern_keep(facts_set_str(c->facts, "kernel.hostname", name, &src));
}

int probe_kernel(struct probe_ctx *c)
{
	char rel[256];
	int ret;

	if ((ret = kern_release(c, rel, sizeof(rel))))
		return ret;
	if ((ret = kern_hostname(c)))
		return ret;
	if ((ret = kern_config(c, rel)))
		return ret;
	return kern_cmdline(c);
}
