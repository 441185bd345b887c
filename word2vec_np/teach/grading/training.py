"""Assignment a5: train word vectors with the learner's own functions, graded by the planted analogies.

The learner's functions of assignments a2 and a3 take the place of the
package's pieces in the reference trainer, :func:`word2vec_np.core.textbook.train`:

    learner's function       what it replaces in the trainer
    keep_probability         the subsampling keep probabilities   (SUB-keep)
    noise_distribution       the distribution negatives are drawn from (NS-noise)
    skipgram_forward         arch.forward                         (SG-h)
    ns_loss_and_grads        objective.forward and backward       (NS-loss), (NS-grad)
    skipgram_backward        arch.backward                        (SG-grad)
    sgd_update               the update of W_in and W_out         (SCATTER)

The trainer runs skip-gram with negative sampling on the bundled toy world
(word2vec_np/data/small.txt) with :data:`SETTINGS`, one example at a time,
and the vectors then answer the corpus's planted analogies
(``toyworld.analogies()``, 3CosAdd, as ``python -m word2vec_np.train``
counts them). The grade is the share answered; :data:`PASS_SHARE` passes.
The package's own answers to the six exercises reach 86.4% in these settings
(tests/teach/test_training_exercise.py measures it).

Before training, each function is called once on a tiny example, so a stub,
a function that raises or one that returns the wrong shape is reported in
one line, naming the function, instead of failing a minute into training.
The learner's gradients come back dense, (V, D); the trainer updates only
the rows an example touched (the dense rows there hold every contribution,
repeats already summed), and checks those rows for NaN and inf. Everything
is float64.

    grade_training(functions)   (share, report text): what a grader calls
    check_training(functions)   prints the report, returns the trained Vectors (or None): the notebook's call
    show_training(vectors)      a few neighbours and analogies of the trained vectors
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ...core import textbook
from ...core.model import init_params
from ...core.sampling import NoiseSampler
from ...errors import Word2VecError
from ...text import corpus
from ...vectors.evaluation import DATA_DIR, evaluate_analogies
from ...vectors.vectors import Vectors
from .. import toyworld

#: The functions a5 plugs in, in the order the trainer first calls them, with the assignment that defines each.
FUNCTIONS = {
    "keep_probability": "a3",
    "noise_distribution": "a3",
    "skipgram_forward": "a2",
    "ns_loss_and_grads": "a3",
    "skipgram_backward": "a2",
    "sgd_update": "a2",
}

#: The run a5 grades: skip-gram, negative sampling, small enough to train in well under a minute.
#: A large learning rate and two epochs: the planted structure is learnt fast, and the trainer
#: takes one example at a time in Python. window 1: only the neighbouring words are contexts.
SETTINGS = dict(dim=20, window=1, epochs=2, sample=2e-4, negative=5, alpha=0.3, min_count=5, seed=0)

#: The share of planted analogies that passes (the package's own functions reach 0.864).
PASS_SHARE = 0.7

#: Time limit of the training run, in seconds (the package's own functions need 10 to 25 s on one core).
DEFAULT_SECONDS = 300.0

#: A loss of one example above this stops training as diverged (it starts near (k + 1) log 2 = 4.2, stays below 20).
DIVERGED = 1000.0

BUNDLED_CORPUS = DATA_DIR / toyworld.CORPUS_NAME


class _Failed(Word2VecError):
    """A learner's function failed: ``line`` is the one line the report shows (caught here, never raised out)."""

    def __init__(self, line: str):
        super().__init__(line)
        self.line = line


def _not_yet(name: str) -> str:
    return f"{name}: not implemented yet (replace the `raise NotImplementedError` under # YOUR CODE HERE)"


def _call(name: str, fn, *args):
    """``fn(*args)``; an exception becomes a _Failed naming the learner's function."""
    try:
        return fn(*args)
    except _Failed:  # already names the function
        raise
    except NotImplementedError:
        raise _Failed(_not_yet(name)) from None
    except Exception as exc:  # the learner's code: any error is reported, not raised
        message = str(exc).splitlines()[0] if str(exc) else ""
        raise _Failed(f"{name} raised {type(exc).__name__}: {message}"[:300]) from None


