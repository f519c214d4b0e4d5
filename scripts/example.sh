#!/usr/bin/env bash
# Builds and runs an example (default: multiwindow), installing missing system
# packages first. With no display it runs the example under Xvfb, saves a
# screenshot of the screen to build/<example>.png and stops the example.
#
#   scripts/example.sh [multiwindow]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
install_missing $RUN_PACKAGES
ensure_go

name=${1:-multiwindow}
mkdir -p build
go build -o "build/$name" "./examples/$name"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
	exec "build/$name"
fi

echo "No display: running $name under Xvfb."
start_headless
trap stop_headless EXIT
"build/$name" &
app=$!
# Wait for the windows to show up, then give the pages a moment to paint.
for _ in $(seq 100); do
	xprop -root _NET_CLIENT_LIST 2>/dev/null | grep -q "window id" && break
	sleep 0.1
done
sleep 2
import -window root "build/$name.png"
kill -INT "$app" 2>/dev/null || true  # it may have finished by itself
wait "$app"
echo "Screenshot saved to $(pwd)/build/$name.png"
