#!/usr/bin/env bash
# Everything bench/gpu measures and checks on a machine with an NVIDIA GPU, from what bench/gpu/run.sh published into
# DIR (default bench/gpu/out): the GPU tests (checks.sh), the dense products plain against tiled (products.sh), one
# Fashion-MNIST epoch (fashion-epoch.sh), CUBA (cuba.sh) and Brunel (2000) (brunel.sh), one after the other, each
# with its own table; the exit code is the first failure's.
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
status=0
for script in checks products fashion-epoch cuba brunel; do
    echo "== $script.sh"
    SECONDS=0
    "$here/$script.sh" "$out"
    rc=$?
    echo "== $script.sh: exit code $rc, $SECONDS s"
    [ $status -eq 0 ] && status=$rc
done
exit $status
