#!/usr/bin/env bash
# The tests of tests/SpikeLang.Gpu.Tests on the first CUDA device, from what bench/gpu/run.sh published into DIR
# (default bench/gpu/out): the generated GPU trainers against the CPU trainers (the same initial weights and spikes,
# the loss within 1e-6, every gradient within 1e-4, the weights after three batches) and the generated GPU simulators
# against the CPU simulators (spikes and state to the bit where no sum can change order, rates and statistics
# elsewhere), the kernels compiled to PTX by the driver, not run on ILGPU's CPU accelerator as in CI. Further
# arguments go to the xunit v3 runner (`-class NAME`, `-method NAME`, `-list classes`). Exit code: the runner's (0 when
# every test passed).
set -u -o pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)/out}
shift $(( $# > 0 ? 1 : 0 ))
tests=$out/checks/SpikeLang.Gpu.Tests
[ -x "$tests" ] || { echo "$tests not found: publish with bench/gpu/run.sh first" >&2; exit 1; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
# The file unpacks the test assembly here on its first start (xunit finds tests by the assembly's path).
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-${TMPDIR:-/tmp}/spikelang-gpu-checks}
SPIKELANG_GPU_TEST_DEVICE=cuda "$tests" -noColor "$@"
