"""Notebook 9's figures: legible labels from the first step, one colour scale for W and h, the HS path, the GIF."""

import io

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from word2vec_np.teach import plots  # noqa: E402
from word2vec_np.teach.stepper import Stepper, project_2d, toy_config, toy_corpus  # noqa: E402


@pytest.fixture(scope="module")
def hs_run():
    s = Stepper(*toy_corpus(), toy_config("skipgram", "hs", epochs=2))
    s.run()
    return s


def _axes_titled(fig, title):
    (ax,) = [ax for ax in fig.axes if ax.get_title() == title]
    return ax


def test_points_on_top_of_each_other_share_one_label():
    """The first frame: output vectors all at 0, input vectors tiny: one label for the clump, not eighteen."""
    points = np.array([[0.0, 0.0], [0.001, 0.0], [0.0, 0.002], [0.0, 0.0], [5.0, 5.0]])
    merged = plots.merged_labels(points, ["a", "b", "c", "d", "far"], span=10.0)
    assert [text for _, text in merged] == ["a, b +2", "far"]
    assert np.allclose(merged[0][0], points[:4].mean(axis=0)) and np.allclose(merged[1][0], [5.0, 5.0])
    apart = plots.merged_labels(points, ["a", "b", "c", "d", "far"], span=10.0, near=0.0)
    assert len(apart) == 4  # only the two exact duplicates still share a label


def test_h_is_drawn_on_the_colour_scale_of_w_and_the_gradients_share_theirs(hs_run):
    """h is a row of W (skip-gram): drawn on its own scale it would look unlike its row."""
    frame = hs_run.frames[5]
    coords, _ = project_2d(hs_run.frames)
    fig = plots.training_step(
        frame,
        coords[5],
        coords[6],
        words=hs_run.words,
        out_labels=hs_run.out_labels,
        unit_labels=hs_run.unit_labels(frame),
        weight_scale=2.5,
    )
    try:
        assert _axes_titled(fig, f"h = W^T {plots._ONE_HOT}").images[0].get_clim() == (-2.5, 2.5)
        assert _axes_titled(fig, "W (V x D)").images[0].get_clim() == (-2.5, 2.5)
        grads = {_axes_titled(fig, t).images[0].get_clim() for t in ("dL/dW", "dL/dh", "dL/dW'")}
        assert len(grads) == 1
    finally:
        plt.close(fig)


def test_the_tree_panel_lights_up_exactly_the_path_being_updated(hs_run):
    frame = hs_run.frames[7]
    coords, _ = project_2d(hs_run.frames)
    fig = plots.training_step(
        frame,
        coords[7],
        coords[8],
        words=hs_run.words,
        out_labels=hs_run.out_labels,
        unit_labels=hs_run.unit_labels(frame),
        tree=hs_run.tree,
    )
    try:
        tree_ax = next(ax for ax in fig.axes if ax.get_title().startswith("the path of"))
        red = [line for line in tree_ax.lines if to_rgba(line.get_color()) == to_rgba("tab:red")]
        assert len(red) == len(frame.units) == hs_run.tree.lengths[frame.target]  # one edge per node of the path
        assert tree_ax.get_title().endswith(", ".join(f"n{j}" for j in frame.units) + " of W'")
        updated = np.flatnonzero(np.abs(frame.W_out_after - frame.W_out).sum(axis=1))
        assert set(updated) == set(frame.units.tolist())  # and those are the columns that moved
    finally:
        plt.close(fig)
    assert hs_run.tree is not None and Stepper(*toy_corpus(), toy_config(epochs=1)).tree is None


def test_the_animation_is_a_gif_of_one_image_per_step(hs_run):
    Image = pytest.importorskip("PIL.Image")
    coords, _ = project_2d(hs_run.frames[:6])
    labels = list(hs_run.words) + [f"{n}'" for n in hs_run.out_labels]
    groups = ["in"] * len(hs_run.words) + ["out"] * len(hs_run.out_labels)
    gif = plots.training_animation(coords, [1, 3, 6], labels, groups, dpi=30)
    image = Image.open(io.BytesIO(gif))
    assert gif[:6] == b"GIF89a" and image.n_frames == 3
    assert len(gif) < 200_000
    assert not plt.get_fignums()  # every figure drawn for it is closed


def test_the_live_view_trains_on_edited_sentences_and_rate(monkeypatch):
    pytest.importorskip("ipywidgets")
    from word2vec_np.teach import widgets

    monkeypatch.setattr(widgets, "display", lambda *a, **k: None)
    ts = widgets.TrainingStepper(draw=False, epochs=2)
    assert ts.stepper.config.alpha == 0.2
    ts.sentences.value = "cats chase mice\ndogs chase cats\n"
    ts.alpha.value = 0.5
    ts.retrain.click()
    assert set(ts.stepper.words) == {"cats", "chase", "mice", "dogs"} and ts.stepper.config.alpha == 0.5
    assert ts.message.value == "2 sentences, 4 words" and ts.frame is ts.stepper.frames[0]
    before = ts.stepper
    ts.sentences.value = "alone"
    ts.retrain.click()
    assert "between 2 and" in ts.message.value and ts.stepper is before  # one line; the last run stays
