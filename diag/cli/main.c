// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag: find out why a TPM does not work, prove it, say what to do.
 * This file parses the command line and dispatches; commands live in
 * diag/cli_*.c. Exit status bits: diag/cli/cli.h and tpmdiag.1.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/os/dl.h"
#include "reports/progress.h"

struct command {
	const char *name;
	int (*run)(struct cli *c);
	const char *synopsis;
	const char *help;
};

static const struct command commands[] = {
    {"check", cli_check, "check [--root DIR] [--kmsg FILE] [--rules DIR] [-o FILE] (the default)",
     "Diagnose the TPM: every probe, then the signature database. Prints what is\n"
     "wrong, root cause first, with the evidence and the steps to take, and a\n"
     "verdict. Exit status bit 3 (8) means a warning, bit 4 (16) an error.\n"
     "--format prometheus -o /var/lib/prometheus/node-exporter/tpmdiag.prom\n"
     "feeds node_exporter's textfile collector (tpmdiag(1), PROMETHEUS).\n"},
    {"analyze", cli_analyze, "analyze [-o FILE] FILE | DIR",
     "Diagnose a bundle (tpmdiag collect) with today's rules, as on the machine it\n"
     "came from; a directory of bundles, each, then a fleet summary (signature x\n"
     "machines); or any text alone: a kernel log in any form the probes read,\n"
     "mixed with the output of tcsd, tpm-tools, tpm2-tools, tpm2-abrmd or systemd,\n"
     "or a pasted bug report, every return code in it decoded.\n"},
    {"collect", cli_collect, "collect [-o FILE] [--no-redact] [--root DIR] [--kmsg FILE]",
     "Write a bundle for offline analysis: every fact with its raw evidence (sysfs\n"
     "values, the TPM-related kernel-log records, the device transcript) as JSON\n"
     "(schema tpmdiag-bundle/1) to FILE or standard output. Hostname, serial\n"
     "numbers, EK, UUIDs and MAC addresses are redacted unless --no-redact.\n"
     "'tpmdiag analyze FILE' diagnoses it; 'tpmdiag analyze DIR' a fleet.\n"},
    {"rules", cli_rules, "rules list | rules patterns | rules lint [PATH...]",
     "List the rules a diagnosis uses (built in, /etc/tpmdiag/rules.d, --rules\n"
     "DIR), print the log patterns they look for (one regular expression a\n"
     "line), or check rule files: errors as FILE:LINE:COLUMN with what was\n"
     "expected. See tpmdiag-rules(5).\n"},
    {"info", cli_info, "info",
     "What the device layer sees of the TPM: transport, family, maker, firmware,\n"
     "whether Startup was sent, self-test result, and the 1.2 flags or 2.0\n"
     "properties (lockout, owner auth). Sends only read-only commands.\n"},
    {"send", cli_send, "send NAME [ARGS] | send raw HEX... | send list",
     "Send one named command (or raw bytes) and print the bytes sent, the bytes\n"
     "received, the decoded fields and the decoded return code. Commands that\n"
     "change the TPM's state are refused without --yes. 'send list' shows the\n"
     "names and arguments for both families.\n"},
    {"rc", cli_rc, "rc CODE... [--tpm12|--tpm20] | rc --list [--tpm12|--tpm20]",
     "Decode return codes (0x prefix for hex, else decimal as the kernel prints\n"
     "them): the spec name and one sentence. Without a family flag, each\n"
     "family's reading is printed where they differ. Codes with a TSS layer\n"
     "(TSS 1.2 bits 12-15, TSS 2.0 bits 16-23) are decoded in that layer.\n"},
    {"facts", cli_facts, "facts [--format text|json] [--root DIR] [--kmsg FILE] [--boot N]",
     "Everything the machine says about its TPM, each fact with where it came from:\n"
     "firmware tables, kernel build and command line, modules, devices and drivers,\n"
     "sysfs, the processes holding the device, the kernel log, and the chip's own\n"
     "answers to read-only questions. --root reads a fixture or bundle tree,\n"
     "--kmsg a saved kernel log (dmesg, dmesg -T, journalctl -k, syslog, pasted),\n"
     "--no-device leaves the chip alone.\n"},
    {"own", cli_own, "own --yes [--owner-password-file F | --owner-password-stdin | --well-known]",
     "Take ownership of the TPM 1.2 or TPM 2.0, step by step, explaining each step\n"
     "and stopping with a clear reason (and the firmware setting to change) where\n"
     "software cannot go on. Without --yes it shows the plan. Secrets come from\n"
     "files, standard input or the terminal, never the command line. A journal\n"
     "(no secrets) in the state directory lets a rerun continue an interrupted run.\n"},
    {"fix", cli_fix,
     "fix [ACTION [--yes] [--owner-password-file F | --lockout-password-file F | --well-known]] "
     "| fix list",
     "Without ACTION: diagnose, and show the plan of each action the findings name:\n"
     "the commands with their exact bytes, what they change, what can go wrong;\n"
     "nothing is sent. With ACTION: its plan; with --yes, carry it out and show the\n"
     "diagnosis before and after side by side. 'fix list' names the actions.\n"
     "TPM 1.2 da-reset and clear take the owner password, TPM 2.0 ones the\n"
     "lockout password; secrets never appear in the output or a transcript.\n"},
    {"eventlog", cli_eventlog, "eventlog [--format text|json] [FILE]",
     "The firmware's measured-boot event log (default: the kernel's copy,\n"
     "/sys/kernel/security/tpm0/binary_bios_measurements below --root), TPM 1.2\n"
     "or crypto-agile: one line per event with its number, PCR, type, the first\n"
     "bank's digest cut short and what it means (EFI variables, boot applications\n"
     "with their device paths, separators, actions), then each bank's PCRs as the\n"
     "log replays them and the events that extended each. Nothing is sent.\n"},
    {"diff", cli_diff, "diff [--format text|json|markdown] OLD NEW",
     "What changed between two boots, from their event logs (files, or - for\n"
     "the kernel's copy below --root): each PCR whose value differs, what it\n"
     "holds, and the events that differ, old and new in words; then which sealed\n"
     "secrets no longer unseal. Nothing is sent.\n"},
    {"ctrl", cli_ctrl, "ctrl init|stop|shutdown|caps|established|info|cancel",
     "swtpm control channel (swtpm: and spawn: devices): init is a power cycle\n"
     "(the TPM then needs Startup), stop halts the TPM, shutdown ends swtpm.\n"
     "init, stop, shutdown need --yes.\n"},
};

