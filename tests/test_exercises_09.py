"""Lesson 09's exercise checkers and the reference functions they rest on (no training)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_09

# ------------------------------------------------------------------------ 09.1 and 09.3: predictions


def test_predictions_have_their_answers_and_explanations(capsys) -> None:
    assert check.is_correct("09.1", "b") and not check.is_correct("09.1", "a")
    assert check.is_correct("09.3", "b") and not check.is_correct("09.3", "a") and not check.is_correct("09.3", "c")
    check.predict("09.3", "c")
    check.reveal("09.3", "b")
    out = capsys.readouterr().out
    assert "not this time" in out and "keeps their order" in out


# ------------------------------------------------------------------------ 09.2: one PGD step in the L2 ball


def test_09_2_reference_matches_tensorflows_clip_by_norm() -> None:
    tf = pytest.importorskip("tensorflow")
    for x_adv, x, gradient, alpha, epsilon in lesson_09._PGD_CASES[:-1]:  # the last case has a zero gradient
        axes = list(range(1, x.ndim))
        g = tf.constant(gradient)
        z = x_adv + alpha * (g / tf.norm(tf.reshape(g, (len(x), -1)), axis=1)[(...,) + (None,) * len(axes)]).numpy()
        twin = np.clip(x + tf.clip_by_norm(tf.constant(z - x), epsilon, axes=axes).numpy(), 0.0, 1.0)
        np.testing.assert_allclose(lesson_09.pgd_l2_step(x_adv, x, gradient, alpha, epsilon), twin, atol=1e-12)


def test_09_2_reference_stays_in_the_ball_and_in_valid_pixels() -> None:
    for x_adv, x, gradient, alpha, epsilon in lesson_09._PGD_CASES:
        out = lesson_09.pgd_l2_step(x_adv, x, gradient, alpha, epsilon)
        assert out.min() >= 0.0 and out.max() <= 1.0
        norms = np.sqrt(((out - x) ** 2).reshape(len(x), -1).sum(axis=1))
        assert np.all(norms <= epsilon + 1e-9)
    x_adv, x, gradient, alpha, epsilon = lesson_09._PGD_CASES[-1]
    out = lesson_09.pgd_l2_step(x_adv, x, gradient, alpha, epsilon)
    np.testing.assert_array_equal(out[1], np.clip(x_adv[1], 0, 1))  # zero gradient: the example does not move


def test_09_2_the_hidden_cases_exercise_every_branch() -> None:
    """Some examples need the projection, some do not; some pixels are clipped."""
    x_adv, x, gradient, alpha, epsilon = lesson_09._PGD_CASES[0]
    z = lesson_09._step(x_adv, gradient, alpha)
    norms = np.sqrt(((z - x) ** 2).reshape(len(x), -1).sum(axis=1))
    assert (norms > epsilon).any() and (norms < epsilon).any()
    projected = x + lesson_09._project(z - x, epsilon)
    assert (projected < 0).any() or (projected > 1).any()


def test_09_2_equivalent_answers_pass() -> None:
    def with_tuple_axes(x_adv, x, gradient, alpha, epsilon):
        axes = tuple(range(1, x.ndim))
        g_norm = np.linalg.norm(gradient.reshape(len(x), -1), axis=1).reshape((-1,) + (1,) * (x.ndim - 1))
        delta = x_adv + alpha * gradient / np.maximum(g_norm, 1e-12) - x
        d_norm = np.sqrt(np.sum(delta**2, axis=axes, keepdims=True))
        return np.clip(x + np.where(d_norm > epsilon, delta * epsilon / np.maximum(d_norm, 1e-12), delta), 0, 1)

    assert check.is_correct("09.2", with_tuple_axes)
    assert check.is_correct("09.2", lesson_09._pgd_with_loops)


@pytest.mark.parametrize(
    ("variant", "hint"),
    [
        (lesson_09._pgd_batch_norm, "not over the whole batch"),
        (lesson_09._pgd_sign_step, "L-infinity step"),
        (lambda xa, x, g, a, e: lesson_09.pgd_l2_step(xa, x, -g, a, e), "climbs the loss"),
        (lesson_09._pgd_always_rescale, "only when it leaves the ball"),
        (lesson_09._pgd_around_x_adv, "centred on the original image"),
        (lesson_09._pgd_clip_then_project, "project first, then clip"),
        (lambda xa, x, g, a, e: np.clip(lesson_09._step(xa, g, a), 0, 1), "project back onto the ball"),
        (lambda xa, x, g, a, e: x + lesson_09._project(lesson_09._step(xa, g, a) - x, e), "clip to valid pixels"),
    ],
)
def test_09_2_typical_mistakes_get_targeted_hints(variant, hint) -> None:
    message = check.feedback("09.2", variant)
    assert message is not None and hint in message


def test_09_2_dividing_by_a_zero_norm_is_named() -> None:
    def unguarded(x_adv, x, gradient, alpha, epsilon):
        with np.errstate(invalid="ignore", divide="ignore"):
            norm = np.sqrt((gradient**2).sum(axis=tuple(range(1, x.ndim)), keepdims=True))
            return np.clip(x + lesson_09._project(x_adv + alpha * gradient / norm - x, epsilon), 0, 1)

    assert "max(||g||, 1e-12)" in check.feedback("09.2", unguarded)


# ------------------------------------------------------------------------ 09.4: ECE with equal-mass bins


def test_09_4_reference_by_hand() -> None:
    # sorted confidences 0.6 0.7 | 0.8 0.9 with correct 0 1 | 1 1: gaps |0.5 - 0.65| and |1 - 0.85|
    assert lesson_09.equal_mass_ece([0.6, 0.9, 0.7, 0.8], [0, 1, 1, 1], 2) == pytest.approx(0.15)
    assert lesson_09.equal_mass_ece([0.9, 0.9, 0.9, 0.9], [1, 1, 1, 0], 1) == pytest.approx(0.15)
    with pytest.raises(ValueError, match="1-D arrays"):
        lesson_09.equal_mass_ece([0.5], [1], 2)


def test_09_4_equal_width_reference_matches_the_notebooks_ece_by_hand() -> None:
    # bins of width 0.1: 0.6 and 0.6 in (0.5, 0.6] (accuracy 0.5), 0.9 and 0.9 in (0.8, 0.9] (accuracy 1)
    assert lesson_09.expected_calibration_error(np.array([0.9, 0.9, 0.6, 0.6]), np.array([1, 1, 1, 0]), 10) == (
        pytest.approx(0.5 * 0.1 + 0.5 * 0.1)
    )


def test_09_4_hidden_cases_have_no_ties_and_equal_bins() -> None:
    for confidences, correct, n_bins in lesson_09._ECE_CASES:
        assert len(np.unique(confidences)) == len(confidences) and len(confidences) % n_bins == 0
        assert 0 < correct.mean() < 1


def test_09_4_equivalent_answers_pass() -> None:
    def with_reshape(confidences, correct, n_bins):  # equal bins as rows of a matrix
        order = np.argsort(confidences)
        c = confidences[order].reshape(n_bins, -1)
        r = correct[order].reshape(n_bins, -1).astype(float)
        return np.mean(np.abs(r.mean(axis=1) - c.mean(axis=1)))

    assert check.is_correct("09.4", with_reshape)
    assert check.is_correct("09.4", lesson_09._ece_with_loop)


@pytest.mark.parametrize(
    ("variant", "hint"),
    [
        (lambda c, r, n: lesson_09.expected_calibration_error(c, r, n), "equal-width ECE"),
        (lesson_09._ece_unsorted, "sort the predictions"),
        (lesson_09._ece_signed, "absolute gap"),
        (lesson_09._ece_max, "largest gap"),
        (lesson_09._ece_squared, "not squared"),
        (lesson_09._ece_per_example, "first average within a bin"),
    ],
)
def test_09_4_typical_mistakes_get_targeted_hints(variant, hint) -> None:
    message = check.feedback("09.4", variant)
    assert message is not None and hint in message


# ------------------------------------------------------------------------ 09.5: mutual information


def test_09_5_reference_against_scipy_and_its_bounds() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    for (p,) in lesson_09._MI_CASES:
        expected = scipy_stats.entropy(p.mean(axis=0), axis=-1) - scipy_stats.entropy(p, axis=-1).mean(axis=0)
        got = lesson_09.mutual_information(p)
        np.testing.assert_allclose(got, expected, atol=1e-12)
        assert np.all(got >= -1e-12) and np.all(got <= np.log(p.shape[0]) + 1e-12)  # 0 <= I <= log M
    one_hot = lesson_09._MI_CASES[-1][0]
    np.testing.assert_allclose(lesson_09.mutual_information(one_hot)[0], 0.0, atol=1e-12)  # all members agree


def test_09_5_entropy_counts_zero_log_zero_as_zero() -> None:
    assert lesson_09.entropy(np.array([1.0, 0.0, 0.0])) == 0.0
    assert lesson_09.entropy(np.full(8, 1 / 8)) == pytest.approx(np.log(8))
    with pytest.raises(ValueError, match="members, inputs, classes"):
        lesson_09.mutual_information(np.ones((2, 3)))


def test_09_5_equivalent_answers_pass() -> None:
    def with_clip(member_probs):
        def h(p):
            return -np.sum(p * np.log(np.clip(p, 1e-15, 1.0)), axis=-1)

        return h(member_probs.mean(axis=0)) - np.mean(h(member_probs), axis=0)

    assert check.is_correct("09.5", with_clip)
    assert check.is_correct("09.5", lesson_09._mi_with_loops)


@pytest.mark.parametrize(
    ("variant", "hint"),
    [
        (lambda p: lesson_09.mutual_information(p) / np.log(2), "bits"),
        (lambda p: lesson_09.entropy(np.asarray(p).mean(axis=0)), "total uncertainty"),
        (lambda p: lesson_09.entropy(np.asarray(p)).mean(axis=0), "mean entropy"),
        (lambda p: -lesson_09.mutual_information(p), "sign is flipped"),
    ],
)
def test_09_5_typical_mistakes_get_targeted_hints(variant, hint) -> None:
    message = check.feedback("09.5", variant)
    assert message is not None and hint in message


def test_09_5_nan_from_zero_log_zero_is_named() -> None:
    def unguarded(member_probs):
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = member_probs.mean(axis=0)
            return -np.sum(mean * np.log(mean), -1) + np.mean(np.sum(member_probs * np.log(member_probs), -1), 0)

    assert "0 * log(0)" in check.feedback("09.5", unguarded)


def test_09_5_wrong_axis_gets_a_shape_message() -> None:
    message = check.feedback("09.5", lambda p: lesson_09.entropy(p.mean(axis=1)) - lesson_09.entropy(p).mean(axis=1))
    assert message is not None and "shape" in message
