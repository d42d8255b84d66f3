# strongSwan 5.9.8's charon in network namespaces, for the interop
# selftests. Sourced after lib.sh (it uses new_ns, n, NETNS, diag).
#
#   dave  (mobile)                       moon (Home Agent)
#   CoA 2001::20:1 ----+                 home 2001:1::1 (dummy "home")
#   HoA 2001:1::20 (lo) |
#                       +--- bridge "lan" 2001::1
#   carol (mobile)      |
#   CoA 2001::41a:a8ff:fe6f:c67 --+
#   HoA 2001:1::10 (lo)
#
# One charon per namespace, each with its own /etc (strongswan.conf,
# ipsec.conf, ipsec.conf.d/, ipsec.secrets, ipsec.d/) and its own /run:
#  - `ip netns exec NS` bind-mounts /etc/netns/NS/<entry> over /etc/<entry>
#    where /etc/<entry> exists (the guest's root is a writable overlay, so
#    missing targets such as /etc/ipsec.conf.d are created as placeholders);
#  - charon's and starter's /var/run paths are fixed, so a "holder"
#    process per namespace mounts its own tmpfs on /run and sleeps; every
#    later command runs inside it with `nsenter -t <holder> -m -n`.
# Logs go to a file per namespace, $CH_DIR/NAME/charon.log; waiting polls
# that file (ipsec status costs 0.4 s per call under TCG).
#
# Typical use:
#   ch_topology; ch_pki
#   ch_etc moon; ch_moon_seed_conf; ch_start moon
#   ch_etc dave; ch_mn_conf dave; ch_start dave
#   ch_wait moon 'CHILD_SA dave-tunnel{[0-9]*} established'
#   ch_reqid moon $DAVE_HOA $HA        # reqid of the ESP SA HoA -> HA
# and `trap ch_cleanup EXIT` (it also removes the namespaces). With
# mipxfrmd as moon instead of charon:
#   ch_topology; ch_pki; mx_moon_root; mx_start_moon
# and `trap mx_cleanup EXIT`.

need ipsec pki openssl ping sysctl ss

HA=2001:1::1
LAN_HA=2001::1
CAROL_COA=2001::41a:a8ff:fe6f:c67
CAROL_HOA=2001:1::10
DAVE_COA=2001::20:1
DAVE_HOA=2001:1::20

# Where the seed's configuration and the PKI script are (from selftests/).
CH_SEED=${CH_SEED:-../helper/tests/fixtures/seed/etc}
CH_MKCERTS=${CH_MKCERTS:-../helper/tests/fixtures/mkcerts.sh}
# Per-test scratch: PKI, logs, holder pids.
CH_DIR=/tmp/charon-$$
# Seconds ch_wait waits by default (generous: a loaded TCG guest is slow;
# waits end as soon as the line shows).
CH_TIMEOUT=${CH_TIMEOUT:-60}
# The plugins charon needs here and nothing else (FACTS: without kdf the
# mobile fails with "key derivation failed").
CH_PLUGINS="random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey gmp aes sha1 sha2 hmac kdf drbg mgf1 kernel-netlink socket-default stroke"
# /etc entries made as placeholders so that ip netns exec binds them.
CH_PLACEHOLDERS=()
# Names (without -$$) of the namespaces that have a holder.
CH_HOLDERS=()

# ch_topology: moon, carol and dave as drawn above. Mobiles reach moon's
# 2001:1::/64 through their default route via 2001::1.
ch_topology() {
	local mn coa hoa
	new_ns moon
	n moon ip link add home type dummy
	n moon ip link add lan type bridge
	n moon ip addr add $HA/64 dev home nodad
	n moon ip addr add $LAN_HA/64 dev lan nodad
	n moon ip link set home up
	n moon ip link set lan up
	n moon sysctl -qw net.ipv6.conf.all.forwarding=1
	for mn in "carol $CAROL_COA $CAROL_HOA" "dave $DAVE_COA $DAVE_HOA"; do
		set -- $mn
		new_ns "$1"
		ip link add "moon-$1" netns "moon-$$" type veth peer name eth0 netns "$1-$$"
		n moon ip link set "moon-$1" master lan up
		n "$1" ip addr add "$2/64" dev eth0 nodad
		n "$1" ip addr add "$3/128" dev lo
		n "$1" ip link set eth0 up
		n "$1" ip route add default via $LAN_HA
	done
}

