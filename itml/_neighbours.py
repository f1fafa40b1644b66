r"""Max-norm neighbour search in a few dimensions, on a quantile grid (compiled with Numba).

The k-nearest-neighbour estimators of :mod:`itml.estimators` ask three questions of n samples,
for every sample i at once:

* :func:`kth_distance` -- the max-norm distance :math:`\varepsilon_i = \max_c |a_{jc} - a_{ic}|`
  to the k-th nearest other sample (:math:`d \le 3` columns);
* :func:`count_within` -- the number of other samples j with
  :math:`\max_c \mathrm{fl}(|a_{jc} - a_{ic}|) \le r_i` (:math:`d \le 3` columns);
* :func:`count_between` -- in one column, the number of other samples in the open interval
  :math:`(\mathrm{fl}(a_i - r_i), \mathrm{fl}(a_i + r_i))`.

The first two cut every axis at its sample quantiles, so each slab of the grid holds the same
number of samples whatever the marginal distribution (heavy tails and units do not matter), and
look only at the cells near sample i. A cell is skipped only when rounding cannot put any of its
samples inside: along each axis every sample of a cell lies between the cell's first value and the
next cell's first value, and floating-point subtraction is monotone. The answers are therefore
exactly those of ``scipy.spatial.cKDTree`` (``query`` and ``query_ball_point`` with ``p=inf``) and
of ``numpy.searchsorted``, which ``tests/test_neighbours.py`` checks, with ties and with distances
equal to the radius. The kernels run on every core (Numba's ``prange``); the README's Performance
section gives their speed against k-d tree estimators.

The compiled kernels are cached on disk (``cache=True``), so a new process loads them instead of
compiling them again (a few seconds, once).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["column_orders", "kth_distance", "count_within", "count_between"]

_KNN_OCCUPANCY = 2.0    # mean points per cell of the grid for kth_distance
_COUNT_OCCUPANCY = 8.0  # ... and for count_within
_CHUNK = 256            # points per parallel task


@njit(cache=True)
def _grid(points, orders, cells):
    """Cell of every point, the cells' first values per axis, and the points sorted by cell.

    ``orders[:, c]`` sorts column c; the point of rank r along an axis lies in cell
    ``r * cells // n`` of it. ``edges[c, g]`` is the smallest value of cell g along axis c
    (``+inf`` for g = cells); ``members[start[g]:start[g + 1]]`` are the points of the cell with
    linear index g, and ``sorted_pts`` holds their coordinates in that order.
    """
    n, d = points.shape
    cell = np.empty((n, d), np.int64)
    edges = np.empty((d, cells + 1))
    for c in range(d):
        o = orders[:, c]
        for r in range(n):
            cell[o[r], c] = r * cells // n
        for g in range(cells):
            edges[c, g] = points[o[(g * n + cells - 1) // cells], c]  # the first rank in cell g
        edges[c, cells] = np.inf
    linear = np.zeros(n, np.int64)
    for c in range(d):
        for i in range(n):
            linear[i] = linear[i] * cells + cell[i, c]
    start = np.zeros(cells**d + 1, np.int64)
    for i in range(n):
        start[linear[i] + 1] += 1
    for g in range(cells**d):
        start[g + 1] += start[g]
    fill = start[:-1].copy()
    members = np.empty(n, np.int64)
    for i in range(n):
        members[fill[linear[i]]] = i
        fill[linear[i]] += 1
    sorted_pts = np.empty((n, d))
    sorted_cell = np.empty((n, d), np.int64)
    for m in range(n):
        for c in range(d):
            sorted_pts[m, c] = points[members[m], c]
            sorted_cell[m, c] = cell[members[m], c]
    return members, sorted_cell, edges, start, sorted_pts


@njit(cache=True, inline="always")
def _distance(pts, m, i):
    """Max-norm distance between rows m and i of ``pts``: max over columns of fl(|difference|)."""
    d = pts.shape[1]
    if d == 3:
        return max(abs(pts[m, 0] - pts[i, 0]), abs(pts[m, 1] - pts[i, 1]), abs(pts[m, 2] - pts[i, 2]))
    if d == 2:
        return max(abs(pts[m, 0] - pts[i, 0]), abs(pts[m, 1] - pts[i, 1]))
    dist = 0.0
    for c in range(d):
        dist = max(dist, abs(pts[m, c] - pts[i, c]))
    return dist


@njit(cache=True, inline="always")
def _gap(x, edges, c, g, gq):
    """A lower bound on fl(|p - x|) for every point p of cell g along axis c, x lying in cell gq."""
    if g < gq:
        return x - edges[c, g + 1]
    if g > gq:
        return edges[c, g] - x
    return 0.0


@njit(cache=True, inline="always")
def _next_row(idx, lo, hi):
    """Step the cell index ``idx`` over the box ``lo..hi`` (inclusive) along every axis but the last,
    the last but one fastest, as an odometer; False once every row has been visited."""
    c = idx.size - 2
    while c >= 0:
        idx[c] += 1
        if idx[c] <= hi[c]:
            return True
        idx[c] = lo[c]
        c -= 1
    return False


@njit(cache=True, parallel=True)
def _kth_kernel(members, cell, edges, start, sorted_pts, cells, k, chunk):
    n, d = sorted_pts.shape
    out = np.empty(n)
    last = d - 1
    for b in prange((n + chunk - 1) // chunk):
        best = np.empty(k + 1)
        lo = np.empty(d, np.int64)
        hi = np.empty(d, np.int64)
        idx = np.empty(d, np.int64)
        for i in range(b * chunk, min(n, (b + 1) * chunk)):
            best[:] = np.inf
            worst = np.inf                # best[k], the k-th distance so far
            ring = 0
            while True:
                for c in range(d):
                    lo[c] = max(cell[i, c] - ring, 0)
                    hi[c] = min(cell[i, c] + ring, cells - 1)
                    idx[c] = lo[c]
                while True:
                    # the outer axes' part of the lower bound on distances to this row's points
                    row = 0
                    row_lb = 0.0
                    on_shell = ring == 0
                    for c in range(last):
                        g = idx[c]
                        row = row * cells + g
                        gq = cell[i, c]
                        row_lb = max(row_lb, _gap(sorted_pts[i, c], edges, c, g, gq))
                        if g - gq == ring or gq - g == ring:
                            on_shell = True
                    row *= cells
                    if row_lb < worst:
                        gq = cell[i, last]
                        g = lo[last]
                        while g <= hi[last]:
                            if not on_shell and g != gq - ring and g != gq + ring:
                                g = gq + ring     # inside the searched box: jump to its far end
                                continue
                            if max(_gap(sorted_pts[i, last], edges, last, g, gq), row_lb) < worst:
                                for m in range(start[row + g], start[row + g + 1]):
                                    dist = _distance(sorted_pts, m, i)
                                    if dist < worst:      # insert into the sorted best
                                        for p in range(k, 0, -1):
                                            best[p] = max(best[p - 1], min(best[p], dist))
                                        best[0] = min(best[0], dist)
                                        worst = best[k]
                            g += 1
                    if not _next_row(idx, lo, hi):
                        break
                # no point outside the searched box is closer than `bound`
                bound = np.inf
                for c in range(d):
                    g = cell[i, c]
                    if g - ring > 0:
                        bound = min(bound, sorted_pts[i, c] - edges[c, g - ring])
                    if g + ring + 1 < cells:
                        bound = min(bound, edges[c, g + ring + 1] - sorted_pts[i, c])
                if worst <= bound:
                    break
                ring += 1
            out[members[i]] = worst
    return out


@njit(cache=True)
def _count_run(sorted_pts, i, r, m0, m1):
    """How many of the sorted points m0 <= m < m1 lie within max-norm distance r of sorted point i."""
    total = 0
    for m in range(m0, m1):
        total += _distance(sorted_pts, m, i) <= r
    return total


@njit(cache=True, parallel=True)
def _count_kernel(members, radius, cell, edges, start, sorted_pts, cells, chunk):
    n, d = sorted_pts.shape
    out = np.empty(n, np.int64)
    last = d - 1
    for b in prange((n + chunk - 1) // chunk):
        lo = np.empty(d, np.int64)
        hi = np.empty(d, np.int64)
        idx = np.empty(d, np.int64)
        for i in range(b * chunk, min(n, (b + 1) * chunk)):
            r = radius[members[i]]
            for c in range(d):
                # widen along axis c while the next cell may hold a point within r
                g = cell[i, c]
                while g > 0 and sorted_pts[i, c] - edges[c, g] <= r:
                    g -= 1
                lo[c] = g
                g = cell[i, c]
                while g + 1 < cells and edges[c, g + 1] - sorted_pts[i, c] <= r:
                    g += 1
                hi[c] = g
                idx[c] = lo[c]
            total = 0
            while True:
                row = 0
                interior = True     # strictly inside the box along every outer axis
                for c in range(last):
                    row = row * cells + idx[c]
                    if idx[c] == lo[c] or idx[c] == hi[c]:
                        interior = False
                row *= cells
                a, z = row + lo[last], row + hi[last]
                if interior and z - a >= 2:
                    # every point of the cells strictly between the row's two ends is within r
                    total += start[z] - start[a + 1]
                    total += _count_run(sorted_pts, i, r, start[a], start[a + 1])
                    total += _count_run(sorted_pts, i, r, start[z], start[z + 1])
                else:
                    total += _count_run(sorted_pts, i, r, start[a], start[z + 1])
                if not _next_row(idx, lo, hi):
                    break
            out[members[i]] = total - 1                # the point itself is at distance 0
    return out


@njit(cache=True)
def _holds(x, value, right):
    return x <= value if right else x < value


@njit(cache=True)
def _searchsorted(s, value, p, right):
    """``np.searchsorted(s, value, side="right" if right else "left")`` for sorted ``s``, searched
    from the hint p (galloping away from it, then bisection): the length of the prefix of ``s`` on
    which ``s[m] <= value`` (``right``) or ``s[m] < value``."""
    n = s.size
    step = 1
    if _holds(s[p], value, right):
        lo = p + 1                    # holds below lo
        while lo + step - 1 < n and _holds(s[lo + step - 1], value, right):
            lo += step
            step *= 2
        hi = min(lo + step - 1, n)    # fails from hi on
    else:
        hi = p
        while hi - step >= 0 and not _holds(s[hi - step], value, right):
            hi -= step
            step *= 2
        lo = max(hi - step + 1, 0)
    while lo < hi:
        mid = (lo + hi) // 2
        if _holds(s[mid], value, right):
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, parallel=True)
def _between_kernel(s, order, radius, chunk):
    n = s.size
    out = np.empty(n, np.int64)
    for b in prange((n + chunk - 1) // chunk):
        for p in range(b * chunk, min(n, (b + 1) * chunk)):
            i = order[p]
            r = radius[i]
            hi = _searchsorted(s, s[p] + r, p, False)
            lo = _searchsorted(s, s[p] - r, p, True)
            out[i] = max(hi - lo - 1, 0)
    return out


def _cells(n: int, d: int, occupancy: float) -> int:
    """Cells per axis: about ``occupancy`` points per cell, at least 1, at most n."""
    return int(min(n, max(1, round((n / occupancy) ** (1.0 / d)))))


def column_orders(points: np.ndarray) -> np.ndarray:
    """``argsort`` of every column of ``points`` (shape (n, d)): compute once, pass to both functions."""
    return np.argsort(points, axis=0)


def _prepare(points, orders, occupancy):
    a = np.ascontiguousarray(points, dtype=np.float64)
    o = np.ascontiguousarray(column_orders(a) if orders is None else orders, dtype=np.int64)
    cells = _cells(a.shape[0], a.shape[1], occupancy)
    return (*_grid(a, o, cells), cells)


def kth_distance(points: np.ndarray, k: int, orders: np.ndarray | None = None) -> np.ndarray:
    r"""Max-norm distance from every row of ``points`` (shape (n, d), finite) to its k-th nearest other row.

    Equal to ``cKDTree(points).query(points, k=[k + 1], p=np.inf)[0][:, 0]`` (the first neighbour
    of a row is the row itself), value for value. ``1 <= k < n`` is the caller's to ensure;
    ``orders`` is :func:`column_orders` of ``points`` when the caller has it already.
    """
    return _kth_kernel(*_prepare(points, orders, _KNN_OCCUPANCY), k, _CHUNK)


def count_within(points: np.ndarray, radius: np.ndarray, orders: np.ndarray | None = None) -> np.ndarray:
    r"""For every row i of ``points`` (shape (n, d), finite), the number of other rows j with
    :math:`\max_c \mathrm{fl}(|a_{jc} - a_{ic}|) \le r_i` (``radius``: shape (n,), at least 0).

    Equal to ``cKDTree(points).query_ball_point(points, r=radius, p=np.inf, return_length=True) - 1``,
    count for count; ``orders`` as in :func:`kth_distance`.
    """
    members, *grid = _prepare(points, orders, _COUNT_OCCUPANCY)
    return _count_kernel(members, np.ascontiguousarray(radius, dtype=np.float64), *grid, _CHUNK)


def count_between(col: np.ndarray, radius: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    r"""For every entry i of ``col`` (shape (n,), finite), the number of other entries in the open
    interval :math:`(\mathrm{fl}(a_i - r_i), \mathrm{fl}(a_i + r_i))` (``radius``: shape (n,), at least 0).

    Equal to ``searchsorted(s, col + radius, "left") - searchsorted(s, col - radius, "right") - 1`` on
    the sorted column ``s``; ``order`` is its ``argsort``, when the caller has it.
    """
    c = np.ascontiguousarray(col, dtype=np.float64)
    o = np.ascontiguousarray(np.argsort(c) if order is None else order, dtype=np.int64)
    r = np.ascontiguousarray(radius, dtype=np.float64)
    return _between_kernel(c[o], o, r, _CHUNK)
