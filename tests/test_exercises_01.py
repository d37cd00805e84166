"""Lesson 01's exercise checkers and the small formulas they rest on (no training)."""

from __future__ import annotations

from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from _exercise_tools import exercise_cells
from _exercise_tools import message as _hint

from course_lib import check
from course_lib.exercises import lesson_01

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_perceptron.ipynb"


def _exercise_cells(exercise_id: str) -> tuple[str, str]:
    return exercise_cells(NOTEBOOK, exercise_id)


# ---------------------------------------------------------------- 01.1


def test_01_1_matches_keras_and_accepts_the_stated_precision() -> None:
    data = check.given("01.1")
    z = np.float32(np.dot(data["w"], data["x"]) + data["b"])
    expected = float(keras.ops.convert_to_numpy(keras.activations.sigmoid(z)))
    assert check.all_exercises()["01.1"].reference == pytest.approx(expected, abs=1e-6)
    # issue #10: 0.622, the natural hand-worked answer, was rejected
    assert check.is_correct("01.1", 0.622)
    for answer in (0.6225, expected, np.float32(expected), np.array([[0.622]]), 0.623):
        assert check.is_correct("01.1", answer), answer


def test_01_1_hints_for_typical_mistakes() -> None:
    assert "weighted sum" in _hint("01.1", 0.5)  # z, not the output
    assert "step(z)" in _hint("01.1", 1)
    assert "bias" in _hint("01.1", float(lesson_01.sigmoid(1.0)))  # the bias forgotten
    assert "3 decimals" in _hint("01.1", 0.62)  # right, but coarser than the prompt asks
    assert "quotes" in _hint("01.1", "0.622")
    assert "not right yet" in _hint("01.1", 0.9)


def test_01_1_prompt_and_cell_use_the_module_numbers() -> None:
    prompt, code = _exercise_cells("01.1")
    data = check.given("01.1")
    assert "(0.5, -1.0, 2.0)" in prompt and tuple(data["w"]) == (0.5, -1.0, 2.0)
    assert "(2.0, 1.0, 0.5)" in prompt and tuple(data["x"]) == (2.0, 1.0, 0.5)
    assert "b = -0.5" in prompt and data["b"] == -0.5
    assert "3 decimals" in prompt and 'check.given("01.1")' in code


# ---------------------------------------------------------------- 01.2


def test_01_2_reference_rule_and_its_hidden_cases() -> None:
    w, b = lesson_01.perceptron_update(np.array([0.5, -0.5]), 0.0, np.array([1.0, 2.0]), 1, 0.5)
    assert w.tolist() == [1.0, 0.5] and b == 0.5
    kinds = set()
    for w, b, x, y, eta in lesson_01._UPDATE_CASES:
        z = w @ x + b
        new_w, new_b = lesson_01.perceptron_update(w, b, x, y, eta)
        right = int(z >= 0) == y
        kinds.add(("right" if right else "wrong", y, z == 0))
        if right:  # a correctly classified example changes nothing
            assert np.array_equal(new_w, w) and new_b == b
        else:  # a mistake moves z by eta * (|x|^2 + 1) towards the label
            moved = new_w @ x + new_b - z
            assert moved == pytest.approx((2 * y - 1) * eta * (x @ x + 1))
    assert {("wrong", 1, False), ("wrong", 0, False), ("right", 1, False), ("right", 0, False)} <= kinds
    assert ("wrong", 0, True) in kinds and ("right", 1, True) in kinds  # z exactly 0: step(0) = 1
    assert {len(case[0]) for case in lesson_01._UPDATE_CASES} >= {1, 784}
    with pytest.raises(ValueError):
        lesson_01.perceptron_update(np.array([1.0, 1.0]), 0.0, np.array([1.0]), 1, 0.5)
    with pytest.raises(ValueError):
        lesson_01.perceptron_update(np.array([1.0, 1.0]), 0.0, np.array([1.0, 1.0]), -1, 0.5)


