# Sourced by cuba.sh and brunel.sh: the table of an example run with its GPU simulator and its CPU simulator, one row
# per run from the example's key=value output (wall_s, spikes, rate_hz, device). A failed run prints its last line to
# stderr, a "failed" row, and sets status, the exit code the caller ends with.
status=0

# header TITLE SIZE_COLUMN
header() {
    echo "$1: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    printf '%-6s %10s %10s %12s %9s  %s\n' device "$2" wall_s spikes rate_hz gpu
}

# row DEVICE SIZE COMMAND...: runs COMMAND (the example, given --device DEVICE) and prints its row.
row() {
    local device=$1 size=$2 o rc
    shift 2
    o=$("$@" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$o" | tail -1 >&2
        printf '%-6s %10s %10s\n' "$device" "$size" "failed ($rc)"
        status=$rc
        return
    fi
    printf '%s\n' "$o" | awk -v d="$device" -v n="$size" -F= '
        $1 == "spikes" { s = $2 } $1 == "rate_hz" { r = $2 } $1 == "wall_s" { w = $2 } $1 == "device" { g = $2 }
        END { printf "%-6s %10s %10s %12s %9s  %s\n", d, n, w, s, r, g }'
}
