#!/usr/bin/env bash
# Thread scaling of the simulator: the same network on 1, 2, 4, 8 and 16 threads (those the machine has),
# with the speed-up over one thread. Two steps, so the runs need no .NET on the measuring machine:
#
#   bench/threads/scaling.sh publish [DIR]   # here: NativeAOT builds of examples/Cuba, Brunel2000 and FashionMnist,
#                                            # and the Fashion-MNIST files, into DIR (about 40 MB)
#   bench/threads/scaling.sh run [DIR]       # anywhere (x86-64, glibc): runs them and prints the table
#   bench/threads/scaling.sh                 # both
#
# DIR defaults to bench/threads/out (ignored by git). Each row is the best of REPEAT runs (default 3): the
# simulation loop alone (the examples' wall_s) of CUBA at 256 000 neurons for 1 s and Brunel (2000) regimes A
# and C for 0.6 s, seed 1, and the trainer's images per second over 12 800 Fashion-MNIST images (one epoch of
# --limit 12800); spikes and the training loss must not change with the thread count (the script says so if
# they do).
set -u -o pipefail

mode=${1:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$root/bench/threads/out}
repeat=${REPEAT:-3}

publish() {
    mkdir -p "$out"
    for example in Cuba Brunel2000 FashionMnist; do
        dotnet publish "$root/examples/$example" -c Release -o "$out/$example" -v quiet -nologo >/dev/null \
            || { echo "publish of examples/$example failed" >&2; exit 1; }
        rm -f "$out/$example"/*.dbg "$out/$example"/*.pdb "$out/$example"/*.xml
    done
    mkdir -p "$out/fashion-mnist"
    cp /usr/share/datasets/fashion-mnist/*.gz "$out/fashion-mnist/" \
        || { echo "Fashion-MNIST not found: apt-get install dataset-fashion-mnist" >&2; exit 1; }
    echo "published to $out"
}

# key=value words -> value of one key (last occurrence)
. "$root/bench/lib.sh"

# best wall_s and the spikes of REPEAT runs of one command line
best() {
    local w="" s="" o t
    for ((r = 1; r <= repeat; r++)); do
        o=$("$@") || { echo "failed: $*" >&2; return 1; }
        t=$(printf '%s\n' "$o" | kv wall_s)
        s=$(printf '%s\n' "$o" | kv spikes)
        w=$(awk -v a="$t" -v b="$w" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    done
    echo "$w $s"
}

run() {
    local cores; cores=$(nproc)
    echo "thread scaling: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), best of $repeat"
    printf '%-24s %8s %10s %9s %10s\n' network threads wall_s speedup spikes
    for bench in "cuba-256k:$out/Cuba/Cuba --neurons 256000 --duration 1 --seed 1" \
                 "brunel-A:$out/Brunel2000/Brunel2000 --regime A --duration 0.6 --seed 1" \
                 "brunel-C:$out/Brunel2000/Brunel2000 --regime C --duration 0.6 --seed 1"; do
        name=${bench%%:*}; cmd=${bench#*:}
        base="" spikes1=""
        for t in 1 2 4 8 16; do
            [ "$t" -gt "$cores" ] && break
            read -r wall spikes < <(best $cmd --threads "$t") || continue
            [ -z "$base" ] && base=$wall spikes1=$spikes
            note=""; [ "$spikes" != "$spikes1" ] && note="  SPIKES DIFFER FROM ONE THREAD"
            printf '%-24s %8s %10s %9s %10s%s\n' "$name" "$t" "$wall" \
                "$(awk -v a="$base" -v b="$wall" 'BEGIN { printf "%.2f", a / b }')" "$spikes" "$note"
        done
    done
    printf '%-24s %8s %10s %9s %10s\n' network threads images_s speedup loss
    base="" loss1=""
    for t in 1 2 4 8 16; do
        [ "$t" -gt "$cores" ] && break
        rate="" loss=""
        for ((r = 1; r <= repeat; r++)); do
            o=$(cd "${TMPDIR:-/tmp}" && "$out/FashionMnist/FashionMnist" --threads "$t" --limit 12800 --deploy-check 0 \
                --data "$out/fashion-mnist" --out "${TMPDIR:-/tmp}/scaling.slw" 2>&1) || { echo "trainer failed: $o" >&2; break; }
            line=$(printf '%s\n' "$o" | grep '^epoch 1:')
            x=$(printf '%s\n' "$line" | sed 's/.*(\([0-9]*\) samples\/s).*/\1/')
            loss=$(printf '%s\n' "$line" | sed 's/.*train loss \([0-9.]*\).*/\1/')
            rate=$(awk -v a="$x" -v b="$rate" 'BEGIN { print (b == "" || a + 0 > b + 0) ? a : b }')
        done
        [ -z "$base" ] && base=$rate loss1=$loss
        note=""; [ "$loss" != "$loss1" ] && note="  LOSS DIFFERS FROM ONE THREAD"
        printf '%-24s %8s %10s %9s %10s%s\n' trainer-12800 "$t" "$rate" \
            "$(awk -v a="$rate" -v b="$base" 'BEGIN { printf "%.2f", a / b }')" "$loss" "$note"
    done
}

case "$mode" in
    publish) publish ;;
    run) run ;;
    all) publish && run ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
esac
