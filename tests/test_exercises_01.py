"""Lesson 01's exercise checkers and the small formulas they rest on (no training)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_01


def test_01_1_matches_keras_and_gives_targeted_hints() -> None:
    expected = keras.ops.convert_to_numpy(
        keras.activations.sigmoid(np.float32(lesson_01.NEURON_W @ lesson_01.NEURON_X + lesson_01.NEURON_B))
    )
    assert check.all_exercises()["01.1"].reference == pytest.approx(float(expected), abs=1e-6)
    checker = check.all_exercises()["01.1"].checker
    assert checker(np.float32(0.6225)) is None  # a float32 or rounded answer is fine
    assert "sigmoid" in checker(0.5)  # z, not the output
    assert "sigmoid" in checker(1)  # step(z)
    assert "bias" in checker(float(lesson_01.sigmoid(1.0)))  # bias forgotten


def test_01_2_update_rule_and_hints() -> None:
    checker = check.all_exercises()["01.2"].checker
    assert checker(np.array([1.0, 0.5, 0.5])) is None
    assert "direction" in checker([0.0, -1.5, -0.5])
    assert "bias" in checker([1.0, 0.5, 0.0])
    assert "learning rate" in checker([1.5, 1.5, 1.0])
    assert "shape" in checker([1.0, 0.5])
    # a correctly classified example leaves the weights alone
    w, b = lesson_01.perceptron_update(np.array([1.0, 1.0]), 0.0, np.array([1.0, 1.0]), 1, 0.5)
    assert w.tolist() == [1.0, 1.0] and b == 0.0
    with pytest.raises(ValueError):
        lesson_01.perceptron_update(np.array([1.0, 1.0]), 0.0, np.array([1.0]), 1, 0.5)
    with pytest.raises(ValueError):
        lesson_01.perceptron_update(np.array([1.0, 1.0]), 0.0, np.array([1.0, 1.0]), -1, 0.5)


def test_01_3_accepts_any_solution_and_explains_a_wrong_one() -> None:
    checker = check.all_exercises()["01.3"].checker
    assert checker(([2.0, 2.0, -5.0], -1.0)) is None  # another valid XOR perceptron
    assert checker((np.array([1, 1, -2]), np.float64(-0.5))) is None
    hint = checker(([1.0, 1.0, 0.0], -1.5))  # this one is AND
    assert "00->0, 01->0, 10->0, 11->1" in hint
    assert "three" in checker(([1.0, 1.0], -0.5))
    with pytest.raises(ValueError):
        lesson_01.xor_features(np.zeros((4, 3)))


def test_no_two_input_perceptron_computes_xor() -> None:
    """The lesson's claim, checked on a grid of weights: XOR needs the extra feature."""
    grid = np.linspace(-3, 3, 25)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    z = lesson_01.XOR_INPUTS @ np.stack([w1.ravel(), w2.ravel()]) + b.ravel()
    outputs = (z >= 0).astype(int)
    assert not np.any(np.all(outputs == lesson_01.XOR_TARGETS[:, None], axis=0))


def test_01_4_reference_and_equivalent_answers_pass() -> None:
    item = check.all_exercises()["01.4"]
    assert item.checker(lesson_01.rbf_features) is None

    def with_loops(X, centres, widths):
        phi = np.zeros((len(X), len(centres)))
        for i, x in enumerate(X):
            for j, (c, s) in enumerate(zip(centres, widths, strict=True)):
                phi[i, j] = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
        return phi

    def expanded(X, centres, widths):  # ||x||^2 - 2 x.c + ||c||^2, as a Keras layer would do it, in float32
        X, centres, widths = (np.asarray(a, dtype="float32") for a in (X, centres, widths))
        d2 = (X**2).sum(1)[:, None] - 2 * X @ centres.T + (centres**2).sum(1)[None, :]
        return np.exp(-np.maximum(d2, 0) / (2 * widths**2))

    assert item.checker(with_loops) is None
    assert item.checker(expanded) is None
    assert check.is_correct("01.4", with_loops)


def test_01_4_typical_mistakes_get_targeted_hints(capsys: pytest.CaptureFixture[str]) -> None:
    checker = check.all_exercises()["01.4"].checker

    def sq(X, centres):
        return np.sum((np.asarray(X)[:, None, :] - np.asarray(centres)[None, :, :]) ** 2, axis=-1)

    assert "squared distance" in checker(lambda X, C, s: np.exp(-np.sqrt(sq(X, C)) / (2 * s**2)))
    assert "factor 2" in checker(lambda X, C, s: np.exp(-sq(X, C) / s**2))
    assert "width squared" in checker(lambda X, C, s: np.exp(-sq(X, C) / (2 * s)))
    assert "minus sign" in checker(lambda X, C, s: np.exp(sq(X, C) / (2 * s**2)))
    assert "transposed" in checker(lambda X, C, s: lesson_01.rbf_features(X, C, s).T)
    assert "returns None" in checker(lambda X, C, s: None)
    assert "function" in checker(np.zeros((3, 2)))
    assert "off by" in checker(lambda X, C, s: lesson_01.rbf_features(X, C, s) + 0.1)

    # a learner function that crashes gets a message, not a traceback
    def crashes(X, C, s):
        return X @ C  # shapes do not line up

    assert not check.is_correct("01.4", crashes)
    check.exercise("01.4", crashes)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 01.4: not yet: ") and "raised" in out

    # the placeholder the notebook ships, a body of `...`, is not a failure of the notebook
    def placeholder(X, centres, widths): ...

    check.exercise("01.4", placeholder)
    assert "replace ... with your code" in capsys.readouterr().out


def test_rbf_features_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 3)), np.ones(4))
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 2)), np.ones(3))
    with pytest.raises(ValueError):
        lesson_01.rbf_features(np.zeros((3, 2)), np.zeros((4, 2)), np.zeros(4))
