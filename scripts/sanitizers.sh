#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer.
#
#   scripts/sanitizers.sh             both, ASan then TSan
#   scripts/sanitizers.sh address     ASan only: out-of-bounds accesses, use after free
#   scripts/sanitizers.sh thread      TSan only: data races (the worker pool, the background
#                                     evaluation thread, MNIST's parallel decoding)
#
# Each sanitizer builds into its own folder (.build-asan, .build-tsan; git-ignored by .build-*/),
# so the plain .build stays as it is. The first run of each builds everything (a few minutes on
# two cores); later runs rebuild only what changed. Extra arguments go to `swift test`, e.g.
#   scripts/sanitizers.sh thread --filter FastPath
#
# XCTest's own runtime on Linux reports a small leak that makes an ASan run exit 1 even when
# every test passes; detect_leaks=0 separates that from our code (GradLab holds no manual
# allocations outside ~Copyable owners and deinit-freed buffers).
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-both}
[ $# -gt 0 ] && shift
case "$which" in
    address | thread | both) ;;
    *) echo "usage: $0 [address|thread|both] [swift test arguments…]" >&2; exit 2 ;;
esac

run() {
    local sanitizer=$1 scratch=$2
    shift 2
    echo "== swift test --sanitize=$sanitizer --scratch-path $scratch $*" >&2
    local start=$SECONDS
    swift test --sanitize="$sanitizer" --scratch-path "$scratch" "$@"
    echo "== $sanitizer: passed in $((SECONDS - start)) s" >&2
}

if [ "$which" = address ] || [ "$which" = both ]; then
    ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} run address .build-asan "$@"
fi
if [ "$which" = thread ] || [ "$which" = both ]; then
    # halt_on_error: the first race fails the run at once, with its report, instead of scrolling by.
    TSAN_OPTIONS=halt_on_error=1${TSAN_OPTIONS:+:$TSAN_OPTIONS} run thread .build-tsan "$@"
fi
