"""Self-checking exercises: ``exercise("02.1", answer)`` says right, or what is off.

Each lesson's exercises live in ``course_lib/exercises/lesson_NN.py``, away from the notebook, so a
learner sees a solution only by asking for it with ``solution("02.1")``. Four kinds, one style:

* ``"value"``: a number, a vector or a short tuple, accepted at the precision the prompt states
  (:func:`as_number`, :func:`as_array`, :func:`near`, :func:`check_value`);
* ``"code"``: a function the learner writes, run on hidden inputs against a reference, with a time
  limit, and compared case by case (:func:`check_function`);
* ``"predict"``: a choice made *before* a prepared experiment runs (:func:`predict`, :func:`reveal`);
* ``"model"``: a Keras model the learner changes, evaluated on data it did not train on
  (:func:`check_model`).

A checker returns ``None`` for a right answer and a hint otherwise; it may also ``raise Wrong(hint)``
from a helper, and the learner sees the hint, never a traceback from inside ``course_lib``.

Introduced in lesson 01.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Checker = Callable[[Any], "str | None"]
KINDS = ("value", "code", "predict", "model")


class Wrong(Exception):
    """Raised inside a checker with the hint the learner should see."""


class Unanswered(Exception):
    """Raised inside a checker when the learner's function is still the placeholder."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``"LL.N"``), kind, checker, the reference answer, other right answers
    (rounded, or another correct way), typical wrong answers (for the tests), the solution text,
    the data its prompt uses, and for ``predict`` exercises the options and the explanation."""

    id: str
    kind: str
    checker: Checker
    reference: Any
    right: tuple[Any, ...]
    wrong: tuple[Any, ...]
    solution: str
    data: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    why: str = ""


_REGISTRY: dict[str, Exercise] = {}
_PREDICTIONS: dict[str, str] = {}
_LOADED = False


def register(
    exercise_id: str,
    reference: Any,
    wrong: Any = None,
    solution: str = "",
    *,
    kind: str = "value",
    right: Sequence[Any] = (),
    wrongs: Sequence[Any] = (),
    data: Mapping[str, Any] | None = None,
) -> Callable[[Checker], Checker]:
    """Decorator that registers a checker, which returns None for a right answer, else a hint.

    ``right`` lists other answers that must pass (the reference rounded as the prompt allows, or a
    second correct implementation); ``wrongs`` lists typical wrong answers that must get a hint
    (``wrong`` is a single one, kept for older modules). ``data`` holds the numbers the prompt
    uses: the notebook reads them with :func:`given`, so prompt and checker cannot drift apart.

    Example:
        >>> _ = _REGISTRY.pop("99.1", None)  # so that the example can run twice
        >>> @register("99.1", reference=4, right=[4.0], wrongs=[5, 22], solution="2 + 2 = 4")
        ... def _(answer):
        ...     return None if as_number(answer) == 4 else "add the two numbers"
    """
    parts = exercise_id.split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"exercise ids look like '02.3', got {exercise_id!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    all_wrong = tuple(wrongs) + (() if wrong is None else (wrong,))

    def decorate(checker: Checker) -> Checker:
        if exercise_id in _REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        _REGISTRY[exercise_id] = Exercise(
            exercise_id, kind, checker, reference, tuple(right), all_wrong, solution, dict(data or {})
        )
        return checker

    return decorate


def register_prediction(
    exercise_id: str, options: Mapping[str, str], answer: str, why: str, solution: str = ""
) -> None:
    """Register a predict-then-run exercise: the learner picks one of ``options`` before the
    experiment runs; ``answer`` is the option the experiment shows, ``why`` explains it.

    Example:
        >>> if "99.2" not in all_exercises():
        ...     register_prediction("99.2", {"a": "SGD", "b": "Adam"}, "b", "Adam adapts each step size")
    """
    if answer not in options:
        raise ValueError(f"the answer {answer!r} must be one of the options {sorted(options)}")

    def checker(choice: Any) -> str | None:
        key = as_choice(choice, options)
        return None if key == answer else f"the experiment shows ({answer}) {options[answer]}: {why}"

    wrongs = [key for key in options if key != answer]
    register(exercise_id, reference=answer, kind="predict", right=[answer.upper()], wrongs=wrongs, solution=solution)(
        checker
    )
    item = _REGISTRY[exercise_id]
    _REGISTRY[exercise_id] = Exercise(
        item.id,
        item.kind,
        item.checker,
        item.reference,
        item.right,
        item.wrong,
        solution or why,
        {},
        dict(options),
        why,
    )


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
    if exercise_id not in _REGISTRY:  # load only this lesson's module: a notebook needs no other
        from . import exercises

        module = f"lesson_{exercise_id.split('.')[0]}"
        if any(m.name == module for m in pkgutil.iter_modules(exercises.__path__)):
            importlib.import_module(f"{exercises.__name__}.{module}")
    if exercise_id in _REGISTRY:
        return _REGISTRY[exercise_id]
    table = all_exercises()
    if exercise_id not in table:
        raise ValueError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(table))}")
    return table[exercise_id]


def given(exercise_id: str) -> dict[str, Any]:
    """A copy of the data an exercise's prompt uses, by name.

    Example:
        >>> given("01.1") == {} or isinstance(given("01.1"), dict)
        True
    """
    return copy.deepcopy(dict(_get(exercise_id).data))


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _verdict(item: Exercise, answer: Any) -> str | None:
    """None if ``answer`` is right, else the hint; raises Unanswered for a placeholder."""
    try:
        return item.checker(answer)
    except Unanswered:
        raise
    except Wrong as hint:
        return str(hint)
    except Exception as error:  # a learner's answer that crashes a checker is a wrong answer, not a crash
        return f"checking your answer raised {type(error).__name__}: {error}"


def is_correct(exercise_id: str, answer: Any) -> bool:
    """Return True if ``answer`` solves the exercise, without printing anything.

    For tests and for code that needs the verdict; in a notebook use :func:`exercise`.

    Example:
        >>> is_correct("01.1", ...)
        False
    """
    return feedback(exercise_id, answer) is None


def _not_answered(exercise_id: str, kind: str, detail: str = "") -> str:
    if detail:
        return f"Exercise {exercise_id}: not answered yet ({detail}). Run the cell again when it is done."
    what = "Write your code in place of ..." if kind in ("code", "model") else "Replace ... with your answer"
    return f"Exercise {exercise_id}: not answered yet. {what} and run the cell again."


def feedback(exercise_id: str, answer: Any) -> str | None:
    """None if ``answer`` is right, else the message :func:`exercise` would print (for tests).

    Example:
        >>> feedback("01.1", ...)
        'Exercise 01.1: not answered yet. Replace ... with your answer and run the cell again.'
    """
    item = _get(exercise_id)
    if _unanswered(answer):
        return _not_answered(exercise_id, item.kind)
    try:
        problem = _verdict(item, answer)
    except Unanswered as placeholder:
        return _not_answered(exercise_id, item.kind, str(placeholder))
    return None if problem is None else f"Exercise {exercise_id}: not yet: {problem}"


def exercise(exercise_id: str, answer: Any) -> None:
    """Check an answer and print the verdict: *correct!*, or a hint about what is off.

    ``None`` or ``...`` means "not answered yet", and so does a function that still raises
    ``NotImplementedError``: it prints a reminder without failing, so a notebook with open
    exercises still runs top to bottom. It returns nothing, so a notebook cell shows only the
    message; :func:`is_correct` gives the verdict as a bool.

    Example:
        >>> exercise("01.1", ...)
        Exercise 01.1: not answered yet. Replace ... with your answer and run the cell again.
    """
    message = feedback(exercise_id, answer)
    print(f"Exercise {exercise_id}: correct!" if message is None else message)


def solution(exercise_id: str) -> None:
    """Print the worked solution of an exercise. Try it yourself first!

    Example:
        >>> solution("01.1")  # doctest: +SKIP
    """
    print(_get(exercise_id).solution)


# ---------------------------------------------------------------- predict, then run


def as_choice(choice: Any, options: Mapping[str, str]) -> str:
    """The option key a learner chose (case and spaces ignored), or raise :class:`Wrong`.

    Example:
        >>> as_choice(" B ", {"a": "SGD", "b": "Adam"})
        'b'
    """
    keys = ", ".join(repr(k) for k in options)
    if not isinstance(choice, str):
        raise Wrong(f"expected one of {keys} (a string), got {type(choice).__name__}")
    key = choice.strip().lower()
    if key not in options:
        raise Wrong(f"expected one of {keys}, got {choice!r}")
    return key


def predict(exercise_id: str, choice: Any) -> None:
    """Record a prediction before the experiment runs; :func:`reveal` compares it afterwards.

    Example:
        >>> if "99.2" not in all_exercises():
        ...     register_prediction("99.2", {"a": "SGD", "b": "Adam"}, "b", "Adam adapts each step size")
        >>> predict("99.2", "a")
        Exercise 99.2: prediction recorded, (a) SGD. Now run the experiment below.
    """
    item = _get(exercise_id)
    if item.kind != "predict":
        raise ValueError(f"exercise {exercise_id} is not a prediction; use check.exercise")
    _PREDICTIONS.pop(exercise_id, None)
    if _unanswered(choice):
        options = "; ".join(f"{k!r}: {v}" for k, v in item.options.items())
        print(f"Exercise {exercise_id}: no prediction yet. Replace ... with one of {options}, then run the cell.")
        return
    try:
        key = as_choice(choice, item.options)
    except Wrong as hint:
        print(f"Exercise {exercise_id}: {hint}")
        return
    _PREDICTIONS[exercise_id] = key
    print(f"Exercise {exercise_id}: prediction recorded, ({key}) {item.options[key]}. Now run the experiment below.")


def reveal(exercise_id: str, observed: str | None = None) -> None:
    """After the experiment: say what it showed, whether the recorded prediction held, and why.

    ``observed`` is the option this run's experiment produced; when it differs from the usual
    outcome the learner is told so, instead of being marked wrong for a surprise of one run.

    Example:
        >>> reveal("99.2", "b")
        Exercise 99.2: the experiment shows (b) Adam. You predicted (a) SGD: not this time. Why: Adam adapts each step size
    """
    item = _get(exercise_id)
    shown = item.reference if observed is None else as_choice(observed, item.options)
    message = f"Exercise {exercise_id}: the experiment shows ({shown}) {item.options[shown]}. "
    choice = _PREDICTIONS.get(exercise_id)
    if choice is None:
        message += "You made no prediction (run the prediction cell first, it is the point of the exercise)."
    elif choice == shown:
        message += f"You predicted ({choice}): correct!"
    else:
        message += f"You predicted ({choice}) {item.options[choice]}: not this time."
    if shown != item.reference:
        message += f" (Usually it shows ({item.reference}); this run differs.)"
    print(message + f" Why: {item.why}")


# ---------------------------------------------------------------- values at a stated precision


def as_number(answer: Any, what: str = "answer") -> float:
    """One number from a learner's answer (int, float, NumPy scalar or a one-element array),
    or raise :class:`Wrong`. Strings and booleans are refused: they are not numbers.

    Example:
        >>> as_number(np.array([[0.5]]))
        0.5
    """
    if isinstance(answer, (str, bytes)):
        raise Wrong(f"expected a number for the {what}, got the string {answer!r}: remove the quotes")
    if isinstance(answer, (bool, np.bool_)):
        raise Wrong(f"expected a number for the {what}, got {answer!r}")
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"expected a number for the {what}, got {type(answer).__name__}") from None
    if array.size != 1:
        raise Wrong(f"expected one number for the {what}, got {array.size} values (shape {array.shape})")
    value = float(array.reshape(()))
    if not np.isfinite(value):
        raise Wrong(f"the {what} is {value}: expected a finite number")
    return value


def as_whole(answer: Any, what: str = "answer") -> int:
    """A whole number (``16``, ``16.0`` or ``np.int64(16)``; not ``16.5``), or raise :class:`Wrong`.

    Example:
        >>> as_whole(16.0)
        16
    """
    value = as_number(answer, what)
    if value != round(value):
        raise Wrong(f"the {what} is a whole number (a count or a size), got {value}")
    return int(round(value))


def _has_text(answer: Any) -> bool:
    if isinstance(answer, (str, bytes)):
        return True
    return isinstance(answer, (list, tuple)) and any(_has_text(a) for a in answer)


def as_array(answer: Any, shape: tuple[int, ...] | None = None, what: str = "answer") -> np.ndarray:
    """A float array from a learner's answer (list, tuple or array of numbers), or raise :class:`Wrong`.

    With ``shape``, the size must match; a nested list, a row or a column of the right size is
    reshaped, since ``[[1, 2, 3]]`` and ``[1, 2, 3]`` say the same thing.

    Example:
        >>> as_array([[1, 2, 3]], shape=(3,)).tolist()
        [1.0, 2.0, 3.0]
    """
    if _has_text(answer):
        raise Wrong(f"expected numbers for the {what}, not strings: remove the quotes")
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"expected numbers for the {what} (a list or an array), got {type(answer).__name__}") from None
    if shape is not None:
        if array.shape == tuple(shape):
            return array
        if array.size == int(np.prod(shape)) and (
            len(shape) == 1 or array.ndim == len(shape) and array.shape == shape[::-1]
        ):
            if len(shape) != 1:
                raise Wrong(f"the {what} should have shape {tuple(shape)}; yours is transposed, {array.shape}")
            return array.reshape(shape)
        raise Wrong(
            f"the {what} should have shape {tuple(shape)} ({int(np.prod(shape))} numbers), yours has shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise Wrong(f"the {what} contains inf or nan")
    return array


def near(value: Any, expected: Any, decimals: int) -> bool:
    """True if ``value`` matches ``expected`` as a learner writes it to ``decimals`` decimals.

    The tolerance is one unit of the last decimal, ``10**-decimals``: the exact value passes, and
    so does the value rounded, or computed from rounded intermediate steps.

    Example:
        >>> near(0.62, 0.622459, 2), near(0.622, 0.622459, 3), near(0.61, 0.622459, 3)
        (True, True, False)
    """
    value, expected = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    return value.shape == expected.shape and bool(np.all(np.abs(value - expected) <= 10.0**-decimals + 1e-12))


def check_value(
    answer: Any,
    expected: Any,
    decimals: int,
    hints: Sequence[tuple[Any, str]] = (),
    what: str = "answer",
    fallback: str = "",
) -> str | None:
    """The whole checker of a numeric exercise: parse, compare at ``decimals``, explain.

    ``hints`` pairs typical wrong values with the hint each deserves; the first near one wins.
    A right answer is tried first, so a hint can never reject it.

    Example:
        >>> check_value(0.62, 0.6225, 2) is None
        True
        >>> check_value(0.5, 0.6225, 2, hints=[(0.5, "that is z; apply the sigmoid")])
        'that is z; apply the sigmoid'
    """
    shape = np.shape(expected)
    got = as_number(answer, what) if shape == () else as_array(answer, shape, what)
    if near(got, expected, decimals):
        return None
    for value, hint in hints:
        if np.shape(value) == np.shape(got) and near(got, value, decimals):
            return hint
    if fallback:
        return fallback
    off = float(np.max(np.abs(np.asarray(got) - np.asarray(expected))))
    return f"{what}: not right yet (off by {off:.{max(decimals, 1)}g}, more than {10.0**-decimals:g})"


def close_to(expected: Any, answer: Any, atol: float = 1e-6, rtol: float = 1e-4, what: str = "value") -> str | None:
    """None if ``answer`` equals ``expected`` within tolerance (shapes must match), else a hint.

    Example:
        >>> close_to(0.5, 0.5000001) is None
        True
    """
    if isinstance(answer, (str, bytes)):
        return f"expected a number or array for the {what}, got the string {answer!r}"
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


# ---------------------------------------------------------------- running a learner's code


class _TimeUp(BaseException):
    """Raised by the alarm inside a learner's function (a BaseException, so `except Exception`
    in the learner's code cannot swallow it)."""


