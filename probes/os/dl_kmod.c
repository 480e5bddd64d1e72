// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libkmod on first use (probes/os/dl.h): the functions probes/modules.c
 * calls, with libkmod.h's prototypes. Without the library kmod_new()
 * returns NULL and the probe reads modules.dep and /proc/modules as text.
 * libkmod is the costly one to load: it pulls in libcrypto, liblzma and
 * libzstd for module signatures and compression.
 */
#include <errno.h>
#include <libkmod.h>
#include <pthread.h>

#include "probes/os/dl.h"

#define KMOD_SYMS(X)                                                                               \
	X(kmod_new)                                                                                \
	X(kmod_unref)                                                                              \
	X(kmod_set_log_fn)                                                                         \
	X(kmod_module_new_from_name)                                                               \
	X(kmod_module_unref)                                                                       \
	X(kmod_module_get_initstate)                                                               \
	X(kmod_module_get_path)                                                                    \
	X(kmod_config_get_blacklists)                                                              \
	X(kmod_config_iter_get_key)                                                                \
	X(kmod_config_iter_next)                                                                   \
	X(kmod_config_iter_free_iter)

DL_DEFINE(kmod, DL_KMOD, "libkmod.so.2", "libkmod2",
	  "the module index (modules.dep.bin), modprobe's blacklists and the modules' init state",
	  KMOD_SYMS)

struct kmod_ctx *kmod_new(const char *dirname, const char *const *config_paths)
{
	if (!dl_kmod_ready()) {
		errno = ENOPKG;
		return NULL;
	}
	return DL_FN(kmod, kmod_new)(dirname, config_paths);
}

struct kmod_ctx *kmod_unref(struct kmod_ctx *ctx)
{
	return ctx ? DL_CALL(kmod, kmod_unref, NULL, ctx) : NULL;
}

void kmod_set_log_fn(struct kmod_ctx *ctx,
		     void (*log_fn)(void *log_data, int priority, const char *file, int line,
				    const char *fn, const char *format, va_list args),
		     const void *data)
{
	DL_CALL_VOID(kmod, kmod_set_log_fn, ctx, log_fn, data);
}

int kmod_module_new_from_name(struct kmod_ctx *ctx, const char *name, struct kmod_module **mod)
{
	return DL_CALL(kmod, kmod_module_new_from_name, -ENOPKG, ctx, name, mod);
}

struct kmod_module *kmod_module_unref(struct kmod_module *mod)
{
	return mod ? DL_CALL(kmod, kmod_module_unref, NULL, mod) : NULL;
}

int kmod_module_get_initstate(const struct kmod_module *mod)
{
	return DL_CALL(kmod, kmod_module_get_initstate, -ENOPKG, mod);
}

const char *kmod_module_get_path(const struct kmod_module *mod)
{
	return DL_CALL(kmod, kmod_module_get_path, NULL, mod);
}

struct kmod_config_iter *kmod_config_get_blacklists(const struct kmod_ctx *ctx)
{
	return DL_CALL(kmod, kmod_config_get_blacklists, NULL, ctx);
}

const char *kmod_config_iter_get_key(const struct kmod_config_iter *iter)
{
	return DL_CALL(kmod, kmod_config_iter_get_key, NULL, iter);
}

bool kmod_config_iter_next(struct kmod_config_iter *iter)
{
	return DL_CALL(kmod, kmod_config_iter_next, false, iter);
}

void kmod_config_iter_free_iter(struct kmod_config_iter *iter)
{
	DL_CALL_VOID(kmod, kmod_config_iter_free_iter, iter);
}
