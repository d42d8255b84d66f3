#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_liveness: mipxfrmd's retransmissions and liveness checks. mipxfrmd
# is moon (the seed's tree, plus the conns below) with
# `--retransmit-timeout 500 --retransmit-tries 2`: a request is resent
# after 0.5 s and 0.9 s more, and given up 1.62 s after the second
# resend. strongSwan 5.9.8's charon is carol and dave and initiates
# (charon resends on its own 4 s back-off, so the IKE_AUTHs it takes
# seconds to sign under TCG do not trip our short one).
#
#   carol (charon)                       moon (mipxfrmd)
#   CoA 2001::41a:a8ff:fe6f:c67 --+      HA 2001:1::1 (dummy "home")
#   dave (charon)                 +--- bridge "lan" 2001::1
#   CoA 2001::20:1 ---------------+      2001::99: nobody's
#
# moon's extra conns: dpdaction=clear and dpddelay=2s on carol's
# (conn carol, which carol-mh and carol-tunnel include); dave-extra
# (HA -> dave's HoA, right=dave's CoA, reqid 8, auto=add) and nowhere
# (right=2001::99, reqid 9, auto=add). Checks, from outside (the
# daemon's log, the kernel, mipxfrmctl):
#  - nobody answers: `mipxfrmctl up nowhere` exits 1 within seconds,
#    saying the peer did not answer; no SA for 2001::99 is left;
#  - dave's answers lost (a blackhole route on dave) while moon asks for
#    dave-extra on dave's IKE SA: the SPI the kernel allocated for it (a
#    larval state, reqid 8) is there while the request is resent and
#    gone once mipxfrmd gives up, with the whole IKE SA;
#    `mipxfrmctl up dave-extra` exits 1, and no SA of dave's is left;
#  - carol's charon killed (SIGKILL, no Delete): after 2 s of silence
#    (dpddelay, at most 3 s) a liveness check goes out, resent twice
#    with growing gaps
#    ("retransmit 1 ..." and "retransmit 2 ..." of its message ID), then
#    "giving up after 2 retransmits"; within 15 s carol's ESP SAs are
#    gone from moon's kernel, mipxfrmctl status shows no IKE SA of hers,
#    and the daemon still runs.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

ch_begin

NOWHERE=2001::99


mx_moon_root
sed -i '/^conn carol$/a\	dpdaction=clear\n\tdpddelay=2s' \
	"$MX_ROOT/etc/ipsec.conf.d/carol.ipsec.conf"
cat >>"$MX_ROOT/etc/ipsec.conf" <<EOF

conn dave-extra
	also=ha
	leftsubnet=$HA/128
	right=$DAVE_COA
	rightid=dave@strongswan.org
	rightsubnet=$DAVE_HOA/128
	reqid=8
	auto=add

conn nowhere
	also=ha
	leftsubnet=::/0
	right=$NOWHERE
	rightid=@nowhere.strongswan.org
	rightsubnet=2001:1::99/128
	reqid=9
	auto=add
EOF
checked=$($MIPXFRMD --check --root "$MX_ROOT" 2>&1)
conns_ok() {
	has "dave-extra: TUNNEL, reqid 8 " "$checked" &&
		has "nowhere: TUNNEL, reqid 9 " "$checked" ||
		{ diag "$checked"; return 1; }
}
check "mipxfrmd --check takes moon's conns (dave-extra reqid 8, nowhere 9)" conns_ok

mx_start_moon --retransmit-timeout 500 --retransmit-tries 2
check "mipxfrmd runs in moon" mx_running
for mn in carol dave; do
	ch_etc $mn
	ch_mn_conf $mn start
	ch_start $mn
done
check "carol's and dave's CHILD_SAs come up" \
	eval 'ch_wait carol "CHILD_SA carol-tunnel{[0-9]*} established" &&
	      ch_wait dave "CHILD_SA dave-tunnel{[0-9]*} established" &&
	      ch_wait carol "CHILD_SA carol-mh{[0-9]*} established" &&
	      ch_wait dave "CHILD_SA dave-mh{[0-9]*} established"'
