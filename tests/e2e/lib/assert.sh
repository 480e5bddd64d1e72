# SPDX-License-Identifier: GPL-2.0-or-later
# Assertions for a scenario's host_check, which runs once every phase
# finished, on the files the guest sent (build/e2e/runs/NAME/out/PHASE/).
# NAME is what the guest's run/diagnose called it: NAME.rc, NAME.out,
# NAME.err, NAME.json (the check report), NAME.bundle.json (collect),
# NAME.sysfs. Each failed assertion is recorded and the scenario fails; the
# checks go on, so one run shows every difference.

phase() { OUT=$RUN/out/$1; }

have() {
	[ -f "$OUT/$1" ] && return 0
	fail "the guest sent no ${OUT##*/out/}/$1"
}

# expect_rc NAME STATUS: the exit status of the guest's command NAME
expect_rc() {
	have "$1.rc" || return 1
	r=$(cat "$OUT/$1.rc")
	[ "$r" = "$2" ] || fail "$1: exit status $r, expected $2 ($(head -c 300 "$OUT/$1.err" | tr '\n' ' '))"
}

# findings NAME [FILE]: "id severity" lines of a report, sorted
findings() {
	jq -r '.findings[] | "\(.id) \(.severity)"' "${2:-$OUT/$1.json}" | sort
}

# expect_findings NAME <<EOF: exactly these findings ("id severity" a line;
# blank lines and # comments ignored), no more, no fewer
expect_findings() {
	have "$1.json" || return 1
	grep -v '^[[:space:]]*\(#\|$\)' | sed 's/^[[:space:]]*//; s/[[:space:]][[:space:]]*/ /g' | sort >"$OUT/$1.want"
	findings "$1" >"$OUT/$1.got"
	if ! cmp -s "$OUT/$1.want" "$OUT/$1.got"; then
		fail "$1: findings differ (- expected, + reported):
$(diff -U0 "$OUT/$1.want" "$OUT/$1.got" | grep '^[-+][^-+]')"
	fi
}

# expect_none_above NAME SEVERITY: no finding more severe than SEVERITY
expect_none_above() {
	have "$1.json" || return 1
	case $2 in info) s='warning|error' ;; warning) s='error' ;; *) s='^$' ;; esac
	b=$(jq -r --arg s "$s" '.findings[] | select(.severity | test($s)) | "\(.id) \(.severity)"' "$OUT/$1.json")
	[ -z "$b" ] || fail "$1: findings above $2: $(echo "$b" | tr '\n' ' ')"
}

# expect_finding_text NAME ID TEXT: finding ID's title, explanation, evidence
# or remedy contains TEXT
expect_finding_text() {
	jq -e --arg id "$2" --arg t "$3" '[.findings[] | select(.id == $id) | tostring | contains($t)] | any' \
		"$OUT/$1.json" >/dev/null || fail "$1: finding $2 does not say '$3'"
}

# fact NAME KEY: a fact's value as the text report prints it; an unreadable
# fact as (reason)
fact() {
	jq -r --arg k "$2" '[.facts[] | select(.key == $k)] | if length == 0 then "(no such fact)" else .[0] |
		if .type == "unreadable" then "(" + .reason + ")"
		elif .type == "list" then (if (.value | length) == 0 then "(none)" else .value | map(tostring) | join(", ") end)
		else .value | tostring end end' "$OUT/$1.json"
}

expect_fact() {
	v=$(fact "$1" "$2")
	[ "$v" = "$3" ] || fail "$1: fact $2 is '$v', expected '$3'"
}

# machine NAME FIELD: the report's machine summary (family, driver, ...)
machine() { jq -r --arg f "$2" '.machine[$f] | tostring' "$OUT/$1.json"; }
expect_machine() {
	v=$(machine "$1" "$2")
	[ "$v" = "$3" ] || fail "$1: machine.$2 is '$v', expected '$3'"
}

# sysfs NAME KEY: what the guest's own sysfs said (snapshot)
sysfs() { sed -n "s|^$2=||p" "$OUT/$1.sysfs" | head -n 1; }

