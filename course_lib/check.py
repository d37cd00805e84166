"""Self-checking exercises: ``exercise("02.1", answer)`` says right, or what is off.

Each lesson's exercises live in ``course_lib/exercises/lesson_NN.py``, away from the notebook, so a
learner sees a solution only by asking for it with ``solution("02.1")``.

Introduced in lesson 01.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Checker = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``"LL.N"``), a checker, a reference answer and a wrong one (for tests),
    and the solution text shown on request."""

    id: str
    checker: Checker
    reference: Any
    wrong: Any
    solution: str


_REGISTRY: dict[str, Exercise] = {}
_LOADED = False


def register(exercise_id: str, reference: Any, wrong: Any, solution: str) -> Callable[[Checker], Checker]:
    """Decorator that registers a checker, which returns None for a right answer, else a hint.

    Example:
        >>> @register("99.1", reference=4, wrong=5, solution="2 + 2 = 4")
        ... def _(answer):
        ...     return None if answer == 4 else "add the two numbers"
    """
    parts = exercise_id.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"exercise ids look like '02.3', got {exercise_id!r}")

    def decorate(checker: Checker) -> Checker:
        if exercise_id in _REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        _REGISTRY[exercise_id] = Exercise(exercise_id, checker, reference, wrong, solution)
        return checker

    return decorate


def _load_all() -> None:
    global _LOADED
    if not _LOADED:
        from . import exercises

        for module in pkgutil.iter_modules(exercises.__path__):
            importlib.import_module(f"{exercises.__name__}.{module.name}")
        _LOADED = True


def all_exercises() -> dict[str, Exercise]:
    """Every registered exercise, by id (used by the tests).

    Example:
        >>> "01.1" in all_exercises()
        True
    """
    _load_all()
    return dict(_REGISTRY)


def _get(exercise_id: str) -> Exercise:
    table = all_exercises()
    if exercise_id not in table:
        raise ValueError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(table))}")
    return table[exercise_id]


def _verdict(item: Exercise, answer: Any) -> str | None:
    """None if ``answer`` is right, else the checker's hint (a crash counts as wrong)."""
    try:
        return item.checker(answer)
    except Exception as error:  # a learner's function that crashes is a wrong answer, not a crash
        return f"checking your answer raised {type(error).__name__}: {error}"


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def is_correct(exercise_id: str, answer: Any) -> bool:
    """Return True if ``answer`` solves the exercise, without printing anything.

    For tests and for code that needs the verdict; in a notebook use :func:`exercise`.

    Example:
        >>> is_correct("01.1", ...)
        False
    """
    item = _get(exercise_id)  # an unknown id is an error even when the answer is missing
    return not _unanswered(answer) and _verdict(item, answer) is None


def exercise(exercise_id: str, answer: Any) -> None:
    """Check an answer and print the verdict: *correct!*, or a hint about what is off.

    ``None`` or ``...`` means "not answered yet": it prints a reminder without failing, so a
    notebook with open exercises still runs top to bottom. It returns nothing, so a notebook cell
    shows only the message; :func:`is_correct` gives the verdict as a bool.

    Example:
        >>> exercise("01.1", ...)
        Exercise 01.1: not answered yet. Replace ... with your answer and run the cell again.
    """
    item = _get(exercise_id)
    if _unanswered(answer):
        print(f"Exercise {exercise_id}: not answered yet. Replace ... with your answer and run the cell again.")
        return
    problem = _verdict(item, answer)
    print(f"Exercise {exercise_id}: " + ("correct!" if problem is None else f"not yet: {problem}"))


def solution(exercise_id: str) -> None:
    """Print the worked solution of an exercise. Try it yourself first!

    Example:
        >>> solution("01.1")  # doctest: +SKIP
    """
    print(_get(exercise_id).solution)


# ---------------------------------------------------------------- building blocks for checkers


def close_to(expected: Any, answer: Any, atol: float = 1e-6, rtol: float = 1e-4, what: str = "value") -> str | None:
    """None if ``answer`` equals ``expected`` within tolerance (shapes must match), else a hint.

    Example:
        >>> close_to(0.5, 0.5000001) is None
        True
    """
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or array for the {what}, got {type(answer).__name__}"
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        return f"the {what} should have shape {want.shape}, yours has shape {got.shape}"
    if not np.allclose(got, want, atol=atol, rtol=rtol):
        return f"the {what} is not right yet (off by up to {np.max(np.abs(got - want)):.3g})"
    return None
