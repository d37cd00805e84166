"""Helpers the lesson exercise tests share (tests/test_exercises_NN.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from course_lib import check

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def hint(exercise_id: str, answer: Any) -> str:
    """The hint a wrong answer gets; fails if the answer passes or is taken for unanswered."""
    message = check.feedback(exercise_id, answer)
    assert message and message.startswith(f"Exercise {exercise_id}: not yet: "), f"{answer!r}: {message!r}"
    return message


def message(exercise_id: str, answer: Any) -> str:
    """What the learner is told about an answer that does not pass (a hint, or "not answered yet")."""
    text = check.feedback(exercise_id, answer)
    assert text is not None, f"{answer!r} should not pass {exercise_id}"
    return text


def exercise_cells(notebook: Path, exercise_id: str) -> tuple[str, str]:
    """The prompt (markdown) and the first code cell after it, for one exercise of a notebook."""
    cells = nbformat.read(notebook, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if c.source.startswith(f"### Exercise {exercise_id} "))
    code = next(c.source for c in cells[start + 1 :] if c.cell_type == "code")
    return cells[start].source, code
