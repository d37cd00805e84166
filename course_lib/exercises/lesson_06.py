"""Exercises of lesson 06 (generative adversarial networks).

* 06.1: the value of the GAN game at its equilibrium, ``-log 4``.
* 06.2: the Fréchet distance between two 1-D Gaussians, by hand.
* 06.3: the Inception-Score-style score of a collapsed generator that draws only two digits.

Every expected value is computed here from the math, not copied from a training run.
"""

from __future__ import annotations

import math

from ..check import close_to, register


def equilibrium_value() -> float:
    """V(D*, G) when p_g = p_data: D*(x) = 1/2 everywhere, so V = log(1/2) + log(1 - 1/2).

    Example:
        >>> equilibrium_value() < 0
        True
    """
    d_star = 0.5
    return math.log(d_star) + math.log(1.0 - d_star)


def frechet_1d(mu_a: float, var_a: float, mu_b: float, var_b: float) -> float:
    """The Fréchet distance between N(mu_a, var_a) and N(mu_b, var_b) in one dimension.

    The matrix formula ``|mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))`` with 1x1 matrices.

    Example:
        >>> frechet_1d(0.0, 1.0, 0.0, 1.0)
        0.0
    """
    return (mu_a - mu_b) ** 2 + var_a + var_b - 2.0 * math.sqrt(var_a * var_b)


def inception_score_of_modes(n_modes: int, n_classes: int = 10) -> float:
    """IS-style score of a generator that draws ``n_modes`` classes equally often, each with
    classifier confidence 1: p(y|x) is one-hot, p(y) is uniform over the n_modes classes, so
    every KL(p(y|x) || p(y)) equals log(n_modes) and the score is n_modes.

    Example:
        >>> round(inception_score_of_modes(10), 6)
        10.0
    """
    if not 1 <= n_modes <= n_classes:
        raise ValueError(f"n_modes must be between 1 and {n_classes}, got {n_modes}")
    p_y = 1.0 / n_modes
    kl = 1.0 * math.log(1.0 / p_y)  # one-hot p(y|x): a single term, 1 * log(1 / p(y))
    return math.exp(kl)


def _as_number(answer: object) -> float | None:
    try:
        return float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@register(
    "06.1",
    reference=-math.log(4.0),
    wrong=math.log(0.5),
    solution=(
        "At the equilibrium p_g = p_data, so the best discriminator D*(x) = p_data / (p_data + p_g) = 1/2\n"
        "for every image, real or generated. Both expectations in V then hold a constant:\n"
        "    V = E_x[log 1/2] + E_z[log(1 - 1/2)] = log(1/2) + log(1/2) = -log 4 ≈ -1.386.\n"
        "In code: answer = 2 * np.log(0.5)   (or -np.log(4)).\n"
        "This is also why a discriminator loss (binary cross-entropy, summed over the real and the fake\n"
        "batch) of about log 4 ≈ 1.386 means that D can no longer tell the two apart."
    ),
)
def _check_06_1(answer: object) -> str | None:
    value = _as_number(answer)
    if value is None:
        return f"expected a number (a float), got {type(answer).__name__}"
    expected = equilibrium_value()
    if math.isclose(value, math.log(0.5), abs_tol=1e-3):
        return "that is one of the two terms; V adds the real-image term and the generated-image term"
    if math.isclose(value, -expected, abs_tol=1e-3):
        return "check the sign: the logarithm of a probability below 1 is negative"
    if math.isclose(value, 0.5, abs_tol=1e-3):
        return "1/2 is D*(x); now put it into both logarithms of V(D, G)"
    return close_to(expected, value, atol=1e-3, rtol=0, what="value of V(D, G)")


@register(
    "06.2",
    reference=frechet_1d(0.0, 1.0, 3.0, 4.0),
    wrong=9.0,
    solution=(
        "In one dimension the covariance matrices are the variances, and the square root of their\n"
        "product is the product of the standard deviations:\n"
        "    FD = (mu_a - mu_b)^2 + var_a + var_b - 2 sqrt(var_a var_b)\n"
        "       = (0 - 3)^2 + 1 + 4 - 2 * sqrt(1 * 4) = 9 + 5 - 4 = 10.\n"
        "That is (difference of means)^2 + (difference of standard deviations)^2 = 9 + 1.\n"
        "Check with the lesson's function and 1x1 matrices:\n"
        "    frechet_distance(np.array([0.0]), np.array([[1.0]]), np.array([3.0]), np.array([[4.0]]))  # 10.0"
    ),
)
def _check_06_2(answer: object) -> str | None:
    value = _as_number(answer)
    if value is None:
        return f"expected a number (a float), got {type(answer).__name__}"
    expected = frechet_1d(0.0, 1.0, 3.0, 4.0)
    if math.isclose(value, 9.0, abs_tol=1e-3):
        return "9 is only the distance between the means; the trace term adds the difference in spread"
    if math.isclose(value, 14.0, abs_tol=1e-3):
        return "don't forget the -2 (S_a S_b)^(1/2) part of the trace term"
    if math.isclose(value, 9.0 + (4.0 - 1.0) ** 2, abs_tol=1e-3):
        return "4 is the variance of the second Gaussian, not its standard deviation"
    return close_to(expected, value, atol=1e-3, rtol=0, what="Fréchet distance")


@register(
    "06.3",
    reference=inception_score_of_modes(2),
    wrong=10.0,
    solution=(
        "Each image is classified with confidence 1, so p(y|x) is one-hot, e.g. [1, 0, 0, ...].\n"
        "Half the images are 0s and half are 1s, so p(y) = [0.5, 0.5, 0, ..., 0].\n"
        "For every image, KL(p(y|x) || p(y)) = 1 * log(1 / 0.5) = log 2 (the zero entries add nothing).\n"
        "IS = exp(mean KL) = exp(log 2) = 2.\n"
        "A generator that collapses onto k equally frequent, perfectly drawn classes scores exactly k:\n"
        "the score rewards confident and varied classes, and it caps a collapsed generator at k."
    ),
)
def _check_06_3(answer: object) -> str | None:
    value = _as_number(answer)
    if value is None:
        return f"expected a number (a float), got {type(answer).__name__}"
    expected = inception_score_of_modes(2)
    if math.isclose(value, 10.0, abs_tol=1e-3):
        return "10 would need all ten digits; p(y) here only spreads over two classes"
    if math.isclose(value, math.log(2.0), abs_tol=1e-3):
        return "that is the mean KL divergence; the score is its exponential"
    if math.isclose(value, 1.0, abs_tol=1e-3):
        return "1 is the score of a generator stuck on a single class; this one draws two"
    return close_to(expected, value, atol=1e-3, rtol=0, what="Inception-Score-style score")
