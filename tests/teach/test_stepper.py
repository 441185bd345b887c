"""The step-by-step view (stepper.py, widgets.py) shows what the package's reference trainer computes.

* A Stepper run ends where ``train_arrays(method="reference")`` ends, bit for bit,
  for every architecture and objective, also with subsampling and a decaying rate.
* Each frame's "after" matrices are the next frame's "before" ones and differ from
  its "before" ones by -lr times its gradient (a frame that showed the pre-update
  matrices as post-update would fail here).
* Its numbers agree with independent paths: the one-hot network of onehot.py
  (x, h, probabilities, loss, gradients) and each objective's loss.
* A learning rate changed mid-run (``Stepper.change_rate``) leaves the steps before
  it as they were and trains the rest on the same examples with the new rate:
  the same rate gives the uninterrupted run bit for bit, a new rate from step 0
  the run configured with it.
* The widget, driven headlessly, shows the stepper's frames, rebuilds when the
  objective or the architecture changes, and continues the run shown from the
  step on screen when the learning rate changes.
"""

import math
from dataclasses import fields

import numpy as np
import pytest

from word2vec_np.core import onehot
from word2vec_np.core.batch import Batch
from word2vec_np.engine.training import train_arrays
from word2vec_np.errors import ConfigError
from word2vec_np.teach.stepper import Frame, Stepper, project_2d, toy_config, toy_corpus

COMBINATIONS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "hs", "ns")]


@pytest.fixture(scope="module")
def toy():
    return toy_corpus()


@pytest.fixture(scope="module")
def runs(toy):
    """Every combination stepped to its end, with the default toy settings (640 or 480 steps)."""
    vocab, corpus = toy
    out = {}
    for arch, objective in COMBINATIONS:
        s = Stepper(vocab, corpus, toy_config(arch, objective))
        s.run()
        out[arch, objective] = s
    return out


def _one(frame) -> Batch:
    """The frame's example as a batch of one."""
    return Batch(contexts=[frame.inputs], n_context=[len(frame.inputs)], targets=[frame.target])


@pytest.mark.parametrize("arch, objective", COMBINATIONS)
def test_a_run_ends_where_the_reference_trainer_ends(runs, toy, arch, objective):
    s = runs[arch, objective]
    assert s.done and len(s.frames) == s.n_steps > 100
    W_in, W_out, history = train_arrays(*toy, toy_config(arch, objective), dtype=np.float64)
    assert np.array_equal(s.W_in, W_in) and np.array_equal(s.W_out, W_out)
    per_epoch = np.bincount([f.epoch for f in s.frames])
    assert per_epoch.tolist() == history.epoch_examples
    mean_loss = np.bincount([f.epoch for f in s.frames], weights=[f.loss for f in s.frames]) / per_epoch
    np.testing.assert_allclose(mean_loss, history.epoch_loss, rtol=1e-12)
    assert mean_loss[-1] < 0.7 * mean_loss[0]  # the toy model learns


def test_subsampling_windows_and_a_decaying_rate_follow_the_trainer_too(toy):
    config = toy_config(
        "cbow", "ns", window=2, sample=0.1, alpha=0.1, min_alpha=0.001, epochs=4, cbow_gradient="c_tool"
    )
    s = Stepper(*toy, config)
    frames = s.run()
    W_in, W_out, _ = train_arrays(*toy, config, dtype=np.float64)
    assert np.array_equal(s.W_in, W_in) and np.array_equal(s.W_out, W_out)
    rates = [f.lr for f in frames]
    assert rates[0] == 0.1 and rates == sorted(rates, reverse=True) and len(set(rates)) == 4  # one rate per epoch
    assert len(frames) < 4 * len(toy[1].ids)  # subsampling dropped some centre words
    we = toy[0].index["we"]  # first in every sentence: two context words only with a half-width of 2
    assert any(f.target == we and len(f.inputs) == 2 for f in frames)


