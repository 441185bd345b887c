"""A batch of training examples, one layout for skip-gram and CBOW.

Every example has a target word and one or more input (context) words. The
input words of a batch form a padded (B, C) matrix: row b holds example b's
``n_context[b]`` real input ids first, then padding. Skip-gram is the case
C == 1 (one input word per example); CBOW has up to 2 * window.

The real entries of a padded matrix, read row by row, are "ragged": example
b owns a contiguous run of ``n_context[b]`` of them. :func:`segment_sum`
sums such runs back to one row per example; CBOW's hidden layer and the
hierarchical softmax's gradient wrt h both use it.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError


@dataclass(frozen=True, eq=False)
class Batch:
    """B training examples.

    Attributes
    ----------
    contexts : (B, C) int32
        Input-word ids; skip-gram: C == 1. Entries past ``n_context[b]`` are
        padding (0 by convention) and are never read.
    n_context : (B,) int32
        How many leading entries of each row are real, 1 <= n_context <= C.
    targets : (B,) int32
        The word each example predicts.

    The constructor converts the arrays to int32 and checks their shapes.
    """

    contexts: np.ndarray
    n_context: np.ndarray
    targets: np.ndarray

    def __post_init__(self) -> None:
        contexts = np.asarray(self.contexts, dtype=np.int32)
        n_context = np.asarray(self.n_context, dtype=np.int32)
        targets = np.asarray(self.targets, dtype=np.int32)
        if contexts.ndim != 2:
            raise ConfigError(f"Batch contexts must be a (B, C) array, got shape {contexts.shape}")
        B, C = contexts.shape
        if n_context.shape != (B,) or targets.shape != (B,):
            raise ConfigError(
                f"Batch n_context and targets must both have shape ({B},) to match contexts "
                f"{contexts.shape}, got {n_context.shape} and {targets.shape}"
            )
        if B and (n_context.min() < 1 or n_context.max() > C):
            raise ConfigError(
                f"Batch n_context must lie in 1..{C} (the width of contexts); fix the window builder"
            )
        object.__setattr__(self, "contexts", contexts)
        object.__setattr__(self, "n_context", n_context)
        object.__setattr__(self, "targets", targets)

    def __len__(self) -> int:
        """B, the number of examples."""
        return int(self.targets.shape[0])

    def __getitem__(self, index: slice) -> "Batch":
        """The examples of a slice as a Batch: ``batch[i : i + 1]`` is example i alone."""
        if not isinstance(index, slice):
            raise ConfigError(f"index a Batch with a slice such as batch[i : i + 1], not {type(index).__name__}")
        return Batch(self.contexts[index], self.n_context[index], self.targets[index])

    @classmethod
    def from_pairs(cls, inputs, targets) -> "Batch":
        """Skip-gram batch from (input, target) pairs.

        Parameters
        ----------
        inputs : (B,) int
            Input-word id of each pair (its W_in row is h).
        targets : (B,) int
            Word each pair predicts.

        Returns
        -------
        Batch with contexts (B, 1), n_context all ones.
        """
        inputs = np.asarray(inputs, dtype=np.int32)
        if inputs.ndim != 1:
            raise ConfigError(f"skip-gram inputs must be a 1-D array of ids, got shape {inputs.shape}")
        return cls(inputs[:, None], np.ones(inputs.shape[0], dtype=np.int32), targets)

    def real_mask(self) -> np.ndarray:
        """(B, C) bool, True at the real (non-padding) entries of ``contexts``."""
        return np.arange(self.contexts.shape[1]) < self.n_context[:, None]


def segment_sum(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Sum consecutive runs of rows: out[b] = sum of the lengths[b] rows of run b.

    Parameters
    ----------
    values : (M, D) float
        Rows grouped by example, run b first-to-last after run b - 1;
        M == lengths.sum().
    lengths : (B,) int
        Length of each run, every one >= 1.

    Returns
    -------
    (B, D), same dtype as ``values``.
    """
    lengths = np.asarray(lengths)
    if lengths.shape[0] == 0:
        return np.zeros((0,) + values.shape[1:], dtype=values.dtype)
    starts = np.zeros(lengths.shape[0], dtype=np.intp)
    np.cumsum(lengths[:-1], out=starts[1:])  # start of each run
    return np.add.reduceat(values, starts, axis=0)
