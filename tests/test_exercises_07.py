"""Lesson 07's exercises: reference functions against Keras or a brute-force twin, right answers
accepted, typical mistakes named, and the notebook's prompts in step with the module (no training)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_07

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_autoencoder.ipynb"


# ------------------------------------------------------------------------ 07.1 count the stamps


def test_07_1_stamp_counts_match_keras_conv_transpose() -> None:
    """A transposed convolution of ones by a kernel of ones counts the stamps; its length is Keras's output size."""
    import keras

    for n, kernel, stride in ((2, 3, 2), (7, 4, 2), (7, 3, 2), (5, 3, 1), (3, 5, 3), (1, 3, 2), (6, 2, 2)):
        layer = keras.layers.Conv1DTranspose(1, kernel, strides=stride, padding="valid", use_bias=False)
        layer.build((None, n, 1))
        layer.set_weights([np.ones((kernel, 1, 1), dtype="float32")])
        counts = keras.ops.convert_to_numpy(layer(np.ones((1, n, 1), dtype="float32")))[0, :, 0]
        np.testing.assert_array_equal(counts, lesson_07.stamp_counts(n, kernel, stride))
        assert len(counts) == lesson_07.transposed_conv_output_size(n, kernel, stride)
    out = keras.layers.Conv2DTranspose(1, 4, strides=2, padding="valid")(np.zeros((1, 7, 7, 1), dtype="float32"))
    assert out.shape[1] == lesson_07.transposed_conv_output_size(7, 4, 2) == 16
    with pytest.raises(ValueError):
        lesson_07.transposed_conv_output_size(3, 1, 2)


def test_07_1_right_answers_pass() -> None:
    def vectorised(n, kernel, stride):  # every stamp's pixels at once, counted with np.bincount
        starts = stride * np.arange(n)
        return np.bincount((starts[:, None] + np.arange(kernel)).ravel())

    assert check.is_correct("07.1", lesson_07.stamp_counts)
    assert check.is_correct("07.1", vectorised)


def test_07_1_the_prompts_example_is_the_reference() -> None:
    prompt = next(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if "Exercise 07.1 ·" in c.source)
    shown = lesson_07.stamp_counts(2, 3, 2).tolist()
    assert f"`stamp_counts(2, 3, 2)` is `{shown}`" in prompt


@pytest.mark.parametrize(
    ("length", "hint"),
    [(10, "padding='same'"), (13, "not at n * stride"), (8, "where the last stamp starts"), (7, "i * stride")],
)
def test_07_1_wrong_output_sizes_get_the_old_targeted_hints(length: int, hint: str) -> None:
    assert hint in _hint("07.1", lambda n, kernel, stride: np.ones(length if (n, kernel, stride) == (5, 3, 2) else 1))


@pytest.mark.parametrize(
    ("slip", "hint"),
    [
        ("set", "+="),
        ("stride", "not stride"),
        ("short", "one pixel short"),
    ],
)
def test_07_1_slips_get_targeted_hints(slip: str, hint: str) -> None:
    def counts(n, kernel, stride):
        out = np.zeros((n - 1) * stride + kernel, dtype=int)
        for i in range(n):
            end = i * stride + {"set": kernel, "stride": stride, "short": kernel - 1}[slip]
            if slip == "set":
                out[i * stride : end] = 1
            else:
                out[i * stride : end] += 1
        return out

    assert hint in _hint("07.1", counts)


def test_07_1_regression_strings_and_bare_sizes_are_refused() -> None:
    """The old 07.1 read answers with float(), so the string "16" passed as the number 16."""
    assert "expected a function" in _hint("07.1", "16")
    assert "expected a function" in _hint("07.1", 16)
    assert "not a single number" in _hint("07.1", lambda n, kernel, stride: (n - 1) * stride + kernel)
    assert "got a string" in _hint("07.1", lambda n, kernel, stride: str((n - 1) * stride + kernel))


# ------------------------------------------------------------------------ 07.2 predict: an unseen 1


