"""What every registered exercise must do, whatever its lesson (lesson-specific checks live in
tests/test_exercises_NN.py)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_lib import check, run

ALL_IDS = sorted(check.all_exercises())
NOTEBOOKS = run.discover()
NONSENSE = ("not a number", [1.0, 2.0], [1.0, 2.0, 3.0, 4.0, 5.0], {"w": 1}, (None, None))


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_reference_accepted_and_wrong_rejected(exercise_id: str) -> None:
    item = check.all_exercises()[exercise_id]
    assert item.checker(item.reference) is None
    hint = item.checker(item.wrong)
    assert isinstance(hint, str) and hint, "a wrong answer must get a hint"
    assert item.solution.strip()


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_unanswered_and_nonsense_get_a_message_not_a_crash(
    exercise_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not check.is_correct(exercise_id, ...)
    check.exercise(exercise_id, ...)
    assert "not answered yet" in capsys.readouterr().out
    for nonsense in NONSENSE:
        assert not check.is_correct(exercise_id, nonsense)
        check.exercise(exercise_id, nonsense)
        out = capsys.readouterr().out.strip()
        prefix = f"Exercise {exercise_id}: not yet: "
        assert out.startswith(prefix) and len(out) > len(prefix), f"no hint for {nonsense!r}: {out!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_exercises_are_registered(path: Path) -> None:
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    used = set(re.findall(r'check\.exercise\("(\d\d\.\d+)"', code))
    registered = {i for i in ALL_IDS if i.startswith(path.name[:2] + ".")}
    assert used == registered, f"{path.name} checks {sorted(used)}, course_lib registers {sorted(registered)}"