def _array(name: str, value, shape: tuple[int, ...], what: str, training: bool = False, finite: bool = True):
    """``value`` as a finite float64 array of ``shape``, or a _Failed naming what is wrong.

    training : the value comes from the training run (a NaN there means training diverged), not the tiny example.
    finite : check that every entry is finite (the trainer checks only the rows of a dense gradient it uses).
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _Failed(f"{name} must return {what}, shape {shape}, got {type(value).__name__}") from None
    if array.shape != shape:
        raise _Failed(f"{name} must return {what} of shape {shape}, got shape {array.shape}")
    return _finite(name, array, what, training) if finite else array


def _finite(name: str, array: np.ndarray, what: str, training: bool) -> np.ndarray:
    """``array`` if every entry is finite, else a _Failed: training diverged, or the function is wrong."""
    if np.isfinite(array).all():
        return array
    if training:
        raise _Failed(f"training diverged: {name} returned NaN or inf in {what} (the vectors grew without bound): "
                      "is every step subtracting lr * gradient, and are the signs of your gradients right?")
    raise _Failed(f"{name} returned NaN or inf in {what}; its check in assignment {FUNCTIONS[name]} finds why")


def _loss_and_grads(fn, W_out, h, targets, negatives, training: bool = False):
    """The learner's ns_loss_and_grads, its three results checked: (loss, dh (B, D), dW_out (V, D))."""
    name = "ns_loss_and_grads"
    out = _call(name, fn, W_out, h, targets, negatives)
    if not isinstance(out, tuple) or len(out) != 3:
        raise _Failed(f"{name} must return three things, (loss, dh, dW_out), got {type(out).__name__}")
    loss = float(_array(name, out[0], (), "the loss, one number,", training))
    dW_out = _array(name, out[2], W_out.shape, "dW_out", training, finite=not training)
    return loss, _array(name, out[1], h.shape, "dh", training), dW_out


class LearnerSkipGram:
    """Skip-gram from the learner's ``skipgram_forward`` and ``skipgram_backward``: the trainer's ``arch``."""

    name = "skipgram"

    def __init__(self, forward, backward, V: int):
        self._forward, self._backward, self.V = forward, backward, V

    def forward(self, W_in, example):
        """h (B, D) = skipgram_forward(W_in, inputs); the cache is the inputs (B,)."""
        inputs = example.contexts[:, 0]  # (B,) one input word per example
        h = _call("skipgram_forward", self._forward, W_in, inputs)
        return _array("skipgram_forward", h, (len(inputs), W_in.shape[1]), "h", training=True), inputs

    def backward(self, dh, inputs):
        """The rows of the dense dW_in (V, D) = skipgram_backward(dh, inputs, V) the example touched."""
        dW_in = _call("skipgram_backward", self._backward, dh, inputs, self.V)
        dW_in = _array("skipgram_backward", dW_in, (self.V, dh.shape[1]), "dW_in", training=True, finite=False)
        rows = np.unique(inputs)  # each touched row once: the dense gradient already summed repeats
        return rows, _finite("skipgram_backward", dW_in[rows], "dW_in", training=True)


class LearnerNegativeSampling:
    """Negative sampling from the learner's ``ns_loss_and_grads`` and noise distribution: the trainer's ``objective``.

    P_n : (V,) the learner's noise distribution; the negatives are drawn from it by the package's
    sampler (never equal to the example's target, as the package draws them).
    losses : every example's loss is appended to it; a loss above :data:`DIVERGED` stops training.
    """

    name = "ns"

    def __init__(self, loss_and_grads, P_n: np.ndarray, negative: int, losses: list):
        self._loss_and_grads, self.negative, self.losses = loss_and_grads, negative, losses
        self.sampler = NoiseSampler(P_n, power=1.0)  # count ** 1, normalized: P_n itself

    def draw(self, targets, rng):
        """(B, k) negatives drawn from the learner's P_n."""
        return self.sampler.sample(targets, self.negative, rng)

    def forward(self, W_out, h, targets, negatives):
        """The loss, and as the cache the gradients: dh (B, D) and the rows of dW_out the example touched."""
        loss, dh, dW_out = _loss_and_grads(self._loss_and_grads, W_out, h, targets, negatives, training=True)
        self.losses.append(loss)
        if abs(loss) > DIVERGED:
            raise _Failed(f"training diverged: the loss of one example passed {DIVERGED:g} after "
                          f"{len(self.losses):,} examples (the vectors grow without bound): is every step "
                          "subtracting lr * gradient, and are the signs of your gradients right?")  # fmt: skip
        rows = np.unique(np.concatenate([targets, negatives.reshape(-1)]))  # the target and its negatives
        return loss, (dh, rows, _finite("ns_loss_and_grads", dW_out[rows], "dW_out", training=True))

    def backward(self, cache):
        """(dh, rows, dW_out rows), computed by forward."""
        return cache


