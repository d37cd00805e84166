"""Lesson 04's exercises beyond the generic rules: references against Keras, the hints of the usual
slips, the regressions of issue #10, and the notebook's prompts against the module's data (no training)."""

from __future__ import annotations

import math
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from _exercise_tools import hint as _hint

from course_lib import check
from course_lib.exercises import lesson_04

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_rnn_lstm.ipynb"


def _cells() -> list:
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _prompt(exercise_id: str) -> str:
    return next(
        c.source for c in _cells() if c.cell_type == "markdown" and c.source.startswith(f"### Exercise {exercise_id}")
    )


# ---------------------------------------------------------------- 04.1: the vanishing bound


def test_04_1_accepts_the_rounded_answers_it_invites() -> None:  # issue #10: (then 04.2) it rejected 0.005
    for answer in (0.005, 0.0052, 0.00515, 0.9**50):
        assert check.is_correct("04.1", answer), answer
    assert not check.is_correct("04.1", 0.0) and not check.is_correct("04.1", 0.01)
    assert "3 decimals" in _prompt("04.1")
    data = check.given("04.1")
    assert f"$u = {data['u']}$" in _prompt("04.1") and f"after {data['steps']} steps" in _prompt("04.1")


def test_04_1_refuses_strings_and_hints() -> None:  # issue #10: strings such as "16640" passed as numbers
    assert "remove the quotes" in _hint("04.1", "0.005")
    assert "multiplies" in _hint("04.1", 45)
    assert "one step" in _hint("04.1", 0.9)
    assert "weaker" in _hint("04.1", 194)
    assert "not 0" in _hint("04.1", 0)


# ---------------------------------------------------------------- 04.2: one GRU step


def _keras_gru_step(x_t, h, kernel, recurrent_kernel, bias):
    cell = keras.layers.GRUCell(h.shape[1])  # reset_after=True, Keras's default
    cell.build((None, x_t.shape[1]))
    cell.set_weights([w.astype("float32") for w in (kernel, recurrent_kernel, bias)])
    new_h, _ = cell(x_t.astype("float32"), [h.astype("float32")])
    return keras.ops.convert_to_numpy(new_h)


@pytest.mark.parametrize("case", range(len(lesson_04._GRU_CASES)))
def test_gru_step_reference_and_gate_version_match_keras_gru_cell(case: int) -> None:
    args = lesson_04._GRU_CASES[case]
    expected = _keras_gru_step(*args)
    np.testing.assert_allclose(lesson_04.gru_step(*args), expected, atol=1e-5)
    np.testing.assert_allclose(lesson_04._gru_by_gates(*args), expected, atol=1e-5)


