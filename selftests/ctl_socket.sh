#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ctl_socket: mipxfrmd's control socket and mipxfrmctl status/up, from
# outside, with the seed's configuration and no peers:
#
#   moon (netns): mipxfrmd -f -d --root $MX_ROOT --ctl-socket $SOCK
#   host side:    mipxfrmctl ... --socket $SOCK (as root, and as nobody)
#
#  - the socket file is srw------- root, in a directory others may enter;
#  - nobody cannot connect (file mode); with the mode opened up, the
#    daemon still refuses uid 65534 (SO_PEERCRED) and logs it;
#  - status lists the seed's four conns with reqids 1..4 and
#    "Security Associations (0 up, 0 connecting)"; --json parses;
#  - up of an unknown conn fails with exit status 1 and says why;
#  - a client that connects and sends nothing does not hold up status;
#  - a second daemon on the same socket refuses to start; a stale socket
#    (daemon killed) is replaced; SIGTERM removes the socket file.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./charon.sh
need jq python3 strace

MIPXFRMCTL=${MIPXFRMCTL:-../helper/mipxfrmctl}
trap 'mx_cleanup; rm -rf "$SOCKDIR"' EXIT
modprobe mipxfrm || exit 1

SOCKDIR=$(mktemp -d /tmp/ctl_socket.XXXXXX)
chmod 755 "$SOCKDIR"
SOCK=$SOCKDIR/mipxfrmd.ctl

new_ns moon
n moon ip link add home type dummy
n moon ip addr add $HA/64 dev home nodad
n moon ip link set home up
ch_pki
mx_moon_root

# start_daemon: mipxfrmd in moon on the seed tree (ip netns exec execs
# it, so $MX_PID is the daemon's own pid); waits until its socket
# answers, or it died, at most 5 s.
start_daemon() {
	local i
	ip netns exec "moon-$$" "$MIPXFRMD" -f -d --root "$MX_ROOT" \
		--ctl-socket "$SOCK" >>"$MX_LOG" 2>&1 &
	MX_PID=$!
	for i in $(seq 50); do
		quietly "$MIPXFRMCTL" status --socket "$SOCK" && return 0
		kill -0 "$MX_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

ctl() { n moon "$MIPXFRMCTL" "$@" --socket "$SOCK"; }
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

check "mipxfrmd starts with --ctl-socket" start_daemon
check "the socket is srw------- root root" \
	same "$(stat -c '%A %U %G' "$SOCK")" "srw------- root root"

out=$(as_nobody "$MIPXFRMCTL" status --socket "$SOCK" 2>&1)
st=$?
check "nobody: status exits 1" [ $st = 1 ]
check "nobody: 'Permission denied (only root may)'" has "Permission denied (only root may)" "$out"

# Past the file mode, the daemon's own check: SO_PEERCRED.
chmod 666 "$SOCK"
out=$(as_nobody "$MIPXFRMCTL" status --socket "$SOCK" 2>&1)
st=$?
check "nobody past the mode: status exits 1" [ $st = 1 ]
check "nobody past the mode: 'uid 65534 is not root'" \
	has "mipxfrmd: permission denied: uid 65534 is not root" "$out"
check "the refusal is logged" has "refused uid 65534" "$(cat "$MX_LOG")"

# The daemon answers a refused client at once and closes; the client may
# send its request only after that (strace holds the send back 0.3 s, as
# a slow client would be). The refusal must reach it all the same, and
# nothing else may be said.
out=$(strace -f -qq -o /dev/null -e trace=sendto \
	-e inject=sendto:delay_enter=300000 \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$MIPXFRMCTL" status --socket "$SOCK" 2>&1)
st=$?
check "a refused client that sends late: status exits 1" [ $st = 1 ]
check "a refused client that sends late: only the refusal" same "$out" \
	"mipxfrmd: permission denied: uid 65534 is not root" || diag "$out"
refused=0
for i in $(seq 50); do
	out=$(as_nobody "$MIPXFRMCTL" status --socket "$SOCK" 2>&1)
	if [ "$out" = "mipxfrmd: permission denied: uid 65534 is not root" ]; then
		refused=$((refused + 1))
	elif [ -z "${other-}" ]; then
		other=$out
		diag "refused client $i was told: $other"
	fi
done
chmod 600 "$SOCK"
check "50 refused clients in a row: 50 told exactly why" same "$refused" 50

out=$(ctl status)
check "root: status exits 0" [ $? = 0 ]
diag "$out"
check "status: 'Status of mipxfrmd'" has "^Status of mipxfrmd (mipxfrm " "$out"
check "status: uptime" has "^  uptime: [0-9]* seconds\?, since " "$out"
check "status: listening on $HA" has "^  $HA\$" "$out"
for cr in carol-mh:1 carol-tunnel:2 dave-mh:3 dave-tunnel:4; do
	check "status: ${cr%:*} reqid ${cr#*:}" \
		has "^ *${cr%:*}: [A-Z_]*, reqid ${cr#*:} " "$out"
done
check "status: 4 conns under Connections:" \
	same "$(sed -n '/^Connections:/,/^Security/p' <<<"$out" | grep -c 'reqid')" 4
check "status: 'Security Associations (0 up, 0 connecting):'" \
	has "^Security Associations (0 up, 0 connecting):\$" "$out"
check "status: no status line left in the output" lacks "^OK\$" "$out"

json=$(ctl status --json)
check "status --json exits 0" [ $? = 0 ]
check "json: conns are the seed's four" same \
	"$(jq -r '[.conns[].name] | join(" ")' <<<"$json")" \
	"carol-mh carol-tunnel dave-mh dave-tunnel"
check "json: reqids 1 2 3 4" same \
	"$(jq -r '[.conns[].reqid_in] | join(" ")' <<<"$json")" "1 2 3 4"
check "json: no IKE SAs" same "$(jq -c .ike_sas <<<"$json")" "[]"
check "json: daemon version" quietly jq -e '.daemon.version | length > 0' \
	<<<"$json"

out=$(ctl up nosuchconn 2>&1)
st=$?
check "up nosuchconn: exit status 1" [ $st = 1 ]
check "up nosuchconn: says no such conn" \
	has "mipxfrmd: no conn 'nosuchconn' is loaded" "$out"
out=$(ctl frobnicate 2>&1)
check "unknown command: exit status 2" [ $? = 2 ]

# A silent client: connects, says so in a file, sends nothing, holds the
# connection 8 s. The daemon drops it after 5 s; a status blocked behind
# it would take that long, so under 4 s means it was not (TCG is slow:
# a status alone takes up to 2.5 s there).
n moon python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1]); open(sys.argv[2], "w").close(); time.sleep(8)' \
	"$SOCK" "$SOCKDIR/connected" &