def _describe(args: Sequence[Any]) -> str:
    parts = []
    for a in args:
        shape = getattr(a, "shape", None)
        parts.append(f"an array of shape {tuple(shape)}" if shape is not None else repr(a)[:40])
    return ", ".join(parts)


def run_code(function: Any, args: Sequence[Any], seconds: float = 5.0, name: str = "your function") -> Any:
    """Call a learner's ``function(*args)`` on copies of ``args``, within ``seconds``.

    Raises :class:`Unanswered` if it still raises NotImplementedError, and :class:`Wrong` with a
    message (never the traceback) if it is not callable, crashes or runs too long.

    Example:
        >>> run_code(lambda a, b: a + b, (1, 2))
        3
    """
    if not callable(function):
        raise Wrong(f"expected a function (write `def ...` and pass its name), got {type(function).__name__}")
    args = copy.deepcopy(tuple(args))
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    result: dict[str, Any] = {}

    def call() -> None:
        try:
            result["value"] = function(*args)
        except BaseException as error:  # kept and reported below, in the caller's thread
            result["error"] = error

    if use_alarm:

        def alarm(signum: int, frame: Any) -> None:
            raise _TimeUp

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            call()
        except _TimeUp:
            result["error"] = _TimeUp()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    else:  # no alarms here (Windows, or not the main thread): wait for a helper thread instead
        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            result["error"] = _TimeUp()
    error = result.get("error")
    if isinstance(error, _TimeUp):
        raise Wrong(
            f"{name} ran for more than {seconds:g} s on inputs of {_describe(args)} and was stopped: "
            "look for an endless loop, or replace Python loops over elements by NumPy operations"
        )
    if isinstance(error, NotImplementedError):
        raise Unanswered
    if isinstance(error, (KeyboardInterrupt, SystemExit)):
        raise error
    if error is not None:
        raise Wrong(f"{name} raised {type(error).__name__}: {error} (called with {_describe(args)})")
    return result["value"]


