# The seed's Home Agent state (../shared/seed: "IPsec state in the Linux
# kernel"), built with ip xfrm in the namespace moon-$$. Sourced after
# lib.sh.

HA=2001:1::1
HOA=2001:1::10
COA=2001::41a:a8ff:fe6f:c67
NEW=2001::50
DAVE_HOA=2001:1::20
DAVE_COA=2001::20:1
# carol's tunnel SAs: in (CoA -> HA) and out (HA -> CoA).
SPI_IN=0xc190d5ba
SPI_OUT=0xce4db893
need sysctl	# seed_network turns forwarding on
AUTH="hmac(sha1)"
ENC="cbc(aes)"
K_MH_IN=0x419c41d8807fb521e947988cef4a6181d810b611
E_MH_IN=0xed90ae3f4f12a697f40cce1893b54e20
K_MH_OUT=0xea26afc566143c25959a060c90be3053c50ddcff
E_MH_OUT=0x0bd5bd34d5523c0929f2efd7a7c93359
K_TUN_IN=0x672c1ea4359956c6a3b869b388b424b7058eee02
E_TUN_IN=0xaaf5be1d604e64028d4e0a41f0d92b56
K_TUN_OUT=0xdf1eeff5b86dfbd183c7a932c8250fc57d9632af
E_TUN_OUT=0x4d138f1363c1810f8c9cb2fcb1ee8bdf

# One mobile's state on moon, as the seed lists it: mobile HOA at COA_, MH
# reqid, tunnel reqid, then SPIs and keys (mh in/out, tunnel in/out).
ha_state() {
	local hoa=$1 coa=$2 rmh=$3 rtun=$4
	n moon ip -batch - <<EOF
xfrm state add src $hoa dst $HA proto esp spi $5 reqid $rmh mode transport replay-window 32 auth $AUTH $9 enc $ENC ${10} sel src ::/0 dst ::/0
xfrm state add src $HA dst $hoa proto esp spi $6 reqid $rmh mode transport replay-window 32 auth $AUTH ${11} enc $ENC ${12} sel src ::/0 dst ::/0
xfrm state add src $HA dst $hoa proto route2 mode ro coa $coa sel src $HA/128 dst $hoa/128
xfrm state add src $hoa dst $HA proto hao mode ro coa $coa sel src $hoa/128 dst $HA/128
xfrm state add src $coa dst $HA proto esp spi $7 reqid $rtun mode tunnel replay-window 32 flag af-unspec auth $AUTH ${13} enc $ENC ${14}
xfrm state add src $HA dst $coa proto esp spi $8 reqid $rtun mode tunnel replay-window 32 flag af-unspec auth $AUTH ${15} enc $ENC ${16}
xfrm policy add src $hoa/128 dst $HA/128 proto 135 dir in priority 2 tmpl proto esp reqid $rmh mode transport
xfrm policy add src $HA/128 dst $hoa/128 proto 135 dir out priority 2 tmpl proto esp reqid $rmh mode transport
xfrm policy add src $hoa/128 dst ::/0 dir in priority 10 tmpl src $coa dst $HA proto esp reqid $rtun mode tunnel
xfrm policy add src $hoa/128 dst ::/0 dir fwd priority 10 tmpl src $coa dst $HA proto esp reqid $rtun mode tunnel
xfrm policy add src ::/0 dst $hoa/128 dir out priority 10 tmpl src $HA dst $coa proto esp reqid $rtun mode tunnel
EOF
}

# The seed's moon: the global wildrecv hao state, carol (reqids 1 and 2,
# the seed's SPIs and keys) and dave (reqids 3 and 4).
seed_moon_state() {
	n moon ip xfrm state add src :: dst :: proto hao mode ro coa :: flag wildrecv sel src ::/0 dst ::/0
	ha_state $HOA $COA 1 2 0xca64ae98 0xc5959ac2 $SPI_IN $SPI_OUT \
		$K_MH_IN $E_MH_IN $K_MH_OUT $E_MH_OUT $K_TUN_IN $E_TUN_IN $K_TUN_OUT $E_TUN_OUT
	ha_state $DAVE_HOA $DAVE_COA 3 4 0x1000 0x1001 0x1002 0x1003 \
		$K_MH_IN $E_MH_IN $K_MH_OUT $E_MH_OUT $K_TUN_IN $E_TUN_IN $K_TUN_OUT $E_TUN_OUT
}

# The seed's network (drawing in binding_rebind.sh): namespaces moon, carol
# and corr, moon holding seed_moon_state, carol the other end of her
# tunnel at $COA with her HoA on lo. Traffic from corr to $HOA crosses
# moon's outbound tunnel SA, carol's answers its inbound one.
seed_network() {
	local l
	new_ns moon
	new_ns carol
	new_ns corr
	ip link add moon-c netns moon-$$ type veth peer name carol netns carol-$$
	ip link add moon-x netns moon-$$ type veth peer name corr netns corr-$$
	n moon ip link add home type dummy
	n moon sysctl -qw net.ipv6.conf.all.forwarding=1
	n moon ip addr add $HA/64 dev home nodad
	n moon ip addr add 2001::1/64 dev moon-c nodad
	n moon ip addr add 2001:2::1/64 dev moon-x nodad
	n carol ip addr add $COA/64 dev carol nodad
	n carol ip addr add $HOA/128 dev lo
	n corr ip addr add 2001:2::100/64 dev corr nodad
	for l in "moon home" "moon moon-c" "moon moon-x" "carol carol" "corr corr"; do
		set -- $l
		n "$1" ip link set "$2" up
	done
	n carol ip route add default via 2001::1
	n corr ip route add default via 2001:2::1

	seed_moon_state

	# carol's end of the tunnel: the same SAs, the mirror policies.
	n carol ip -batch - <<-EOF
	xfrm state add src $COA dst $HA proto esp spi $SPI_IN reqid 2 mode tunnel replay-window 32 flag af-unspec auth $AUTH $K_TUN_IN enc $ENC $E_TUN_IN
	xfrm state add src $HA dst $COA proto esp spi $SPI_OUT reqid 2 mode tunnel replay-window 32 flag af-unspec auth $AUTH $K_TUN_OUT enc $ENC $E_TUN_OUT
	xfrm policy add src $HOA/128 dst ::/0 dir out priority 10 tmpl src $COA dst $HA proto esp reqid 2 mode tunnel
	xfrm policy add src ::/0 dst $HOA/128 dir in priority 10 tmpl src $HA dst $COA proto esp reqid 2 mode tunnel
	EOF
}

# carol_at_new_coa: carol brings up the new CoA and the end of moon's
# outbound tunnel SA there before moon moves her (make before break).
carol_at_new_coa() {
	n carol ip addr add $NEW/64 dev carol nodad
	n carol ip xfrm state add src $HA dst $NEW proto esp spi $SPI_OUT reqid 2 mode tunnel replay-window 32 flag af-unspec auth $AUTH $K_TUN_OUT enc $ENC $E_TUN_OUT
}
