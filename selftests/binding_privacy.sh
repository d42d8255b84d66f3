#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binding_privacy: a binding says where a mobile is, so who may read it
# is who may read XFRM state - CAP_NET_ADMIN over the namespace.
#
#   moon (Home Agent): bindings for carol and dave
#     root                         sees both, follows the events
#     uid 65534 (setpriv)          refused: binding show, --dump, monitor
#     root of a new user namespace refused likewise (its capabilities are
#                                  over its own user namespace, not moon's)
#
# Asserts what mipxfrmctl prints, next to what `ip xfrm state` does for
# the same callers.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./seed.sh
CTL=$(realpath ../helper/mipxfrmctl)

trap cleanup_ns EXIT
modprobe mipxfrm || exit 1
new_ns moon
n moon $CTL binding add $HOA ha $HA reqid-mh 1 reqid-tunnel 2 coa $COA
n moon $CTL binding add $DAVE_HOA ha $HA reqid-mh 3 reqid-tunnel 4 coa $DAVE_COA

# Command prefixes (not functions: ip netns exec runs programs).
AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
IN_USERNS="unshare --user --map-root-user"

check "root: binding show --dump lists both mobiles" \
	count_is 2 "^2001:1::" "$(n moon $CTL binding show --dump)"

# refused WHO RUN: RUN is the command prefix that becomes WHO.
refused() {
	local who=$1 run=$2 out st
	check "$who: can run mipxfrmctl at all" \
		quietly n moon $run $CTL version
	check "$who: ip xfrm state refused (the reference)" \
		fails n moon $run ip xfrm state list
	out=$(n moon $run $CTL binding show --dump 2>&1)
	st=$?
	check "$who: binding show --dump exits 1" same $st 1
	check "$who: binding show --dump says EPERM" \
		has "Operation not permitted" "$out"
	check "$who: binding show --dump shows no HoA or CoA" \
		lacks "2001:" "$out"
	out=$(n moon $run $CTL binding show $HOA 2>&1)
	check "$who: binding show HOA says EPERM" \
		has "Operation not permitted" "$out"
	check "$who: binding show HOA shows no CoA" lacks "$COA" "$out"
	# Bounded: before the fix the monitor joined and waited for events.
	out=$(n moon timeout 10 $run $CTL monitor 1 2>&1 </dev/null)
	st=$?
	diag "$who: monitor: status $st: $(head -n1 <<<"$out")"
	check "$who: monitor exits 1" same $st 1
	check "$who: monitor cannot join the events group" \
		has "cannot join the events group: Operation not permitted" "$out"
}
refused "uid 65534" "$AS_NOBODY"
refused "root of a new user namespace" "$IN_USERNS"

n moon $CTL monitor 1 >"/tmp/events-$$" &
monitor=$!
# Refreshes until the monitor has seen one (it joins at some point after
# it starts); bounded, whatever the guest's speed.
seq=0
while kill -0 $monitor 2>/dev/null && [ $seq -lt 100 ]; do
	seq=$((seq + 1))
	n moon $CTL binding update $HOA coa $COA seq $seq lifetime 60
	sleep 0.1
done
kill $monitor 2>/dev/null
wait $monitor
check "root: monitor saw carol's binding" \
	has "^updated $HOA coa $COA" "$(cat "/tmp/events-$$")"
rm -f "/tmp/events-$$"
done_testing
