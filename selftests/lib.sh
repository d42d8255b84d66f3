# Shared by the shell selftests: TAP output, namespaces named with $$ and
# removed on exit, traced helpers. Sourced, not run.

TESTS_RUN=0
TESTS_FAILED=0
NETNS=()

# need TOOL...: the programs a test runs beyond Debian's essential set. A
# missing one fails the test at once, naming it and its package, instead
# of the test failing later for a reason nobody can see (or hanging).
need() {
	local tool missing=()
	for tool; do
		command -v "$tool" >/dev/null || missing+=("$tool ($(package_of "$tool"))")
	done
	[ ${#missing[@]} = 0 ] && return 0
	echo "not ok 1 missing: ${missing[*]}; run scripts/setup"
	echo "1..1"
	exit 1
}

package_of() {
	case $1 in
	ip | ss) echo iproute2 ;;
	sysctl) echo procps ;;
	ping) echo iputils-ping ;;
	modprobe) echo kmod ;;
	ipsec) echo strongswan-starter ;;
	pki) echo strongswan-pki ;;
	*) echo "$1" ;;
	esac
}

need ip modprobe

ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	echo "ok $TESTS_RUN $*"
}

not_ok() {
	TESTS_RUN=$((TESTS_RUN + 1))
	TESTS_FAILED=$((TESTS_FAILED + 1))
	echo "not ok $TESTS_RUN $*"
}

# check NAME CMD...: one TAP line for whether CMD succeeds; returns CMD's
# success, so that "check ... || diag ..." can say what was seen.
check() {
	local name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name"
		return 1
	fi
}

has() { grep -q -- "$1" <<<"$2"; }
lacks() { ! grep -q -- "$1" <<<"$2"; }
count_is() { [ "$(grep -c -- "$2" <<<"$3")" = "$1" ]; }
same() { [ "$1" = "$2" ]; }
fails() { ! "$@" 2>/dev/null; }
quietly() { "$@" >/dev/null 2>&1; }

# eventually SECS CMD...: CMD succeeds within SECS seconds (for state a
# peer changes after logging it, e.g. SAs removed on a Delete, or what a
# background monitor writes: tests poll for it instead of sleeping).
eventually() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}

diag() {
	echo "$*" | sed 's/^/# /'
}

# new_ns NAME: a namespace "NAME-$$" with lo up; run in it with: n NAME CMD
new_ns() {
	ip netns add "$1-$$"
	NETNS+=("$1-$$")
	ip -n "$1-$$" link set lo up
}

n() {
	local ns=$1
	shift
	ip netns exec "$ns-$$" "$@"
}

cleanup_ns() {
	local ns
	for ns in "${NETNS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}

done_testing() {
	echo "1..$TESTS_RUN"
	[ "$TESTS_FAILED" = 0 ]
}

# xfrm_objects NS state|policy: the listing, one object per line, sorted,
# so that two listings compare whatever order the kernel dumps in.
xfrm_objects() {
	n "$1" ip xfrm "$2" list |
		awk '/^[^ \t]/ { if (o != "") print o; o = $0; next }
		     { gsub(/^[ \t]+/, " "); o = o $0 }
		     END { if (o != "") print o }' | sort
}
