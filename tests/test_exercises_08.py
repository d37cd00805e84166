"""Lesson 08's exercise checkers and the reference functions they rest on (no training)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_08

# ------------------------------------------------------------------------ 08.1 affine int8


def test_08_1_reference_and_equivalent_answers_pass() -> None:
    assert check.is_correct("08.1", lesson_08.quantize_int8)

    def with_rint(x, scale, zero_point):  # another rounding call, an int64 result
        return np.clip(np.rint(x / scale + zero_point), -128, 127).astype(np.int64)

    assert check.is_correct("08.1", with_rint)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda x, s, z: np.round(x / s).astype(np.int64) + z, "clip"),
        (lambda x, s, z: np.clip(np.round(x / s) - z, -128, 127), "not subtracted"),
        (lambda x, s, z: np.clip((x / s).astype(np.int64) + z, -128, 127), "truncate"),
        (lambda x, s, z: np.clip(np.round(x * s) + z, -128, 127), "divide by the scale"),
    ],
)
def test_08_1_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    assert not check.is_correct("08.1", wrong)
    assert hint in check.all_exercises()["08.1"].checker(wrong)


def test_affine_params_and_round_trip() -> None:
    scale, zero_point = lesson_08.affine_params(-0.5, 1.5)
    assert np.isclose(scale, 2.0 / 255) and zero_point == -128 + round(0.5 / scale)
    assert lesson_08.affine_params(0.2, 1.0)[1] == -128  # the range is widened to contain 0
    x = np.linspace(-0.5, 1.5, 101)
    back = lesson_08.dequantize_int8(lesson_08.quantize_int8(x, scale, zero_point), scale, zero_point)
    assert np.max(np.abs(back - x)) <= scale / 2 + 1e-12
    assert (
        lesson_08.dequantize_int8(lesson_08.quantize_int8(np.zeros(1), scale, zero_point), scale, zero_point)[0] == 0.0
    )
    with pytest.raises(ValueError, match="positive width"):
        lesson_08.affine_params(0.0, 0.0)


# ------------------------------------------------------------------------ 08.2 distillation


def test_08_2_reference_and_equivalent_answers_pass() -> None:
    assert check.is_correct("08.2", lesson_08.distillation_loss)

    def with_scipy_style(teacher, student, temperature):  # softmax written out, returned as an array
        p = np.exp(teacher / temperature)
        p /= p.sum(axis=1, keepdims=True)
        q = np.exp(student / temperature)
        q /= q.sum(axis=1, keepdims=True)
        return np.array(temperature**2 * np.mean(np.sum(p * np.log(p / q), axis=1)))

    assert check.is_correct("08.2", with_scipy_style)


def test_08_2_typical_mistakes_get_targeted_hints() -> None:
    checker = check.all_exercises()["08.2"].checker

    def reversed_kl(teacher, student, temperature):
        return lesson_08.distillation_loss(student, teacher, temperature)

    def summed(teacher, student, temperature):
        return len(teacher) * lesson_08.distillation_loss(teacher, student, temperature)

    assert "T^2" in checker(lambda t, s, temp: lesson_08.distillation_loss(t, s, temp) / temp**2)
    assert "not the other way round" in checker(reversed_kl)
    assert "do not sum" in checker(summed)
    assert "temperature you are given" in checker(
        lambda t, s, temp: 16 * lesson_08.distillation_loss(t, s, temp) / temp**2
    )


def test_distillation_loss_properties() -> None:
    rng = np.random.default_rng(0)
    teacher, student = rng.normal(size=(4, 10)), rng.normal(size=(4, 10))
    assert lesson_08.distillation_loss(teacher, teacher, 3.0) == pytest.approx(0.0, abs=1e-12)
    assert lesson_08.distillation_loss(teacher, student, 3.0) > 0
    # shifting the logits by a constant per row changes neither softmax
    assert lesson_08.distillation_loss(teacher + 5.0, student - 2.0, 3.0) == pytest.approx(
        lesson_08.distillation_loss(teacher, student, 3.0)
    )
