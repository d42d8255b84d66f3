#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binding_rebind: the seed's Care-of Address change, done by one
# BINDING_UPDATE.
#
#   corr (correspondent)            moon (Home Agent)               carol (mobile)
#   2001:2::100 ---------------- 2001:2::1   2001::1 -------------- CoA 2001::41a:a8ff:fe6f:c67
#                                 home 2001:1::1 (dummy)             -> 2001::50
#                                                                    HoA 2001:1::10 (lo)
#
# moon holds the seed's state for carol (transport SAs reqid 1, tunnel SAs
# reqid 2, hao/route2 states, the five policies) and the same for dave
# (reqids 3 and 4, CoA 2001::20:1), built with ip xfrm. Checks:
#  - after one BINDING_UPDATE to 2001::50, every object names the new CoA
#    exactly where the seed's "after" listing does, and nothing else
#    changed (dave untouched);
#  - the XFRM notifications and the MIGRATE reach other listeners;
#  - the module's events: exactly one per change, with the right contents;
#  - pings from corr to carol's HoA through the ESP tunnel keep flowing
#    across a rebind (lost packets reported).
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./seed.sh
need ping
CTL=../helper/mipxfrmctl

trap cleanup_ns EXIT
modprobe mipxfrm || exit 1

seed_network

check "ping corr -> HoA through the tunnel before any binding" \
	quietly n corr ping -6 -c 2 -W 5 $HOA

# Events from here on: every change below must give exactly one. The
# monitors listen once a probe (a binding and an SA of nobody's, made
# and removed until both monitors have seen them) shows; the probe's
# own lines are left out of what is compared.
n moon $CTL monitor >"/tmp/events-$$" &
monitor=$!
n moon ip xfrm monitor >"/tmp/xfrm-$$" &
xmon=$!
PROBE_HOA=2001:1::99
probe() {
	n moon $CTL binding add $PROBE_HOA ha $HA reqid-mh 97 reqid-tunnel 98
	n moon $CTL binding del $PROBE_HOA
	n moon ip xfrm state add src $HA dst $PROBE_HOA proto esp spi 0x99 \
		mode transport enc $ENC $E_MH_IN
	n moon ip xfrm state del src $HA dst $PROBE_HOA proto esp spi 0x99
	eventually 1 grep -q "^deleted $PROBE_HOA " "/tmp/events-$$" &&
		eventually 1 grep -q "^Deleted src $HA dst $PROBE_HOA" "/tmp/xfrm-$$"
}
listening=no
for i in $(seq 30); do probe && listening=yes && break; done
check "both monitors listening" same $listening yes

n moon $CTL binding add $HOA ha $HA reqid-mh 1 reqid-tunnel 2 coa $COA
n moon $CTL binding add $DAVE_HOA ha $HA reqid-mh 3 reqid-tunnel 4 coa $DAVE_COA
# The first registration adopts the seed's RO states; the CoA stays.
check "first registration" n moon $CTL binding update $HOA coa $COA seq 1 lifetime 3600 flags K
n moon $CTL binding update $DAVE_HOA coa $DAVE_COA seq 1 lifetime 3600

before_state=$(xfrm_objects moon state)
before_policy=$(xfrm_objects moon policy)
check "seed listing has carol's tunnel SAs at the old CoA" \
	grep -q "src $COA dst $HA proto esp spi 0xc190d5ba reqid 2 mode tunnel" <<<"$before_state"

check "BINDING_UPDATE to $NEW" n moon $CTL binding update $HOA coa $NEW seq 2 lifetime 3600 flags K
after_state=$(xfrm_objects moon state)
after_policy=$(xfrm_objects moon policy)

