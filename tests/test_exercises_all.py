"""What every registered exercise must do, whatever its lesson (lesson-specific checks live in
tests/test_exercises_NN.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from course_lib import check, run

ALL_IDS = sorted(check.all_exercises())
NOTEBOOKS = run.discover()
NONSENSE = ("not a number", "3", [1.0, 2.0], [1.0, 2.0, 3.0, 4.0, 5.0], {"w": 1}, (None, None), True)
USED = re.compile(r'check\.(?:exercise|predict)\("(\d\d\.\d+)"')


def _lesson(exercise_id: str) -> str:
    return exercise_id.split(".")[0]


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_right_answers_accepted_and_typical_wrong_ones_get_a_hint(exercise_id: str) -> None:
    item = check.all_exercises()[exercise_id]
    assert check.feedback(exercise_id, item.reference) is None, "the reference answer must pass"
    assert item.right, (
        "list at least one other right answer: the reference rounded as the prompt allows, or another way"
    )
    for answer in item.right:
        assert check.feedback(exercise_id, answer) is None, f"a right answer is rejected: {answer!r}"
    assert len(item.wrong) >= 2, "list at least two typical wrong answers"
    for answer in item.wrong:
        message = check.feedback(exercise_id, answer)
        prefix = f"Exercise {exercise_id}: not yet: "
        assert message and message.startswith(prefix) and len(message) > len(prefix) + 10, (
            f"a wrong answer needs a hint: {answer!r} -> {message!r}"
        )
    assert item.solution.strip()


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_unanswered_and_nonsense_get_a_message_not_a_crash(
    exercise_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    item = check.all_exercises()[exercise_id]
    assert not check.is_correct(exercise_id, ...)
    if item.kind == "predict":
        check.predict(exercise_id, ...)
        assert "no prediction yet" in capsys.readouterr().out
    else:
        check.exercise(exercise_id, ...)
        assert "not answered yet" in capsys.readouterr().out
    for nonsense in NONSENSE:
        assert not check.is_correct(exercise_id, nonsense)
        check.exercise(exercise_id, nonsense)
        out = capsys.readouterr().out.strip()
        prefix = f"Exercise {exercise_id}: not yet: "
        assert out.startswith(prefix) and len(out) > len(prefix), f"no hint for {nonsense!r}: {out!r}"
        assert "Traceback" not in out


@pytest.mark.parametrize("exercise_id", [i for i in ALL_IDS if check.all_exercises()[i].kind == "code"])
def test_code_exercises_treat_the_placeholder_as_unanswered(exercise_id: str) -> None:
    def placeholder(*args, **kwargs): ...

    def not_implemented(*args, **kwargs):
        raise NotImplementedError

    for answer in (placeholder, not_implemented):
        assert "not answered yet" in check.feedback(exercise_id, answer)


@pytest.mark.parametrize("lesson", sorted({_lesson(i) for i in ALL_IDS}))
def test_every_lesson_has_coding_and_predict_exercises(lesson: str) -> None:
    kinds = Counter(item.kind for i, item in check.all_exercises().items() if _lesson(i) == lesson)
    assert kinds["code"] >= 2, f"lesson {lesson} needs at least two coding exercises, has {kinds['code']}"
    assert kinds["predict"] >= 1, f"lesson {lesson} needs a predict-then-run exercise"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_exercises_are_registered_and_in_order(path: Path) -> None:
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    used = USED.findall(code)
    registered = [i for i in ALL_IDS if i.startswith(path.name[:2] + ".")]
    assert set(used) == set(registered), f"{path.name} checks {sorted(set(used))}, course_lib registers {registered}"
    first = list(dict.fromkeys(used))
    assert first == sorted(first, key=lambda i: int(i.split(".")[1])), f"{path.name}: exercises out of order: {first}"
