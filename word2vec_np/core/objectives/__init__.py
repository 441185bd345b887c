"""Output objectives behind one interface: full softmax, hierarchical softmax, negative sampling.

    softmax.py       Softmax              exact, O(V)          (SM-*)
    hierarchical.py  HierarchicalSoftmax  Huffman paths, O(log V)   (HS-*)
    negative.py      NegativeSampling     1 + k logistic units  (NS-*)
    base.py          Objective (the interface), sigmoid, log_sigmoid

:data:`NAMES` is the one table of their names; :func:`make_objective` builds one from its name
and the vocabulary counts, and :func:`n_outputs` says how many rows of W_out it has without building it.
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
    "n_outputs",
    "sigmoid",
]

#: Each objective's class by name; its keys are the one table of objective names (TrainConfig and
#: the command line read it).
CLASSES = {cls.name: cls for cls in (Softmax, HierarchicalSoftmax, NegativeSampling)}
NAMES = tuple(CLASSES)


def n_outputs(name: str, V: int) -> int:
    """Rows of W_out of objective ``name`` for a vocabulary of V words, without building the objective.

    V for "softmax" and "ns", V - 1 for "hs" (the inner nodes of its tree): each class's ``rows_for``,
    which its ``n_outputs`` method returns too. Raises ConfigError for an unknown name.
    """
    if name not in CLASSES:
        raise ConfigError(f"unknown objective {name!r}; use one of {', '.join(NAMES)}")
    return CLASSES[name].rows_for(V)


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
    if name == Softmax.name:
        return Softmax()
    if name == HierarchicalSoftmax.name:
        return HierarchicalSoftmax.from_counts(counts)
    if name == NegativeSampling.name:
        from ..sampling import NoiseSampler  # imported here: the math itself never needs it

        return NegativeSampling(negative, NoiseSampler(counts, ns_power))
    raise ConfigError(f"unknown objective {name!r}; use one of {', '.join(NAMES)}")
