"""`make bench`: time itml against the libraries a reader would use instead, and time each chapter.

Every ``benchmarks/bench_*.py`` module exposes ``run() -> list[dict]``; each row has the keys
``benchmark``, ``size``, ``itml_s``, ``reference``, ``reference_s`` and optionally ``note``.
Ratios are itml's time over the reference's, measured side by side in this run (below 1 means
itml is faster). Then every chapter notebook is executed once, in a fresh kernel, and timed.

    python benchmarks/run.py                 # everything
    python benchmarks/run.py --only measures # one bench module, no chapters
    python benchmarks/run.py --chapters      # chapter timings only
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CHAPTER_BUDGET_S = 60.0
BOOK_BUDGET_S = 300.0


def _load(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(module)
    return module


def run_benchmarks(only: str | None) -> list[dict]:
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem != f"bench_{only}":
            continue
        rows.extend(_load(path).run())
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'benchmark':<44} {'size':>9} {'itml':>10} {'reference':<38} {'ref':>10} {'ratio':>7}  note")
    for r in rows:
        ratio = r["itml_s"] / r["reference_s"]
        print(
            f"{r['benchmark']:<44} {r['size']:>9} {r['itml_s'] * 1e3:>8.3f}ms {r['reference']:<38} "
            f"{r['reference_s'] * 1e3:>8.3f}ms {ratio:>7.2f}  {r.get('note', '')}"
        )


def time_chapters() -> list[tuple[str, float]]:
    import nbformat
    from notebook_run import execute

    times = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        error, seconds = execute(nbformat.read(path, as_version=4), path.parent)
        if error is not None:
            raise SystemExit(f"{path.stem} failed: {error}")
        times.append((path.stem, seconds))
        print(f"  {path.stem:<40} {times[-1][1]:6.1f} s", flush=True)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run only benchmarks/bench_<ONLY>.py (and no chapters)")
    parser.add_argument("--chapters", action="store_true", help="time the chapters only")
    args = parser.parse_args(argv)

    if not args.chapters:
        rows = run_benchmarks(args.only)
        print_table(rows)
    if args.only:
        return 0
    print("\nChapter execution times (fresh kernel each, this machine):")
    times = time_chapters()
    total = sum(t for _, t in times)
    slowest = max(times, key=lambda nt: nt[1]) if times else ("-", 0.0)
    print(f"  {'total':<40} {total:6.1f} s   (budget {BOOK_BUDGET_S:.0f} s; slowest {slowest[0]} "
          f"{slowest[1]:.1f} s, budget {CHAPTER_BUDGET_S:.0f} s each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
