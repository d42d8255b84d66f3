# SPDX-License-Identifier: GPL-2.0
# mipxfrm: the kernel module, the daemon and its control tool, the
# selftests, and the guest that runs them. See README.md.
KVER ?= $(shell scripts/kver)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin

all: module helper selftests

module:
	$(MAKE) -C kmod KVER=$(KVER)

helper:
	$(MAKE) -C helper

selftests:
	$(MAKE) -C selftests

setup:
	scripts/setup

# Setup, build, checkpatch and sparse, host unit tests, then every
# selftest in one guest boot; the last line says "N passed, M failed".
check: setup
	$(MAKE) all
	scripts/check

# Boots the guest, loads the module and shows what the tools see.
demo: setup
	$(MAKE) all
	scripts/vm sh -c 'modprobe mipxfrm && helper/mipxfrmctl version'

install: module helper
	install -D -m 0644 kmod/mipxfrm.ko \
		$(DESTDIR)/lib/modules/$(KVER)/updates/mipxfrm.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
	install -D -m 0755 helper/mipxfrmd $(DESTDIR)$(SBINDIR)/mipxfrmd
	install -D -m 0755 helper/mipxfrmctl $(DESTDIR)$(SBINDIR)/mipxfrmctl

clean:
	$(MAKE) -C kmod clean
	$(MAKE) -C helper clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all module helper selftests setup check demo install clean
