"""Output objectives behind one interface: full softmax, hierarchical softmax, negative sampling.

    softmax.py       Softmax              exact, O(V)          (SM-*)
    hierarchical.py  HierarchicalSoftmax  Huffman paths, O(log V)   (HS-*)
    negative.py      NegativeSampling     1 + k logistic units  (NS-*)
    base.py          Objective (the interface), sigmoid, log_sigmoid

:func:`make_objective` builds one from its name and the vocabulary counts.
"""

import numpy as np

from ...errors import ConfigError
from .base import Objective, log_sigmoid, sigmoid
from .hierarchical import HierarchicalSoftmax
from .negative import NegativeSampling
from .softmax import Softmax

__all__ = [
    "HierarchicalSoftmax",
    "NegativeSampling",
    "Objective",
    "Softmax",
    "log_sigmoid",
    "make_objective",
    "sigmoid",
]

NAMES = ("softmax", "hs", "ns")


def make_objective(name: str, vocab_counts, *, negative: int = 5, ns_power: float = 0.75) -> Objective:
    """Build an objective by name for a vocabulary.

    Parameters
    ----------
    name : str
        "softmax" (full softmax), "hs" (hierarchical softmax) or "ns"
        (negative sampling).
    vocab_counts : (V,) int
        Word counts in the vocabulary's id order (Vocab.counts). HS builds
        its Huffman tree from them; NS its noise distribution (NS-noise).
    negative : int
        k, negatives per example (NS only).
    ns_power : float
        Exponent of the noise distribution (NS only).

    Raises
    ------
    ConfigError
        Unknown name, fewer than two words, or a bad setting.
    """
    counts = np.asarray(vocab_counts)
    if counts.ndim != 1 or counts.shape[0] < 2:
        raise ConfigError(
            f"an objective needs the counts of at least 2 words, got shape {counts.shape}; "
            "lower min_count or use a larger corpus"
        )
    if name == "softmax":
        return Softmax()
    if name == "hs":
        return HierarchicalSoftmax.from_counts(counts)
    if name == "ns":
        from ..sampling import NoiseSampler  # imported here: the math itself never needs it

        return NegativeSampling(negative, NoiseSampler(counts, ns_power))
    raise ConfigError(f"unknown objective {name!r}; use one of {', '.join(NAMES)}")
