"""Huffman tree: hand-built example, structural properties, errors."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from word2vec_np.core.huffman import build_huffman
from word2vec_np.errors import ConfigError

counts_lists = st.lists(st.integers(1, 10_000), min_size=2, max_size=60)


def test_hand_built_tree_for_five_words():
    # counts 5 4 3 2 1, merged by hand: {2,1} -> node 0 (3); tie node 0 (3) vs word 2 (3) takes the
    # inner node first -> node 1 = {node 0, word 2} (6); {4, 5} -> node 2 (9); {node 1, node 2} -> root 3.
    tree = build_huffman([5, 4, 3, 2, 1])
    assert [tree.code(w) for w in range(5)] == [[1, 1], [1, 0], [0, 1], [0, 0, 1], [0, 0, 0]]
    assert [tree.path(w) for w in range(5)] == [[3, 2], [3, 2], [3, 1], [3, 1, 0], [3, 1, 0]]
    assert tree.lengths.tolist() == [2, 2, 2, 3, 3]
    assert tree.codes.dtype == np.int8 and tree.points.dtype == np.int32 and tree.lengths.dtype == np.int32
    assert tree.codes.shape == tree.points.shape == (5, 3)
    assert tree.codes[0].tolist() == [1, 1, 0] and tree.points[0].tolist() == [3, 2, 0]  # padding is 0
    assert len(tree) == 5 and tree.n_inner == 4


def test_result_refers_to_the_callers_ids_in_any_order():
    tree = build_huffman([1, 2, 3, 4, 5])  # the same counts reversed
    assert [tree.code(w) for w in range(5)] == [[0, 0, 0], [0, 0, 1], [0, 1], [1, 0], [1, 1]]


def test_two_words():
    tree = build_huffman([7, 3])
    assert tree.code(0) == [1] and tree.code(1) == [0]
    assert tree.path(0) == tree.path(1) == [0]


def test_arrays_are_read_only():
    tree = build_huffman([3, 2, 1])
    with pytest.raises(ValueError):
        tree.codes[0, 0] = 1


def _codes(tree):
    return ["".join(map(str, tree.code(w))) for w in range(len(tree))]


@settings(max_examples=60, deadline=None)
@given(counts_lists)
def test_prefix_free_and_kraft_sum_exactly_one(counts):
    tree = build_huffman(counts)
    codes = _codes(tree)
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            if i != j:
                assert not b.startswith(a), (a, b)
    assert sum(Fraction(1, 2 ** len(c)) for c in codes) == 1


@settings(max_examples=60, deadline=None)
@given(counts_lists)
def test_mean_code_length_within_one_bit_of_the_entropy(counts):
    tree = build_huffman(counts)
    p = np.asarray(counts, dtype=np.float64) / sum(counts)
    entropy = float(-(p * np.log2(p)).sum())
    mean_length = float((p * tree.lengths).sum())
    assert entropy - 1e-9 <= mean_length < entropy + 1


@settings(max_examples=60, deadline=None)
@given(counts_lists)
def test_points_are_valid_inner_nodes_root_first(counts):
    tree = build_huffman(counts)
    V = len(counts)
    assert tree.points.min() >= 0 and tree.points.max() <= V - 2
    assert np.all(tree.lengths >= 1)
    assert {tree.path(w)[0] for w in range(V)} == {V - 2}  # one common root
    # every inner node is used, and a node's bit pattern (prefix) identifies it consistently
    prefix_of = {}
    for w in range(V):
        code, path = tree.code(w), tree.path(w)
        for j, node in enumerate(path):
            assert prefix_of.setdefault(node, tuple(code[:j])) == tuple(code[:j])
    assert sorted(prefix_of) == list(range(V - 1))
    # padding beyond each length is zero
    mask = np.arange(tree.codes.shape[1]) < tree.lengths[:, None]
    assert not tree.codes[~mask].any() and not tree.points[~mask].any()
    assert tree.codes.shape[1] == tree.lengths.max()


@settings(max_examples=60, deadline=None)
@given(counts_lists)
def test_the_two_rarest_words_are_siblings(counts):
    tree = build_huffman(counts)
    order = np.argsort(-np.asarray(counts), kind="stable")  # the tree's tie-break: ascending id
    a, b = int(order[-1]), int(order[-2])
    assert tree.path(a) == tree.path(b)
    assert tree.code(a)[:-1] == tree.code(b)[:-1] and tree.code(a)[-1] != tree.code(b)[-1]
    assert tree.lengths[a] == tree.lengths.max()
    assert tree.path(a)[-1] == 0  # the first merge makes inner node 0
    assert tree.code(a)[-1] == 0  # the rarer one gets bit 0


@settings(max_examples=30, deadline=None)
@given(counts_lists)
def test_deterministic(counts):
    t1, t2 = build_huffman(counts), build_huffman(list(counts))
    assert np.array_equal(t1.codes, t2.codes) and np.array_equal(t1.points, t2.points)
    assert np.array_equal(t1.lengths, t2.lengths)


def test_frequent_words_get_short_codes():
    counts = (100_000 / np.arange(1, 1001)).astype(np.int64) + 1  # Zipf-like
    tree = build_huffman(counts)
    assert tree.lengths[0] <= 3 and tree.lengths[0] < tree.lengths[-1]
    assert np.all(np.diff(tree.lengths) >= 0)  # sorted descending counts -> non-decreasing lengths
    assert tree.lengths.max() < 2 * math.log2(1000)


def test_all_equal_counts_give_a_balanced_tree():
    tree = build_huffman(np.full(8, 5))
    assert tree.lengths.tolist() == [3] * 8


@pytest.mark.parametrize(
    "bad",
    [[], [5], [[1, 2], [3, 4]], [3, -1], ["a", "b"], [1.0, float("nan")]],
)
def test_bad_counts_raise_config_error(bad):
    with pytest.raises(ConfigError):
        build_huffman(bad)
