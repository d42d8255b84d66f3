#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_interop_initiator: mipxfrmd as the mobiles dave and carol initiates
# to strongSwan 5.9.8's charon as moon (issue 4). moon runs the seed's
# ipsec.conf with reqid= added to each conn (charon needs it: without, it
# counts in connection order, see charon_reqid_order.sh); each mobile's
# mipxfrmd runs a mobile's ipsec.conf (auto=start, the MH child and the
# tunnel child, reqids pinned as mip6d.conf numbers them) and a mobile's
# mip6d.conf. dave starts first, then carol. Checks, from outside:
#  - both CHILD_SAs of each mobile come up (charon's log on moon, and
#    mipxfrmctl status on the mobile); moon's SAs carry carol 1/2 and
#    dave 3/4, and so do each mobile's own SAs;
#  - with the seed's policies on moon and their mirror on carol, pings
#    from carol's HoA to the Home Agent pass through the ESP tunnel;
#  - mipxfrmctl rekey on carol rekeys both CHILD_SAs: new SPIs, the same
#    reqids, the old SAs deleted on both ends, pings still answered;
#  - moon (charon) rekeys carol's tunnel CHILD_SA, and her IKE SA is
#    rekeyed by both sides: her mipxfrmd answers, reqids and ESP SAs stay;
#  - mipxfrmctl down carol-tunnel deletes that CHILD_SA on both ends,
#    the MH CHILD_SA stays;
#  - stopping carol's mipxfrmd deletes its IKE SA on moon and leaves no
#    SA of carol's in either kernel;
#  - dave's mipxfrmd runs with installpolicy=yes: it installs his tunnel
#    (out, in, fwd) and MH (out, in) policies with reqids 4 and 3, his
#    pings pass through them, and his stop removes them with his SAs;
#  - both daemons restarted, carol first this time: same reqids again.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh
ch_begin

# moon: charon on the seed's configuration, reqid= pinned per conn.
ch_moon_charon
diag "moon's charon up after $((SECONDS - start)) s"

# dave's mipxfrmd installs his policies itself (installpolicy=yes),
# carol's leaves them to the test, as the seed's configuration does.
declare -A POLICY=([dave]=yes [carol]=no)
for mn in dave carol; do
	mn_start $mn "$(mn_root $mn installpolicy=${POLICY[$mn]})"
	check "$mn: mipxfrmd brings up the MH CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-mh{[0-9]*} established"
	check "$mn: and the tunnel CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-tunnel{[0-9]*} established"
	check "$mn: mipxfrmd installed both" \
		mx_log_wait "$(mn_log $mn)" "CHILD_SA $mn-tunnel{[0-9]*} established"
done

check "moon: carol's MH SAs reqid 1" reqid_is 1 moon $CAROL_HOA $HA
check "moon: carol's tunnel SAs reqid 2" reqid_is 2 moon $CAROL_COA $HA
check "moon: dave's MH SAs reqid 3" reqid_is 3 moon $DAVE_HOA $HA
check "moon: dave's tunnel SAs reqid 4" reqid_is 4 moon $DAVE_COA $HA
check "carol: her MH SAs reqid 1 both ways" \
	eval 'reqid_is 1 carol $CAROL_HOA $HA && reqid_is 1 carol $HA $CAROL_HOA'
check "carol: her tunnel SAs reqid 2 both ways" \
	eval 'reqid_is 2 carol $CAROL_COA $HA && reqid_is 2 carol $HA $CAROL_COA'
check "dave: his MH SAs reqid 3 both ways" \
	eval 'reqid_is 3 dave $DAVE_HOA $HA && reqid_is 3 dave $HA $DAVE_HOA'
check "dave: his tunnel SAs reqid 4 both ways" \
	eval 'reqid_is 4 dave $DAVE_COA $HA && reqid_is 4 dave $HA $DAVE_COA'

# pol_lines NS: NS's policies, one a line.
pol_lines() {
	ip -n "$1-$$" xfrm policy list |
		awk '/^src / { if (l) print l; l = $0; next } { l = l " " $0 }
		     END { if (l) print l }' | tr -s ' \t' ' '
}
# ip names protocol 135 from /etc/protocols, which only netbase installs.
MH_NAME='\(mobility-header\|135\)'
# pol_has NS DIR REGEX: NS has a DIR policy whose line matches REGEX.
pol_has() { pol_lines "$1" | grep "dir $2 " | grep -q -- "$3"; }
pol_lines dave | sed 's/^/# dave policy: /'
check "dave: his mipxfrmd installed his tunnel policies (out, in, fwd)" \
	eval 'pol_has dave out "src $DAVE_HOA/128 dst ::/0 .*tmpl src $DAVE_COA dst $HA proto esp reqid 4 mode tunnel" &&
	      pol_has dave in "src ::/0 dst $DAVE_HOA/128 .*tmpl src $HA dst $DAVE_COA proto esp reqid 4 mode tunnel" &&
	      pol_has dave fwd "src ::/0 dst $DAVE_HOA/128 .*reqid 4 mode tunnel"'