diag "carol and dave up after $((SECONDS - start)) s"

# lines: how long moon's log is; since N: what came after its first N
# lines, without the times; wait_since N REGEX [TIMEOUT]: until that
# has a line matching REGEX.
lines() { wc -l <"$MX_LOG"; }
since() { tail -n +$(($1 + 1)) "$MX_LOG" | cut -d' ' -f2-; }
wait_since() {
	local end=$((SECONDS + ${3:-$CH_TIMEOUT}))
	while [ $SECONDS -lt $end ]; do
		has "$2" "$(since "$1")" && return 0
		sleep 0.2
	done
	diag "no '$2' in moon's log after line $1; its tail:"
	tail -n 10 "$MX_LOG" | sed 's/^/#   /'
	return 1
}
# sas_of ADDR...: moon's SAs (larval ones included) naming an ADDR.
sas_of() {
	local a pat=()
	for a; do pat+=(-e "$a"); done
	ip -n moon-$$ xfrm state list | grep "${pat[@]}"
}

# 1. Nobody at 2001::99.
mark=$(lines)
t=$SECONDS
out=$(mx_ctl moon up nowhere --timeout 30 2>&1)
rc=$?
diag "mipxfrmctl up nowhere: $out (status $rc, $((SECONDS - t)) s)"
check "up nowhere: exit status 1" [ $rc = 1 ]
check "up nowhere: the peer did not answer" has "did not answer" "$out"
check "up nowhere: given up within 15 s, not at the timeout" [ $((SECONDS - t)) -le 15 ]
check "nowhere: IKE_SA_INIT resent twice, then given up" \
	eval 'has "retransmit 2 of request with message ID 0" "$(since $mark)" &&
	      has "giving up after 2 retransmits" "$(since $mark)"'
check "moon: no SA for $NOWHERE" eval '[ -z "$(sas_of $NOWHERE)" ]'

# 2. dave's answers lost while dave-extra's CREATE_CHILD_SA is out.
mark=$(lines)
n dave ip route add blackhole $HA/128
t=$SECONDS
mx_ctl moon up dave-extra --timeout 20 >"$CH_DIR/up-extra.out" 2>&1 &
up=$!
larval() { has "reqid 8 " "$(ip -n moon-$$ xfrm state list)"; }
check "dave-extra: a larval SA (reqid 8) while the request is unanswered" \
	eval 'for i in $(seq 50); do larval && break; sleep 0.1; done; larval'
wait $up
rc=$?
out=$(cat "$CH_DIR/up-extra.out")
diag "mipxfrmctl up dave-extra: $out (status $rc, $((SECONDS - t)) s)"
check "up dave-extra: exit status 1, the peer did not answer" \
	eval '[ $rc = 1 ] && has "did not answer" "$out"'
check "up dave-extra: given up within 15 s, not at the timeout" [ $((SECONDS - t)) -le 15 ]
check "dave-extra: CREATE_CHILD_SA resent twice, then dave's IKE SA given up" \
	eval 'has "retransmit 2 of request" "$(since $mark)" &&
	      has "dave-[a-z]*\[[0-9]*\]: peer did not answer, deleting it and its CHILD_SAs" "$(since $mark)"'
check "moon: no SA of dave's left, the larval one included" \
	eval '[ -z "$(sas_of $DAVE_COA $DAVE_HOA)" ]'
check "moon: carol's SAs untouched" \
	eval '[ "$(sas_of $CAROL_COA $CAROL_HOA | grep -c "^src")" = 4 ]'
n dave ip route del blackhole $HA/128

# 3. carol's charon dies; moon's liveness checks find out.
mark=$(lines)
check "moon checks carol's liveness after 2 s of silence, and she answers" \
	eval 'wait_since $mark "IKE_SA carol-[a-z]*\[[0-9]*\]: liveness check" 10 &&
	      sleep 1 && lacks "retransmit" "$(since $mark)"'
