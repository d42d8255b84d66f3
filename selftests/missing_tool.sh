#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# missing_tool: a selftest run where a program it needs is missing fails
# at once, naming the program and its package, instead of failing later
# for a reason nobody can see or hanging the guest (a fresh machine once
# lacked procps: forwarding was never turned on, and the pings failed).
#
# PATH is a folder of links to every program on the real PATH but the
# one left out (Debian's /bin and /sbin are /usr's); the tests are run
# with it, each under a 20 s limit.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh

BIN=$(mktemp -d /tmp/missing_tool.XXXXXX)
trap 'rm -rf "$BIN"' EXIT

# $BIN: a link to every program on the real PATH, earlier folders
# winning as they do on PATH (one ln per folder: 9p lookups are slow).
for d in /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin; do
	ln -sf "$d"/* "$BIN/" 2>/dev/null
done

# without TOOL TEST WANT: TEST run without TOOL prints WANT and fails.
without() {
	local out st
	rm "$BIN/$1"
	out=$(PATH=$BIN timeout 20 "./$2" 2>&1)
	st=$?
	ln -s "$(command -v "$1")" "$BIN/$1"
	check "$2 without $1: exits 1 at once" [ $st = 1 ] || diag "status $st"
	check "$2 without $1: says which and from what package" \
		same "$out" "not ok 1 missing: $3; run scripts/setup
1..1" || diag "$out"
}

without sysctl binding_rebind.sh "sysctl (procps)"
without ping binding_counters.sh "ping (iputils-ping)"
without ip binding_rollback.sh "ip (iproute2)"
without jq ctl_socket.sh "jq (jq)"
without pki ike_refuse.sh "pki (strongswan-pki)"
done_testing
