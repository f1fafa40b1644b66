"""itml: the helper package of the course *Information Theory in Machine Learning*.

The information measures and the runtime helpers are importable from the top level;
the other modules are imported by name (``from itml import vae``) so that importing
``itml`` stays fast and does not load PyTorch.
"""

from .measures import (
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
)
from .runtime import device, progress, seed_everything

__version__ = "0.2.0"

__all__ = [
    "__version__",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "device",
    "entropy",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
    "progress",
    "seed_everything",
]
