"""Lesson 05's exercise checkers: each accepts its reference, rejects its wrong answer, gives hints."""

from __future__ import annotations

import numpy as np

from course_lib import check
from course_lib.exercises import lesson_05


def test_attention_weights() -> None:
    expected = np.exp([1, 0, -1] / np.sqrt(2)) / np.exp([1, 0, -1] / np.sqrt(2)).sum()
    np.testing.assert_allclose(lesson_05.attention_weights(lesson_05.QUERY, lesson_05.KEYS), expected)
    assert check.is_correct("05.1", [0.576, 0.284, 0.140])  # rounded to three decimals is fine
    assert "sqrt" in lesson_05._check_attention_weights([1.0, 0.0, -1.0])
    assert "add up to 1" in lesson_05._check_attention_weights([0.5, 0.5, 0.5])


def test_mha_parameter_count_matches_keras() -> None:
    import keras

    layer = keras.layers.MultiHeadAttention(num_heads=lesson_05.MHA_HEADS, key_dim=lesson_05.MHA_KEY_DIM)
    x = np.zeros((1, 3, lesson_05.MHA_D_MODEL), dtype="float32")
    layer(x, x)
    assert layer.count_params() == lesson_05.mha_parameter_count(4, 16, 64) == 16640
    assert "output projection" in lesson_05._check_mha_params(12480)
    assert lesson_05._check_mha_params(16640.5) is not None
    assert lesson_05._check_mha_params(True) is not None


def test_sinusoid_row() -> None:
    np.testing.assert_allclose(
        lesson_05.sinusoidal_encoding_row(3, 4), [np.sin(3), np.cos(3), np.sin(0.03), np.cos(0.03)]
    )
    np.testing.assert_allclose(lesson_05.sinusoidal_encoding_row(0, 6), [0, 1, 0, 1, 0, 1])
    swapped = [np.cos(3), np.sin(3), np.cos(0.03), np.sin(0.03)]
    assert "even dimensions" in lesson_05._check_sinusoid(swapped)


def test_causal_mask_hints() -> None:
    lower = np.tril(np.ones((5, 5), dtype=bool))
    assert check.is_correct("05.4", lower.astype(int))  # 1/0 works as well as True/False
    assert "future" in lesson_05._check_causal_mask(lower.T)
    assert "diagonal" in lesson_05._check_causal_mask(np.tril(lower, k=-1))
    assert "shape" in lesson_05._check_causal_mask(np.tril(np.ones((4, 4))))
    assert "True" in lesson_05._check_causal_mask(np.full((5, 5), 0.5))
