// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag analyze FILE|DIR: a diagnosis from pasted or attached text
 * alone; from a bundle `tpmdiag collect` wrote (reports/facts/bundle.h), with
 * today's rules; or, for a directory of bundles, each one diagnosed and a
 * fleet summary: which signature on how many machines. The directory walk
 * keeps only counts and a few names per signature, so memory stays flat in
 * the number of bundles.
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/offline/bundle_read.h"
#include "diag/cli/cli.h"
#include "probes/os/bounded_read.h"
#include "diag/engine/findings.h"
#include "diag/cli/machine.h"
#include "probes/offline/analyze_text.h"
#include "probes/kmsg.h"

#define FLEET_NAMES 5 /* machine names listed per signature (the first by name) */

struct fleet_sig {
	const struct rule *rule;
	size_t machines;
	char *names[FLEET_NAMES];
	size_t n_names;
};

struct fleet {
	struct fleet_sig *sig;
	size_t n, cap;
	size_t bundles, unreadable, clean; /* clean: no warning or error finding */
	char *clean_names[FLEET_NAMES];
	size_t n_clean;
	int status;
};

static int analyze_text(struct cli *c, const char *path)
{
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	int ret;

	if (facts_new(&fs))
		return TPMDIAG_EXIT_DEVICE;
	ret = analyze_text_file(path, &log, fs);
	if (ret == -ETIMEDOUT) {
		fprintf(c->err, "tpmdiag analyze: nothing came from %s for %d s\n", path,
			INPUT_IDLE_MS / 1000);
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	if (ret) {
		fprintf(c->err, "tpmdiag analyze: cannot read %s: %s\n", path, strerror(-ret));
		ret = TPMDIAG_EXIT_USAGE;
		goto out;
	}
	/* cut short (a limit, an idle pipe, a read error): the device bit says so */
	ret = cli_diagnose(c, fs, log,
			   facts_get(fs, "analyze.read_error") ? TPMDIAG_EXIT_DEVICE : 0, path);
out:
	kmsg_log_free(log);
	facts_free(fs);
	return ret;
}

static int analyze_bundle(struct cli *c, const char *path)
{
	struct bundle b;
	char err[512];
	int ret = bundle_read_file(path, &b, err, sizeof(err));

	if (ret) {
		fprintf(c->err, "tpmdiag analyze: %s\n", err);
		return ret == -ENOMEM ? TPMDIAG_EXIT_DEVICE : TPMDIAG_EXIT_USAGE;
	}
	ret = cli_diagnose(c, b.fs, b.log, machine_facts_status(b.fs), path);
	bundle_clear(&b);
	return ret;
}

/* ---- a directory of bundles ------------------------------------------------ */

/* Keep the FLEET_NAMES smallest names, sorted. 0 or -ENOMEM. */
static int names_add(char **names, size_t *n, const char *name)
{
	size_t i;
	char *s;

	if (*n == FLEET_NAMES && strcmp(name, names[FLEET_NAMES - 1]) >= 0)
		return 0;
	s = strdup(name);
	if (!s)
		return -ENOMEM;
	if (*n == FLEET_NAMES)
		free(names[--*n]);
	for (i = *n; i > 0 && strcmp(names[i - 1], s) > 0; i--)
		names[i] = names[i - 1];
	names[i] = s;
	++*n;
	return 0;
}

static void names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}

static int fleet_status(const struct findings *fi, int fail_on)
{
	static const int bit[] = {TPMDIAG_EXIT_INFO_FINDING, TPMDIAG_EXIT_WARNING_FINDING,
				  TPMDIAG_EXIT_ERROR_FINDING};
	int st = 0;

	for (size_t i = 0; i < fi->n; i++)
		if ((int)fi->f[i].severity >= fail_on)
			st |= bit[fi->f[i].severity];
	return st;
}

/*
 * Count one machine's findings (each signature once per machine); a machine
 * with no warning or error (notes only, or nothing) is "no problem found",
 * as its own report's verdict says.
 */
static int fleet_add(struct fleet *fl, const char *machine, const struct findings *fi)
{
	size_t i, j, k;

	if (findings_worst(fi) < SEV_WARNING) {
		fl->clean++;
		if (names_add(fl->clean_names, &fl->n_clean, machine))
			return -ENOMEM;
	}
	for (i = 0; i < fi->n; i++) {
		const struct rule *ru = fi->f[i].rule;

		for (j = 0; j < i && fi->f[j].rule != ru; j++)
			;
		if (j < i)
			continue; /* the same signature on another chip of this machine */
		for (k = 0; k < fl->n && fl->sig[k].rule != ru; k++)
			;
		if (k == fl->n) {
			if (fl->n == fl->cap) {
				size_t cap = fl->cap ? fl->cap * 2 : 16;
				struct fleet_sig *ns = realloc(fl->sig, cap * sizeof(*ns));

				if (!ns)
					return -ENOMEM;
				fl->sig = ns;
				fl->cap = cap;
			}
			memset(&fl->sig[k], 0, sizeof(fl->sig[k]));
			fl->sig[k].rule = ru;
			fl->n++;
		}
		fl->sig[k].machines++;
		if (names_add(fl->sig[k].names, &fl->sig[k].n_names, machine))
			return -ENOMEM;
	}
	return 0;
}

