#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_interop_responder: mipxfrmd as moon answers strongSwan 5.9.8's
# charon as dave and as carol, and gives each mobile the reqids mip6d.conf
# names whatever order they connect in (issue 4, "the seed's WARNING,
# fixed"; charon_reqid_order.sh shows charon on moon getting it wrong).
#
# Same topology and order as charon_reqid_order.sh: dave connects FIRST,
# then carol. mipxfrmd runs the seed's mip6d.conf and ipsec.conf as they
# are (below --root, with the test PKI and ipsec.secrets ': RSA
# moonKey.pem'). Checks, from outside:
#  - mipxfrmd --check accepts the tree and numbers carol 1/2, dave 3/4;
#  - the daemon stays up and listens on UDP 500 in moon;
#  - dave's and then carol's charon log both CHILD_SAs established;
#  - moon's `ip xfrm state`: carol's MH transport SAs (HoA <-> HA) reqid 1,
#    her tunnel SAs (CoA <-> HA) reqid 2; dave's 3 and 4; 8 ESP SAs.

set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

trap mx_cleanup EXIT
start=$SECONDS
modprobe mipxfrm || exit 1

ch_topology
ch_pki
diag "topology and PKI ready after $((SECONDS - start)) s"

mx_moon_root
checked=$($MIPXFRMD --check --root "$MX_ROOT" 2>"$CH_DIR/check.err")
check "mipxfrmd --check accepts the seed's tree" [ $? = 0 ]
sed 's/^/# check: /' "$CH_DIR/check.err"
check "--check: carol-mh reqid 1, carol-tunnel 2" \
	has "carol-mh: TRANSPORT_PROXY, reqid 1 .*carol-tunnel: TUNNEL, reqid 2 " "$(tr '\n' ' ' <<<"$checked")"
check "--check: dave-mh reqid 3, dave-tunnel 4" \
	has "dave-mh: TRANSPORT_PROXY, reqid 3 .*dave-tunnel: TUNNEL, reqid 4 " "$(tr '\n' ' ' <<<"$checked")"

# The daemon, in the foreground, in moon.
mx_start_moon
check "mipxfrmd runs in moon" mx_running
check "mipxfrmd listens on UDP 500 in moon" mx_listening moon

# dave first.
ch_etc dave
ch_mn_conf dave start
ch_start dave
check "dave: MH CHILD_SA established" \
	ch_wait dave 'CHILD_SA dave-mh{[0-9]*} established'
check "dave: tunnel CHILD_SA established" \
	ch_wait dave 'CHILD_SA dave-tunnel{[0-9]*} established'

# then carol.
ch_etc carol
ch_mn_conf carol start
ch_start carol
check "carol: MH CHILD_SA established" \
	ch_wait carol 'CHILD_SA carol-mh{[0-9]*} established'
check "carol: tunnel CHILD_SA established" \
	ch_wait carol 'CHILD_SA carol-tunnel{[0-9]*} established'

ch_esp_sas moon | sed 's/^/# moon ESP SA: /'

check "moon: carol's MH SA HoA -> HA has reqid 1" reqid_is 1 moon $CAROL_HOA $HA
check "moon: carol's MH SA HA -> HoA has reqid 1" reqid_is 1 moon $HA $CAROL_HOA
check "moon: carol's tunnel SA CoA -> HA has reqid 2" reqid_is 2 moon $CAROL_COA $HA
check "moon: carol's tunnel SA HA -> CoA has reqid 2" reqid_is 2 moon $HA $CAROL_COA
check "moon: dave's MH SA HoA -> HA has reqid 3" reqid_is 3 moon $DAVE_HOA $HA
check "moon: dave's MH SA HA -> HoA has reqid 3" reqid_is 3 moon $HA $DAVE_HOA
check "moon: dave's tunnel SA CoA -> HA has reqid 4" reqid_is 4 moon $DAVE_COA $HA
check "moon: dave's tunnel SA HA -> CoA has reqid 4" reqid_is 4 moon $HA $DAVE_COA
check "moon: exactly 8 ESP SAs" [ "$(ch_esp_sas moon | wc -l)" = 8 ]
check "mipxfrmd still runs" mx_running

diag "mipxfrmd's log, last lines:"
tail -n 20 "$MX_LOG" | sed 's/^/#   /'
diag "run time in the guest: $((SECONDS - start)) s"
done_testing
