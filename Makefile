# tpmdiag — see README.md. `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
# The units' directory is systemd's, not below PREFIX (Debian 12: /lib).
SYSTEMDUNITDIR ?= /lib/systemd/system
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
CC      ?= cc
CLANG   ?= clang
PKG_CONFIG ?= pkg-config

VERSION := $(shell cat VERSION 2>/dev/null || echo 0)
MAKEFLAGS += --no-builtin-rules

# Debian packages that build, tests and run need (`make deps` installs them).
DEB_BUILD = gcc make pkg-config libc6-dev
DEB_LIBS  = libudev-dev libkmod-dev libjson-c-dev libyaml-dev libssl-dev zlib1g-dev libsystemd-dev
# What the binary runs with: json-c is linked; the others are opened when a
# command first needs them, and one that is missing costs only what needs
# it (tpmdiag(1), FILES). The -dev packages above depend on these.
DEB_RUN   = libjson-c5 libudev1 libkmod2 libyaml-0-2 libssl3 zlib1g libsystemd0
# tests/package: git (a clone of HEAD), build-essential, dpkg-dev, debhelper,
# lintian; systemd for systemd-analyze verify and security.
DEB_TEST  = libcriterion-dev bash-completion swtpm swtpm-tools tpm2-tools tpm-tools trousers mandoc clang bc \
            cppcheck clang-format time python3 python3-jsonschema libclang-rt-14-dev \
            qemu-system-x86 busybox-static cpio ovmf jq openssl prometheus prometheus-node-exporter \
            git build-essential dpkg-dev debhelper lintian systemd
DEB_ALL   = $(DEB_BUILD) $(DEB_LIBS) $(DEB_RUN) $(DEB_TEST)

# Libraries, each found with pkg-config. Only json-c is linked: the others
# are loaded on first use (probes/os/dl.h), so a command that needs none of
# them starts with libc alone; their headers still come from pkg-config
# (the -dev packages stay build deps), and DEB_RUN lists what runs them.
PKGS_LINKED := json-c
PKGS_DLOPEN := libudev libkmod zlib libsystemd yaml-0.1 libcrypto
PKGS      := $(PKGS_LINKED) $(PKGS_DLOPEN)
PKG_CFLAGS := $(if $(PKGS),$(shell $(PKG_CONFIG) --cflags $(PKGS)))
PKG_LIBS   := -Wl,--as-needed $(if $(PKGS_LINKED),$(shell $(PKG_CONFIG) --libs $(PKGS_LINKED)))
# The unit tests make gzip files and RSA keys with the real zlib and libcrypto.
TEST_LIBS  := $(shell $(PKG_CONFIG) --libs zlib libcrypto)
CRIT_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion)
CRIT_LIBS   = $(shell $(PKG_CONFIG) --libs criterion)

# -Wno-format-truncation: snprintf into a bounded buffer is how this code
# bounds strings on purpose; gcc's guess at what might not fit is noise.
WARN    = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
          -Wno-format-truncation
