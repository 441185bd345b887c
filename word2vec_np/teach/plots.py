"""Matplotlib figures for the notebooks: data in, a figure out, no math inside.

Every function takes arrays that the rest of the package computed (counts,
keep probabilities, a Huffman tree, losses, weight matrices, 2-D points) and
draws them. None of them computes anything word2vec-specific, so a figure can
never disagree with the code it illustrates.

Conventions:

* A function that draws one panel takes ``ax=None`` and returns the Axes it
  drew on (a new figure when ``ax`` is None; ``ax.figure`` is its Figure).
* A function that draws several panels returns the Figure.
* Nothing is shown or saved here: a notebook displays the figure itself,
  a script calls ``fig.savefig``.

This is the only module of word2vec_np that imports matplotlib.

Functions
---------
panels                  a row of empty axes, for side-by-side figures
rank_frequency          word counts against rank, log-log (Zipf's law)
subsampling_curve       keep probability against word frequency, one curve per formula
noise_distribution      P_n(w) against rank, one curve per power
half_width_histogram    how often each dynamic-window half-width was drawn
window_grid             which positions each centre word of a sentence sees
huffman_tree            the Huffman tree of hierarchical softmax, codes on the edges
probability_bars        a distribution over the vocabulary as bars
loss_curves             losses (or any series) against epochs or steps
scaling_curves          time per step against a size, log-log
weight_heatmap          one weight matrix as a heatmap (values written in small ones)
heatmap_grid            several matrices side by side on one colour scale
scatter_2d              labelled 2-D points, coloured by group, with optional arrows
value_scatter           y against x with a diagonal and a correlation in the title
limits_2d               axis limits that hold every frame of a 2-D animation
training_step           one SGD step of a toy model: x, W, h, W', probabilities, gradients, vectors in 2-D
                        (and, for hierarchical softmax, the tree with the path being updated)
training_animation      an animated GIF of the vectors moving, step by step, that plays without a kernel
vector_snapshots        2-D points at several moments of training, on fixed axes
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

try:  # matplotlib is in the package's notebooks extra
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
except ModuleNotFoundError as exc:
    raise ModuleNotFoundError(
        "the notebooks' plots need matplotlib; install it with: pip install 'word2vec_np[notebooks]'", name=exc.name
    ) from None

__all__ = [
    "half_width_histogram",
    "heatmap_grid",
    "huffman_tree",
    "limits_2d",
    "loss_curves",
    "noise_distribution",
    "panels",
    "probability_bars",
    "rank_frequency",
    "scaling_curves",
    "scatter_2d",
    "subsampling_curve",
    "training_animation",
    "training_step",
    "value_scatter",
    "vector_snapshots",
    "weight_heatmap",
    "window_grid",
]

_HIGHLIGHT = "tab:red"
_ONE_HOT = r"$\mathbf{x}$"  # the one-hot input, bold as in docs/math.md (plain x is the input word)


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def panels(n: int, *, width: float = 4.5, height: float = 3.5, sharey: bool = False) -> tuple[Figure, np.ndarray]:
    """A figure with ``n`` axes in a row: ``fig, axes = panels(2)``; pass ``ax=axes[i]`` to the functions here.

    Returns
    -------
    fig : Figure
    axes : (n,) array of Axes
    """
    fig, axes = plt.subplots(1, n, figsize=(width * n, height), sharey=sharey, layout="constrained", squeeze=False)
    return fig, axes[0]


# --------------------------------------------------------------------------- text -> pairs


def rank_frequency(counts, *, words: Sequence[str] | None = None, n_labels: int = 5, ax: Axes | None = None) -> Axes:
    """Word counts against their rank, log-log: a straight line is Zipf's law.

    Parameters
    ----------
    counts : (V,) int, in descending order (``vocab.counts``)
    words : the V words, to label the ``n_labels`` most frequent ones
    """
    counts = np.asarray(counts)
    ax = _axes(ax, (5.5, 3.5))
    ranks = np.arange(1, len(counts) + 1)
    ax.loglog(ranks, counts, marker=".", linestyle="none", markersize=3)
    if words is not None:
        for r in range(min(n_labels, len(counts))):
            ax.annotate(words[r], (ranks[r], counts[r]), textcoords="offset points", xytext=(5, 2), fontsize=8)
    ax.set_xlabel("rank of the word (1 = most frequent)")
    ax.set_ylabel("count")
    ax.set_title("Word frequencies")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def subsampling_curve(
    freqs,
    curves: Mapping[str, np.ndarray],
    *,
    sample: float | None = None,
    marks: Mapping[str, tuple[float, float]] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Keep probability against word frequency f = count / total, one line per formula.

    Parameters
    ----------
    freqs : (n,) float, increasing frequencies f (the x axis, drawn on a log scale)
    curves : label -> (n,) keep probabilities at ``freqs``
    sample : the threshold t, drawn as a vertical line
    marks : word -> (f, keep) points to label (e.g. a few real words)
    """
    ax = _axes(ax, (6.5, 3.8))
    freqs = np.asarray(freqs)
    for label, keep in curves.items():
        ax.semilogx(freqs, keep, label=label)
    if sample is not None:
        ax.axvline(sample, color="grey", linestyle=":", linewidth=1)
        ax.annotate(f" t = {sample:g}", (sample, 0.02), fontsize=8, color="grey", ha="left")
    if marks:
        for word, (f, keep) in marks.items():
            ax.plot([f], [keep], "o", color="black", markersize=4)
            ax.annotate(word, (f, keep), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("word frequency f = count / total (log scale)")
    ax.set_ylabel("probability of keeping an occurrence")
    ax.set_title("Subsampling of frequent words")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def noise_distribution(
    probs: Mapping[str, np.ndarray], *, words: Sequence[str] | None = None, n_labels: int = 3, ax: Axes | None = None
) -> Axes:
    """Noise distributions P_n(w) against word rank, log-log, one line per label.

    Parameters
    ----------
    probs : label -> (V,) probabilities, words in descending-count order
    words : the V words, to label the ``n_labels`` most frequent ones on the last curve
    """
    ax = _axes(ax, (6, 3.8))
    last = None
    for label, p in probs.items():
        last = np.asarray(p)
        ax.loglog(np.arange(1, len(last) + 1), last, label=label)
    if words is not None and last is not None:
        for r in range(min(n_labels, len(last))):
            ax.annotate(words[r], (r + 1, last[r]), textcoords="offset points", xytext=(5, 0), fontsize=8)
    ax.set_xlabel("rank of the word (1 = most frequent)")
    ax.set_ylabel("probability of being drawn as a negative")
    ax.set_title("Noise distributions")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def half_width_histogram(half_widths, window: int, *, ax: Axes | None = None) -> Axes:
    """How often each half-width 1..window was drawn, with the uniform expectation as a line.

    Parameters
    ----------
    half_widths : (n,) int, values in 1..window (``sampling.draw_half_widths``)
    window : the maximum half-width
    """
    half_widths = np.asarray(half_widths)
    ax = _axes(ax, (5, 3.2))
    values = np.arange(1, window + 1)
    tally = np.array([np.count_nonzero(half_widths == v) for v in values])
    ax.bar(values, tally, color="tab:blue", alpha=0.8, label="drawn")
    ax.axhline(len(half_widths) / window, color="black", linestyle="--", linewidth=1, label="uniform: n / window")
    ax.set_xticks(values)
    ax.set_xlabel("half-width R")
    ax.set_ylabel("centre words")
    ax.set_title(f"Dynamic window, window = {window}")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def window_grid(
    tokens: Sequence[str],
    contexts,
    n_context,
    *,
    half_widths=None,
    ax: Axes | None = None,
) -> Axes:
    """One row per centre word of a sentence: the centre, and the positions its window reaches.

    Parameters
    ----------
    tokens : the N words of the sentence (the column labels)
    contexts : (N, C) int, row i holds the POSITIONS of centre i's context words in its
        first ``n_context[i]`` entries (``sampling.cbow_windows`` run on ``ids = arange(N)``)
    n_context : (N,) int
    half_widths : (N,) int, written at the right of each row when given
    """
    contexts = np.asarray(contexts)
    n_context = np.asarray(n_context)
    N = len(tokens)
    grid = np.zeros((N, N))
    for i in range(N):
        grid[i, contexts[i, : n_context[i]]] = 1
        grid[i, i] = 2
    ax = _axes(ax, (0.75 * N + 1.5, 0.42 * N + 1.2))
    cmap = ListedColormap(["white", "#9ecae1", "#08519c"])
    ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto")
    ax.set_xticks(range(N), tokens, rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(N), [f"centre {i}: {t}" for i, t in enumerate(tokens)], fontsize=9)
    ax.set_xticks(np.arange(-0.5, N), minor=True)
    ax.set_yticks(np.arange(-0.5, N), minor=True)
    ax.grid(which="minor", color="lightgrey", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    if half_widths is not None:
        for i, R in enumerate(np.asarray(half_widths)):
            ax.text(N - 0.3, i, f"R = {R}", va="center", fontsize=9)
    ax.set_title("Dark: centre word; light: its context words (each gives one pair)")
    return ax


# --------------------------------------------------------------------------- hierarchical softmax


def _tree_children(tree) -> dict[int, list[tuple[str, int] | None]]:
    """Inner node -> [child for bit 0, child for bit 1], each ("inner", j) or ("leaf", w)."""
    children: dict[int, list[tuple[str, int] | None]] = {}
    for w in range(len(tree)):
        path, code = tree.path(w), tree.code(w)
        for j, (node, bit) in enumerate(zip(path, code, strict=True)):
            child = ("inner", path[j + 1]) if j + 1 < len(path) else ("leaf", w)
            children.setdefault(node, [None, None])[bit] = child
    return children


def huffman_tree(
    tree,
    words: Sequence[str] | None = None,
    counts=None,
    *,
    highlight: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a Huffman tree (``huffman.build_huffman``): inner nodes n_j, words at the leaves, bits on the edges.

    Parameters
    ----------
    tree : HuffmanTree (codes, points, lengths; the root is inner node V - 2)
    words : the V words (leaf labels); word ids when None
    counts : (V,) counts written under the words
    highlight : a word id whose path from the root is drawn in red

    The leaves are laid out left to right in the order of their codes (bit 0
    to the left), each inner node centred over its two children. Inner node
    n_j owns row j of W_out.
    """
    V = len(tree)
    children = _tree_children(tree)
    root = tree.path(0)[0]
    pos: dict[tuple[str, int], tuple[float, float]] = {}
    next_x = 0.0
    # Depth-first, bit 0 first: leaves get x = 0, 1, 2, ...; an inner node the mean of its children's x.
    stack: list[tuple[tuple[str, int], int, bool]] = [(("inner", root), 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if node[0] == "leaf":
            pos[node] = (next_x, -depth)
            next_x += 1
        elif done:
            xs = [pos[c][0] for c in children[node[1]]]
            pos[node] = (sum(xs) / 2, -depth)
        else:
            stack.append((node, depth, True))
            for child in reversed(children[node[1]]):
                stack.append((child, depth + 1, False))

    on_path: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    if highlight is not None:
        path = [("inner", p) for p in tree.path(highlight)] + [("leaf", int(highlight))]
        on_path = set(zip(path[:-1], path[1:], strict=True))

    depth_max = int(np.max(tree.lengths))
    ax = _axes(ax, (max(6.0, 0.95 * V + 1), max(3.0, 0.95 * depth_max + 1.2)))
    for j, kids in children.items():
        x0, y0 = pos[("inner", j)]
        for bit, child in enumerate(kids):
            x1, y1 = pos[child]
            hot = (("inner", j), child) in on_path
            ax.plot([x0, x1], [y0, y1], color=_HIGHLIGHT if hot else "grey", linewidth=2.5 if hot else 1, zorder=1)
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2,
                str(bit),
                fontsize=9,
                ha="center",
                va="center",
                color=_HIGHLIGHT if hot else "black",
                bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": "none"},
                zorder=3,
            )
    for node, (x, y) in pos.items():
        kind, i = node
        if kind == "inner":
            ax.text(
                x,
                y,
                f"n{i}",
                ha="center",
                va="center",
                fontsize=8,
                bbox={"boxstyle": "circle,pad=0.3", "fc": "#fdd0a2", "ec": "grey"},
                zorder=4,
            )
        else:
            label = words[i] if words is not None else str(i)
            if counts is not None:
                label += f"\n{int(np.asarray(counts)[i])}"
            hot = highlight is not None and i == int(highlight)
            ax.text(
                x,
                y,
                label,
                ha="center",
                va="top",
                fontsize=9,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#fcbba1" if hot else "#deebf7", "ec": "grey"},
                zorder=4,
            )
    xs = [p[0] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(-depth_max - 0.9, 0.5)
    ax.axis("off")
    ax.set_title(f"Huffman tree: {V} words, {V - 1} inner nodes (rows of W_out)")
    return ax


def probability_bars(
    probs,
    labels: Sequence[str],
    *,
    highlight: int | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> Axes:
    """A probability distribution over a (small) vocabulary as bars, one bar highlighted.

    Parameters
    ----------
    probs : (V,) float
    labels : the V words
    highlight : index of the bar to colour (e.g. the target word)
    """
    probs = np.asarray(probs)
    ax = _axes(ax, (max(4.5, 0.5 * len(probs) + 1), 3))
    colors = ["tab:blue"] * len(probs)
    if highlight is not None:
        colors[int(highlight)] = _HIGHLIGHT
    ax.bar(range(len(probs)), probs, color=colors)
    ax.set_xticks(range(len(probs)), labels, rotation=45, ha="right", fontsize=9)
    ax.set_ylabel("probability")
    ax.set_title(title or f"sum = {probs.sum():.6f}")
    return ax


# --------------------------------------------------------------------------- training


def loss_curves(
    curves: Mapping[str, Sequence[float] | tuple[Sequence[float], Sequence[float]]],
    *,
    xlabel: str = "epoch",
    ylabel: str = "mean loss per example",
    title: str = "",
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """One line per label: either a sequence of y values (x = 1, 2, ...) or a pair (x, y).

    Parameters
    ----------
    curves : label -> ys, or label -> (xs, ys); e.g. ``{"skip-gram": history.epoch_loss}``
    """
    ax = _axes(ax, (5.5, 3.5))
    for label, data in curves.items():
        if isinstance(data, tuple) and len(data) == 2:
            xs, ys = data
        else:
            ys = data
            xs = np.arange(1, len(ys) + 1)
        ax.plot(xs, ys, marker="o", markersize=3, label=label)
    if logy:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def scaling_curves(
    sizes,
    times: Mapping[str, Sequence[float]],
    *,
    xlabel: str = "vocabulary size V",
    ylabel: str = "seconds per step",
    title: str = "",
    ax: Axes | None = None,
) -> Axes:
    """Time (or any cost) against a size, log-log, one line per label.

    Parameters
    ----------
    sizes : (n,) the x values (e.g. vocabulary sizes)
    times : label -> (n,) values measured at ``sizes``
    """
    ax = _axes(ax, (5.5, 3.5))
    for label, ys in times.items():
        ax.loglog(sizes, ys, marker="o", markersize=4, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return ax


# --------------------------------------------------------------------------- matrices and vectors


def weight_heatmap(
    M,
    *,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    title: str = "",
    annotate: bool | None = None,
    vmax: float | None = None,
    xlabel: str = "",
    ylabel: str = "",
    ax: Axes | None = None,
) -> Axes:
    """A matrix as a heatmap on a symmetric blue-white-red scale (0 is white).

    Parameters
    ----------
    M : (R, C) float, e.g. W_in (V, D) or a gradient
    row_labels, col_labels : tick labels (e.g. the words for the rows)
    xlabel, ylabel : what the columns and the rows are, e.g. "dimension d" and "word"
    annotate : write each value in its cell; default: when the matrix has at most 120 entries
    vmax : the colour scale is [-vmax, vmax]; default max |M|
    """
    M = np.asarray(M, dtype=np.float64)
    if M.ndim == 1:
        M = M[None, :]
    R, C = M.shape
    ax = _axes(ax, (min(12.0, 0.6 * C + 2.2), min(9.0, 0.38 * R + 1.3)))
    scale = vmax if vmax is not None else (float(np.abs(M).max()) or 1.0)
    image = ax.imshow(M, cmap="RdBu_r", vmin=-scale, vmax=scale, aspect="auto")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if row_labels is not None:
        ax.set_yticks(range(R), row_labels, fontsize=8)
    if col_labels is not None:
        ax.set_xticks(range(C), col_labels, fontsize=8)
    if annotate is None:
        annotate = M.size <= 120
    if annotate:
        for (r, c), value in np.ndenumerate(M):
            dark = abs(value) > 0.6 * scale
            ax.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white" if dark else "black")
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def heatmap_grid(
    matrices: Mapping[str, np.ndarray],
    *,
    row_labels: Sequence[str] | None = None,
    ncols: int | None = None,
    share_scale: bool = True,
    annotate: bool = False,
    panel_size: tuple[float, float] = (3.0, 3.0),
    xlabel: str = "",
    ylabel: str = "",
) -> Figure:
    """Several matrices side by side (e.g. W_in after each epoch), by default on one colour scale.

    Parameters
    ----------
    matrices : title -> (R, C) matrix
    row_labels : labels of the rows, shown on the first column of panels
    ncols : panels per row (default: all in one row, at most 4)
    xlabel, ylabel : what the columns and the rows are; ylabel on the first column of panels only
    """
    items = list(matrices.items())
    n = len(items)
    ncols = ncols or min(n, 4)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(panel_size[0] * ncols + 1, panel_size[1] * nrows), squeeze=False, layout="constrained"
    )
    vmax = max(float(np.abs(np.asarray(m)).max()) for _, m in items) if share_scale else None
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.axis("off")
            continue
        title, M = items[k]
        weight_heatmap(
            M,
            row_labels=row_labels if k % ncols == 0 else None,
            title=title,
            annotate=annotate,
            vmax=vmax,
            xlabel=xlabel,
            ylabel=ylabel if k % ncols == 0 else "",
            ax=ax,
        )
        if k % ncols:
            ax.set_yticks([])
    return fig


def scatter_2d(
    points,
    labels: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    arrows: Sequence[tuple[int, int]] = (),
    title: str = "",
    ax: Axes | None = None,
) -> Axes:
    """Labelled 2-D points (e.g. a PCA projection of word vectors), coloured by group.

    Parameters
    ----------
    points : (N, 2) float
    labels : the N texts written next to the points
    groups : (N,) group names; one colour and one legend entry per group
    arrows : (i, j) pairs: an arrow from point i to point j (e.g. king -> queen)
    """
    points = np.asarray(points, dtype=np.float64)
    ax = _axes(ax, (7, 5.5))
    if groups is None:
        groups = [""] * len(points)
    names = list(dict.fromkeys(groups))
    cmap = plt.get_cmap("tab10")
    for g, name in enumerate(names):
        idx = [i for i, grp in enumerate(groups) if grp == name]
        ax.scatter(points[idx, 0], points[idx, 1], s=18, color=cmap(g % 10), label=name or None)
    for i, text in enumerate(labels):
        ax.annotate(text, points[i], textcoords="offset points", xytext=(3, 3), fontsize=8)
    for i, j in arrows:
        ax.annotate(
            "",
            xy=points[j],
            xytext=points[i],
            arrowprops={"arrowstyle": "->", "color": "grey", "linewidth": 0.8, "shrinkA": 3, "shrinkB": 3},
        )
    if any(names):
        ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return ax


def value_scatter(
    x,
    y,
    *,
    r: float | None = None,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    diagonal: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """y against x (e.g. W_in W_out^T against PMI - log k), with the line y = x and a correlation.

    Parameters
    ----------
    x, y : (n,) float
    r : a correlation computed by the caller (``evaluate.pearson``), written in the title
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    ax = _axes(ax, (5, 4.5))
    ax.scatter(x, y, s=6, alpha=0.4)
    if diagonal and len(x):
        lo, hi = float(min(x.min(), y.min())), float(max(x.max(), y.max()))
        ax.plot([lo, hi], [lo, hi], color="black", linestyle="--", linewidth=1, label="y = x")
        ax.legend(fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    parts = [p for p in (title, f"Pearson r = {r:.3f}" if r is not None else "") if p]
    if parts:
        ax.set_title("   ".join(parts))
    ax.grid(True, alpha=0.3)
    return ax


# --------------------------------------------------------------------------- one training step


def merged_labels(points, labels: Sequence[str], span: float, *, near: float = 0.04, show: int = 2):
    """One label per group of points that would print on top of each other: [(xy, text)].

    Points closer than ``near * span`` (``span``: the larger side of the axes)
    share one label at their centre: the first ``show`` labels and "+n" for the
    rest. At the start of training the output vectors are all zero and the input
    vectors tiny, so on the axes of the whole run they sit in one spot: one
    readable label instead of a clump of eighteen.
    """
    points = np.asarray(points, dtype=np.float64)
    radius = near * (span or 1.0)
    groups: list[list[int]] = []
    for i in range(len(points)):  # greedy: join the first group whose first point is near enough
        for group in groups:
            if np.linalg.norm(points[i] - points[group[0]]) <= radius:
                group.append(i)
                break
        else:
            groups.append([i])
    merged = []
    for group in groups:
        names = [labels[i] for i in group]
        text = ", ".join(names[:show]) + (f" +{len(names) - show}" if len(names) > show else "")
        merged.append((points[group].mean(axis=0), text))
    return merged


def _vectors_2d(
    after,
    before,
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    limits: tuple[float, float, float, float] | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> Axes:
    """``scatter_2d`` of the points ``after`` (N, 2), with a grey arrow from ``before`` (N, 2) where a point moved."""
    after = np.asarray(after, dtype=np.float64)
    ax = scatter_2d(after, [""] * len(after), groups=groups, title=title, ax=ax)
    box = limits if limits is not None else limits_2d(after)
    for xy, text in merged_labels(after, labels, max(box[1] - box[0], box[3] - box[2])):
        ax.annotate(text, xy, textcoords="offset points", xytext=(3, 3), fontsize=8)
    if before is not None:
        before = np.asarray(before, dtype=np.float64)
        span = float(np.ptp(np.vstack([before, after]), axis=0).max()) or 1.0
        for i in np.flatnonzero(np.linalg.norm(after - before, axis=1) > 1e-3 * span):
            ax.annotate(
                "",
                xy=after[i],
                xytext=before[i],
                arrowprops={"arrowstyle": "->", "color": "grey", "linewidth": 0.9, "shrinkA": 0, "shrinkB": 2},
            )
    if limits is not None:
        ax.set_xlim(limits[0], limits[1])
        ax.set_ylim(limits[2], limits[3])
    ax.set_xlabel("PCA 1")
    ax.set_ylabel("PCA 2")
    return ax


def training_step(
    frame,
    points_before,
    points_after,
    *,
    words: Sequence[str],
    out_labels: Sequence[str],
    unit_labels: Sequence[str],
    weight_scale: float | None = None,
    limits: tuple[float, float, float, float] | None = None,
    annotate: bool = False,
    title: str = "",
    tree=None,
) -> Figure:
    """One SGD step of a toy model: the forward pass on top, the backward pass below, the vectors moving.

    Top row, left to right as the network computes: the one-hot input x (V x 1,
    bold in the figure as in docs/math.md), W (``W_in``, V x D) with the input
    rows framed, h = W^T x (D x 1),
    W' (``W_out.T``, D x n_out) with the output units read framed (HS, NS), and the
    probabilities of those units (bars, the target's in red, each labelled
    with its score z). Bottom row: dL/dW, dL/dh, dL/dW' under the quantity
    each belongs to, and the input and output vectors in 2-D with an arrow
    from where this step found each one that moved. W, h and W' share one
    colour scale (h is a row of W, or the mean of C rows, and looks like it);
    the three gradients share another. With ``tree`` (hierarchical softmax),
    a third row draws the Huffman tree with the target's path in red: the
    inner nodes whose columns of W' this step updates.

    Parameters
    ----------
    frame : a ``word2vec_np.teach.stepper.Frame`` (x (V,), W_in (V, D), h (D,), dh (D,),
        W_out (n_out, D), units, scores, probs (U,), dW_in (V, D), dW_out (n_out, D), ...)
    points_before, points_after : (V + n_out, 2), the input then the output vectors in 2-D
    words : the V words; out_labels : the n_out names of W_out's rows; unit_labels : the U units' names
    weight_scale : colour scale of W, h and W' (default: this frame's largest |weight|)
    limits : (xmin, xmax, ymin, ymax) of the 2-D panel, to keep it fixed across frames
    annotate : write the values in the cells of the four matrices too (x and h always have theirs)
    tree : the HuffmanTree of a hierarchical-softmax run, to draw the path updated; None otherwise
    """
    V, D = frame.W_in.shape
    n_out = frame.W_out.shape[0]
    mosaic = [["x", "W_in", "h", "W_out", "probs"], ["note", "dW_in", "dh", "dW_out", "pca"]]
    if tree is not None:
        mosaic.append(["tree"] * 5)
    fig = plt.figure(figsize=(17, 7.5 + 3.2 * (tree is not None)))  # fixed: the constrained layout is slower
    axes = fig.subplot_mosaic(
        mosaic,
        width_ratios=[0.4, 1, 0.4, max(1.0, 0.2 * n_out), 1.6],
        height_ratios=[1, 1, 0.85][: len(mosaic)],
        gridspec_kw={"left": 0.05, "right": 0.99, "bottom": 0.06, "top": 0.92, "wspace": 0.35, "hspace": 0.4},
    )
    dims = [f"d{j}" for j in range(D)]
    scale = weight_scale or float(max(np.abs(frame.W_in).max(), np.abs(frame.W_out).max())) or 1.0
    grad_scale = float(max(np.abs(frame.dW_in).max(), np.abs(frame.dh).max(), np.abs(frame.dW_out).max())) or 1.0

    def frame_rows(ax, rows, width, vertical=False):
        for r in np.unique(rows):
            xy = (r - 0.5, -0.5) if vertical else (-0.5, r - 0.5)
            w, h = (1, width) if vertical else (width, 1)
            ax.add_patch(plt.Rectangle(xy, w, h, fill=False, edgecolor=_HIGHLIGHT, linewidth=2))

    weight_heatmap(
        frame.x[:, None],
        row_labels=words,
        col_labels=[_ONE_HOT],
        title=f"input {_ONE_HOT}",
        annotate=True,
        ax=axes["x"],
    )
    weight_heatmap(frame.W_in, col_labels=dims, vmax=scale, annotate=annotate, title="W (V x D)", ax=axes["W_in"])
    frame_rows(axes["W_in"], frame.inputs, D)
    weight_heatmap(
        frame.h[:, None],
        row_labels=dims,
        col_labels=["h"],
        vmax=scale,
        title=f"h = W^T {_ONE_HOT}",
        annotate=True,
        ax=axes["h"],
    )
    weight_heatmap(
        frame.W_out.T, row_labels=dims, vmax=scale, annotate=annotate, title="W' (D x n_out)", ax=axes["W_out"]
    )
    axes["W_out"].set_xticks(range(n_out), out_labels, rotation=90, fontsize=8)
    if len(frame.units) < n_out:  # HS and NS read a few columns; the softmax reads them all
        frame_rows(axes["W_out"], frame.units, D, vertical=True)
    target = list(frame.units).index(frame.target) if frame.unit_codes is None else None
    probability_bars(frame.probs, unit_labels, highlight=target, title=f"loss {frame.loss:.3f}", ax=axes["probs"])
    for i, (z, p) in enumerate(zip(frame.scores, frame.probs, strict=True)):
        axes["probs"].text(i, p, f"z={z:.2f}", ha="center", va="bottom", fontsize=7, rotation=90)
    axes["probs"].set_ylim(0, 1.25)
    axes["note"].axis("off")
    update = f"gradients\n\nthe update:\nW  -= {frame.lr:g} dL/dW\nW' -= {frame.lr:g} dL/dW'"
    axes["note"].text(0, 0.5, update, fontsize=9, va="center", transform=axes["note"].transAxes)
    weight_heatmap(frame.dW_in, col_labels=dims, vmax=grad_scale, annotate=annotate, title="dL/dW", ax=axes["dW_in"])
    weight_heatmap(frame.dh[:, None], row_labels=dims, col_labels=["dh"], vmax=grad_scale, title="dL/dh",
                   annotate=True, ax=axes["dh"])
    weight_heatmap(frame.dW_out.T, row_labels=dims, vmax=grad_scale, annotate=annotate, title="dL/dW'",
                   ax=axes["dW_out"])
    axes["dW_out"].set_xticks(range(n_out), out_labels, rotation=90, fontsize=8)
    for name in ("W_in", "dW_in"):
        axes[name].set_yticks(range(V), words, fontsize=8)
    _vectors_2d(
        points_after,
        points_before,
        list(words) + [f"{label}'" for label in out_labels],
        ["input vectors (rows of W)"] * V + ["output vectors (columns of W')"] * n_out,
        limits=limits,
        title="the vectors after this step (PCA)",
        ax=axes["pca"],
    )
    if tree is not None:
        huffman_tree(tree, words, highlight=frame.target, ax=axes["tree"])
        nodes = ", ".join(f"n{j}" for j in frame.units)
        axes["tree"].set_title(f"the path of {words[frame.target]!r}, in red: this step updates columns {nodes} of W'")
    if title:
        fig.suptitle(title)
    return fig


def training_animation(
    coords,
    steps: Sequence[int],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    size: tuple[float, float] = (6.0, 4.6),
    dpi: int = 60,
    frame_ms: int = 350,
) -> bytes:
    """An animated GIF of 2-D points moving during training, on fixed axes: it plays on GitHub and nbviewer.

    A figure drawn for each step is one still image; a GIF holds them all and
    plays in any viewer of the notebook, with no kernel and no JavaScript
    (``IPython.display.Image(data=gif, format="gif")`` shows it). Each image is
    the 2-D panel of :func:`training_step`, with an arrow from the point's
    previous place; keep ``steps`` and ``dpi`` small (a few dozen images of
    about 20 kB each), since the GIF is stored in the notebook.

    Parameters
    ----------
    coords : (T + 1, N, 2), e.g. from ``stepper.project_2d``: row t is the state after t steps
    steps : the values of t to draw, in order (t >= 1: the arrow comes from t - 1)
    labels, groups : the N points' labels and group names (as for :func:`scatter_2d`)
    titles : one title per drawn step (default "after t steps")
    """
    from io import BytesIO

    from PIL import Image  # Pillow (the notebooks extra; matplotlib depends on it too) joins the images

    coords = np.asarray(coords, dtype=np.float64)
    limits = limits_2d(coords)
    images = []
    for k, t in enumerate(steps):
        fig, ax = plt.subplots(figsize=size, dpi=dpi)
        _vectors_2d(coords[t], coords[max(t - 1, 0)], labels, groups, limits=limits,
                    title=titles[k] if titles is not None else f"after {t} steps", ax=ax)
        ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        fig.canvas.draw()  # rendered in memory: the pixels, not a file
        pixels = np.asarray(fig.canvas.buffer_rgba())  # (height, width, 4) uint8
        plt.close(fig)
        images.append(Image.fromarray(pixels).convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE))
    out = BytesIO()
    images[0].save(out, format="gif", save_all=True, append_images=images[1:], duration=frame_ms, loop=0)
    return out.getvalue()


def limits_2d(points, pad: float = 0.08) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) around 2-D points of any shape (..., 2), widened by ``pad`` of their range."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lo, hi = points.min(axis=0), points.max(axis=0)
    margin = pad * (hi - lo) + 1e-9
    return (lo[0] - margin[0], hi[0] + margin[0], lo[1] - margin[1], hi[1] + margin[1])


def vector_snapshots(
    coords,
    steps: Sequence[int],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    ncols: int = 4,
    panel_size: tuple[float, float] = (4.0, 3.6),
) -> Figure:
    """The same 2-D points at several moments of training, on fixed axes, one panel per moment.

    Parameters
    ----------
    coords : (T + 1, N, 2), e.g. from ``word2vec_np.teach.stepper.project_2d``: row t is the state after t steps
    steps : the values of t to draw
    labels, groups : the N points' labels and group names (as for :func:`scatter_2d`)
    """
    coords = np.asarray(coords, dtype=np.float64)
    limits = limits_2d(coords)
    n = len(steps)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows), squeeze=False, layout="constrained"
    )
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.axis("off")
            continue
        t = int(steps[k])
        _vectors_2d(coords[t], None, labels, groups, limits=limits, title=f"after {t} steps", ax=ax)
        if k:
            ax.get_legend().remove()
    return fig
