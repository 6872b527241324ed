# Shared by the scripts in bench/: sourced, not run.

# key=value words on stdin (the examples' and benchmarks' output) -> the value of one key, its last occurrence.
kv() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) { n = index($i, "="); if (n && substr($i, 1, n - 1) == k) v = substr($i, n + 1) } } END { print v }'; }

# Stops the script unless Open MPI's mpirun is installed.
require_mpirun() { command -v mpirun >/dev/null || { echo "mpirun not found: apt-get install openmpi-bin" >&2; exit 1; }; }

# publish_once PROJECT DIR BINARY: a Release (NativeAOT where the project asks for it) publish of PROJECT, a folder
# of the repository, into DIR, unless DIR/BINARY is already there; the script stops if it fails.
publish_once() {
    [ -x "$2/$3" ] && return 0
    dotnet publish "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/$1" -c Release -o "$2" -v quiet -nologo >/dev/null \
        || { echo "publish of $1 failed" >&2; exit 1; }
}
