#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/package/run.sh: the Debian package, built from a clone of HEAD in a
# temporary directory (dpkg-buildpackage writes to the parent directory, so
# nothing lands beside the work tree), then checked as a user would:
#   lintian reports no error;
#   the .deb holds the binary, both man pages (compressed), the schemas,
#   every rule file, the completion, the units and the tmpfiles.d line;
#   its Depends name every library the binary dlopen()s (Makefile DEB_RUN);
#   the extracted binary prints its version with every optional library
#   found, and diagnoses a saved kernel log;
#   systemd-analyze verifies both units and rates the service's exposure
#   at most 2.5 (of 10).
# Uncommitted changes are not in the clone. Needs Makefile DEB_TEST's
# build-essential dpkg-dev debhelper lintian git systemd.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-package-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
bad() {
	echo "package: FAIL: $*"
	fail=1
}
for t in dpkg-buildpackage dh lintian git systemd-analyze; do
	command -v "$t" >/dev/null 2>&1 || { echo "package: $t missing (make deps)"; exit 1; }
done
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
	echo "package: note: building the commit $(git -C "$top" rev-parse --short HEAD); uncommitted changes are not in it"
fi

src=$tmp/src/tpmdiag
git clone -q --no-hardlinks "$top" "$src" || exit 1
version=$(cat "$src/VERSION")
arch=$(dpkg --print-architecture)
deb=$tmp/src/tpmdiag_$version-1_$arch.deb
changes=$tmp/src/tpmdiag_$version-1_$arch.changes
echo "package: dpkg-buildpackage -b -us -uc in a clone of HEAD"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc -J2) >"$tmp/build.log" 2>&1; then
	tail -n 30 "$tmp/build.log"
	echo "package: FAIL: dpkg-buildpackage"
	exit 1
fi
[ -s "$deb" ] || { echo "package: FAIL: no $deb"; ls "$tmp/src"; exit 1; }
# The clone's work tree is as git left it: the build's files are all ignored.
left=$(git -C "$src" status --porcelain --ignored=no)
[ -z "$left" ] || bad "the build left files git status shows: $left"

echo "package: lintian --fail-on error"
st=0
lintian --fail-on error "$changes" >"$tmp/lintian.log" 2>&1 || st=$?
grep -v 'running with root privileges' "$tmp/lintian.log"
[ "$st" = 0 ] || bad "lintian reports errors (status $st)"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$tmp/contents"
want="/usr/bin/tpmdiag /usr/share/man/man1/tpmdiag.1.gz /usr/share/man/man5/tpmdiag-rules.5.gz
/usr/share/tpmdiag/tpmdiag-report.schema.json /usr/share/tpmdiag/tpmdiag-facts.schema.json
/usr/share/bash-completion/completions/tpmdiag /lib/systemd/system/tpmdiag-check.service
/lib/systemd/system/tpmdiag-check.timer /usr/lib/tmpfiles.d/tpmdiag.conf
/usr/share/doc/tpmdiag/copyright"
for f in "$src"/diag/rules/*.yaml; do want="$want /usr/share/tpmdiag/rules/${f##*/}"; done
[ -e "$src/dist/prometheus/tpmdiag-alerts.yml" ] && want="$want /usr/share/tpmdiag/prometheus/tpmdiag-alerts.yml"
n=0
for f in $want; do
	n=$((n + 1))
	grep -qxF "$f" "$tmp/contents" || bad "the .deb has no $f"
done
echo "package: the .deb holds all $n expected files"

depends=$(dpkg-deb -f "$deb" Depends)
for p in $(sed -n 's/^DEB_RUN *= *//p' "$src/Makefile"); do
	case ", $depends," in *", $p,"* | *", $p "*) ;; *) bad "Depends lacks $p (Makefile DEB_RUN): $depends" ;; esac
done
echo "package: Depends: $depends"

mkdir "$tmp/ctl"
dpkg-deb -e "$deb" "$tmp/ctl"
grep -q 'systemd-tmpfiles.*--create tpmdiag.conf' "$tmp/ctl/postinst" ||
	bad "postinst does not create the textfile directory (tmpfiles.d)"
x=$tmp/x
dpkg-deb -x "$deb" "$x"
out=$("$x/usr/bin/tpmdiag" --version) || bad "the extracted tpmdiag --version failed"
printf '%s\n' "$out"
[ "$(printf '%s\n' "$out" | head -n 1)" = "tpmdiag $version" ] || bad "--version does not say 'tpmdiag $version'"
! printf '%s\n' "$out" | grep -q missing || bad "an optional library is missing on a machine with DEB_RUN installed"
st=0
"$x/usr/bin/tpmdiag" analyze "$top/fixtures/stmicro-tpm12-coreboot/kmsg.log" >"$tmp/analyze.txt" 2>&1 || st=$?
[ $((st & 7)) = 0 ] || { cat "$tmp/analyze.txt"; bad "analyze of a saved kernel log exited $st"; }
grep -q '^Verdict: 1 error' "$tmp/analyze.txt" || bad "analyze did not find the saved log's error: $(grep '^Verdict' "$tmp/analyze.txt")"
echo "package: extracted binary: $(grep '^Verdict' "$tmp/analyze.txt")"

# The units as installed, the binary where the package puts it (below $x).
mkdir "$tmp/units"
sed "s|/usr/bin/tpmdiag|$x/usr/bin/tpmdiag|" "$x/lib/systemd/system/tpmdiag-check.service" >"$tmp/units/tpmdiag-check.service"
cp "$x/lib/systemd/system/tpmdiag-check.timer" "$tmp/units/"
if systemd-analyze verify --man=no "$tmp/units/tpmdiag-check.service" "$tmp/units/tpmdiag-check.timer" >"$tmp/verify.log" 2>&1; then
	echo "package: systemd-analyze verify: both units pass"
else
	cat "$tmp/verify.log"
	bad "systemd-analyze verify"
fi
systemd-analyze security --offline=yes --threshold=25 "$tmp/units/tpmdiag-check.service" >"$tmp/security.log" 2>&1 ||
	bad "the service's exposure is over 2.5: $(tail -n 1 "$tmp/security.log")"
echo "package: systemd-analyze security: $(tail -n 1 "$tmp/security.log")"

[ "$fail" = 0 ] && echo "package: passed"
exit "$fail"
