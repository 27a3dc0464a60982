#!/usr/bin/env bash
# Runs every test of every module of the workspace, plus the format, vet and
# staticcheck gates, a smoke run of the benchmark program and the
# TypeScript driver's tests.
#
#   bash scripts/test.sh            the default suite (what .ci/run runs)
#   GRUMPY_LONG=1 bash scripts/test.sh   also the long crash/soak loops
#
# Everything it needs (Go modules, staticcheck) is fetched by Go itself.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Modules with Go code to test, in dependency order. bench comes after
# them, without the race detector: its tests drive pure-Go SQLite and
# Pebble, which run many times slower under -race and share no state
# between goroutines that the engine's own race-tested suites do not cover.
modules=()
for m in engine protocol server client-go repl backup examples/taskman; do
	if compgen -G "$m/*.go" >/dev/null || [ -n "$(find "$m" -name '*.go' -not -path '*/testdata/*' -print -quit)" ]; then
		modules+=("$m")
	fi
done

echo "== gofmt"
bad=$(find "${modules[@]}" bench -name '*.go' -not -path '*/testdata/*' -print0 | xargs -0 gofmt -l)
if [ -n "$bad" ]; then
	echo "gofmt would change:"; echo "$bad"; exit 1
fi

tools="$root/.tools/bin"
if [ ! -x "$tools/staticcheck" ]; then
	echo "== installing staticcheck into .tools/bin"
	GOBIN="$tools" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

# The shell's terminal tests drive the real binary through tmux.
if [ -d repl ] && ! command -v tmux >/dev/null 2>&1; then
	echo "== installing tmux (Debian package) for the shell's terminal tests"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
	fi
fi

# The server round trips (S1/S2) of the bench smoke run use Redis as their anchor.
if [ -d bench/cmd/grumpybench ] && ! command -v redis-server >/dev/null 2>&1; then
	echo "== installing redis-server (Debian package) for the S1/S2 anchor of the bench smoke run"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
	fi
fi

status=0
for m in "${modules[@]}"; do
	echo "== $m: vet"
	(cd "$m" && go vet ./...) || status=1
	echo "== $m: staticcheck"
	(cd "$m" && "$tools/staticcheck" ./...) || status=1
	echo "== $m: test"
	race=-race
	(cd "$m" && go test $race -count=1 -timeout 20m ./...) || status=1
done
if [ -d bench ]; then
	echo "== bench: vet"
	(cd bench && go vet ./...) || status=1
	echo "== bench: staticcheck"
	(cd bench && "$tools/staticcheck" ./...) || status=1
	echo "== bench: test (reduced sizes, no -race)"
	(cd bench && go test -count=1 -timeout 20m ./...) || status=1
	echo "== bench: smoke run of every workload (reduced sizes; figures are not recorded)"
	(cd bench && go run ./cmd/grumpybench -workload all -reduced -samples 1 >/dev/null) || status=1
fi

if [ -f drivers/typescript/package.json ]; then
	echo "== drivers/typescript: npm ci, build, test"
	(cd drivers/typescript && npm ci --no-audit --no-fund && npm run build && npm test) || status=1
fi

if [ "$status" -ne 0 ]; then
	echo "FAILED"
	exit 1
fi
echo "ALL TESTS PASSED"
