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
	local name=$1 root=$CH_DIR/$1-root hoa rmh rtun
	case $name in
	carol) hoa=$CAROL_HOA rmh=1 rtun=2 ;;
	dave) hoa=$DAVE_HOA rmh=3 rtun=4 ;;
	esac
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
	HomeAddress $hoa/64;
}
IPsecPolicySet {
	HomeAgentAddress $HA;
	HomeAddress $hoa/64;
	IPsecPolicy Mh UseESP $rmh;
	IPsecPolicy TunnelPayload UseESP $rtun;
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

# ctl NAME COMMAND ARGS...: mipxfrmctl COMMAND against NAME's daemon.
ctl() {
	local name=$1 cmd=$2
	shift 2
	ip netns exec "$name-$$" $CTL "$cmd" --socket "$CH_DIR/$name.ctl" "$@"
}

# mx_wait NAME REGEX [TIMEOUT]: NAME's mipxfrmd log has a line matching.
mx_wait() {
	local log=$CH_DIR/$1/mipxfrmd.log end=$((SECONDS + ${3:-$CH_TIMEOUT}))
	while [ $SECONDS -lt $end ]; do
		grep -q -- "$2" "$log" 2>/dev/null && return 0
		sleep 0.2
	done
	diag "no '$2' in $1's mipxfrmd log; its tail:"
	tail -n 15 "$log" | sed 's/^/#   /'
	return 1
}

# ch_wait_n NAME REGEX N: NAME's charon log has N lines matching REGEX.
ch_wait_n() {
	local end=$((SECONDS + CH_TIMEOUT))
	while [ $SECONDS -lt $end ]; do
		[ "$(grep -c -- "$2" "$(ch_log "$1")")" -ge "$3" ] && return 0
		sleep 0.2
	done
	diag "fewer than $3 '$2' in $1's log"
	return 1
}

# spis NS SRC DST: the SPIs of NS's ESP SAs SRC -> DST.
spis() { ch_esp_sas "$1" | awk -v s="$2" -v d="$3" '$1 == s && $2 == d { print $3 }' | sort; }

for mn in dave carol; do
	mn_start $mn
	check "$mn: mipxfrmd brings up the MH CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-mh{[0-9]*} established"
	check "$mn: and the tunnel CHILD_SA" \
		ch_wait moon "CHILD_SA $mn-tunnel{[0-9]*} established"
	check "$mn: mipxfrmd installed both" \
		mx_wait $mn "CHILD_SA $mn-tunnel{[0-9]*} established"
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

status=$(ctl carol status)
diag "carol's mipxfrmctl status:"
sed 's/^/#   /' <<<"$status"
check "carol: status shows both CHILD_SAs INSTALLED with reqids 1 and 2" \
	eval 'has "carol-mh{[0-9]*}: *INSTALLED, TRANSPORT_PROXY, reqid 1" "$status" &&
	      has "carol-tunnel{[0-9]*}: *INSTALLED, TUNNEL, reqid 2" "$status"'

# The seed's policies on moon (carol's tunnel part) and their mirror on
# carol: her HoA's traffic goes through the tunnel CHILD_SA.
n moon ip -batch - <<EOF
xfrm policy add src $CAROL_HOA/128 dst ::/0 dir in priority 10 tmpl src $CAROL_COA dst $HA proto esp reqid 2 mode tunnel
xfrm policy add src $CAROL_HOA/128 dst ::/0 dir fwd priority 10 tmpl src $CAROL_COA dst $HA proto esp reqid 2 mode tunnel
xfrm policy add src ::/0 dst $CAROL_HOA/128 dir out priority 10 tmpl src $HA dst $CAROL_COA proto esp reqid 2 mode tunnel
EOF
n carol ip -batch - <<EOF
xfrm policy add src $CAROL_HOA/128 dst ::/0 dir out priority 10 tmpl src $CAROL_COA dst $HA proto esp reqid 2 mode tunnel
xfrm policy add src ::/0 dst $CAROL_HOA/128 dir in priority 10 tmpl src $HA dst $CAROL_COA proto esp reqid 2 mode tunnel
EOF
ping_home() { n carol ping -6 -c 5 -i 0.2 -W 2 -I $CAROL_HOA $HA >/dev/null; }
check "carol's HoA pings the Home Agent through the tunnel" ping_home
check "moon counted ESP from carol's CoA" \
	eval 'n moon ip -s xfrm state list src $CAROL_COA dst $HA | grep -q "[1-9][0-9]*(packets)"'

# Rekey both CHILD_SAs from carol: new SPIs, same reqids.
old_tun=$(spis carol $CAROL_COA $HA)
old_mh=$(spis carol $CAROL_HOA $HA)
check "mipxfrmctl rekey carol-tunnel" ctl carol rekey carol-tunnel
check "mipxfrmctl rekey carol-mh" ctl carol rekey carol-mh
check "moon: carol's tunnel CHILD_SA rekeyed" \
	ch_wait_n moon "CHILD_SA carol-tunnel{[0-9]*} established" 2
check "moon: carol's MH CHILD_SA rekeyed" \
	ch_wait_n moon "CHILD_SA carol-mh{[0-9]*} established" 2
check "moon: both old CHILD_SAs deleted by carol after the rekeys" \
	ch_wait_n moon "received DELETE for ESP CHILD_SA with SPI" 2
sleep 2
new_tun=$(spis carol $CAROL_COA $HA)
new_mh=$(spis carol $CAROL_HOA $HA)
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
check "pings still pass after the rekey" ping_home

# down carol-tunnel: only that CHILD_SA goes.
check "mipxfrmctl down carol-tunnel" ctl carol down carol-tunnel
check "moon: carol's tunnel CHILD_SA deleted" \
	ch_wait moon "closing CHILD_SA carol-tunnel"
sleep 1
check "carol: no tunnel SA left, MH SAs stay" \
	eval '[ -z "$(spis carol $CAROL_COA $HA)$(spis carol $HA $CAROL_COA)" ] &&
	      reqid_is 1 carol $CAROL_HOA $HA'
check "moon: no tunnel SA of carol's left" \
	eval '[ -z "$(spis moon $CAROL_COA $HA)$(spis moon $HA $CAROL_COA)" ]'

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
