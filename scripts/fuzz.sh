#!/usr/bin/env bash
# Fuzzes GradLab's data readers with libFuzzer, under AddressSanitizer.
#
#   scripts/fuzz.sh gzip [SECONDS]   DEFLATE and gzip (fuzz/FuzzGzip.swift)
#   scripts/fuzz.sh idx  [SECONDS]   IDX files, raw or gzipped, and images paired with labels
#                                    (fuzz/FuzzIDX.swift)
#   scripts/fuzz.sh safetensors [SECONDS]   safetensors files and their JSON headers
#                                    (fuzz/FuzzSafetensors.swift)
#
# SECONDS defaults to 600. The harness is built with `swiftc -sanitize=fuzzer,address` from the
# GradLabData sources (no SwiftPM: libFuzzer supplies main), into .build-fuzz/ (git-ignored).
# The seed corpus comes from the shipped MNIST files: the small test-labels file whole, the
# first kilobytes of the others (truncated gzip files), and small valid gzip and IDX files cut
# from the decompressed data. What the fuzzer learns is kept in .build-fuzz/corpus-NAME/ and
# reused by the next run. A crash is saved as .build-fuzz/crash-NAME-*; replay it with
#   .build-fuzz/fuzz-NAME .build-fuzz/crash-NAME-<hash>
# Inputs that once crashed go into fuzz/regressions/NAME-<what> and are seeds from then on.
# The last lines of the log (.build-fuzz/fuzz-NAME.log) give executions, coverage and speed.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-600}
case "$target" in
    gzip) harness=fuzz/FuzzGzip.swift ;;
    idx) harness=fuzz/FuzzIDX.swift ;;
    safetensors) harness=fuzz/FuzzSafetensors.swift ;;
    *) echo "usage: $0 gzip|idx|safetensors [SECONDS]" >&2; exit 2 ;;
esac

out=.build-fuzz
binary=$out/fuzz-$target
seeds=$out/seeds-$target
corpus=$out/corpus-$target
mkdir -p "$seeds" "$corpus"

echo "building $binary…" >&2
# -O with bounds checks kept (not -Ounchecked): a failed check is a finding too. The one module
# holds GradLabData and the harness, which calls only its public API.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name GradLabData \
    -use-ld=lld Sources/GradLabData/*.swift "$harness" -o "$binary"

# Seeds, rebuilt each run from the shipped files (cheap, and never stale).
mnist=Sources/MNISTData/mnist
# The decompressed files, cut with head from a file (from a pipe, gzip would die of SIGPIPE).
mkdir -p "$out/raw"
for name in t10k-images-idx3 t10k-labels-idx1 train-labels-idx1; do
    [ -f "$out/raw/$name" ] || gzip -dc "$mnist/$name-ubyte.gz" >"$out/raw/$name"
done
if [ "$target" = gzip ]; then
    cp "$mnist/t10k-labels-idx1-ubyte.gz" "$seeds/t10k-labels.gz"
    head -c 2048 "$mnist/t10k-images-idx3-ubyte.gz" >"$seeds/t10k-images-truncated.gz"
    head -c 3000 "$mnist/train-labels-idx1-ubyte.gz" >"$seeds/train-labels-truncated.gz"
    # Small complete files: dynamic Huffman (-9) and, from other data, fixed Huffman (tiny input).
    head -c 3000 "$out/raw/t10k-images-idx3" | gzip -9n >"$seeds/images-3000.gz"
    head -c 500 "$out/raw/train-labels-idx1" | gzip -9n >"$seeds/labels-500.gz"
    printf 'GradLab' | gzip -n >"$seeds/tiny.gz"
    # Stored blocks, which gzip never writes for this data: level 0 from Python's zlib if present.
    if command -v python3 >/dev/null; then
        python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.compress(bytes(range(256)) * 3, compresslevel=0, mtime=0))' \
            >"$seeds/stored.gz"
    fi
elif [ "$target" = safetensors ]; then
    # Small valid files as the format's rules make them (as Python's safetensors writes them):
    # one float64 tensor; float64 and float32 with metadata; a scalar and an empty tensor.
    file() {  # file HEADER DATA-AS-PRINTF-ESCAPES > FILE: the length, the header padded to 8, the data
        local header=$1 pad
        pad=$(( (8 - ${#header} % 8) % 8 ))
        header="$header$(printf '%*s' "$pad" '')"
        printf "$(printf '\\x%02x' $(( ${#header} & 255 )) $(( ${#header} >> 8 & 255 )))\x00\x00\x00\x00\x00\x00"
        printf '%s' "$header"
        printf "$2"
    }
    file '{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}' '\x00\x00\x00\x00\x00\x00\x08\x40' >"$seeds/one.safetensors"
    file '{"__metadata__":{"network":"affine 2"},"W1":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"b1":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}' \
        '\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x04\xc0\x00\x00\x00\x3f' >"$seeds/two.safetensors"
    file '{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F64","shape":[0,3],"data_offsets":[4,4]},"u\u00e9\n":{"dtype":"F32","shape":[2,1],"data_offsets":[4,12]}}' \
        '\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40' >"$seeds/three.safetensors"
else
    # Valid raw IDX files: 100 labels, and 2 images of 28×28.
    { printf '\x00\x00\x08\x01\x00\x00\x00\x64'; head -c 108 "$out/raw/t10k-labels-idx1" | tail -c 100; } >"$seeds/labels-100.idx"
    { printf '\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x1c\x00\x00\x00\x1c'
      head -c 1584 "$out/raw/t10k-images-idx3" | tail -c 1568; } >"$seeds/images-2.idx"
    gzip -9nc "$seeds/labels-100.idx" >"$seeds/labels-100.idx.gz"
    gzip -9nc "$seeds/images-2.idx" >"$seeds/images-2.idx.gz"
    head -c 1000 "$out/raw/t10k-labels-idx1" >"$seeds/labels-truncated.idx"
fi

# Inputs that once crashed a harness (each also pinned by a test) stay in the seed corpus.
for regression in fuzz/regressions/"$target"-*; do
    [ -e "$regression" ] && cp "$regression" "$seeds/"
done

echo "fuzzing $target for $seconds s (log: $out/fuzz-$target.log)…" >&2
status=0
"$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/crash-$target-" >"$out/fuzz-$target.log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|ERROR|SUMMARY' \
    "$out/fuzz-$target.log" || true
if [ "$status" -ne 0 ]; then
    echo "fuzz $target: libFuzzer exited with $status; see $out/fuzz-$target.log and $out/crash-$target-*" >&2
fi
exit "$status"
