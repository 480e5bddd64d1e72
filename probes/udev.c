// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The udev probe: the tpm and tpmrm class devices — where they sit in
 * the device tree, which driver and bus hold them, the ACPI/PNP/OF id and
 * description of the chip, and the device nodes in /dev (owner, group,
 * mode, device number).
 *
 * The main path reads sysfs through rootfs, so a live machine and a copy
 * of its tree give the same facts. On the live machine libudev answers
 * what only udev knows: the devnode and whether udev has processed the
 * device (its database entry); under --root the same comes from the
 * tree's uevent files and /run/udev/data.
 */
#include <errno.h>
#include <libudev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "probes/parse/devnodes.h"
#include "probes/probe.h"
#include "probes/parse/sysfs_text.h"
#include "probes/os/tpm_class.h"

#define UDEV_LINKS_MAX	40	      /* symlinks followed resolving one path */
#define UDEV_IDFILE_MAX (1024 * 1024) /* /etc/passwd, /etc/group */
#define UDEV_PATH	4096
#define UDEV_VAL	512

struct udev_run {
	struct probe_ctx *c;
	struct udev *udev; /* the live machine only; NULL otherwise or when it failed */
	unsigned char *passwd, *group;
	size_t passwd_len, group_len;
};

enum udev_id_kind {
	UDEV_ID_ACPI,	    /* the file holds an ACPI/PNP id */
	UDEV_ID_MODALIAS,   /* "acpi:MSFT0101:", "of:N...C<compatible>" */
	UDEV_ID_COMPATIBLE, /* a device-tree compatible list: the first entry */
};

/* Where the chip's id may be, best first. */
static const struct {
	const char *file; /* below /sys/class/tpm/tpmN/device/ */
	enum udev_id_kind kind;
} udev_id_files[] = {
    {"firmware_node/hid", UDEV_ID_ACPI},	/* an ACPI node bound to the platform device */
    {"hid", UDEV_ID_ACPI},			/* the device is the ACPI node (tpm_crb) */
    {"id", UDEV_ID_ACPI},			/* a pnp device: "PNP0c31" */
    {"modalias", UDEV_ID_MODALIAS},		/* ACPI or OF modalias */
    {"of_node/compatible", UDEV_ID_COMPATIBLE}, /* SPI/I2C chips: "infineon,slb9670" */
};

static int udev_parse_id(enum udev_id_kind kind, const char *raw, char *id, size_t len)
{
	switch (kind) {
	case UDEV_ID_MODALIAS:
		return sysfs_modalias_id(raw, id, len);
	case UDEV_ID_COMPATIBLE:
		return sysfs_compatible_id(raw, id, len);
	case UDEV_ID_ACPI:
		break;
	}
	return sysfs_acpi_id(raw, id, len);
}

static const char *const udev_desc_files[] = {"firmware_node/description", "description"};

static int udev_set_errno(struct udev_run *u, const char *key, int err, const char *what,
			  const char *path)
{
	struct fact_src src = probe_file_src(path);

	return facts_set_errno(u->c->facts, key, err, what, &src);
}

static int udev_set_str(struct udev_run *u, const char *key, const char *v, const char *path)
{
	struct fact_src src = probe_file_src(path);

	return facts_set_str(u->c->facts, key, v, &src);
}

/*
 * path resolved inside the root, every symlink followed, as the machine
 * names it ("/sys/devices/platform/MSFT0101:00/tpm/tpm0"). -ELOOP after
 * UDEV_LINKS_MAX links, -ENOENT when a component is not there.
 */
