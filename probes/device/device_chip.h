/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the device probe (probes/device/device.c): one chip being asked, the
 * exchange of one question, the fact writers every question's recorder uses,
 * and each family's table of questions (device12.c, device20.c). Facts go to
 * tpmN.chip.NAME with the exchange's command and response as provenance.
 * Writers return 0, or -ENOMEM (nothing else stops a probe).
 */
#ifndef TPMDIAG_DEVICE_CHIP_H
#define TPMDIAG_DEVICE_CHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/facts/facts.h"
#include "probes/probe.h"
#include "probes/tpm/buf.h"
#include "probes/commands/queries.h"
#include "probes/keys/pubkey.h"
#include "probes/transport/transport.h"

#define DEV_CMD_MAX  256
#define DEV_TEXT_MAX 1024

/* One question and its answer (or the transport's error). */
struct dev_ask {
	const struct tpm_query *q;
	const struct tpm_cmd_info *info;
	uint8_t cmd[DEV_CMD_MAX];
	size_t cmd_len;
	uint8_t rsp[TPM_MAX_MSG];
	size_t rsp_len;
	int err; /* -errno of the transport; 0 = answered, h holds the header */
	struct tpm_hdr h;
};

/* One chip being asked. */
struct dev_chip {
	struct probe_ctx *c;
	struct tpm_transport *t;
	unsigned n;
	enum tpm_family fam;
	char family_src[512];
	bool family_done;    /* chip.family recorded */
	bool preanswered;    /* ask holds the answer to the 2.0 fixed properties already */
	bool have_first;     /* the first answer was looked at */
	bool failure;	     /* chip.failure recorded true */
	struct dev_ask ask;  /* the current exchange */
	struct dev_ask stop; /* the exchange that made us stop asking */
	char stop_text[DEV_TEXT_MAX];
	enum fact_reason stop_why;
	struct tpm_fields fs;
	/* the RSA EK's modulus (TPM2_ReadPublic of 0x81010001), for its certificate */
	size_t ek_modulus_len;
	uint8_t ek_modulus[PUBKEY_MAX_MODULUS];
};

struct dev_question {
	enum tpm_query_id id;
	const char *const *keys; /* what the answer fills: unreadable together when it fails */
	size_t n_keys;
	int (*record)(struct dev_chip *d, const struct tpm_fields *fs); /* a successful answer */
	int (*on_rc)(struct dev_chip *d); /* an error answer: 1 = recorded, 0 = the default */
};

#define DEV_Q(id, keys, rec, rc)                                                                   \
	{                                                                                          \
		id, keys, TPM_ARRAY_SIZE(keys), rec, rc                                            \
	}

/* Each family's questions, one per query id of its family. */
const struct dev_question *dev12_questions(size_t *n);
const struct dev_question *dev20_questions(size_t *n);

/*
 * Ask q (from the table, or one made on the spot with a catalogue name and
 * arguments): build, refuse anything that changes state, send. d->ask
 * holds the exchange; d->ask.err the transport's -errno (text in d->t->err).
 */
void dev_send(struct dev_chip *d, const struct tpm_query *q);

/*
 * tpmN.pcr.BANK.I over the device when the pcrs probe found no kernel
 * values (device_pcrs.c): 0 or -ENOMEM.
 */
int dev_pcrs(struct dev_chip *d);

/* tpmN.chip.ekcert.* from the TPM 2.0 EK certificate indices (device_ekcert.c): 0 or -ENOMEM. */
int dev_ekcert(struct dev_chip *d);

/* -ENOMEM stays -ENOMEM; anything else (a bad key: this code's bug) is 0. */
int dev_ok(int r);
/* "tpm0.chip.NAME" into buf. */
const char *dev_key(const struct dev_chip *d, char *buf, size_t len, const char *name);
/* The provenance of a fact from exchange a (note: what it is; NULL: the question's title). */
struct fact_src dev_src(const struct dev_ask *a, const char *note);
/* "TPM_INVALID_POSTINIT (0x26)" of a's return code. */
const char *dev_rc_name(const struct dev_chip *d, const struct dev_ask *a, char *buf, size_t len);
/*
 * a's return code as the family's table names it (tpm_rc_decode's base):
 * a TPM 2.0 format-one code without its handle, parameter or session number,
 * so TPM2_RC_HANDLE is any "handle N does not suit".
 */
#define TPM2_RC_HANDLE 0x08bu
uint32_t dev_rc_base(const struct dev_chip *d, const struct dev_ask *a);
/* The return code as a sentence: "TPM_RC_VALUE (parameter 1): ...". */
const char *dev_rc_line(const struct dev_chip *d, const struct dev_ask *a, char *buf, size_t len);
/* True when a is a failure-mode answer (TPM_FAIL, TPM_RC_FAILURE). */
bool dev_is_failure(const struct dev_ask *a);
/* tpmN.NAME (the sysfs-level key) when sysfs left it unset or unreadable. */
int dev_top_str(struct dev_chip *d, const char *name, const char *v, const struct fact_src *s);
int dev_top_bool(struct dev_chip *d, const char *name, bool v, const struct fact_src *s);
/* tpmN.chip.NAME from the current exchange. */
int dev_str(struct dev_chip *d, const char *name, const char *v, const char *note);
int dev_int(struct dev_chip *d, const char *name, int64_t v, const char *note);
int dev_bool(struct dev_chip *d, const char *name, bool v, const char *note);
int dev_unreadable(struct dev_chip *d, const struct dev_ask *a, const char *name,
		   enum fact_reason why, const char *text, const char *note);
/* NAME as malformed: the answer lacked what (a field of the decoded answer). */
int dev_missing(struct dev_chip *d, const char *name, const char *what);
/* Append the four characters packed in v (NULs dropped) to out at *pos. */
void dev_chars(uint32_t v, char *out, size_t len, size_t *pos);
/* Trim spaces at both ends of s, in place. */
void dev_trim(char *s);

#endif