check "dave: and his MH policies (out, in), transport, reqid 3" \
	eval 'pol_has dave out "src $DAVE_HOA/128 dst $HA/128 proto $MH_NAME .*reqid 3 mode transport" &&
	      pol_has dave in "src $HA/128 dst $DAVE_HOA/128 proto $MH_NAME .*reqid 3 mode transport"'
check "carol: no policy (installpolicy=no)" [ -z "$(ip -n carol-$$ xfrm policy list)" ]
tunnel_policies dave moon
check "dave's HoA pings the Home Agent through his own policies" ping_home dave

status=$(mx_ctl carol status)
diag "carol's mipxfrmctl status:"
sed 's/^/#   /' <<<"$status"
check "carol: status shows both CHILD_SAs INSTALLED with reqids 1 and 2" \
	eval 'has "carol-mh{[0-9]*}: *INSTALLED, TRANSPORT_PROXY, reqid 1" "$status" &&
	      has "carol-tunnel{[0-9]*}: *INSTALLED, TUNNEL, reqid 2" "$status"'

tunnel_policies carol
check "carol's HoA pings the Home Agent through the tunnel" ping_home carol
check "moon counted ESP from carol's CoA" esp_counted moon $CAROL_COA $HA

# Rekey both CHILD_SAs from carol: new SPIs, same reqids.
old_tun=$(esp_spis carol $CAROL_COA $HA)
old_mh=$(esp_spis carol $CAROL_HOA $HA)
check "mipxfrmctl rekey carol-tunnel" mx_ctl carol rekey carol-tunnel
check "mipxfrmctl rekey carol-mh" mx_ctl carol rekey carol-mh
check "moon: carol's tunnel CHILD_SA rekeyed" \
	ch_wait_n moon "CHILD_SA carol-tunnel{[0-9]*} established" 2
check "moon: carol's MH CHILD_SA rekeyed" \
	ch_wait_n moon "CHILD_SA carol-mh{[0-9]*} established" 2
check "moon: both old CHILD_SAs deleted by carol after the rekeys" \
	ch_wait_n moon "received DELETE for ESP CHILD_SA with SPI" 2
sleep 2
new_tun=$(esp_spis carol $CAROL_COA $HA)
new_mh=$(esp_spis carol $CAROL_HOA $HA)
check "carol: one tunnel SA out, with a new SPI" \
	eval '[ -n "$new_tun" ] && [ "$(wc -l <<<"$new_tun")" = 1 ] && [ "$new_tun" != "$old_tun" ]'
check "carol: one MH SA out, with a new SPI" \
	eval '[ -n "$new_mh" ] && [ "$(wc -l <<<"$new_mh")" = 1 ] && [ "$new_mh" != "$old_mh" ]'
check "carol: reqids unchanged after the rekey" \
	eval 'reqid_is 1 carol $CAROL_HOA $HA && reqid_is 2 carol $CAROL_COA $HA &&
	      reqid_is 1 carol $HA $CAROL_HOA && reqid_is 2 carol $HA $CAROL_COA'
carol_sas_on_moon() { [ "$(ch_esp_sas moon | grep -c -e "$CAROL_HOA" -e "$CAROL_COA")" = "$1" ]; }
check "moon: one SA each way for each of carol's CHILD_SAs" eventually 10 carol_sas_on_moon 4
check "moon: reqids unchanged" \
	eval 'reqid_is 1 moon $CAROL_HOA $HA && reqid_is 2 moon $CAROL_COA $HA'
check "pings still pass after the rekey" ping_home carol

# Rekeys asked by moon (charon) of carol's tunnel CHILD_SA, and of her
# IKE SA by both sides: her mipxfrmd answers and keeps the reqids.
old_tun=$(esp_spis carol $CAROL_COA $HA)
in_ns moon ipsec stroke rekey 'carol-tunnel{*}' >/dev/null
check "moon's charon rekeys carol-tunnel, carol's mipxfrmd answers" \
	mx_log_wait "$(mn_log carol)" "CHILD_SA carol-tunnel{[0-9]*} rekeyed by the peer, reqid 2 kept"
check "carol: the old tunnel SAs go with moon's Delete" \
	eventually 15 eval '[ "$(esp_spis carol $CAROL_COA $HA | wc -l)" = 1 ] &&
			    [ "$(esp_spis carol $CAROL_COA $HA)" != "$old_tun" ]'