def test_01_2_accepts_other_right_ways() -> None:
    def like_the_notebook(w, b, x, y, eta):  # the notebook's predict, then the rule
        error = y - (x @ w + b >= 0).astype(int)
        return w + eta * error * x, b + eta * error

    def in_place(w, b, x, y, eta):  # updating the given array is fine: the checker passes copies
        if (w @ x + b >= 0) != y:
            w += eta * (2 * y - 1) * x
            b += eta * (2 * y - 1)
        return w, b

    for answer in (like_the_notebook, in_place, lesson_01._update_by_cases):
        assert check.is_correct("01.2", answer), check.feedback("01.2", answer)


def test_01_2_every_typical_slip_gets_its_own_hint() -> None:
    for hint, variant in lesson_01._UPDATE_VARIANTS.items():
        assert check.feedback("01.2", variant) == f"Exercise 01.2: not yet: {hint}"
    assert "changes nothing" not in _hint("01.2", lesson_01._UPDATE_VARIANTS[list(lesson_01._UPDATE_VARIANTS)[0]])


def test_01_2_shapes_crashes_and_placeholders_get_messages() -> None:
    assert "return 2 values" in _hint("01.2", lambda w, b, x, y, eta: w)
    assert "raised" in _hint("01.2", lambda w, b, x, y, eta: (w @ np.ones(2), b))

    def placeholder(w, b, x, y, eta): ...

    assert "not answered yet" in _hint("01.2", placeholder)


def test_01_2_prompt_example_is_the_module_example() -> None:
    prompt, code = _exercise_cells("01.2")
    data = check.given("01.2")
    example, (w, b) = data["example"], data["result"]
    assert example == {"w": [0.5, -0.5], "b": 0.0, "x": [1.0, 2.0], "y": 1, "eta": 0.5}
    assert "(0.5, -0.5)" in prompt and "(1, 2)" in prompt and "\\eta = 0.5" in prompt
    assert w.tolist() == [1.0, 0.5] and b == 0.5 and "(1, 0.5)" in prompt and "b = 0.5" in prompt
    assert "...  # your code here" in code and 'check.exercise("01.2", perceptron_update)' in code


# ---------------------------------------------------------------- 01.3


def test_01_3_the_claim_holds_on_any_data_from_a_zero_start() -> None:
    """From w = 0, b = 0, the perceptron makes the same mistakes whatever eta: the reveal's reason."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    y = (X @ rng.normal(size=5) + 0.3 > 0).astype(int)

    def mistakes(eta: float) -> list[int]:
        w, b, history = np.zeros(5), 0.0, []
        for epoch in range(50):
            count = 0
            for i in np.random.default_rng(epoch).permutation(len(y)):
                new_w, new_b = lesson_01.perceptron_update(w, b, X[i], int(y[i]), eta)
                count += int(new_b != b)
                w, b = new_w, new_b
            history.append(count)
            if count == 0:
                break
        return history

    runs = {eta: mistakes(eta) for eta in (1.0, 0.01, 7.5)}
    assert runs[1.0][-1] == 0 and runs[1.0] == runs[0.01] == runs[7.5]
    item = check.all_exercises()["01.3"]
    assert item.kind == "predict" and item.reference == "c" and set(item.options) == {"a", "b", "c"}


def test_01_3_cells_predict_before_the_run_and_reveal_after(capsys: pytest.CaptureFixture[str]) -> None:
    cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    predict = next(i for i, s in enumerate(cells) if 'check.predict("01.3"' in s)
    assert "eta=0.01" in cells[predict + 1] and 'check.reveal("01.3"' in cells[predict + 1]
    check.predict("01.3", "a")
    check.reveal("01.3", "c")
    out = capsys.readouterr().out
    assert "not this time" in out and "scaled by 0.01" in out


# ---------------------------------------------------------------- 01.4


def test_01_4_accepts_any_solution_and_explains_a_wrong_one() -> None:
    assert check.is_correct("01.4", ([2.0, 2.0, -5.0], -1.0))  # another valid XOR perceptron
    assert check.is_correct("01.4", (np.array([1, 1, -2]), np.float64(-0.5)))
    assert "00->0, 01->0, 10->0, 11->1" in _hint("01.4", ([1.0, 1.0, 0.0], -1.5))  # this one is AND
    assert "OR" in _hint("01.4", ([1.0, 1.0, 0.0], -0.5))
    assert "shape (3,)" in _hint("01.4", ([1.0, 1.0], -0.5))
    assert "pair" in _hint("01.4", [1.0, 1.0, -2.0, -0.5])
    assert "quotes" in _hint("01.4", (["1", 1.0, -2.0], -0.5))
    with pytest.raises(ValueError):
        lesson_01.xor_features(np.zeros((4, 3)))


def test_no_two_input_perceptron_computes_xor() -> None:
    """The lesson's claim, checked on a grid of weights: XOR needs the extra feature."""
    grid = np.linspace(-3, 3, 25)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    z = lesson_01.XOR_INPUTS @ np.stack([w1.ravel(), w2.ravel()]) + b.ravel()
    outputs = (z >= 0).astype(int)
    assert not np.any(np.all(outputs == lesson_01.XOR_TARGETS[:, None], axis=0))