silent=$!
for i in $(seq 200); do [ -e "$SOCKDIR/connected" ] && break; sleep 0.1; done
t0=$(date +%s%N)
out=$(timeout 4 "$MIPXFRMCTL" status --socket "$SOCK" 2>&1)
st=$?
t1=$(date +%s%N)
check "a silent client is connected" [ -e "$SOCKDIR/connected" ]
check "status beside a silent client: exit 0 within 4 s" [ $st = 0 ]
diag "status took $(((t1 - t0) / 1000000)) ms beside a silent client"
wait $silent 2>/dev/null
check "the silent client was dropped (logged)" \
	has "idle for 5000 ms, dropped" "$(cat "$MX_LOG")"

# A second daemon on the same socket (another IKE port) must refuse.
n moon "$MIPXFRMD" -f --root "$MX_ROOT" --ctl-socket "$SOCK" --port 10500 \
	>"$CH_DIR/second.log" 2>&1
st=$?
check "a second daemon on the socket: exit 1" [ $st = 1 ]
check "a second daemon: 'another mipxfrmd answers there'" \
	has "another mipxfrmd answers there" "$(cat "$CH_DIR/second.log")"
check "the first daemon still answers" quietly ctl status

# Killed: the socket file stays; the next start replaces it.
kill -9 "$MX_PID"
wait "$MX_PID" 2>/dev/null
check "after SIGKILL the socket file stays" [ -S "$SOCK" ]
check "a new daemon replaces the stale socket" start_daemon
check "the stale socket was logged" has "removing the stale socket" "$(cat "$MX_LOG")"
check "the new daemon answers" quietly ctl status
kill "$MX_PID"
wait "$MX_PID"
check "SIGTERM: the daemon exits 0" [ $? = 0 ]
MX_PID=
check "SIGTERM removes the socket file" [ ! -e "$SOCK" ]

diag "mipxfrmd's log, last lines:"
tail -n 12 "$MX_LOG" | sed 's/^/#   /'
done_testing