# ch_pki: the test PKI with the seed's names (see mkcerts.sh) in
# $CH_DIR/pki/ipsec.d. Made once per guest boot in $CH_PKI_ONCE (its
# seven RSA keys take 10-15 s under TCG; /tmp is the guest's own tmpfs)
# and copied for each test, which may then change its copy.
CH_PKI_ONCE=${CH_PKI_ONCE:-/tmp/mipxfrm-test-pki}
ch_pki() {
	mkdir -p "$CH_DIR"
	[ -d "$CH_DIR/pki/ipsec.d" ] && return 0
	if [ ! -d "$CH_PKI_ONCE/ipsec.d" ]; then
		rm -rf "$CH_PKI_ONCE.tmp"
		sh "$CH_MKCERTS" "$CH_PKI_ONCE.tmp" || return 1
		mv "$CH_PKI_ONCE.tmp" "$CH_PKI_ONCE"
	fi
	cp -r "$CH_PKI_ONCE" "$CH_DIR/pki"
}

# ch_etcdir NAME: the /etc tree that `ip netns exec NAME-$$` binds.
ch_etcdir() { echo "/etc/netns/$1-$$"; }

# ch_etc NAME: a fresh /etc tree for NAME's charon: strongswan.conf (log
# to $CH_DIR/NAME/charon.log, the plugin list, load_modular=no), a copy of
# the PKI as ipsec.d, an empty ipsec.conf.d, and empty ipsec.conf and
# ipsec.secrets for the caller to fill (ch_moon_seed_conf, ch_mn_conf).
# Must run before ch_start NAME: the binds are made when the holder starts.
ch_etc() {
	local name=$1 etc e
	etc=$(ch_etcdir "$name")
	mkdir -p "$etc/ipsec.conf.d" "$CH_DIR/$name"
	cp -r "$CH_DIR/pki/ipsec.d" "$etc/ipsec.d"
	: >"$etc/ipsec.conf"
	: >"$etc/ipsec.secrets"
	chmod 600 "$etc/ipsec.secrets"
	cat >"$etc/strongswan.conf" <<EOF
charon {
	load_modular = no
	load = $CH_PLUGINS
	install_routes = no
	filelog {
		test {
			path = $CH_DIR/$name/charon.log
			time_format = %T
			flush_line = yes
			default = 1
			ike = 2
			cfg = 2
			knl = 2
			chd = 2
		}
	}
}
starter {
	load_warning = no
}
EOF
	# ip netns exec only binds entries whose /etc target exists.
	for e in ipsec.conf.d; do
		if [ ! -e "/etc/$e" ]; then
			mkdir -p "/etc/$e"
			CH_PLACEHOLDERS+=("/etc/$e")
		fi
	done
}

