#!/usr/bin/env python3
"""Prints Strata's median time over PyTorch's, per model and mode, from the CSV both benchmarks append to."""
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "results.csv")))
best = {}
for r in rows:
    best[(r["framework"], r["model"], r["mode"])] = float(r["median_ms"])
print(f"{'model':10} {'mode':6} {'strata ms':>10} {'eager ms':>10} {'compile ms':>11} {'vs eager':>9} {'vs compile':>11}")
for (fw, model, mode), ms in sorted(best.items()):
    if fw != "strata":
        continue
    eager, comp = best.get(("torch_eager", model, mode)), best.get(("torch_compile", model, mode))
    fmt = lambda v: f"{v:10.3f}" if v else f"{'-':>10}"
    ratio = lambda v: f"{ms / v:8.2f}x" if v else f"{'-':>9}"
    print(f"{model:10} {mode:6} {ms:10.3f} {fmt(eager)} {fmt(comp):>11} {ratio(eager)} {ratio(comp):>11}")
