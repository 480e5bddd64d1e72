// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signatures that only facts fire (the chip's flags, sysfs, udev, modules),
 * which no fixture machine shows: each tests/rules/facts/<name>.facts is the
 * fact set of a machine that shows it (tests/rules/facts/README.md has the
 * format). Every built-in rule runs over it; every id of its "# expect:"
 * lines must fire, and no other warning or error may (the fixture matrix's
 * no-false-positive rule).
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "probes/offline/analyze_text.h"

#define FACTS_DIR     "tests/rules/facts"
#define FS_LINE_MAX   4096  /* one line */
#define FS_LINES_MAX  1024  /* lines of one file */
#define FS_TPM_MAX    64    /* @tpm lines */
#define FS_BYTES_MAX  2048  /* a command or response */
#define FS_ITEMS_MAX  64    /* items of a list */
#define FS_LOG_MAX    16384 /* @log text */
#define FS_EXPECT_MAX 1024

struct fs_tpm {
	char key[128];
	uint8_t cmd[FS_BYTES_MAX], rsp[FS_BYTES_MAX];
	size_t cmd_len, rsp_len;
};

/* One .facts file, loaded. */
struct fs_file {
	char expect[FS_EXPECT_MAX]; /* " id id ... " */
	bool have_source;
	struct fs_tpm tpm[FS_TPM_MAX];
	size_t n_tpm;
	char log[FS_LOG_MAX];
	size_t log_len;
	struct facts *facts;
	char err[256]; /* why loading failed */
};

static const struct {
	const char *name;
	enum fact_reason why;
} fs_reasons[] = {
    {"absent", FACT_ABSENT},
    {"permission", FACT_PERMISSION},
    {"malformed", FACT_MALFORMED},
    {"failed", FACT_FAILED},
};

static char *fs_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Hex digits (spaces allowed) into out; -EINVAL on anything else or too many. */
static int fs_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	int hi = -1, v;

	*len = 0;
	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s))
			return -EINVAL;
		v = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (*len == cap)
			return -EINVAL;
		out[(*len)++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 && *len ? 0 : -EINVAL;
}

/* "@tpm KEY = CMD -> RSP" */
static int fs_tpm_line(struct fs_file *f, char *s)
{
	char *eq = strstr(s, " = "), *arrow;
	struct fs_tpm *t;

	if (!eq || !(arrow = strstr(eq, " -> ")) || f->n_tpm == FS_TPM_MAX)
		return -EINVAL;
	t = &f->tpm[f->n_tpm];
	*eq = *arrow = '\0';
	snprintf(t->key, sizeof(t->key), "%s", fs_trim(s));
	if (fs_hex(eq + 3, t->cmd, sizeof(t->cmd), &t->cmd_len) ||
	    fs_hex(arrow + 4, t->rsp, sizeof(t->rsp), &t->rsp_len))
		return -EINVAL;
	f->n_tpm++;
	return 0;
}

/* The first pass: # expect / # source, @tpm and @log lines. */
static int fs_meta_line(struct fs_file *f, char *line)
{
	size_t n;

	if (!strncmp(line, "# expect:", 9)) {
		n = strlen(f->expect);
		snprintf(f->expect + n, sizeof(f->expect) - n, "%s%s ", n ? "" : " ",
			 fs_trim(line + 9));
		return 0;
	}
	if (!strncmp(line, "# source:", 9)) {
		f->have_source = fs_trim(line + 9)[0] != '\0';
		return 0;
	}
	if (!strncmp(line, "@tpm ", 5))
		return fs_tpm_line(f, line + 5);
	if (!strncmp(line, "@log ", 5)) {
		n = strlen(line + 5);
		if (f->log_len + n + 2 > sizeof(f->log))
			return -EINVAL;
		memcpy(f->log + f->log_len, line + 5, n);
		f->log_len += n;
		f->log[f->log_len++] = '\n';
		f->log[f->log_len] = '\0';
		return 0;
	}
	return 0;
}

