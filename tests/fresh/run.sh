#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fresh/run.sh [run|check|deb|all]: the README's quick start, and the
# Debian package, on a machine with nothing preinstalled. A minimal Debian 12 root (mmdebstrap, else
# debootstrap: --variant=minbase plus make, which the README asks for) gets a
# clean clone of this repository's HEAD, fresh proc, sysfs, devpts and a
# tmpfs /dev of its own, and runs the README's command exactly as written with
# chroot. Each command gets a root of its own, so `make check` proves its own
# install step, not the one `make run` did before it. Default: all (the three).
#
# Asserts what README.md documents:
#   make run    exit status 0; the machine's one-line diagnosis ("Verdict: ")
#               comes first; on a machine with no TPM it is the "No TPM" answer,
#               followed by the labelled software-TPM demonstration, whose
#               verdict is "no problem found"; no link error.
#   make check  exit status 0.
#   deb         the package builds from the clone in a root with only its
#               Build-Depends installed (apt-get build-dep ./, which also
#               brings build-essential), then, in a second root, installs
#               alone (apt-get install ./tpmdiag_*.deb: its Depends and
#               nothing else) and works there: --version finds every
#               optional library; check and check --format json give this
#               machine's answer ("No TPM" where it has none); the man pages,
#               the completion and both units are in place; the timer is not
#               enabled (tests/fresh/run.sh --installed, in that root).
#
# Needs root, and mmdebstrap or debootstrap (apt-get install mmdebstrap), and
# Debian's archive (FRESH_MIRROR, default http://deb.debian.org/debian). The
# base tarball is cached as build/fresh/base-bookworm-minbase.tar (remove it,
# or FRESH_REFRESH=1, to bootstrap anew); downloaded .debs are kept in
# build/fresh/apt-archives/ so a rerun downloads nothing. Installed packages
# are never kept: every root starts from the tarball.
#
# Isolation: everything runs in a new mount and PID namespace (unshare), so
# the mounts exist only there and every process of the root dies with it,
# also when this script is killed. The host's /dev is never mounted in. A root
# is removed only once nothing is mounted below it. Services do not start in
# the root (policy-rc.d answers 101, as in every Debian chroot: it has no init).
# Logs: build/fresh/make-run.log, build/fresh/make-check.log,
# build/fresh/deb-build.log, build/fresh/deb-install.log; the package built
# is kept in build/fresh/deb/.
set -eu

