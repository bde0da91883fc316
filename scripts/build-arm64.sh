#!/usr/bin/env bash
# Cross-compiles lkbot for linux/arm64 (kiosk devices) on a Debian amd64
# host: `make build-arm64`, or `bash scripts/build-arm64.sh [--with-qemu]`.
#
# The binary, bin/lkbot-linux-arm64 (or $OUT), needs nothing on the device
# but glibc 2.35 or newer (Debian 12, Ubuntu 22.04, Raspberry Pi OS
# bookworm):
#   - libvpx is linked statically, through build/arm64/pkgconfig/vpx.pc,
#     which names Debian's /usr/lib/aarch64-linux-gnu/libvpx.a;
#   - openh264 and Opus are static archives shipped inside
#     github.com/pion/mediadevices for linux/arm64;
#   - libstdc++ and libgcc (openh264 is C++) are linked statically;
#   - it is built with -tags nox11: no X11 screen capture, so a kiosk image
#     needs no libX11 or libXext.
#
# Missing Debian packages are installed (with sudo when not root):
# gcc-aarch64-linux-gnu, g++-aarch64-linux-gnu, pkg-config and, after
# `dpkg --add-architecture arm64`, libvpx-dev:arm64; with --with-qemu also
# qemu-user, which runs the binary on this host (internal/crossbuild's
# test): `qemu-aarch64 -L / bin/lkbot-linux-arm64 --version`. Use -L /, not
# -L /usr/aarch64-linux-gnu: with libc6:arm64 installed (libvpx-dev:arm64
# brings it), the cross toolchain's loader would load that libc through the
# host's ld.so.cache, and the two glibc builds together hang.
#
# Environment: LDFLAGS replaces the default -ldflags (version stamping as
# the Makefile's build target does); OUT is the output path; GO the go
# command.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

GO=${GO:-go}
OUT=${OUT:-bin/lkbot-linux-arm64}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
LIBVPX_A=/usr/lib/aarch64-linux-gnu/libvpx.a

with_qemu=false
for arg in "$@"; do
	case $arg in
	--with-qemu) with_qemu=true ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "build-arm64: unknown argument $arg (try --help)" >&2
		exit 2
		;;
	esac
done

# deps installs what is missing. libvpx-dev:arm64 needs the arm64
# architecture added to dpkg first (Debian's mirror carries it); being
# Multi-Arch: same, it must be the same version as an installed
# libvpx-dev:amd64, which apt upgrades along with it if need be.
deps() {
	local missing=()
	command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
	command -v aarch64-linux-gnu-g++ >/dev/null || missing+=(g++-aarch64-linux-gnu)
	command -v pkg-config >/dev/null || missing+=(pkg-config)
	[ -f "$LIBVPX_A" ] || missing+=(libvpx-dev:arm64)
	if $with_qemu; then
		command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
	fi
	[ ${#missing[@]} = 0 ] && return 0
	echo "build-arm64: installing ${missing[*]}"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$SUDO dpkg --add-architecture arm64
	fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}
deps

if [ -z "${LDFLAGS:-}" ]; then
	version=$(git describe --tags --dirty 2>/dev/null || echo dev)
	commit=$(git rev-parse HEAD 2>/dev/null || true)
	if [ -n "$commit" ] && ! git diff --quiet HEAD 2>/dev/null; then
		commit="$commit-modified"
	fi
	LDFLAGS="-X main.version=$version -X main.commit=$commit"
fi

mkdir -p "$(dirname "$OUT")"
echo "build-arm64: building $OUT (linux/arm64, cgo, -tags nox11, static libvpx)"
start=$(date +%s)
# PKG_CONFIG_LIBDIR alone decides where pkg-config looks: the host's amd64
# .pc files must not leak into the arm64 link. -static-libstdc++ and
# -static-libgcc go to the final link (g++, since openh264's bridge is C++).
env -u PKG_CONFIG_SYSROOT_DIR \
	CGO_ENABLED=1 GOOS=linux GOARCH=arm64 \
	CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ \
	PKG_CONFIG="${PKG_CONFIG:-pkg-config}" \
	PKG_CONFIG_LIBDIR="$ROOT/build/arm64/pkgconfig" \
	PKG_CONFIG_PATH="$ROOT/build/arm64/pkgconfig" \
	"$GO" build -tags nox11 \
	-ldflags "$LDFLAGS -extldflags '-static-libstdc++ -static-libgcc'" \
	-o "$OUT" ./cmd/lkbot
echo "build-arm64: built in $(($(date +%s) - start))s"

# What the device must provide: glibc's pieces only. A libvpx, libX11 or
# libstdc++ here means the static link above did not happen.
needed=$(aarch64-linux-gnu-readelf -d "$OUT" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if command -v file >/dev/null; then
	file "$OUT"
fi
# glibc's symbol versions set the oldest glibc the device may have (2.34
# at least: this links against Debian 12's 2.36, where libpthread's
# functions moved into libc; the static libgcc's unwinder wants 2.35).
glibc=$(aarch64-linux-gnu-objdump -T "$OUT" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
echo "build-arm64: $(du -h "$OUT" | cut -f1), needs:" $needed "(${glibc/_/ } or newer)"
for lib in $needed; do
	case $lib in
	libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | ld-linux-aarch64.so.*) ;;
	*)
		echo "build-arm64: $OUT needs $lib, which a kiosk device may not have" >&2
		exit 1
		;;
	esac
done
