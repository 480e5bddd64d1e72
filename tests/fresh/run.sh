#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fresh/run.sh [run|check|all]: the README's quick start on a machine
# with nothing preinstalled. A minimal Debian 12 root (mmdebstrap, else
# debootstrap: --variant=minbase plus make, which the README asks for) gets a
# clean clone of this repository's HEAD, fresh proc, sysfs, devpts and a
# tmpfs /dev of its own, and runs the README's command exactly as written with
# chroot. Each command gets a root of its own, so `make check` proves its own
# install step, not the one `make run` did before it. Default: all (both).
#
# Asserts what README.md documents:
#   make run    exit status 0; the machine's one-line diagnosis ("Verdict: ")
#               comes first; on a machine with no TPM it is the "No TPM" answer,
#               followed by the labelled software-TPM demonstration, whose
#               verdict is "no problem found"; no link error.
#   make check  exit status 0.
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
# Logs: build/fresh/make-run.log, build/fresh/make-check.log.
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

top=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:-all}
case $what in run | check | all) ;; *)
	echo "usage: tests/fresh/run.sh [run|check|all]" >&2
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
	remove_root "$R"
	echo "fresh: '$cmd' exited with status $status after $secs s (log: $log)"
}

if [ "$what" != check ]; then
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
if [ "$what" != run ]; then
	in_fresh_root "make check" make-check
	[ "$status" = 0 ] || fail "make check exited with status $status"
	echo "fresh: make check passed"
fi
