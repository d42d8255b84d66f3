#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_ipv4: IKEv2 over IPv4 (UDP 500), mipxfrmd against strongSwan
# 5.9.8's charon in both roles ("IKEv2 over UDP 500 on IPv6 and IPv4").
#
#   carol                                 moon
#   eth0 192.168.0.100/24 ---- bridge "lan" 192.168.0.1/24
#   lo   10.1.0.10/32 (inner)             dummy "home" 10.2.0.1/24
#
# (on ch_topology's namespaces; the IPv6 addresses stay, unused). One
# conn, carol-v4: 10.1.0.10/32 === 10.2.0.0/24 in tunnel mode between
# 192.168.0.100 and 192.168.0.1, reqid 7 at both ends, the seed's
# proposals, installpolicy=no; the policies are the test's.
#  (a) charon as moon (auto=add), mipxfrmd as carol (auto=start);
#  (b) mipxfrmd as moon (the seed's tree plus carol-v4), charon as carol
#      (auto=start).
# Checks, each time: the CHILD_SA is established (charon's log, and
# mipxfrmctl status on mipxfrmd's side: INSTALLED, TUNNEL, reqid 7);
# each kernel has one ESP tunnel SA each way between 192.168.0.100 and
# 192.168.0.1, reqid 7; carol's 10.1.0.10 pings 10.2.0.1 through them
# and moon's SA from carol counts packets; a delete from one side
# leaves no SA (larval ones included) in either kernel:
#  (a) mipxfrmctl down on carol (mipxfrmd), charon told;
#  (b) ipsec down on carol (charon), mipxfrmd told.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

ch_begin

MOON4=192.168.0.1
CAROL4=192.168.0.100
INNER=10.1.0.10
HOMENET=10.2.0.0/24
HOME4=10.2.0.1

n moon ip addr add $MOON4/24 dev lan
n moon ip addr add $HOME4/24 dev home
n moon ip route add $INNER/32 via $CAROL4
n carol ip addr add $CAROL4/24 dev eth0
n carol ip addr add $INNER/32 dev lo
n carol ip route add $HOMENET via $MOON4
# With installpolicy=no at both ends, the tunnel's policies are ours,
# as a Home Agent's are; they stay through (a) and (b) (reqid 7 both
# times).
n moon ip -batch - <<EOT
xfrm policy add src $INNER/32 dst $HOMENET dir in tmpl src $CAROL4 dst $MOON4 proto esp reqid 7 mode tunnel
xfrm policy add src $INNER/32 dst $HOMENET dir fwd tmpl src $CAROL4 dst $MOON4 proto esp reqid 7 mode tunnel
xfrm policy add src $HOMENET dst $INNER/32 dir out tmpl src $MOON4 dst $CAROL4 proto esp reqid 7 mode tunnel
EOT
n carol ip -batch - <<EOT
xfrm policy add src $INNER/32 dst $HOMENET dir out tmpl src $CAROL4 dst $MOON4 proto esp reqid 7 mode tunnel
xfrm policy add src $HOMENET dst $INNER/32 dir in tmpl src $MOON4 dst $CAROL4 proto esp reqid 7 mode tunnel
EOT

# v4_conn SIDE AUTO: the ipsec.conf (both implementations read it) of
# SIDE (moon or carol) for carol-v4.
v4_conn() {
	local l r
	if [ "$1" = moon ]; then
		l="left=$MOON4
	leftcert=moonCert.pem
	leftid=@moon.strongswan.org
	leftsubnet=$HOMENET
	right=%any
	rightid=carol@strongswan.org
	rightsubnet=$INNER/32"
	else
		l="left=$CAROL4
	leftcert=carolCert.pem
	leftid=carol@strongswan.org
	leftsubnet=$INNER/32
	right=$MOON4
	rightid=@moon.strongswan.org
	rightsubnet=$HOMENET"
	fi
	cat <<EOF
config setup

conn carol-v4
	keyexchange=ikev2
	reauth=no
	mobike=no
	installpolicy=no
	ike=aes128-sha1-modp2048!
	esp=aes128-sha1-modp2048!
	$l
	reqid=7
	auto=$2
EOF
}

# tunnel_sas NS: NS has exactly one ESP SA each way between carol's and
# moon's IPv4 addresses, both in tunnel mode with reqid 7.
tunnel_sas() {
	local sas
	sas=$(ch_esp_sas "$1" | awk '{ print $1, $2, $4, $5 }' | sort)
	same "$sas" "$(printf '%s\n' "$CAROL4 $MOON4 7 tunnel" "$MOON4 $CAROL4 7 tunnel" | sort)" || {
		diag "$1's ESP SAs (src dst reqid mode): ${sas//$'\n'/; }"
		return 1
	}
}

# no_sas NS: NS's kernel holds no SA at all (larval ones included).
no_sas() {
	local s
	s=$(ip -n "$1-$$" xfrm state list)
	[ -z "$s" ] || { diag "$1 still has: $(head -n 3 <<<"$s")"; return 1; }
}

ping_v4() { n carol ping -c 5 -i 0.2 -W 2 -I $INNER $HOME4 >/dev/null; }

# (a) charon as moon, mipxfrmd as carol, initiating.
ch_etc moon
v4_conn moon add >"$(ch_etcdir moon)/ipsec.conf"
echo ': RSA moonKey.pem' >"$(ch_etcdir moon)/ipsec.secrets"
ch_start moon
diag "moon's charon up after $((SECONDS - start)) s"