static int udev_resolve(const struct rootfs *r, const char *path, char *out, size_t cap)
{
	char todo[UDEV_PATH], next[UDEV_PATH], target[UDEV_PATH], cand[UDEV_PATH];
	char resolved[UDEV_PATH] = "";
	unsigned links = 0;
	const char *comp, *rest;
	size_t cl;
	char *slash;
	int ret;

	if (snprintf(todo, sizeof(todo), "%s", path) >= (int)sizeof(todo))
		return -ENAMETOOLONG;
	while (todo[0]) {
		comp = todo + strspn(todo, "/");
		cl = strcspn(comp, "/");
		rest = comp + cl;
		if (!cl || (cl == 1 && comp[0] == '.')) {
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (cl == 2 && !memcmp(comp, "..", 2)) {
			slash = strrchr(resolved, '/');
			if (slash)
				*slash = '\0';
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (snprintf(cand, sizeof(cand), "%s/%.*s", resolved, (int)cl, comp) >=
		    (int)sizeof(cand))
			return -ENAMETOOLONG;
		ret = rootfs_readlink(r, cand, target, sizeof(target));
		if (ret == -EINVAL) { /* not a link: a directory or file */
			memcpy(resolved, cand, strlen(cand) + 1);
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (ret)
			return ret;
		if (++links > UDEV_LINKS_MAX)
			return -ELOOP;
		if (target[0] == '/')
			resolved[0] = '\0';
		if (snprintf(next, sizeof(next), "%s%s", target, rest) >= (int)sizeof(next))
			return -ENAMETOOLONG;
		memcpy(todo, next, strlen(next) + 1);
	}
	if (snprintf(out, cap, "%s", resolved[0] ? resolved : "/") >= (int)cap)
		return -ENAMETOOLONG;
	return 0;
}

static int udev_syspath(struct udev_run *u, const char *base, const char *cls)
{
	char key[128], path[UDEV_PATH];
	struct fact_src src = probe_file_src(cls);
	int ret = udev_resolve(u->c->root, cls, path, sizeof(path));

	facts_key(key, sizeof(key), "%s.syspath", base);
	if (ret)
		return facts_set_errno(u->c->facts, key, ret, "cannot resolve the link", &src);
	return facts_set_str(u->c->facts, key, path, &src);
}

/* key = last component of the link dev/<link> (driver, subsystem). */
static int udev_link_fact(struct udev_run *u, const char *key, const char *dev, const char *link,
			  const char *what)
{
	char path[UDEV_PATH], val[UDEV_VAL], text[UDEV_PATH + 64];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dev, link);
	ret = rootfs_link_name(u->c->root, path, val, sizeof(val));
	if (!ret) {
		struct stat st;

		/* A link that leads into a cycle is a broken tree; a dangling one still names. */
		ret = rootfs_stat(u->c->root, path, &st, true) == -ELOOP ? -ELOOP : 0;
	}
	if (!ret)
		return udev_set_str(u, key, val, path);
	if (ret == -ENOENT && !rootfs_exists(u->c->root, dev)) {
		struct fact_src src = probe_file_src(dev);

		snprintf(text, sizeof(text),
			 "%s is not there: the chip has no parent device (a virtual TPM)", dev);
		return facts_set_unreadable(u->c->facts, key, FACT_ABSENT, text, &src);
	}
	snprintf(text, sizeof(text), "cannot read the %s link %s", what, path);
	return udev_set_errno(u, key, ret, text, path);
}

static int udev_hid(struct udev_run *u, const char *base, const char *dev)
{
	char key[128], path[UDEV_PATH], raw[UDEV_VAL], id[UDEV_VAL], text[UDEV_PATH + 64];
	int ret, first_err = 0;
	size_t i;

	facts_key(key, sizeof(key), "%s.hid", base);
	for (i = 0; i < sizeof(udev_id_files) / sizeof(udev_id_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dev, udev_id_files[i].file);
		ret = rootfs_read_value(u->c->root, path, raw, sizeof(raw));
		if (ret) {
			if (ret != -ENOENT && ret != -ENOTDIR && !first_err)
				first_err = ret;
			continue;
		}
		ret = udev_parse_id(udev_id_files[i].kind, raw, id, sizeof(id));
		if (!ret)
			return udev_set_str(u, key, id, path);
		if (ret != -ENOENT) {
			struct fact_src src = probe_file_src(path);

			snprintf(text, sizeof(text), "%s is not an ACPI/PNP id: \"%.64s\"", path,
				 raw);
			return facts_set_unreadable(u->c->facts, key, FACT_MALFORMED, text, &src);
		}
	}
	if (first_err)
		return udev_set_errno(u, key, first_err, "cannot read the chip's id below", dev);
	{
		struct fact_src src = probe_file_src(dev);

		snprintf(text, sizeof(text),
			 "%s has no hid, id, ACPI/PNP/OF modalias or device-tree compatible: the "
			 "chip has no firmware id",
			 dev);
		return facts_set_unreadable(u->c->facts, key, FACT_ABSENT, text, &src);
	}
}

/* key from the first of files (below dev) that reads; absent when none is there. */
static int udev_first_value(struct udev_run *u, const char *key, const char *dev,
			    const char *const *files, size_t n)
{
	char path[UDEV_PATH], val[UDEV_VAL], text[UDEV_PATH + 64], bad[UDEV_PATH];
	int ret, err = -ENOENT;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dev, files[i]);
		ret = rootfs_read_value(u->c->root, path, val, sizeof(val));
		if (!ret)
			return udev_set_str(u, key, val, path);
		if (ret != -ENOENT && ret != -ENOTDIR && err == -ENOENT) {
			err = ret;
			snprintf(bad, sizeof(bad), "%s", path);
		}
	}
	if (err != -ENOENT) {
		snprintf(text, sizeof(text), "cannot read %s", bad);
		return udev_set_errno(u, key, err, text, bad);
	}
	{
		struct fact_src src = probe_file_src(dev);

		snprintf(text, sizeof(text), "%s has no %s%s%s", dev, files[0], n > 1 ? " or " : "",
			 n > 1 ? files[1] : "");
		return facts_set_unreadable(u->c->facts, key, FACT_ABSENT, text, &src);
	}
}

