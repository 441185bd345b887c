"""Training one SGD step at a time on a toy corpus, each step recorded as a frame.

A learner's view of training in the spirit of Xin Rong's wevi: a corpus of a
few words, and for every training example the whole network laid open,

    x (V,)  ->  h = W^T x (D,)  ->  scores z = u_j . h of the output units  ->  probabilities  ->  loss
            <-  gradients dL/dh, dL/dW_in, dL/dW_out  <-  update W <- W - lr * gradient

together with the input and output vectors before and after the step.

:class:`Stepper` is the textbook trainer, :func:`word2vec_np.core.textbook.train`,
watched: it runs ``textbook.train`` once on the toy corpus, with an observer
that records what the network computes before each update, then hands out the
steps one at a time. There is no second copy of the training loop here: the
epochs, blocks, learning rates, random draws and updates are the textbook's,
and so those of ``engine.training.train_arrays`` with ``method="reference"``,
which runs the same textbook code. At the end its ``W_in`` and ``W_out`` are
those of ``train_arrays`` bit for bit (the tests check it). A learning rate
changed mid-run (:meth:`Stepper.change_rate`) trains the rest of the run again
through ``textbook.step``, the trainer's step, on the examples the trainer
drew. No equation is written again here: the numbers of a :class:`Frame` come from

    x                 onehot.input_matrix                      (OH-x)
    h                 the architecture's forward               (SG-h), (CBOW-h)
    loss, dh          the objective's forward and backward     (SM-*), (HS-*), (NS-*)
    dW_in, dW_out     model.dense_grads                        (MODEL-chain), (SCATTER)
    W after the step  textbook.step, inside textbook.train     (LR-decay) for lr
    probabilities     Softmax.probabilities / HierarchicalSoftmax.probabilities / sigmoid

The only product computed here is the display of the scores, z = W_out[units] h,
the dot products that the objective's forward takes (the tests check that they
match the objective's own).

The output units an example reads depend on the objective:

    softmax   all V words;                 probs = p_w, the softmax (SM-prob)
    hs        the inner nodes on the target's Huffman path, root first;
              probs = s((1 - 2 c_j) z_j), the probability of the branch
              towards the target at node j, whose product is P(o | h) (HS-prob)
    ns        the target, then its k negatives;
              probs = s(z), the logistic model's probability that the word
              is the true target: trained towards 1 for the target and 0 for
              the negatives (NS-loss)

:func:`project_2d` places the vectors of every frame in one 2-D PCA
(analysis.pca_2d), so the axes stay fixed while the vectors move.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from ..core import onehot, sampling, textbook
from ..core.architectures import make_architecture
from ..core.batch import Batch
from ..core.model import dense_grads, init_params
from ..core.objectives import make_objective, sigmoid
from ..engine.config import TrainConfig
from ..errors import ConfigError
from ..text.corpus import Corpus
from ..text.vocab import Vocab
from .analysis import pca_2d

#: Nine words in eight short sentences: drinks follow "drink", foods follow "eat".
TOY_SENTENCES = (
    "we drink juice",
    "we drink milk",
    "we drink water",
    "we drink juice",
    "we eat apple",
    "we eat rice",
    "we eat bread",
    "we eat apple",
)

#: The largest vocabulary a Stepper accepts: every frame holds dense (V, D) matrices.
MAX_WORDS = 50


def toy_corpus(sentences: Sequence[str] = TOY_SENTENCES) -> tuple[Vocab, Corpus]:
    """The vocabulary (min count 1) and encoded corpus of a few sentences held in memory.

    Parameters
    ----------
    sentences : strings, one sentence each, words separated by white space

    Returns
    -------
    vocab : Vocab, ids by descending count
    corpus : Corpus, ids (N,) int32 and offsets (S + 1,) int64; empty sentences are dropped

    Raises
    ------
    ConfigError
        Fewer than 2 distinct words, or more than ``MAX_WORDS``.
    """
    if isinstance(sentences, str):
        raise ConfigError("toy_corpus takes a list of sentences, not one string; wrap it in a list")
    tokens = [str(s).split() for s in sentences]
    tokens = [t for t in tokens if t]
    counts = collections.Counter(w for t in tokens for w in t)
    if not 2 <= len(counts) <= MAX_WORDS:
        raise ConfigError(
            f"the step-by-step view needs between 2 and {MAX_WORDS} distinct words, "
            f"got {len(counts)}; give a few short sentences"
        )
    vocab = Vocab.from_counts(counts, min_count=1)
    ids = np.array([vocab.index[w] for t in tokens for w in t], dtype=np.int32)
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in tokens])]).astype(np.int64)
    return vocab, Corpus(ids=ids, offsets=offsets, n_raw_words=len(ids))


def toy_config(arch: str = "skipgram", objective: str = "softmax", **settings) -> TrainConfig:
    """A TrainConfig for watching a toy corpus train; any TrainConfig field can be overridden.

    Defaults: dim 5 (as wevi's hidden layer), window 1, 2 negatives, no
    subsampling (``sample=0``: every word of a toy corpus is "frequent"),
    min count 1, 20 epochs, a constant learning rate of 0.2 (``alpha`` and
    ``min_alpha`` equal; the package's defaults, 0.025 decaying, barely move a
    toy model), the exact CBOW gradient, and ``method="reference"``.

    Raises
    ------
    ConfigError
        An unknown setting, or an invalid value (TrainConfig.resolved).
    """
    names = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(settings) - names)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(sorted(names))}")
    alpha = settings.pop("alpha", 0.2)
    defaults = {
        "dim": 5,
        "window": 1,
        "negative": 2,
        "sample": 0.0,
        "min_count": 1,
        "epochs": 20,
        "alpha": alpha,
        "min_alpha": alpha,
        "cbow_gradient": "exact",
        "seed": 1,
        "method": "reference",
    }
    defaults.update(settings)
    return TrainConfig(arch=arch, objective=objective, **defaults).resolved()


@dataclass(frozen=True, eq=False)
class Frame:
    """One training example's step: everything the network computed, before and after the update.

    Shapes: V words, D dimensions, n_out rows of W_out (V, or V - 1 for HS),
    C input words (1 for skip-gram), U output units read (see the module
    docstring), k negatives.

    Attributes
    ----------
    step : int, 0-based over the whole run
    epoch : int, 0-based
    lr : float, the learning rate of this step (LR-decay)
    inputs : (C,) int, the input word(s): the context word (skip-gram) or the context words (CBOW)
    target : int, the word predicted (the centre word)
    negatives : (k,) int for NS, else None
    x : (V,) float, the input vector: one-hot (skip-gram) or 1/C at each context word (CBOW)
    W_in : (V, D) float, W before the step
    W_out : (n_out, D) float, W'^T before the step (row j is output vector u_j)
    h : (D,) float, the hidden layer h = W^T x
    units : (U,) int, the rows of W_out this example reads
    unit_codes : (U,) int, HS: the bit c_j at each path node; else None
    scores : (U,) float, z_j = u_j . h
    probs : (U,) float, softmax p, HS branch probabilities or NS sigmoids (module docstring)
    word_probs : (V,) float, P(w | h) over the vocabulary (softmax, HS); None for NS
    loss : float, this example's loss
    dh : (D,) float, dL/dh
    dW_in : (V, D) float, dL/dW_in (zero in rows the example did not read); with
        ``cbow_gradient="c_tool"`` the C tool's rule instead, C times dL/dW_in for CBOW
        (what the update uses either way)
    dW_out : (n_out, D) float, dL/dW_out
    W_in_after : (V, D) float, W after the step
    W_out_after : (n_out, D) float, W'^T after the step
    """

    step: int
    epoch: int
    lr: float
    inputs: np.ndarray
    target: int
    negatives: np.ndarray | None
    x: np.ndarray
    W_in: np.ndarray
    W_out: np.ndarray
    h: np.ndarray
    units: np.ndarray
    unit_codes: np.ndarray | None
    scores: np.ndarray
    probs: np.ndarray
    word_probs: np.ndarray | None
    loss: float
    dh: np.ndarray
    dW_in: np.ndarray
    dW_out: np.ndarray
    W_in_after: np.ndarray
    W_out_after: np.ndarray


class Stepper:
    """Train on a small corpus one example at a time, recording a :class:`Frame` per step.

    The run is :func:`word2vec_np.core.textbook.train` itself (see the module
    docstring), trained once when the Stepper is built; :meth:`step` then shows its
    steps in order. ``config.method`` is ignored: the textbook trainer is
    ``train_arrays``' ``method="reference"``.

    Parameters
    ----------
    vocab, corpus : from :func:`toy_corpus` (at most ``MAX_WORDS`` words)
    config : TrainConfig, e.g. from :func:`toy_config`
    dtype : float64 (default) or float32, the parameters' dtype

    Attributes
    ----------
    words : tuple of the V words
    out_labels : list of the n_out names of W_out's rows: the words, or
        "n0", "n1", ... for the inner nodes of the HS tree
    W_in : (V, D), W_out : (n_out, D): the parameters after the steps taken so far
    frames : list of the frames of the steps taken so far
    n_steps : int, the examples of the whole run (all epochs)
    rate_changes : list of (step, lr), the learning rates set by :meth:`change_rate`
        (0-based step from which each holds); empty for the run as configured
    """

    def __init__(self, vocab: Vocab, corpus: Corpus, config: TrainConfig, dtype=np.float64):
        config = config.resolved()
        V = len(vocab)
        if not 2 <= V <= MAX_WORDS:
            raise ConfigError(f"the step-by-step view takes 2 to {MAX_WORDS} words, got {V}; use a toy corpus")
        self.vocab, self.corpus, self.config = vocab, corpus, config
        self.words = vocab.words
        rng = np.random.default_rng(config.seed)
        self.objective = make_objective(
            config.objective, vocab.counts, negative=config.negative, ns_power=config.ns_power
        )
        self.arch = make_architecture(config.arch, c_tool_gradient=config.cbow_gradient == "c_tool")
        n_out = self.objective.n_outputs(V)
        self.out_labels = list(vocab.words) if config.objective != "hs" else [f"n{j}" for j in range(n_out)]
        W_in, W_out = init_params(V, n_out, config.dim, rng, dtype=dtype)
        self._start = (W_in.copy(), W_out.copy())
        self._examples: list[tuple] = []  # (epoch, example, negatives) of each step, as textbook.train drew them
        self._run = self._train(W_in, W_out, rng)  # every frame of the run
        self.n_steps = len(self._run)
        self.frames: list[Frame] = []
        self.rate_changes: list[tuple[int, float]] = []

    def _train(self, W_in, W_out, rng) -> list[Frame]:
        """Train ``W_in``, ``W_out`` with ``textbook.train``, recording a frame before each update."""
        c, looks = self.config, []

        def observe(epoch, lr, example, negatives):  # textbook.train calls it just before each update
            self._examples.append((epoch, example, negatives))
            looks.append(dict(epoch=epoch, lr=float(lr), **self._look(W_in, W_out, example, negatives)))

        keep = sampling.keep_probability(self.vocab.counts, self.vocab.total, c.sample)
        textbook.train(
            W_in, W_out, self.corpus.ids, self.corpus.offsets, self.arch, self.objective, keep,
            window=c.window, epochs=c.epochs, alpha=c.alpha, min_alpha=c.min_alpha, block_words=c.block_words,
            rng=rng, observe=observe,
        )  # fmt: skip
        return self._frames(looks, W_in, W_out, first=0)

    @staticmethod
    def _frames(looks: list[dict], W_in, W_out, first: int) -> list[Frame]:
        """The frames of steps ``first``, ``first + 1``, ... from their looks and the matrices after the last step."""
        if not looks:  # no sentence kept two words: a run of no step
            return []
        # the matrices after a step are those before the next one; after the last step, the trained ones
        after = [(look["W_in"], look["W_out"]) for look in looks[1:]] + [(W_in, W_out)]
        return [
            Frame(step=first + t, **look, W_in_after=a.copy(), W_out_after=b.copy())
            for t, (look, (a, b)) in enumerate(zip(looks, after, strict=True))
        ]

    def change_rate(self, lr: float, at: int | None = None) -> None:
        """Continue the run from step ``at`` with the constant learning rate ``lr`` (as wevi lets a learner do).

        The steps before ``at`` stay as they were. From the matrices before step
        ``at``, the rest of the run is trained again, on the same examples and
        negatives, each step with ``lr``: ``textbook.step``, the trainer's own
        step, on the examples ``textbook.train`` drew. The rate changes no draw
        (the trainer draws a block's examples and negatives before its first
        update, and its updates draw nothing), so continuing with the rate the
        run had gives the same frames, bit for bit. Steps already taken from
        ``at`` on are taken back: ``step`` and ``run`` take them again, with
        ``lr``. ``rate_changes`` lists ``(at, lr)`` of each change still in
        force (a change at ``at`` replaces the later ones).

        Parameters
        ----------
        lr : float > 0, the learning rate of steps ``at``, ``at + 1``, ... to the end
        at : int, 0-based, 0 <= at <= n_steps; None (default): the next step, ``len(frames)``

        Raises
        ------
        ConfigError
            ``lr`` is not a positive number, or ``at`` is outside the run.
        """
        if not (isinstance(lr, (int, float, np.floating, np.integer)) and math.isfinite(lr) and lr > 0):
            raise ConfigError(f"the learning rate must be a positive number, got {lr!r}; try 0.2 or 0.05")
        at = len(self.frames) if at is None else at
        if not (isinstance(at, (int, np.integer)) and 0 <= at <= self.n_steps):
            raise ConfigError(f"a new learning rate starts at a step from 0 to {self.n_steps}, got {at!r}")
        lr, at = float(lr), int(at)
        if at < self.n_steps:
            W_in, W_out = self._run[at].W_in.copy(), self._run[at].W_out.copy()  # (V, D), (n_out, D) before step at
            looks = []
            for epoch, example, negatives in self._examples[at:]:
                looks.append(dict(epoch=epoch, lr=lr, **self._look(W_in, W_out, example, negatives)))
                textbook.step(W_in, W_out, example, negatives, self.arch, self.objective, lr)
            self._run[at:] = self._frames(looks, W_in, W_out, first=at)
        del self.frames[at:]
        self.rate_changes = [(t, r) for t, r in self.rate_changes if t < at] + [(at, lr)]

    @property
    def W_in(self) -> np.ndarray:
        """(V, D) the input vectors after the steps taken so far."""
        return self.frames[-1].W_in_after if self.frames else self._start[0]

    @property
    def W_out(self) -> np.ndarray:
        """(n_out, D) the output vectors after the steps taken so far."""
        return self.frames[-1].W_out_after if self.frames else self._start[1]

    @property
    def tree(self):
        """The Huffman tree of a hierarchical-softmax run (its inner nodes are W_out's rows); None otherwise."""
        return getattr(self.objective, "tree", None) if self.config.objective == "hs" else None

    @property
    def done(self) -> bool:
        """True when every example of every epoch has been stepped."""
        return len(self.frames) >= self.n_steps

    def step(self) -> Frame:
        """Take the next training step and return its frame (also appended to ``frames``).

        Raises ConfigError when the run is over (``done``).
        """
        if self.done:
            raise ConfigError(f"the run is over after {self.n_steps} steps; build a new Stepper to start again")
        frame = self._run[len(self.frames)]
        self.frames.append(frame)
        return frame

    def run(self, n: int | None = None) -> list[Frame]:
        """Step ``n`` more examples (all that are left when None, or fewer if the run ends); return their frames."""
        frames = []
        while not self.done and (n is None or len(frames) < n):
            frames.append(self.step())
        return frames

    def _look(self, W_in, W_out, one: Batch, neg) -> dict:
        """The forward and backward pass of one example on ``W_in``, ``W_out`` before its update: the Frame fields."""
        obj = self.objective
        target = int(one.targets[0])
        h, _ = self.arch.forward(W_in, one)  # (1, D)
        loss, cache = obj.forward(W_out, h, one.targets, neg)
        dh, _, _ = obj.backward(cache)  # (1, D)
        dW_in, dW_out = dense_grads(W_in, W_out, one, self.arch, obj, neg)  # (V, D), (n_out, D)
        codes, word_probs = None, None
        if obj.name == "softmax":
            units = np.arange(W_out.shape[0])
            probs = word_probs = obj.probabilities(W_out, h)[0]  # (V,)
        elif obj.name == "hs":
            L = int(obj.tree.lengths[target])
            units = obj.tree.points[target, :L].astype(np.intp)  # (L,) root first
            codes = obj.tree.codes[target, :L].astype(np.int64)
            word_probs = obj.probabilities(W_out, h)[0]  # (V,)
        else:
            units = np.concatenate([[target], neg[0]]).astype(np.intp)  # (1 + k,)
        scores = W_out[units] @ h[0]  # (U, D) @ (D,) -> (U,): the objective's dot products, for display
        if obj.name == "hs":
            sign = (1 - 2 * codes).astype(scores.dtype)  # (L,) +1 for bit 0, -1 for bit 1
            probs = sigmoid(sign * scores)  # (L,) branch towards the target (HS-prob)
        elif obj.name == "ns":
            probs = sigmoid(scores)  # (1 + k,) P(true target) of each unit (NS-loss)
        n_in = int(one.n_context[0])
        return dict(
            inputs=one.contexts[0, :n_in].copy(),
            target=target,
            negatives=None if neg is None else np.asarray(neg[0]).copy(),
            x=onehot.input_matrix(one, W_in.shape[0], W_in.dtype)[0],
            W_in=W_in.copy(),
            W_out=W_out.copy(),
            h=h[0],
            units=units,
            unit_codes=codes,
            scores=scores,
            probs=probs,
            word_probs=word_probs,
            loss=float(loss),
            dh=dh[0],
            dW_in=dW_in,
            dW_out=dW_out,
        )

    def unit_labels(self, frame: Frame) -> list[str]:
        """Names of a frame's output units: words, or HS nodes with the bit taken there ("n6:0")."""
        if frame.unit_codes is not None:
            return [f"{self.out_labels[u]}:{c}" for u, c in zip(frame.units, frame.unit_codes, strict=True)]
        return [self.out_labels[u] for u in frame.units]


def project_2d(frames: Sequence[Frame]) -> tuple[np.ndarray, np.ndarray]:
    """Every frame's input and output vectors in one 2-D PCA, so the axes stay fixed. Equation (PCA).

    Parameters
    ----------
    frames : T >= 1 consecutive frames of one run

    Returns
    -------
    coords : (T + 1, V + n_out, 2) float64
        ``coords[0]`` is the state before the first frame, ``coords[t + 1]``
        the state after frame t; rows 0..V-1 are the input vectors (rows of
        W_in), rows V.. the output vectors (rows of W_out).
    explained : (2,) float64, the fraction of the variance of all those points on each axis
    """
    if not frames:
        raise ConfigError("project_2d needs at least one frame; step the Stepper first")
    states = [np.vstack([frames[0].W_in, frames[0].W_out])]  # (V + n_out, D)
    states += [np.vstack([f.W_in_after, f.W_out_after]) for f in frames]
    stacked = np.stack(states)  # (T + 1, V + n_out, D)
    coords, explained = pca_2d(stacked.reshape(-1, stacked.shape[2]))
    return coords.reshape(stacked.shape[0], stacked.shape[1], 2), explained
