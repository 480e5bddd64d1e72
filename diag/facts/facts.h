/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fact store: what the probes found, each fact a typed value under a
 * dotted key ("kernel.release", "tpm0.family") with where it came from.
 * "Could not read, because ..." is a value of its own (FACT_UNREADABLE with
 * a reason), so a gap is never silent.
 *
 * Keys: lower case, dot-separated, [a-z0-9_.-]; per chip "tpmN.*"; lists
 * of things indexed as "tpm0.holders" (a list value) rather than numbered
 * keys. Setting a key again replaces its value. The store keeps insertion
 * order, which is the order reports show. It owns copies of everything.
 */
#ifndef TPMDIAG_FACTS_H
#define TPMDIAG_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fact_type {
	FACT_STRING,
	FACT_INT,
	FACT_BOOL,
	FACT_LIST, /* of strings */
	FACT_UNREADABLE,
};

/* Why a fact could not be read. */
enum fact_reason {
	FACT_REASON_NONE = 0,
	FACT_ABSENT,	 /* the file, table, module, device is not there */
	FACT_PERMISSION, /* it is there, and this user may not read it */
	FACT_MALFORMED,	 /* it was read, and is not what the kernel/spec writes */
	FACT_FAILED,	 /* reading it failed (I/O error, timeout, TPM error) */
};

enum fact_src_kind {
	FACT_SRC_NONE = 0,
	FACT_SRC_FILE,	  /* path: the file as the machine names it ("/sys/class/tpm/tpm0/caps") */
	FACT_SRC_KMSG,	  /* a kernel-log record: seq, ts, text */
	FACT_SRC_TPM,	  /* a TPM command: name, raw command and response */
	FACT_SRC_LIBRARY, /* a library's answer: note names it ("libkmod", "libudev") */
	FACT_SRC_DERIVED, /* computed from other facts: note says how */
};

/* Where a fact came from. Pointers are borrowed; the store copies them. */
struct fact_src {
	enum fact_src_kind kind;
	const char *path;
	uint64_t kmsg_seq;
	double kmsg_ts; /* seconds since boot; < 0 when the record had none */
	const char *kmsg_text;
	const char *cmd_name;
	const uint8_t *cmd;
	size_t cmd_len;
	const uint8_t *rsp;
	size_t rsp_len;
	const char *note;
};

struct fact {
	char *key;
	enum fact_type type;
	char *str;    /* FACT_STRING */
	int64_t num;  /* FACT_INT */
	bool flag;    /* FACT_BOOL */
	char **items; /* FACT_LIST */
	size_t n_items;
	enum fact_reason why; /* FACT_UNREADABLE */
	char *why_text;	      /* FACT_UNREADABLE: one sentence */
	struct fact_src src;  /* owned copies */
};

struct facts;

int facts_new(struct facts **out);
void facts_free(struct facts *fs);

/* Each returns 0, or -ENOMEM, or -EINVAL for a bad key. src may be NULL. */
int facts_set_str(struct facts *fs, const char *key, const char *value, const struct fact_src *src);
int facts_set_int(struct facts *fs, const char *key, int64_t value, const struct fact_src *src);
int facts_set_bool(struct facts *fs, const char *key, bool value, const struct fact_src *src);
int facts_set_list(struct facts *fs, const char *key, const char *const *items, size_t n,
		   const struct fact_src *src);
int facts_set_unreadable(struct facts *fs, const char *key, enum fact_reason why, const char *text,
			 const struct fact_src *src);
/*
 * An unreadable fact from an errno: ENOENT/ENOTDIR → absent, EACCES/EPERM →
 * permission, EINVAL/EBADMSG/ERANGE/EFBIG/EILSEQ/ELOOP → malformed, else failed;
 * the text is "WHAT: strerror" (what e.g. "cannot read /sys/.../caps").
 */
int facts_set_errno(struct facts *fs, const char *key, int err_no, const char *what,
		    const struct fact_src *src);

/* printf into a key buffer: facts_key(buf, sizeof(buf), "tpm%u.driver", n). */
/*
 * The value as text, as reports show it and rules compare it: "true",
 * "42", "a, b" (a list; "(none)" when empty), "(absent) why" (unreadable).
 */
void fact_value_text(const struct fact *fa, char *buf, size_t len);

const char *facts_key(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const struct fact *facts_get(const struct facts *fs, const char *key);
size_t facts_count(const struct facts *fs);
const struct fact *facts_at(const struct facts *fs, size_t i);

/* "string", "integer", "boolean", "list", "unreadable"; "absent", "permission", ... */
const char *fact_type_name(enum fact_type t);
const char *fact_reason_name(enum fact_reason r);
const char *fact_src_kind_name(enum fact_src_kind k);

#endif