root=$CH_DIR/carol-root
mkdir -p "$root/etc" "$root/var/lib/mipxfrm"
cp -r "$CH_DIR/pki/ipsec.d" "$root/etc/"
v4_conn carol start >"$root/etc/ipsec.conf"
echo ': RSA carolKey.pem' >"$root/etc/ipsec.secrets"
chmod 600 "$root/etc/ipsec.secrets"
# A mobile's daemon reads a mip6d.conf too; a bare MN one is enough.
echo 'NodeConfig MN;' >"$root/etc/mip6d.conf"
checked=$($MIPXFRMD --check --root "$root" 2>&1)
check "(a) mipxfrmd --check: carol-v4 over IPv4, TUNNEL, reqid 7" \
	eval 'has "$CAROL4\[carol@strongswan.org\]\.\.\.$MOON4\[moon.strongswan.org\]" "$checked" &&
	      has "carol-v4: TUNNEL, reqid 7 " "$checked"'

mn_start carol "$root"
check "(a) charon as moon: carol-v4 established over IPv4" \
	ch_wait moon "CHILD_SA carol-v4{[0-9]*} established"
check "(a) mipxfrmd as carol: carol-v4 established" \
	mx_log_wait "$(mn_log carol)" "CHILD_SA carol-v4{[0-9]*} established"
check "(a) charon's IKE_SA is between the IPv4 addresses" \
	grep -q "IKE_SA carol-v4\[[0-9]*\] established between $MOON4\[moon.strongswan.org\]\.\.\.$CAROL4\[carol@strongswan.org\]" "$(ch_log moon)"
status=$(mx_ctl carol status)
sed 's/^/#   /' <<<"$status"
check "(a) carol's status: carol-v4 INSTALLED, TUNNEL, reqid 7" \
	has "carol-v4{[0-9]*}: *INSTALLED, TUNNEL, reqid 7" "$status"
check "(a) moon: ESP tunnel SAs $CAROL4 <-> $MOON4, reqid 7" tunnel_sas moon
check "(a) carol: ESP tunnel SAs $CAROL4 <-> $MOON4, reqid 7" tunnel_sas carol
check "(a) carol's $INNER pings $HOME4 through the tunnel" ping_v4
check "(a) moon counted ESP from carol" esp_counted moon $CAROL4 $MOON4
check "(a) carol counted ESP from moon" esp_counted carol $MOON4 $CAROL4

check "(a) mipxfrmctl down carol-v4 on carol" mx_ctl carol down carol-v4
check "(a) moon's charon takes carol's Delete" \
	ch_wait moon "received DELETE for IKE_SA carol-v4"
check "(a) carol's mipxfrmd: IKE_SA deleted" \
	mx_log_wait "$(mn_log carol)" "IKE_SA carol-v4\[[0-9]*\] deleted"
sleep 1
check "(a) moon: no SA left" no_sas moon
check "(a) carol: no SA left" no_sas carol
check "(a) carol's mipxfrmd stops with status 0" mn_stop carol
ch_stop moon
diag "(a) done after $((SECONDS - start)) s"

# (b) mipxfrmd as moon (the seed's tree, carol-v4 added), charon as
# carol, initiating.
mx_moon_root
v4_conn moon add | sed 1d >>"$MX_ROOT/etc/ipsec.conf"
checked=$($MIPXFRMD --check --root "$MX_ROOT" 2>/dev/null)
check "(b) mipxfrmd --check: carol-v4 beside the seed's conns, reqid 7" \
	eval 'has "carol-v4: TUNNEL, reqid 7 " "$checked" &&
	      has "carol-tunnel: TUNNEL, reqid 2 " "$checked"'
mx_start_moon
check "(b) mipxfrmd listens on UDP 500 in moon" mx_listening moon
ch_etc carol
v4_conn carol start >"$(ch_etcdir carol)/ipsec.conf"
echo ': RSA carolKey.pem' >"$(ch_etcdir carol)/ipsec.secrets"
ch_start carol
check "(b) charon as carol: carol-v4 established over IPv4" \
	ch_wait carol "CHILD_SA carol-v4{[0-9]*} established"
check "(b) charon's IKE_SA is between the IPv4 addresses" \
	grep -q "IKE_SA carol-v4\[[0-9]*\] established between $CAROL4\[carol@strongswan.org\]\.\.\.$MOON4\[moon.strongswan.org\]" "$(ch_log carol)"
check "(b) mipxfrmd as moon: carol-v4 established" \
	mx_log_wait "$MX_LOG" "CHILD_SA carol-v4{[0-9]*} established"
status=$(mx_ctl moon status)
sed 's/^/#   /' <<<"$status"
check "(b) moon's status: carol-v4 INSTALLED, TUNNEL, reqid 7" \
	has "carol-v4{[0-9]*}: *INSTALLED, TUNNEL, reqid 7" "$status"
check "(b) moon: ESP tunnel SAs $CAROL4 <-> $MOON4, reqid 7" tunnel_sas moon
check "(b) carol: ESP tunnel SAs $CAROL4 <-> $MOON4, reqid 7" tunnel_sas carol
check "(b) carol's $INNER pings $HOME4 through the tunnel" ping_v4
check "(b) moon counted ESP from carol" esp_counted moon $CAROL4 $MOON4

in_ns carol ipsec down carol-v4 >/dev/null 2>&1
check "(b) mipxfrmd as moon takes charon's Delete" \
	mx_log_wait "$MX_LOG" "received DELETE for IKE_SA carol-v4"
sleep 1
check "(b) moon: no SA left" no_sas moon
check "(b) carol: no SA left" no_sas carol
check "(b) mipxfrmd still runs" mx_running

diag "run time in the guest: $((SECONDS - start)) s"
done_testing