# ---------------------------------------------------------------- 01.5


def test_01_5_reference_matches_keras_and_equivalent_answers_pass() -> None:
    for X, centres, widths in lesson_01._RBF_CASES:  # the notebook's RBFLayer.call, in keras.ops
        x = keras.ops.convert_to_tensor(X.astype("float32"))
        c = keras.ops.convert_to_tensor(centres.astype("float32"))
        d2 = keras.ops.sum(x**2, axis=1, keepdims=True) - 2 * x @ keras.ops.transpose(c) + keras.ops.sum(c**2, axis=1)
        phi = keras.ops.exp(-keras.ops.maximum(d2, 0.0) / (2 * widths.astype("float32") ** 2))
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(phi), lesson_01.rbf_features(X, centres, widths), atol=1e-5
        )

    def expanded(X, centres, widths):  # ||x||^2 - 2 x.c + ||c||^2 in float32, as a Keras layer would do it
        X, centres, widths = (np.asarray(a, dtype="float32") for a in (X, centres, widths))
        d2 = (X**2).sum(1)[:, None] - 2 * X @ centres.T + (centres**2).sum(1)[None, :]
        return np.exp(-np.maximum(d2, 0) / (2 * widths**2))

    for answer in (lesson_01.rbf_features, lesson_01._rbf_with_loops, expanded):
        assert check.is_correct("01.5", answer), check.feedback("01.5", answer)


def test_01_5_typical_mistakes_get_targeted_hints(capsys: pytest.CaptureFixture[str]) -> None:
    sq = lesson_01._squared_distances
    assert "squared distance" in _hint("01.5", lambda X, C, s: np.exp(-np.sqrt(sq(X, C)) / (2 * s**2)))
    assert "factor 2" in _hint("01.5", lambda X, C, s: np.exp(-sq(X, C) / s**2))
    assert "width squared" in _hint("01.5", lambda X, C, s: np.exp(-sq(X, C) / (2 * s)))
    assert "minus sign" in _hint("01.5", lambda X, C, s: np.exp(sq(X, C) / (2 * s**2)))
    assert "transposed" in _hint("01.5", lambda X, C, s: lesson_01.rbf_features(X, C, s).T)
    assert "expected a function" in _hint("01.5", np.zeros((3, 2)))
    assert "off by" in _hint("01.5", lambda X, C, s: lesson_01.rbf_features(X, C, s) + 0.1)

    def crashes(X, C, s):
        return X @ C  # shapes do not line up

    check.exercise("01.5", crashes)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 01.5: not yet: ") and "raised" in out and "Traceback" not in out

    def placeholder(X, centres, widths): ...  # the body the notebook ships: not a failure of the notebook

    check.exercise("01.5", placeholder)
    assert "not answered yet" in capsys.readouterr().out


def test_rbf_features_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 3)), np.ones(4))
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 2)), np.ones(3))
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 2)), np.zeros(4))
