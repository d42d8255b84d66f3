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
#  - mipxfrmctl down carol-tunnel deletes that CHILD_SA on both ends,
#    the MH CHILD_SA stays;
#  - stopping carol's mipxfrmd deletes its IKE SA on moon and leaves no
#    SA of carol's in either kernel.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh
CTL=../helper/mipxfrmctl

declare -A MN_PID
stop_all() {
	local p
	for p in "${MN_PID[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	ch_cleanup
}
trap stop_all EXIT
start=$SECONDS
modprobe mipxfrm || exit 1

ch_topology
ch_pki

# moon: charon on the seed's configuration, reqid= pinned per conn.
ch_etc moon
ch_moon_seed_conf
etc=$(ch_etcdir moon)
for c in "carol-mh 1" "carol-tunnel 2" "dave-mh 3" "dave-tunnel 4"; do
	set -- $c
	sed -i "/^conn $1\$/a\\	reqid=$2" "$etc/ipsec.conf.d/${1%-*}.ipsec.conf"
done
ch_start moon
diag "moon's charon up after $((SECONDS - start)) s"

# mn_root NAME: NAME's tree for mipxfrmd --root: the mobile's ipsec.conf
# (ch_mn_conf, auto=start), its key, the PKI, and a mobile's mip6d.conf.
mn_root() {
	local name=$1 root=$CH_DIR/$1-root
	mn_addrs "$name"
	ch_etc "$name"
	ch_mn_conf "$name" start
	mkdir -p "$root/etc" "$root/var/lib/mipxfrm"
	cp -r "$(ch_etcdir "$name")"/{ipsec.conf,ipsec.secrets,ipsec.d} "$root/etc/"
	cat >"$root/etc/mip6d.conf" <<EOF
NodeConfig MN;
UseMnHaIPsec enabled;
KeyMngMobCapability disabled;
MnHomeLink "eth0" {
	HomeAgentAddress $HA;
	HomeAddress $HOA/64;
}
IPsecPolicySet {
	HomeAgentAddress $HA;
	HomeAddress $HOA/64;
	IPsecPolicy Mh UseESP $RMH;
	IPsecPolicy TunnelPayload UseESP $RTUN;
}
EOF
	echo "$root"
}

# mn_start NAME: NAME's mipxfrmd in NAME's namespace, control socket
# $CH_DIR/NAME.ctl, log $CH_DIR/NAME/mipxfrmd.log.
mn_start() {
	local name=$1 root
	root=$(mn_root "$name")
	ip netns exec "$name-$$" ../helper/mipxfrmd -f -d --root "$root" \
		--ctl-socket "$CH_DIR/$name.ctl" >"$CH_DIR/$name/mipxfrmd.log" 2>&1 &
	MN_PID[$name]=$!
}

for mn in dave carol; do
	mn_start $mn
	check "$mn: mipxfrmd brings up the MH CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-mh{[0-9]*} established"
	check "$mn: and the tunnel CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-tunnel{[0-9]*} established"
	check "$mn: mipxfrmd installed both" \
		mx_log_wait "$CH_DIR/$mn/mipxfrmd.log" "CHILD_SA $mn-tunnel{[0-9]*} established"
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
check "moon: reqids unchanged, two SAs each way" \
	eval 'reqid_is 1 moon $CAROL_HOA $HA && reqid_is 2 moon $CAROL_COA $HA &&
	      [ "$(ch_esp_sas moon | grep -c -e "$CAROL_HOA" -e "$CAROL_COA")" = 4 ]'
check "pings still pass after the rekey" ping_home carol

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
kill "${MN_PID[carol]}" && wait "${MN_PID[carol]}"
check "carol's mipxfrmd stops cleanly" [ $? = 0 ]
unset 'MN_PID[carol]'
check "moon: carol's IKE_SA deleted" \
	ch_wait moon "received DELETE for IKE_SA carol-mh"
check "carol: no ESP SA left" [ -z "$(ch_esp_sas carol)" ]
check "dave's SAs untouched on moon" \
	eval 'reqid_is 3 moon $DAVE_HOA $HA && reqid_is 4 moon $DAVE_COA $HA'
check "dave's mipxfrmd still runs" kill -0 "${MN_PID[dave]}"

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
