# SPDX-License-Identifier: GPL-2.0
#
# podol: top-level build.
#   make                 the module (against the running kernel, or KDIR=)
#                        and the user-space tools
#   make demo            installs what it needs, runs the two-VM demo
#   make cluster         three VMs: etcd, podold, podman containers on the
#                        podol CNI plugin talking across nodes
#   make check           installs what it needs, runs the selftests in VMs
#                        (Debian's 6.1, 6.12, 6.12-rt, and the debug kernel)
#   make check-debug     the selftests on the debug kernel alone (KASAN,
#                        UBSAN, lockdep, kmemleak; built once and cached)
#   make check-kselftest the selftests as a kernel tree runs them: copied to
#                        drivers/net/podol of the kernel's selftest framework,
#                        installed by its Makefile, run by run_kselftest.sh
#                        in a VM (Debian's 6.12, or KERNEL=)
#   make check-cluster   the cluster tests: four VMs on one L2 segment, an
#                        etcd cluster on three (Debian's 6.12)
#   make bench           the datapath benchmark against other overlays, in a VM,
#                        in guest instructions (qemu -icount); MODE=wall for
#                        wall-clock rates
#   make bench-podold    podold's scale benchmark (1,000 and 10,000 nodes)
#   make install         module, iproute2 plugin, tools, their man pages,
#                        bash completion, the CNI plugin (/usr/lib/cni/podol)
#                        and the Wireshark dissector (podol.lua, into
#                        Wireshark's global Lua plugin folder); make uninstall;
#                        INSTALL_MODULE=no: all but the module
#   make deb             the Debian packages podol-dkms and podol-tools
#                        (debian/), left in DEBDIR

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
DESTDIR ?=
PREFIX ?= /usr
IP_LIB_DIR ?= $(shell tools/iproute2/libdir.sh)
# Where bash-completion's loader looks for a command's file by its name.
COMPLETIONSDIR ?= $(or $(shell pkg-config --variable=completionsdir \
			bash-completion 2>/dev/null), \
			/usr/share/bash-completion/completions)
# make install INSTALL_MODULE=no installs everything but podol.ko: what
# the podol-tools package holds (podol-dkms builds the module on the
# machine it is installed on, for each of its kernels).
INSTALL_MODULE ?= yes
# Where make deb leaves the packages; it builds in .deb/, from a copy of
# the files git knows (tracked, or new and not ignored), so no build
# output of this tree goes in.
DEBDIR ?= .

.PHONY: all module tools clean install install-module uninstall deb install-completion uninstall-completion check check-debug check-kselftest check-cluster demo cluster bench bench-podold deps

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/lib
	$(MAKE) -C tools/iproute2
	$(MAKE) -C tools/podolctl
	$(MAKE) -C tools/podold
	$(MAKE) -C tools/cni
	$(MAKE) -C selftests helpers

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools/lib clean
	$(MAKE) -C tools/iproute2 clean
	$(MAKE) -C tools/podolctl clean
	$(MAKE) -C tools/podold clean
	$(MAKE) -C tools/cni clean
	$(MAKE) -C selftests clean
	rm -rf .vm .deb

install: tools $(if $(filter yes,$(INSTALL_MODULE)),install-module)
	$(MAKE) -C tools/iproute2 install DESTDIR=$(DESTDIR) IP_LIB_DIR=$(IP_LIB_DIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/podolctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/podold install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/cni install DESTDIR=$(DESTDIR)
	$(MAKE) -C tools/wireshark install DESTDIR=$(DESTDIR)
	$(MAKE) install-completion

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra modules_install
	depmod -a $(KVER)

# One file for both commands: podold's name is a link to podolctl's.
install-completion:
	install -D -m 0644 tools/completion/podol.bash $(DESTDIR)$(COMPLETIONSDIR)/podolctl
	ln -sf podolctl $(DESTDIR)$(COMPLETIONSDIR)/podold

uninstall-completion:
	rm -f $(DESTDIR)$(COMPLETIONSDIR)/podolctl $(DESTDIR)$(COMPLETIONSDIR)/podold

uninstall:
	rm -f /lib/modules/$(KVER)/extra/podol.ko*
	depmod -a $(KVER)
	$(MAKE) -C tools/iproute2 uninstall DESTDIR=$(DESTDIR) IP_LIB_DIR=$(IP_LIB_DIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/podolctl uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/podold uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/cni uninstall DESTDIR=$(DESTDIR)
	$(MAKE) -C tools/wireshark uninstall DESTDIR=$(DESTDIR)
	$(MAKE) uninstall-completion

deps:
	tools/vm/deps.sh

# The source package too, so that lintian checks debian/ itself.
deb:
	rm -rf .deb
	mkdir -p .deb/src
	git ls-files -z -co --exclude-standard | \
		tar -c --null -T - --ignore-failed-read -f - | tar -x -C .deb/src -f -
	cd .deb && mv src podol-$$(dpkg-parsechangelog -l src/debian/changelog -S Version)
	cd .deb/podol-* && dpkg-buildpackage -us -uc
	mkdir -p $(DEBDIR)
	cp .deb/podol-dkms_*.deb .deb/podol-tools_*.deb $(DEBDIR)/

check:
	tools/vm/check.sh $(if $(KERNELS),--kernels "$(KERNELS)") $(if $(TESTS),--tests "$(TESTS)")

check-debug:
	tools/vm/check.sh --kernels debug --no-host $(if $(TESTS),--tests "$(TESTS)")

check-kselftest:
	tools/vm/kselftest.sh $(if $(KERNEL),--kernel $(KERNEL)) $(TESTS)

check-cluster:
	tools/vm/cluster.sh $(if $(NODES),--nodes $(NODES)) $(if $(TESTS),--tests "$(TESTS)")

demo:
	tools/vm/demo.sh $(if $(KERNEL),--kernel $(KERNEL))

cluster:
	tools/vm/cluster.sh --demo $(if $(KERNEL),--kernel $(KERNEL))

bench:
	tools/bench/run.sh $(if $(MODE),--mode $(MODE)) $(if $(KERNEL),--kernel $(KERNEL)) $(if $(ROUNDS),--rounds $(ROUNDS))

bench-podold:
	tools/podold/bench/run.sh $(if $(KERNEL),--kernel $(KERNEL)) $(SIZES)
