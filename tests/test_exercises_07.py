"""Lesson 07's exercise checkers accept their reference answers and reject the wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_07


def test_exercise_prints_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert check.is_correct("07.1", 16)
    check.exercise("07.1", 16)
    assert not check.is_correct("07.2", ...)
    check.exercise("07.2", ...)
    assert not check.is_correct("07.1", 14)
    check.exercise("07.1", 14)
    out = capsys.readouterr().out
    assert "07.1: correct" in out and "not answered" in out and "same" in out


def test_transposed_size_matches_keras() -> None:
    import keras

    for n, kernel, stride in ((2, 3, 2), (7, 4, 2), (5, 3, 1), (3, 5, 3)):
        layer = keras.layers.Conv2DTranspose(1, kernel, strides=stride, padding="valid")
        out = layer(np.zeros((1, n, n, 1), dtype="float32"))
        assert out.shape[1] == lesson_07.transposed_conv_output_size(n, kernel, stride)
    with pytest.raises(ValueError):
        lesson_07.transposed_conv_output_size(3, 1, 2)


def test_gaussian_kl_matches_monte_carlo() -> None:
    rng = np.random.default_rng(0)
    mu, log_var = np.array([[0.7, -0.3]]), np.array([[0.4, -0.6]])
    sigma = np.exp(0.5 * log_var)
    z = mu + sigma * rng.normal(size=(200_000, 2))
    log_q = -0.5 * (((z - mu) / sigma) ** 2 + np.log(2 * np.pi) + log_var)
    log_p = -0.5 * (z**2 + np.log(2 * np.pi))
    monte_carlo = np.mean(np.sum(log_q - log_p, axis=1))
    assert lesson_07.gaussian_kl(mu, log_var)[0] == pytest.approx(monte_carlo, abs=0.01)
    assert lesson_07.gaussian_kl(np.zeros((4, 3)), np.zeros((4, 3))).tolist() == [0.0] * 4


def test_common_mistakes_get_specific_hints() -> None:
    table = check.all_exercises()
    assert "last stamp" in table["07.1"].checker(12)
    assert "never negative" in table["07.2"].checker(lambda m, v: -lesson_07.gaussian_kl(m, v))
    assert "shape (3,)" in table["07.2"].checker(lambda m, v: np.sum(lesson_07.gaussian_kl(m, v)))
    assert "1 - rate" in table["07.3"].checker(lambda e, r: np.quantile(e, r))
    assert lesson_07.false_alarm_rate(np.arange(100), 94.5) == pytest.approx(0.05)