@dataclass
class TrainingResult:
    """What a run with the learner's functions gave: the share of analogies, or the line saying why not."""

    problem: str | None = None  # one line, or None when it trained
    correct: int = 0
    total: int = 0
    examples: int = 0
    seconds: float = 0.0
    losses: list = field(default_factory=list)  # loss of each example, in training order
    vectors: Vectors | None = None

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.problem is None and self.share >= PASS_SHARE


def _tiny_run(functions: dict) -> None:
    """Each step function once on a 5-word example, in the trainer's order; a _Failed names the first that fails."""
    rng = np.random.default_rng(0)
    V, D = 5, 3
    W_in, W_out = rng.normal(size=(V, D)), rng.normal(size=(V, D))
    inputs, targets, negatives = np.array([1]), np.array([2]), np.array([[0, 3]])
    h = _array("skipgram_forward", _call("skipgram_forward", functions["skipgram_forward"], W_in, inputs), (1, D), "h")
    _, dh, _ = _loss_and_grads(functions["ns_loss_and_grads"], W_out, h, targets, negatives)
    _array("skipgram_backward", _call("skipgram_backward", functions["skipgram_backward"], dh, inputs, V), (V, D),
           "dW_in")  # fmt: skip
    W = W_in.copy()
    _call("sgd_update", functions["sgd_update"], W, np.array([1]), np.ones((1, D)), 0.5)
    if np.array_equal(W, W_in):
        raise _Failed("sgd_update must change W in place (W[rows] -= lr * grad_rows), as assignment a2 asks")
    if np.allclose(W[1], W_in[1] + 0.5):
        raise _Failed("sgd_update added lr * grad_rows: a step must subtract it, to go down the loss")
    if not np.allclose(W[1], W_in[1] - 0.5):
        raise _Failed("sgd_update must change row rows[i] of W by -lr * grad_rows[i]; its check in a2 finds why not")


def _corpus_parts(functions: dict, vocab) -> tuple[np.ndarray, np.ndarray]:
    """The learner's keep probabilities (V,) and noise distribution (V,) for the corpus, checked."""
    V = len(vocab)
    keep = _array("keep_probability", _call("keep_probability", functions["keep_probability"], vocab.counts,
                                            vocab.total, SETTINGS["sample"]), (V,), "keep")  # fmt: skip
    if np.any(keep < 0) or np.any(keep > 1):
        raise _Failed("keep_probability must return probabilities, between 0 and 1")
    P_n = _array("noise_distribution", _call("noise_distribution", functions["noise_distribution"], vocab.counts),
                 (V,), "P_n")  # fmt: skip
    if np.any(P_n < 0) or abs(P_n.sum() - 1.0) > 1e-6 or np.count_nonzero(P_n) < 2:
        raise _Failed("noise_distribution must return probabilities (>= 0, summing to 1) over at least two words")
    return keep, P_n


def train_with(functions: dict, seconds: float | None = DEFAULT_SECONDS) -> TrainingResult:
    """Train on the bundled toy world with the learner's ``functions`` (names as :data:`FUNCTIONS`) and score it.

    Returns a TrainingResult; nothing the learner's code raises escapes (it becomes ``problem``).
    """
    missing = [name for name in FUNCTIONS if functions.get(name) is None]
    if missing:
        return TrainingResult(problem=f"{missing[0]}: not given (pass your function as functions[{missing[0]!r}])")
    vocab, encoded = corpus.load(BUNDLED_CORPUS, min_count=SETTINGS["min_count"])
    result = TrainingResult()
    deadline = None if seconds is None else time.perf_counter() + seconds
    learner_update = functions["sgd_update"]

    def update(W, rows, grads, lr):
        if deadline is not None and time.perf_counter() > deadline:
            raise _Failed(f"training took longer than {seconds:g} s; make your functions faster (no Python "
                          "loop over the vocabulary or the dimensions)")  # fmt: skip
        _call("sgd_update", learner_update, W, rows, grads, lr)

    start = time.perf_counter()
    try:
        _tiny_run(functions)
        keep, P_n = _corpus_parts(functions, vocab)
        rng = np.random.default_rng(SETTINGS["seed"])
        W_in, W_out = init_params(len(vocab), len(vocab), SETTINGS["dim"], rng, dtype=np.float64)
        arch = LearnerSkipGram(functions["skipgram_forward"], functions["skipgram_backward"], len(vocab))
        objective = LearnerNegativeSampling(functions["ns_loss_and_grads"], P_n, SETTINGS["negative"], result.losses)
        textbook.train(
            W_in, W_out, encoded.ids, encoded.offsets, arch, objective, keep, window=SETTINGS["window"],
            epochs=SETTINGS["epochs"], alpha=SETTINGS["alpha"], min_alpha=SETTINGS["alpha"] * 1e-4, rng=rng,
            update=update,
        )  # fmt: skip
    except _Failed as failed:
        result.problem = failed.line
        return result
    result.seconds, result.examples = time.perf_counter() - start, len(result.losses)
    return score_vectors(result, W_in, vocab.words)


