# Shared by scripts/setup and scripts/vm: where the guest kernel and the
# extracted kernel-tree files live. Sourced, not run.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MIPXFRM_CACHE:-$REPO/.cache}

# The guest boots the kernel that matches the headers the module is built
# against: Debian's linux-headers-amd64 names it. Prints nothing (and
# succeeds) before that package is installed: scripts/setup installs it,
# and every other script says "run scripts/setup" when KVER is empty.
guest_kver() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) || return 0
	sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p' <<<"$dep"
}

KVER=${KVER:-$(guest_kver)}
KIMAGE=$CACHE/kernel/$KVER
HARNESS=$CACHE/linux/tools/testing/selftests
CHECKPATCH=$CACHE/linux/scripts/checkpatch.pl

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}