# ch_moon_seed_conf: moon's ipsec.conf and ipsec.conf.d as the seed has
# them, and ipsec.secrets naming moon's key.
ch_moon_seed_conf() {
	local etc
	etc=$(ch_etcdir moon)
	cp "$CH_SEED/ipsec.conf" "$etc/ipsec.conf"
	cp "$CH_SEED"/ipsec.conf.d/*.conf "$etc/ipsec.conf.d/"
	echo ': RSA moonKey.pem' >"$etc/ipsec.secrets"
}

# ch_moon_pin_reqids: reqid= in each of moon's seed conns, as mip6d.conf
# numbers them (charon as moon needs it; without, it counts).
ch_moon_pin_reqids() {
	local etc c
	etc=$(ch_etcdir moon)
	for c in "carol-mh 1" "carol-tunnel 2" "dave-mh 3" "dave-tunnel 4"; do
		set -- $c
		sed -i "/^conn $1\$/a\\	reqid=$2" "$etc/ipsec.conf.d/${1%-*}.ipsec.conf"
	done
}

# ch_moon_charon: charon as moon on the seed's conns, reqids pinned
# (ch_moon_pin_reqids), started.
ch_moon_charon() {
	ch_etc moon
	ch_moon_seed_conf
	ch_moon_pin_reqids
	ch_start moon
}

# ch_mn_conf NAME [AUTO [KEY=VALUE...]]: a mobile node's ipsec.conf
# (FACTS: brings both children up without mip6d): conns NAME-mh
# (transport_proxy, MH, HoA -> HA) and NAME-tunnel (HoA -> ::/0), reqids
# pinned on the mobile (carol 1/2, dave 3/4, as mip6d.conf numbers them),
# AUTO = start (default: the children come up when charon starts) or add
# (initiate with ch_up).
# installpolicy=no: the MIPv6 side owns the mobile's policies.
# Overrides, for the tests of refusals:
#   cert=WHO       authenticate as WHO@strongswan.org with WHOCert.pem and
#                  WHOKey.pem from the test PKI (e.g. cert=revoked)
#   ike=PROPOSALS  the IKE proposal (default aes128-sha1-modp2048!, moon's)
#   esp=PROPOSALS  the ESP proposal (default aes128-sha1-modp2048!)
#   installpolicy=yes  the key manager installs the policies (default no)
ch_mn_conf() {
	local name=$1 auto=${2:-start} etc coa hoa rmh rtun kv
	local who=$1 ike=aes128-sha1-modp2048! esp=aes128-sha1-modp2048! pol=no
	etc=$(ch_etcdir "$name")
	case $name in
	carol) coa=$CAROL_COA hoa=$CAROL_HOA rmh=1 rtun=2 ;;
	dave) coa=$DAVE_COA hoa=$DAVE_HOA rmh=3 rtun=4 ;;
	*) echo "ch_mn_conf: unknown mobile $name" >&2; return 1 ;;
	esac
	shift $(($# < 2 ? $# : 2))
	for kv; do
		case $kv in
		cert=*) who=${kv#cert=} ;;
		ike=*) ike=${kv#ike=} ;;
		esp=*) esp=${kv#esp=} ;;
		installpolicy=*) pol=${kv#installpolicy=} ;;
		*) echo "ch_mn_conf: unknown override $kv" >&2; return 1 ;;
		esac
	done
	cat >"$etc/ipsec.conf" <<EOF
config setup

conn %default
	keyexchange=ikev2
	reauth=no
	mobike=no
	installpolicy=$pol
	ike=$ike
	esp=$esp

conn home
	left=$coa
	leftcert=${who}Cert.pem
	leftid=$who@strongswan.org
	leftsubnet=$hoa/128
	right=$HA
	rightid=@moon.strongswan.org

conn $name-mh
	also=home
	rightsubnet=$HA/128
	leftprotoport=135/0
	rightprotoport=135/0
	type=transport_proxy
	reqid=$rmh
	auto=$auto

conn $name-tunnel
	also=home
	rightsubnet=::/0
	reqid=$rtun
	auto=$auto
EOF
	echo ": RSA ${who}Key.pem" >"$etc/ipsec.secrets"
}

# ch_mn_start NAME: NAME's charon as a mobile (ch_mn_conf NAME start),
# started, with a check that each of its two CHILD_SAs comes up.
ch_mn_start() {
	ch_etc "$1"
	ch_mn_conf "$1" start
	ch_start "$1"
	check "$1: MH CHILD_SA established" \
		ch_wait "$1" "CHILD_SA $1-mh{[0-9]*} established"
	check "$1: tunnel CHILD_SA established" \
		ch_wait "$1" "CHILD_SA $1-tunnel{[0-9]*} established"
}

# ch_holder NAME: start NAME's holder (own mount namespace from ip netns
# exec, with the /etc/netns binds, plus a private tmpfs on /run).
ch_holder() {
	local name=$1 pidf="$CH_DIR/$1/holder.pid" i
	mkdir -p "$CH_DIR/$name"
	rm -f "$pidf"
	ip netns exec "$name-$$" sh -c \
		'mount -t tmpfs -o mode=755 run /run && echo $$ >"$1" && exec sleep infinity' \
		holder "$pidf" >/dev/null 2>&1 &
	for i in $(seq 50); do
		[ -s "$pidf" ] && break
		sleep 0.1
	done
	[ -s "$pidf" ] || { echo "ch_holder: $name's holder did not start" >&2; return 1; }
	CH_HOLDERS+=("$name")
}

# in_ns NAME CMD...: run CMD in NAME's holder (network, /etc and /run).
in_ns() {
	local name=$1
	shift
	nsenter -t "$(cat "$CH_DIR/$name/holder.pid")" -m -n "$@"
}

# ch_log NAME: the path of NAME's charon log.
ch_log() { echo "$CH_DIR/$1/charon.log"; }

# ch_wait NAME REGEX [TIMEOUT]: wait until NAME's charon log has a line
# matching the grep REGEX; fails (and prints the log's tail as TAP
# diagnostics) after TIMEOUT seconds (default $CH_TIMEOUT).
ch_wait() {
	local name=$1 re=$2 t=${3:-$CH_TIMEOUT} log end
	log=$(ch_log "$name")
	end=$((SECONDS + t))
	while [ $SECONDS -lt $end ]; do
		grep -q -- "$re" "$log" 2>/dev/null && return 0
		sleep 0.1
	done
	diag "ch_wait: no '$re' in $name's log after ${t}s; its tail:"
	tail -n 15 "$log" 2>/dev/null | sed 's/^/#   /'
	return 1
}

# ch_wait_all NAME REGEX...: ch_wait for each REGEX in turn.
ch_wait_all() {
	local name=$1 re
	shift
	for re; do
		ch_wait "$name" "$re" || return 1
	done
}

# ch_start NAME: holder, then `ipsec start` (starter loads ipsec.conf
# into charon); returns once the log shows charon has loaded its plugins
# and started its worker threads. Wait for conns with ch_wait.
ch_start() {
	local name=$1
	ch_holder "$name" || return 1
	in_ns "$name" ipsec start >"$CH_DIR/$name/starter.out" 2>&1 || {
		diag "ipsec start in $name failed: $(cat "$CH_DIR/$name/starter.out")"
		return 1
	}
	ch_wait "$name" 'spawning [0-9]* worker threads'
}

# ch_up NAME CONN [TIMEOUT]: initiate CONN from NAME with `ipsec up`
# (stroke; blocks until the CHILD_SA is up or failed). Output kept in
# $CH_DIR/NAME/up-CONN.out.
ch_up() {
	local name=$1 conn=$2 t=${3:-$CH_TIMEOUT}
	timeout "$t" nsenter -t "$(cat "$CH_DIR/$name/holder.pid")" -m -n \
		ipsec up "$conn" >"$CH_DIR/$name/up-$conn.out" 2>&1 &&
		grep -q "established successfully" "$CH_DIR/$name/up-$conn.out"
}

# ch_stop NAME: stop NAME's charon (ipsec stop) and its holder.
ch_stop() {
	local name=$1 pid
	[ -s "$CH_DIR/$name/holder.pid" ] || return 0
	pid=$(cat "$CH_DIR/$name/holder.pid")
	timeout 10 nsenter -t "$pid" -m -n ipsec stop >/dev/null 2>&1
	kill "$pid" 2>/dev/null
	rm -f "$CH_DIR/$name/holder.pid"
}

# ch_cleanup: every charon and holder, the namespaces, the /etc trees and
# placeholders, the scratch directory. For `trap ch_cleanup EXIT`; set
# CH_KEEP=1 to keep $CH_DIR (logs) for a look afterwards.
ch_cleanup() {
	local name p
	for name in "${CH_HOLDERS[@]}"; do
		ch_stop "$name"
	done
	cleanup_ns
	for name in "${CH_HOLDERS[@]}" moon carol dave; do
		rm -rf "$(ch_etcdir "$name")"
	done
	for p in "${CH_PLACEHOLDERS[@]}"; do
		rmdir "$p" 2>/dev/null
	done
	[ -n "${CH_KEEP:-}" ] || rm -rf "$CH_DIR"
}

# ch_esp_sas NS: NS's ESP SAs, one a line: "SRC DST SPI REQID MODE".
ch_esp_sas() {
	ip -n "$1-$$" xfrm state list |
		awk '/^src / { src = $2; dst = $4; next }
		     /proto esp/ {
			for (i = 1; i <= NF; i++) {
				if ($i == "spi") spi = $(i + 1)
				if ($i == "reqid") reqid = $(i + 1)
				if ($i == "mode") mode = $(i + 1)
			}
			print src, dst, spi, reqid, mode
		     }'
}

# ch_reqid NS SRC DST: the reqid(s) of NS's ESP SAs from SRC to DST (one
# a line; nothing when there is none).
ch_reqid() {
	ch_esp_sas "$1" | awk -v s="$2" -v d="$3" '$1 == s && $2 == d { print $4 }'
}

# ch_child_reqid NAME CHILD: the reqid NAME's charon gave CHILD_SA CHILD,
# from its log. In 5.9 the {N} of "CHILD_SA CHILD{N} established" is the
# CHILD_SA's unique id, not its reqid (in the seed's 4.2.9 it was), so take
# that line's inbound SPI and then "adding SAD entry with SPI S and reqid
# {R}" (knl level 2).
ch_child_reqid() {
	local log spi
	log=$(ch_log "$1")
	spi=$(sed -n "s/.*CHILD_SA $2{[0-9]*} established with SPIs \([0-9a-f]*\)_i.*/\1/p" "$log" | head -n 1)
	[ -n "$spi" ] || return 1
	sed -n "s/.*adding SAD entry with SPI $spi and reqid {\([0-9]*\)}.*/\1/p" "$log" | head -n 1
}

