"""The Huffman tree behind hierarchical softmax: a code and a path for every word.

Hierarchical softmax replaces the V output vectors of the full softmax by the
V - 1 inner nodes of a binary tree whose leaves are the words. A word's
probability is the product of the left/right decisions on its path from the
root. A Huffman tree built from the word counts gives frequent words short
paths, so the expected number of decisions per training example is close to
the entropy of the word distribution.

Equations (tags cited by docs/math.md and by objectives/hierarchical.py):

(HUF-merge)  Repeatedly merge the two lightest nodes; the lighter one gets
             bit 0 and the heavier one bit 1 (ties as described below).
(HUF-code)   code(w) = the bits on the path root -> w, root first;
             points(w) = the inner nodes on that path, root first.
             These feed (HS-prob) in objectives/hierarchical.py:
             P(w | h) = prod_j s((1 - 2 code_j) * h . W_out[point_j]),
             the sign convention of the original C tool: bit 0 means the
             sigmoid of +score, bit 1 the sigmoid of -score.
(HUF-kraft)  sum_w 2 ** -len(w) = 1 (a full binary tree).
(HUF-length) H <= sum_w p_w len(w) < H + 1 with p_w = count_w / sum(counts)
             and H the entropy in bits.

Node numbering. Leaves are the word ids 0..V-1. The inner nodes are numbered
0..V-2 in the order they are created, so the first merge (of the two rarest
words) makes inner node 0 and the last one makes the root, inner node V - 2.
Inner node j owns row j of W_out, which therefore has V - 1 rows.

The merge (two queues, O(V) after sorting). The words, sorted by count in
descending order, form the first queue, read from its rare end. Inner nodes
are created with non-decreasing weight, so they form a second sorted queue
by themselves. Each step takes the lighter front of the two queues, twice;
on a tie between a word and an inner node the inner node is taken first
(the original C tool's rule). Sorting uses a stable order (descending count,
ties by ascending word id), so the tree is a deterministic function of the
counts.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError


@dataclass(frozen=True, eq=False)
class HuffmanTree:
    """Codes and paths of every word, padded to the longest code.

    Attributes
    ----------
    codes : (V, L) int8
        Row w holds word w's bits in its first ``lengths[w]`` entries, root
        first; the rest is 0. Equation (HUF-code).
    points : (V, L) int32
        Row w holds the inner-node ids (0..V-2, rows of W_out) on word w's
        path in its first ``lengths[w]`` entries, root first; padded with 0.
    lengths : (V,) int32
        Code length of each word, >= 1.

    The arrays are read-only. ``codes[w, :lengths[w]]`` and
    ``points[w, :lengths[w]]`` are what :meth:`code` and :meth:`path` return.
    """

    codes: np.ndarray
    points: np.ndarray
    lengths: np.ndarray

    def __len__(self) -> int:
        """V, the number of words (leaves)."""
        return int(self.lengths.shape[0])

    @property
    def n_inner(self) -> int:
        """V - 1, the number of inner nodes (rows of W_out under HS)."""
        return len(self) - 1

    def code(self, w: int) -> list[int]:
        """Word w's bits, root first. Equation (HUF-code)."""
        return [int(b) for b in self.codes[w, : self.lengths[w]]]

    def path(self, w: int) -> list[int]:
        """Word w's inner-node ids, root first. Equation (HUF-code)."""
        return [int(p) for p in self.points[w, : self.lengths[w]]]


def _check_counts(counts) -> np.ndarray:
    """Return the counts as a 1-D int64 or float64 array, or raise ConfigError."""
    counts = np.asarray(counts)
    if counts.ndim != 1:
        raise ConfigError(
            f"Huffman counts must be a 1-D array, got shape {counts.shape}; pass one count per word"
        )
    if counts.shape[0] < 2:
        raise ConfigError(
            f"a Huffman tree needs at least 2 words, got {counts.shape[0]}; "
            "lower min_count or use a larger corpus"
        )
    if counts.dtype.kind in "iub":
        counts = counts.astype(np.int64)
    elif counts.dtype.kind == "f":
        counts = counts.astype(np.float64)
        if not np.all(np.isfinite(counts)):
            raise ConfigError("Huffman counts contain NaN or infinity; pass finite non-negative counts")
    else:
        raise ConfigError(f"Huffman counts must be numbers, got dtype {counts.dtype}; pass integer counts")
    if np.any(counts < 0):
        raise ConfigError("Huffman counts contain a negative value; pass non-negative counts")
    return counts