CFLAGS  ?= -O2 -g
DEFS    = -std=gnu11 -D_GNU_SOURCE -I. -DTPMDIAG_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
# CPPFLAGS and LDFLAGS: empty here; a packager's (dpkg-buildflags: fortify,
# relro, bindnow) go in.
ALL_CFLAGS = $(DEFS) $(CPPFLAGS) $(WARN) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS)

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Product code: every .c below diag/, probes/ and reports/ (ARCHITECTURE.md).
SRC_DIRS := diag probes reports
MAIN_SRC := diag/cli/main.c
LIB_SRC  := $(sort $(shell find $(SRC_DIRS) -name '*.c'))
LIB_SRC  := $(filter-out $(MAIN_SRC),$(LIB_SRC)) build/gen/rules_embedded.c
RULE_FILES := $(sort $(wildcard diag/rules/*.yaml))
# Prometheus alerting rules for the metrics of tpmdiag-check.service;
# installed when present.
PROM_ALERTS := $(wildcard dist/prometheus/tpmdiag-alerts.yml)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
INTG_SRC := $(sort $(wildcard tests/integration/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

# build/<flavour>/... : "rel" is the default build, "san" the ASan+UBSan one.
obj = $(patsubst %.c,build/$(1)/%.o,$(2))

.PHONY: all deps run check fresh test unit integration sanitize lint fuzz fuzz-build install clean help e2e
all: tpmdiag

tpmdiag: build/rel/tpmdiag
	cp $< $@

define flavour
build/$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $(2) -MMD -MP -c $$< -o $$@
build/$(1)/tests/%.o: tests/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $(2) $$(CRIT_CFLAGS) -MMD -MP -c $$< -o $$@
build/$(1)/tpmdiag: $(call obj,$(1),$(MAIN_SRC) $(LIB_SRC))
	$$(CC) $(2) $$(LDFLAGS) $$^ $$(LDLIBS_ALL) $(3) -o $$@
build/$(1)/unit-tests: $(call obj,$(1),$(UNIT_SRC) $(LIB_SRC))
	$$(CC) $(2) $$(LDFLAGS) $$^ $$(LDLIBS_ALL) $$(TEST_LIBS) $$(CRIT_LIBS) $(3) -o $$@
build/$(1)/integration-tests: $(call obj,$(1),$(INTG_SRC) $(LIB_SRC))
	$$(CC) $(2) $$(LDFLAGS) $$^ $$(LDLIBS_ALL) $$(CRIT_LIBS) $(3) -o $$@
endef
$(eval $(call flavour,rel,,))
$(eval $(call flavour,san,$(SAN_FLAGS),-fsanitize=address,undefined))

-include $(shell find build -path build/fresh -prune -o -name '*.d' -type f -print 2>/dev/null)

# The signature database is built into the binary.
# (the list file changes when a rule file is added or removed)
RULES_LIST := build/gen/rules.list
$(shell mkdir -p build/gen; echo '$(RULE_FILES)' | cmp -s - $(RULES_LIST) 2>/dev/null || \
	echo '$(RULE_FILES)' > $(RULES_LIST))
build/gen/rules_embedded.c: diag/rules/embed.sh $(RULE_FILES) $(RULES_LIST)
	@mkdir -p $(dir $@)
	sh diag/rules/embed.sh $@ $(RULE_FILES)

# Installs whatever of DEB_ALL is missing; prints the command when not root.
deps:
	@missing=$$(for p in $(DEB_ALL); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	echo "deps: missing:" $$missing; \
	if [ "$$(id -u)" != 0 ]; then echo "deps: run as root:  apt-get update && apt-get install -y" $$missing; exit 1; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -q && apt-get install -y -q --no-install-recommends $$missing

# run, check and e2e install what is missing first, then build in a new make:
# the pkg-config flags above are read when make starts, so the make that ran
# `deps` on a bare machine has them empty (a link of undefined references).
# The main job on this machine: the diagnosis of its TPM, or, where it has
# none, of a private software TPM, said so (tests/run-main.sh).
run: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run-main.sh ./tpmdiag

# Every test: release build, sanitizer build, man page lint, a short fuzz pass.
CHECK_BINS = all build/rel/unit-tests build/rel/integration-tests build/san/tpmdiag \
             build/san/unit-tests build/san/integration-tests
check: deps
	@$(MAKE) --no-print-directory $(CHECK_BINS)
	sh tests/check.sh

# End-to-end: Debian's kernel under qemu, swtpm as its TPM, tpmdiag in the
# guest (tests/e2e/README.md; one scenario: tests/e2e/run.sh NAME).
e2e: deps
	@$(MAKE) --no-print-directory all
	sh tests/e2e/run.sh

# The quick start on a machine with nothing preinstalled: a fresh Debian 12
# root per README command, and two for the Debian package (built, then
# installed alone) (tests/fresh/run.sh; root, mmdebstrap). CI runs it.
fresh:
	sh tests/fresh/run.sh all

install: all
	install -D -m 0755 tpmdiag $(DESTDIR)$(PREFIX)/bin/tpmdiag
	install -D -m 0644 tpmdiag.1 $(DESTDIR)$(PREFIX)/share/man/man1/tpmdiag.1
	install -D -m 0644 tpmdiag-rules.5 $(DESTDIR)$(PREFIX)/share/man/man5/tpmdiag-rules.5
	install -D -m 0644 reports/tpmdiag-report.schema.json $(DESTDIR)$(PREFIX)/share/tpmdiag/tpmdiag-report.schema.json
	install -D -m 0644 reports/tpmdiag-facts.schema.json $(DESTDIR)$(PREFIX)/share/tpmdiag/tpmdiag-facts.schema.json
	install -d $(DESTDIR)$(PREFIX)/share/tpmdiag/rules
	install -m 0644 $(RULE_FILES) $(DESTDIR)$(PREFIX)/share/tpmdiag/rules/
	install -D -m 0644 dist/bash-completion/tpmdiag $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tpmdiag
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/bin/tpmdiag|$(PREFIX)/bin/tpmdiag|' dist/systemd/tpmdiag-check.service \
	  >$(DESTDIR)$(SYSTEMDUNITDIR)/tpmdiag-check.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/tpmdiag-check.service
	install -D -m 0644 dist/systemd/tpmdiag-check.timer $(DESTDIR)$(SYSTEMDUNITDIR)/tpmdiag-check.timer
	install -D -m 0644 dist/tmpfiles/tpmdiag.conf $(DESTDIR)$(TMPFILESDIR)/tpmdiag.conf
	$(if $(PROM_ALERTS),install -D -m 0644 $(PROM_ALERTS) $(DESTDIR)$(PREFIX)/share/tpmdiag/prometheus/tpmdiag-alerts.yml)

FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_LIB  := $(call obj,fuzz,$(LIB_SRC))
.SECONDARY: $(FUZZ_LIB)
build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(DEFS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(CLANG) $(DEFS) -g -O1 -fsanitize=fuzzer,address,undefined $^ $(PKG_LIBS) -o $@
fuzz-build: $(FUZZ_BINS)
# FUZZ_SECONDS per target (default 60); corpora seed from tests/fuzz/seeds/<name>/.
FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
	  --suppress=missingIncludeSystem -I. $(SRC_DIRS)
	clang-format --dry-run --Werror $(MAIN_SRC) $(filter-out build/%,$(LIB_SRC)) $(shell find $(SRC_DIRS) -name '*.h')

clean:
	rm -rf build tpmdiag

help:
	@echo "make           build ./tpmdiag (-Wall -Wextra -Werror)"
	@echo "make deps      apt-get install the Debian packages build, tests and run need"
	@echo "make run       diagnose this machine's TPM (a private software TPM when it has none)"
	@echo "make check     build and run every test, also under ASan+UBSan"
	@echo "make fresh     make run, make check and the .deb, each in a new minimal Debian 12 root (CI)"
	@echo "make e2e       boot Debian's kernel in qemu with a swtpm TPM; run the e2e scenarios"
	@echo "make fuzz      run each libFuzzer target for FUZZ_SECONDS"
	@echo "make lint      cppcheck and clang-format"
	@echo "make install   PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) SYSTEMDUNITDIR=$(SYSTEMDUNITDIR)"
