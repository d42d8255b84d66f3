#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# charon_reqid_order: the seed's WARNING, reproduced with strongSwan's own
# charon on all three sides (the problem mipxfrmd fixes).
#
# charon as moon runs the seed's ipsec.conf as it is; charon as dave and
# as carol (mobile-node configs, see ch_mn_conf in charon.sh) initiate
# both CHILD_SAs each. dave connects FIRST, then carol. charon on moon
# numbers reqids with a counter in connection order, so dave's children
# get 1 and 2 and carol's 3 and 4 -- while the seed's mip6d.conf says 1/2
# for carol and 3/4 for dave: MIGRATE and ACQUIRE between the two daemons
# would name the wrong SAs. Checks, all seen from outside (moon's
# `ip xfrm state`, charon's log):
#  - moon's charon loads the seed's four conns;
#  - all four CHILD_SAs come up, dave's before carol's;
#  - on moon: dave's MH transport SAs (HoA <-> HA) reqid 1, his tunnel SAs
#    (CoA <-> HA) reqid 2; carol's 3 and 4; charon's log agrees;
#  - carol's reqids on moon are not the ones mip6d.conf gives her.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

trap ch_cleanup EXIT
start=$SECONDS

ch_topology
ch_pki
diag "topology and PKI ready after $((SECONDS - start)) s"

# moon: the seed's configuration, charon as the Home Agent.
ch_etc moon
ch_moon_seed_conf
check "charon starts as moon" ch_start moon
check "moon loaded the seed's conns carol-mh and dave-mh" \
	ch_wait_all moon "added configuration 'carol-mh'" "added configuration 'dave-mh'"

diag "moon's charon ready after $((SECONDS - start)) s"

# dave first: his charon brings both children up on start (auto=start).
ch_etc dave
ch_mn_conf dave start
ch_start dave
check "dave's MH CHILD_SA up on moon" \
	ch_wait moon 'CHILD_SA dave-mh{[0-9]*} established'
check "dave's tunnel CHILD_SA up on moon" \
	ch_wait moon 'CHILD_SA dave-tunnel{[0-9]*} established'

diag "dave's children up on moon after $((SECONDS - start)) s"

# then carol.
ch_etc carol
ch_mn_conf carol start
ch_start carol
check "carol's MH CHILD_SA up on moon" \
	ch_wait moon 'CHILD_SA carol-mh{[0-9]*} established'
check "carol's tunnel CHILD_SA up on moon" \
	ch_wait moon 'CHILD_SA carol-tunnel{[0-9]*} established'
check "dave's charon logs both children established" \
	ch_wait_all dave 'CHILD_SA dave-mh{[0-9]*} established' 'CHILD_SA dave-tunnel{[0-9]*} established'
check "carol's charon logs both children established" \
	ch_wait_all carol 'CHILD_SA carol-mh{[0-9]*} established' 'CHILD_SA carol-tunnel{[0-9]*} established'

ch_esp_sas moon | sed 's/^/# moon ESP SA: /'

check "moon: dave's MH SA HoA -> HA has reqid 1" reqid_is 1 moon $DAVE_HOA $HA
check "moon: dave's MH SA HA -> HoA has reqid 1" reqid_is 1 moon $HA $DAVE_HOA
check "moon: dave's tunnel SA CoA -> HA has reqid 2" reqid_is 2 moon $DAVE_COA $HA
check "moon: dave's tunnel SA HA -> CoA has reqid 2" reqid_is 2 moon $HA $DAVE_COA
check "moon: carol's MH SA HoA -> HA has reqid 3" reqid_is 3 moon $CAROL_HOA $HA
check "moon: carol's MH SA HA -> HoA has reqid 3" reqid_is 3 moon $HA $CAROL_HOA
check "moon: carol's tunnel SA CoA -> HA has reqid 4" reqid_is 4 moon $CAROL_COA $HA
check "moon: carol's tunnel SA HA -> CoA has reqid 4" reqid_is 4 moon $HA $CAROL_COA
check "moon: exactly 8 ESP SAs" [ "$(ch_esp_sas moon | wc -l)" = 8 ]

got="$(ch_child_reqid moon dave-mh)/$(ch_child_reqid moon dave-tunnel) $(ch_child_reqid moon carol-mh)/$(ch_child_reqid moon carol-tunnel)"
diag "moon's charon log, reqids: dave-mh/dave-tunnel carol-mh/carol-tunnel = $got"
check "moon's log: reqids dave 1/2, carol 3/4 (counter in connection order)" \
	same "1/2 3/4" "$got"

# The seed's WARNING: mip6d.conf's reqids for carol are not what charon
# gave her when she connected second.
want="$(mip6d_reqids $CAROL_HOA Mh)/$(mip6d_reqids $CAROL_HOA TunnelPayload)"
diag "mip6d.conf gives carol $want; charon on moon gave her $(ch_reqid moon $CAROL_HOA $HA)/$(ch_reqid moon $CAROL_COA $HA)"
check "mip6d.conf numbers carol 1/2" same "1/2" "$want"
check "charon's reqids for carol do not match mip6d.conf's (the WARNING)" \
	[ "$(ch_reqid moon $CAROL_HOA $HA)/$(ch_reqid moon $CAROL_COA $HA)" != "$want" ]

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
