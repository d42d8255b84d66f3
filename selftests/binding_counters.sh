#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binding_counters: a moved tunnel SA keeps counting the traffic that was
# really sent - its lifetime counters (`ip -s xfrm state`: "lifetime
# current") neither double nor restart at a move, so packet and byte
# limits expire the SA when the traffic says so, not a few moves early.
#
#   corr 2001:2::100 --- moon (HA 2001:1::1) --- carol, HoA 2001:1::10
#                         tunnel SAs limited:     CoA 2001::41a:a8ff:fe6f:c67
#                         soft 50, hard 60 pkts   and 2001::50, moving
#                                                 between them
#
# Rounds of 10 pings from corr to carol's HoA through the ESP tunnel,
# with a move of carol's binding between rounds (old -> new -> old ->
# new) and a refresh; after each, moon's outbound tunnel SA has counted
# exactly the echo requests sent so far and the inbound one the replies,
# and /proc/net/xfrm_stat shows no error anywhere. The 42 packets sent
# stay under the soft limit: a doubled count would expire the SAs and
# end the tunnel.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./seed.sh
need ping
CTL=../helper/mipxfrmctl

trap cleanup_ns EXIT
modprobe mipxfrm || exit 1
seed_network

# moon's tunnel SAs as the seed has them, plus packet limits.
check "packet limits on moon's tunnel SAs" n moon ip -batch - <<EOF
xfrm state update src $COA dst $HA proto esp spi $SPI_IN reqid 2 mode tunnel replay-window 32 flag af-unspec auth $AUTH $K_TUN_IN enc $ENC $E_TUN_IN limit packet-soft 50 limit packet-hard 60
xfrm state update src $HA dst $COA proto esp spi $SPI_OUT reqid 2 mode tunnel replay-window 32 flag af-unspec auth $AUTH $K_TUN_OUT enc $ENC $E_TUN_OUT limit packet-soft 50 limit packet-hard 60
EOF

# carol answers at both CoAs: an inbound SA at each, and her in policy's
# template follows moon's moves (carol_at CoA). She keeps sending from
# her first CoA, which moon's inbound SA takes whatever its source.
carol_at_new_coa
carol_at() {
	n carol ip xfrm policy update src ::/0 dst $HOA/128 dir in priority 10 \
		tmpl src $HA dst "$1" proto esp reqid 2 mode tunnel
}

# sa_lifetime DST SPI: moon's SA's "BYTES PACKETS" from ip -s xfrm state.
sa_lifetime() {
	n moon ip -s xfrm state get dst "$1" proto esp spi "$2" 2>/dev/null |
		awk '/lifetime current:/ { getline
			gsub(/\(bytes\),|\(packets\)/, ""); print $1, $2 }'
}

# xfrm_stat NS: /proc/net/xfrm_stat of the namespace, "NAME VALUE" lines.
xfrm_stat() { n "$1" cat /proc/net/xfrm_stat; }

# stat_deltas BEFORE AFTER: "NAME +N" for each counter that moved.
stat_deltas() {
	join <(sort <<<"$1") <(sort <<<"$2") |
		awk '$3 != $2 { printf "%s +%d\n", $1, $3 - $2 }'
}

# round NAME: 10 pings corr -> HoA; adds to $sent and $answered.
sent=0
answered=0
round() {
	local out tx rx
	out=$(n corr ping -6 -c 10 -i 0.05 -W 5 $HOA 2>&1)
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' <<<"$out")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
	sent=$((sent + ${tx:-0}))
	answered=$((answered + ${rx:-0}))
	check "$1: 10 of 10 pings answered through the tunnel" same "${rx:-0}" 10
}

# counted NAME DST: moon's tunnel SAs (out at DST) count what was sent.
counted() {
	local out_bytes out_pkts in_bytes in_pkts
	local want_out=$((base_out + sent)) want_in=$((base_in + answered))

	read -r out_bytes out_pkts <<<"$(sa_lifetime "$2" $SPI_OUT)"
	read -r in_bytes in_pkts <<<"$(sa_lifetime $HA $SPI_IN)"
	diag "$1: out SA ${out_pkts:-gone} packets ${out_bytes:-} bytes, in SA ${in_pkts:-gone} packets ${in_bytes:-} bytes; sent $want_out, answered $want_in"
	check "$1: outbound SA counted the $want_out echo requests" \
		same "${out_pkts:-}" $want_out
	check "$1: inbound SA counted the $want_in replies" \
		same "${in_pkts:-}" $want_in
	check "$1: bytes = packets x packet size, both ways" \
		same "${out_bytes:-}/${in_bytes:-}" \
		"$((out_size * want_out))/$((in_size * want_in))"
}

check "ping corr -> HoA before any binding" \
	quietly n corr ping -6 -c 2 -W 5 $HOA
read -r b p <<<"$(sa_lifetime $COA $SPI_OUT)"
base_out=${p:-0}
out_size=$((${b:-0} / (${p:-0} ? ${p:-0} : 1)))
read -r b p <<<"$(sa_lifetime $HA $SPI_IN)"
base_in=${p:-0}
in_size=$((${b:-0} / (${p:-0} ? ${p:-0} : 1)))
diag "before the binding: out SA $base_out packets of $out_size bytes, in SA $base_in of $in_size"
check "the pings before the binding were counted" \
	same "$base_out/$base_in" 2/2
check "ip -s xfrm state shows the limits" \
	has "soft 50(packets), hard 60(packets)" \
	"$(n moon ip -s xfrm state get dst $COA proto esp spi $SPI_OUT)"
moon_stat=$(xfrm_stat moon)
carol_stat=$(xfrm_stat carol)

n moon $CTL binding add $HOA ha $HA reqid-mh 1 reqid-tunnel 2 coa $COA
check "first registration" \
	n moon $CTL binding update $HOA coa $COA seq 1 lifetime 3600
round "registered"
counted "registered" $COA

seq=1
for coa in $NEW $COA $NEW; do
	seq=$((seq + 1))
	carol_at $coa
	check "move $((seq - 1)) to $coa" \
		n moon $CTL binding update $HOA coa $coa seq $seq lifetime 3600
	round "after move $((seq - 1))"
	counted "after move $((seq - 1))" $coa
done
check "refresh at $NEW" \
	n moon $CTL binding update $HOA coa $NEW seq $((seq + 1)) lifetime 3600
counted "after a refresh" $NEW
check "five updates, none rolled back" \
	has "updates 5 rollbacks 0" "$(n moon $CTL binding show $HOA)"

deltas=$(stat_deltas "$moon_stat" "$(xfrm_stat moon)")
check "moon: no /proc/net/xfrm_stat counter moved (no expiry, no drop)" \
	same "$deltas" ""
diag "${deltas:-moon: xfrm_stat unchanged}"
deltas=$(stat_deltas "$carol_stat" "$(xfrm_stat carol)")
check "carol: no /proc/net/xfrm_stat counter moved" same "$deltas" ""
diag "${deltas:-carol: xfrm_stat unchanged}"
done_testing