def test_07_2_observed_option_follows_the_measured_auc() -> None:
    low, high = lesson_07.AUC_BAND_07_2
    assert [lesson_07.option_07_2(a) for a in (0.31, low, 0.5, high, 0.87)] == ["c", "b", "b", "b", "a"]
    options = check.all_exercises()["07.2"].options
    assert f"below {low}" in options["c"] and f"above {high}" in options["a"]


def test_07_2_reveal_says_when_this_run_differs(capsys: pytest.CaptureFixture[str]) -> None:
    check.predict("07.2", "c")
    check.reveal("07.2", lesson_07.option_07_2(0.31))
    assert "You predicted (c): correct!" in capsys.readouterr().out
    check.predict("07.2", "c")
    check.reveal("07.2", lesson_07.option_07_2(0.5))
    out = capsys.readouterr().out
    assert "not this time" in out and "this run differs" in out and "thin stroke" in out


# ------------------------------------------------------------------------ 07.3 the threshold


def test_07_3_every_quantile_rule_that_flags_the_rate_passes() -> None:
    def sort_and_index(errors, rate):  # a common hand-made rule, one example off the quantile
        return np.sort(errors)[int((1 - rate) * len(errors))]

    assert check.is_correct("07.3", lesson_07.threshold_for)
    assert check.is_correct("07.3", sort_and_index)
    assert check.is_correct("07.3", lambda errors, rate: np.array([np.quantile(errors, 1 - rate)]))
    assert lesson_07.false_alarm_rate(np.arange(100), 94.5) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda errors, rate: np.quantile(errors, rate), "(1 - rate) quantile"),
        (lambda errors, rate: np.percentile(errors, 1 - rate), "percentage"),
        (lambda errors, rate: np.mean(errors) + 2 * np.std(errors), "does not depend on `rate`"),
        (lambda errors, rate: np.max(errors), "it should flag"),
    ],
)
def test_07_3_typical_mistakes_get_targeted_hints(wrong, hint: str) -> None:
    assert hint in _hint("07.3", wrong)


def test_07_3_regression_a_threshold_given_as_a_string_is_refused() -> None:
    """The old 07.3 converted the threshold with float(), so a string such as "0.05" passed."""
    assert "remove the quotes" in _hint("07.3", lambda errors, rate: str(np.quantile(errors, 1 - rate)))
    assert "not answered yet" in check.feedback("07.3", lambda errors, rate: None)


# ------------------------------------------------------------------------ 07.4 the KL term


def test_07_4_gaussian_kl_matches_monte_carlo() -> None:
    rng = np.random.default_rng(0)
    mu, log_var = np.array([[0.7, -0.3]]), np.array([[0.4, -0.6]])
    sigma = np.exp(0.5 * log_var)
    z = mu + sigma * rng.normal(size=(200_000, 2))
    log_q = -0.5 * (((z - mu) / sigma) ** 2 + np.log(2 * np.pi) + log_var)
    log_p = -0.5 * (z**2 + np.log(2 * np.pi))
    monte_carlo = np.mean(np.sum(log_q - log_p, axis=1))
    assert lesson_07.gaussian_kl(mu, log_var)[0] == pytest.approx(monte_carlo, abs=0.01)
    assert lesson_07.gaussian_kl(np.zeros((4, 3)), np.zeros((4, 3))).tolist() == [0.0] * 4


