"""Lesson 06's exercise checkers accept their reference answers and reject the wrong ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_06


@pytest.mark.parametrize("exercise_id", ["06.1", "06.2", "06.3"])
def test_non_numbers_get_a_hint(exercise_id: str) -> None:
    assert "number" in check.all_exercises()[exercise_id].checker("ten")


def test_exercise_prints_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert check.is_correct("06.1", -np.log(4))
    check.exercise("06.1", -np.log(4))
    assert not check.is_correct("06.2", ...)
    check.exercise("06.2", ...)
    assert not check.is_correct("06.3", 10)
    check.exercise("06.3", 10)
    out = capsys.readouterr().out
    assert "06.1: correct" in out and "not answered" in out and "two classes" in out


def test_expected_values_follow_the_math() -> None:
    assert math.isclose(lesson_06.equilibrium_value(), -math.log(4))
    assert math.isclose(lesson_06.frechet_1d(0, 1, 3, 4), 10.0)
    assert math.isclose(lesson_06.frechet_1d(2, 9, 2, 9), 0.0)
    assert math.isclose(lesson_06.inception_score_of_modes(2), 2.0)
    assert math.isclose(lesson_06.inception_score_of_modes(10), 10.0)
    with pytest.raises(ValueError):
        lesson_06.inception_score_of_modes(0)


def test_frechet_1d_matches_the_matrix_formula() -> None:
    scipy_linalg = pytest.importorskip("scipy.linalg")
    s_a, s_b = np.array([[1.0]]), np.array([[4.0]])
    matrix = 9.0 + np.trace(s_a + s_b - 2 * scipy_linalg.sqrtm(s_a @ s_b).real)
    assert math.isclose(matrix, lesson_06.frechet_1d(0, 1, 3, 4))


def test_common_mistakes_get_specific_hints() -> None:
    checker = check.all_exercises()
    assert "one of the two terms" in checker["06.1"].checker(math.log(0.5))
    assert "sign" in checker["06.1"].checker(math.log(4))
    assert "means" in checker["06.2"].checker(9.0)
    assert "exponential" in checker["06.3"].checker(math.log(2))
