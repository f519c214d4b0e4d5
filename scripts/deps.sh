# Sourced by scripts/example.sh and scripts/test.sh: installs what gotonium
# needs on Debian or Ubuntu when it is missing, and finds Go.

# Building and running: the compiler, WebKitGTK, Mesa's drivers (WebKit aborts
# without them), and for runs with no display Xvfb, openbox and ImageMagick.
RUN_PACKAGES="gcc libc6-dev pkg-config libwebkit2gtk-4.1-dev libgl1-mesa-dri xvfb xauth openbox imagemagick x11-utils librsvg2-common"
# Testing adds input synthesis and window-manager tools, a session bus,
# a notification server (dunst) and the desktop database tools (the tray,
# notification and single-instance tests start a private session bus) and
# WebKitWebDriver (the W3C WebDriver test).
TEST_PACKAGES="$RUN_PACKAGES xdotool wmctrl xclip gstreamer1.0-plugins-good dbus-daemon dunst desktop-file-utils xdg-utils libglib2.0-bin webkit2gtk-driver rpm"

# install_missing PACKAGE... installs the packages dpkg does not know as installed.
install_missing() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing system packages: ${missing[*]}" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# install_npm installs npm (for the TypeScript check) when there is none.
install_npm() {
	command -v npm >/dev/null 2>&1 || install_missing npm
}

# ensure_tsc installs TypeScript once (for the tests that type-check the
# generated .d.ts files) and puts its tsc on PATH, so that no test installs
# anything while it runs.
ensure_tsc() {
	command -v tsc >/dev/null 2>&1 && return 0
	local dir="${XDG_CACHE_HOME:-$HOME/.cache}/gotonium-tsc"
	if [ ! -x "$dir/node_modules/.bin/tsc" ]; then
		echo "Installing TypeScript 5 with npm into $dir (once, for the .d.ts checks)" >&2
		mkdir -p "$dir"
		npm install --prefix "$dir" --no-audit --no-fund --loglevel=error typescript@5 >&2
	fi
	export PATH="$dir/node_modules/.bin:$PATH"
}

# ensure_selenium installs Selenium's JavaScript bindings once (for the
# WebDriver test) and exports GOTONIUM_SELENIUM, their node_modules folder.
ensure_selenium() {
	local dir="${XDG_CACHE_HOME:-$HOME/.cache}/gotonium-selenium"
	if [ ! -d "$dir/node_modules/selenium-webdriver" ]; then
		echo "Installing selenium-webdriver 4 with npm into $dir (once, for the WebDriver test)" >&2
		mkdir -p "$dir"
		npm install --prefix "$dir" --no-audit --no-fund --loglevel=error selenium-webdriver@4 >&2
	fi
	export GOTONIUM_SELENIUM="$dir/node_modules"
}

# ensure_go puts Go on PATH and checks it is new enough (1.23).
ensure_go() {
	if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
		export PATH="$PATH:/usr/local/go/bin"
	fi
	if ! command -v go >/dev/null 2>&1; then
		echo "Go 1.23 or newer is needed: https://go.dev/doc/install" >&2
		exit 1
	fi
	local v
	v=$(go env GOVERSION | sed 's/^go//')
	if [ "$(printf '%s\n1.23\n' "${v%%[a-z]*}" | sort -V | head -1)" != "1.23" ]; then
		echo "Go $v is too old: gotonium needs Go 1.23 or newer" >&2
		exit 1
	fi
}

# start_headless starts Xvfb and openbox for a run with no display and
# exports DISPLAY; stop_headless stops them.
start_headless() {
	local fifo
	fifo=$(mktemp -u)
	mkfifo "$fifo"
	Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
	XVFB_PID=$!
	local n
	read -r n <"$fifo"
	rm -f "$fifo"
	export DISPLAY=":$n"
	openbox --sm-disable >/dev/null 2>&1 &
	WM_PID=$!
	export NO_AT_BRIDGE=1
}

stop_headless() {
	kill "${WM_PID:-}" "${XVFB_PID:-}" 2>/dev/null || true
	wait "${WM_PID:-}" "${XVFB_PID:-}" 2>/dev/null || true
}
