#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_kernel_events: mipxfrmd acting on what the kernel tells its key
# manager (issue 4: "expiry and acquire notifications"), as mobiles
# against strongSwan 5.9.8's charon as moon (the seed's conns, reqids
# pinned):
#  - acquire: carol's conns are auto=add, and her tunnel policies (reqid
#    2, as mip6d would install them) are in place without SAs; a ping
#    from her HoA makes the kernel ask for SAs (XFRM_MSG_ACQUIRE), and
#    mipxfrmd brings up carol-tunnel, the conn with that reqid; the
#    pings then pass;
#  - hard expiry: dave's CHILD_SAs live 10 s and are not rekeyed
#    (lifetime=10s, rekey=no); when the kernel expires them
#    (XFRM_MSG_EXPIRE, hard), mipxfrmd deletes the rest of each CHILD_SA
#    and tells moon, whose charon removes its SAs too;
#  - lifetimes: dave again with CHILD_SAs of 20 s and an IKE SA of 30 s,
#    margintime 8 s: mipxfrmd rekeys both before they expire, reqids kept.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

ch_begin

ch_moon_charon
diag "moon's charon up after $((SECONDS - start)) s"

# carol: nothing up until her traffic asks for it.
root=$(mn_root carol)
sed -i 's/auto=start/auto=add/' "$root/etc/ipsec.conf"
mn_start carol "$root"
check "carol's mipxfrmd starts" mx_log_wait "$(mn_log carol)" "started"
check "carol: no SA before any traffic" [ -z "$(ch_esp_sas carol)" ]
tunnel_policies carol
# the first pings are lost while the SAs are negotiated
n carol ping -6 -c 1 -W 1 -I $CAROL_HOA $HA >/dev/null 2>&1
check "carol's mipxfrmd is asked for reqid 2 and brings up carol-tunnel" \
	mx_log_wait "$(mn_log carol)" "acquire for reqid {2}: bringing up conn carol-tunnel"
check "moon: carol-tunnel established" \
	ch_wait moon "CHILD_SA carol-tunnel{[0-9]*} established"
check "carol: her tunnel SAs have reqid 2" \
	eval 'eventually 10 reqid_is 2 carol $CAROL_COA $HA && reqid_is 2 carol $HA $CAROL_COA'
check "carol's pings pass now" ping_home carol
check "carol-mh was not brought up (no traffic asked for it)" \
	[ -z "$(esp_spis carol $CAROL_HOA $HA)" ]

# dave: CHILD_SAs of 10 s, no rekeying.
root=$(mn_root dave)
sed -i 's/^conn %default$/conn %default\n\tlifetime=10s\n\trekey=no/' "$root/etc/ipsec.conf"
mn_start dave "$root"
check "dave: both CHILD_SAs up" \
	eval 'ch_wait moon "CHILD_SA dave-mh{[0-9]*} established" &&
	      ch_wait moon "CHILD_SA dave-tunnel{[0-9]*} established"'
check "dave's mipxfrmd sees the kernel expire his SAs" \
	mx_log_wait "$(mn_log dave)" "expired (hard lifetime), deleting the CHILD_SA" 30
check "moon is told: both of dave's CHILD_SAs deleted" \
	ch_wait_n moon "received DELETE for ESP CHILD_SA" 2
no_sas_of_dave() { [ -z "$(ch_esp_sas "$1" | grep -e "$DAVE_COA" -e "$DAVE_HOA")" ]; }
check "dave: no SA left" eventually 10 no_sas_of_dave dave
check "moon: no SA of dave's left" eventually 10 no_sas_of_dave moon
check "carol's SAs untouched" reqid_is 2 moon $CAROL_COA $HA
check "both daemons still run" \
	eval 'kill -0 ${MN_PID[carol]} && kill -0 ${MN_PID[dave]}'

# dave again, with lifetimes that run out during the test and rekeying
# on: the CHILD_SAs are rekeyed at lifetime - margintime (12 s), the IKE
# SA at ikelifetime - margintime (22 s), before anything expires.
check "dave's mipxfrmd stops" mn_stop dave
sed -i '/^\tlifetime=10s$/d; /^\trekey=no$/d' "$root/etc/ipsec.conf"
sed -i 's/^conn %default$/conn %default\n\tlifetime=20s\n\tikelifetime=30s\n\tmargintime=8s\n\trekeyfuzz=0%/' \
	"$root/etc/ipsec.conf"
mn_start dave "$root"
check "dave: both CHILD_SAs up again" \
	mx_log_wait "$(mn_log dave)" "CHILD_SA dave-tunnel{[0-9]*} established"
old_tun=$(esp_spis moon $DAVE_COA $HA)
check "dave's mipxfrmd rekeys his CHILD_SAs when their lifetime says" \
	mx_log_wait "$(mn_log dave)" "CHILD_SA dave-tunnel{[0-9]*}: lifetime reached, rekeying" 40
check "and his IKE_SA" \
	mx_log_wait "$(mn_log dave)" "IKE_SA dave-mh\[[0-9]*\]: lifetime reached, rekeying" 40
check "moon's charon takes the IKE_SA rekey" \
	ch_wait moon 'IKE_SA dave-mh\[[0-9]*\] rekeyed\|rekeyed IKE_SA\|IKE_SA .* rekeying .* completed'
check "moon: one tunnel SA each way for dave, a new one, reqid 4" \
	eventually 15 eval '[ "$(esp_spis moon $DAVE_COA $HA | wc -l)" = 1 ] &&
			    [ "$(esp_spis moon $DAVE_COA $HA)" != "$old_tun" ] &&
			    reqid_is 4 moon $DAVE_COA $HA && reqid_is 4 moon $HA $DAVE_COA'
check "dave: his MH SAs still reqid 3" \
	eval 'reqid_is 3 dave $DAVE_HOA $HA && reqid_is 3 dave $HA $DAVE_HOA'
check "nothing expired: the rekeys came first" \
	[ "$(grep -c "expired (hard lifetime)" "$(mn_log dave)")" = 0 ]

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