static const struct option options[] = {
    {"device", required_argument, NULL, 'd'},
    {"timeout", required_argument, NULL, 't'},
    {"record", required_argument, NULL, 'r'},
    {"root", required_argument, NULL, 'R'},
    {"yes", no_argument, NULL, 'y'},
    {"startup", no_argument, NULL, 'S'},
    {"tpm12", no_argument, NULL, '1'},
    {"tpm20", no_argument, NULL, '2'},
    {"list", no_argument, NULL, 'l'},
    {"kmsg", required_argument, NULL, 'k'},
    {"boot", required_argument, NULL, 'b'},
    {"no-device", no_argument, NULL, 'N'},
    {"format", required_argument, NULL, 'f'},
    {"rules", required_argument, NULL, 'L'},
    {"fail-on", required_argument, NULL, 'F'},
    {"no-redact", no_argument, NULL, 'U'},
    {"output", required_argument, NULL, 'o'},
    {"really-clear", no_argument, NULL, 'C'},
    {"well-known", no_argument, NULL, 'W'},
    {"ecc", no_argument, NULL, 'E'},
    {"owner-password-file", required_argument, NULL, 1001},
    {"owner-password-stdin", no_argument, NULL, 1002},
    {"srk-password-file", required_argument, NULL, 1003},
    {"endorsement-password-file", required_argument, NULL, 1004},
    {"lockout-password-file", required_argument, NULL, 1005},
    {"lockout-password-stdin", no_argument, NULL, 1006},
    {"state-dir", required_argument, NULL, 1007},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: tpmdiag [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].synopsis);
	fprintf(
	    f, "\nOptions (anywhere on the line):\n"
	       "  -d, --device SPEC   dev:PATH (default /dev/tpmrm0 for read-only TPM 2.0\n"
	       "                      queries when present, else /dev/tpm0),\n"
	       "                      swtpm:tcp:HOST:PORT, swtpm:unix:PATH, spawn:1.2,\n"
	       "                      spawn:2.0 (a private swtpm), replay:FILE\n"
	       "  -t, --timeout SECS  bound on the whole run with the device, from\n"
	       "                      opening it to the last answer (default: none;\n"
	       "                      each command by its duration class, 5 s to 300 s)\n"
	       "  -r, --record FILE   write a transcript of every exchange\n"
	       "      --root DIR      read /sys, /proc, /dev, /boot, /etc below DIR\n"
	       "      --format FMT    check, analyze: text (default), json, markdown, junit,\n"
	       "                      prometheus (node_exporter's textfile collector);\n"
	       "                      facts, eventlog: text or json; diff: also markdown\n"
	       "      --fail-on SEV   check, analyze: findings of SEV or worse set exit bits:\n"
	       "                      info, warning (default), error, never\n"
	       "      --no-redact     markdown, prometheus, collect: keep hostname, serials,\n"
	       "                      EK, UUIDs, MACs\n"
	       "  -o, --output FILE   collect: the bundle; check, analyze: the report; written\n"
	       "                      to FILE.XXXXXX and renamed over FILE when complete\n"
	       "      --really-clear  fix clear: the second yes a clear needs\n"
	       "      --owner-password-file F, --owner-password-stdin\n"
	       "                      own, fix (1.2 da-reset, clear): the owner password\n"
	       "                      (else asked on the terminal)\n"
	       "      --srk-password-file F  own (1.2): the SRK password (default well-known)\n"
	       "      --endorsement-password-file F  own (2.0): also set the endorsement password\n"
	       "      --lockout-password-file F, --lockout-password-stdin\n"
	       "                      own (2.0): also set it; fix (2.0) da-reset, clear: use it\n"
	       "      --well-known    own (1.2): owner and SRK secrets of tpm_takeownership -yz;\n"
	       "                      fix (1.2): the owner secret is 20 zero bytes\n"
	       "      --ecc           own (2.0): an ECC P-256 storage key instead of RSA 2048\n"
	       "      --state-dir DIR own: keep its journal in DIR; check: read journals\n"
	       "                      there (default /var/lib/tpmdiag)\n"
	       "      --kmsg FILE     facts: read the kernel log from FILE\n"
	       "      --boot N        facts: the kernel log of boot N from the journal (-1)\n"
	       "      --no-device     facts: do not send the chip any command\n"
	       "      --rules DIR     check: more rule files (tpmdiag-rules(5))\n"
	       "  -y, --yes           allow commands that change the TPM's state\n"
	       "      --startup       spawn: send Startup(CLEAR) after power-on\n"
	       "      --tpm12, --tpm20  the TPM family (rc: which reading)\n"
	       "      --list          rc: print the return-code tables\n"
	       "  -v, --verbose       more detail\n"
	       "  -h, --help          this text; 'tpmdiag COMMAND --help' for one command\n"
	       "  -V, --version       print the version\n"
	       "\nWithout a command, tpmdiag runs check.\n"
	       "\nExit status: a bit mask: 1 usage error, 2 a device or fact could not be\n"
	       "read, 4 the TPM answered with an error, 8 a warning found, 16 an error\n"
	       "found. See tpmdiag(1).\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/*
 * The version, then each optional library (probes/os/dl.h): the file it
 * loads from, or why it cannot; one line each, "  SONAME  PATH|missing: WHY".
 */
static void print_version(void)
{
	char path[512];
	int w;

	printf("tpmdiag %s\n", TPMDIAG_VERSION);
	printf("optional libraries, loaded when a command first needs them:\n");
	for (w = 0; w < DL_COUNT; w++) {
		const struct dl_lib *l = dl_status((enum dl_which)w);

		if (!dl_path(l, path, sizeof(path)))
			printf("  %-16s %s\n", l->soname, path);
		else
			printf("  %-16s missing (Debian package %s): %s\n", l->soname, l->package,
			       l->why);
	}
}

static int parse_timeout(const char *s, unsigned *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 3600)
		return -EINVAL;
	*ms = (unsigned)(v * 1000.0 + 0.5);
	if (!*ms)
		*ms = 1;
	return 0;
}