/* The user or group name for id from the tree's /etc files, or the number. */
static void udev_id_text(const unsigned char *file, size_t len, unsigned id, char *buf, size_t cap)
{
	if (!file || sysfs_id_name((const char *)file, len, id, buf, cap))
		snprintf(buf, cap, "%u", id);
}

static int udev_node_facts(struct udev_run *u, const char *base, const char *node)
{
	static const char *const subs[] = {"owner", "group", "mode", "major_minor"};
	char key[128], val[64], text[UDEV_PATH + 128];
	struct fact_src src = probe_file_src(node);
	struct facts *fs = u->c->facts;
	struct stat st;
	size_t i;
	int err = rootfs_stat(u->c->root, node, &st, true), ret;
	/* A saved tree without dev/ was captured without its nodes: nothing is known. */
	bool uncaptured = err == -ENOENT && !u->c->root->host && !rootfs_exists(u->c->root, "/dev");

	facts_key(key, sizeof(key), "%s.devnode.exists", base);
	if (uncaptured)
		ret = facts_set_unreadable(fs, key, FACT_ABSENT,
					   "not captured: the saved root has no dev/", &src);
	else if (err && err != -ENOENT)
		ret = facts_set_errno(fs, key, err, "cannot look at the device node", &src);
	else
		ret = facts_set_bool(fs, key, !err, &src);
	for (i = 0; !ret && err && i < sizeof(subs) / sizeof(subs[0]); i++) {
		facts_key(key, sizeof(key), "%s.devnode.%s", base, subs[i]);
		if (uncaptured)
			snprintf(text, sizeof(text), "not captured: the saved root has no dev/");
		else
			snprintf(text, sizeof(text), "%s is not there", node);
		ret = err == -ENOENT
			  ? facts_set_unreadable(fs, key, FACT_ABSENT, text, &src)
			  : facts_set_errno(fs, key, err, "cannot look at the device node", &src);
	}
	if (ret || err)
		return ret;
	if (devnodes_apply(u->c->root, node, &st) == 0) /* a saved tree says what the node was */
		src.note = "as recorded in " DEVNODES_PATH;
	udev_id_text(u->passwd, u->passwd_len, st.st_uid, val, sizeof(val));
	ret = facts_set_str(fs, facts_key(key, sizeof(key), "%s.devnode.owner", base), val, &src);
	if (ret)
		return ret;
	udev_id_text(u->group, u->group_len, st.st_gid, val, sizeof(val));
	ret = facts_set_str(fs, facts_key(key, sizeof(key), "%s.devnode.group", base), val, &src);
	if (ret)
		return ret;
	snprintf(val, sizeof(val), "%04o", (unsigned)(st.st_mode & 07777));
	ret = facts_set_str(fs, facts_key(key, sizeof(key), "%s.devnode.mode", base), val, &src);
	if (ret)
		return ret;
	facts_key(key, sizeof(key), "%s.devnode.major_minor", base);
	if (!S_ISCHR(st.st_mode)) {
		snprintf(text, sizeof(text), "%s is not a character device (it is a %s)", node,
			 S_ISREG(st.st_mode)   ? "regular file"
			 : S_ISDIR(st.st_mode) ? "directory"
			 : S_ISBLK(st.st_mode) ? "block device"
					       : "special file");
		return facts_set_unreadable(fs, key, FACT_MALFORMED, text, &src);
	}
	snprintf(val, sizeof(val), "%u:%u", major(st.st_rdev), minor(st.st_rdev));
	return facts_set_str(fs, key, val, &src);
}

/*
 * The devnode of class device cls ("/sys/class/tpm/tpm0"): libudev on the
 * live machine, else DEVNAME in its uevent, else "/dev/" + its name.
 */
