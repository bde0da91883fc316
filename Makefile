# lkbot's build. Every target installs what it needs when it is missing:
# Debian packages (libvpx-dev, pkg-config, nodejs, npm), the pinned LiveKit
# server (built from its own tools module into bin/) and the Node test peer.

GO       ?= go
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LIVEKIT  := bin/livekit-server
PEER_DIR := internal/testpeer/node
PEER_MODULES := $(PEER_DIR)/node_modules/.package-lock.json
TEST_TIMEOUT ?= 25m

.PHONY: all build build-arm64 deps testdeps test test-short test-repeat drill soak test-arm64 test-call-soak test-density bench demo fuzz models vet clean report-screenshot compare-lk-load-test

all: build

# lkbot --version reports these; without them it falls back to the VCS
# revision Go records in the binary.
VERSION ?= $(shell git describe --tags --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -modified)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/lkbot ./cmd/lkbot

## build-arm64: cross-compile lkbot for linux/arm64 kiosks into
## bin/lkbot-linux-arm64 (static libvpx, -tags nox11: the device needs only
## glibc 2.35 or newer); installs the cross toolchain and libvpx-dev:arm64.
build-arm64:
	GO="$(GO)" LDFLAGS="$(LDFLAGS)" bash scripts/build-arm64.sh

## test-arm64: cross-build, then run the arm64 lkbot under qemu-user against
## a real server, publishing VP8 and H.264 with Opus (about a minute warm).
test-arm64: $(LIVEKIT)
	LKBOT_TEST_ARM64=1 $(GO) test -count=1 -v -timeout 20m ./internal/crossbuild/

## deps: system packages cgo needs: libvpx for the codecs, libX11 and
## libXext for screen capture (a -tags nox11 build needs neither).
deps:
	@if ! pkg-config --exists vpx x11 xext 2>/dev/null; then \
		echo "installing libvpx-dev, libx11-dev, libxext-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libvpx-dev libx11-dev libxext-dev pkg-config >/dev/null; \
	fi

## testdeps: everything the integration tests and the demo need: ffmpeg
## makes media files, PulseAudio stands in for a sound card and Xvfb for a
## display.
TEST_TOOLS := ffmpeg:ffmpeg pulseaudio:pulseaudio pactl:pulseaudio-utils Xvfb:xvfb xlogo:x11-apps xsetroot:x11-xserver-utils
testdeps: deps $(LIVEKIT) $(PEER_MODULES) testtools

.PHONY: testtools
testtools:
	@missing=""; for t in $(TEST_TOOLS); do \
		command -v $${t%%:*} >/dev/null || missing="$$missing $${t#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(LIVEKIT): tools/livekit-server/go.mod tools/livekit-server/go.sum
	@echo "building livekit-server (pinned in tools/livekit-server/go.mod)"
	cd tools/livekit-server && $(GO) build -o ../../$(LIVEKIT) github.com/livekit/livekit-server/cmd/server

$(PEER_MODULES): $(PEER_DIR)/package.json $(PEER_DIR)/package-lock.json
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "installing nodejs and npm"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	cd $(PEER_DIR) && npm ci --no-audit --no-fund --loglevel=error

## test: unit and integration tests against a real LiveKit server, with -race.
test: testdeps
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) test -race -count=1 -p 1 -timeout $(TEST_TIMEOUT) ./...

## test-repeat: run the full test N times in a row (N=5 by default), with
## each run's result and wall time; fails unless every run passed.
N ?= 5
test-repeat: testdeps
	MAKE="$(MAKE)" bash scripts/test-repeat.sh $(N)

## drill: the kiosk's fault drill at full length: the server SIGKILLed
## and restarted on its ports DRILL_CYCLES times (20), down 1 to 60 s each;
## make test runs 3 short cycles of the same test.
DRILL_CYCLES ?= 20
drill: testdeps
	LKBOT_DRILL_CYCLES=$(DRILL_CYCLES) $(GO) test -race -count=1 -run '^TestServerRestartDrill$$' -timeout 90m -v ./bot/

## soak: one kiosk bot against a server SIGKILLed every 2 to 5 minutes
## (down 1 to 60 s), for DURATION (1h); writes soak-report.md: restarts,
## rejoins, the longest time out of the room, and each minute's
## goroutines, live heap, RSS and CPU.
DURATION ?= 1h
soak: testdeps
	LKBOT_SOAK=$(DURATION) LKBOT_SOAK_REPORT=$(CURDIR)/soak-report.md $(GO) test -count=1 -run '^TestSoak$$' -timeout 0 -v ./bot/

## test-short: unit tests only, no server.
test-short: deps
	$(GO) test -short -count=1 ./...

## bench: benchmarks whose figures README's performance section reports.
bench: testdeps
	$(GO) test -run '^$$' -bench . -benchtime 3s -count 1 ./media/... ./processors/... ./record/...
	$(GO) test -run '^$$' -bench BenchmarkPublish -benchtime 1x -count 1 ./bot/
	$(GO) test -run '^$$' -bench . -benchtime 1s -count 1 ./load/quality/ ./load/report/
	$(GO) test -run '^$$' -bench BenchmarkMediaPerPublisher -benchtime 1x -count 1 ./load/

## demo: a real server, a publishing bot and a bot that prints what it receives.
demo: testdeps build
	$(GO) run ./examples/demo

## fuzz: run every fuzz target in the module briefly (FUZZTIME, default 20s).
fuzz: deps
	GO="$(GO)" bash scripts/fuzz.sh

## test-call-soak: 500 lkbot call runs in a row against one bot; none may fail.
test-call-soak: testdeps
	LKBOT_CALL_RUNS=500 $(GO) test -race -count=1 -p 1 -run '^TestCallManyTimes$$' ./cmd/lkbot

## test-density: how many audio-only subscribers one process holds, with
## goroutines, memory, CPU and file descriptors per subscriber (long).
test-density: testdeps
	$(GO) test -run '^$$' -bench BenchmarkDensity -benchtime 1x -timeout 20m ./load/

## report-screenshot: docs/load-report.png, the HTML report of the committed
## two-shard sample run (load/report/testdata), merged, in headless Chromium.
report-screenshot: build
	LKBOT=bin/lkbot bash scripts/report-screenshot.sh

## compare-lk-load-test: lkbot load against lk load-test on the same work
## (LK=path/to/lk; about 30 min).
RUNS ?= 2
compare-lk-load-test: testdeps build
	LK="$(LK)" bash scripts/compare-lk-load-test.sh $(RUNS)

## models: fetch the segmentation models again from npm and check their sha256
## (they are committed and embedded; this shows where they come from).
models:
	bash scripts/fetch-models.sh

clean:
	rm -rf bin $(PEER_DIR)/node_modules