/* info 0, warning 1, error 2, never 3; -1 when none of these. */
static int parse_fail_on(const char *s)
{
	static const char *const names[] = {"info", "warning", "error", "never"};
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* The names --format takes (each command then says which it renders). */
static bool known_format(const char *s)
{
	static const char *const names[] = {"text", "json", "markdown", "junit", "prometheus"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i]))
			return true;
	return false;
}

static int parse_boot(const char *s, int *boot)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v > 0 || v < -1000)
		return -EINVAL;
	*boot = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c = {.out = stdout, .err = stderr, .fail_on = 1 /* warning */};
	struct progress_line progress;
	const struct command *cmd;
	bool help = false;
	double t_start;
	int opt;

	signal(SIGPIPE, SIG_IGN);
	c.progress = progress_line_init(&progress, stderr);
	t_start = tpm_now_ms(); /* --timeout bounds the run from here */
	while ((opt = getopt_long(argc, argv, "d:t:r:o:yvhV", options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			c.device = optarg;
			break;
		case 't':
			if (parse_timeout(optarg, &c.timeout_ms)) {
				fprintf(stderr,
					"tpmdiag: bad --timeout '%s': give seconds, more than 0 "
					"and at most 3600 (e.g. 2 or 0.5)\n",
					optarg);
				return TPMDIAG_EXIT_USAGE;
			}
			c.deadline = t_start + c.timeout_ms;
			break;
		case 'r':
			c.record = optarg;
			break;
		case 'R':
			c.root = optarg;
			break;
		case 'y':
			c.yes = true;
			break;
		case 'S':
			c.startup = true;
			break;
		case '1':
			c.family = TPM_FAMILY_12;
			break;
		case '2':
			c.family = TPM_FAMILY_20;
			break;
		case 'l':
			c.list = true;
			break;
		case 'k':
			c.kmsg = optarg;
			break;
		case 'b':
			if (parse_boot(optarg, &c.boot)) {
				fprintf(stderr,
					"tpmdiag: bad --boot '%s': give 0 (this boot) or a "
					"negative number (-1 = the previous boot)\n",
					optarg);
				return TPMDIAG_EXIT_USAGE;
			}
			break;
		case 'N':
			c.no_device = true;
			break;
		case 'L':
			c.rules = optarg;
			break;
		case 'F':
			c.fail_on = parse_fail_on(optarg);
			if (c.fail_on < 0) {
				fprintf(stderr,
					"tpmdiag: bad --fail-on '%s': use info, warning, error "
					"or never\n",
					optarg);
				return TPMDIAG_EXIT_USAGE;
			}
			break;
		case 'U':
			c.no_redact = true;
			break;
		case 'o':
			c.output = optarg;
			break;
		case 'C':
			c.really_clear = true;
			break;
		case 'W':
			c.well_known = true;
			break;
		case 'E':
			c.ecc = true;
			break;
		case 1001:
			c.owner_pw_file = optarg;
			break;
		case 1002:
			c.owner_pw_stdin = true;
			break;
		case 1003:
			c.srk_pw_file = optarg;
			break;
		case 1004:
			c.endorsement_pw_file = optarg;
			break;
		case 1005:
			c.lockout_pw_file = optarg;
			break;
		case 1006:
			c.lockout_pw_stdin = true;
			break;
		case 1007:
			c.state_dir = optarg;
			break;
		case 'f':
			if (!known_format(optarg)) {
				fprintf(stderr,
					"tpmdiag: bad --format '%s': use text, json, markdown, "
					"junit or prometheus (facts: text or json)\n",
					optarg);
				return TPMDIAG_EXIT_USAGE;
			}
			c.format = optarg;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'h':
			help = true;
			break;
		case 'V':
			print_version();
			return TPMDIAG_EXIT_OK;
		default:
			fprintf(stderr, "Try 'tpmdiag --help'.\n");
			return TPMDIAG_EXIT_USAGE;
		}
	}
	if (!c.state_dir && getenv("TPMDIAG_STATE_DIR") && *getenv("TPMDIAG_STATE_DIR"))
		c.state_dir = getenv("TPMDIAG_STATE_DIR");
	if (optind >= argc && help) {
		usage(stdout);
		return TPMDIAG_EXIT_OK;
	}
	cmd = find_command(optind < argc ? argv[optind] : "check");
	if (!cmd) {
		fprintf(stderr, "tpmdiag: unknown command '%s'. Try 'tpmdiag --help'.\n",
			argv[optind]);
		return TPMDIAG_EXIT_USAGE;
	}
	if (help) {
		printf("Usage: tpmdiag [OPTIONS] %s\n\n%s", cmd->synopsis, cmd->help);
		return TPMDIAG_EXIT_OK;
	}
	c.argc = optind < argc ? argc - optind - 1 : 0;
	c.argv = optind < argc ? argv + optind + 1 : argv + argc;
	return cmd->run(&c);
}
