// Package crossbuild tests lkbot's linux/arm64 cross build
// (scripts/build-arm64.sh, `make build-arm64`): its test cross-compiles
// lkbot, runs the arm64 binary under qemu-user against a real LiveKit
// server and checks, from a subscriber on the host, that libvpx (VP8),
// openh264 (H.264) and Opus encoded what it published.
//
// The cross build takes minutes, so the test runs only with
// LKBOT_TEST_ARM64=1 (`make test-arm64`) and skips otherwise.
package crossbuild
