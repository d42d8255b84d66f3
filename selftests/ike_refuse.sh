#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ike_refuse: mipxfrmd as moon refuses what it must refuse, tells its log
# why, installs nothing and keeps running. charon mobiles (5.9.8) in the
# topology of charon.sh, mipxfrmd on the seed's tree (below --root) plus
# one conn for revoked@strongswan.org, so that the refusal below is the
# revocation check and not a missing conn:
#  a) "carol" authenticating with revokedCert.pem (revoked in the test
#     CA's CRL): mipxfrmd's log names the certificate status "revoked",
#     charon receives AUTHENTICATION_FAILED, no ESP SA for carol on moon;
#  b) carol with esp=aes256-sha256-modp3072! (moon: aes128-sha1-modp2048!):
#     the IKE SA is established but IKE_AUTH carries NO_PROPOSAL_CHOSEN
#     for the child (RFC 7296 1.2), no ESP SA for carol on moon;
#  c) dave with ike=aes256-sha256-modp3072!: IKE_SA_INIT is answered with
#     NO_PROPOSAL_CHOSEN, no IKE SA, no ESP SA for dave;
# and mipxfrmd runs after each.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh

ch_begin

# no_esp_sa ADDR...: moon has no ESP SA from or to any of ADDR.
no_esp_sa() {
	local got
	got=$(ch_esp_sas moon | awk -v as="$*" '
		BEGIN { split(as, a, " "); for (i in a) want[a[i]] = 1 }
		$1 in want || $2 in want')
	[ -z "$got" ] || { diag "moon's ESP SAs for $*:"; diag "$got"; return 1; }
}

# mx_logs REGEX: mipxfrmd's log has a line matching REGEX (it logs
# before it sends, so it is there once the peer has the answer).
mx_logs() {
	grep -q -- "$1" "$MX_LOG" || { diag "no '$1' in mipxfrmd's log"; return 1; }
}

# restart_mobile NAME OVERRIDES...: NAME's charon (re)started on a fresh
# ipsec.conf from ch_mn_conf NAME start OVERRIDES; an earlier run's log
# is kept as charon.log.SECONDS.
restart_mobile() {
	local name=$1 log
	shift
	log=$(ch_log "$name")
	ch_stop "$name"
	[ -e "$log" ] && mv "$log" "$log.$SECONDS"
	[ -d "$(ch_etcdir "$name")" ] || ch_etc "$name"
	ch_mn_conf "$name" start "$@" && ch_start "$name"
}

# moon: the seed's conns and one for the revoked certificate, carol's
# HoA behind it (reqid 9: none of mip6d.conf's).
mx_moon_root
cat >>"$MX_ROOT/etc/ipsec.conf" <<EOF

conn revoked
	rightid=revoked@strongswan.org
	rightsubnet=$CAROL_HOA/128
	also=tunnel
	reqid=9
	auto=add
EOF
mx_start_moon
check "mipxfrmd runs in moon" mx_running
check "mipxfrmd listens on UDP 500 in moon" mx_listening moon

# a) the revoked certificate, from carol's addresses.
restart_mobile carol cert=revoked
check "revoked: charon receives AUTHENTICATION_FAILED" \
	ch_wait carol 'received AUTHENTICATION_FAILED notify error'
check "revoked: mipxfrmd's log says the certificate is revoked" \
	mx_logs 'certificate status of ".*CN=revoked@strongswan.org": revoked'
check "revoked: charon establishes no IKE SA" \
	fails grep -q 'IKE_SA [a-z-]*\[[0-9]*\] established' "$(ch_log carol)"
check "revoked: no ESP SA on moon for carol's addresses" \
	no_esp_sa $CAROL_HOA $CAROL_COA
check "revoked: mipxfrmd still runs" mx_running

# b) an ESP proposal moon does not accept: IKE SA yes, CHILD_SA no.
restart_mobile carol esp=aes256-sha256-modp3072!
check "bad ESP: charon establishes the IKE SA" \
	ch_wait carol 'IKE_SA carol-[a-z]*\[[0-9]*\] established'
check "bad ESP: charon receives NO_PROPOSAL_CHOSEN for the child" \
	ch_wait carol 'received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built'
check "bad ESP: charon establishes no CHILD_SA" \
	fails grep -q 'CHILD_SA [a-z-]*{[0-9]*} established' "$(ch_log carol)"
check "bad ESP: no ESP SA on moon for carol's addresses" \
	no_esp_sa $CAROL_HOA $CAROL_COA
check "bad ESP: mipxfrmd still runs" mx_running

# c) an IKE proposal moon does not accept: IKE_SA_INIT refused.
restart_mobile dave ike=aes256-sha256-modp3072!
check "bad IKE: charon receives NO_PROPOSAL_CHOSEN for IKE_SA_INIT" \
	ch_wait dave 'received NO_PROPOSAL_CHOSEN notify error'
check "bad IKE: mipxfrmd's log says so" \
	mx_logs 'answering IKE_SA_INIT with NO_PROPOSAL_CHOSEN'
check "bad IKE: charon establishes no IKE SA" \
	fails grep -q 'IKE_SA [a-z-]*\[[0-9]*\] established' "$(ch_log dave)"
check "bad IKE: no ESP SA on moon for dave's addresses" \
	no_esp_sa $DAVE_HOA $DAVE_COA
check "moon: no ESP SA at all" [ -z "$(ch_esp_sas moon)" ]
check "mipxfrmd still runs" mx_running

diag "mipxfrmd's log, the refusals:"
grep -E 'revoked|NO_PROPOSAL|AUTHENTICATION_FAILED' "$MX_LOG" | tail -n 12 | sed 's/^/#   /'
diag "run time in the guest: $((SECONDS - start)) s"
done_testing
