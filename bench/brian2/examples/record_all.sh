#!/bin/bash
# Records every Brian2 example figure of this folder into tests/reference/brian2/examples/.
# Usage (from the repository root):  bash bench/brian2/examples/record_all.sh [name ...]
# Needs Debian's python3-brian (Brian2 2.5.1) for /usr/bin/python3; runs niced (shared machine).
set -u
cd "$(dirname "$0")/../../.."
OUT=tests/reference/brian2/examples
mkdir -p "$OUT"
ALL="if_curve_lif gapjunctions nonlinear brette_gerstner_2005 naud_2008 hindmarsh_rose_1984
     morris_lecar_1981 wang_buzsaki_1996 if_curve_hh tsodyks_pawelzik_markram_1998 izhikevich_2007
     clopath_2010 adaptive_threshold phase_locking non_reliability reliability brette_guigon_2003 ornstein_uhlenbeck
     diesmann_1999 jeffress sturzl_2000 rossant_2011bis brunel_hakim_1999 izhikevich_2003 cuba
     cobahh stdp vogels_2011 licklider brette_2004 touboul_brette_2008 stimberg_2018_coba"
NAMES="${*:-$ALL}"
start=$(date +%s)
status=0
for n in $NAMES; do
  seeds=1,2,3,4,5
  # Rossant et al.: one neuron's spike count in 1 s is very noisy, cheap to repeat: 20 seeds
  # (the JSON also gives the statistics of seeds 1-5)
  [ "$n" = rossant_2011bis ] && seeds=$(seq -s, 1 20)
  t0=$(date +%s)
  if nice -n 10 /usr/bin/python3 "bench/brian2/examples/$n.py" --seeds "$seeds" --json "$OUT/$n.json" > "/tmp/brian2_example_$n.log" 2>&1; then
    echo "$(tail -n 1 "/tmp/brian2_example_$n.log")  [$(( $(date +%s) - t0 )) s]"
  else
    echo "FAILED $n (see /tmp/brian2_example_$n.log)"; status=1
  fi
done
echo "total_wall_s=$(( $(date +%s) - start ))"
exit $status
