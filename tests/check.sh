#!/bin/sh
# make check: every test, on the release build and the ASan+UBSan build,
# then the man page lint and a short pass of every fuzz target.
# Tests use a private temporary directory, removed at the end.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-check-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export TPMDIAG_TEST_TMP="$tmp" TMPDIR="$tmp"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
fail=0
failed=""
step() { printf '\n==> %s\n' "$*"; cur="$*"; }
# Records the current step as failed; the summary at the end names them all,
# so the last lines of a long log say what broke.
bad() { fail=1; failed="$failed
  - $cur"; }

for flavour in rel san; do
	export TPMDIAG_BIN="$top/build/$flavour/tpmdiag"
	for suite in unit-tests integration-tests; do
		step "$suite ($flavour build)"
		# -j2: the machines have two cores; each integration test runs its own swtpm
		# the failing tests are repeated in the summary at the end
		log="$tmp/$flavour-$suite.log"
		{ "build/$flavour/$suite" -j2 --short-filename || echo "$?" >"$log.rc"; } 2>&1 | tee "$log"
		if [ -e "$log.rc" ]; then
			bad
			failed="$failed
$(grep -E '^\[(FAIL|----)\]|CRASH|Timed out|ERROR: (Address|Leak)Sanitizer|^SUMMARY: |runtime error|crashed during its setup or teardown' "$log" | sed 's/^/      /' | head -n 40)"
		fi
	done
done

step "lint (cppcheck, clang-format)"
make -s lint || bad

step "layers (ARCHITECTURE.md: includes downward only, files <= 700 lines, folders <= 20 files)"
sh tests/layers.sh || bad

step "man page (mandoc -Tlint)"
mandoc -Tlint -W warning tpmdiag.1 tpmdiag-rules.5 || bad

step "bash completion (tests/completion)"
TPMDIAG_BIN="$top/tpmdiag" bash tests/completion/run.sh || bad

step "fuzz targets (${FUZZ_CHECK_SECONDS:-10} s each)"
if command -v clang >/dev/null 2>&1; then
	log="$tmp/fuzz.log"
	{ make -s fuzz-build >/dev/null && sh tests/fuzz/run.sh "${FUZZ_CHECK_SECONDS:-10}" build/fuzz/fuzz_* ||
		echo "$?" >"$log.rc"; } 2>&1 | tee "$log"
	if [ -e "$log.rc" ]; then
		bad
		failed="$failed
$(grep -E ': FAILED$|^==[0-9]+==ERROR|^SUMMARY: |out-of-memory|ALARM: working on' "$log" | sed 's/^/      /' | head -n 20)"
	fi
else
	echo "clang is not installed: fuzz targets not run (make deps installs it)"; bad
fi

step "prometheus: promtool, node_exporter, Prometheus (tests/prometheus)"
TPMDIAG_BIN="$top/build/san/tpmdiag" sh tests/prometheus/run.sh || bad

step "Debian package (tests/package)"
sh tests/package/run.sh || bad

step "end-to-end: Debian's kernel under qemu with swtpm (tests/e2e)"
if command -v qemu-system-x86_64 >/dev/null 2>&1; then
	log="$tmp/e2e.log"
	{ sh tests/e2e/run.sh -q -j 2 || echo "$?" >"$log.rc"; } 2>&1 | tee "$log"
	if [ -e "$log.rc" ]; then
		bad
		failed="$failed
$(grep -E -A 4 '^FAIL ' "$log" | sed 's/^/      /' | head -n 30)"
	fi
else
	echo "qemu-system-x86_64 is not installed: e2e scenarios not run (make deps installs it)"
fi

echo
if [ "$fail" = 0 ]; then echo "check: all passed"; else echo "check: FAILED:$failed"; fi
exit "$fail"