# The seed's after listing: the old CoA replaced by the new one wherever it
# was, and nothing else different.
expect_state=${before_state//$COA/$NEW}
expect_policy=${before_policy//$COA/$NEW}
if [ "$(sort <<<"$expect_state")" = "$after_state" ]; then
	ok "ip xfrm state: new CoA exactly where the old one was, all else equal"
else
	not_ok "ip xfrm state: new CoA exactly where the old one was, all else equal"
	diff <(sort <<<"$expect_state") <(echo "$after_state") | sed 's/^/# /'
fi
if [ "$(sort <<<"$expect_policy")" = "$after_policy" ]; then
	ok "ip xfrm policy: templates moved, all else equal"
else
	not_ok "ip xfrm policy: templates moved, all else equal"
	diff <(sort <<<"$expect_policy") <(echo "$after_policy") | sed 's/^/# /'
fi
check "no object names the old CoA" lacks "$COA" "$after_state$after_policy"
check "dave untouched: his four objects still at his CoA" \
	count_is 4 "$DAVE_COA" "$after_state"
check "carol's inbound tunnel SA kept its SPI" \
	has "src $NEW dst $HA proto esp spi 0xc190d5ba reqid 2" "$after_state"
check "carol's outbound tunnel SA kept its SPI" \
	has "src $HA dst $NEW proto esp spi 0xce4db893 reqid 2" "$after_state"
check "RO sub policies for both mobiles" \
	count_is 4 "ptype sub" "$after_policy"
n moon $CTL binding show $HOA | sed 's/^/# /'

# Same CoA: a refresh; then deregistration.
check "refresh with the same CoA" n moon $CTL binding update $HOA coa $NEW seq 3 lifetime 600 flags K
check "refresh changed nothing in XFRM" same "$(xfrm_objects moon state)" "$after_state"
check "stale sequence number refused" \
	fails n moon $CTL binding update $HOA coa $COA seq 3 lifetime 600

# Pings across a rebind: carol brings up the new CoA and its tunnel end
# there first (make before break), moon rebinds while pings flow.
carol_at_new_coa
n corr ping -6 -i 0.05 -c 100 -W 2 $HOA >"/tmp/ping-$$" 2>&1 &
pinger=$!
sleep 2
n moon $CTL binding update $HOA coa $COA seq 4 lifetime 600 flags K >/dev/null
n moon $CTL binding update $HOA coa $NEW seq 5 lifetime 600 flags K
n carol ip xfrm policy update src ::/0 dst $HOA/128 dir in priority 10 tmpl src $HA dst $NEW proto esp reqid 2 mode tunnel
wait $pinger
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "/tmp/ping-$$")
diag "pings across the rebind: ${received:-0} of 100 answered"
check "pings flow across the rebind (at most 5 of 100 lost)" [ "${received:-0}" -ge 95 ]
check "ping after the rebind" quietly n corr ping -6 -c 2 -W 5 $HOA

check "deregistration (lifetime 0)" n moon $CTL binding update $HOA coa $NEW seq 6 lifetime 0
final_state=$(xfrm_objects moon state)
check "RO states gone after deregistration" \
	lacks "dst $HOA proto route2" "$final_state"
check "RO policies gone after deregistration" \
	count_is 2 "ptype sub" "$(xfrm_objects moon policy)"
check "tunnel SAs stay with the key manager" \
	has "src $HA dst $NEW proto esp spi 0xce4db893" "$final_state"

# The last change's events, then stop listening.
eventually 10 grep -q "^deleted $HOA " "/tmp/events-$$"
eventually 10 grep -q "^Deleted src $HA dst $HOA" "/tmp/xfrm-$$"
kill $monitor $xmon 2>/dev/null
wait $monitor $xmon 2>/dev/null
expected="new $HOA coa $COA old-coa - seq - lifetime 0 reqids 1/2
new $DAVE_HOA coa $DAVE_COA old-coa - seq - lifetime 0 reqids 3/4
updated $HOA coa $COA old-coa $COA seq 1 lifetime 3600 reqids 1/2
updated $DAVE_HOA coa $DAVE_COA old-coa $DAVE_COA seq 1 lifetime 3600 reqids 3/4
updated $HOA coa $NEW old-coa $COA seq 2 lifetime 3600 reqids 1/2
updated $HOA coa $NEW old-coa $NEW seq 3 lifetime 600 reqids 1/2
updated $HOA coa $COA old-coa $NEW seq 4 lifetime 600 reqids 1/2
updated $HOA coa $NEW old-coa $COA seq 5 lifetime 600 reqids 1/2
deleted $HOA coa $NEW old-coa - seq 5 lifetime 0 reqids 1/2"
events=$(grep -v " $PROBE_HOA " "/tmp/events-$$")
if [ "$events" = "$expected" ]; then
	ok "one event per change, with the right contents"
else
	not_ok "one event per change, with the right contents"
	diff <(echo "$expected") <(echo "$events") | sed 's/^/# /'
fi
check "ip xfrm monitor saw the tunnel SA moved" \
	grep -q "src $HA dst $NEW" "/tmp/xfrm-$$"
# iproute2 prints XFRM_MSG_MIGRATE (0x21) as an unknown message: one per
# tunnel move (seq 2, 4 and 5), none for registrations and refreshes.
check "ip xfrm monitor saw one XFRM_MSG_MIGRATE per tunnel move" \
	count_is 3 "^Unknown message: .* 0x00000021 " "$(cat "/tmp/xfrm-$$")"
check "ip xfrm monitor saw the RO states deleted" \
	grep -q "Deleted src $HA dst $HOA" "/tmp/xfrm-$$"
rm -f "/tmp/events-$$" "/tmp/xfrm-$$" "/tmp/ping-$$"
done_testing