# carol_pids NAME: the pids of carol's processes called NAME.
carol_pids() {
	local p
	for p in $(ip netns pids carol-$$); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = "$1" ] && echo $p
	done
}
mark=$(lines)
# starter too: it would start charon again.
kill -9 $(carol_pids starter) $(carol_pids charon)
t=$SECONDS
check "carol's charon is gone" \
	eval 'for i in $(seq 20); do [ -z "$(carol_pids charon)" ] && break; sleep 0.1; done
	      [ -z "$(carol_pids charon)" ]'
check "moon gives up on carol within 15 s" \
	wait_since $mark "IKE_SA carol-[a-z]*\[[0-9]*\]: peer did not answer" 15
gone=$((SECONDS - t))
diag "moon's log after the kill (${gone} s):"
tail -n +$((mark + 1)) "$MX_LOG" |
	grep -e "liveness" -e "retransmit" -e "giving up" -e "did not answer" |
	sed 's/^/#   /'
# The liveness exchange after the kill, from the stamped log: carol's
# last word (received packet), the liveness check (the last one before
# "retransmit 1": one may have gone out, and been answered, just before
# the kill) and its message ID, retransmits 1 and 2 of that ID, giving
# up. Gives the silence before the check and the three gaps after it.
times=$(awk -v mark=$mark -v coa=$CAROL_COA '
	index($0, "received packet: from " coa "[") && !r1 { heard = $1 }
	NR <= mark { next }
	/liveness check/ && !r1 { l = $1; silence = l - heard; id = ""; next }
	l && !r1 && id == "" && /generating INFORMATIONAL request/ { id = $5 }
	l && /retransmit 1 of request with message ID/ && !r1 { r1 = $1; id1 = $NF; next }
	r1 && /retransmit 2 of request with message ID/ && !r2 { r2 = $1; id2 = $NF; next }
	r2 && /giving up after 2 retransmits/ && !g { g = $1; next }
	g && /peer did not answer, deleting it and its CHILD_SAs/ && !d { d = 1 }
	END { if (d && id1 == id && id2 == id)
		printf "%.3f %.3f %.3f %.3f\n", silence, r1 - l, r2 - r1, g - r2 }' "$MX_LOG")
read -r silence gaps <<<"$times"
diag "liveness check after ${silence:-?} s of silence (dpddelay=2s)"
diag "gaps liveness check -> retransmit 1 -> 2 -> giving up: ${gaps:-(not in order)}"
check "liveness check, retransmit 1 and 2 of its message ID, giving up, in order" \
	[ -n "$gaps" ]
check "the liveness check goes out within dpddelay + 1 s of carol's last word" \
	awk -v s="$silence" 'BEGIN { exit !(s != "" && s >= 1 && s <= 3) }'
check "the gaps grow (~0.5, ~0.9, ~1.6 s)" \
	awk -v s="$gaps" 'BEGIN { n = split(s, g, " ");
		exit !(n == 3 && g[1] >= 0.3 && g[1] < g[2] && g[2] < g[3]) }'
sleep 0.5
check "moon: no SA of carol's left" eval '[ -z "$(sas_of $CAROL_COA $CAROL_HOA)" ]'
no_ike_sa() {
	local status
	status=$(mx_ctl moon status)
	has "Security Associations (0 up, 0 connecting)" "$status" &&
		lacks "carol-[a-z]*\[" "$status" || { diag "$status"; return 1; }
}
check "moon's status: no IKE SA" no_ike_sa
check "mipxfrmd still runs" mx_running

if [ $TESTS_FAILED != 0 ]; then
	diag "moon's log, last lines:"
	tail -n 60 "$MX_LOG" | sed 's/^/#   /'
fi
diag "run time in the guest: $((SECONDS - start)) s"
done_testing
