"""course_lib.check (exercises) and course_lib.report (headline metrics)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from course_lib import check
from course_lib import reporting as report


@pytest.fixture
def scratch_exercise():
    """A throw-away exercise, removed again afterwards."""
    check.all_exercises()

    @check.register("98.1", reference=4, wrong=5, solution="2 + 2 = 4")
    def _(answer):
        return None if answer == 4 else "add the two numbers"

    yield "98.1"
    check._REGISTRY.pop("98.1")


def test_right_wrong_and_unanswered(scratch_exercise, capsys) -> None:
    assert check.is_correct(scratch_exercise, 4)
    assert not check.is_correct(scratch_exercise, 5)
    assert not check.is_correct(scratch_exercise, ...)
    assert capsys.readouterr().out == "", "is_correct must stay silent"
    assert check.exercise(scratch_exercise, 4) is None  # nothing for a notebook cell to echo
    assert "correct!" in capsys.readouterr().out
    check.exercise(scratch_exercise, 5)
    assert "not yet: add the two numbers" in capsys.readouterr().out
    check.exercise(scratch_exercise, ...)
    assert "not answered yet" in capsys.readouterr().out
    assert check.solution(scratch_exercise) is None
    assert capsys.readouterr().out.strip() == "2 + 2 = 4"


def test_a_crashing_answer_is_wrong_not_an_error(capsys) -> None:
    check.all_exercises()

    @check.register("98.2", reference=1, wrong=0, solution="")
    def _(answer):
        return None if answer(1) == 1 else "no"

    try:
        assert not check.is_correct("98.2", lambda x: 1 / 0)
        check.exercise("98.2", lambda x: 1 / 0)
        assert "ZeroDivisionError" in capsys.readouterr().out
    finally:
        check._REGISTRY.pop("98.2")


def test_bad_ids_are_refused(scratch_exercise) -> None:
    with pytest.raises(ValueError, match="no exercise"):
        check.exercise("77.7", 1)
    with pytest.raises(ValueError, match="look like"):
        check.register("one", 1, 2, "")
    with pytest.raises(ValueError, match="registered twice"):
        check.register(scratch_exercise, 1, 2, "")(lambda a: None)


def test_close_to() -> None:
    assert check.close_to([1.0, 2.0], np.array([1.0, 2.0 + 1e-9])) is None
    assert "shape" in check.close_to([1.0, 2.0], [1.0])
    assert "not right yet" in check.close_to(1.0, 1.5)
    assert "expected a number" in check.close_to(1.0, "one")


def test_report_prints_and_merges_into_the_metrics_file(monkeypatch, tmp_path, capsys) -> None:
    target = tmp_path / "metrics.json"
    monkeypatch.setenv(report.METRICS_ENV, str(target))
    report.report(test_accuracy=0.98)
    report.report(train_seconds=np.float32(12.5))
    assert json.loads(target.read_text()) == {"test_accuracy": 0.98, "train_seconds": 12.5}
    assert "test_accuracy" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [{}, {"acc": "high"}, {"acc": float("nan")}])
def test_report_bad_input(bad, monkeypatch) -> None:
    monkeypatch.delenv(report.METRICS_ENV, raising=False)
    with pytest.raises(ValueError):
        report.report(**bad)
