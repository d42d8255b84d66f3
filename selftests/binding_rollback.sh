#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binding_rollback: a BINDING_UPDATE failed at each of its steps in turn
# (every allocation, lookup, insert and swap, through the module's
# fault-injection knob) leaves `ip xfrm state` and `ip xfrm policy` exactly
# as they were, says which object failed, and counts the rollback.
#
# Three transactions are broken step by step on the seed's Home Agent
# state (moon, carol and dave as in binding_rebind): carol's first
# registration, which adopts the seed's RO states and creates the RO
# policies; her move to a new CoA, which clones the tunnel SAs and moves
# the tunnel policies; and the first registration of a mobile with no
# state yet (erin), which creates the RO states too.
set -u
cd "$(dirname "$0")" || exit 1
. ./lib.sh
. ./seed.sh
CTL=../helper/mipxfrmctl
KNOB=/sys/kernel/debug/mipxfrm/fail_step
NEW=2001::50

trap 'echo 0 >$KNOB 2>/dev/null; cleanup_ns' EXIT
modprobe mipxfrm || exit 1
check "fault-injection knob is root-only" \
	same "$(stat -c %a $KNOB)" 600
new_ns moon
seed_moon_state
n moon $CTL binding add $HOA ha $HA reqid-mh 1 reqid-tunnel 2 coa $COA
ERIN=2001:1::30
n moon $CTL binding add $ERIN ha $HA reqid-mh 5 reqid-tunnel 6

# break_each NAME HOA COA: fails step 1, 2, ... of the update until it
# succeeds; after each failure the dumps must equal the ones before.
seq=1
break_each() {
	local name=$1 hoa=$2 coa=$3 step=0 state policy err steps_ok=1 rollbacks
	state=$(xfrm_objects moon state)
	policy=$(xfrm_objects moon policy)
	while :; do
		step=$((step + 1))
		echo $step >$KNOB
		seq=$((seq + 1))
		if err=$(n moon $CTL binding update $hoa coa $coa seq $seq lifetime 3600 2>&1); then
			break
		fi
		if ! same "$(xfrm_objects moon state)" "$state" ||
		   ! same "$(xfrm_objects moon policy)" "$policy"; then
			not_ok "$name: step $step failed, dumps changed"
			diff <(echo "$state"; echo "$policy") \
				<(xfrm_objects moon state; xfrm_objects moon policy) | sed 's/^/# /'
			steps_ok=0
		elif ! has "^Error: " "$err"; then
			not_ok "$name: step $step failed without an extack message"
			steps_ok=0
		else
			diag "$name: step $step: $(head -n1 <<<"$err")"
		fi
		[ $step -lt 40 ] || { not_ok "$name: still failing at step 40"; break; }
	done
	echo 0 >$KNOB
	check "$name: $((step - 1)) fallible steps, each rolled back to identical dumps" \
		[ $steps_ok = 1 ] && [ $step -gt 1 ]
	rollbacks=$(n moon $CTL binding show $hoa --dump | cut -f11)
	diag "$name: binding rollbacks now $rollbacks"
	check "$name: the update succeeded once nothing failed" \
		has "coa $coa" "$(n moon $CTL binding show $hoa)"
}

break_each "first registration" $HOA $COA
before_move=$(n moon $CTL binding show $HOA --dump | cut -f11)
break_each "move to $NEW" $HOA $NEW
check "rollbacks are counted" \
	[ "$(n moon $CTL binding show $HOA --dump | cut -f11)" -gt "$before_move" ]
moved=$(xfrm_objects moon state)
check "after the move the tunnel SAs are at $NEW" \
	has "src $NEW dst $HA proto esp spi 0xc190d5ba" "$moved"
check "no tunnel SA is left at the old CoA" \
	lacks "src $COA dst $HA proto esp" "$moved"
break_each "registration creating the RO states" $ERIN 2001::30:1
erin=$(xfrm_objects moon state)
check "erin's route2 and hao states exist" \
	count_is 2 "coa 2001::30:1" "$erin"
done_testing
