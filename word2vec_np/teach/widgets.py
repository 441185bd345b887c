"""An interactive view of training, one SGD step at a time, for notebook 09 (ipywidgets).

:class:`TrainingStepper` is a panel of controls above a figure:

    architecture   skip-gram | CBOW
    objective      softmax | hierarchical softmax | negative sampling
    sentences      the training text, one sentence a line (editable)
    learning rate  [0.2]   train again
    < back   step >   play   [step slider]
    the figure of plots.training_step for the chosen step

Changing the architecture or the objective, or pressing "train again" after
editing the sentences or the learning rate, trains a new
:class:`~word2vec_np.teach.stepper.Stepper` on the same toy corpus, all its steps
at once, so that the 2-D projection (stepper.project_2d) and the colour scale can be
fixed for the whole run; the buttons and the slider then choose which
recorded step to draw. Nothing is computed here: the frames come from
stepper.py and the figure from plots.py.

ipywidgets is in the package's ``notebooks`` extra (and ships with jupyter). Where widgets do not
render (a notebook read on GitHub), the figure of one step is still
``plots.training_step(...)``, which notebook 09 also draws as static frames.
"""

from __future__ import annotations

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

from ..errors import Word2VecError
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
                                        layout=w.Layout(width="200px"))
        self.retrain = w.Button(description="train again", layout=w.Layout(width="110px"))
        self.message = w.Label()
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
        super().__init__(
            [
                self.arch,
                self.objective,
                w.HBox([self.sentences, w.VBox([self.alpha, self.retrain, self.message])]),
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
        """Read the sentences and the learning rate from their boxes and train from the start.

        A corpus the step-by-step view cannot take (fewer than 2 or more than
        ``stepper.MAX_WORDS`` distinct words) is reported in one line beside the
        button, and the run shown stays the previous one.
        """
        sentences = [line for line in self.sentences.value.splitlines() if line.strip()]
        try:
            self.vocab, self.corpus = toy_corpus(sentences)
        except Word2VecError as exc:
            self.message.value = str(exc)
            return
        self.message.value = f"{len(sentences)} sentences, {len(self.vocab)} words"
        self.rebuild()

    def rebuild(self) -> None:
        """Train the chosen architecture and objective on the toy corpus, record every step, show step 1."""
        config = toy_config(self.arch.value, self.objective.value, alpha=self.alpha.value, **self.settings)
        self.stepper = Stepper(self.vocab, self.corpus, config)
        self.stepper.run()
        self.coords, _ = project_2d(self.stepper.frames)  # (n_steps + 1, V + n_out, 2)
        self.limits = plots.limits_2d(self.coords)
        self.weight_scale = max(
            max(float(np.abs(f.W_in).max()), float(np.abs(f.W_out).max())) for f in self.stepper.frames
        )
        self._quiet = True  # the slider moves back to 1: draw once, below
        self.slider.value = self.play.value = 1
        self.slider.max = self.play.max = self.stepper.n_steps
        self._quiet = False
        self.show(1)

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
