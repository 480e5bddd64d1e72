/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Optional shared libraries, loaded on first use (systemd's dlopen model).
 *
 * tpmdiag is not linked against libudev, libkmod, libsystemd, zlib,
 * libcrypto or libyaml: a command that needs none of them (rc, send) starts
 * with libc alone, and one that needs them pays for each the first time a
 * probe calls into it. probes/os/dl_<lib>.c define the library's own
 * functions with the prototypes of its header (the compiler checks them);
 * each wrapper loads the library once, resolves every symbol of its table,
 * and forwards. When the library cannot be loaded the wrapper returns the
 * function's own failure value (NULL, 0, -ENOPKG, ...), so a probe takes its
 * usual "could not read" path; dl_status() says why, for the message.
 *
 * Process-wide state, on purpose: a library handle is the process's whether
 * we keep it or not (dlopen refcounts per process), and the callers are the
 * library's own entry points, which take no context. Each dl_<lib>.c holds
 * one struct dl_lib in a static, written exactly once under pthread_once
 * (a documented once-only cache) and read-only after; nothing else in the
 * program is global. dl_load() itself works on the caller's struct and
 * keeps no state of its own (the unit tests drive it directly).
 *
 * TPMDIAG_TEST_NO_LIB (a comma-separated list of sonames) makes the loader
 * treat those libraries as missing: the test seam for the messages, since a
 * system library cannot be hidden with LD_LIBRARY_PATH.
 */
#ifndef TPMDIAG_DL_H
#define TPMDIAG_DL_H

#include <stdbool.h>
#include <stddef.h>

#define DL_WHY_MAX 320

struct dl_lib {
	const char *soname;	  /* "libkmod.so.2" */
	const char *package;	  /* the Debian runtime package: "libkmod2" */
	const char *without;	  /* what tpmdiag cannot read without it (a phrase) */
	const char *const *names; /* the symbols to resolve, n of them */
	void **slots;		  /* where their addresses go */
	size_t n;
	/* Filled by dl_load(): */
	void *handle;
	int err;	      /* 0: loaded; -ENOPKG: not there; -ELIBBAD: a symbol missing */
	char why[DL_WHY_MAX]; /* when err: "cannot load libkmod.so.2: ..." */
};

/*
 * Load l->soname and resolve every name into slots: 0, or -ENOPKG (the
 * library cannot be opened) / -ELIBBAD (it lacks a symbol) with l->why set.
 * All or nothing: on failure every slot is NULL and the handle is closed.
 */
int dl_load(struct dl_lib *l);
void dl_unload(struct dl_lib *l);

/* Whether soname is in TPMDIAG_TEST_NO_LIB. */
bool dl_hidden(const char *soname);

/*
 * The libraries tpmdiag loads on demand, for messages. dl_status() loads
 * the library when it was not tried yet and returns its record (err, why).
 */
enum dl_which { DL_UDEV, DL_KMOD, DL_SYSTEMD, DL_ZLIB, DL_CRYPTO, DL_YAML, DL_COUNT };

const struct dl_lib *dl_status(enum dl_which which);
/* Without loading: whether the library was asked for and could not be loaded. */
bool dl_failed(enum dl_which which);

/* The file the loaded library came from (dlinfo): 0, or -ENOPKG when it is not loaded. */
int dl_path(const struct dl_lib *l, char *buf, size_t len);

/*
 * "libkmod.so.2 (Debian package libkmod2) cannot be loaded: <why>; without it
 * tpmdiag cannot read <without>" into buf.
 */
void dl_message(const struct dl_lib *l, char *buf, size_t len);

/*
 * For a dl_<lib>.c: the table of its symbols as an X-macro list
 *   #define KMOD_SYMS(X) X(kmod_new) X(kmod_unref) ...
 *   DL_DEFINE(kmod, DL_KMOD, "libkmod.so.2", "libkmod2", "what...", KMOD_SYMS)
 * gives dl_kmod_ready() (true when loaded) and DL_FN(kmod, kmod_new), the
 * resolved function with the header's type.
 */
#define DL_ENUM_(name) DL_SYM_##name,
#define DL_NAME_(name) #name,
#define DL_DEFINE(lib, which, soname_, package_, without_, SYMS)                                   \
	enum { SYMS(DL_ENUM_) DL_N_##lib };                                                        \
	static const char *const dl_##lib##_names[] = {SYMS(DL_NAME_)};                            \
	static void *dl_##lib##_slots[DL_N_##lib];                                                 \
	static struct dl_lib dl_##lib##_lib = {.soname = soname_,                                  \
					       .package = package_,                                \
					       .without = without_,                                \
					       .names = dl_##lib##_names,                          \
					       .slots = dl_##lib##_slots,                          \
					       .n = DL_N_##lib};                                   \
	static pthread_once_t dl_##lib##_once = PTHREAD_ONCE_INIT;                                 \
	static bool dl_##lib##_tried;                                                              \
	static void dl_##lib##_load_once(void)                                                     \
	{                                                                                          \
		dl_load(&dl_##lib##_lib);                                                          \
		dl_##lib##_tried = true;                                                           \
	}                                                                                          \
	const struct dl_lib *dl_##lib##_status(bool load)                                          \
	{                                                                                          \
		if (load)                                                                          \
			pthread_once(&dl_##lib##_once, dl_##lib##_load_once);                      \
		return load || dl_##lib##_tried ? &dl_##lib##_lib : NULL;                          \
	}                                                                                          \
	static inline bool dl_##lib##_ready(void)                                                  \
	{                                                                                          \
		return !dl_##lib##_status(true)->err;                                              \
	}

#define DL_FN(lib, name) ((__typeof__(name) *)dl_##lib##_slots[DL_SYM_##name])

/* A wrapper's body: forward when loaded, else return fail. */
#define DL_CALL(lib, name, fail, ...) (dl_##lib##_ready() ? DL_FN(lib, name)(__VA_ARGS__) : (fail))
#define DL_CALL_VOID(lib, name, ...)                                                               \
	do {                                                                                       \
		if (dl_##lib##_ready())                                                            \
			DL_FN(lib, name)(__VA_ARGS__);                                             \
	} while (0)

/* Each dl_<lib>.c defines one; dl_status() dispatches (NULL when !load and never tried). */
const struct dl_lib *dl_udev_status(bool load);
const struct dl_lib *dl_kmod_status(bool load);
const struct dl_lib *dl_systemd_status(bool load);
const struct dl_lib *dl_zlib_status(bool load);
const struct dl_lib *dl_crypto_status(bool load);
const struct dl_lib *dl_yaml_status(bool load);

#endif