# mip6d_reqids HOA KIND: the reqid the seed's mip6d.conf gives HOA's
# IPsecPolicy KIND (Mh or TunnelPayload), first number of "UseESP N [M]".
mip6d_reqids() {
	awk -v hoa="$1" -v kind="$2" '
		/HomeAddress/ { cur = $2; sub(/\/.*/, "", cur) }
		$1 == "IPsecPolicy" && $2 == kind && cur == hoa { sub(/;/, "", $4); print $4 }
	' "$CH_SEED"/mip6d.conf.d/*.conf
}

# reqid_is WANT NS SRC DST: every ESP SA SRC -> DST in NS has reqid WANT
# (and there is one).
reqid_is() {
	local got
	got=$(ch_reqid "$2" "$3" "$4" | sort -u)
	[ "$got" = "$1" ] || { diag "ESP $3 -> $4 on $2: reqid '${got//$'\n'/ }', want $1"; return 1; }
}

# mipxfrmd as moon, for the interop selftests.
MIPXFRMD=${MIPXFRMD:-../helper/mipxfrmd}
# moon's tree for mipxfrmd --root (mx_moon_root) and the daemon's pid
# (mx_start_moon; empty before) and its log.
MX_ROOT=$CH_DIR/moon-root
MX_PID=
MX_LOG=$CH_DIR/mipxfrmd.log