def check_function(
    function: Any,
    reference: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    variants: Mapping[str, Callable[..., Any]] | None = None,
    outputs: Sequence[str] | None = None,
    diagnose: Callable[[Any, Sequence[Any], int], str | None] | None = None,
    rtol: float = 1e-4,
    atol: float = 1e-6,
    seconds: float = 5.0,
    advice: str = "",
    name: str = "your function",
) -> str | None:
    """The whole checker of a code exercise: run ``function`` on every case of hidden inputs and
    compare with ``reference``. None if all match, else a hint for the first case that does not.
    The default tolerances accept code that computes in float32.

    ``variants`` maps a hint to a function that makes a typical mistake: if the learner's output
    matches a variant's, the learner gets that hint. ``outputs`` names the parts when the
    function returns a tuple (for example ``("h", "c")``). ``diagnose(got, case, index)`` sees the
    learner's raw output of each case first and may return a hint that needs it (nan from an
    overflow, the weights returned instead of the outputs). ``advice`` ends the generic hint; ``name`` names the function in messages.

    Example:
        >>> cases = [(np.arange(3.0),), (np.arange(4.0).reshape(2, 2),)]
        >>> check_function(lambda x: 2 * x, lambda x: 2 * x, cases) is None
        True
        >>> check_function(lambda x: x + x.T, lambda x: 2 * x, cases, variants={"added the transpose": lambda x: x + x.T})
        'added the transpose'
    """
    if function is None or function is Ellipsis:
        raise Unanswered
    if not callable(function):
        raise Wrong(f"expected a function (pass its name, without calling it), got {type(function).__name__}")
    for index, case in enumerate(cases):
        want = reference(*copy.deepcopy(tuple(case)))
        got = run_code(function, case, seconds, name)
        where = f"for inputs of {_describe(case)}"
        if got is None:
            raise Unanswered("your function returns None: write your code in place of ... and `return` the result")
        if diagnose is not None:
            hint = diagnose(got, case, index)
            if hint:
                return hint
        names = list(outputs) if outputs else None
        wants, gots = (list(want), got) if names else ([want], [got])
        if names:
            if not isinstance(got, (tuple, list)) or len(got) != len(names):
                raise Wrong(f"return {len(names)} values, ({', '.join(names)}), as a tuple")
        for i, (w, g) in enumerate(zip(wants, gots)):
            label = f"the {names[i]}" if names else "the result"
            if isinstance(g, (str, bytes)):
                raise Wrong(f"{label} should be numbers, got a string")
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                raise Wrong(f"{label} should be a number or an array, got {type(g).__name__}") from None
            w = np.asarray(w, dtype=float)
            if g.shape != w.shape:
                if g.ndim == 2 and g.shape == w.shape[::-1]:
                    raise Wrong(f"{where}, {label} should have shape {w.shape}; yours is transposed, {g.shape}")
                if g.size == w.size:
                    raise Wrong(f"{where}, {label} should have shape {w.shape}, not {g.shape}: check the axes")
                raise Wrong(f"{where}, {label} should have shape {w.shape}, yours has shape {g.shape}")
            if np.allclose(g, w, rtol=rtol, atol=atol):
                continue
            for hint, variant in (variants or {}).items():
                try:  # a variant that cannot handle this case simply does not match
                    with np.errstate(all="ignore"):
                        v = variant(*copy.deepcopy(tuple(case)))
                        v = np.asarray(v[i] if names else v, dtype=float)
                except Exception:
                    continue
                if v.shape == w.shape and np.allclose(g, v, rtol=rtol, atol=atol, equal_nan=True):
                    return hint
            off = float(np.max(np.abs(g - w)))
            return f"{where}, {label} is off by up to {off:.3g}" + (f"; {advice}" if advice else "")
    return None


