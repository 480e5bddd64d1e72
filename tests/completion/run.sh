#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/completion/run.sh: dist/bash-completion/tpmdiag as bash runs it on
# <TAB> (bash-completion's own library first), and against the binary, so
# the completion cannot drift from it: its commands are the ones
# `tpmdiag --help` lists, its options the ones diag/cli/main.c parses, and
# every option that takes a value is skipped with its value when the
# command is looked for. TPMDIAG_BIN: the binary (default ./tpmdiag).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
bin=${TPMDIAG_BIN:-$top/tpmdiag}
lib=/usr/share/bash-completion/bash_completion
[ -r "$lib" ] || { echo "completion: $lib missing (Debian package bash-completion)"; exit 1; }
[ -x "$bin" ] || { echo "completion: $bin missing (make)"; exit 1; }
# shellcheck disable=SC1090
. "$lib"
# shellcheck disable=SC1091
. dist/bash-completion/tpmdiag
# `send` and `fix` ask the binary for their names, as `tpmdiag` on the PATH.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-completion-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
ln -s "$bin" "$tmp/tpmdiag"
PATH=$tmp:$PATH

fail=0
n=0
# complete LINE: what <TAB> at the end of LINE offers, one a line, sorted.
# The words are split as bash splits them for completion ('=' is a word).
complete_at_end() {
	local line=$1
	COMP_LINE=$line
	COMP_POINT=${#line}
	read -r -a COMP_WORDS <<<"${line//=/ = }"
	[[ $line == *' ' || $line == *= ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_tpmdiag tpmdiag "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort -u
}
# expect LINE WORD...: the completions are exactly WORD...
expect() {
	local line=$1 got want
	shift
	n=$((n + 1))
	got=$(complete_at_end "$line")
	want=$(printf '%s\n' "$@" | sort -u)
	if [ "$got" != "$want" ]; then
		echo "FAIL '$line<TAB>': expected [$(echo $want)], got [$(echo $got)]"
		fail=1
	fi
}
# includes LINE WORD...: the completions include every WORD.
includes() {
	local line=$1 got w
	shift
	n=$((n + 1))
	got=$(complete_at_end "$line")
	for w; do
		if ! grep -qxF -- "$w" <<<"$got"; then
			echo "FAIL '$line<TAB>': '$w' not among [$(echo $got)]"
			fail=1
		fi
	done
}

expect 'tpmdiag ch' check
expect 'tpmdiag check --for' --format
includes 'tpmdiag check --format ' prometheus json text markdown junit
expect 'tpmdiag check --format=js' json
expect 'tpmdiag check --fail-on w' warning
expect 'tpmdiag --root fixtures/stmicro-tpm12-coreboot/ro' fixtures/stmicro-tpm12-coreboot/root
expect 'tpmdiag --root fixtures/stmicro-tpm12-coreboot ch' check
expect 'tpmdiag check --kmsg fixtures/stmicro-tpm12-coreboot/km' fixtures/stmicro-tpm12-coreboot/kmsg.log
expect 'tpmdiag analyze fixtures/stmicro-tpm12-coreboot/km' fixtures/stmicro-tpm12-coreboot/kmsg.log
expect 'tpmdiag check --output fixtures/stmicro-tpm12-coreboot/km' fixtures/stmicro-tpm12-coreboot/kmsg.log
expect 'tpmdiag --device replay:fixtures/stmicro-tpm12-coreboot/tr' replay:fixtures/stmicro-tpm12-coreboot/transcript
includes 'tpmdiag --device ' dev:/dev/tpm0 spawn:2.0 replay:
expect 'tpmdiag rules ' list patterns lint
kb=$(ls diag/rules/kb-*.yaml)
[ -n "$kb" ] || { echo "FAIL: no diag/rules/kb-*.yaml"; fail=1; }
# shellcheck disable=SC2086
expect 'tpmdiag rules lint diag/rules/kb-' $kb
expect 'tpmdiag -v ctrl est' established
expect 'tpmdiag fix da' da-reset
includes 'tpmdiag send ' raw list startup getcap
expect 'tpmdiag rc --tpm' --tpm12 --tpm20

# The commands: those `tpmdiag --help` lists, no more, no fewer.
help_cmds=$("$bin" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
[ -n "$help_cmds" ] || { echo "FAIL: no commands in '$bin --help'"; fail=1; }
# shellcheck disable=SC2086
expect 'tpmdiag ' $help_cmds
# ctrl's words: those of its synopsis (ctrl init|stop|...).
ctrl_words=$("$bin" --help | awk '$1 == "ctrl" {print $2}' | tr '|' ' ')
# shellcheck disable=SC2086
expect 'tpmdiag ctrl ' $ctrl_words

# The options: main.c's getopt_long table, long and short.
long_arg=$(sed -n 's/^ *{"\([a-z0-9-]*\)", required_argument.*/--\1/p' diag/cli/main.c)
long_flag=$(sed -n 's/^ *{"\([a-z0-9-]*\)", no_argument.*/--\1/p' diag/cli/main.c)
short=$(sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' diag/cli/main.c | sed 's/://g; s/./-& /g')
[ -n "$long_arg" ] && [ -n "$long_flag" ] && [ -n "$short" ] ||
	{ echo "FAIL: could not read the option table of diag/cli/main.c"; fail=1; }
# shellcheck disable=SC2086
expect 'tpmdiag -' $long_arg $long_flag $short
# An option with a value is stepped over with it; one without, alone.
for o in $long_arg; do
	case $o in --timeout | --boot) v=1 ;; *) v=x ;; esac
	expect "tpmdiag $o $v ch" check
done
for o in $long_flag; do
	expect "tpmdiag $o ch" check
done

if [ "$fail" = 0 ]; then echo "completion: $n cases passed"; fi
exit "$fail"
