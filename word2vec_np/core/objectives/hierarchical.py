"""Hierarchical softmax: the probability of a word is a walk down its Huffman path.

The V words are the leaves of the binary tree from huffman.py; its V - 1
inner nodes each own an output vector u_n = W_out[n]. A word's probability
is the product of one binary decision per inner node on its path (root
first), so an example costs len(code) dot products instead of V.

Notation for one example with target o: its path has nodes n_1..n_L and bits
c_1..c_L (huffman.HuffmanTree points/codes), z_j = u_{n_j} . h.

Equations (tags cited by docs/math.md):

(HS-prob)  P(o | h) = prod_j s((1 - 2 c_j) z_j)
           (the C tool's convention: bit 0 -> s(+z), bit 1 -> s(-z))
(HS-loss)  L = -sum_j log s((1 - 2 c_j) z_j)
(HS-grad)  g_j = s(z_j) - (1 - c_j)            dL/dz_j
           dL/dh = sum_j g_j u_{n_j}
           dL/du_{n_j} = g_j h                  (one row per path step)

Every node is used, whatever its score: this is the exact gradient. (The C
tool reads the sigmoid from a table on [-6, 6] and skips nodes outside it;
its update is g = (1 - c_j - s(z_j)) * alpha = -alpha * g_j.)

Ragged paths. Paths have different lengths, so the batch's path steps are
flattened: the mask ``arange(L) < lengths[targets]`` selects the M real steps
of the padded (B, L) codes/points, read row by row, so example b owns a
contiguous run of lengths[targets[b]] steps. Padding is never computed.
"""

from dataclasses import dataclass

import numpy as np

from ...errors import ConfigError
from ..batch import segment_sum
from ..huffman import HuffmanTree, build_huffman
from .base import Objective, log_sigmoid, sigmoid, total


@dataclass(frozen=True, eq=False)
class _HSCache:
    h_steps: np.ndarray  # (M, D) = h[example of each step]
    step_lengths: np.ndarray  # (B,) path length of each example
    points: np.ndarray  # (M,) inner node of each step
    codes: np.ndarray  # (M,) bit of each step, in h's dtype
    U: np.ndarray  # (M, D) = W_out[points]
    z: np.ndarray  # (M,) scores


class HierarchicalSoftmax(Objective):
    """Hierarchical softmax over a Huffman tree: n_out = V - 1 rows of W_out.

    Parameters
    ----------
    tree : HuffmanTree
        From :func:`word2vec_np.core.huffman.build_huffman`.
    """

    name = "hs"

    def __init__(self, tree: HuffmanTree):
        self.tree = tree

    @classmethod
    def from_counts(cls, counts) -> "HierarchicalSoftmax":
        """Build the tree from the word counts (V,) and wrap it."""
        return cls(build_huffman(counts))

    @classmethod
    def rows_for(cls, V: int) -> int:
        """V - 1: one output vector per inner node of the tree."""
        return int(V) - 1

    def n_outputs(self, V: int) -> int:
        """V - 1 (:meth:`rows_for`), after checking that the tree was built for V words."""
        if int(V) != len(self.tree):
            raise ConfigError(
                f"the Huffman tree has {len(self.tree)} words but the vocabulary has {V}; "
                "build the tree from this vocabulary's counts"
            )
        return self.rows_for(V)

    def _steps(self, targets: np.ndarray):
        """The real path steps of a batch: (example, lengths, points, codes), see the module docstring."""
        lengths = self.tree.lengths[targets]  # (B,)
        mask = np.arange(self.tree.codes.shape[1]) < lengths[:, None]  # (B, L)
        example = np.repeat(np.arange(targets.shape[0]), lengths)  # (M,)
        return example, lengths, self.tree.points[targets][mask], self.tree.codes[targets][mask]

    def probabilities(self, W_out: np.ndarray, h: np.ndarray) -> np.ndarray:
        """P(w | h) for every word w, each a product over w's path. Equation (HS-prob).

        Parameters
        ----------
        W_out : (V - 1, D) float
        h : (B, D) float

        Returns
        -------
        (B, V); every row sums to 1 because each inner node splits its mass
        into s(z) and s(-z) = 1 - s(z).
        """
        z = h @ W_out.T  # (B, D) @ (D, V-1) -> (B, V-1): every inner node's score
        tree = self.tree
        mask = np.arange(tree.codes.shape[1]) < tree.lengths[:, None]  # (V, L)
        sign = (1 - 2 * tree.codes).astype(z.dtype)  # (V, L)
        logp_steps = log_sigmoid(sign * z[:, tree.points])  # (B, V, L)
        return np.exp(np.where(mask, logp_steps, 0.0).sum(axis=2))  # (B, V)

    def forward(self, W_out, h, targets, negatives=None):
        """Batch loss sum_b -log P(targets[b] | h[b]). Equations (HS-prob), (HS-loss).

        Parameters
        ----------
        W_out : (V - 1, D) float
        h : (B, D) float
        targets : (B,) int
        negatives : must be None.

        Returns
        -------
        loss : float
        cache : for :meth:`backward`.
        """
        if negatives is not None:
            raise ConfigError("the hierarchical softmax objective takes no negatives; pass negatives=None")
        targets = np.asarray(targets)
        example, lengths, points, codes = self._steps(targets)
        U = W_out[points]  # (M, D) output vector of each path step
        h_steps = h[example]  # (M, D) the hidden vector each step sees
        z = np.einsum("md,md->m", U, h_steps)  # (M,) z_j = u_{n_j} . h
        codes = codes.astype(z.dtype)
        loss = -total(log_sigmoid((1.0 - 2.0 * codes) * z))  # (HS-loss)
        return loss, _HSCache(h_steps, lengths, points, codes, U, z)

    def backward(self, cache):
        """Gradients wrt h and the path nodes. Equation (HS-grad).

        Returns
        -------
        dh : (B, D), sum over each example's steps of g_j u_{n_j}
        rows : (M,) inner nodes of every step (repeat across examples)
        dW_out_rows : (M, D), g_j h for each step
        """
        g = sigmoid(cache.z) - (1.0 - cache.codes)  # (M,) dL/dz_j
        dh = segment_sum(g[:, None] * cache.U, cache.step_lengths)  # (M, D) -> (B, D)
        dW_out_rows = g[:, None] * cache.h_steps  # (M, D)
        return dh, cache.points, dW_out_rows