/* Diagnose one bundle of the directory into the summary. 0 or -ENOMEM. */
static int fleet_one(struct cli *c, const struct ruleset *rs, struct fleet *fl, const char *dir,
		     const char *file)
{
	struct findings fi = {0};
	char machine[256], err[512];
	struct bundle b;
	char *path = NULL;
	size_t len = strlen(file) - strlen(".json");
	int ret;

	if (asprintf(&path, "%s/%s", dir, file) < 0)
		return -ENOMEM;
	snprintf(machine, sizeof(machine), "%.*s", (int)len, file);
	fl->bundles++;
	ret = bundle_read_file(path, &b, err, sizeof(err));
	if (ret) {
		fprintf(c->err, "tpmdiag analyze: %s\n", err);
		fl->unreadable++;
		fl->status |= ret == -ENOMEM ? TPMDIAG_EXIT_DEVICE : TPMDIAG_EXIT_USAGE;
		ret = ret == -ENOMEM ? ret : 0;
		goto out;
	}
	/* the fleet summary counts findings; it never lists the unknown lines */
	ret = rules_evaluate_ex(rs, b.fs, b.log, RULES_EVAL_NO_UNKNOWN, &fi);
	if (!ret)
		ret = fleet_add(fl, machine, &fi);
	fl->status |= machine_facts_status(b.fs) | fleet_status(&fi, c->fail_on);
	findings_free(&fi);
	bundle_clear(&b);
out:
	free(path);
	return ret;
}

static int sig_cmp(const void *a, const void *b)
{
	const struct fleet_sig *x = a, *y = b;

	if (x->machines != y->machines)
		return x->machines > y->machines ? -1 : 1;
	if (x->rule->severity != y->rule->severity)
		return x->rule->severity > y->rule->severity ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

static void print_names(FILE *f, char *const *names, size_t n, size_t total)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", names[i]);
	if (total > n)
		fprintf(f, ", ... (%zu more)", total - n);
	fputc('\n', f);
}

static void fleet_print_text(FILE *f, const char *dir, const struct fleet *fl)
{
	int w = (int)strlen("SIGNATURE");
	size_t i;

	for (i = 0; i < fl->n; i++)
		if ((int)strlen(fl->sig[i].rule->id) > w)
			w = (int)strlen(fl->sig[i].rule->id);
	fprintf(f, "Fleet %s: %zu bundle%s, %zu with a problem, %zu without, %zu unreadable\n", dir,
		fl->bundles, fl->bundles == 1 ? "" : "s", fl->bundles - fl->unreadable - fl->clean,
		fl->clean, fl->unreadable);
	if (fl->n) {
		fprintf(f, "\n%8s  %-8s  %-*s  %s\n", "MACHINES", "SEVERITY", w, "SIGNATURE",
			"WHICH");
		for (i = 0; i < fl->n; i++) {
			fprintf(f, "%8zu  %-8s  %-*s  ", fl->sig[i].machines,
				severity_name(fl->sig[i].rule->severity), w, fl->sig[i].rule->id);
			print_names(f, fl->sig[i].names, fl->sig[i].n_names, fl->sig[i].machines);
		}
	}
	fprintf(f, "\nNo problem found (no warning or error): %zu machine%s%s", fl->clean,
		fl->clean == 1 ? "" : "s", fl->clean ? ": " : "\n");
	if (fl->clean)
		print_names(f, fl->clean_names, fl->n_clean, fl->clean);
}

static struct json_object *json_names(char *const *names, size_t n)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		json_object_array_add(a, json_object_new_string(names[i]));
	return a;
}

