"""Execute one notebook in a fresh kernel: the runner behind the chapter timings, the seed
spreads (``seeds.py``) and the reader's route (``reader_route.py``)."""

from __future__ import annotations

import subprocess
import time

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def execute(nb, folder) -> tuple[str | None, float]:
    """Run every cell of ``nb`` (in place) with ``folder`` as the working directory.

    Returns ``(error, seconds)``: ``error`` is None when every cell ran, else the last line of
    the failing cell's error (for a failed assert, ``AssertionError`` and its message).
    """
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter
    except CellExecutionError as err:
        lines = [ln for ln in str(err).splitlines() if ln.strip()]
        return (lines[-1] if lines else "a cell failed"), time.perf_counter() - start
    return None, time.perf_counter() - start


def stream_text(cell) -> str:
    """The text a code cell printed."""
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
