"""Data sets that ship with the installed packages: nothing is downloaded.

* scikit-learn's bundled digits (8x8 images), iris, wine and breast-cancer tables;
* toy 2-D sets made from a seed (two moons, a 2-D swiss roll, a ring of Gaussians);
* a fixed text corpus shipped with ``itml``: Python 3.11's help topics (PSF licence).
"""

from __future__ import annotations

import json
import lzma
from importlib import resources

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split

from ._validation import check_int, check_number

_TOPICS_FILE = "pydoc_topics.json.xz"


def _check_fraction(test_size: float) -> None:
    check_number(test_size, "test_size", minimum=0, maximum=1, open_min=True, open_max=True, type_error=True)


def digits(*, binarize: bool = False, test_size: float = 0.25, seed: int = 0):
    r"""scikit-learn's 1,797 handwritten digits (8x8, 64 features), split into train and test.

    .. math:: x = \text{pixel} / 16 \in [0, 1], \qquad
              x_\text{binary} = \mathbf{1}[x > 0.5]

    The split is stratified by label.

    Parameters
    ----------
    binarize : bool, default False
        Threshold the pixels at 0.5 (for a Bernoulli likelihood).
    test_size : float, default 0.25
        Fraction of the images in the test split, in (0, 1).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    X_train, X_test : ndarray of float32, shape (n, 64)
        Pixels in [0, 1].
    y_train, y_test : ndarray of int64, shape (n,)
        Labels 0..9.

    Raises
    ------
    TypeError
        If ``test_size`` is not a real number.
    ValueError
        If ``test_size`` is outside (0, 1).

    References
    ----------
    Pedregosa et al. (2011), `pedregosa2011` in the book's references.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digits()
    >>> X_train.shape, X_test.shape
    ((1347, 64), (450, 64))
    """
    _check_fraction(test_size)
    data = datasets.load_digits()
    x = (data.data / 16.0).astype(np.float32)
    if binarize:
        x = (x > 0.5).astype(np.float32)
    y = data.target.astype(np.int64)
    return tuple(train_test_split(x, y, test_size=test_size, random_state=seed, stratify=y))


def two_moons(n_samples: int = 2000, *, noise: float = 0.05, seed: int = 0) -> np.ndarray:
    r"""Points on two interleaved half-circles, standardised to zero mean and unit variance.

    .. math:: x \leftarrow (x - \bar x) / s_x \quad \text{per coordinate}

    Parameters
    ----------
    n_samples : int, default 2000
        Number of points, at least 1.
    noise : float, default 0.05
        Standard deviation of scikit-learn's Gaussian noise (before standardising).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    ndarray of float32, shape (n_samples, 2)
        The points.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer.
    ValueError
        If ``n_samples < 1``.

    Examples
    --------
    >>> two_moons(100).shape
    (100, 2)
    """
    check_int(n_samples, "n_samples", type_error=True)
    x, _ = datasets.make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x.astype(np.float32)


def swiss_roll_2d(n_samples: int = 2000, *, noise: float = 0.3, seed: int = 0) -> np.ndarray:
    r"""The swiss roll seen from its side (its x and z coordinates), scaled to unit variance.

    .. math:: x \leftarrow (x - \bar x) / s_x \quad \text{per coordinate}

    Parameters
    ----------
    n_samples : int, default 2000
        Number of points, at least 1.
    noise : float, default 0.3
        Standard deviation of scikit-learn's Gaussian noise (before standardising).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    ndarray of float32, shape (n_samples, 2)
        The points.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer.
    ValueError
        If ``n_samples < 1``.

    Examples
    --------
    >>> swiss_roll_2d(100).shape
    (100, 2)
    """
    check_int(n_samples, "n_samples", type_error=True)
    x, _ = datasets.make_swiss_roll(n_samples=n_samples, noise=noise, random_state=seed)
    x = x[:, [0, 2]]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x.astype(np.float32)


def gaussian_ring(n_samples: int = 2000, *, n_modes: int = 8, radius: float = 2.0,
                  std: float = 0.05, seed: int = 0):
    r"""A mixture of ``n_modes`` equal Gaussians on a circle (a test of mode collapse).

    .. math:: x \sim \frac1K \sum_{k=0}^{K-1} \mathcal N\big(c_k, \sigma^2 I\big), \qquad
              c_k = r\,\big(\cos(2\pi k / K), \sin(2\pi k / K)\big)

    Parameters
    ----------
    n_samples : int, default 2000
        Number of points, at least 1.
    n_modes : int, default 8
        K, at least 1.
    radius : float, default 2.0
        r.
    std : float, default 0.05
        :math:`\sigma`, > 0.
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    x : ndarray of float32, shape (n_samples, 2)
        The points.
    centers : ndarray, shape (n_modes, 2)
        The mode centres :math:`c_k`.

    Raises
    ------
    TypeError
        If ``n_samples`` or ``n_modes`` is not an integer.
    ValueError
        If ``n_samples`` or ``n_modes`` is not positive, or ``std`` is not positive.

    Examples
    --------
    >>> x, centers = gaussian_ring(100, n_modes=4)
    >>> x.shape, centers.round(6).tolist()[0]
    ((100, 2), [2.0, 0.0])
    """
    check_int(n_samples, "n_samples", type_error=True)
    check_int(n_modes, "n_modes", type_error=True)
    if not std > 0:
        raise ValueError(f"std must be positive, got {std!r}")
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    centers = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    which = rng.integers(n_modes, size=n_samples)
    x = centers[which] + std * rng.standard_normal((n_samples, 2))
    return x.astype(np.float32), centers