static int fleet_print_json(FILE *f, const char *dir, const struct fleet *fl)
{
	struct json_object *doc = json_object_new_object(), *sigs = json_object_new_array(), *o;
	int ret = 0;

	if (!doc || !sigs) {
		json_object_put(sigs);
		ret = -ENOMEM;
		goto out;
	}
	json_object_object_add(doc, "schema", json_object_new_string("tpmdiag-fleet/1"));
	json_object_object_add(doc, "directory", json_object_new_string(dir));
	json_object_object_add(doc, "bundles", json_object_new_uint64(fl->bundles));
	json_object_object_add(doc, "unreadable", json_object_new_uint64(fl->unreadable));
	for (size_t i = 0; i < fl->n; i++) {
		o = json_object_new_object();
		if (!o)
			break;
		json_object_object_add(o, "id", json_object_new_string(fl->sig[i].rule->id));
		json_object_object_add(
		    o, "severity",
		    json_object_new_string(severity_name(fl->sig[i].rule->severity)));
		json_object_object_add(o, "machines", json_object_new_uint64(fl->sig[i].machines));
		json_object_object_add(o, "which",
				       json_names(fl->sig[i].names, fl->sig[i].n_names));
		json_object_array_add(sigs, o);
	}
	json_object_object_add(doc, "signatures", sigs);
	o = json_object_new_object();
	if (o) {
		json_object_object_add(o, "machines", json_object_new_uint64(fl->clean));
		json_object_object_add(o, "which", json_names(fl->clean_names, fl->n_clean));
	}
	json_object_object_add(doc, "no_problem", o);
	json_object_object_add(doc, "exit_status", json_object_new_int(fl->status));
	fprintf(f, "%s\n",
		json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(doc);
	return ret;
}

static bool is_bundle_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && d->d_name[0] != '.' && !strcmp(d->d_name + n - 5, ".json") &&
	       (d->d_type == DT_REG || d->d_type == DT_LNK || d->d_type == DT_UNKNOWN);
}

static int analyze_dir(struct cli *c, const char *dir)
{
	struct fleet fl = {0};
	struct ruleset *rs = NULL;
	struct dirent *d;
	DIR *dh = opendir(dir);
	int ret;

	if (!dh) {
		fprintf(c->err, "tpmdiag analyze: cannot read %s: %s\n", dir, strerror(errno));
		return TPMDIAG_EXIT_USAGE;
	}
	if (c->format && !strcmp(c->format, "prometheus")) {
		/* one machine's samples: a fleet's would collide without an instance label */
		fprintf(c->err,
			"tpmdiag analyze: --format prometheus describes one machine; "
			"analyze each bundle of %s on its own\n",
			dir);
		closedir(dh);
		return TPMDIAG_EXIT_USAGE;
	}
	ret = machine_rules(c, &rs, true);
	if (ret)
		goto out;
	while ((d = readdir(dh))) {
		if (!is_bundle_name(d))
			continue;
		if (fleet_one(c, rs, &fl, dir, d->d_name)) {
			fprintf(c->err, "tpmdiag analyze: out of memory\n");
			ret = TPMDIAG_EXIT_DEVICE;
			goto out;
		}
	}
	if (!fl.bundles)
		fprintf(c->err, "tpmdiag analyze: %s holds no bundles (*.json)\n", dir);
	if (fl.n)
		qsort(fl.sig, fl.n, sizeof(*fl.sig), sig_cmp);
	c->out_status = 0;
	if (c->format && !strcmp(c->format, "json")) {
		if (fleet_print_json(c->out, dir, &fl)) {
			fprintf(c->err, "tpmdiag analyze: out of memory\n");
			fl.status |= TPMDIAG_EXIT_DEVICE;
			c->out_status = -ENOMEM;
		}
	} else {
		fleet_print_text(c->out, dir, &fl);
	}
	ret = fl.status | (fl.bundles ? 0 : TPMDIAG_EXIT_USAGE);
out:
	for (size_t i = 0; i < fl.n; i++)
		names_free(fl.sig[i].names, fl.sig[i].n_names);
	names_free(fl.clean_names, fl.n_clean);
	free(fl.sig);
	ruleset_free(rs);
	closedir(dh);
	return ret;
}

static int analyze_run(struct cli *c)
{
	struct stat st;
	int sniff;

	if (c->argc != 1) {
		fprintf(c->err, "tpmdiag analyze: give one file: a kernel log, tool output, a "
				"pasted bug report ('-' reads standard input) or a bundle; or a "
				"directory of bundles\n");
		return TPMDIAG_EXIT_USAGE;
	}
	if (strcmp(c->argv[0], "-") && !stat(c->argv[0], &st) && S_ISDIR(st.st_mode))
		return analyze_dir(c, c->argv[0]);
	sniff = strcmp(c->argv[0], "-") ? bundle_sniff(c->argv[0]) : 0;
	if (sniff == 0 && strlen(c->argv[0]) > 5 &&
	    !strcmp(c->argv[0] + strlen(c->argv[0]) - 5, ".json")) {
		/* a bundle by its name that holds no JSON object: not text to read */
		fprintf(c->err,
			"tpmdiag analyze: %s is named like a bundle but holds no JSON object "
			"(it is empty or not JSON); a bundle comes from tpmdiag collect\n",
			c->argv[0]);
		return TPMDIAG_EXIT_USAGE;
	}
	return sniff == 1 ? analyze_bundle(c, c->argv[0]) : analyze_text(c, c->argv[0]);
}

int cli_analyze(struct cli *c)
{
	return cli_report_run(c, "analyze", analyze_run);
}