static int udev_devnode(struct udev_run *u, const char *base, const char *subsys, const char *cls,
			char *node, size_t cap)
{
	char key[128], path[UDEV_PATH] = "", uevent[2048], name[256];
	struct fact_src src = probe_file_src(path);
	struct udev_device *d;
	const char *dn = NULL;
	int ret;

	facts_key(key, sizeof(key), "%s.devnode", base);
	if (u->udev) {
		d = udev_device_new_from_subsystem_sysname(u->udev, subsys, base);
		dn = d ? udev_device_get_devnode(d) : NULL;
		if (dn)
			snprintf(node, cap, "%s", dn);
		udev_device_unref(d);
		if (dn) {
			struct fact_src lib = {.kind = FACT_SRC_LIBRARY,
					       .note = "libudev: udev_device_get_devnode"};

			return facts_set_str(u->c->facts, key, node, &lib);
		}
	}
	snprintf(path, sizeof(path), "%s/uevent", cls);
	ret = rootfs_read(u->c->root, path, uevent, sizeof(uevent), NULL);
	if (!ret && !sysfs_uevent_get(uevent, "DEVNAME", name, sizeof(name)) && name[0] &&
	    !strstr(name, "..")) {
		snprintf(node, cap, "%s%s", name[0] == '/' ? "" : "/dev/", name);
		return facts_set_str(u->c->facts, key, node, &src);
	}
	snprintf(node, cap, "/dev/%s", base);
	src.kind = FACT_SRC_DERIVED;
	src.note = "the uevent file has no DEVNAME; the kernel names the node after the device";
	return facts_set_str(u->c->facts, key, node, &src);
}

/* Whether udev has processed the device: its entry in the udev database. */
static int udev_initialized(struct udev_run *u, const char *base, const char *subsys,
			    const char *cls)
{
	char key[128], path[UDEV_PATH] = "", dev[64];
	struct fact_src src = probe_file_src(path);
	struct udev_device *d;
	int ret;

	facts_key(key, sizeof(key), "%s.udev.initialized", base);
	if (u->udev) {
		d = udev_device_new_from_subsystem_sysname(u->udev, subsys, base);
		if (d) {
			struct fact_src lib = {.kind = FACT_SRC_LIBRARY,
					       .note = "libudev: udev_device_get_is_initialized"};

			ret = facts_set_bool(u->c->facts, key,
					     udev_device_get_is_initialized(d) > 0, &lib);
			udev_device_unref(d);
			return ret;
		}
	}
	snprintf(path, sizeof(path), "%s/dev", cls);
	ret = rootfs_read_value(u->c->root, path, dev, sizeof(dev));
	if (ret)
		return udev_set_errno(u, key, ret, "cannot read the device number", path);
	if (!rootfs_exists(u->c->root, "/run/udev/data")) {
		snprintf(path, sizeof(path), "/run/udev/data");
		return facts_set_unreadable(u->c->facts, key, FACT_ABSENT,
					    "/run/udev/data (the udev database) is not there",
					    &src);
	}
	snprintf(path, sizeof(path), "/run/udev/data/c%s", dev);
	return facts_set_bool(u->c->facts, key, rootfs_exists(u->c->root, path), &src);
}

/* tpmN.dev: the device number the kernel gave the class device ("10:224"). */
static int udev_devnum(struct udev_run *u, const char *base, const char *cls)
{
	char key[128], path[UDEV_PATH], val[64];
	int ret;

	snprintf(path, sizeof(path), "%s/dev", cls);
	facts_key(key, sizeof(key), "%s.dev", base);
	ret = rootfs_read_value(u->c->root, path, val, sizeof(val));
	if (ret)
		return udev_set_errno(u, key, ret, "cannot read the device number", path);
	return udev_set_str(u, key, val, path);
}

static int udev_chip(struct udev_run *u, unsigned n)
{
	char base[32], cls[UDEV_PATH], dev[UDEV_PATH], key[128], node[UDEV_PATH];
	int ret;

	snprintf(base, sizeof(base), "tpm%u", n);
	snprintf(cls, sizeof(cls), "/sys/class/tpm/%s", base);
	snprintf(dev, sizeof(dev), "%s/device", cls);
	ret = udev_syspath(u, base, cls);
	if (!ret)
		ret = udev_link_fact(u, facts_key(key, sizeof(key), "%s.driver", base), dev,
				     "driver", "driver");
	if (!ret)
		ret = udev_link_fact(u, facts_key(key, sizeof(key), "%s.bus", base), dev,
				     "subsystem", "bus");
	if (!ret)
		ret = udev_hid(u, base, dev);
	if (!ret)
		ret = udev_first_value(u, facts_key(key, sizeof(key), "%s.description", base), dev,
				       udev_desc_files, 2);
	if (!ret) {
		static const char *const modalias[] = {"modalias"};

		ret = udev_first_value(u, facts_key(key, sizeof(key), "%s.modalias", base), dev,
				       modalias, 1);
	}
	if (!ret)
		ret = udev_devnum(u, base, cls);
	if (!ret)
		ret = udev_devnode(u, base, "tpm", cls, node, sizeof(node));
	if (!ret)
		ret = udev_node_facts(u, base, node);
	if (!ret)
		ret = udev_initialized(u, base, "tpm", cls);
	return ret;
}

