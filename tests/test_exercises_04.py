"""Lesson 04's exercise checkers: each accepts its reference, rejects its wrong answer, gives hints."""

from __future__ import annotations

import math

import numpy as np

from course_lib import check
from course_lib.exercises import lesson_04


def test_lstm_parameter_count_matches_keras() -> None:
    import keras

    layer = keras.layers.LSTM(lesson_04.LSTM_UNITS)
    layer.build((None, None, lesson_04.LSTM_INPUTS))
    assert layer.count_params() == lesson_04.lstm_parameter_count(lesson_04.LSTM_UNITS, lesson_04.LSTM_INPUTS) == 4352
    assert "bias" in lesson_04._check_lstm_params(4 * (32 + 32 * 32))
    assert lesson_04._check_lstm_params(4352.5) is not None


def test_vanishing_factor() -> None:
    assert check.is_correct("04.2", 0.9**50)
    assert check.is_correct("04.2", 0.00515)  # rounded to three figures is fine
    assert "multiplies" in lesson_04._check_vanishing(45.0)


def test_temperature_softmax() -> None:
    p = lesson_04.softmax_with_temperature([2.0, 1.0, 0.0], 0.5)
    np.testing.assert_allclose(p, np.exp([4, 2, 0]) / np.exp([4, 2, 0]).sum())
    assert "divide" in lesson_04._check_temperature(lesson_04.softmax_with_temperature([2, 1, 0], 2.0))
    assert "add up" in lesson_04._check_temperature([0.5, 0.5, 0.5])
    assert check.is_correct("04.3", list(np.round(p, 4)))


def test_unigram_bits() -> None:
    assert lesson_04.unigram_bits_per_char("aaaa") == 0.0
    assert math.isclose(lesson_04.unigram_bits_per_char("abab"), 1.0)
    assert "nats" in lesson_04._check_unigram(lesson_04.unigram_bits_per_char(lesson_04.UNIGRAM_TEXT) * math.log(2))
