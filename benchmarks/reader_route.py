"""Run every notebook the way a reader does: from an empty folder, with itml installed.

``make test-latest`` calls this in a virtual environment that has the newest releases of
itml's dependencies and itml itself installed from its wheel. Each notebook is copied into a
fresh temporary folder, as Colab opens it, so no file of the repository is at hand; its
install cell finds ``itml`` and does nothing. Every cell must run and every assert hold; the
outputs are not compared with the committed ones (other versions print other digits).

    python benchmarks/reader_route.py notebooks/*.ipynb
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import nbformat
from notebook_run import execute, stream_text

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["numpy", "scipy", "scikit-learn", "matplotlib", "torch", "tqdm", "itml-book"]
WHERE = "import itml, pathlib; print(pathlib.Path(itml.__file__).resolve())"


def run(path: Path) -> tuple[str | None, float]:
    """Execute ``path`` in an empty temporary folder; return (error or None, seconds)."""
    with tempfile.TemporaryDirectory(prefix="itml-reader-") as folder:
        copy = Path(folder) / path.name
        shutil.copy(path, copy)
        nb = nbformat.read(copy, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(WHERE))
        error, seconds = execute(nb, folder)
        if error is not None:
            return error, seconds
        where = stream_text(nb.cells[-1]).strip()
        if Path(where).is_relative_to(ROOT / "itml"):  # the source tree, not site-packages
            return f"imported itml from the repository ({where}), not the installed wheel", seconds
        return None, seconds


def main(paths: list[str]) -> int:
    print(f"Python {sys.version.split()[0]}; "
          + ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES), flush=True)
    failures = 0
    for name in paths:
        error, seconds = run(Path(name))
        failures += error is not None
        print(f"{'ok  ' if error is None else 'FAIL'} {Path(name).stem:<28} {seconds:6.1f} s"
              + ("" if error is None else f"  {error}"), flush=True)
    print(f"{len(paths) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
