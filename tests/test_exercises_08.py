"""Lesson 08's exercises: reference functions against their TensorFlow/Keras twins, right answers
accepted, typical mistakes named, and the notebook in step with the module (no training)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_08

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "08_deployment.ipynb"


# ------------------------------------------------------------------------ 08.1 affine int8


def test_08_1_reference_and_equivalent_answers_pass() -> None:
    assert check.is_correct("08.1", lesson_08.quantize_int8)

    def with_rint(x, scale, zero_point):  # another rounding call, an int64 result
        return np.clip(np.rint(x / scale + zero_point), -128, 127).astype(np.int64)

    def as_floats(x, scale, zero_point):  # whole numbers, left as floats
        return np.clip(np.round(x / scale) + zero_point, -128, 127)

    assert check.is_correct("08.1", with_rint)
    assert check.is_correct("08.1", as_floats)


def test_08_1_round_trip_matches_tensorflows_fake_quantisation() -> None:
    """tf.quantization.fake_quant_with_min_max_args quantises to 8 bits and back, with the zero point
    nudged to a whole number: the same affine scheme as affine_params and quantize_int8."""
    import tensorflow as tf

    x = np.random.default_rng(0).uniform(-1.2, 1.8, size=1000).astype(np.float32)
    for low, high in ((-0.7, 1.3), (-1.0, 0.25), (0.0, 1.0)):
        scale, zero_point = lesson_08.affine_params(low, high)
        mine = lesson_08.dequantize_int8(lesson_08.quantize_int8(x, scale, zero_point), scale, zero_point)
        theirs = tf.quantization.fake_quant_with_min_max_args(x, min=low, max=high, num_bits=8).numpy()
        np.testing.assert_allclose(mine, theirs, atol=1e-6)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda x, s, z: np.round(x / s).astype(np.int64) + z, "clipped"),
        (lambda x, s, z: np.clip((np.round(x / s) + z).astype(np.int8), -128, 127), "wraps"),
        (lambda x, s, z: np.minimum(np.round(x / s) + z, 127), "both ends"),
        (lambda x, s, z: np.clip(np.round(x / s) + z, 0, 255), "uint8"),
        (lambda x, s, z: np.clip(np.round(x / s) - z, -128, 127), "not subtracted"),
        (lambda x, s, z: np.clip(np.round(x / s), -128, 127), "add the zero point"),
        (lambda x, s, z: np.clip((x / s).astype(np.int64) + z, -128, 127), "truncate"),
        (lambda x, s, z: np.clip(np.floor(x / s) + z, -128, 127), "np.floor"),
        (lambda x, s, z: np.clip(np.round(x * s) + z, -128, 127), "divide by the scale"),
        (lambda x, s, z: np.clip(x / s + z, -128, 127), "whole numbers"),
    ],
)
def test_08_1_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    assert hint in _hint("08.1", wrong)


def test_08_1_crashes_and_strings_get_a_message() -> None:
    assert "raised TypeError" in _hint("08.1", lambda x, s, z: round(x / s) + z)
    assert "got a string" in _hint("08.1", lambda x, s, z: "3")
    assert "not answered yet" in check.feedback("08.1", lambda x, s, z: None)


def test_affine_params_and_round_trip() -> None:
    scale, zero_point = lesson_08.affine_params(-0.5, 1.5)
    assert np.isclose(scale, 2.0 / 255) and zero_point == -128 + round(0.5 / scale)
    assert lesson_08.affine_params(0.2, 1.0)[1] == -128  # the range is widened to contain 0
    x = np.linspace(-0.5, 1.5, 101)
    back = lesson_08.dequantize_int8(lesson_08.quantize_int8(x, scale, zero_point), scale, zero_point)
    assert np.max(np.abs(back - x)) <= scale / 2 + 1e-12
    zero = lesson_08.quantize_int8(np.zeros(1), scale, zero_point)
    assert lesson_08.dequantize_int8(zero, scale, zero_point)[0] == 0.0
    with pytest.raises(ValueError, match="positive width"):
        lesson_08.affine_params(0.0, 0.0)


# ------------------------------------------------------------------------ 08.2 predict: pruning speed


def test_08_2_observed_option_follows_the_measured_speedup() -> None:
    low, high = lesson_08.SPEEDUP_BANDS_08_2
    dense = 0.04
    speedups = (0.8, 1.0, low - 0.01, low, high - 0.01, high, 5.0)
    assert [lesson_08.option_08_2(dense, dense / s) for s in speedups] == ["c", "c", "c", "b", "b", "a", "a"]
    options = check.all_exercises()["08.2"].options
    assert f"less than {low:g}x" in options["c"] and f"{high:g}x faster or more" in options["a"]


def test_08_2_reveal_says_when_this_run_differs(capsys: pytest.CaptureFixture[str]) -> None:
    check.predict("08.2", "a")
    check.reveal("08.2", lesson_08.option_08_2(0.0383, 0.0382))  # the committed full run
    out = capsys.readouterr().out
    assert "shows (c)" in out and "not this time" in out and "dense kernels" in out
    check.predict("08.2", "c")
    check.reveal("08.2", lesson_08.option_08_2(0.06, 0.03))  # a noisy run
    out = capsys.readouterr().out
    assert "shows (b)" in out and "this run differs" in out


# ------------------------------------------------------------------------ 08.3 distillation


def test_08_3_distillation_loss_matches_keras_kl_divergence() -> None:
    import keras

    rng = np.random.default_rng(0)
    for temperature in (1.0, 2.0, 4.0):
        teacher, student = 3 * rng.normal(size=(5, 10)), 2 * rng.normal(size=(5, 10))
        p = keras.ops.softmax(teacher / temperature)
        q = keras.ops.softmax(student / temperature)
        keras_value = temperature**2 * float(keras.losses.KLDivergence()(p, q))
        assert lesson_08.distillation_loss(teacher, student, temperature) == pytest.approx(keras_value, rel=1e-5)


def test_08_3_reference_and_equivalent_answers_pass() -> None:
    assert check.is_correct("08.3", lesson_08.distillation_loss)

    def with_scipy_style(teacher, student, temperature):  # softmax written out, returned as an array
        p = np.exp(teacher / temperature)
        p /= p.sum(axis=1, keepdims=True)
        q = np.exp(student / temperature)
        q /= q.sum(axis=1, keepdims=True)
        return np.array(temperature**2 * np.mean(np.sum(p * np.log(p / q), axis=1)))

    assert check.is_correct("08.3", with_scipy_style)


def test_08_3_typical_mistakes_get_targeted_hints() -> None:
    loss = lesson_08.distillation_loss

    def per_example(t, s, temp):
        return np.array([loss(t[i : i + 1], s[i : i + 1], temp) for i in range(len(t))])

    assert "multiply by T^2" in _hint("08.3", lambda t, s, temp: loss(t, s, temp) / temp**2)
    assert "not T" in _hint("08.3", lambda t, s, temp: loss(t, s, temp) / temp)
    assert "not the other way round" in _hint("08.3", lambda t, s, temp: loss(s, t, temp))
    assert "do not sum" in _hint("08.3", lambda t, s, temp: len(t) * loss(t, s, temp))
    assert "temperature you are given" in _hint("08.3", lambda t, s, temp: 16 * loss(t, s, temp) / temp**2)
    assert "average the per-example terms" in _hint("08.3", per_example)
    assert "student's logits by T" in _hint("08.3", lambda t, s, temp: loss(t * 1.0, s * temp, temp))
    assert "cross-entropy" in _hint("08.3", lambda t, s, temp: loss(t, s, temp) + temp**2 * _teacher_entropy(t / temp))


def _teacher_entropy(z: np.ndarray) -> float:
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return float(np.mean(-np.sum(p * np.log(p), axis=1)))


def test_distillation_loss_properties() -> None:
    rng = np.random.default_rng(0)
    teacher, student = rng.normal(size=(4, 10)), rng.normal(size=(4, 10))
    assert lesson_08.distillation_loss(teacher, teacher, 3.0) == pytest.approx(0.0, abs=1e-12)
    assert lesson_08.distillation_loss(teacher, student, 3.0) > 0
    # shifting the logits by a constant per row changes neither softmax
    assert lesson_08.distillation_loss(teacher + 5.0, student - 2.0, 3.0) == pytest.approx(
        lesson_08.distillation_loss(teacher, student, 3.0)
    )


# ------------------------------------------------------------------------ the notebook


def test_notebook_prompts_headed_and_the_prediction_before_its_experiment() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    headings = re.findall(r"^### Exercise (08\.\d) · \S", "\n".join(c.source for c in cells), flags=re.M)
    assert headings == sorted(i for i in check.all_exercises() if i.startswith("08."))
    code = [c.source for c in cells if c.cell_type == "code"]
    predict = next(i for i, s in enumerate(code) if 'check.predict("08.2"' in s)
    measure = next(i for i, s in enumerate(code) if "pruning_table = " in s)
    reveal = next(i for i, s in enumerate(code) if 'check.reveal("08.2"' in s)
    assert predict < measure < reveal, "predict before the experiment, reveal after it"
    prose_before = "\n".join(c.source for c in cells[: [c.source for c in cells].index(code[predict])])
    assert "multiplies by zero as fast" not in prose_before, "the prose must not answer the prediction before it"
