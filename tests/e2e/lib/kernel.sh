# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/e2e/run.sh and tests/e2e/capture/capture.sh.
# e2e_kernel E2E_DIR: sets K (the vmlinuz path) and REL (its release) for
# Debian's linux-image-6.1.0-*-amd64 (the newest apt offers unless $KPKG is
# set), downloaded once with `apt-get download` and unpacked with
# `dpkg-deb -x` into E2E_DIR/kernel (nothing is installed). A kernel already
# there is reused.

e2e_kernel() {
	K=$(ls "$1"/kernel/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
	if [ -z "$K" ]; then
		mkdir -p "$1/kernel"
		if [ -z "${KPKG:-}" ]; then
			KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
				cut -d' ' -f1 | sort -V | tail -n 1)
			if [ -z "$KPKG" ] && [ "$(id -u)" = 0 ]; then
				# a fresh machine may not have read its package lists yet
				apt-get update -q >/dev/null 2>&1 || true
				KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
					cut -d' ' -f1 | sort -V | tail -n 1)
			fi
		fi
		if [ -z "$KPKG" ]; then
			echo "e2e: apt offers no linux-image-6.1.0-*-amd64 (apt-get update?)" >&2
			return 1
		fi
		echo "e2e: fetching $KPKG (once, into $1)" >&2
		(cd "$1" && apt-get download "$KPKG" >/dev/null) || return 1
		dpkg-deb -x "$1"/"$KPKG"_*.deb "$1/kernel" || return 1
		rm -f "$1"/"$KPKG"_*.deb
		K=$(ls "$1"/kernel/boot/vmlinuz-* | head -n 1)
	fi
	REL=${K##*/vmlinuz-}
}
