// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag check --format prometheus: the diagnosis as Prometheus text
 * exposition format 0.0.4, for node_exporter's textfile collector
 * (tpmdiag(1), PROMETHEUS). Every family is a gauge with # HELP and # TYPE,
 * written even when it has no sample, so a dashboard can tell "none" from
 * "not collected". What each family reads:
 *   tpmdiag_finding{id,severity,group,chip}  one sample per finding
 *   tpmdiag_findings{severity}               the findings of each severity
 *   tpmdiag_tpm_present{chip}                each chip the machine has; with no
 *                                            chip, one sample chip="" 0
 *   tpmdiag_tpm_info{chip,family,manufacturer,firmware}
 *   tpmdiag_lockout_failures, _in_force{chip}  tpmN.chip.lockout_counter and
 *                                            in_lockout (2.0), da_count and
 *                                            da_defending (1.2), when read
 *   tpmdiag_pcr_replay_match{chip,bank}      each bank the eventlog probe
 *                                            compared (tpmN.eventlog.compared)
 *                                            1 unless tpmN.eventlog.mismatch
 *                                            names it
 *   tpmdiag_last_run_timestamp_seconds, tpmdiag_last_run_duration_seconds,
 *   tpmdiag_exit_status, tpmdiag_exit_status_bit{bit}, tpmdiag_run_info
 * Label values go through the redactor when there is one, then are escaped
 * (backslash, double quote, line feed); a byte that is not UTF-8 becomes '?'.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reports/redact.h"
#include "reports/report.h"
#include "reports/utf8.h"

#define PROM_CHIPS 16 /* chips named; more are left out */

/* tpm_info's labels: the first of the chip's keys (after "tpmN.") that is a string. */
static const struct {
	const char *label;
	const char *keys[2];
} info_keys[] = {
    {"family", {"chip.family", "family"}},
    {"manufacturer", {"chip.manufacturer", "manufacturer"}},
    {"firmware", {"chip.firmware", "firmware_version"}},
};

/* The lockout families: the chip's key per family (2.0, then 1.2). */
static const struct {
	const char *metric;
	const char *keys[2];
} lockout_keys[] = {
    {"tpmdiag_lockout_failures", {"chip.lockout_counter", "chip.da_count"}},
    {"tpmdiag_lockout_in_force", {"chip.in_lockout", "chip.da_defending"}},
};

static const struct {
	const char *name;
	const char *help;
} families[] = {
    {"tpmdiag_run_info", "The tpmdiag version and what the run read (live, a --root or a file)."},
    {"tpmdiag_last_run_timestamp_seconds", "When tpmdiag wrote this report, in Unix time."},
    {"tpmdiag_last_run_duration_seconds", "How long the run took, from the command's start."},
    {"tpmdiag_exit_status", "The run's exit status, a bit mask (tpmdiag(1) EXIT STATUS)."},
    {"tpmdiag_exit_status_bit", "1 when this bit of the exit status is set."},
    {"tpmdiag_findings", "The number of findings of each severity."},
    {"tpmdiag_finding", "One sample per finding of the signature database."},
    {"tpmdiag_tpm_present", "1 for each TPM the machine has; chip=\"\" 0 when it has none."},
    {"tpmdiag_tpm_info", "The TPM's family, manufacturer and firmware version."},
    {"tpmdiag_lockout_failures",
     "Failed authorisations the TPM counts towards a dictionary-attack lockout."},
    {"tpmdiag_lockout_in_force",
     "1 when the TPM refuses authorisation (dictionary-attack lockout)."},
    {"tpmdiag_pcr_replay_match",
     "1 when every PCR 0-9 of the bank equals the firmware event log's replay."},
};

struct prom {
	FILE *f;
	struct redactor *rd;
	const struct facts *fs;
	int err;
};

/* s escaped as a label value: \\, \", \n; other control bytes dropped. */
static void put_escaped(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, len;

	while (i < n) {
		if (s[i] >= 0x80) {
			len = utf8_len(s + i, n - i);
			if (len)
				fwrite(s + i, 1, len, f);
			else
				fputc('?', f);
			i += len ? len : 1;
			continue;
		}
		if (s[i] == '\\' || s[i] == '"')
			fprintf(f, "\\%c", s[i]);
		else if (s[i] == '\n')
			fputs("\\n", f);
		else if (s[i] >= 0x20 && s[i] != 0x7f)
			fputc(s[i], f);
		i++;
	}
}

/* A label value through the redactor when there is one. */
static void put_label_value(struct prom *p, const char *v)
{
	char *t;

	if (!p->rd) {
		put_escaped(p->f, v);
		return;
	}
	t = redact_str(p->rd, v);
	if (!t) {
		p->err = -ENOMEM;
		return;
	}
	put_escaped(p->f, t);
	free(t);
}