@pytest.mark.parametrize("arch, objective", COMBINATIONS)
def test_each_frame_shows_the_update_it_made(runs, arch, objective):
    s = runs[arch, objective]
    for before, after in zip(s.frames, s.frames[1:], strict=False):
        assert np.array_equal(before.W_in_after, after.W_in) and np.array_equal(before.W_out_after, after.W_out)
    assert np.array_equal(s.frames[-1].W_in_after, s.W_in) and np.array_equal(s.frames[-1].W_out_after, s.W_out)
    moved = 0
    for f in s.frames[:60]:
        np.testing.assert_allclose(f.W_in_after - f.W_in, -f.lr * f.dW_in, atol=1e-15)
        np.testing.assert_allclose(f.W_out_after - f.W_out, -f.lr * f.dW_out, atol=1e-15)
        moved += bool(np.any(f.W_in_after != f.W_in))
    assert moved > 30  # from the second visit of a word on, W_in moves (W_out starts at zero)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_softmax_frames_equal_the_one_hot_network(runs, arch):
    s = runs[arch, "softmax"]
    V = len(s.words)
    for f in s.frames[::37]:
        one = _one(f)
        loss, cache = onehot.forward(f.W_in, f.W_out, one)
        dW_in, dW_out = onehot.backward(cache)
        np.testing.assert_array_equal(f.x, cache["X"][0])
        np.testing.assert_allclose(f.h, f.x @ f.W_in, rtol=1e-12, atol=1e-15)  # h = W^T x, literally
        np.testing.assert_allclose(f.probs, cache["P"][0], rtol=1e-12)
        np.testing.assert_allclose(f.scores, cache["H"][0] @ f.W_out.T, rtol=1e-12)  # z = W'^T h
        np.testing.assert_array_equal(f.units, np.arange(V))
        assert math.isclose(f.loss, loss, rel_tol=1e-12) and math.isclose(f.loss, -np.log(f.probs[f.target]))
        np.testing.assert_allclose(f.dW_in, dW_in, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(f.dW_out, dW_out, rtol=1e-10, atol=1e-14)


def test_the_first_step_is_pinned_by_hand(runs):
    """W_out starts at zero (the C tool's init): uniform probabilities, loss log V, no gradient for W_in."""
    f = runs["skipgram", "softmax"].frames[0]
    V = len(f.x)
    np.testing.assert_allclose(f.probs, np.full(V, 1 / V))
    assert V == 9 and math.isclose(f.loss, math.log(V))
    assert not f.dW_in.any() and not f.dh.any()
    expected = np.outer(1 / V - (np.arange(V) == f.target), f.h)  # dL/du_w = (p_w - y_w) h
    np.testing.assert_allclose(f.dW_out, expected, atol=1e-15)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_hs_and_ns_probabilities_give_the_objectives_loss(runs, arch):
    hs = runs[arch, "hs"]
    for f in hs.frames[::41]:
        _, cache = hs.objective.forward(f.W_out, f.h[None, :], [f.target])
        np.testing.assert_allclose(f.scores, cache.z, rtol=1e-12)  # the scores shown are the objective's
        tree = hs.objective.tree
        np.testing.assert_array_equal(f.units, tree.points[f.target, : tree.lengths[f.target]])
        assert math.isclose(np.prod(f.probs), f.word_probs[f.target], rel_tol=1e-12)
        assert math.isclose(-np.log(f.probs).sum(), f.loss, rel_tol=1e-12)
        assert math.isclose(f.word_probs.sum(), 1.0)
    ns = runs[arch, "ns"]
    for f in ns.frames[::41]:
        _, cache = ns.objective.forward(f.W_out, f.h[None, :], [f.target], f.negatives[None, :])
        np.testing.assert_allclose(f.scores, np.concatenate([cache.z_o, cache.z_neg[0]]), rtol=1e-12)
        np.testing.assert_array_equal(f.units, np.concatenate([[f.target], f.negatives]))
        assert f.word_probs is None and len(f.negatives) == ns.config.negative
        expected = -np.log(f.probs[0]) - np.log(1 - f.probs[1:]).sum()
        assert math.isclose(expected, f.loss, rel_tol=1e-9)


def test_skipgram_dh_is_the_input_rows_gradient(runs):
    for objective in ("softmax", "hs", "ns"):
        for f in runs["skipgram", objective].frames[5::50]:
            np.testing.assert_array_equal(f.dW_in[f.inputs[0]], f.dh)
            assert np.count_nonzero(np.abs(f.dW_in).sum(axis=1)) <= 1


def test_the_projection_follows_the_frames(runs):
    s = runs["skipgram", "ns"]
    coords, explained = project_2d(s.frames)
    V, n_out = len(s.words), s.W_out.shape[0]
    assert coords.shape == (s.n_steps + 1, V + n_out, 2) and 0 < explained.sum() <= 1
    step = np.linalg.norm(np.diff(coords, axis=0), axis=2)  # (T, V + n_out) how far each point moved
    for t in (0, 10, 200):
        f = s.frames[t]
        touched = np.concatenate([np.any(f.W_in_after != f.W_in, axis=1), np.any(f.W_out_after != f.W_out, axis=1)])
        assert np.all(step[t][~touched] < 1e-12) and np.any(step[t][touched] > 0)


def test_mistakes_are_one_clear_error(toy):
    with pytest.raises(ConfigError, match="between 2 and"):
        toy_corpus(["echo echo echo"])
    with pytest.raises(ConfigError, match="list of sentences"):
        toy_corpus("we drink milk")
    with pytest.raises(ConfigError, match="unknown setting"):
        toy_config(dimension=3)
    with pytest.raises(ConfigError, match="alpha"):
        toy_config(alpha=-1.0)
    with pytest.raises(ConfigError, match="at least one frame"):
        project_2d([])
    s = Stepper(*toy, toy_config(epochs=1))
    s.run()
    with pytest.raises(ConfigError, match="run is over"):
        s.step()


def test_the_widget_steps_through_the_frames_headlessly(monkeypatch):
    pytest.importorskip("ipywidgets")
    from word2vec_np.teach import widgets

    monkeypatch.setattr(widgets, "display", lambda *a, **k: None)
    ts = widgets.TrainingStepper(draw=False)
    assert ts.slider.max == ts.stepper.n_steps == len(ts.stepper.frames)
    ts.forward.click()
    ts.forward.click()
    assert ts.slider.value == 3 and ts.frame is ts.stepper.frames[2]
    ts.back.click()
    assert ts.frame is ts.stepper.frames[1]
    ts.objective.value = "hs"
    assert ts.stepper.config.objective == "hs" and ts.frame is ts.stepper.frames[0]
    ts.arch.value = "cbow"
    assert ts.stepper.config.arch == "cbow" and ts.slider.max == ts.stepper.n_steps
    ts.go(10**6)
    assert ts.frame is ts.stepper.frames[-1]
    s = Stepper(*toy_corpus(), toy_config("cbow", "hs"))  # the widget's run is the stepper's
    s.run()
    assert np.array_equal(ts.frame.W_in_after, s.W_in)
    ts.draw = True
    ts.back.click()
    assert ts.figure is not None and ts.title.startswith(f"step {ts.stepper.n_steps - 1} of {ts.stepper.n_steps} ")


def test_float32_follows_the_trainer_s_default_dtype(toy):
    config = toy_config("cbow", "hs", epochs=3)
    s = Stepper(*toy, config, dtype=np.float32)
    s.run()
    W_in, W_out, _ = train_arrays(*toy, config)  # float32, the trainer's default
    assert s.W_in.dtype == np.float32 and s.frames[0].probs.dtype == np.float32
    assert np.array_equal(s.W_in, W_in) and np.array_equal(s.W_out, W_out)


def test_a_corpus_without_a_pair_is_a_run_of_no_step():
    s = Stepper(*toy_corpus(["we", "drink", "we"]), toy_config())  # one-word sentences: no window has a context
    assert s.n_steps == 0 and s.done and s.run() == [] and s.W_in.shape == (2, 5) and not s.W_out.any()


def _same(a: Frame, b: Frame) -> bool:
    """Every field of two frames equal, bit for bit."""
    for field in fields(Frame):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if (x is None or y is None) and x is not y:
            return False
        if x is not None and not np.array_equal(x, y):
            return False
    return True


@pytest.mark.parametrize("arch, objective", COMBINATIONS)
def test_continuing_with_the_same_rate_is_the_uninterrupted_run(runs, toy, arch, objective):
    whole = runs[arch, objective]
    s = Stepper(*toy, toy_config(arch, objective))
    s.run(150)
    s.change_rate(0.2)  # the rate the run has, from the next step (150) on
    assert s.rate_changes == [(150, 0.2)] and len(s.frames) == 150
    s.run()
    assert len(s.frames) == whole.n_steps and all(_same(a, b) for a, b in zip(s.frames, whole.frames, strict=True))
    assert np.array_equal(s.W_in, whole.W_in) and np.array_equal(s.W_out, whole.W_out)


def test_a_new_rate_from_step_0_is_a_run_with_that_rate(toy):
    s = Stepper(*toy, toy_config("cbow", "ns"))
    s.change_rate(0.05, at=0)
    s.run()
    t = Stepper(*toy, toy_config("cbow", "ns", alpha=0.05))
    t.run()
    assert all(_same(a, b) for a, b in zip(s.frames, t.frames, strict=True))


@pytest.mark.parametrize("arch, objective", [("skipgram", "ns"), ("cbow", "hs"), ("skipgram", "softmax")])
def test_a_new_rate_changes_the_run_from_its_step_on(runs, toy, arch, objective):
    whole = runs[arch, objective]
    s = Stepper(*toy, toy_config(arch, objective))
    s.run(200)
    taken = list(s.frames)
    s.change_rate(0.05, at=120)  # back to step 120: the steps taken from there are taken again
    assert s.frames == taken[:120] and s.W_in is taken[119].W_in_after  # the steps before stay, as they were
    s.run()
    new, old = s.frames, whole.frames
    assert len(new) == len(old) and all(_same(a, b) for a, b in zip(new[:120], old[:120], strict=True))
    assert {f.lr for f in new[:120]} == {0.2} and {f.lr for f in new[120:]} == {0.05}
    for a, b in zip(new[120:], old[120:], strict=True):  # the same examples and negatives, drawn once
        assert a.step == b.step and a.epoch == b.epoch and a.target == b.target
        assert np.array_equal(a.inputs, b.inputs) and np.array_equal(a.negatives, b.negatives)
    first = new[120]  # before its update it is the old step; its update uses the new rate
    for name in ("W_in", "W_out", "h", "loss", "dh", "dW_in", "dW_out", "probs"):
        assert np.array_equal(getattr(first, name), getattr(old[120], name))
    for f in new[120::40]:
        np.testing.assert_allclose(f.W_out_after - f.W_out, -0.05 * f.dW_out, atol=1e-15)
        np.testing.assert_allclose(f.W_in_after - f.W_in, -0.05 * f.dW_in, atol=1e-15)
    assert not np.array_equal(first.W_out_after, old[120].W_out_after)
    assert not np.array_equal(new[121].W_out, old[121].W_out) and not np.array_equal(s.W_in, whole.W_in)


def test_a_later_rate_change_is_replaced_by_an_earlier_one(toy):
    s = Stepper(*toy, toy_config())
    s.change_rate(0.1, at=300)
    s.change_rate(0.05, at=100)
    s.run()
    assert s.rate_changes == [(100, 0.05)] and {f.lr for f in s.frames[100:]} == {0.05}
    s.change_rate(0.4, at=s.n_steps)  # the run is over: nothing left to train again
    assert s.rate_changes == [(100, 0.05), (s.n_steps, 0.4)] and s.frames[-1].lr == 0.05


def test_a_wrong_rate_or_step_is_one_clear_error(toy):
    s = Stepper(*toy, toy_config(epochs=1))
    for lr in (0, -0.1, float("nan"), float("inf"), "0.1", None):
        with pytest.raises(ConfigError, match="learning rate must be a positive number"):
            s.change_rate(lr)
    for at in (-1, s.n_steps + 1, 1.5):
        with pytest.raises(ConfigError, match=f"from 0 to {s.n_steps}"):
            s.change_rate(0.1, at=at)
    assert s.rate_changes == [] and s.frames == []


def test_the_live_view_continues_with_a_new_rate_from_the_step_shown(monkeypatch, toy):
    pytest.importorskip("ipywidgets")
    from word2vec_np.teach import widgets

    monkeypatch.setattr(widgets, "display", lambda *a, **k: None)
    ts = widgets.TrainingStepper(draw=False)
    assert ts.rates.value.startswith("learning rate 0.2 from step 1 ") and "train again" in ts.message.value
    before = ts.stepper.frames
    ts.go(120)  # steps 1..120 on screen
    ts.alpha.value = 0.05
    frames = ts.stepper.frames
    assert ts.slider.value == 120 and ts.frame is frames[119] and len(frames) == ts.stepper.n_steps
    assert all(_same(a, b) for a, b in zip(frames[:120], before[:120], strict=True))
    assert {f.lr for f in frames[:120]} == {0.2} and {f.lr for f in frames[120:]} == {0.05}
    assert ts.rates.value.startswith("learning rate 0.2 from step 1, 0.05 from step 121 ")
    s = Stepper(*toy, toy_config())
    s.change_rate(0.05, at=120)
    s.run()
    assert np.array_equal(ts.stepper.W_in, s.W_in) and np.array_equal(ts.coords, project_2d(s.frames)[0])
    ts.forward.click()
    assert ts.frame.lr == 0.05 and ts.frame.step == 120
    shown = ts.stepper
    ts.alpha.value = 10.0  # overflows: one line, and the run shown stays
    assert "overflow" in ts.rates.value and ts.stepper is shown
    ts.go(10**6)
    ts.alpha.value = 0.1
    assert "the run is over" in ts.rates.value and ts.stepper is shown
    ts.retrain.click()  # a new run from step 1, with the rate in the box
    assert ts.stepper.rate_changes == [] and ts.stepper.config.alpha == 0.1 and ts.slider.value == 1
    assert ts.rates.value.startswith("learning rate 0.1 from step 1 ")
