"""Lesson 14's exercise checkers and the reference functions they rest on (no training)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import lesson_14

# ------------------------------------------------------------------------ 14.1: q(x_t | x_0)


def test_14_1_reference_matches_the_step_by_step_chain_on_average() -> None:
    """Run the chain x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) noise_s; its mean and variance
    over many draws match the closed form's, sqrt(alpha_bar_t) x0 and 1 - alpha_bar_t."""
    rng = np.random.default_rng(0)
    betas = np.linspace(0.05, 0.3, 6)
    x0 = np.full((20_000, 1), 0.7)
    x = x0.copy()
    for beta in betas:
        x = np.sqrt(1 - beta) * x + np.sqrt(beta) * rng.normal(size=x.shape)
    t = np.full(len(x0), len(betas) - 1)
    closed = lesson_14.q_sample(x0, t, rng.normal(size=x0.shape), betas)
    assert abs(x.mean() - closed.mean()) < 0.03 and abs(x.var() - closed.var()) < 0.03
    alpha_bar = np.prod(1 - betas)
    assert closed.mean() == pytest.approx(np.sqrt(alpha_bar) * 0.7, abs=0.02)
    assert closed.var() == pytest.approx(1 - alpha_bar, abs=0.02)


def test_14_1_reference_by_hand_and_bad_input() -> None:
    out = lesson_14.q_sample(np.ones((2, 1)), np.array([0, 1]), np.zeros((2, 1)), np.array([0.19, 0.5]))
    np.testing.assert_allclose(out.ravel(), [0.9, np.sqrt(0.81 * 0.5)])
    with pytest.raises(ValueError, match="shape"):
        lesson_14.q_sample(np.ones((2, 1)), np.array([0]), np.zeros((2, 1)), np.array([0.1]))


def test_14_1_equivalent_answers_pass() -> None:
    def with_tf_like_ops(x0, t, noise, betas):
        a = np.exp(np.cumsum(np.log1p(-betas)))[t][(...,) + (None,) * (x0.ndim - 1)]
        return np.sqrt(a) * x0 + np.sqrt(1 - a) * noise

    def in_float32(x0, t, noise, betas):
        a = np.cumprod(1 - betas.astype(np.float32))[t].reshape((-1,) + (1,) * (x0.ndim - 1))
        return (np.sqrt(a) * x0.astype(np.float32) + np.sqrt(1 - a) * noise.astype(np.float32)).astype(np.float32)

    assert check.is_correct("14.1", with_tf_like_ops)
    assert check.is_correct("14.1", in_float32)
    assert check.is_correct("14.1", lesson_14._q_with_tf_style_gather)


@pytest.mark.parametrize(
    ("variant", "hint"),
    [
        (lesson_14._q_no_sqrt, "standard deviations"),
        (lesson_14._q_alpha_not_bar, "product over every step"),
        (lesson_14._q_swapped, "swapped"),
        (lesson_14._q_beta_for_noise, "one step of the chain"),
        (lesson_14._q_off_by_one, "includes step t itself"),
        (lesson_14._q_cumsum, "not 1 - sum"),
    ],
)
def test_14_1_typical_mistakes_get_targeted_hints(variant, hint) -> None:
    message = check.feedback("14.1", variant)
    assert message is not None and hint in message


def test_14_1_forgotten_reshape_is_named() -> None:
    def no_reshape(x0, t, noise, betas):
        a = np.cumprod(1 - betas)[t]
        return np.sqrt(a) * x0 + np.sqrt(1 - a) * noise

    message = check.feedback("14.1", no_reshape)
    assert message is not None and ("reshape" in message or "shape" in message)


# ------------------------------------------------------------------------ 14.2: one DDPM reverse step


def test_14_2_reference_equals_the_posterior_mean_form() -> None:
    for case in lesson_14._STEP_CASES:
        np.testing.assert_allclose(lesson_14.ddpm_step(*case), lesson_14._step_two_parts(*case), atol=1e-12)


def test_14_2_reference_undoes_a_noise_free_step() -> None:
    """With the true noise and T = 1, one reverse step from x_0 = sqrt(alpha) x + sqrt(beta) eps gives x back."""
    x, eps, beta = np.array([[0.3, -0.8]]), np.array([[1.0, -2.0]]), np.array([0.2])
    x_t = np.sqrt(1 - beta) * x + np.sqrt(beta) * eps
    np.testing.assert_allclose(lesson_14.ddpm_step(x_t, 0, eps, np.ones_like(x), beta), x, atol=1e-12)


def test_14_2_hidden_cases_cover_the_last_step_and_the_first() -> None:
    steps = {(case[1], len(case[4])) for case in lesson_14._STEP_CASES}
    assert any(t == 0 for t, _ in steps) and any(t == T - 1 for t, T in steps) and any(t == 1 for t, _ in steps)


def test_14_2_equivalent_answers_pass() -> None:
    def with_if(x_t, t, eps_pred, z, betas):
        alphas = 1 - betas
        alpha_bar = np.cumprod(alphas)
        x = 1 / np.sqrt(alphas[t]) * (x_t - (1 - alphas[t]) / np.sqrt(1 - alpha_bar[t]) * eps_pred)
        if t > 0:
            x = x + np.sqrt(betas[t]) * z
        return x

    assert check.is_correct("14.2", with_if)
    assert check.is_correct("14.2", lesson_14._step_two_parts)


@pytest.mark.parametrize(
    ("variant", "hint"),
    [
        (lesson_14._step_alpha_bar_outside, "not by sqrt(alpha_bar_t)"),
        (lesson_14._step_no_sqrt, "square root of 1 - alpha_bar_t"),
        (lesson_14._step_sigma_beta, "sigma_t is a standard deviation"),
        (lesson_14._step_sigma_tilde, "other choice of sigma"),
        (lesson_14._step_noise_at_end, "no noise at the last step"),
        (lesson_14._step_plus_eps, "a minus sign"),
        (lesson_14._step_no_noise, "add fresh noise"),
    ],
)
def test_14_2_typical_mistakes_get_targeted_hints(variant, hint) -> None:
    message = check.feedback("14.2", variant)
    assert message is not None and hint in message


# ------------------------------------------------------------------------ 14.3: prediction


def test_14_3_prediction_and_the_outcome_rule(capsys) -> None:
    assert check.is_correct("14.3", "b") and not check.is_correct("14.3", "a")
    assert lesson_14.ddim_outcome(20.0, 10.0) == "a"
    assert lesson_14.ddim_outcome(11.0, 10.0) == "b" and lesson_14.ddim_outcome(7.0, 10.0) == "b"
    assert lesson_14.ddim_outcome(5.0, 10.0) == "c"
    with pytest.raises(ValueError, match="positive"):
        lesson_14.ddim_outcome(1.0, 0.0)
    check.predict("14.3", "a")
    check.reveal("14.3", "b")
    assert "not this time" in capsys.readouterr().out
