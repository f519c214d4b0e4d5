#!/usr/bin/env bash
# Runs the whole test suite: installs missing system packages, checks gofmt
# and go vet, then runs every test (end-to-end tests included; they start Xvfb
# and openbox themselves when there is no display) with the race detector.
#
#   scripts/test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
install_missing $TEST_PACKAGES
install_npm
ensure_tsc
ensure_selenium
ensure_go

unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet ./...
echo "unit tests of the core against a fake engine (no display):"
go test -race -count=1 -tags fakeengine .
go test -race -count=1 -timeout 25m "$@" ./...
# cmd/gotonium is a module of its own (nfpm's dependencies stay out of the
# library's): init, dev, doctor and package, against this checkout. In CI
# (CI=true) its package test installs the .deb it made with apt-get (sudo when not root).
echo "the gotonium command (cmd/gotonium):"
(cd cmd/gotonium && go vet ./... && go test -race -count=1 -timeout 15m "$@" ./...)
