"""Re-run a chapter under other seeds and report the spread of its trained results.

A chapter whose numbers come from training or sampling sets ``SEED = 0`` in one line of
its own and ends with a hidden cell that collects those numbers in a dict ``seed_report``.
This script executes the chapter's notebook once per seed, with that line changed to
``SEED = k``, and prints each reported value per seed with its mean, sd, min and max,
and whether every assert of the chapter held. The tolerances of the chapters' asserts
are set from these spreads (each assert's comment says what the spread was).

    python benchmarks/seeds.py 12_gan --seeds 0 1 2 3 4
    python benchmarks/seeds.py 12_gan --perturbed       # under the second floating-point path

``--perturbed`` runs the kernel with the environment of ``make nbval-perturbed``
(``itml.runtime.PERTURBED_FP_ENV``): torch's scalar kernels, numpy's baseline SIMD, one thread
and MKL's compatible path.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from pathlib import Path

import nbformat
from notebook_run import execute, stream_text

ROOT = Path(__file__).resolve().parent.parent
SEED_LINE = re.compile(r"^SEED = 0\b", re.MULTILINE)
REPORT = "import json; print(json.dumps({k: float(v) for k, v in seed_report.items()}))"


def run_chapter(name: str, seed: int) -> tuple[dict | None, str | None, float]:
    """Execute ``notebooks/<name>.ipynb`` with ``SEED = seed``; return (report, error, seconds)."""
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    hits = [c for c in nb.cells if c.cell_type == "code" and SEED_LINE.search(c.source)]
    if len(hits) != 1:
        raise SystemExit(f"{name}: expected one line 'SEED = 0' in a code cell, found {len(hits)}")
    hits[0].source = SEED_LINE.sub(f"SEED = {seed}", hits[0].source)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    error, seconds = execute(nb, ROOT / "notebooks")
    if error is not None:
        return None, error, seconds
    return json.loads(stream_text(nb.cells[-1])), None, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="notebook names, e.g. 12_gan")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--perturbed", action="store_true",
                        help="run under the perturbed floating-point path of make nbval-perturbed")
    args = parser.parse_args(argv)
    if args.perturbed:
        sys.path.insert(0, str(ROOT))
        from itml.runtime import perturbed_fp_env

        os.environ.update(perturbed_fp_env())
    failed = False
    for name in args.chapters:
        rows = {}
        for seed in args.seeds:
            report, error, seconds = run_chapter(name, seed)
            status = "asserts held" if error is None else f"FAILED: {error}"
            print(f"{name} seed {seed}: {status} ({seconds:.0f} s)", flush=True)
            failed |= error is not None
            if report:
                rows[seed] = report
        if not rows:
            continue
        keys = list(next(iter(rows.values())))
        print(f"\n{name}: " + ", ".join(f"seed {s}" for s in rows))
        for key in keys:
            vals = [rows[s][key] for s in rows]
            sd = statistics.stdev(vals) if len(vals) > 1 else float("nan")
            print(f"  {key:<36} " + " ".join(f"{v:8.4f}" for v in vals)
                  + f" | mean {statistics.fmean(vals):.4f} sd {sd:.4f}"
                  + f" min {min(vals):.4f} max {max(vals):.4f}")
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
