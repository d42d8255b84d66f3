#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mipxfrmd's command line, run as a user runs it (the built binary, TAP
# output): --check is a dry run that writes nothing, also as a user
# who may write nowhere; a relative --state is relative to the working
# directory; a bad option prints the error and a one-line hint.
#
#   $T/root/etc          the seed's files, a test PKI, ": RSA moonKey.pem",
#                        and one conn "extra" whose reqid is derived
#   $T/root/var/lib/mipxfrm/reqids
#                        a running daemon's state file (without "extra")
set -u
cd "$(dirname "$0")/.." || exit 1
MIPXFRMD=$PWD/mipxfrmd
T=$(mktemp -d /tmp/cli_test.XXXXXX)
R=$T/root
n=0
failed=0
# Where a daemon that resolves a relative --state against / writes it.
STRAY=/mipxfrm-cli_test-state
trap 'rm -rf "$T"; rm -f "$STRAY/reqids"; rmdir "$STRAY" 2>/dev/null' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# check NAME CMD...: one assertion; the output of a failing one is shown.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# has FILE LINE: FILE has LINE exactly.
has() {
	grep -qxF -- "$2" "$1" && return 0
	echo "#   $1 lacks: $2"
	sed 's/^/#   | /' "$1"
	return 1
}
same() {
	[ "$1" = "$2" ] && return 0
	echo "#   got:  $1"
	echo "#   want: $2"
	return 1
}

# A tree every user may read and only root may write.
chmod 755 "$T"
mkdir -p "$R/var/lib/mipxfrm"
cp -r tests/fixtures/seed/etc "$R/"
tests/fixtures/mkcerts.sh "$T/pki" >/dev/null || exit 1
cp -r "$T/pki/ipsec.d" "$R/etc/"
echo ': RSA moonKey.pem' >"$R/etc/ipsec.secrets"
printf 'conn extra\n\talso=ha\n\trightsubnet=10.3.0.0/16\n\tauto=add\n' \
	>>"$R/etc/ipsec.conf"
printf '# mipxfrmd: reqids derived for conns without reqid=\nroad 20000\n' \
	>"$R/var/lib/mipxfrm/reqids"
chmod -R a+rX "$T"
touch -d '2026-01-01 00:00' "$R/var/lib/mipxfrm/reqids"
live=$(stat -c '%s %Y' "$R/var/lib/mipxfrm/reqids")

# 1. Beside a running daemon: its state file stays as it is.
"$MIPXFRMD" --check --root "$R" >"$T/out" 2>"$T/err"
check "--check beside a live state file: exit 0" same "$?" 0
check "--check shows extra's derived reqid" \
	grep -qE '^ *extra: TUNNEL, reqid [0-9]+ derived, kept in /var/lib/mipxfrm/reqids$' "$T/out"
check "--check leaves the live state file as it was" \
	same "$(stat -c '%s %Y' "$R/var/lib/mipxfrm/reqids")" "$live"
check "--check writes no temporary file next to it" \
	same "$(ls -A "$R/var/lib/mipxfrm")" reqids

# 2. As a user who may write nowhere in the tree (the tree root's, not
#    even its var/lib there yet), traced: no system call of the run may
#    create, open for writing, rename or remove anything, /tmp included.
#    (A mount namespace with a read-only /tmp would do too, but cannot
#    be made inside a chroot such as scripts/fresh-check's.)
rm -r "$R/var"
if [ "$(id -u)" != 0 ] || ! command -v strace >/dev/null; then
	skip "--check as nobody writes nothing" "needs root (setpriv) and strace"
else
	strace -f -qq -o "$T/trace" -e trace=%file,%desc \
		setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$MIPXFRMD" --check --root "$R" >"$T/out" 2>"$T/err"
	st=$?
	[ "$st" = 0 ] || sed 's/^/#   stderr: /' "$T/err"
	check "--check as nobody: exit 0" same "$st" 0
	check "--check as nobody lists extra with a derived reqid" \
		grep -qE '^ *extra: TUNNEL, reqid [0-9]+ derived' "$T/out"
	check "--check as nobody made no state directory" \
		same "$(ls -A "$R")" etc
	writes=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|(^|[ ])(creat|mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|rmdir|link|linkat|symlink|symlinkat|truncate|mknod|mknodat)\(' "$T/trace" |
		grep -vE '"/dev/(null|tty)"')
	check "--check as nobody: no call that writes to the file system" \
		same "$writes" ""
fi

# 3. A relative --state is read from the working directory, not from /
#    (nor from below --root).
mkdir -p "$T/cwd/${STRAY#/}"
echo 'extra 20001' >"$T/cwd/$STRAY/reqids"
(cd "$T/cwd" && "$MIPXFRMD" --check --root "$R" --state "${STRAY#/}/reqids") \
	>"$T/out" 2>"$T/err"
check "relative --state: exit 0" same "$?" 0
check "relative --state: extra's reqid read from the working directory" \
	has "$T/out" "       extra: TUNNEL, reqid 20001 derived, kept in ${STRAY#/}/reqids"
check "relative --state: nothing written at /" [ ! -e "$STRAY" ]

# 4. A bad option: the error and a hint, not 80 lines of usage.
"$MIPXFRMD" --bogus >"$T/out" 2>"$T/err"
check "unknown option: exit 2" same "$?" 2
check "unknown option: the error, then one hint line" \
	same "$(cat "$T/err")" "mipxfrmd: unrecognized option '--bogus'
Try 'mipxfrmd --help' for more information."
check "unknown option: nothing on stdout" same "$(cat "$T/out")" ""
"$MIPXFRMD" --check --root >"$T/out" 2>"$T/err"
check "option without its argument: exit 2 and two lines" \
	same "$?:$(cat "$T/err")" "2:mipxfrmd: option '--root' requires an argument
Try 'mipxfrmd --help' for more information."

echo "1..$n"
exit $failed