/* NAME{k="v",...} VALUE: labels is pairs of name and value, NULL-terminated. */
static void sample(struct prom *p, const char *name, const char *const *labels, const char *value)
{
	size_t i;

	fputs(name, p->f);
	for (i = 0; labels && labels[i] && labels[i + 1]; i += 2) {
		fprintf(p->f, "%s%s=\"", i ? "," : "{", labels[i]);
		put_label_value(p, labels[i + 1]);
		fputc('"', p->f);
	}
	fprintf(p->f, "%s %s\n", i ? "}" : "", value);
}

static void sample_int(struct prom *p, const char *name, const char *const *labels, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%" PRId64, v);
	sample(p, name, labels, num);
}

/* # HELP and # TYPE of family name (from the table). */
static void header(struct prom *p, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			fprintf(p->f, "# HELP %s %s\n# TYPE %s gauge\n", name, families[i].help,
				name);
}

/* tpmN.SUFFIX of chip. */
static const struct fact *chip_fact(const struct prom *p, const char *chip, const char *suffix)
{
	char key[160];

	return facts_get(p->fs, facts_key(key, sizeof(key), "%s.%s", chip, suffix));
}

/* "tpm" and digits: the kernel's name of a chip. */
static bool is_chip_name(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || n > 15 || strncmp(s, "tpm", 3))
		return false;
	for (i = 3; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void chip_add(char (*chips)[16], size_t *n, const char *s, size_t len)
{
	size_t i;

	if (!is_chip_name(s, len) || *n >= PROM_CHIPS)
		return;
	for (i = 0; i < *n; i++)
		if (strlen(chips[i]) == len && !strncmp(chips[i], s, len))
			return;
	snprintf(chips[(*n)++], 16, "%.*s", (int)len, s);
}

/*
 * The chips: the udev probe's tpm.devices, then any tpmN with a family
 * (a bundle or pasted text without the class listing).
 */
static size_t chips_of(const struct facts *fs, char (*chips)[16])
{
	const struct fact *dev = facts_get(fs, "tpm.devices");
	size_t i, n = 0, len;

	for (i = 0; dev && dev->type == FACT_LIST && i < dev->n_items; i++)
		chip_add(chips, &n, dev->items[i], strlen(dev->items[i]));
	for (i = 0; i < facts_count(fs); i++) {
		const struct fact *fa = facts_at(fs, i);
		const char *dot = strchr(fa->key, '.');

		if (!dot || fa->type != FACT_STRING)
			continue;
		len = (size_t)(dot - fa->key);
		if (!strcmp(dot, ".family") || !strcmp(dot, ".chip.family"))
			chip_add(chips, &n, fa->key, len);
	}
	return n;
}

static void run_samples(struct prom *p, const struct report *r)
{
	const char *info[] = {"version", TPMDIAG_VERSION, "source", r->source ? r->source : "",
			      NULL};
	struct timespec now, mono;
	char num[48];
	size_t i;

	header(p, "tpmdiag_run_info");
	sample(p, "tpmdiag_run_info", info, "1");
	clock_gettime(CLOCK_REALTIME, &now);
	header(p, "tpmdiag_last_run_timestamp_seconds");
	snprintf(num, sizeof(num), "%lld.%03ld", (long long)now.tv_sec, now.tv_nsec / 1000000);
	sample(p, "tpmdiag_last_run_timestamp_seconds", NULL, num);
	header(p, "tpmdiag_last_run_duration_seconds");
	if (r->started.tv_sec || r->started.tv_nsec) { /* else not measured: no sample */
		clock_gettime(CLOCK_MONOTONIC, &mono);
		snprintf(num, sizeof(num), "%.6f",
			 (double)(mono.tv_sec - r->started.tv_sec) +
			     (double)(mono.tv_nsec - r->started.tv_nsec) / 1e9);
		sample(p, "tpmdiag_last_run_duration_seconds", NULL, num);
	}
	header(p, "tpmdiag_exit_status");
	sample_int(p, "tpmdiag_exit_status", NULL, r->exit_status);
	header(p, "tpmdiag_exit_status_bit");
	for (i = 0; report_exit_bits[i].name; i++) {
		const char *lab[] = {"bit", report_exit_bits[i].name, NULL};

		sample_int(p, "tpmdiag_exit_status_bit", lab,
			   (r->exit_status & report_exit_bits[i].bit) != 0);
	}
}

/* Whether findings i and j would be the same series. */
static bool same_series(const struct finding *a, const struct finding *b)
{
	const char *ga = a->rule->group ? a->rule->group : "";
	const char *gb = b->rule->group ? b->rule->group : "";

	return a->severity == b->severity && !strcmp(a->rule->id, b->rule->id) && !strcmp(ga, gb) &&
	       !strcmp(a->chip, b->chip);
}

static void finding_samples(struct prom *p, const struct findings *fi)
{
	static const enum severity sevs[] = {SEV_INFO, SEV_WARNING, SEV_ERROR};
	size_t i, j, n;

	header(p, "tpmdiag_findings");
	for (i = 0; i < sizeof(sevs) / sizeof(sevs[0]); i++) {
		const char *lab[] = {"severity", severity_name(sevs[i]), NULL};

		for (j = n = 0; j < fi->n; j++)
			n += fi->f[j].severity == sevs[i];
		sample_int(p, "tpmdiag_findings", lab, (int64_t)n);
	}
	header(p, "tpmdiag_finding");
	for (i = 0; i < fi->n; i++) {
		const struct finding *f = &fi->f[i];
		const char *lab[] = {"id",	 f->rule->id,
				     "severity", severity_name(f->severity),
				     "group",	 f->rule->group ? f->rule->group : "",
				     "chip",	 f->chip,
				     NULL};

		for (j = 0; j < i && !same_series(&fi->f[j], f); j++)
			;
		if (j == i) /* a second finding of the same labels: one series */
			sample(p, "tpmdiag_finding", lab, "1");
	}
}

static void chip_samples(struct prom *p, char (*chips)[16], size_t n)
{
	const char *none[] = {"chip", "", NULL};
	const char *val[sizeof(info_keys) / sizeof(info_keys[0])];
	size_t i, k, j;

	header(p, "tpmdiag_tpm_present");
	for (i = 0; i < n; i++) {
		const char *lab[] = {"chip", chips[i], NULL};

		sample(p, "tpmdiag_tpm_present", lab, "1");
	}
	if (!n)
		sample(p, "tpmdiag_tpm_present", none, "0");
	header(p, "tpmdiag_tpm_info");
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(info_keys) / sizeof(info_keys[0]); k++) {
			val[k] = "";
			for (j = 0; j < 2 && !val[k][0]; j++) {
				const struct fact *fa =
				    chip_fact(p, chips[i], info_keys[k].keys[j]);

				if (fa && fa->type == FACT_STRING)
					val[k] = fa->str;
			}
		}
		const char *lab[] = {"chip",
				     chips[i],
				     info_keys[0].label,
				     val[0],
				     info_keys[1].label,
				     val[1],
				     info_keys[2].label,
				     val[2],
				     NULL};

		sample(p, "tpmdiag_tpm_info", lab, "1");
	}
	for (k = 0; k < sizeof(lockout_keys) / sizeof(lockout_keys[0]); k++) {
		header(p, lockout_keys[k].metric);
		for (i = 0; i < n; i++) {
			const char *lab[] = {"chip", chips[i], NULL};

			for (j = 0; j < 2; j++) {
				const struct fact *fa =
				    chip_fact(p, chips[i], lockout_keys[k].keys[j]);

				if (fa && (fa->type == FACT_INT || fa->type == FACT_BOOL)) {
					sample_int(p, lockout_keys[k].metric, lab,
						   fa->type == FACT_INT ? fa->num : fa->flag);
					break;
				}
			}
		}
	}
}

