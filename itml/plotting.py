"""The book's figure style and recurring plots (matplotlib).

Figures are shown as PNG (nbval ignores PNG outputs, so a figure may differ by a
pixel between machines without failing the checks); end plotting cells with
``plt.show()``.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

PALETTE = ["#1f5a96", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#b5651d"]
"""Colours used across the book, in order."""


def use_style() -> None:
    r"""Apply the book's matplotlib style and make inline figures PNG.

    Sets ``matplotlib.rcParams`` (size 6.4 x 3.6 in at 110 dpi, a light grid, no top and right
    spines, the colours of ``PALETTE``); inside Jupyter it also selects PNG for inline figures.

    Returns
    -------
    None

    Examples
    --------
    >>> use_style()
    >>> mpl.rcParams["axes.grid"], mpl.rcParams["figure.dpi"]
    (True, 110.0)
    """
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "font.size": 10,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ModuleNotFoundError:  # outside Jupyter
        return
    set_matplotlib_formats("png")


def heatmap(table, ax=None, *, xlabel="y", ylabel="x", title=None, fmt="{:.2f}", cmap="Blues"):
    r"""Draw a 2-D table (a joint distribution, a confusion matrix) with its values written in.

    Cell ``(i, j)`` shows ``table[i, j]``, x on the rows and y on the columns as in
    ``pxy[x, y]``; the colour scale starts at 0.

    Parameters
    ----------
    table : array_like, shape (n_rows, n_cols)
        The values.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized to the table.
    xlabel, ylabel : str, default "y", "x"
        Axis labels (columns, rows).
    title : str, optional
        Title.
    fmt : str, default "{:.2f}"
        Format of the written values.
    cmap : str, default "Blues"
        Colour map.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``table`` is not 2-D.

    Examples
    --------
    >>> ax = heatmap([[0.25, 0.25], [0.5, 0.0]])
    >>> [t.get_text() for t in ax.texts]
    ['0.25', '0.25', '0.50', '0.00']
    >>> plt.close(ax.figure)
    """
    table = np.asarray(table, dtype=float)
    if table.ndim != 2:
        raise ValueError(f"table must be 2-D, got shape {table.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.6 * table.shape[1], 0.8 + 0.5 * table.shape[0]))
    ax.imshow(table, cmap=cmap, vmin=0)
    ax.grid(False)
    hi = table.max() if table.size else 0
    for (i, j), v in np.ndenumerate(table):
        ax.text(j, i, fmt.format(v), ha="center", va="center",
                color="white" if v > 0.6 * hi else "black", fontsize=9)
    ax.set_xticks(range(table.shape[1]))
    ax.set_yticks(range(table.shape[0]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def image_grid(images, ncols=10, ax=None, *, shape=None, title=None, cmap="gray_r", vmin=0.0, vmax=1.0):
    r"""Tile a batch of images in a grid with ``ncols`` columns.

    Images are separated by one blank pixel; the grid has :math:`\lceil N / \text{ncols} \rceil`
    rows. The colour scale is fixed to [``vmin``, ``vmax``], by default [0, 1], so that pixel
    probabilities (and binary or [0, 1]-scaled images) are shown as they are: without fixed
    limits matplotlib would stretch each grid's own range, and a faint image of probabilities
    below 0.3 would look as dark as a sharp one. Pass ``vmin=None, vmax=None`` for that
    autoscaling, or other limits for other data.

    Parameters
    ----------
    images : array_like, shape (N, H, W) or (N, H*W)
        The images; flat ones need ``shape``.
    ncols : int, default 10
        Images per row.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.
    shape : tuple of int (H, W), optional
        Shape of each image when ``images`` is flat.
    title : str, optional
        Title.
    cmap : str, default "gray_r"
        Colour map.
    vmin, vmax : float or None, default 0.0 and 1.0
        Values mapped to the ends of the colour map; ``None`` takes the data's minimum or maximum.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``images`` is empty or not (N, H, W) after the reshape.

    Examples
    --------
    >>> ax = image_grid(np.zeros((3, 64)), ncols=2, shape=(8, 8))
    >>> ax.images[0].get_array().shape  # 2 rows and 2 columns of 8x8, 1-pixel gaps
    (17, 17)
    >>> ax.images[0].get_clim()  # probabilities keep their scale
    (0.0, 1.0)
    >>> plt.close(ax.figure)
    """
    imgs = np.asarray(images, dtype=float)
    if shape is not None:
        imgs = imgs.reshape(len(imgs), *shape)
    if imgs.ndim != 3:
        raise ValueError(f"images must be (N, H, W) or flat with shape=(H, W), got {imgs.shape}")
    n, h, w = imgs.shape
    if n == 0:
        raise ValueError("images is empty")
    nrows = -(-n // ncols)
    canvas = np.full((nrows * (h + 1) - 1, ncols * (w + 1) - 1), np.nan)
    for k in range(n):
        r, c = divmod(k, ncols)
        canvas[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = imgs[k]
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * ncols, 0.55 * nrows + (0.3 if title else 0)))
    ax.imshow(np.ma.masked_invalid(canvas), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