/* A quoted string with \n, \t, \" and \\ escapes, in place; -EINVAL when unterminated. */
static int fs_unquote(char *s)
{
	char *w = s, *r = s + 1;

	for (; *r && *r != '"'; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		r++;
		if (*r == 'n')
			*w++ = '\n';
		else if (*r == 't')
			*w++ = '\t';
		else if (*r == '"' || *r == '\\')
			*w++ = *r;
		else
			return -EINVAL;
	}
	if (*r != '"' || r[1])
		return -EINVAL;
	*w = '\0';
	return 0;
}

static bool fs_is_int(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* "[a, b, c]" in place, into items. */
static int fs_list(char *s, const char **items, size_t *n)
{
	char *p, *comma;
	size_t len = strlen(s);

	*n = 0;
	if (len < 2 || s[len - 1] != ']')
		return -EINVAL;
	s[len - 1] = '\0';
	p = fs_trim(s + 1);
	while (*p) {
		if (*n == FS_ITEMS_MAX)
			return -EINVAL;
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		items[(*n)++] = fs_trim(p);
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* "(reason) sentence" → 1 with *why and *text set; 0 when not that form. */
static int fs_unreadable(char *s, enum fact_reason *why, const char **text)
{
	size_t i, n;

	for (i = 0; i < sizeof(fs_reasons) / sizeof(fs_reasons[0]); i++) {
		n = strlen(fs_reasons[i].name);
		if (s[0] == '(' && !strncmp(s + 1, fs_reasons[i].name, n) && s[n + 1] == ')' &&
		    s[n + 2] == ' ') {
			*why = fs_reasons[i].why;
			*text = fs_trim(s + n + 3);
			return 1;
		}
	}
	return 0;
}

/* The second pass: "KEY = VALUE" into the store, with @tpm provenance when given. */
static int fs_fact_line(struct fs_file *f, const char *name, char *line)
{
	const char *items[FS_ITEMS_MAX], *text;
	struct fact_src src = {.kind = FACT_SRC_DERIVED, .note = name};
	char *eq = strstr(line, " = "), *key, *val;
	enum fact_reason why;
	size_t i, n;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	key = fs_trim(line);
	val = fs_trim(eq + 3);
	for (i = 0; i < f->n_tpm; i++)
		if (!strcmp(f->tpm[i].key, key)) {
			src = (struct fact_src){.kind = FACT_SRC_TPM,
						.cmd_name = "recorded",
						.cmd = f->tpm[i].cmd,
						.cmd_len = f->tpm[i].cmd_len,
						.rsp = f->tpm[i].rsp,
						.rsp_len = f->tpm[i].rsp_len,
						.note = name};
			break;
		}
	if (!strcmp(val, "true") || !strcmp(val, "false"))
		return facts_set_bool(f->facts, key, val[0] == 't', &src);
	if (fs_is_int(val))
		return facts_set_int(f->facts, key, strtoll(val, NULL, 10), &src);
	if (val[0] == '[')
		return fs_list(val, items, &n) ? -EINVAL
					       : facts_set_list(f->facts, key, items, n, &src);
	if (fs_unreadable(val, &why, &text))
		return facts_set_unreadable(f->facts, key, why, text, &src);
	if (val[0] == '"' && fs_unquote(val))
		return -EINVAL;
	return facts_set_str(f->facts, key, val, &src);
}

/* Run fn over the lines of fp; -EINVAL (with f->err) on a bad or overlong line. */
static int fs_pass(FILE *fp, struct fs_file *f, const char *name, bool facts)
{
	char line[FS_LINE_MAX + 2], *s;
	unsigned no = 0;
	int ret;

	rewind(fp);
	while (fgets(line, sizeof(line), fp)) {
		no++;
		if (no > FS_LINES_MAX || !strchr(line, '\n')) {
			snprintf(f->err, sizeof(f->err), "line %u: too long, or too many lines",
				 no);
			return -EINVAL;
		}
		line[strcspn(line, "\n")] = '\0';
		s = fs_trim(line);
		if (!facts)
			ret = fs_meta_line(f, s);
		else if (!*s || *s == '#' || *s == '@')
			ret = 0;
		else
			ret = fs_fact_line(f, name, s);
		if (ret) {
			snprintf(f->err, sizeof(f->err), "line %u: %s", no,
				 ret == -ENOMEM ? "out of memory" : "not in the .facts format");
			return ret;
		}
	}
	return 0;
}

/* Load path into f (f->facts is new); 0, or -errno with f->err. */
static int fs_load(const char *path, const char *name, struct fs_file *f)
{
	FILE *fp = fopen(path, "re");
	int ret;

	if (!fp) {
		snprintf(f->err, sizeof(f->err), "cannot open: %s", strerror(errno));
		return -errno;
	}
	ret = facts_new(&f->facts);
	if (!ret)
		ret = fs_pass(fp, f, name, false);
	if (!ret)
		ret = fs_pass(fp, f, name, true);
	fclose(fp);
	return ret;
}

static void fs_free(struct fs_file *f)
{
	facts_free(f->facts);
	free(f);
}

/* The findings of name's fact set against its expectations; the number of mismatches. */
static int check_facts(const struct ruleset *rs, const char *name)
{
	struct fs_file *f = calloc(1, sizeof(*f));
	struct kmsg_log *log = NULL;
	struct findings fi = {0};
	struct facts *scratch = NULL;
	char path[600], id[128], want[FS_EXPECT_MAX + 2];
	const char *p;
	int bad = 0, used;
	size_t j;

	cr_assert(f);
	snprintf(path, sizeof(path), FACTS_DIR "/%s", name);
	if (fs_load(path, name, f)) {
		cr_log_error("%s: %s", name, f->err);
		fs_free(f);
		return 1;
	}
	if (!f->expect[0] || !f->have_source) {
		cr_log_error("%s: needs a '# expect:' and a '# source:' line", name);
		bad++;
	}
	if (f->log_len) {
		cr_assert_eq(facts_new(&scratch), 0);
		cr_assert_eq(analyze_text_buf(name, f->log, f->log_len, &log, scratch), 0);
	}
	cr_assert_eq(rules_evaluate(rs, f->facts, log, &fi), 0);
	for (p = f->expect; sscanf(p, "%127s%n", id, &used) == 1; p += used) {
		if (!ruleset_find(rs, id)) {
			cr_log_error("%s: expects %s, which is no built-in rule", name, id);
			bad++;
			continue;
		}
		for (j = 0; j < fi.n && strcmp(fi.f[j].rule->id, id); j++)
			;
		if (j == fi.n) {
			cr_log_error("%s: expected finding %s did not fire", name, id);
			bad++;
		}
	}
	for (j = 0; j < fi.n; j++) {
		snprintf(want, sizeof(want), " %s ", fi.f[j].rule->id);
		if (fi.f[j].severity == SEV_INFO || strstr(f->expect, want))
			continue;
		cr_log_error("%s: unexpected %s %s (%s)", name, severity_name(fi.f[j].severity),
			     fi.f[j].rule->id, fi.f[j].title);
		bad++;
	}
	findings_free(&fi);
	kmsg_log_free(log);
	facts_free(scratch);
	fs_free(f);
	return bad;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(rule_facts, every_fact_set_fires_exactly_its_signatures, .timeout = 60)
{
	char *names[256];
	struct ruleset *rs;
	struct dirent *e;
	size_t i, n = 0;
	int bad = 0;
	DIR *d = opendir(FACTS_DIR);

	cr_assert(d, "run from the repository root: no " FACTS_DIR "/");
	while ((e = readdir(d)) && n < sizeof(names) / sizeof(names[0]))
		if (has_suffix(e->d_name, ".facts"))
			cr_assert((names[n++] = strdup(e->d_name)));
	closedir(d);
	qsort(names, n, sizeof(names[0]), names_cmp);
	cr_assert_gt(n, 0, "no " FACTS_DIR "/*.facts");
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	for (i = 0; i < n; i++) {
		bad += check_facts(rs, names[i]);
		free(names[i]);
	}
	ruleset_free(rs);
	cr_expect_eq(bad, 0, "%d mismatches between fact sets and their '# expect:' (log above)",
		     bad);
}

/* The loader itself: every value form of the format, on a file written here. */
Test(rule_facts, loader_reads_every_value_form)
{
	static const char text[] =
	    "# expect: tpm2-no-startup\n"
	    "# source: this test\n"
	    "a.bool = true\n"
	    "a.int = -42\n"
	    "a.str = 0x0\n"
	    "a.quoted = \"0600\"\n"
	    "a.multi = \"one\\ntwo \\\"q\\\"\"\n"
	    "a.list = [sha1, sha256]\n"
	    "a.empty = []\n"
	    "a.gone = (permission) cannot read it\n"
	    "tpm0.chip.first_rc = TPM_RC_INITIALIZE (0x100)\n"
	    "@tpm tpm0.chip.first_rc = 80 01 00 00 00 0a 00 00 01 7a -> 80010000000a00000100\n"
	    "@log [    1.0] ima: No TPM chip found, activating TPM-bypass!\n";
	const char *base = getenv("TPMDIAG_TEST_TMP");
	char dir[512], path[600];
	struct fs_file *f = calloc(1, sizeof(*f));
	const struct fact *fa;
	FILE *fp;

	cr_assert(f);
	snprintf(dir, sizeof(dir), "%s/rule_facts.XXXXXX", base ? base : "/tmp");
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.facts", dir);
	cr_assert((fp = fopen(path, "we")));
	fputs(text, fp);
	fclose(fp);
	cr_assert_eq(fs_load(path, "x.facts", f), 0, "%s", f->err);
	unlink(path);
	rmdir(dir);
	cr_expect_str_eq(f->expect, " tpm2-no-startup ");
	cr_expect(f->have_source);
	cr_expect_str_eq(f->log, "[    1.0] ima: No TPM chip found, activating TPM-bypass!\n");
	fa = facts_get(f->facts, "a.bool");
	cr_expect(fa && fa->type == FACT_BOOL && fa->flag);
	fa = facts_get(f->facts, "a.int");
	cr_expect(fa && fa->type == FACT_INT && fa->num == -42);
	fa = facts_get(f->facts, "a.str");
	cr_expect(fa && fa->type == FACT_STRING && !strcmp(fa->str, "0x0"));
	fa = facts_get(f->facts, "a.quoted");
	cr_expect(fa && fa->type == FACT_STRING && !strcmp(fa->str, "0600"));
	fa = facts_get(f->facts, "a.multi");
	cr_expect(fa && fa->type == FACT_STRING && !strcmp(fa->str, "one\ntwo \"q\""));
	fa = facts_get(f->facts, "a.list");
	cr_expect(fa && fa->type == FACT_LIST && fa->n_items == 2 &&
		  !strcmp(fa->items[1], "sha256"));
	fa = facts_get(f->facts, "a.empty");
	cr_expect(fa && fa->type == FACT_LIST && fa->n_items == 0);
	fa = facts_get(f->facts, "a.gone");
	cr_expect(fa && fa->type == FACT_UNREADABLE && fa->why == FACT_PERMISSION &&
		  !strcmp(fa->why_text, "cannot read it"));
	fa = facts_get(f->facts, "tpm0.chip.first_rc");
	cr_expect(fa && fa->src.kind == FACT_SRC_TPM && fa->src.rsp_len == 10 &&
		  fa->src.rsp[9] == 0x00 && fa->src.rsp[8] == 0x01 && fa->src.cmd_len == 10);
	fs_free(f);
}

/* Lines the loader must refuse, each alone after a valid header. */
Test(rule_facts, loader_refuses_malformed_lines)
{
	static const char *const lines[] = {
	    "no separator here\n",	 "a.quoted = \"unterminated\n",
	    "a.list = [a, b\n",		 "@tpm tpm0.chip.x = 80 01 zz -> 80\n",
	    "@tpm tpm0.chip.x = 8001\n", "BAD KEY = 1\n",
	};
	const char *base = getenv("TPMDIAG_TEST_TMP");
	char dir[512], path[600];
	size_t i;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/rule_facts.XXXXXX", base ? base : "/tmp");
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.facts", dir);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct fs_file *f = calloc(1, sizeof(*f));

		cr_assert(f);
		cr_assert((fp = fopen(path, "we")));
		fprintf(fp, "# expect: x\n# source: y\n%s", lines[i]);
		fclose(fp);
		cr_expect_neq(fs_load(path, "x.facts", f), 0, "accepted: %s", lines[i]);
		fs_free(f);
	}
	unlink(path);
	rmdir(dir);
}
