"""Lesson 11's exercise checkers and the reference functions they rest on (no training, no TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_11

# ------------------------------------------------------------------------ 11.1 mixed precision on this CPU


def test_11_1_option_bands() -> None:
    assert lesson_11.option_11_1(1.5) == "a"
    assert lesson_11.option_11_1(1.1) == "b"
    assert lesson_11.option_11_1(0.9) == "b"
    assert lesson_11.option_11_1(0.5) == "c"
    with pytest.raises(check.Wrong, match="remove the quotes"):
        lesson_11.option_11_1("0.5")


def test_11_1_is_a_prediction_whose_answer_is_slower(capsys) -> None:
    item = check.all_exercises()["11.1"]
    assert item.kind == "predict" and item.reference == "c" and set(item.options) == {"a", "b", "c"}
    check.predict("11.1", "a")
    check.reveal("11.1", "c")
    out = capsys.readouterr().out
    assert "not this time" in out and "float16" in out


# ------------------------------------------------------------------------ 11.2 all-reduce


def test_11_2_reference_equals_the_gradient_of_the_combined_batch() -> None:
    """A linear least-squares model: per-slice mean-loss gradients, combined, equal the whole batch's."""
    rng = np.random.default_rng(0)
    w = rng.normal(size=3)
    x, y = rng.normal(size=(23, 3)), rng.normal(size=23)

    def mean_loss_gradient(xs, ys):
        return 2 * xs.T @ (xs @ w - ys) / len(ys)

    for cuts in ([10], [5, 12, 20], [1, 2]):
        slices = np.split(np.arange(23), cuts)
        grads = np.stack([mean_loss_gradient(x[s], y[s]) for s in slices])
        sizes = [len(s) for s in slices]
        assert np.allclose(lesson_11.all_reduce_mean(grads, sizes), mean_loss_gradient(x, y))


def test_11_2_hidden_cases_have_unequal_slices() -> None:
    sizes = [case[1] for case in lesson_11._CASES_11_2]
    assert any(len(set(s.tolist())) > 1 for s in sizes) and any(len(set(s.tolist())) == 1 for s in sizes)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda g, n: np.mean(g, axis=0), "plain mean"),
        (lambda g, n: np.sum(g, axis=0), "you summed the gradients"),
        (lambda g, n: (np.asarray(n)[:, None] * g).sum(axis=0) / len(n), "divided by the number of replicas"),
        (lambda g, n: (np.asarray(n)[:, None] * g).sum(axis=0), "forgot to divide"),
    ],
)
def test_11_2_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("11.2", wrong)
    assert message is not None and hint in message, message


def test_11_2_other_right_answers_pass() -> None:
    def with_loop(replica_gradients, slice_sizes):
        total = 0
        for g, n in zip(replica_gradients, slice_sizes):
            total = total + n * np.asarray(g)
        return total / sum(slice_sizes)

    assert check.is_correct("11.2", with_loop)


# ------------------------------------------------------------------------ 11.3 global batch and learning rate


def test_11_3_reference_and_example() -> None:
    assert lesson_11.scaled_setup(64, 2, 1, 64, 0.05) == (128, 0.1)
    assert check.given("11.3")["answer"] == (512, 0.2)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda p, r, w, b, lr: (p * r, lr * p * r / b), "forgot the workers"),
        (lambda p, r, w, b, lr: (p * r * w, lr), "not scaled"),
        (lambda p, r, w, b, lr: (p * r * w, lr * np.sqrt(p * r * w / b)), "square root"),
        (lambda p, r, w, b, lr: (p * r * w, lr * r * w), "number of replicas"),
    ],
)
def test_11_3_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("11.3", wrong)
    assert message is not None and hint in message, message


def test_11_3_one_value_instead_of_two_is_told() -> None:
    message = check.feedback("11.3", lambda p, r, w, b, lr: p * r * w)
    assert message is not None and "return 2 values" in message


# ------------------------------------------------------------------------ 11.4 speed-up on paper


def test_11_4_limits() -> None:
    n = np.array([1, 2, 8, 64, 10**6])
    free_links = lesson_11.estimated_speedup(n, 0.1, 0.05, 4e8, 1e30)
    assert np.isclose(free_links[0], 1.0) and np.allclose(free_links, 1 / (0.05 + 0.95 / n))  # Amdahl alone
    assert free_links[-1] < 1 / 0.05
    no_serial = lesson_11.estimated_speedup(n, 0.1, 0.0, 0.0, 1e9)
    assert np.allclose(no_serial, n)  # nothing serial, nothing sent: the ideal N x
    big_n = lesson_11.estimated_speedup(10**6, 0.1, 0.05, 4e8, 1.25e9)
    assert np.isclose(big_n, 0.1 / (0.05 * 0.1 + 2 * 4e8 / 1.25e9), rtol=1e-4)  # the ceiling with a ring


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda n, t1, s, p, b: 1 / (s + (1 - s) / np.asarray(n, float)), "Amdahl's law alone"),
        (
            lambda n, t1, s, p, b: t1 / (t1 * (s + (1 - s) / np.asarray(n, float)) + 2 * p / b),
            "does not vanish for N = 1",
        ),
        (
            lambda n, t1, s, p, b: (
                t1 * (s + (1 - s) / np.asarray(n, float))
                + 2 * (np.asarray(n, float) - 1) / np.asarray(n, float) * p / b
            ),
            "t1 divided by it",
        ),
    ],
)
def test_11_4_typical_mistakes_get_targeted_hints(wrong, hint) -> None:
    message = check.feedback("11.4", wrong)
    assert message is not None and hint in message, message


def test_11_4_scalar_only_code_is_told_about_arrays() -> None:
    def scalar_only(n_devices, step_seconds, serial_fraction, parameter_bytes, bandwidth):
        n = float(n_devices)
        return step_seconds / (
            step_seconds * (serial_fraction + (1 - serial_fraction) / n) + 2 * (n - 1) / n * parameter_bytes / bandwidth
        )

    message = check.feedback("11.4", scalar_only)
    assert message is not None and "raised TypeError" in message
