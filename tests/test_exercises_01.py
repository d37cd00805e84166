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