_PLAY_TENNIS = """\
Sunny Hot High Weak No
Sunny Hot High Strong No
Overcast Hot High Weak Yes
Rain Mild High Weak Yes
Rain Cool Normal Weak Yes
Rain Cool Normal Strong No
Overcast Cool Normal Strong Yes
Sunny Mild High Weak No
Sunny Cool Normal Weak Yes
Rain Mild Normal Weak Yes
Sunny Mild Normal Strong Yes
Overcast Mild High Strong Yes
Overcast Hot Normal Weak Yes
Rain Mild High Strong No"""


def play_tennis():
    r"""Quinlan's 14 Saturday mornings (Table 1 of his 1986 paper): weather -> play tennis?

    Four categorical attributes (Outlook, Temperature, Humidity, Wind) and the label Play
    (9 "Yes", 5 "No"), in the order of the days D1..D14; :math:`H(\text{Play}) \approx 0.940`
    bits. Quinlan's classes are P and N and his attribute is "windy" (true/false); the names
    used here (Play: Yes/No, Wind: Weak/Strong) are those of Mitchell's "PlayTennis" table.

    Returns
    -------
    columns : list of str
        The 4 column names.
    X : ndarray of str, shape (14, 4)
        The attributes.
    y : ndarray of str, shape (14,)
        The labels.

    References
    ----------
    Quinlan (1986) and Mitchell (1997), `quinlan1986` and `mitchell1997` in the book's references.

    Examples
    --------
    >>> columns, X, y = play_tennis()
    >>> columns, X.shape, int((y == "Yes").sum())
    (['Outlook', 'Temperature', 'Humidity', 'Wind'], (14, 4), 9)
    """
    rows = np.array([line.split() for line in _PLAY_TENNIS.splitlines()])
    return ["Outlook", "Temperature", "Humidity", "Wind"], rows[:, :4], rows[:, 4]


def _distinct_topics(topics: dict, window: int = 60) -> list:
    """Topic keys left after dropping topics whose text repeats that of a longer topic.

    Going from the longest topic to the shortest, a topic is dropped when at least half
    of its consecutive ``window``-character pieces occur in a topic already kept.
    """
    kept, seen = [], set()
    for key in sorted(topics, key=lambda k: (-len(topics[k]), k)):
        text = topics[key]
        pieces = [text[i: i + window] for i in range(0, len(text) - window + 1, window)]
        if pieces and 2 * sum(p in seen for p in pieces) >= len(pieces):
            continue
        kept.append(key)
        seen.update(text[i: i + window] for i in range(len(text) - window + 1))
    return sorted(kept)


def pydoc_topics() -> dict:
    r"""The help topics of Python 3.11's ``pydoc_data.topics``, from the snapshot shipped with ``itml``.

    ``pydoc_data`` changes with every Python release, so the book reads a fixed copy
    (``itml/_data/pydoc_topics.json.xz``, taken from CPython 3.11.7) rather than the running
    interpreter's module. The text is the Python documentation, distributed under the PSF
    licence, whose text ships beside it (``itml/_data/LICENSE-PSF.txt``).

    Returns
    -------
    dict of str to str
        The 79 topic names and their texts.

    Examples
    --------
    >>> topics = pydoc_topics()
    >>> len(topics), topics["if"].startswith('The "if" statement')
    (79, True)
    """
    with resources.files(__package__).joinpath("_data", _TOPICS_FILE).open("rb") as raw:
        with lzma.open(raw) as f:
            return json.loads(f.read().decode("utf-8"))


def pydoc_corpus():
    r"""English text that ships with ``itml``: the help topics of Python 3.11's ``pydoc_data``, split three ways.

    The 79 topics (about 465,000 characters, see :func:`pydoc_topics`) repeat each other:
    ``compound`` contains the text of ``if``, ``while``, ``for`` and ``try``. Going from the
    longest topic to the shortest, a topic is dropped when half of its 60-character pieces
    already occur in a kept topic (22 topics go; about 373,000 characters remain). The kept
    topics are split *by topic*: with their keys sorted, topic number ``i`` goes to the test
    split when ``i % 10 == 1``, to the validation split when ``i % 10 == 2``, and to the
    training split otherwise. Each split is its topics' texts concatenated in that order. The
    text is a fixed snapshot, so the splits are the same on every Python version.

    Returns
    -------
    dict of str to str
        The texts of the splits ``"train"``, ``"validation"`` and ``"test"``.

    Examples
    --------
    >>> splits = pydoc_corpus()
    >>> sorted(splits)
    ['test', 'train', 'validation']
    >>> splits["test"].startswith('Assignment statements')
    True
    """
    topics = pydoc_topics()
    parts = {"train": [], "validation": [], "test": []}
    for i, key in enumerate(_distinct_topics(topics)):
        split = "test" if i % 10 == 1 else "validation" if i % 10 == 2 else "train"
        parts[split].append(topics[key])
    return {split: "".join(texts) for split, texts in parts.items()}
