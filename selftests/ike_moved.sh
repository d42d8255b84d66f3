#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_moved: a mobile moves, and mipxfrmd's records follow the module.
# mipxfrmd as moon answers charon as dave; moon has the seed's tunnel
# policies for dave and a binding for him (mipxfrmctl binding, as the
# Home Agent part will make it). A Binding Update with the K bit to a new
# CoA: the module moves dave's tunnel SAs (issue 3), and mipxfrmd, told by
# the module's BINDING_UPDATED event, moves its record of the tunnel
# CHILD_SA and, for the K bit, the IKE SA's peer address. Checks: the log
# says both moved; a Delete of the tunnel CHILD_SA afterwards removes the
# SAs where they now are (at the new CoA), so none of dave's tunnel SAs
# stays in moon's kernel.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh
CTL=../helper/mipxfrmctl
NEW_COA=2001::20:2

ch_begin

mx_moon_root
# a silent peer is given up in a few seconds, not 165
mx_start_moon --retransmit-timeout 500 --retransmit-tries 2
check "mipxfrmd runs in moon" mx_running
ch_mn_start dave
tunnel_policies dave

n moon $CTL binding add $DAVE_HOA ha $HA reqid-mh 3 reqid-tunnel 4 coa $DAVE_COA
check "dave's first registration" \
	n moon $CTL binding update $DAVE_HOA coa $DAVE_COA seq 1 lifetime 3600 flags K
n dave ip addr add $NEW_COA/64 dev eth0 nodad
check "dave moves to $NEW_COA (K bit)" \
	n moon $CTL binding update $DAVE_HOA coa $NEW_COA seq 2 lifetime 3600 flags K
check "moon: the module moved dave's tunnel SAs to the new CoA" \
	eval 'reqid_is 4 moon $NEW_COA $HA && reqid_is 4 moon $HA $NEW_COA'
check "mipxfrmd: the tunnel CHILD_SA's record follows" \
	mx_log_wait "$MX_LOG" "CHILD_SA dave-tunnel{[0-9]*}: its SAs moved from $DAVE_COA to $NEW_COA"
check "mipxfrmd: the IKE SA follows (K bit)" \
	mx_log_wait "$MX_LOG" "IKE_SA dave-mh\[[0-9]*\]: peer moved from $DAVE_COA to $NEW_COA (K bit)"

check "mipxfrmctl down dave-tunnel" mx_ctl moon down dave-tunnel
no_tunnel_sas() {
	[ -z "$(esp_spis moon $NEW_COA $HA)$(esp_spis moon $HA $NEW_COA)$(esp_spis moon $DAVE_COA $HA)$(esp_spis moon $HA $DAVE_COA)" ]
}
check "moon: none of dave's tunnel SAs is left, at either CoA" \
	eventually 15 no_tunnel_sas
check "mipxfrmd still runs" mx_running

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
