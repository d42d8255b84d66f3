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
#    her tunnel SAs (CoA <-> HA) reqid 2; dave's 3 and 4; 8 ESP SAs;
#  - with the seed's tunnel policies, both mobiles' HoAs ping the HA;
#  - dave (charon) rekeys both CHILD_SAs and the IKE SA, moon (mipxfrmctl)
#    rekeys carol's: new SPIs, the same reqids, old SAs gone, an IKE SA
#    rekey leaves the ESP SAs alone and the new IKE SA carries rekeys;
#  - a CHILD_SA delete from either side removes moon's SAs for it;
#  - mipxfrmd stopped: every SA gone, the mobiles told; restarted, with
#    carol connecting first this time: still carol 1/2 and dave 3/4.

set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

ch_begin

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
ch_mn_start dave

# then carol.
ch_mn_start carol

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

# Traffic through both tunnels, with the seed's tunnel policies on moon.
tunnel_policies carol
tunnel_policies dave
check "carol's HoA pings the Home Agent through her tunnel" ping_home carol
check "dave's HoA pings the Home Agent through his tunnel" ping_home dave
check "moon counted ESP from both Care-of Addresses" \
	eval 'esp_counted moon $CAROL_COA $HA && esp_counted moon $DAVE_COA $HA'

# one_pair NS SRC DST: exactly one SA each way between SRC and DST.
one_pair() {
	[ "$(esp_spis "$1" "$2" "$3" | wc -l)" = 1 ] &&
		[ "$(esp_spis "$1" "$3" "$2" | wc -l)" = 1 ]
}

# Rekeys asked by a mobile (charon as dave): both CHILD_SAs, then the
# IKE SA; moon answers, keeps the reqids, and removes the old SAs when
# dave deletes them.
old_tun=$(esp_spis moon $DAVE_COA $HA)
old_mh=$(esp_spis moon $DAVE_HOA $HA)
in_ns dave ipsec stroke rekey 'dave-tunnel{*}' >/dev/null
check "dave rekeys his tunnel CHILD_SA" \
	ch_wait_n dave 'CHILD_SA dave-tunnel{[0-9]*} established' 2
in_ns dave ipsec stroke rekey 'dave-mh{*}' >/dev/null
check "dave rekeys his MH CHILD_SA" \
	ch_wait_n dave 'CHILD_SA dave-mh{[0-9]*} established' 2
check "moon: the old SAs go with dave's Deletes" \
	mx_log_wait "$MX_LOG" "CHILD_SA dave-mh{[0-9]*} deleted"
sleep 1
check "moon: one tunnel SA each way for dave, new SPIs" \
	eval 'one_pair moon $DAVE_COA $HA && [ "$(esp_spis moon $DAVE_COA $HA)" != "$old_tun" ]'
check "moon: one MH SA each way for dave, new SPIs" \
	eval 'one_pair moon $DAVE_HOA $HA && [ "$(esp_spis moon $DAVE_HOA $HA)" != "$old_mh" ]'
check "moon: dave's reqids still 3 and 4" \
	eval 'reqid_is 3 moon $DAVE_HOA $HA && reqid_is 3 moon $HA $DAVE_HOA &&
	      reqid_is 4 moon $DAVE_COA $HA && reqid_is 4 moon $HA $DAVE_COA'
check "dave's pings pass after his rekeys" ping_home dave
sas_before=$(ch_esp_sas moon | sort)
in_ns dave ipsec stroke rekey 'dave-mh[*]' >/dev/null
check "dave rekeys his IKE_SA with moon" \
	ch_wait dave 'IKE_SA dave-mh\[[0-9]*\] rekeyed\|rekeyed IKE_SA\|IKE_SA .* rekeying .* completed'
sleep 1
check "moon: the IKE_SA rekey leaves the ESP SAs as they were" \
	same "$sas_before" "$(ch_esp_sas moon | sort)"
in_ns dave ipsec stroke rekey 'dave-tunnel{*}' >/dev/null
check "a CHILD_SA rekey works on dave's new IKE_SA" \
	ch_wait_n dave 'CHILD_SA dave-tunnel{[0-9]*} established' 3

# Rekeys asked by moon (mipxfrmctl): carol's CHILD_SAs and IKE_SA.
old_tun=$(esp_spis moon $CAROL_COA $HA)
old_mh=$(esp_spis moon $CAROL_HOA $HA)
check "mipxfrmctl rekey carol-tunnel" mx_ctl moon rekey carol-tunnel
check "mipxfrmctl rekey carol-mh" mx_ctl moon rekey carol-mh
check "carol's charon takes both rekeys" \
	eval 'ch_wait_n carol "CHILD_SA carol-tunnel{[0-9]*} established" 2 &&
	      ch_wait_n carol "CHILD_SA carol-mh{[0-9]*} established" 2'
