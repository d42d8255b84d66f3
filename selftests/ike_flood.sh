#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_flood: mipxfrmd as moon survives a bounded flood of garbage on UDP
# port 500 with no crash, its established SAs intact and room for new
# ones. In charon.sh's topology (in namespaces, in the guest):
#  - dave (charon 5.9.8) establishes both CHILD_SAs with mipxfrmd; moon's
#    `ip xfrm state` and the daemon's VmRSS are noted;
#  - from carol's namespace, udp_flood sends 20,000 datagrams in 10 s to
#    moon's [2001:1::1]:500: random bytes, cut IKE headers, well-formed
#    headers with random SPIs and exchange types, acceptable IKE_SA_INIT
#    requests from random SPIs (half-open SAs, then cookies), lengths
#    running past the datagram or the message (see udp_flood.c);
#  - then: mipxfrmd runs; it asked for cookies (RFC 7296 2.6) once
#    IKE_COOKIE_THRESHOLD (10) SAs were half-open; moon's state
#    listing equals the one before; dave's charon saw nothing torn down;
#    carol (charon) still establishes both CHILD_SAs with reqids 1 and 2;
#    VmRSS grew by less than MX_RSS_SLACK_KB.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

# The flood: 20,000 datagrams, 2,000 a second, 1/6 of each kind.
FLOOD_COUNT=20000
FLOOD_SECS=10
# How much mipxfrmd's resident memory may grow across the flood and
# carol's connection. What it may legitimately keep: at most
# IKE_COOKIE_THRESHOLD half-open SAs (a few KB each: DH keys, nonces, the
# two messages) until they expire, carol's IKE SA and CHILD_SAs, and
# malloc's slack from freed buffers (one 64 KB receive buffer is reused).
# That is well under 1 MB (measured: no growth at all). Under TCG only
# 8,000-18,000 of the datagrams reach the daemon (the rest overflow its
# socket buffer); a leak of 300 bytes each would be 2.4-5.4 MB, so 2 MiB
# catches a per-datagram leak of any parsed message or payload while
# leaving the allocator room.
MX_RSS_SLACK_KB=2048

ch_begin

[ -x ./udp_flood ] || { echo "not ok 1 udp_flood not built"; exit 1; }

mx_moon_root
mx_start_moon
check "mipxfrmd runs in moon" mx_running
check "mipxfrmd listens on UDP 500 in moon" mx_listening moon

# grew_less A B MAX: B - A < MAX (both set).
grew_less() { [ -n "$1" ] && [ -n "$2" ] && [ $(($2 - $1)) -lt "$3" ]; }

# rss_kb: mipxfrmd's VmRSS in kB (ip netns exec execs it: same pid).
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$MX_PID/status"; }

ch_mn_start dave
check "moon: dave's 4 ESP SAs" [ "$(ch_esp_sas moon | wc -l)" = 4 ]
diag "dave up after $((SECONDS - start)) s"
xfrm_objects moon state >"$CH_DIR/state.before"
dave_lines=$(wc -l <"$(ch_log dave)")
rss0=$(rss_kb)
check "the pid measured is mipxfrmd's" same mipxfrmd "$(cat "/proc/$MX_PID/comm")"
diag "before the flood: mipxfrmd's VmRSS $rss0 kB"

t=$SECONDS
n carol ./udp_flood $HA 500 $FLOOD_COUNT $FLOOD_SECS >"$CH_DIR/flood.out" 2>&1
check "udp_flood sent $FLOOD_COUNT datagrams from carol" [ $? = 0 ]
sed 's/^/# udp_flood: /' "$CH_DIR/flood.out"
diag "flood took $((SECONDS - t)) s"
# Let the daemon drain its socket: until its log stops growing (at most 30 s).
size=-1
for i in $(seq 60); do
	s=$(stat -c %s "$MX_LOG")
	[ "$s" = "$size" ] && break
	size=$s
	sleep 0.5
done
rss1=$(rss_kb)
diag "after the flood: VmRSS $rss1 kB; $(grep -c 'received packet' "$MX_LOG") datagrams logged as received"

check "mipxfrmd still runs after the flood" mx_running
check "mipxfrmd asked for cookies" grep -q 'answering IKE_SA_INIT with COOKIE' "$MX_LOG"
xfrm_objects moon state >"$CH_DIR/state.after"
check "moon's SAs are as before the flood" \
	cmp -s "$CH_DIR/state.before" "$CH_DIR/state.after"
diff "$CH_DIR/state.before" "$CH_DIR/state.after" | sed 's/^/# /'
check "dave's charon saw nothing deleted" \
	lacks 'delet\|DELETE\|closing\|AUTHENTICATION_FAILED' "$(tail -n +$((dave_lines + 1)) "$(ch_log dave)")"

# A new IKE SA after the flood (cookies may still be asked for while the
# flood's half-open SAs live: charon answers them).
ch_etc carol
ch_mn_conf carol start
ch_start carol
check "carol: MH CHILD_SA established after the flood" \
	ch_wait carol 'CHILD_SA carol-mh{[0-9]*} established'
check "carol: tunnel CHILD_SA established after the flood" \
	ch_wait carol 'CHILD_SA carol-tunnel{[0-9]*} established'
check "moon: carol's MH SA HoA -> HA has reqid 1" reqid_is 1 moon $CAROL_HOA $HA
check "moon: carol's tunnel SA CoA -> HA has reqid 2" reqid_is 2 moon $CAROL_COA $HA
diag "carol up after $((SECONDS - start)) s"
check "moon: 8 ESP SAs" [ "$(ch_esp_sas moon | wc -l)" = 8 ]
check "mipxfrmd still runs" mx_running
rss2=$(rss_kb)
diag "after carol: VmRSS $rss2 kB (bound: $rss0 + $MX_RSS_SLACK_KB kB)"
check "mipxfrmd's VmRSS grew by less than $MX_RSS_SLACK_KB kB" \
	grew_less "$rss0" "$rss2" $MX_RSS_SLACK_KB

diag "mipxfrmd's log, what it said besides 'received/sending packet':"
grep -v 'received packet\|sending packet' "$MX_LOG" |
	sed -E 's/[0-9a-f]{16}_([ir])/X_\1/g; s/[0-9]+ (bytes|octets)/N \1/g' |
	sort | uniq -c | sort -rn | head -n 15 | sed 's/^/#   /'
diag "run time in the guest: $((SECONDS - start)) s"
done_testing
