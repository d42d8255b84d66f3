#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binding_collision: a move whose outbound tunnel SA cannot be re-keyed
# because an SA already holds its new key - (new CoA, same SPI, ESP) -
# is refused with EEXIST and a message naming that SA, before anything
# changes, and without the kernel WARNING xfrm_state_migrate() gives when
# its clone's insert fails.
#
#   corr 2001:2::100 --- moon (HA 2001:1::1) --- carol, HoA 2001:1::10
#                         a squatter SA at         CoA 2001::41a:a8ff:fe6f:c67
#                         dst 2001::50 spi         asks to move to 2001::50
#                         0xce4db893 esp
#
# The inbound tunnel SA keeps its key (dst HA, SPI, ESP) across a move,
# so only the outbound one can collide; that an SA at the inbound key
# cannot even be added is checked too. A squatter with a mark the
# unmarked clone does not match is no collision, as for the kernel.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./seed.sh
need ping
CTL=../helper/mipxfrmctl

trap cleanup_ns EXIT
modprobe mipxfrm || exit 1
seed_network
# carol can be reached at the new CoA too.
carol_at_new_coa

pings() { quietly n corr ping -6 -c 5 -i 0.05 -W 5 $HOA; }
warnings() { dmesg | grep -c "WARNING:"; }
xfrm_stat() { n moon cat /proc/net/xfrm_stat; }
# A squatter: any ESP SA at (new CoA, carol's outbound SPI); ARGS extra.
squat() {
	n moon ip xfrm state add src $HA dst $NEW proto esp spi $SPI_OUT \
		reqid 99 mode tunnel auth $AUTH $K_TUN_IN enc $ENC $E_TUN_IN "$@"
}

n moon $CTL binding add $HOA ha $HA reqid-mh 1 reqid-tunnel 2 coa $COA
check "first registration" \
	n moon $CTL binding update $HOA coa $COA seq 1 lifetime 3600
check "pings through the tunnel at the old CoA" pings
warned=$(warnings)
stat=$(xfrm_stat)

check "a squatter SA at (new CoA, outbound SPI, esp) can be added" squat
state=$(xfrm_objects moon state)
policy=$(xfrm_objects moon policy)
out=$(n moon $CTL binding update $HOA coa $NEW seq 2 lifetime 3600 2>&1)
st=$?
diag "$out"
check "the move exits 1" same $st 1
check "the move fails with EEXIST" has "^mipxfrmctl: File exists$" "$out"
check "the message names the SA and points at the CoA" \
	has "^Error: an SA with the outbound tunnel SA's SPI and proto esp already exists at the new CoA (coa).$" "$out"
check "ip xfrm state unchanged" same "$(xfrm_objects moon state)" "$state"
check "ip xfrm policy unchanged" same "$(xfrm_objects moon policy)" "$policy"
shown=$(n moon $CTL binding show $HOA)
check "the binding stays at the old CoA" has "coa $COA" "$shown"
check "the binding counts the rollback and its error" \
	has "updates 1 rollbacks 1 last-error File exists" "$shown"
check "no kernel WARNING" same "$(warnings)" "$warned"
check "pings still flow through the old tunnel" pings

check "no SA can be added at the inbound SA's key (dst HA, SPI, esp)" \
	fails n moon ip xfrm state add src $NEW dst $HA proto esp spi $SPI_IN \
		reqid 99 mode tunnel auth $AUTH $K_TUN_IN enc $ENC $E_TUN_IN

# A marked squatter is not at the unmarked clone's key.
n moon ip xfrm state del dst $NEW proto esp spi $SPI_OUT
check "a squatter with mark 0x1/0x1 can be added" squat mark 0x1 mask 0x1
check "the move succeeds beside the marked squatter" \
	n moon $CTL binding update $HOA coa $NEW seq 3 lifetime 3600
n carol ip xfrm policy update src ::/0 dst $HOA/128 dir in priority 10 \
	tmpl src $HA dst $NEW proto esp reqid 2 mode tunnel
check "pings through the tunnel at the new CoA" pings
check "the squatter is still there, untouched" \
	count_is 2 "src $HA dst $NEW proto esp spi $SPI_OUT" \
	"$(xfrm_objects moon state)"
check "no kernel WARNING" same "$(warnings)" "$warned"
check "no /proc/net/xfrm_stat counter moved" same "$(xfrm_stat)" "$stat"
done_testing