def build_huffman(counts) -> HuffmanTree:
    """Build the Huffman tree of hierarchical softmax from the word counts.

    Parameters
    ----------
    counts : (V,) int (floats accepted as weights)
        counts[w] is the count of word w, V >= 2. The vocabulary's own order
        (descending count) is the fast case, but any order works: the result
        always refers to the caller's word ids.

    Returns
    -------
    HuffmanTree
        codes (V, L) int8, points (V, L) int32 (inner nodes 0..V-2, the root
        is V - 2), lengths (V,) int32. Equations (HUF-merge) and (HUF-code).

    Raises
    ------
    ConfigError
        Fewer than two words, or counts that are not non-negative numbers.
    """
    counts = _check_counts(counts)
    V = counts.shape[0]
    # Leaves sorted by descending count, ties by ascending id (stable).
    order = np.argsort(-counts, kind="stable")  # order[r] = word id of rank r
    leaf_weight = counts[order].tolist()  # Python numbers: exact comparisons, fast scalar access

    # Nodes of the merge: 0..V-1 are the leaves by rank, V + j is inner node j.
    n_nodes = 2 * V - 1
    parent = np.zeros(n_nodes, dtype=np.int64)
    bit = np.zeros(n_nodes, dtype=np.int8)
    inner_weight = [0] * (V - 1)
    leaf = V - 1  # next (lightest) leaf not yet merged, walking toward the frequent end
    inner = 0  # next inner node not yet merged (inner nodes are created in weight order)

    def pop_lightest(j: int) -> int:
        """Take the lighter front of the two queues; inner node on a tie (HUF-merge)."""
        nonlocal leaf, inner
        if leaf >= 0 and (inner >= j or leaf_weight[leaf] < inner_weight[inner]):
            leaf -= 1
            return leaf + 1
        inner += 1
        return V + inner - 1

    for j in range(V - 1):  # create inner node j
        lighter = pop_lightest(j)
        heavier = pop_lightest(j)
        wl = leaf_weight[lighter] if lighter < V else inner_weight[lighter - V]
        wh = leaf_weight[heavier] if heavier < V else inner_weight[heavier - V]
        inner_weight[j] = wl + wh
        parent[lighter] = parent[heavier] = V + j
        bit[heavier] = 1  # the lighter child gets 0, the heavier 1

    # Depth of every node, top-down: a parent is always created after its children,
    # so walking the nodes from the root (the last one) downward sees parents first.
    depth = np.zeros(n_nodes, dtype=np.int64)
    for node in range(n_nodes - 2, -1, -1):
        depth[node] = depth[parent[node]] + 1
    L = int(depth[:V].max())

    # Fill the codes and points level by level: a node's path is its parent's path
    # plus one step (the node's bit, and the parent as the last point).
    node_codes = np.zeros((n_nodes, L), dtype=np.int8)
    node_points = np.zeros((n_nodes, L), dtype=np.int32)
    for d in range(1, L + 1):
        nodes = np.flatnonzero(depth == d)  # (n_d,) nodes at depth d
        par = parent[nodes]
        node_codes[nodes, : d - 1] = node_codes[par, : d - 1]
        node_points[nodes, : d - 1] = node_points[par, : d - 1]
        node_codes[nodes, d - 1] = bit[nodes]
        node_points[nodes, d - 1] = par - V  # inner-node id of the parent

    # Back from ranks to the caller's word ids.
    codes = np.empty((V, L), dtype=np.int8)
    points = np.empty((V, L), dtype=np.int32)
    lengths = np.empty(V, dtype=np.int32)
    codes[order] = node_codes[:V]
    points[order] = node_points[:V]
    lengths[order] = depth[:V]
    for a in (codes, points, lengths):
        a.setflags(write=False)
    return HuffmanTree(codes=codes, points=points, lengths=lengths)
