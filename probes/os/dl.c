// SPDX-License-Identifier: GPL-2.0-or-later
/* The loader of optional libraries (probes/os/dl.h). */
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/os/dl.h"

bool dl_hidden(const char *soname)
{
	const char *list = getenv("TPMDIAG_TEST_NO_LIB"), *p;
	size_t n = strlen(soname);

	size_t k;

	for (p = list; p && *p; p += *p == ',') {
		k = strcspn(p, ",");
		if (k == n && !strncmp(p, soname, n))
			return true;
		p += k;
	}
	return false;
}

static void dl_clear(struct dl_lib *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->slots[i] = NULL;
	if (l->handle)
		dlclose(l->handle);
	l->handle = NULL;
}

int dl_load(struct dl_lib *l)
{
	const char *e;
	size_t i;

	l->err = 0;
	l->why[0] = '\0';
	if (l->handle)
		return 0;
	if (dl_hidden(l->soname)) {
		snprintf(l->why, sizeof(l->why), "%s: not loaded, TPMDIAG_TEST_NO_LIB names it",
			 l->soname);
		l->err = -ENOPKG;
		return l->err;
	}
	l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!l->handle) {
		e = dlerror();
		snprintf(l->why, sizeof(l->why), "%s", e ? e : l->soname); /* names the file */
		l->err = -ENOPKG;
		return l->err;
	}
	for (i = 0; i < l->n; i++) {
		dlerror();
		l->slots[i] = dlsym(l->handle, l->names[i]);
		if (!l->slots[i]) {
			snprintf(l->why, sizeof(l->why), "%s has no symbol %s (too old a version?)",
				 l->soname, l->names[i]);
			l->err = -ELIBBAD;
			dl_clear(l);
			return l->err;
		}
	}
	return 0;
}

void dl_unload(struct dl_lib *l)
{
	dl_clear(l);
	l->err = 0;
	l->why[0] = '\0';
}

void dl_message(const struct dl_lib *l, char *buf, size_t len)
{
	snprintf(buf, len, "%s (Debian package %s) is needed to read %s: %s", l->soname, l->package,
		 l->without, l->err ? l->why : "loaded");
}

const struct dl_lib *dl_status(enum dl_which which)
{
	switch (which) {
	case DL_UDEV:
		return dl_udev_status(true);
	case DL_KMOD:
		return dl_kmod_status(true);
	case DL_SYSTEMD:
		return dl_systemd_status(true);
	case DL_ZLIB:
		return dl_zlib_status(true);
	case DL_CRYPTO:
		return dl_crypto_status(true);
	case DL_YAML:
	case DL_COUNT:
		break;
	}
	return dl_yaml_status(true);
}

bool dl_failed(enum dl_which which)
{
	const struct dl_lib *l = NULL;

	switch (which) {
	case DL_UDEV:
		l = dl_udev_status(false);
		break;
	case DL_KMOD:
		l = dl_kmod_status(false);
		break;
	case DL_SYSTEMD:
		l = dl_systemd_status(false);
		break;
	case DL_ZLIB:
		l = dl_zlib_status(false);
		break;
	case DL_CRYPTO:
		l = dl_crypto_status(false);
		break;
	case DL_YAML:
	case DL_COUNT:
		l = dl_yaml_status(false);
		break;
	}
	return l && l->err;
}

int dl_path(const struct dl_lib *l, char *buf, size_t len)
{
	struct link_map *m = NULL;

	buf[0] = '\0';
	if (l->err || !l->handle)
		return l->err ? l->err : -ENOPKG;
	if (dlinfo(l->handle, RTLD_DI_LINKMAP, &m) || !m || !m->l_name)
		return -ENOENT;
	snprintf(buf, len, "%s", m->l_name);
	return 0;
}
