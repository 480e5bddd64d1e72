// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The modules probe: for each TPM driver module, whether it is built in,
 * loaded, available to load, blacklisted or absent, and its parameters.
 *
 * Where each answer comes from:
 *   loaded / built in   live machine: libkmod (kmod_module_get_initstate);
 *                       --root: /sys/module/NAME[/initstate], /proc/modules
 *   built in            /lib/modules/RELEASE/modules.builtin
 *   available           libkmod's modules.dep.bin index below the root's
 *                       /lib/modules/RELEASE, or the text modules.dep when
 *                       the root has no binary index (a bug-report bundle)
 *   blacklisted         "blacklist NAME" or "install NAME /bin/false|true" in
 *                       the root's modprobe.d files, module_blacklist= or
 *                       modprobe.blacklist= on its /proc/cmdline; on the
 *                       live machine also libkmod's own list
 *   parameters          the files in /sys/module/NAME/parameters
 * When the root has no /lib/modules/RELEASE, a module that is neither
 * loaded, built in nor blacklisted gets module.NAME.state unreadable
 * (absent): available cannot be told from absent without the module tree.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probes/modules_text.h"
#include "probes/probe.h"

#define MOD_FILE_MAX  (4u * 1024 * 1024) /* modules.dep, modules.builtin, /proc/modules */
#define MOD_CONF_MAX  (256u * 1024)	 /* one modprobe.d file */
#define MOD_VALUE_MAX 4096		 /* one parameter's value */
#define MOD_CONF_SEEN 256		 /* modprobe.d file names remembered for overrides */

static const char *const mod_names[] = {
    "tpm",	     "tpm_tis",		 "tpm_tis_core",    "tpm_crb",	      "tpm_tis_spi",
    "tpm_tis_i2c",   "tpm_tis_i2c_cr50", "tpm_infineon",    "tpm_atmel",      "tpm_nsc",
    "tpm_i2c_atmel", "tpm_i2c_infineon", "tpm_i2c_nuvoton", "tpm_vtpm_proxy", "tpm_ftpm_tee",
};
#define MOD_N (sizeof(mod_names) / sizeof(mod_names[0]))

/* modprobe's configuration directories, in precedence order (a name in an earlier one wins). */
static const char *const mod_conf_dirs[] = {
    "/etc/modprobe.d",	   "/run/modprobe.d", "/usr/local/lib/modprobe.d",
    "/usr/lib/modprobe.d", "/lib/modprobe.d",
};

/* /sys/module/NAME/initstate values. */
static const struct {
	const char *initstate;
	const char *note; /* module.NAME.initstate when not plainly live */
} mod_initstates[] = {{"live", NULL}, {"coming", "coming"}, {"going", "going"}};

struct mod_env {
	struct probe_ctx *c;
	char release[256];
	char moddir[320]; /* "/lib/modules/RELEASE" as the machine names it */
	bool have_moddir;
	int moddir_fd; /* O_PATH fd of moddir inside the root, for libkmod */
	struct kmod_ctx *kmod;
	bool kmod_index; /* moddir has modules.dep.bin */
	char *builtin;	 /* modules.builtin text, or NULL */
	char *dep;	 /* modules.dep text when there is no binary index, or NULL */
	char *proc_modules;
	char blacklisted_by[MOD_N][400];
};

static int mod_keep(int ret)
{
	return ret == -ENOMEM ? ret : 0;
}

static int mod_index(const char *name)
{
	char norm[64];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(norm); i++)
		norm[i] = name[i] == '-' ? '_' : name[i];
	norm[i] = '\0';
	for (i = 0; i < MOD_N; i++)
		if (!strcmp(norm, mod_names[i]))
			return (int)i;
	return -1;
}