def score_vectors(result: TrainingResult, W_in, words) -> TrainingResult:
    """Fill in ``result``'s share from the trained ``W_in`` (V, D) of the vocabulary ``words``: the analogies.

    The class grader calls it in its own process on the vectors a submission's process sent back, so the
    share is computed where the grade is decided; ``W_in`` of another shape or with NaN or inf is a problem.
    """
    W_in = np.asarray(W_in)
    if W_in.shape != (len(words), SETTINGS["dim"]) or W_in.dtype.kind != "f":
        result.problem = f"the trained vectors came back as {W_in.dtype} {W_in.shape}, not ({len(words)}, " \
                         f"{SETTINGS['dim']}) floats"
        return result
    if not np.all(np.isfinite(W_in)):
        result.problem = "the trained vectors hold NaN or inf: a gradient or update too large, or of the wrong sign?"
        return result
    result.vectors = Vectors(words, W_in)
    analogies = evaluate_analogies(result.vectors, toyworld.analogies())
    result.correct, result.total = analogies.correct, analogies.total
    return result


def grade_score(share: float) -> float:
    """a5's score in the class grader's total and grade, 0 to 1: full at :data:`PASS_SHARE`, in proportion below."""
    return min(1.0, max(0.0, share) / PASS_SHARE)


def _loss_trend(losses: list) -> tuple[float, float]:
    """Mean loss per example over the first and the last 5% of the examples."""
    n = max(1, len(losses) // 20)
    return float(np.mean(losses[:n])), float(np.mean(losses[-n:]))


def format_training(result: TrainingResult) -> str:
    """The report of a run: the share answered and whether it passes, or the one line saying what failed."""
    title = "train with your own code"
    if result.problem is not None:
        return f"{title}: not trained: {result.problem}"
    verdict = "passes" if result.passed else "FAIL"
    lines = [
        f"{title}: {result.correct} of {result.total} planted analogies answered ({100 * result.share:.1f}%); "
        f"{100 * PASS_SHARE:.0f}% passes: {verdict}" + (". Well done." if result.passed else "")
    ]
    first, last = _loss_trend(result.losses)
    lines.append(f"  {result.examples:,} training examples in {result.seconds:.1f} s; mean loss per example "
                 f"{first:.3f} over the first 5% of them, {last:.3f} over the last 5%")  # fmt: skip
    if not result.passed:
        if last >= first:
            lines.append("  hint: the loss did not fall: is every step subtracting lr * gradient, and are the signs "
                         "of your gradients those of your loss? Run the checks of a2 and a3 again")  # fmt: skip
        else:
            lines.append("  hint: the loss fell, yet the vectors answer few analogies: run the checks of a2 and "
                         "a3 again (keep_probability and noise_distribution too) and read their hints")  # fmt: skip
    return "\n".join(lines)


def grade_training(functions: dict, seconds: float | None = DEFAULT_SECONDS) -> tuple[float, str]:
    """Train with the learner's ``functions`` and return (share of planted analogies answered, report text).

    functions : {name: function} for every name of :data:`FUNCTIONS`; the share is 0.0 when training
    could not run (the report's one line says why).
    """
    result = train_with(functions, seconds)
    return result.share, format_training(result)


def check_training(functions: dict, seconds: float | None = DEFAULT_SECONDS) -> Vectors | None:
    """Train with the learner's ``functions``, print the report, and return the trained vectors (None if none)."""
    result = train_with(functions, seconds)
    print(format_training(result))
    return result.vectors


def show_training(vectors: Vectors | None, words=("king", "paris", "dog"), per_section: int = 1) -> None:
    """Print the nearest neighbours of a few words and one analogy per planted relation."""
    if vectors is None:
        print("no vectors yet: check_training(...) returns them once your functions train")
        return
    for word in words:
        near = ", ".join(f"{w} {s:.2f}" for w, s in vectors.most_similar(word, topn=4))
        print(f"{word:>8}: {near}")
    shown: dict[str, int] = {}
    for section, a, b, c, d in toyworld.analogies():
        if shown.get(section, 0) >= per_section:
            continue
        shown[section] = shown.get(section, 0) + 1
        ((answer, _),) = vectors.analogy(a, b, c, topn=1)
        print(f"{a} : {b} :: {c} : {answer}  ({'right' if answer == d else 'wrong'})")