# mx_moon_root: moon's tree in $MX_ROOT: the seed's etc as it is, the
# test PKI as etc/ipsec.d, ipsec.secrets ': RSA moonKey.pem'. Tests that
# need more conns append them to $MX_ROOT/etc/ipsec.conf (a copy).
mx_moon_root() {
	mkdir -p "$MX_ROOT/etc" "$MX_ROOT/var/lib/mipxfrm"
	cp -r "$CH_SEED"/. "$MX_ROOT/etc/"
	cp -r "$CH_DIR/pki/ipsec.d" "$MX_ROOT/etc/ipsec.d"
	echo ': RSA moonKey.pem' >"$MX_ROOT/etc/ipsec.secrets"
	chmod 600 "$MX_ROOT/etc/ipsec.secrets"
}

# mx_listening NS: something in NS has UDP port 500 bound.
mx_listening() { [ -n "$(ip netns exec "$1-$$" ss -Hlun 'sport = :500')" ]; }

# mx_stamp: copies stdin to stdout, each line prefixed with the time it
# was read ($EPOCHREALTIME: seconds, microseconds); mipxfrmd's foreground
# log has no times of its own, and tests measure gaps between lines.
mx_stamp() {
	local l
	while IFS= read -r l; do
		echo "$EPOCHREALTIME $l"
	done
}