def test_07_4_the_notebooks_keras_formula_passes() -> None:
    import keras

    def keras_kl(mu, log_var):  # the VAE's own line, in keras.ops
        ops = keras.ops
        return ops.convert_to_numpy(-0.5 * ops.sum(1 + log_var - ops.square(mu) - ops.exp(log_var), axis=1))

    assert check.is_correct("07.4", keras_kl)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda m, v: -0.5 * np.sum(1 + v - m**2 - np.exp(0.5 * v), axis=-1), "standard deviation"),
        (lambda m, v: -lesson_07.gaussian_kl(m, v), "never negative"),
        (lambda m, v: 0.5 * np.sum(m**2 + np.exp(v) - 1 - v, axis=0), "not over the batch"),
        (lambda m, v: 0.5 * np.mean(m**2 + np.exp(v) - 1 - v, axis=-1), "do not average"),
        (lambda m, v: np.sum(m**2 + np.exp(v) - 1 - v, axis=-1), "factor 1/2"),
        (lambda m, v: 0.5 * np.sum(m**2 + np.exp(v) - v, axis=-1), "must be 0"),
        (lambda m, v: np.sum(lesson_07.gaussian_kl(m, v)), "shape"),
    ],
)
def test_07_4_typical_mistakes_get_targeted_hints(wrong, hint: str) -> None:
    assert hint in _hint("07.4", wrong)


# ------------------------------------------------------------------------ 07.5 reparameterisation


def test_07_5_reparameterize_draws_from_the_encoders_gaussian() -> None:
    rng = np.random.default_rng(0)
    mu, log_var = np.array([1.0, -2.0]), np.log(np.array([1.0, 0.25]))
    z = lesson_07.reparameterize(mu, log_var, rng.standard_normal((100_000, 2)))
    np.testing.assert_allclose(z.mean(axis=0), mu, atol=0.01)
    np.testing.assert_allclose(z.std(axis=0), np.exp(log_var / 2), atol=0.01)


def test_07_5_reparameterize_matches_the_sampling_layers_formula_and_gradient() -> None:
    import tensorflow as tf

    rng = np.random.default_rng(1)
    mu, log_var, eps = (rng.normal(size=(3, 4)) for _ in range(3))
    mu_t, log_var_t = tf.Variable(mu), tf.Variable(log_var)
    with tf.GradientTape(persistent=True) as tape:
        z = mu_t + tf.exp(0.5 * log_var_t) * eps  # the notebook's Sampling layer, with eps given
    np.testing.assert_allclose(z.numpy(), lesson_07.reparameterize(mu, log_var, eps), rtol=1e-12)
    np.testing.assert_allclose(tape.gradient(z, mu_t).numpy(), 1.0)
    sigma = np.exp(0.5 * log_var)
    np.testing.assert_allclose(tape.gradient(z, log_var_t).numpy(), 0.5 * sigma * eps, rtol=1e-12)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda mu, log_var, eps: mu + np.exp(log_var) * eps, "not the standard deviation"),
        (lambda mu, log_var, eps: mu + np.sqrt(np.exp(log_var)) ** 2 * eps, "square root"),
        (lambda mu, log_var, eps: mu + log_var * eps, "undo the log"),
        (lambda mu, log_var, eps: mu + np.exp(log_var / 2), "multiply sigma by the noise"),
        (lambda mu, log_var, eps: mu, "ignores the noise"),
        (lambda mu, log_var, eps: mu + np.exp(log_var / 2) * np.random.standard_normal(mu.shape), "eps you are given"),
    ],
)
def test_07_5_typical_mistakes_get_targeted_hints(wrong, hint: str) -> None:
    assert hint in _hint("07.5", wrong)


# ------------------------------------------------------------------------ the notebook


def test_notebook_prompts_headed_and_predictions_before_their_experiment() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    headings = re.findall(r"^### Exercise (07\.\d) · \S", "\n".join(c.source for c in cells), flags=re.M)
    assert headings == sorted(i for i in check.all_exercises() if i.startswith("07."))
    code = [c.source for c in cells if c.cell_type == "code"]
    predict = next(i for i, s in enumerate(code) if 'check.predict("07.2"' in s)
    reveal = next(i for i, s in enumerate(code) if 'check.reveal("07.2"' in s)
    training = next(i for i, s in enumerate(code) if "HELD_OUT_DIGITS = " in s)
    per_digit = next(i for i, s in enumerate(code) if "per_digit = " in s)
    assert predict < per_digit < training < reveal, "predict before the experiment, reveal after it"