check "carol: her tunnel SAs still have reqid 2" \
	eval 'reqid_is 2 carol $CAROL_COA $HA && reqid_is 2 carol $HA $CAROL_COA'
sas_before=$(ch_esp_sas carol | sort)
check "mipxfrmctl rekey-ike carol-mh" mx_ctl carol rekey-ike carol-mh
check "moon's charon takes carol's IKE_SA rekey" \
	ch_wait moon 'IKE_SA carol-mh\[[0-9]*\] rekeyed\|rekeyed IKE_SA\|IKE_SA .* rekeying .* completed'
in_ns moon ipsec stroke rekey 'carol-mh[*]' >/dev/null
check "moon's charon rekeys carol's IKE_SA, her mipxfrmd answers" \
	mx_log_wait "$(mn_log carol)" "the peer rekeys it"
sleep 1
check "carol: the IKE_SA rekeys leave her ESP SAs as they were" \
	same "$sas_before" "$(ch_esp_sas carol | sort)"
check "mipxfrmctl rekey carol-mh on the twice rekeyed IKE_SA" \
	mx_ctl carol rekey carol-mh
check "moon takes it" \
	ch_wait_n moon 'CHILD_SA carol-mh{[0-9]*} established' 3
check "pings still pass after the IKE_SA rekeys" ping_home carol

# down carol-tunnel: only that CHILD_SA goes.
check "mipxfrmctl down carol-tunnel" mx_ctl carol down carol-tunnel
check "moon: carol's tunnel CHILD_SA deleted" \
	ch_wait moon "closing CHILD_SA carol-tunnel"
sleep 1
check "carol: no tunnel SA left, MH SAs stay" \
	eval '[ -z "$(esp_spis carol $CAROL_COA $HA)$(esp_spis carol $HA $CAROL_COA)" ] &&
	      reqid_is 1 carol $CAROL_HOA $HA'
check "moon: no tunnel SA of carol's left" \
	eval '[ -z "$(esp_spis moon $CAROL_COA $HA)$(esp_spis moon $HA $CAROL_COA)" ]'

# Stopping carol's daemon tells moon and cleans carol's kernel.
check "carol's mipxfrmd stops cleanly" mn_stop carol
check "moon: carol's IKE_SA deleted" \
	ch_wait moon "received DELETE for IKE_SA carol-mh"
check "carol: no ESP SA left" [ -z "$(ch_esp_sas carol)" ]
check "dave's SAs untouched on moon" \
	eval 'reqid_is 3 moon $DAVE_HOA $HA && reqid_is 4 moon $DAVE_COA $HA'
check "dave's mipxfrmd still runs" kill -0 "${MN_PID[dave]}"
check "dave's policies are all there still" \
	[ "$(pol_lines dave | grep -c "^src")" = 5 ]
check "dave's mipxfrmd stops cleanly" mn_stop dave
check "dave: no ESP SA and no policy left" \
	eval '[ -z "$(ch_esp_sas dave)$(ip -n dave-$$ xfrm policy list)" ]'
check "moon: dave's IKE_SA deleted, his SAs gone" \
	eval 'ch_wait moon "received DELETE for IKE_SA dave-mh" &&
	      [ -z "$(esp_spis moon $DAVE_COA $HA)$(esp_spis moon $DAVE_HOA $HA)" ]'

# Restarted, the mobiles come back in the other order, carol first: the
# same reqids on both ends.
mn_start carol "$CH_DIR/carol-root"
check "carol's restarted mipxfrmd brings her CHILD_SAs up again" \
	mx_log_wait "$(mn_log carol)" "CHILD_SA carol-tunnel{[0-9]*} established"
mn_start dave "$CH_DIR/dave-root"
check "then dave's" \
	mx_log_wait "$(mn_log dave)" "CHILD_SA dave-tunnel{[0-9]*} established"
# both_ways REQID NS A B: NS's ESP SAs A -> B and B -> A have REQID.
both_ways() { reqid_is "$1" "$2" "$3" "$4" && reqid_is "$1" "$2" "$4" "$3"; }
check "after the restart: carol's SAs reqids 1 and 2, on both ends" \
	eval 'both_ways 1 moon $CAROL_HOA $HA && both_ways 1 carol $CAROL_HOA $HA &&
	      both_ways 2 moon $CAROL_COA $HA && both_ways 2 carol $CAROL_COA $HA'
check "after the restart: dave's SAs reqids 3 and 4, on both ends" \
	eval 'both_ways 3 moon $DAVE_HOA $HA && both_ways 3 dave $DAVE_HOA $HA &&
	      both_ways 4 moon $DAVE_COA $HA && both_ways 4 dave $DAVE_COA $HA'

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