# expect_sysfs_facts NAME KEY[=FACTKEY]...: each fact equals the guest's
# sysfs; 0/1 in sysfs compare as false/true
expect_sysfs_facts() {
	n=$1
	shift
	have "$n.sysfs" || return 1
	for k in "$@"; do
		s=${k%%=*} f=${k#*=}
		sv=$(sysfs "$n" "$s")
		fv=$(fact "$n" "$f")
		case $sv in 0) [ "$fv" = false ] && fv=0 ;; 1) [ "$fv" = true ] && fv=1 ;; esac
		# what the kernel said after tpmdiag ran (when the guest took it)
		av=$sv
		[ -f "$OUT/$n.after.sysfs" ] && av=$(sysfs "$n.after" "$s")
		case $av in 0) [ "$fv" = 0 ] || [ "$fv" = false ] && fv=0 ;; 1) [ "$fv" = 1 ] || [ "$fv" = true ] && fv=1 ;; esac
		if ! grep -q "^$s=" "$OUT/$n.sysfs"; then
			fail "$n: the guest's sysfs has no $s"
		elif [ -z "$sv" ] || [ -z "$av" ]; then
			# the kernel returns nothing when the chip does not answer; a
			# chip that changed while tpmdiag read it may match either view
			[ "$fv" = "(malformed)" ] || [ "$fv" = "$sv" ] || [ "$fv" = "$av" ] ||
				fail "$n: $s reads '$sv' before and '$av' after in the guest, but fact $f is '$fv'"
		elif [ "$sv" != "$fv" ] && [ "$av" != "$fv" ]; then
			fail "$n: fact $f is '$fv' but the guest's sysfs says $s=$sv (and $av after)"
		fi
	done
}

# expect_grep NAME.EXT PATTERN: grep -E in a file the guest sent
expect_grep() {
	have "$1" || return 1
	grep -qE -- "$2" "$OUT/$1" || fail "$1 does not match '$2'"
}
expect_no_grep() {
	have "$1" || return 1
	! grep -qE -- "$2" "$OUT/$1" || fail "$1 matches '$2': $(grep -E -m1 -- "$2" "$OUT/$1")"
}

# expect_analyze_same NAME: tpmdiag analyze on the host, of the bundle the
# guest's collect wrote, finds exactly what check found in the guest
expect_analyze_same() {
	have "$1.bundle.json" || return 1
	"$TPMDIAG" analyze --format json "$OUT/$1.bundle.json" >"$OUT/$1.analyze.json" 2>"$OUT/$1.analyze.err"
	echo $? >"$OUT/$1.analyze.rc"
	if ! jq -e .findings "$OUT/$1.analyze.json" >/dev/null 2>&1; then
		fail "$1: tpmdiag analyze of the bundle gave no report ($(head -c 300 "$OUT/$1.analyze.err"))"
		return 1
	fi
	findings "$1" >"$OUT/$1.got"
	findings "$1" "$OUT/$1.analyze.json" >"$OUT/$1.analyze.got"
	if ! cmp -s "$OUT/$1.got" "$OUT/$1.analyze.got"; then
		fail "$1: analyze of the bundle differs from check in the guest (- check, + analyze):
$(diff -U0 "$OUT/$1.got" "$OUT/$1.analyze.got" | grep '^[-+][^-+]')"
	fi
}

# expect_console PATTERN: the guest's console (kernel log lines included)
expect_console() {
	grep -qE -- "$1" "$RUN/console.log" || fail "the console never showed '$1'"
}

# expect_sysfs_agrees NAME: every value the guest's snapshot holds equals
# tpmdiag's fact for it (release, count, family, driver, hid, device nodes;
# TPM 1.2: enabled, active, owned, temp_deactivated and the caps lines)
expect_sysfs_agrees() {
	have "$1.sysfs" || return 1
	set -- "$1" $(sed -n 's/=.*//p' "$OUT/$1.sysfs" | sed '
		s/^\(tpm[0-9]*\)\.caps\.manufacturer$/&=\1.manufacturer_id/
		s/^\(tpm[0-9]*\)\.caps\.version$/&=\1.tcg_version/
		s/^\(tpm[0-9]*\)\.caps\.firmware$/&=\1.firmware_version/')
	expect_sysfs_facts "$@"
}

# expect_rc_bits NAME SET CLEAR: the exit status has every bit of SET and
# none of CLEAR (tpmdiag's status is a bit mask: 2 unreadable, 4 TPM
# error, 8 warning, 16 error)
expect_rc_bits() {
	have "$1.rc" || return 1
	r=$(cat "$OUT/$1.rc")
	[ $((r & $2)) = "$2" ] && [ $((r & $3)) = 0 ] ||
		fail "$1: exit status $r, expected bits $2 set and $3 clear"
}

# expect_secret_absent TEXT: no file the guest sent, no console line and no
# host-side output holds TEXT (a password)
expect_secret_absent() {
	h=$(grep -rlF -- "$1" "$RUN/out" "$RUN/console.log" 2>/dev/null | grep -v '\.pw$' | head -n 3)
	[ -z "$h" ] || fail "the secret '$1' appears in: $(echo "$h" | sed "s|$RUN/||" | tr '\n' ' ')"
}