static int udev_rm(struct udev_run *u, unsigned n)
{
	char base[32], cls[UDEV_PATH], node[UDEV_PATH];
	int ret;

	snprintf(base, sizeof(base), "tpmrm%u", n);
	snprintf(cls, sizeof(cls), "/sys/class/tpmrm/%s", base);
	ret = udev_syspath(u, base, cls);
	if (!ret)
		ret = udev_devnum(u, base, cls);
	if (!ret)
		ret = udev_devnode(u, base, "tpmrm", cls, node, sizeof(node));
	if (!ret)
		ret = udev_node_facts(u, base, node);
	if (!ret)
		ret = udev_initialized(u, base, "tpmrm", cls);
	return ret;
}

/*
 * The class listing: prefix.count (tpm only) and prefix.devices. A missing
 * class directory means no chip of the kind (0), as long as /sys/class is
 * there; without /sys/class nothing can be said.
 */
static int udev_list(struct udev_run *u, const char *cls, const char *prefix, unsigned *nums,
		     size_t *n, bool with_count)
{
	char key[64], names[TPM_CLASS_MAX][16];
	const char *items[TPM_CLASS_MAX];
	struct fact_src src = probe_file_src(cls);
	size_t i;
	int ret = tpm_class_numbers(u->c->root, cls, prefix, nums, TPM_CLASS_MAX, n);

	if (ret == -ENOENT && !rootfs_exists(u->c->root, "/sys/class")) {
		struct fact_src sys = probe_file_src("/sys/class");
		const char *text = "/sys/class is not there: sysfs is not mounted, or the tree "
				   "has no sys/";

		*n = 0;
		ret = with_count
			  ? facts_set_unreadable(u->c->facts,
						 facts_key(key, sizeof(key), "%s.count", prefix),
						 FACT_ABSENT, text, &sys)
			  : 0;
		return ret ? ret
			   : facts_set_unreadable(u->c->facts,
						  facts_key(key, sizeof(key), "%s.devices", prefix),
						  FACT_ABSENT, text, &sys);
	}
	if (ret && ret != -ENOENT) {
		*n = 0;
		ret = with_count ? facts_set_errno(u->c->facts,
						   facts_key(key, sizeof(key), "%s.count", prefix),
						   ret, "cannot list the class", &src)
				 : 0;
		return ret ? ret
			   : facts_set_errno(u->c->facts,
					     facts_key(key, sizeof(key), "%s.devices", prefix), ret,
					     "cannot list the class", &src);
	}
	if (ret == -ENOENT)
		*n = 0;
	for (i = 0; i < *n; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%u", prefix, nums[i]);
		items[i] = names[i];
	}
	ret = with_count
		  ? facts_set_int(u->c->facts, facts_key(key, sizeof(key), "%s.count", prefix),
				  (int64_t)*n, &src)
		  : 0;
	return ret ? ret
		   : facts_set_list(u->c->facts, facts_key(key, sizeof(key), "%s.devices", prefix),
				    items, *n, &src);
}

int probe_udev(struct probe_ctx *c)
{
	struct udev_run u = {.c = c};
	unsigned tpm[TPM_CLASS_MAX], rm[TPM_CLASS_MAX];
	size_t n_tpm = 0, n_rm = 0, i;
	int ret;

	if (c->root->host)
		u.udev = udev_new();
	if (rootfs_read_alloc(c->root, "/etc/passwd", UDEV_IDFILE_MAX, &u.passwd, &u.passwd_len))
		u.passwd = NULL;
	if (rootfs_read_alloc(c->root, "/etc/group", UDEV_IDFILE_MAX, &u.group, &u.group_len))
		u.group = NULL;
	ret = udev_list(&u, "/sys/class/tpm", "tpm", tpm, &n_tpm, true);
	if (!ret)
		ret = udev_list(&u, "/sys/class/tpmrm", "tpmrm", rm, &n_rm, false);
	for (i = 0; !ret && i < n_tpm; i++)
		ret = udev_chip(&u, tpm[i]);
	for (i = 0; !ret && i < n_rm; i++)
		ret = udev_rm(&u, rm[i]);
	free(u.passwd);
	free(u.group);
	udev_unref(u.udev);
	return ret == -ENOMEM ? -ENOMEM : 0;
}
