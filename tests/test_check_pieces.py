"""The shared pieces every exercise checker is built from (course_lib.check)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from course_lib import check


@pytest.mark.parametrize("answer", [0.5, np.float32(0.5), np.array(0.5), [0.5], np.array([[0.5]]), 1 / 2])
def test_as_number_takes_every_way_of_writing_one_number(answer) -> None:
    assert check.as_number(answer) == 0.5


@pytest.mark.parametrize(
    ("answer", "hint"),
    [("16640", "remove the quotes"), (True, "expected a number"), ([1, 2], "one number"), (float("nan"), "finite")],
)
def test_as_number_refuses_what_is_not_one_number(answer, hint) -> None:
    with pytest.raises(check.Wrong, match=hint):
        check.as_number(answer)


def test_as_whole_refuses_fractions_instead_of_truncating() -> None:  # 03.1 once accepted 12.9 as 12
    assert check.as_whole(16.0) == 16
    with pytest.raises(check.Wrong, match="whole number"):
        check.as_whole(12.9)


def test_as_array_reshapes_rows_but_names_transposes_and_strings() -> None:
    assert check.as_array([[1, 2, 3]], shape=(3,)).shape == (3,)
    with pytest.raises(check.Wrong, match="transposed"):
        check.as_array(np.zeros((3, 2)), shape=(2, 3))
    with pytest.raises(check.Wrong, match="not strings"):
        check.as_array(["1", 2.0], shape=(2,))
    with pytest.raises(check.Wrong, match="shape"):
        check.as_array([1.0, 2.0], shape=(3,))


def test_near_accepts_the_precision_a_learner_writes() -> None:
    exact = 1 / (1 + np.exp(-0.5))  # 0.62246...
    assert check.near(0.622, exact, 3) and check.near(0.62, exact, 2) and check.near(0.6225, exact, 3)
    assert not check.near(0.61, exact, 3) and not check.near(0.6, exact, 2)


def test_check_value_tries_the_right_answer_before_any_hint() -> None:
    hints = [(0.62, "a hint that must never fire for a right answer")]
    assert check.check_value(0.62, 0.6225, 2, hints) is None
    assert check.check_value(0.5, 0.6225, 2, [(0.5, "that is z")]) == "that is z"
    assert "not right yet" in check.check_value(0.9, 0.6225, 2)


def test_run_code_stops_slow_code_and_reports_crashes_without_a_traceback() -> None:
    def endless(x):
        while True:
            pass

    start = time.perf_counter()
    with pytest.raises(check.Wrong, match="stopped"):
        check.run_code(endless, (np.zeros(2),), seconds=0.5)
    assert time.perf_counter() - start < 3
    with pytest.raises(check.Wrong, match="ZeroDivisionError"):
        check.run_code(lambda x: 1 / 0, (1,))
    with pytest.raises(check.Unanswered):
        check.run_code(lambda x: (_ for _ in ()).throw(NotImplementedError), (1,))
    with pytest.raises(check.Wrong, match="expected a function"):
        check.run_code(3, ())


def test_run_code_gives_the_learner_copies() -> None:
    x = np.zeros(3)

    def mutate(a):
        a += 1
        return a

    check.run_code(mutate, (x,))
    assert not x.any()


def test_check_function_hints() -> None:
    cases = [(np.arange(6.0).reshape(2, 3),)]
    assert check.check_function(lambda x: x * 2, lambda x: x * 2, cases) is None
    with pytest.raises(check.Wrong, match="transposed"):
        check.check_function(lambda x: (x * 2).T, lambda x: x * 2, cases)
    with pytest.raises(check.Unanswered):
        check.check_function(lambda x: None, lambda x: x * 2, cases)
    assert check.check_function(lambda x: x + 1, lambda x: x * 2, cases, variants={"added": lambda x: x + 1}) == "added"
    assert "off by" in check.check_function(lambda x: x * 3, lambda x: x * 2, cases)
    two = check.check_function(lambda x: (x, x), lambda x: (x, 2 * x), cases, outputs=("h", "c"))
    assert "the c" in two


def test_feedback_for_a_placeholder_function_says_not_answered(capsys) -> None:
    check.all_exercises()
    check.register("97.1", reference=lambda x: 2 * x, kind="code", solution="2 * x")(
        lambda f: check.check_function(f, lambda x: 2 * x, [(np.ones(2),)])
    )
    try:

        def placeholder(x): ...

        def not_implemented(x):
            raise NotImplementedError

        for answer in (placeholder, not_implemented, ...):
            check.exercise("97.1", answer)
            assert "not answered yet" in capsys.readouterr().out
        assert check.is_correct("97.1", lambda x: x + x)
    finally:
        check._REGISTRY.pop("97.1")


def test_predict_then_reveal(capsys) -> None:
    check.all_exercises()
    check.register_prediction("97.2", {"a": "SGD", "b": "Adam"}, "b", "Adam scales each step")
    try:
        check.reveal("97.2", "b")
        assert "no prediction" in capsys.readouterr().out
        check.predict("97.2", "x")
        assert "expected one of" in capsys.readouterr().out
        check.predict("97.2", "A")
        assert "recorded" in capsys.readouterr().out
        check.reveal("97.2", "b")
        out = capsys.readouterr().out
        assert "not this time" in out and "Adam scales each step" in out
        check.predict("97.2", "b")
        check.reveal("97.2", "a")
        out = capsys.readouterr().out
        assert "this run differs" in out and "not this time" in out
        assert check.is_correct("97.2", "b") and not check.is_correct("97.2", "a")
    finally:
        check._REGISTRY.pop("97.2")


def test_check_model_budget_and_target() -> None:
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(check.Wrong, match="budget"):
        check.check_model(model, x, y, target=0.5, max_params=5)
    assert "target" in check.check_model(model, x, y, target=1.01, max_params=100)
    with pytest.raises(check.Wrong, match="Keras model"):
        check.check_model("model", x, y, target=0.5, max_params=100)


def test_a_notebook_loads_only_its_own_lesson_module() -> None:
    """A lesson module with a bug in it must not break another lesson's exercises."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom course_lib import check\ncheck.exercise('01.1', ...)\n"
        "print(sorted(m for m in sys.modules if m.startswith('course_lib.exercises.lesson_')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "['course_lib.exercises.lesson_01']"


def test_check_function_variants_may_crash_or_give_nan() -> None:
    cases = [(np.array([1.0, 4.0]),)]

    def crashing_variant(x):
        raise ValueError("cannot handle this case")

    variants = {"crashes": crashing_variant, "nan where the answer overflowed": lambda x: np.array([np.nan, 2.0])}
    got = check.check_function(lambda x: np.array([np.nan, 2.0]), np.sqrt, cases, variants=variants)
    assert got == "nan where the answer overflowed"


def test_check_function_diagnose_sees_each_raw_output_once() -> None:
    calls = []

    def learner(x):
        calls.append(1)
        return x * np.inf

    def diagnose(got, case, index):
        return "your output holds inf" if not np.all(np.isfinite(got)) else None

    cases = [(np.ones(2),), (np.ones(3),)]
    assert check.check_function(learner, lambda x: x, cases, diagnose=diagnose) == "your output holds inf"
    assert len(calls) == 1, "the learner's function runs once per case"