if [ "${1:-}" = --inside ]; then
	# In the new namespaces: $2 the root, $3 the apt archive cache, $4 the command.
	R=$2
	mount --make-rprivate /
	mount -t proc proc "$R/proc"
	mount -t sysfs sysfs "$R/sys"
	mount -t tmpfs -o mode=0755,nosuid tmpfs "$R/dev"
	for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
		name=${n%%:*} mm=${n#*:}
		mknod -m 0666 "$R/dev/$name" c "${mm%:*}" "${mm#*:}"
	done
	mkdir "$R/dev/pts" "$R/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
	ln -s pts/ptmx "$R/dev/ptmx"
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
	ln -s /proc/self/fd "$R/dev/fd"
	ln -s /proc/self/fd/0 "$R/dev/stdin"
	ln -s /proc/self/fd/1 "$R/dev/stdout"
	ln -s /proc/self/fd/2 "$R/dev/stderr"
	mkdir -p "$3/partial"
	mount --bind "$3" "$R/var/cache/apt/archives"
	exec chroot "$R" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		/bin/sh -c "cd /root/tpmdiag && $4"
fi

if [ "${1:-}" = --installed ]; then
	# In the second root of `deb`, after apt-get installed the .deb alone:
	# what a user of the package sees. $2: the packages apt added.
	bad=0
	no() {
		echo "fresh: installed: FAIL: $*"
		bad=1
	}
	echo "fresh: installed: apt-get added: $(tr '\n' ' ' <"$2")"
	! grep -E -e '-dev$' -e '^(gcc|make|build-essential)' "$2" || no "the .deb pulled build tools in"
	[ "$(command -v tpmdiag)" = /usr/bin/tpmdiag ] || no "tpmdiag is not /usr/bin/tpmdiag: $(command -v tpmdiag)"
	v=$(tpmdiag --version) || no "tpmdiag --version failed"
	printf '%s\n' "$v"
	[ "$(printf '%s\n' "$v" | head -n 1)" = "tpmdiag $(cat VERSION)" ] || no "--version is not 'tpmdiag $(cat VERSION)'"
	! printf '%s\n' "$v" | grep -q missing || no "an optional library is missing: Depends lack it"
	notpm=
	[ -n "$(ls /sys/class/tpm 2>/dev/null)" ] || notpm=1
	st=0
	tpmdiag check >/tmp/check.txt 2>&1 || st=$?
	verdict=$(grep -m1 '^Verdict: ' /tmp/check.txt) || no "tpmdiag check printed no 'Verdict: ' line"
	echo "fresh: installed: tpmdiag check exited $st: $verdict"
	[ $((st & 1)) = 0 ] || no "tpmdiag check: usage error (status $st)"
	if [ -n "$notpm" ]; then
		[ $((st & 7)) = 0 ] || { cat /tmp/check.txt; no "tpmdiag check could not do its job (status $st)"; }
		case $verdict in *"No TPM"*) ;; *) no "the verdict is not this machine's 'No TPM': $verdict" ;; esac
	fi
	js=0
	tpmdiag check --format json >/tmp/check.json 2>/tmp/check.err || js=$?
	[ "$js" = "$st" ] || no "check --format json exited $js, check $st"
	grep -q '^  "schema":"tpmdiag-report/1",$' /tmp/check.json || no "check --format json: no tpmdiag-report/1 schema line"
	grep -q "^  \"exit_status\":$js,\$" /tmp/check.json || no "check --format json: exit_status is not $js"
	[ "$(tail -c 2 /tmp/check.json | head -c 1)" = "}" ] || no "check --format json: the document does not end with }"
	if [ -n "$notpm" ]; then
		grep -q '"first":"No TPM' /tmp/check.json || no "check --format json: the first finding is not 'No TPM'"
	fi
	for f in /usr/share/man/man1/tpmdiag.1.gz /usr/share/man/man5/tpmdiag-rules.5.gz \
		/usr/share/bash-completion/completions/tpmdiag /lib/systemd/system/tpmdiag-check.service \
		/lib/systemd/system/tpmdiag-check.timer /usr/lib/tmpfiles.d/tpmdiag.conf \
		/usr/share/tpmdiag/tpmdiag-report.schema.json; do
		[ -s "$f" ] || no "$f is not installed"
	done
	if command -v man >/dev/null 2>&1; then
		[ "$(man -w tpmdiag)" = /usr/share/man/man1/tpmdiag.1.gz ] || no "man -w tpmdiag: $(man -w tpmdiag 2>&1)"
	fi
	bash -c '. /usr/share/bash-completion/completions/tpmdiag && complete -p tpmdiag' | grep -q -- '-F _tpmdiag tpmdiag' ||
		no "the completion does not register _tpmdiag for tpmdiag"
	[ ! -e /etc/systemd/system/timers.target.wants/tpmdiag-check.timer ] || no "the package enabled the timer"
	[ "$bad" = 0 ] && echo "fresh: installed: all passed"
	exit "$bad"
fi

top=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:-all}
case $what in run | check | deb | all) ;; *)
	echo "usage: tests/fresh/run.sh [run|check|deb|all]" >&2
	exit 1
	;;
esac
[ "$(id -u)" = 0 ] || {
	echo "fresh: needs root (chroot, mount, mknod)" >&2
	exit 1
}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
cache=$top/build/fresh
base=$cache/base-bookworm-minbase.tar
mkdir -p "$cache/apt-archives"

fail() {
	echo "fresh: FAIL: $*" >&2
	exit 1
}

# The base: Debian 12 minbase plus make, bootstrapped once and cached.
if [ -n "${FRESH_REFRESH:-}" ] || [ ! -s "$base" ]; then
	t0=$(date +%s)
	rm -f "$base.part"
	if command -v mmdebstrap >/dev/null 2>&1; then
		mmdebstrap --quiet --variant=minbase --include=make --format=tar bookworm "$base.part" "$mirror"
	elif command -v debootstrap >/dev/null 2>&1; then
		d=$(mktemp -d "$cache/bootstrap.XXXXXX")
		debootstrap --variant=minbase --include=make bookworm "$d" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
			{ tail -20 "$cache/debootstrap.log"; rm -rf "$d"; fail "debootstrap failed"; }
		tar -C "$d" -cf "$base.part" .
		rm -rf "$d"
	else
		fail "needs mmdebstrap or debootstrap (apt-get install mmdebstrap)"
	fi
	mv "$base.part" "$base"
	echo "fresh: bootstrapped Debian 12 minbase + make in $(($(date +%s) - t0)) s ($base)"
fi

rev=$(git -C "$top" rev-parse --short HEAD)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
	echo "fresh: note: testing the commit $rev; uncommitted changes are not in the clone"