static void mod_blacklist(struct mod_env *e, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void mod_blacklist(struct mod_env *e, const char *name, const char *fmt, ...)
{
	int i = mod_index(name);
	va_list ap;

	if (i < 0 || e->blacklisted_by[i][0])
		return;
	va_start(ap, fmt);
	vsnprintf(e->blacklisted_by[i], sizeof(e->blacklisted_by[i]), fmt, ap);
	va_end(ap);
}

/* A whole text file inside the root, NUL-terminated; -errno. */
static int mod_read_text(const struct rootfs *r, const char *path, size_t max, char **out)
{
	unsigned char *raw = NULL;
	size_t len = 0;
	char *text;
	int ret = rootfs_read_alloc(r, path, max, &raw, &len);

	*out = NULL;
	if (ret)
		return ret;
	text = realloc(raw, len + 1);
	if (!text) {
		free(raw);
		return -ENOMEM;
	}
	text[len] = '\0';
	*out = text;
	return 0;
}

/* ---- blacklists ---- */

/* A module_blacklist= / modprobe.d hit, for one of the TPM modules. */
struct mod_hit {
	struct mod_env *e;
	const char *where; /* the file, or "kernel command line" */
};

static void mod_hit(void *arg, const char *name, const char *what)
{
	struct mod_hit *h = arg;

	mod_blacklist(h->e, name, "%s: %s", h->where, what);
}

static void mod_conf_parse(struct mod_env *e, const char *path, char *text)
{
	struct mod_hit h = {e, path};

	modules_conf_parse(text, mod_hit, &h);
}

static int mod_conf_file(struct mod_env *e, const char *path)
{
	char *text = NULL;
	int ret = mod_read_text(e->c->root, path, MOD_CONF_MAX, &text);

	if (ret == -ENOMEM)
		return ret;
	if (!ret)
		mod_conf_parse(e, path, text);
	free(text);
	return 0;
}

static int mod_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.conf of every modprobe.d directory, a name in an earlier directory masking later ones. */
static int mod_conf_scan(struct mod_env *e)
{
	char *seen[MOD_CONF_SEEN], *names[MOD_CONF_SEEN], path[600];
	size_t n_seen = 0, n, i, j, k, len;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	for (i = 0; i < sizeof(mod_conf_dirs) / sizeof(mod_conf_dirs[0]) && !ret; i++) {
		if (rootfs_opendir(e->c->root, mod_conf_dirs[i], &d))
			continue;
		n = 0;
		while ((de = readdir(d)) && n < MOD_CONF_SEEN) {
			len = strlen(de->d_name);
			if (len < 6 || strcmp(de->d_name + len - 5, ".conf"))
				continue;
			names[n] = strdup(de->d_name);
			if (!names[n]) {
				ret = -ENOMEM;
				break;
			}
			n++;
		}
		closedir(d);
		qsort(names, n, sizeof(names[0]), mod_name_cmp);
		for (j = 0; j < n; j++) {
			for (k = 0; k < n_seen && strcmp(seen[k], names[j]); k++)
				;
			if (k < n_seen || ret) {
				free(names[j]);
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", mod_conf_dirs[i], names[j]);
			ret = mod_conf_file(e, path);
			if (n_seen < MOD_CONF_SEEN)
				seen[n_seen++] = names[j];
			else
				free(names[j]);
		}
	}
	for (k = 0; k < n_seen; k++)
		free(seen[k]);
	if (ret)
		return ret;
	return mod_conf_file(e, "/etc/modprobe.conf");
}

static int mod_cmdline_scan(struct mod_env *e)
{
	struct mod_hit h = {e, "kernel command line"};
	char *text = NULL;
	int ret = mod_read_text(e->c->root, "/proc/cmdline", 65536, &text);

	if (ret)
		return mod_keep(ret);
	modules_cmdline_parse(text, mod_hit, &h);
	free(text);
	return 0;
}

/* The live machine: whatever libkmod counts as blacklisted that the scan above did not find. */
static void mod_kmod_blacklist(struct mod_env *e)
{
	struct kmod_config_iter *it;

	if (!e->kmod || !e->c->root->host)
		return;
	it = kmod_config_get_blacklists(e->kmod);
	if (!it)
		return;
	while (kmod_config_iter_next(it))
		mod_blacklist(e, kmod_config_iter_get_key(it),
			      "modprobe configuration (libkmod): blacklist %s",
			      kmod_config_iter_get_key(it));
	kmod_config_iter_free_iter(it);
}

/* ---- the environment: release, module tree, libkmod ---- */

static void mod_release(struct mod_env *e)
{
	const struct fact *f = facts_get(e->c->facts, "kernel.release");
	struct utsname u;

	e->release[0] = '\0';
	if (f && f->type == FACT_STRING) {
		snprintf(e->release, sizeof(e->release), "%s", f->str);
		return;
	}
	if (!rootfs_read_value(e->c->root, "/proc/sys/kernel/osrelease", e->release,
			       sizeof(e->release)) &&
	    e->release[0])
		return;
	e->release[0] = '\0';
	if (e->c->root->host && !uname(&u))
		snprintf(e->release, sizeof(e->release), "%s", u.release);
}

/* libkmod logs to stderr by default; a probe never prints. */
static void mod_kmod_quiet(void *data, int priority, const char *file, int line, const char *fn,
			   const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
}

static int mod_kmod_open(struct mod_env *e)
{
	static const char *const no_config[] = {NULL};
	char dirname[64];

	if (e->c->root->host) {
		e->kmod = kmod_new(NULL, NULL);
		goto quiet;
	}
	if (!e->have_moddir)
		return 0;
	/* libkmod takes a path: name the directory opened inside the root through /proc. */
	e->moddir_fd = rootfs_openat(e->c->root, e->moddir, O_PATH | O_DIRECTORY);
	if (e->moddir_fd < 0)
		return e->moddir_fd == -ENOMEM ? -ENOMEM : 0;
	snprintf(dirname, sizeof(dirname), "/proc/self/fd/%d", e->moddir_fd);
	e->kmod = kmod_new(dirname, no_config);
quiet:
	if (e->kmod)
		kmod_set_log_fn(e->kmod, mod_kmod_quiet, NULL);
	return 0;
}

static int mod_env_open(struct mod_env *e)
{
	char path[400];
	int ret;

	mod_release(e);
	if (e->release[0] && !strchr(e->release, '/')) {
		snprintf(e->moddir, sizeof(e->moddir), "/lib/modules/%s", e->release);
		e->have_moddir = rootfs_exists(e->c->root, e->moddir);
	}
	if ((ret = mod_kmod_open(e)))
		return ret;
	if (e->have_moddir) {
		snprintf(path, sizeof(path), "%s/modules.dep.bin", e->moddir);
		e->kmod_index = e->kmod && rootfs_exists(e->c->root, path);
		snprintf(path, sizeof(path), "%s/modules.builtin", e->moddir);
		if ((ret = mod_read_text(e->c->root, path, MOD_FILE_MAX, &e->builtin)) == -ENOMEM)
			return ret;
		snprintf(path, sizeof(path), "%s/modules.dep", e->moddir);
		if (!e->kmod_index &&
		    (ret = mod_read_text(e->c->root, path, MOD_FILE_MAX, &e->dep)) == -ENOMEM)
			return ret;
	}
	if ((ret = mod_read_text(e->c->root, "/proc/modules", MOD_FILE_MAX, &e->proc_modules)) ==
	    -ENOMEM)
		return ret;
	if ((ret = mod_conf_scan(e)))
		return ret;
	if ((ret = mod_cmdline_scan(e)))
		return ret;
	mod_kmod_blacklist(e);
	return 0;
}

static void mod_env_close(struct mod_env *e)
{
	if (e->kmod)
		kmod_unref(e->kmod);
	if (e->moddir_fd >= 0)
		close(e->moddir_fd);
	free(e->builtin);
	free(e->dep);
	free(e->proc_modules);
}

/* ---- one module ---- */

enum mod_state { MOD_UNSEEN, MOD_BUILTIN, MOD_LOADED };

/* Live machine: libkmod's view of /sys/module. */
static enum mod_state mod_live_state(struct mod_env *e, const char *name, const char **note)
{
	struct kmod_module *m = NULL;
	int st;

	*note = NULL;
	if (!e->kmod || kmod_module_new_from_name(e->kmod, name, &m) < 0)
		return MOD_UNSEEN;
	st = kmod_module_get_initstate(m);
	kmod_module_unref(m);
	if (st == KMOD_MODULE_BUILTIN)
		return MOD_BUILTIN;
	if (st == KMOD_MODULE_COMING || st == KMOD_MODULE_GOING)
		*note = st == KMOD_MODULE_COMING ? "coming" : "going";
	return st == KMOD_MODULE_LIVE || *note ? MOD_LOADED : MOD_UNSEEN;
}

/*
 * A root: /sys/module/NAME (initstate there: loaded; none: built in), then
 * /proc/modules; path says which file told.
 */
static enum mod_state mod_root_state(struct mod_env *e, const char *name, const char **note,
				     char *path, size_t cap)
{
	char val[64];
	size_t i;

	*note = NULL;
	snprintf(path, cap, "/sys/module/%s/initstate", name);
	if (!rootfs_read_value(e->c->root, path, val, sizeof(val))) {
		for (i = 0; i < sizeof(mod_initstates) / sizeof(mod_initstates[0]); i++)
			if (!strcmp(val, mod_initstates[i].initstate))
				*note = mod_initstates[i].note;
		return MOD_LOADED;
	}
	snprintf(path, cap, "/sys/module/%s", name);
	if (rootfs_exists(e->c->root, path))
		return MOD_BUILTIN;
	snprintf(path, cap, "/proc/modules");
	if (e->proc_modules && modules_proc_has(e->proc_modules, name))
		return MOD_LOADED;
	return MOD_UNSEEN;
}

/* Is there a .ko to load? 1 yes, 0 no, -1 cannot tell (no module tree). */
static int mod_available(struct mod_env *e, const char *name)
{
	struct kmod_module *m = NULL;
	int found = 0;

	if (e->kmod_index) {
		if (kmod_module_new_from_name(e->kmod, name, &m) >= 0) {
			found = kmod_module_get_path(m) != NULL;
			kmod_module_unref(m);
		}
		return found;
	}
	if (e->dep)
		return modules_list_has(e->dep, name);
	return -1;
}

static int mod_params(struct mod_env *e, const char *name)
{
	char dir[300], path[600], key[128], what[640], pname[64];
	char *val = malloc(MOD_VALUE_MAX);
	struct fact_src src;
	struct dirent *de;
	DIR *d = NULL;
	size_t i;
	int rd, ret = 0;

	if (!val)
		return -ENOMEM;
	snprintf(dir, sizeof(dir), "/sys/module/%s/parameters", name);
	if (rootfs_opendir(e->c->root, dir, &d))
		goto out;
	while ((de = readdir(d)) && !ret) {
		if (de->d_name[0] == '.')
			continue;
		for (i = 0; de->d_name[i] && i + 1 < sizeof(pname); i++)
			pname[i] = isalnum((unsigned char)de->d_name[i]) || de->d_name[i] == '-'
				       ? (char)tolower((unsigned char)de->d_name[i])
				       : '_';
		pname[i] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		src = probe_file_src(path);
		facts_key(key, sizeof(key), "module.%s.params.%s", name, pname);
		rd = rootfs_read_value(e->c->root, path, val, MOD_VALUE_MAX);
		if (rd) {
			snprintf(what, sizeof(what), "cannot read %s", path);
			ret = mod_keep(facts_set_errno(e->c->facts, key, rd, what, &src));
		} else {
			ret = mod_keep(facts_set_str(e->c->facts, key, val, &src));
		}
	}
	closedir(d);
out:
	free(val);
	return ret;
}

static int mod_one(struct mod_env *e, size_t idx)
{
	const char *name = mod_names[idx], *note = NULL, *state;
	struct fact_src lib = {.kind = FACT_SRC_LIBRARY}, src;
	char key[128], path[400], text[600], libnote[128];
	enum mod_state st;
	int avail, ret;

	if (e->c->root->host) {
		st = mod_live_state(e, name, &note);
		snprintf(libnote, sizeof(libnote), "libkmod: kmod_module_get_initstate(%s)", name);
		lib.note = libnote;
		src = lib;
	} else {
		st = mod_root_state(e, name, &note, path, sizeof(path));
		src = probe_file_src(path);
	}
	if (st == MOD_UNSEEN && e->builtin && modules_list_has(e->builtin, name)) {
		st = MOD_BUILTIN;
		snprintf(path, sizeof(path), "%s/modules.builtin", e->moddir);
		src = probe_file_src(path);
	}
	facts_key(key, sizeof(key), "module.%s.state", name);
	if (st != MOD_UNSEEN) {
		state = st == MOD_BUILTIN ? "builtin" : "loaded";
	} else if (e->blacklisted_by[idx][0]) {
		state = "blacklisted";
		src = (struct fact_src){.kind = FACT_SRC_DERIVED, .note = e->blacklisted_by[idx]};
	} else {
		avail = mod_available(e, name);
		if (avail < 0) {
			snprintf(text, sizeof(text),
				 "%s is not there: a module that is neither loaded nor built in "
				 "cannot be told available from absent",
				 e->moddir[0] ? e->moddir : "/lib/modules/RELEASE");
			src = probe_file_src(e->moddir[0] ? e->moddir : "/lib/modules");
			if ((ret = mod_keep(
				 facts_set_unreadable(e->c->facts, key, FACT_ABSENT, text, &src))))
				return ret;
			goto extra;
		}
		state = avail ? "available" : "absent";
		if (e->kmod_index) {
			snprintf(libnote, sizeof(libnote), "libkmod: %s/modules.dep.bin",
				 e->moddir);
			lib.note = libnote;
			src = lib;
		} else {
			snprintf(path, sizeof(path), "%s/modules.dep", e->moddir);
			src = probe_file_src(path);
		}
	}
	if ((ret = mod_keep(facts_set_str(e->c->facts, key, state, &src))))
		return ret;
extra:
	if (note && (ret = mod_keep(facts_set_str(
			 e->c->facts, facts_key(key, sizeof(key), "module.%s.initstate", name),
			 note, &src))))
		return ret;
	if (e->blacklisted_by[idx][0]) {
		struct fact_src bl = {.kind = FACT_SRC_DERIVED, .note = e->blacklisted_by[idx]};

		if ((ret = mod_keep(facts_set_str(
			 e->c->facts, facts_key(key, sizeof(key), "module.%s.blacklisted_by", name),
			 e->blacklisted_by[idx], &bl))))
			return ret;
	}
	return mod_params(e, name);
}

int probe_modules(struct probe_ctx *c)
{
	struct mod_env *e = calloc(1, sizeof(*e));
	struct fact_src src;
	char text[400];
	size_t i;
	int ret;

	if (!e)
		return -ENOMEM;
	e->c = c;
	e->moddir_fd = -1;
	if ((ret = mod_env_open(e)))
		goto out;
	src = probe_file_src(e->moddir[0] ? e->moddir : "/lib/modules");
	if (e->have_moddir) {
		ret = mod_keep(facts_set_str(c->facts, "modules.dir", e->moddir, &src));
	} else {
		snprintf(text, sizeof(text), "%s is not there",
			 e->moddir[0] ? e->moddir
				      : "/lib/modules/RELEASE (the kernel release is unknown)");
		ret = mod_keep(
		    facts_set_unreadable(c->facts, "modules.dir", FACT_ABSENT, text, &src));
	}
	for (i = 0; i < MOD_N && !ret; i++)
		ret = mod_one(e, i);
out:
	mod_env_close(e);
	free(e);
	return ret;
}
