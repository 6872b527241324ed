#!/usr/bin/env bash
# Publishes the GPU benchmarks and checks into DIR (default bench/gpu/out, ignored by git), each one self-contained,
# compressed file for linux-x64 (no .NET needed where they run; ILGPU compiles the kernels to PTX there, through the
# CUDA driver); fails if a file is 60 MB or more:
#   DIR/GpuBench                        examples/FashionMnist and examples/FashionMnistConv (GPU and CPU trainers),
#                                       examples/Cuba and examples/Brunel2000 (GPU and CPU simulators):
#                                       `GpuBench fashion|fashion-conv|cuba|brunel OPTIONS` (bench/gpu/GpuBench)
#   DIR/checks/SpikeLang.Gpu.Tests      tests/SpikeLang.Gpu.Tests (xunit v3, a program of its own), which compare the GPU
#                                       trainers and simulators with the CPU ones
#   DIR/fashion-mnist/                  the Fashion-MNIST files
#
#   bench/gpu/run.sh [DIR]              # here, with the .NET SDK
#   bench/gpu/all.sh [DIR]              # on a machine with an NVIDIA GPU and its driver: checks.sh, fashion-epoch.sh,
#                                       # cuba.sh and brunel.sh, one after the other
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/bench/gpu/out}
limit_mb=60

mkdir -p "$out"
# No -r: a global RuntimeIdentifier would reach the generator and compiler projects too, whose restore then wants
# runtime.unix.* packages; each project sets the SDK's own identifier when publishing, linux-x64 on this machine.
[ "$(uname -s -m)" = "Linux x86_64" ] || { echo "publish on linux-x64: the file is for the machine it is published on" >&2; exit 1; }
# publish PROJECT FILE DIR WHAT [PROPERTIES...]: the project's single file FILE into DIR.
publish() {
    local project=$1 file=$2 dir=$3 what=$4 staging=$out/.publish size mb
    shift 4
    rm -rf "$staging"
    dotnet publish "$root/$project" -c Release --self-contained -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
        "$@" -o "$staging" -v quiet -nologo >/dev/null \
        || { echo "publish of $project failed" >&2; exit 1; }
    # The single file only: what a publish leaves beside it (symbols, docs, a test SDK's collectors) is not needed to run.
    mkdir -p "$dir" && mv "$staging/$file" "$dir/" && rm -rf "$staging"
    size=$(stat -c %s "$dir/$file")
    mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
    echo "$file ($what, one file): $mb MB"
    awk -v s="$size" -v l="$limit_mb" 'BEGIN { exit !(s < l * 1e6) }' || { echo "over $limit_mb MB" >&2; exit 1; }
}
publish bench/gpu/GpuBench GpuBench "$out" "GPU and CPU trainers and simulators"
# xunit v3 finds its test assembly by its path on disk: this file unpacks itself when it starts (into
# DOTNET_BUNDLE_EXTRACT_BASE_DIR, which checks.sh sets).
publish tests/SpikeLang.Gpu.Tests SpikeLang.Gpu.Tests "$out/checks" "the GPU tests" -p:IncludeAllContentForSelfExtract=true

mkdir -p "$out/fashion-mnist"
cp /usr/share/datasets/fashion-mnist/*.gz "$out/fashion-mnist/" \
    || { echo "Fashion-MNIST not found: apt-get install dataset-fashion-mnist" >&2; exit 1; }
echo "published to $out; on a GPU machine run bench/gpu/all.sh $out"
