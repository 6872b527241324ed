#!/usr/bin/env bash
# Publishes examples/FashionMnist and examples/FashionMnistConv with their GPU trainers and examples/Cuba and examples/Brunel2000 with their GPU simulators, each as one
# self-contained, compressed file for linux-x64 (no .NET needed where they run; ILGPU compiles the kernels to PTX there,
# through the CUDA driver), with the Fashion-MNIST files beside them, into DIR (default bench/gpu/out, ignored by git);
# fails if a file is 60 MB or more.
#
#   bench/gpu/run.sh [DIR]                 # here, with the .NET SDK
#   DIR/fashion-epoch.sh                   # on a machine with an NVIDIA GPU and its driver: the epoch table
#   DIR/cuba.sh                            # there too: CUBA at 1 M and 10 M neurons, GPU and CPU simulators
#   DIR/brunel.sh                          # there too: Brunel (2000) regime C at n_e = 10 000 and 100 000, GPU and CPU
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/bench/gpu/out}
limit_mb=60

mkdir -p "$out"
# No -r: a global RuntimeIdentifier would reach the generator and compiler projects too, whose restore then wants
# runtime.unix.* packages; the example's project sets the SDK's own identifier when publishing, linux-x64 on this machine.
[ "$(uname -s -m)" = "Linux x86_64" ] || { echo "publish on linux-x64: the file is for the machine it is published on" >&2; exit 1; }
publish() {
    local example=$1 what=$2 size mb
    dotnet publish "$root/examples/$example" -c Release --self-contained \
        -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:SpikeLangGpu=true \
        -o "$out/$example" -v quiet -nologo >/dev/null \
        || { echo "publish of examples/$example failed" >&2; exit 1; }
    rm -f "$out/$example"/*.dbg "$out/$example"/*.pdb "$out/$example"/*.xml
    size=$(stat -c %s "$out/$example/$example")
    mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
    echo "$example ($what, single file): $mb MB"
    awk -v s="$size" -v l="$limit_mb" 'BEGIN { exit !(s < l * 1e6) }' || { echo "over $limit_mb MB" >&2; exit 1; }
}
publish FashionMnist "GPU and CPU trainers"
publish FashionMnistConv "GPU and CPU trainers"
publish Cuba "GPU and CPU simulators"
publish Brunel2000 "GPU and CPU simulators"

mkdir -p "$out/fashion-mnist"
cp /usr/share/datasets/fashion-mnist/*.gz "$out/fashion-mnist/" \
    || { echo "Fashion-MNIST not found: apt-get install dataset-fashion-mnist" >&2; exit 1; }
cp "$root/bench/gpu/fashion-epoch.sh" "$root/bench/gpu/cuba.sh" "$root/bench/gpu/brunel.sh" "$root/bench/gpu/gpu-vs-cpu.sh" "$out/"
echo "published to $out; on a GPU machine run $out/fashion-epoch.sh, $out/cuba.sh and $out/brunel.sh"