check "carol's charon deletes the old CHILD_SAs when moon asks" \
	ch_wait_n carol 'received DELETE for ESP CHILD_SA' 2
sleep 1
check "moon: one SA each way for carol's children, new SPIs, reqids 1 and 2" \
	eval 'one_pair moon $CAROL_COA $HA && one_pair moon $CAROL_HOA $HA &&
	      [ "$(esp_spis moon $CAROL_COA $HA)" != "$old_tun" ] &&
	      [ "$(esp_spis moon $CAROL_HOA $HA)" != "$old_mh" ] &&
	      reqid_is 1 moon $CAROL_HOA $HA && reqid_is 2 moon $CAROL_COA $HA'
check "carol's pings pass after moon's rekeys" ping_home carol
sas_before=$(ch_esp_sas moon | sort)
check "mipxfrmctl rekey-ike carol-mh" mx_ctl moon rekey-ike carol-mh
check "carol's charon takes the IKE_SA rekey" \
	ch_wait carol 'IKE_SA carol-mh\[[0-9]*\] rekeyed\|rekeyed IKE_SA\|IKE_SA .* rekeying .* completed'
sleep 1
check "moon: the IKE_SA rekey leaves the ESP SAs as they were" \
	same "$sas_before" "$(ch_esp_sas moon | sort)"
check "mipxfrmctl rekey carol-tunnel on the new IKE_SA" mx_ctl moon rekey carol-tunnel
check "carol's charon takes it" \
	ch_wait_n carol 'CHILD_SA carol-tunnel{[0-9]*} established' 3

# Deletes from either side clean moon's kernel.
in_ns dave ipsec down 'dave-tunnel{*}' >/dev/null 2>&1
check "dave deletes his tunnel CHILD_SA: moon's SAs for it go" \
	mx_log_wait "$MX_LOG" "CHILD_SA dave-tunnel{[0-9]*} deleted"
sleep 1
check "moon: no tunnel SA of dave's left, his MH SAs stay" \
	eval '[ -z "$(esp_spis moon $DAVE_COA $HA)$(esp_spis moon $HA $DAVE_COA)" ] &&
	      one_pair moon $DAVE_HOA $HA'
check "mipxfrmctl down carol-tunnel" mx_ctl moon down carol-tunnel
check "carol's charon deletes her tunnel CHILD_SA" \
	ch_wait carol 'closing CHILD_SA carol-tunnel'
sleep 1
check "moon: no tunnel SA of carol's left, her MH SAs stay" \
	eval '[ -z "$(esp_spis moon $CAROL_COA $HA)$(esp_spis moon $HA $CAROL_COA)" ] &&
	      one_pair moon $CAROL_HOA $HA'

# A restart of mipxfrmd, and the mobiles back in the other order: carol
# first now, and still carol 1/2, dave 3/4.
kill "$MX_PID" && wait "$MX_PID"
check "mipxfrmd stops on SIGTERM with status 0" [ $? = 0 ]
MX_PID=
check "moon: no ESP SA left after the stop" [ -z "$(ch_esp_sas moon)" ]
check "both mobiles are told their IKE_SA is gone" \
	eval 'ch_wait carol "received DELETE for IKE_SA" && ch_wait dave "received DELETE for IKE_SA"'
mx_start_moon
check "mipxfrmd runs again" mx_running
for c in carol-mh carol-tunnel dave-mh dave-tunnel; do
	check "ipsec up $c" ch_up "${c%-*}" "$c"
done
check "after the restart: carol's SAs reqids 1 and 2" \
	eval 'reqid_is 1 moon $CAROL_HOA $HA && reqid_is 1 moon $HA $CAROL_HOA &&
	      reqid_is 2 moon $CAROL_COA $HA && reqid_is 2 moon $HA $CAROL_COA'
check "after the restart: dave's SAs reqids 3 and 4" \
	eval 'reqid_is 3 moon $DAVE_HOA $HA && reqid_is 3 moon $HA $DAVE_HOA &&
	      reqid_is 4 moon $DAVE_COA $HA && reqid_is 4 moon $HA $DAVE_COA'
check "moon: exactly 8 ESP SAs again" [ "$(ch_esp_sas moon | wc -l)" = 8 ]
check "both mobiles ping through their tunnels again" \
	eval 'ping_home carol && ping_home dave'

diag "mipxfrmd's log, last lines:"
tail -n 20 "$MX_LOG" | sed 's/^/#   /'
diag "run time in the guest: $((SECONDS - start)) s"
done_testing