def check_model(
    model: Any,
    x: Any,
    y: Any,
    *,
    target: float,
    max_params: int,
    what: str = "accuracy",
) -> str | None:
    """The checker of a change-the-model exercise: a trained Keras classifier within a parameter
    budget that reaches ``target`` accuracy on ``(x, y)``, data it did not train on.

    Example:
        >>> check_model("not a model", np.zeros((1, 2)), np.zeros(1), target=0.9, max_params=10)
        Traceback (most recent call last):
        ...
        course_lib.check.Wrong: expected a Keras model (built and trained), got str
    """
    if model is None or model is Ellipsis:
        raise Unanswered
    if not (hasattr(model, "count_params") and hasattr(model, "predict")):
        raise Wrong(f"expected a Keras model (built and trained), got {type(model).__name__}")
    if not getattr(model, "built", True):
        raise Wrong("the model is not built yet: train it (model.fit) before checking it")
    n_params = int(model.count_params())
    if n_params > max_params:
        raise Wrong(f"the model has {n_params:,} parameters; the budget is {max_params:,}: make it smaller")
    try:
        scores = np.asarray(model.predict(x, verbose=0, batch_size=1024))
    except Exception as error:
        raise Wrong(
            f"the model could not predict on inputs of shape {np.shape(x)}: {type(error).__name__}: {error}"
        ) from None
    if scores.ndim != 2 or len(scores) != len(y):
        raise Wrong(f"the model should output one row of class scores per input; got shape {scores.shape}")
    accuracy = float(np.mean(scores.argmax(axis=1) == np.asarray(y)))
    if accuracy < target:
        return f"{what} {accuracy:.4f} on data the model did not train on; the target is {target:.4f}: keep changing it"
    return None