# mx_start_moon [OPTION...]: mipxfrmd in the foreground (-f -d) in moon
# on $MX_ROOT with the extra daemon OPTIONs, its output in $MX_LOG (lines
# stamped, mx_stamp), control socket $CH_DIR/moon.ctl (mx_ctl moon);
# returns once it listens on UDP 500, or it died,
# or 5 s passed (callers check with mx_running and mx_listening).
mx_start_moon() {
	local i
	# ip netns exec, not n: a function in the background is a subshell,
	# and $! would be its pid; ip netns exec execs, so $! is the daemon's.
	# The process substitution ends when the daemon does.
	ip netns exec "moon-$$" "$MIPXFRMD" -f -d --root "$MX_ROOT" \
		--ctl-socket "$CH_DIR/moon.ctl" "$@" > >(mx_stamp >>"$MX_LOG") 2>&1 &
	MX_PID=$!
	for i in $(seq 50); do
		mx_listening moon && return 0
		kill -0 "$MX_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# mx_running: mipxfrmd (started by mx_start_moon) is still alive.
mx_running() { [ -n "$MX_PID" ] && kill -0 "$MX_PID" 2>/dev/null; }

# mx_cleanup: stop mipxfrmd, then ch_cleanup. For `trap mx_cleanup EXIT`.
mx_cleanup() {
	[ -n "$MX_PID" ] && kill "$MX_PID" 2>/dev/null && wait "$MX_PID" 2>/dev/null
	[ -n "${CH_KEEP:-}" ] && diag "mipxfrmd's log: $MX_LOG"
	ch_cleanup
}

# ch_wait_n NAME REGEX N: wait until NAME's charon log has N lines
# matching REGEX (a rekey logs "established" a second time).
ch_wait_n() {
	local end=$((SECONDS + CH_TIMEOUT))
	while [ $SECONDS -lt $end ]; do
		[ "$(grep -c -- "$2" "$(ch_log "$1")")" -ge "$3" ] && return 0
		sleep 0.2
	done
	diag "ch_wait_n: fewer than $3 '$2' in $1's log"
	return 1
}

# esp_spis NS SRC DST: the SPIs of NS's ESP SAs SRC -> DST, sorted.
esp_spis() {
	ch_esp_sas "$1" | awk -v s="$2" -v d="$3" '$1 == s && $2 == d { print $3 }' | sort
}

# mn_addrs MN: sets COA and HOA and the reqids RMH and RTUN of mobile MN.
mn_addrs() {
	case $1 in
	carol) COA=$CAROL_COA HOA=$CAROL_HOA RMH=1 RTUN=2 ;;
	dave) COA=$DAVE_COA HOA=$DAVE_HOA RMH=3 RTUN=4 ;;
	esac
}

# tunnel_policies MN [moon]: the seed's tunnel policies for MN on moon
# (as its `ip xfrm policy` lists them) and, without "moon", their mirror
# on MN, so that MN's HoA traffic goes through the tunnel CHILD_SA (the
# mobiles' configurations say installpolicy=no, as moon's does).
tunnel_policies() {
	mn_addrs "$1"
	n moon ip -batch - <<EOT
xfrm policy add src $HOA/128 dst ::/0 dir in priority 10 tmpl src $COA dst $HA proto esp reqid $RTUN mode tunnel
xfrm policy add src $HOA/128 dst ::/0 dir fwd priority 10 tmpl src $COA dst $HA proto esp reqid $RTUN mode tunnel
xfrm policy add src ::/0 dst $HOA/128 dir out priority 10 tmpl src $HA dst $COA proto esp reqid $RTUN mode tunnel
EOT
	[ "${2:-}" = moon ] && return
	n "$1" ip -batch - <<EOT
xfrm policy add src $HOA/128 dst ::/0 dir out priority 10 tmpl src $COA dst $HA proto esp reqid $RTUN mode tunnel
xfrm policy add src ::/0 dst $HOA/128 dir in priority 10 tmpl src $HA dst $COA proto esp reqid $RTUN mode tunnel
EOT
}

# ping_home MN: MN's HoA pings the Home Agent (through the tunnel once
# tunnel_policies MN is in place).
ping_home() {
	mn_addrs "$1"
	n "$1" ping -6 -c 5 -i 0.2 -W 2 -I "$HOA" "$HA" >/dev/null
}

