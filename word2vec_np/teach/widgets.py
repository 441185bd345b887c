"""An interactive view of training, one SGD step at a time, for notebook 09 (ipywidgets).

:class:`TrainingStepper` is a panel of controls above a figure:

    architecture   skip-gram | CBOW
    objective      softmax | hierarchical softmax | negative sampling
    sentences      the training text, one sentence a line (editable)   train again
    learning rate  [0.2]   learning rate 0.2 from step 1, 0.05 from step 121
    < back   step >   play   [step slider]
    the figure of plots.training_step for the chosen step

Changing the architecture or the objective, or pressing "train again" after
editing the sentences, trains a new :class:`~word2vec_np.teach.stepper.Stepper`
from step 1, all its steps at once, so that the 2-D projection
(stepper.project_2d) and the colour scale can be fixed for the whole run; the
buttons and the slider then choose which recorded step to draw. Changing the
learning rate continues the run shown, as wevi does: the steps up to the one
on screen stay as they were, the next ones are trained again with the new rate
(``Stepper.change_rate``), and the projection and the colour scale are fitted
again to the whole run. Nothing is computed here: the frames come from
stepper.py and the figure from plots.py.

ipywidgets is in the package's ``notebooks`` extra (and ships with jupyter). Where widgets do not
render (a notebook read on GitHub), the figure of one step is still
``plots.training_step(...)``, which notebook 09 also draws as static frames.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

try:  # ipywidgets (which brings IPython) and matplotlib are in the package's notebooks extra
    import ipywidgets as w
    import matplotlib.pyplot as plt
    from IPython.display import display
except ModuleNotFoundError as exc:
    raise ModuleNotFoundError(
        f"notebook 09's controls need {exc.name}; install it with: pip install 'word2vec_np[notebooks]'",
        name=exc.name,
    ) from None

from ..errors import ConfigError, Word2VecError
from . import plots
from .stepper import TOY_SENTENCES, Stepper, project_2d, toy_config, toy_corpus


class TrainingStepper(w.VBox):
    """Controls and a figure to step through the training of a toy model.

    Parameters
    ----------
    sentences : the toy corpus, one string per sentence (default ``stepper.TOY_SENTENCES``)
    arch : "skipgram" or "cbow", the architecture to start with
    objective : "softmax", "hs" or "ns", the objective to start with
    draw : draw the figure of the selected step (False: only record it, for tests)
    **settings : TrainConfig fields passed to ``stepper.toy_config`` (dim, window, epochs, alpha, ...)

    Attributes
    ----------
    stepper : the Stepper of the current architecture and objective, every step recorded
    coords : (n_steps + 1, V + n_out, 2), its vectors in 2-D after each step
    frame : the frame shown now; title, figure : its title and Figure (drawn only when ``draw`` is True)
    arch, objective : ToggleButtons; back, forward : Buttons; play : Play; slider : IntSlider (1-based step)
    """

    def __init__(
        self,
        sentences: Sequence[str] = TOY_SENTENCES,
        *,
        arch: str = "skipgram",
        objective: str = "softmax",
        draw: bool = True,
        **settings,
    ):
        self.vocab, self.corpus = toy_corpus(sentences)
        self.settings = dict(settings)
        self.sentences = w.Textarea(value="\n".join(sentences), description="sentences", rows=4,
                                    layout=w.Layout(width="420px"))
        self.alpha = w.BoundedFloatText(value=float(self.settings.pop("alpha", 0.2)), min=1e-4, max=10.0, step=0.05,
                                        description="learning rate", style={"description_width": "initial"},
                                        continuous_update=False, layout=w.Layout(width="200px"))
        self.rates = w.Label()  # the learning rates of the run shown, and the steps they start at
        self.retrain = w.Button(description="train again", layout=w.Layout(width="110px"))
        self.message = w.Label("edited sentences start a new run from step 1: press train again")
        self.draw = draw
        self.figure = None
        self._quiet = False
        self.arch = w.ToggleButtons(options=[("skip-gram", "skipgram"), ("CBOW", "cbow")], value=arch)
        self.objective = w.ToggleButtons(
            options=[("softmax", "softmax"), ("hierarchical softmax", "hs"), ("negative sampling", "ns")],
            value=objective,
        )
        self.back = w.Button(description="< back", layout=w.Layout(width="80px"))
        self.forward = w.Button(description="step >", layout=w.Layout(width="80px"))
        self.slider = w.IntSlider(value=1, min=1, max=1, description="step", continuous_update=False)
        self.play = w.Play(value=1, min=1, max=1, interval=800)
        w.jslink((self.play, "value"), (self.slider, "value"))
        self.output = w.Output()
        self.back.on_click(lambda _: self.go(self.slider.value - 1))
        self.forward.on_click(lambda _: self.go(self.slider.value + 1))
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        self.arch.observe(lambda _: self.rebuild(), names="value")
        self.objective.observe(lambda _: self.rebuild(), names="value")
        self.retrain.on_click(lambda _: self.train_again())
        self.alpha.observe(lambda _: self.change_rate(), names="value")
        super().__init__(
            [
                self.arch,
                self.objective,
                w.HBox([self.sentences, w.VBox([self.retrain, self.message])]),
                w.HBox([self.alpha, self.rates]),
                w.HBox([self.back, self.forward, self.play, self.slider]),
                self.output,
            ]
        )
        self.rebuild()

    def __repr__(self) -> str:
        """What a reader sees where widgets do not render (the text/plain of the widget's output)."""
        return (
            f"TrainingStepper: {self.arch.label} with {self.objective.label}, step {self.slider.value} of "
            f"{self.stepper.n_steps} (open the notebook in Jupyter to use the controls)"
        )

    def train_again(self) -> None:
        """Read the sentences and the learning rate from their boxes and train a new run from step 1.

        A corpus the step-by-step view cannot take (fewer than 2 or more than
        ``stepper.MAX_WORDS`` distinct words) is reported in one line beside the
        button, and the run shown stays the previous one.
        """
        sentences = [line for line in self.sentences.value.splitlines() if line.strip()]
        shown = self.vocab, self.corpus
        try:
            self.vocab, self.corpus = toy_corpus(sentences)
        except Word2VecError as exc:
            self.message.value = str(exc)
            return
        if self.rebuild():
            self.message.value = f"{len(sentences)} sentences, {len(self.vocab)} words"
        else:
            self.vocab, self.corpus = shown
            self.message.value = self.rates.value

    def rebuild(self) -> bool:
        """Train the chosen architecture and objective on the toy corpus, record every step, show step 1.

        Returns False, the run shown staying as it was, when the new run has no
        step or overflows (``_take``).
        """
        config = toy_config(self.arch.value, self.objective.value, alpha=self.alpha.value, **self.settings)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is said in one line, by _take
            stepper = Stepper(self.vocab, self.corpus, config)
            stepper.run()
        if not self._take(stepper):
            if not hasattr(self, "stepper"):
                raise ConfigError(self.rates.value)  # no run to keep showing
            return False
        self._quiet = True  # the slider moves back to 1: draw once, below
        self.slider.value = self.play.value = 1
        self.slider.max = self.play.max = self.stepper.n_steps
        self._quiet = False
        self.show(1)
        return True

    def change_rate(self) -> None:
        """Continue the run shown with the learning rate of its box, from the step after the one on screen.

        Steps 1 to the one on screen stay as they were (``Stepper.change_rate``);
        the line beside the box says which rate holds from which step. At the
        last step there is nothing left to continue, and a rate that makes the
        vectors overflow leaves the run shown as it was; either is said in one
        line beside the box.
        """
        on_screen, lr = self.slider.value, float(self.alpha.value)
        if on_screen >= self.stepper.n_steps:
            self.rates.value = f"the run is over: press train again for a new run with learning rate {lr:g}"
            return
        trial = copy.deepcopy(self.stepper)  # kept only if its vectors stay finite
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is said in one line, by _take
            trial.change_rate(lr, at=on_screen)  # 0-based step on_screen is the next one (1-based on_screen + 1)
            trial.run()
        if self._take(trial):
            self.show(on_screen)

    def rates_line(self) -> str:
        """The learning rates of the run shown, e.g. "learning rate 0.2 from step 1, 0.05 from step 121"."""
        c = self.stepper.config
        first = f"{c.alpha:g}" if c.min_alpha == c.alpha else f"{c.alpha:g} decaying to {c.min_alpha:g}"
        later = "".join(f", {lr:g} from step {at + 1}" for at, lr in self.stepper.rate_changes)
        return f"learning rate {first} from step 1{later} (a new rate continues from the step shown)"

    def _take(self, stepper: Stepper) -> bool:
        """Show ``stepper``'s run, every step taken: fit the 2-D projection, its limits and the colour scale to it.

        Returns False, with one line beside the learning rate and the run shown
        unchanged, when the run has no step or its vectors overflow (a learning
        rate far too large).
        """
        if not stepper.frames:
            self.rates.value = "no sentence has two words, so there is no training pair: write longer sentences"
            return False
        try:
            coords, _ = project_2d(stepper.frames)  # (n_steps + 1, V + n_out, 2)
        except Word2VecError:
            coords = None
        weight_scale = max(max(float(np.abs(f.W_in).max()), float(np.abs(f.W_out).max())) for f in stepper.frames)
        if coords is None or not (np.isfinite(coords).all() and np.isfinite(weight_scale)):
            self.rates.value = (
                f"learning rate {self.alpha.value:g} makes the vectors overflow; "
                "the run shown stays as it was: try a smaller rate"
            )
            return False
        self.stepper, self.coords, self.weight_scale = stepper, coords, weight_scale
        self.limits = plots.limits_2d(coords)
        self.rates.value = self.rates_line()
        return True

    def go(self, step: int) -> None:
        """Move the slider to ``step`` (1-based), kept within 1..n_steps; the slider then shows it."""
        self.slider.value = int(min(max(step, 1), self.stepper.n_steps))

    def show(self, step: int) -> None:
        """Draw the frame of ``step`` (1-based) and the vectors before and after it."""
        if self._quiet:
            return
        s = self.stepper
        self.frame = frame = s.frames[step - 1]
        if not self.draw:
            return
        words = s.words
        inputs = " + ".join(words[i] for i in frame.inputs)
        self.title = (
            f"step {step} of {s.n_steps} (epoch {frame.epoch + 1}): {self.arch.label}, {self.objective.label}; "
            f"input {inputs} -> target {words[frame.target]}, learning rate {frame.lr:g}"
        )
        with self.output:
            self.output.clear_output(wait=True)
            self.figure = plots.training_step(
                frame,
                self.coords[step - 1],
                self.coords[step],
                words=words,
                out_labels=s.out_labels,
                unit_labels=s.unit_labels(frame),
                weight_scale=self.weight_scale,
                limits=self.limits,
                title=self.title,
                tree=s.tree,
            )
            display(self.figure)
            plt.close(self.figure)