/* Whether list fact fa has an item whose first word is word. */
static bool list_names(const struct fact *fa, const char *word, size_t len)
{
	size_t i;

	for (i = 0; fa && fa->type == FACT_LIST && i < fa->n_items; i++)
		if (!strncmp(fa->items[i], word, len) &&
		    (fa->items[i][len] == ' ' || !fa->items[i][len]))
			return true;
	return false;
}

/* "sha256 0-7,9" in tpmN.eventlog.compared; "sha256 PCR 4" in tpmN.eventlog.mismatch. */
static void replay_samples(struct prom *p, char (*chips)[16], size_t n)
{
	size_t i, b, len;
	char bank[32];

	header(p, "tpmdiag_pcr_replay_match");
	for (i = 0; i < n; i++) {
		const struct fact *cmp = chip_fact(p, chips[i], "eventlog.compared");
		const struct fact *mis = chip_fact(p, chips[i], "eventlog.mismatch");

		for (b = 0; cmp && cmp->type == FACT_LIST && b < cmp->n_items; b++) {
			len = strcspn(cmp->items[b], " ");
			if (!len || len >= sizeof(bank))
				continue;
			snprintf(bank, sizeof(bank), "%.*s", (int)len, cmp->items[b]);
			const char *lab[] = {"chip", chips[i], "bank", bank, NULL};

			sample(p, "tpmdiag_pcr_replay_match", lab,
			       list_names(mis, bank, len) ? "0" : "1");
		}
	}
}

int report_prometheus(FILE *f, const struct report *r)
{
	struct prom p = {.f = f, .rd = r->rd, .fs = r->fs};
	char chips[PROM_CHIPS][16];
	size_t n = chips_of(r->fs, chips);

	run_samples(&p, r);
	finding_samples(&p, r->fi);
	chip_samples(&p, chips, n);
	replay_samples(&p, chips, n);
	if (p.err)
		return p.err;
	return ferror(f) ? -EIO : 0;
}
