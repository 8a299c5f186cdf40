#!/usr/bin/env bash
# Runs the whole GPU comparison in one call on a machine with CUDA, Python and PyTorch but no .NET:
#   Benchmarks/gpu/run.sh [results.csv]
# It unpacks the self-contained publish (gpu.tgz next to this script, see README.md), times Strata, then PyTorch eager
# and capped torch.compile on the same models and batches, appending to one CSV as results come, and prints the ratios.
# Budget: the whole call stays under 10 minutes (each part has a timeout; a part that times out keeps what it wrote).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/results.csv}"
work="${TMPDIR:-/tmp}/strata-gpubench"
rm -f "$out"
mkdir -p "$work"
if [ ! -x "$work/gpu/gpubench" ]; then
  tar xzf "$here/gpu.tgz" -C "$work"
fi
echo "== strata (ILGPU, CUDA) =="
timeout 240 "$work/gpu/gpubench" --out "$out" || echo "strata: stopped (exit $?)"
echo "== pytorch eager + torch.compile (capped) =="
timeout 300 python3 "$here/torch_bench.py" --out "$out" --compile-budget 60 || echo "torch: stopped (exit $?)"
echo "== ratios (Strata / PyTorch, median ms) =="
python3 "$here/ratios.py" "$out"