def test_gru_step_over_a_sequence_matches_the_keras_gru_layer() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 6, 3)).astype("float32")
    layer = keras.layers.GRU(4, return_sequences=True)
    layer.build((None, 6, 3))
    weights = [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    h, states = np.zeros((2, 4)), []
    for t in range(6):
        h = lesson_04.gru_step(x[:, t], h, *weights)
        states.append(h)
    np.testing.assert_allclose(np.stack(states, axis=1), keras.ops.convert_to_numpy(layer(x)), atol=1e-5)


def test_04_2_names_every_typical_slip() -> None:
    for hint, slip in lesson_04._GRU_VARIANTS.items():
        assert _hint("04.2", slip).endswith(hint)


def test_04_2_reset_before_is_keras_reset_after_false() -> None:
    """The hint about reset_after=False describes what Keras computes with that setting."""
    x_t, h, kernel, recurrent_kernel, bias = lesson_04._GRU_CASES[0]
    cell = keras.layers.GRUCell(h.shape[1], reset_after=False)
    cell.build((None, x_t.shape[1]))
    cell.set_weights([kernel, recurrent_kernel, bias[0]])
    expected = keras.ops.convert_to_numpy(cell(x_t.astype("float32"), [h.astype("float32")])[0])
    slip = lesson_04._gru_slip(reset_before=True)
    np.testing.assert_allclose(slip(x_t, h, kernel, recurrent_kernel, bias * [[1], [0]]), expected, atol=1e-5)


def test_gru_step_refuses_bad_shapes() -> None:
    with pytest.raises(ValueError, match="recurrent_kernel"):
        lesson_04.gru_step(np.zeros((1, 2)), np.zeros((1, 3)), np.zeros((2, 9)), np.zeros((3, 9)), np.zeros(9))


# ---------------------------------------------------------------- 04.3: the unigram entropy


def test_04_3_accepts_the_value_its_solution_prints() -> None:  # issue #10: (then 04.4) it rejected 2.76
    assert check.is_correct("04.3", 2.76) and check.is_correct("04.3", 2.755) and check.is_correct("04.3", 2.75)
    assert "2.76" in check.all_exercises()["04.3"].solution
    assert not check.is_correct("04.3", 2.8) and not check.is_correct("04.3", "2.76")
    assert f'`"{check.given("04.3")["text"]}"`' in _prompt("04.3") and "2 decimals" in _prompt("04.3")


def test_04_3_hints_and_entropy() -> None:
    bits = lesson_04.unigram_bits_per_char(lesson_04.UNIGRAM_TEXT)
    assert "nats" in _hint("04.3", round(bits * math.log(2), 2))
    assert "spaces and the comma" in _hint("04.3", 2.41)
    assert "number of different characters" in _hint("04.3", 3.0)
    assert lesson_04.unigram_bits_per_char("aaaa") == 0.0
    assert math.isclose(lesson_04.unigram_bits_per_char("abab"), 1.0)


# ---------------------------------------------------------------- 04.4: bits per character


@pytest.mark.parametrize("case", range(len(lesson_04._BITS_CASES)))
def test_bits_per_char_matches_keras_cross_entropy_in_bits(case: int) -> None:
    probs, targets = lesson_04._BITS_CASES[case]
    nats = keras.ops.convert_to_numpy(keras.losses.sparse_categorical_crossentropy(targets, probs.astype("float64")))
    expected = float(np.mean(nats)) / math.log(2)
    assert math.isclose(lesson_04.bits_per_char(probs, targets), expected, rel_tol=1e-5, abs_tol=1e-6)
    assert math.isclose(lesson_04._bits_with_loop(probs, targets), expected, rel_tol=1e-5, abs_tol=1e-6)


def test_bits_per_char_landmarks() -> None:
    uniform = np.full((3, 84), 1 / 84)
    assert math.isclose(lesson_04.bits_per_char(uniform, [0, 5, 83]), math.log2(84))
    assert lesson_04.bits_per_char(np.eye(3), [0, 1, 2]) == 0.0
    with pytest.raises(ValueError, match="targets"):
        lesson_04.bits_per_char(uniform, [0, 1])


def test_04_4_names_every_typical_slip() -> None:
    for hint, slip in lesson_04._BITS_VARIANTS.items():
        assert _hint("04.4", slip).endswith(hint)
    assert "nats" in _hint("04.4", lambda p, t: lesson_04.bits_per_char(p, t) * math.log(2))


# ---------------------------------------------------------------- 04.5: the temperature by hand


def test_04_5_accepts_two_decimals_and_hints() -> None:
    assert check.is_correct("04.5", [0.87, 0.12, 0.02]) and check.is_correct("04.5", np.array([[0.867, 0.117, 0.016]]))
    assert "temperature 1" in _hint("04.5", [0.67, 0.24, 0.09])
    assert "multiplied" in _hint("04.5", [0.51, 0.31, 0.19])
    assert "add up to 1" in _hint("04.5", [0.9, 0.2, 0.1])
    assert "wrong order" in _hint("04.5", [0.02, 0.12, 0.87])
    assert "not strings" in _hint("04.5", ["0.87", "0.12", "0.02"])
    data = check.given("04.5")
    assert f"$\\tau = {data['temperature']}$" in _prompt("04.5")
    assert "$z = (" + ", ".join(f"{z:g}" for z in data["logits"]) + ")$" in _prompt("04.5")


def test_softmax_with_temperature() -> None:
    p = lesson_04.softmax_with_temperature([2.0, 1.0, 0.0], 0.5)
    np.testing.assert_allclose(p, np.exp([4, 2, 0]) / np.exp([4, 2, 0]).sum())
    np.testing.assert_allclose(lesson_04.softmax_with_temperature([1000.0, 0.0], 1.0), [1.0, 0.0])


# ---------------------------------------------------------------- 04.6: predict, then run


def test_04_6_notebook_samples_the_registered_temperatures() -> None:
    item = check.all_exercises()["04.6"]
    prompt = _prompt("04.6")
    for key, temperature in zip(item.options, lesson_04.SAMPLING_TEMPERATURES):
        assert item.options[key] == f"tau = {temperature}" and f"({key}) $\\tau = {temperature}$" in prompt
    code = "\n".join(c.source for c in _cells() if c.cell_type == "code")
    assert f"temperatures, prompt = {list(lesson_04.SAMPLING_TEMPERATURES)}" in code
    assert check.is_correct("04.6", "a") and not check.is_correct("04.6", "c")


def test_04_2_and_04_4_accept_float32_arithmetic() -> None:
    assert check.is_correct(
        "04.2", lambda *args: lesson_04.gru_step(*(a.astype(np.float32) for a in args)).astype(np.float32)
    )
    assert check.is_correct("04.4", lambda p, t: np.float32(lesson_04.bits_per_char(p.astype(np.float32), t)))


# ---------------------------------------------------------------- issue #8: claims the lesson backs


def test_issue_8_wording_matches_the_numbers() -> None:
    prose = "\n".join(c.source for c in _cells() if c.cell_type == "markdown")
    assert "half open" not in prose  # sigmoid(1) = 0.73: b_f = 1 leaves the forget gate about 73% open
    assert "\\sigma(1) \\approx 0.73" in prose and abs(1 / (1 + math.exp(-1)) - 0.73) < 0.005
    assert "average those two years" not in prose  # not shown for the networks; the ridge weights are shown
    assert "at least" in check.all_exercises()["04.1"].solution and "at most about 200" not in prose


def test_issue_8_the_lesson_uses_its_baselines() -> None:
    code = "\n".join(c.source for c in _cells() if c.cell_type == "code")
    for piece in (
        "Ridge(alpha=",
        "ngram_counts(train_ids",
        "clipnorm=clipnorm",
        "keras.layers.GRU(4",
        "stateful=stateful",
    ):
        assert piece in code, piece
    assert "reference_gru_step" in code  # the from-scratch GRU runs even before the exercise is solved