fi

# Nothing may be mounted below $1 when it is removed.
remove_root() {
	if grep -q " $1[/ ]" /proc/self/mountinfo; then
		fail "something is still mounted below $1; left in place"
	fi
	rm -rf "$1"
}

# One fresh root, one README command; the log is build/fresh/$2.log.
in_fresh_root() {
	cmd=$1 log=$cache/$2.log
	R=$(mktemp -d "$cache/root.XXXXXX")
	tar -C "$R" -xf "$base"
	git clone -q --no-hardlinks "$top" "$R/root/tpmdiag"
	cp /etc/resolv.conf "$R/etc/resolv.conf"
	[ -s "$R/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$R/etc/hosts"
	printf '#!/bin/sh\n# tests/fresh: no init in a chroot; services do not start\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
	chmod 0755 "$R/usr/sbin/policy-rc.d"
	# copy_in: files to put beside the clone's work tree (cd /root/tpmdiag)
	if [ -n "${copy_in:-}" ]; then
		# shellcheck disable=SC2086
		cp $copy_in "$R/root/tpmdiag/"
	fi
	echo "fresh: [$rev] in a new Debian 12 root: cd /root/tpmdiag && $cmd"
	t0=$(date +%s)
	set +e
	{
		unshare --mount --pid --fork --propagation private \
			sh "$top/tests/fresh/run.sh" --inside "$R" "$cache/apt-archives" "$cmd" 2>&1
		echo $? >"$R.status"
	} | tee "$log"
	set -e
	status=$(cat "$R.status")
	rm -f "$R.status"
	secs=$(($(date +%s) - t0))
	# copy_out: files (a glob below the root) to keep in build/fresh/deb/
	if [ -n "${copy_out:-}" ] && [ "$status" = 0 ]; then
		# shellcheck disable=SC2086
		cp $R/$copy_out "$cache/deb/" || status=1
	fi
	remove_root "$R"
	echo "fresh: '$cmd' exited with status $status after $secs s (log: $log)"
}

if [ "$what" = run ] || [ "$what" = all ]; then
	in_fresh_root "make run" make-run
	[ "$status" = 0 ] || fail "make run exited with status $status, the README says 0"
	! grep -q 'undefined reference' "$log" || fail "make run: link errors (see $log)"
	first=$(grep -m1 '^Verdict: ' "$log") || fail "make run printed no 'Verdict: ' line"
	banner=$(grep -n -m1 'NOT THIS MACHINE' "$log" | cut -d: -f1)
	vline=$(grep -n -m1 '^Verdict: ' "$log" | cut -d: -f1)
	if [ -z "$(ls /sys/class/tpm 2>/dev/null)" ]; then
		# No TPM here: the first answer is this machine's "No TPM", then the demonstration.
		case $first in *"No TPM"*) ;; *) fail "make run: the machine's verdict is not 'No TPM': $first" ;; esac
		[ -n "$banner" ] && [ "$vline" -lt "$banner" ] ||
			fail "make run: the machine's verdict does not come before the labelled demonstration"
		tail -n +"$banner" "$log" | grep -q '^Verdict: no problem found' ||
			fail "make run: the software-TPM demonstration is not a healthy diagnosis"
	fi
	echo "fresh: make run passed: $first"
fi
if [ "$what" = check ] || [ "$what" = all ]; then
	in_fresh_root "make check" make-check
	[ "$status" = 0 ] || fail "make check exited with status $status"
	echo "fresh: make check passed"
fi
if [ "$what" = deb ] || [ "$what" = all ]; then
	apt="DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends"
	rm -rf "$cache/deb"
	mkdir -p "$cache/deb"
	copy_out='root/tpmdiag_*.deb'
	in_fresh_root "apt-get update -q && $apt build-dep ./ && dpkg-buildpackage -b -us -uc -J2" deb-build
	copy_out=
	[ "$status" = 0 ] || fail "the package did not build from its Build-Depends (status $status)"
	deb=$(ls "$cache"/deb/tpmdiag_*.deb)
	echo "fresh: built ${deb##*/}"
	copy_in=$deb
	pkgs="dpkg-query -W | cut -f 1 | cut -d : -f 1 | sort"
	in_fresh_root "apt-get update -q && $pkgs >/tmp/before && $apt install ./${deb##*/} &&
		$pkgs | comm -13 /tmp/before - >/tmp/added && sh tests/fresh/run.sh --installed /tmp/added" deb-install
	copy_in=
	[ "$status" = 0 ] || fail "the installed package failed (status $status; log: $log)"
	echo "fresh: the package passed"
fi