# esp_counted NS SRC DST: NS's ESP SA SRC -> DST has counted packets.
esp_counted() {
	ip -n "$1-$$" -s xfrm state list src "$2" dst "$3" | grep -q "[1-9][0-9]*(packets)"
}

# mx_log_wait LOG REGEX [TIMEOUT]: a mipxfrmd log has a line matching.
mx_log_wait() {
	local end=$((SECONDS + ${3:-$CH_TIMEOUT}))
	while [ $SECONDS -lt $end ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	diag "no '$2' in $1; its tail:"
	tail -n 15 "$1" | sed 's/^/#   /'
	return 1
}

# mx_ctl NS COMMAND ARGS...: mipxfrmctl COMMAND against the mipxfrmd
# of namespace NS, whose socket is $CH_DIR/NS.ctl.
mx_ctl() {
	local ns=$1 cmd=$2
	shift 2
	ip netns exec "$ns-$$" ../helper/mipxfrmctl "$cmd" --socket "$CH_DIR/$ns.ctl" "$@"
}

# mipxfrmd as a mobile, in the mobile's own namespace, with its own
# --root tree and control socket (ike_interop_initiator, ike_ipv4,
# ike_liveness). MN_PID[NAME] is NAME's daemon.
declare -gA MN_PID

# mn_root NAME [OVERRIDE...]: NAME's tree for mipxfrmd --root: the
# mobile's ipsec.conf (ch_mn_conf NAME start OVERRIDE...), its key, the
# PKI, and a mobile's mip6d.conf.
# Prints the tree's path; tests may edit its etc/ipsec.conf before
# mn_start.
mn_root() {
	local name=$1 root=$CH_DIR/$1-root
	mn_addrs "$name"
	ch_etc "$name"
	ch_mn_conf "$name" start "${@:2}"
	mkdir -p "$root/etc" "$root/var/lib/mipxfrm"
	cp -r "$(ch_etcdir "$name")"/{ipsec.conf,ipsec.secrets,ipsec.d} "$root/etc/"
	cat >"$root/etc/mip6d.conf" <<EOT
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
EOT
	echo "$root"
}

# mn_log NAME: the path of NAME's mipxfrmd log.
mn_log() { echo "$CH_DIR/$1/mipxfrmd.log"; }

# mn_start NAME [ROOT [OPTION...]]: NAME's mipxfrmd (-f -d) in NAME's
# namespace on ROOT (default: a fresh mn_root NAME), with the extra
# daemon OPTIONs, control socket $CH_DIR/NAME.ctl (mx_ctl NAME), log
# `mn_log NAME` (lines stamped, mx_stamp).
mn_start() {
	local name=$1 root=${2:-}
	shift $(($# < 2 ? $# : 2))
	[ -n "$root" ] || root=$(mn_root "$name")
	mkdir -p "$CH_DIR/$name"
	# as in mx_start_moon: $! is the daemon's pid
	ip netns exec "$name-$$" "$MIPXFRMD" -f -d --root "$root" \
		--ctl-socket "$CH_DIR/$name.ctl" "$@" \
		> >(mx_stamp >"$(mn_log "$name")") 2>&1 &
	MN_PID[$name]=$!
}

# mn_stop NAME: SIGTERM to NAME's mipxfrmd and its exit status.
mn_stop() {
	local pid=${MN_PID[$1]:-} st
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	unset "MN_PID[$1]"
	return $st
}

# mn_cleanup: every mobile's mipxfrmd, then mx_cleanup (moon's mipxfrmd,
# the charons, the namespaces). For `trap mn_cleanup EXIT`.
mn_cleanup() {
	local name
	for name in "${!MN_PID[@]}"; do
		mn_stop "$name" 2>/dev/null
	done
	mx_cleanup
}

# ch_begin: how each charon selftest starts: everything it starts is
# stopped and removed on exit (mn_cleanup: mobiles' and moon's mipxfrmd,
# the charons, the namespaces), the module loaded, the topology of
# ch_topology and the test PKI made; start=$SECONDS for run times.
ch_begin() {
	trap mn_cleanup EXIT
	start=$SECONDS
	modprobe mipxfrm || exit 1
	ch_topology
	ch_pki
	diag "topology and PKI ready after $((SECONDS - start)) s"
}
