"""Lesson 03's exercise checkers and the small formulas they rest on (no training)."""

from __future__ import annotations

import keras
import pytest

from course_lib import check
from course_lib.exercises import lesson_03


def test_03_1_matches_keras() -> None:
    layer = keras.layers.Conv2D(16, 5, strides=2, padding="valid")
    assert tuple(layer.compute_output_shape((None, 28, 28, 1))[1:]) == check.all_exercises()["03.1"].reference
    assert "channels" in lesson_03._check_03_1((12, 12, 1))
    assert lesson_03._check_03_1([12, 12, 16]) is None  # a list is fine too


def test_03_2_matches_keras_and_hints() -> None:
    layer = keras.layers.Conv2D(32, 5)
    layer.build((None, 32, 32, 3))
    assert layer.count_params() == check.all_exercises()["03.2"].reference == 2_432
    assert "bias" in lesson_03._check_03_2(2_432 - 32)
    assert "channel" in lesson_03._check_03_2(832)
    assert "shared" in lesson_03._check_03_2(2_432 * 28 * 28)


def test_03_3_hint_for_forgetting_the_pool() -> None:
    assert "pool" in lesson_03._check_03_3(5)


def test_conv_output_size() -> None:
    assert lesson_03.conv_output_size(28, 3) == 26
    assert lesson_03.conv_output_size(28, 3, padding=1) == 28
    assert lesson_03.conv_output_size(26, 2, stride=2) == 13
    assert lesson_03.conv_output_size(11, 2, stride=2) == 5
    with pytest.raises(ValueError):
        lesson_03.conv_output_size(28, 0)
    with pytest.raises(ValueError):
        lesson_03.conv_output_size(2, 5)


def test_param_count_and_receptive_field() -> None:
    assert lesson_03.conv_param_count(3, 1, 32) == 320
    assert lesson_03.conv_param_count(3, 1, 32, bias=False) == 288
    assert lesson_03.receptive_field([]) == 1
    assert lesson_03.receptive_field([(3, 1)]) == 3
    assert lesson_03.receptive_field([(3, 1), (2, 2), (3, 1)]) == 8
    assert lesson_03.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)]) == 10
