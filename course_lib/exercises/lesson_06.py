"""Exercises of lesson 06 (generative adversarial networks).

06.1  value    the value of the game at its equilibrium, -log 4, to 2 decimals
06.2  code     the discriminator's and the generator's losses from logits, numerically stable
06.3  value    the Fréchet distance between two 1-D Gaussians, by hand
06.4  code     the Fréchet distance between two Gaussians in any dimension
06.5  predict  which measurements expose a sample of ten perfect digits repeated
06.6  value    the Inception-Score-style score of a generator that draws only two digits

Every expected value is computed here from the math, not copied from a training run; the code
exercises run the learner's function on hidden inputs made below with a fixed seed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.linalg

from ..check import (
    check_function,
    check_value,
    register,
    register_prediction,
)

_rng = np.random.default_rng(606)


# ------------------------------------------------------------------ 06.1 the value of the game

D_STAR = 0.5  # the best discriminator's output everywhere, once p_g = p_data


def equilibrium_value(d_star: float = D_STAR) -> float:
    """V(D*, G) when D*(x) = d_star for every image: log(d_star) + log(1 - d_star) (``-log 4`` at 1/2).

    Example:
        >>> round(equilibrium_value(), 4)
        -1.3863
    """
    return math.log(d_star) + math.log(1.0 - d_star)


@register(
    "06.1",
    reference=equilibrium_value(),
    kind="value",
    right=[-1.39, -1.386, np.float32(-1.39), np.array([-1.39]), -math.log(4)],
    wrongs=[math.log(0.5), math.log(4.0), 0.5, -2.0],
    data={"d_star": D_STAR},
    solution=(
        "At the equilibrium p_g = p_data, so the best discriminator D*(x) = p_data / (p_data + p_g) = 1/2\n"
        "for every image, real or generated. Both expectations in V then hold a constant:\n"
        "    V = E_x[log 1/2] + E_z[log(1 - 1/2)] = log(1/2) + log(1/2) = -log 4 ≈ -1.39.\n"
        "In code: answer = 2 * np.log(0.5)   (or -np.log(4)).\n"
        "This is also why a discriminator loss (binary cross-entropy, summed over the real and the fake\n"
        "batch) of about log 4 ≈ 1.39 means that D can no longer tell the two apart."
    ),
)
def _check_06_1(answer: Any) -> str | None:
    return check_value(
        answer,
        equilibrium_value(),
        2,
        hints=[
            (math.log(0.5), "that is one of the two terms; V adds the real-image term and the generated-image term"),
            (-equilibrium_value(), "check the sign: the logarithm of a probability below 1 is negative"),
            (D_STAR, "1/2 is D*(x); now put it into both logarithms of V(D, G)"),
            (2 * math.log2(D_STAR), "use the natural logarithm (np.log), as the losses do; log2 gives -2"),
        ],
        what="value of V(D*, G)",
    )


# ------------------------------------------------------------------ 06.2 the two losses from logits


def _softplus(u: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, u)  # log(1 + e^u), without overflow


def gan_losses(s_real: Any, s_fake: Any) -> tuple[float, float]:
    """(L_D, L_G) from the discriminator's logits on real images and on fakes:
    L_D = BCE(1, s_real) + BCE(0, s_fake) and the non-saturating L_G = BCE(1, s_fake), each BCE a
    mean over its batch; BCE(1, s) = log(1 + e^-s) and BCE(0, s) = log(1 + e^s), computed stably.

    Example:
        >>> [round(loss, 4) for loss in gan_losses(np.zeros(3), np.zeros(2))]
        [1.3863, 0.6931]
    """
    s_real, s_fake = np.asarray(s_real, dtype=float), np.asarray(s_fake, dtype=float)
    d_loss = np.mean(_softplus(-s_real)) + np.mean(_softplus(s_fake))
    g_loss = np.mean(_softplus(-s_fake))
    return float(d_loss), float(g_loss)


def _bce_from_logits(label: float, s: np.ndarray) -> float:
    """A second correct way: max(s, 0) - y s + log(1 + e^-|s|), the form Keras and TensorFlow use."""
    s = np.asarray(s, dtype=float)
    return float(np.mean(np.maximum(s, 0) - label * s + np.log1p(np.exp(-np.abs(s)))))


def _gan_losses_keras_form(s_real: Any, s_fake: Any) -> tuple[float, float]:
    return _bce_from_logits(1.0, s_real) + _bce_from_logits(0.0, s_fake), _bce_from_logits(1.0, s_fake)


def _sigmoid(s: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(s, dtype=float)))


def _losses_on_probabilities(s_real, s_fake):  # sigmoid applied first, then the from-logits formula
    return gan_losses(_sigmoid(s_real), _sigmoid(s_fake))


def _losses_saturating(s_real, s_fake):  # G minimises log(1 - D(G(z))) = -softplus(s_fake)
    return gan_losses(s_real, s_fake)[0], float(-np.mean(_softplus(np.asarray(s_fake, dtype=float))))


def _losses_generator_label_0(s_real, s_fake):  # G's fakes scored against the label 0, like D's
    return gan_losses(s_real, s_fake)[0], float(np.mean(_softplus(np.asarray(s_fake, dtype=float))))


def _losses_swapped(s_real, s_fake):  # real -> 0 and fake -> 1 for D (and fake -> 0 for G)
    s_real, s_fake = np.asarray(s_real, dtype=float), np.asarray(s_fake, dtype=float)
    return float(np.mean(_softplus(s_real)) + np.mean(_softplus(-s_fake))), float(np.mean(_softplus(s_fake)))


def _losses_summed(s_real, s_fake):
    s_real, s_fake = np.asarray(s_real, dtype=float), np.asarray(s_fake, dtype=float)
    return float(np.sum(_softplus(-s_real)) + np.sum(_softplus(s_fake))), float(np.sum(_softplus(-s_fake)))


def _losses_pooled(s_real, s_fake):  # one mean over both batches instead of the sum of two means
    s_real, s_fake = np.asarray(s_real, dtype=float).ravel(), np.asarray(s_fake, dtype=float).ravel()
    both = np.concatenate([_softplus(-s_real), _softplus(s_fake)])
    return float(np.mean(both)), gan_losses(s_real, s_fake)[1]


def _losses_naive(s_real, s_fake):  # -log(sigmoid(s)) written out: overflows for logits far from 0
    s_real, s_fake = np.asarray(s_real, dtype=float), np.asarray(s_fake, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        p_real, p_fake = 1 / (1 + np.exp(-s_real)), 1 / (1 + np.exp(-s_fake))
        return (
            float(-np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))),
            float(-np.mean(np.log(p_fake))),
        )


def _logits(*shape: int, scale: float = 2.0) -> np.ndarray:
    return scale * _rng.normal(size=shape)


_EXTREME = 4  # the index of the case with logits of +-800
LOSS_CASES = [
    (_logits(8), _logits(8)),
    (_logits(16, 1, scale=3.0), _logits(16, 1, scale=3.0)),  # the (batch, 1) logits a Keras model returns
    (_logits(1), _logits(1)),  # a batch of one
    (_logits(5), _logits(7)),  # batches of different sizes
    (np.array([800.0, -800.0, 40.0, -3.0]), np.array([-800.0, 800.0, -40.0, 0.5])),  # sigmoid rounds to 0 or 1
]
_LOSS_VARIANTS = {
    "your losses treat the probabilities sigmoid(s) as logits: the inputs are already logits, so use "
    "BCE(1, s) = log(1 + e^(-s)) on s directly": _losses_on_probabilities,
    "that is the saturating loss log(1 - D(G(z))) of the minimax game; train_step uses the non-saturating "
    "one: L_G = BCE(1, s_fake) = -log D(G(z)), the generator wants its fakes called real": _losses_saturating,
    "L_G scores the fakes against the label 0, the discriminator's view; the generator wants them called "
    "real: L_G = BCE(1, s_fake)": _losses_generator_label_0,
    "the labels are swapped: real images get the label 1 (BCE(1, s_real)), fakes the label 0 (BCE(0, s_fake))": (
        _losses_swapped
    ),
    "those are sums over the batch; each BCE is a mean over its batch (np.mean), as Keras computes it": _losses_summed,
    "L_D adds two means, one over the real batch and one over the fakes (as train_step does); yours takes one "
    "mean over both batches": _losses_pooled,
}


def _finite_losses(got: Any, index: int) -> str | None:
    """A hint when the learner's losses hold nan or inf (most often: np.log of a sigmoid that rounded to 0)."""
    try:
        values = [float(np.asarray(v, dtype=float).reshape(-1)[0]) for v in got]
    except (TypeError, ValueError, IndexError):
        return None  # check_function says what is wrong with the type or the shape
    if all(math.isfinite(v) for v in values):
        return None
    if index == _EXTREME:
        return (
            "your losses are inf or nan for logits like +-800, where sigmoid(s) rounds to exactly 0 or 1 and "
            "np.log returns -inf. Rewrite -log sigmoid(s) = log(1 + e^(-s)) and -log(1 - sigmoid(s)) = "
            "log(1 + e^s), and compute log(1 + e^u) with np.logaddexp(0, u)"
        )
    return (
        "your losses are nan or inf: np.log of a negative number or of 0? The inputs are logits (any real "
        "number), not probabilities: -log D(x) = log(1 + e^(-s))"
    )


def _loss_diagnosis(got: Any, case: tuple[Any, ...], index: int) -> str | None:
    """nan or inf in the learner's pair of losses: the hint needs the raw output."""
    return _finite_losses(got, index) if isinstance(got, (tuple, list)) and len(got) == 2 else None


@register(
    "06.2",
    reference=gan_losses,
    kind="code",
    right=[_gan_losses_keras_form],
    wrongs=[_losses_on_probabilities, _losses_saturating, _losses_swapped, _losses_summed, _losses_naive],
    solution=(
        "def gan_losses(s_real, s_fake):\n"
        "    softplus = lambda u: np.logaddexp(0, u)                 # log(1 + e^u), no overflow\n"
        "    d_loss = np.mean(softplus(-s_real)) + np.mean(softplus(s_fake))\n"
        "    g_loss = np.mean(softplus(-s_fake))\n"
        "    return d_loss, g_loss\n"
        "\n"
        "With p = sigmoid(s): -log p = log(1 + e^(-s)) and -log(1 - p) = log(1 + e^s). So BCE(1, s) =\n"
        "softplus(-s) and BCE(0, s) = softplus(s). L_D = BCE(1, s_real) + BCE(0, s_fake): real images\n"
        "labelled 1, fakes 0. The generator's non-saturating loss L_G = BCE(1, s_fake) = -log D(G(z)) is\n"
        "large when D rejects the fakes, and so is its gradient. For s = -800, sigmoid(s) rounds to 0 and\n"
        "np.log(0) = -inf; np.logaddexp(0, 800) = 800 exactly. keras.losses.BinaryCrossentropy(from_logits=True)\n"
        "gives the same numbers."
    ),
)
def _check_06_2(function: Any) -> str | None:
    return check_function(
        function,
        gan_losses,
        LOSS_CASES,
        variants=_LOSS_VARIANTS,
        outputs=("d_loss", "g_loss"),
        diagnose=_loss_diagnosis,
        rtol=1e-5,
        atol=1e-6,
        advice="L_D = mean BCE(1, s_real) + mean BCE(0, s_fake), L_G = mean BCE(1, s_fake)",
        name="gan_losses",
    )


# ------------------------------------------------------------------ 06.3 a Fréchet distance by hand

FD_1D = {"mu_a": 0.0, "var_a": 1.0, "mu_b": 3.0, "var_b": 4.0}


def frechet_1d(mu_a: float, var_a: float, mu_b: float, var_b: float) -> float:
    """The Fréchet distance between N(mu_a, var_a) and N(mu_b, var_b) in one dimension.

    The matrix formula ``|mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))`` with 1x1 matrices.

    Example:
        >>> frechet_1d(0.0, 1.0, 0.0, 1.0)
        0.0
    """
    return (mu_a - mu_b) ** 2 + var_a + var_b - 2.0 * math.sqrt(var_a * var_b)


_FD_1D = frechet_1d(**FD_1D)


@register(
    "06.3",
    reference=_FD_1D,
    kind="value",
    right=[10, 10.0, np.array([[10.0]]), np.float32(10.0), 10.004],
    wrongs=[9.0, 14.0, 18.0, 12.0],
    data=FD_1D,
    solution=(
        "In one dimension the covariance matrices are the variances, and the square root of their\n"
        "product is the product of the standard deviations:\n"
        "    FD = (mu_a - mu_b)^2 + var_a + var_b - 2 sqrt(var_a var_b)\n"
        "       = (0 - 3)^2 + 1 + 4 - 2 * sqrt(1 * 4) = 9 + 5 - 4 = 10.\n"
        "That is (difference of means)^2 + (difference of standard deviations)^2 = 9 + 1.\n"
        "With 1x1 matrices (the lesson's frechet_distance, or yours from exercise 06.4):\n"
        "    frechet_distance(np.array([0.0]), np.array([[1.0]]), np.array([3.0]), np.array([[4.0]]))  # 10.0"
    ),
)
def _check_06_3(answer: Any) -> str | None:
    mu_a, var_a, mu_b, var_b = FD_1D.values()
    return check_value(
        answer,  # a number, or the 1x1 array the matrix formula gives: both are read as one number
        _FD_1D,
        2,
        hints=[
            (
                (mu_a - mu_b) ** 2,
                "9 is only the distance between the means; the trace term adds the difference in spread",
            ),
            ((mu_a - mu_b) ** 2 + var_a + var_b, "don't forget the -2 (S_a S_b)^(1/2) part of the trace term"),
            (
                (mu_a - mu_b) ** 2 + (var_b - var_a) ** 2,
                "4 is the variance of the second Gaussian, not its standard deviation",
            ),
            (
                (mu_a - mu_b) ** 2 + var_a + var_b - math.sqrt(var_a * var_b),
                "the trace term subtracts twice the square root: -2 (S_a S_b)^(1/2)",
            ),
        ],
        what="Fréchet distance",
    )


# ------------------------------------------------------------------ 06.4 the Fréchet distance in code


def gaussian_frechet_distance(mu_a: Any, sigma_a: Any, mu_b: Any, sigma_b: Any) -> float:
    """|mu_a - mu_b|^2 + Tr(sigma_a + sigma_b - 2 (sigma_a sigma_b)^(1/2)), with the matrix square root
    of scipy.linalg.sqrtm (its round-off imaginary parts dropped).

    Example:
        >>> round(gaussian_frechet_distance(np.zeros(2), np.eye(2), np.ones(2), 4 * np.eye(2)), 6)
        4.0
    """
    mu_a, mu_b = np.asarray(mu_a, dtype=float), np.asarray(mu_b, dtype=float)
    sigma_a, sigma_b = np.asarray(sigma_a, dtype=float), np.asarray(sigma_b, dtype=float)
    root = scipy.linalg.sqrtm(sigma_a @ sigma_b).real
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * root))


def _frechet_by_eigenvalues(mu_a, sigma_a, mu_b, sigma_b) -> float:
    """A second correct way: Tr((S_a S_b)^(1/2)) is the sum of the square roots of the eigenvalues of
    the symmetric matrix S_a^(1/2) S_b S_a^(1/2), which has the same eigenvalues as S_a S_b."""
    values, vectors = np.linalg.eigh(sigma_a)
    root_a = vectors @ np.diag(np.sqrt(np.clip(values, 0, None))) @ vectors.T
    middle = np.linalg.eigvalsh(root_a @ sigma_b @ root_a)
    return float(
        np.sum((mu_a - mu_b) ** 2)
        + np.trace(sigma_a)
        + np.trace(sigma_b)
        - 2 * np.sum(np.sqrt(np.clip(middle, 0, None)))
    )


def _fd_no_root_term(mu_a, sigma_a, mu_b, sigma_b):
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b))


def _fd_root_once(mu_a, sigma_a, mu_b, sigma_b):
    root = scipy.linalg.sqrtm(sigma_a @ sigma_b).real
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - root))


def _fd_elementwise_root(mu_a, sigma_a, mu_b, sigma_b):
    with np.errstate(invalid="ignore"):
        return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * np.sqrt(sigma_a @ sigma_b)))


def _fd_elementwise_product(mu_a, sigma_a, mu_b, sigma_b):
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * np.sqrt(np.abs(sigma_a * sigma_b))))


def _fd_product_of_roots(mu_a, sigma_a, mu_b, sigma_b):
    root = (scipy.linalg.sqrtm(sigma_a) @ scipy.linalg.sqrtm(sigma_b)).real
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * root))


def _fd_distance_not_squared(mu_a, sigma_a, mu_b, sigma_b):
    root = scipy.linalg.sqrtm(sigma_a @ sigma_b).real
    return float(np.linalg.norm(mu_a - mu_b) + np.trace(sigma_a + sigma_b - 2 * root))


def _fd_sum_not_trace(mu_a, sigma_a, mu_b, sigma_b):
    root = scipy.linalg.sqrtm(sigma_a @ sigma_b).real
    return float(np.sum((mu_a - mu_b) ** 2) + np.sum(sigma_a + sigma_b - 2 * root))


def _covariance(d: int, diagonal: bool = False) -> np.ndarray:
    if diagonal:
        return np.diag(_rng.uniform(0.5, 3.0, size=d))
    m = _rng.normal(size=(d, d + 2))
    return m @ m.T / (d + 2) + 0.1 * np.eye(d)  # symmetric, positive definite, with off-diagonal terms


def _gaussians(d: int, diagonal: bool = False, same: bool = False) -> tuple[np.ndarray, ...]:
    mu_a, sigma_a = _rng.normal(size=d), _covariance(d, diagonal)
    if same:
        return mu_a, sigma_a, mu_a.copy(), sigma_a.copy()
    return mu_a, sigma_a, _rng.normal(size=d), _covariance(d, diagonal)


FRECHET_CASES = [
    _gaussians(3),
    _gaussians(2),
    _gaussians(1),  # 1-D: 1-element means, 1x1 covariances
    _gaussians(5),
    _gaussians(4, same=True),  # one Gaussian against itself: 0
    _gaussians(3, diagonal=True),
    _gaussians(16),
]
_FRECHET_VARIANTS = {
    "the -2 (S_a S_b)^(1/2) part of the trace term is missing: it is what makes the distance of a Gaussian "
    "to itself 0": _fd_no_root_term,
    "the square-root term counts twice: Tr(S_a + S_b - 2 (S_a S_b)^(1/2))": _fd_root_once,
    "np.sqrt takes the root of each entry; (S_a S_b)^(1/2) is the matrix square root, scipy.linalg.sqrtm "
    "(a matrix R with R @ R = S_a @ S_b)": _fd_elementwise_root,
    "S_a * S_b multiplies entry by entry; the formula has the matrix product S_a @ S_b, and its matrix "
    "square root (scipy.linalg.sqrtm)": _fd_elementwise_product,
    "sqrtm(S_a) @ sqrtm(S_b) is not the square root of S_a @ S_b (they agree only when the matrices commute): "
    "take scipy.linalg.sqrtm(S_a @ S_b)": _fd_product_of_roots,
    "the mean term is the squared distance |mu_a - mu_b|^2 = np.sum((mu_a - mu_b)**2), not its square root": (
        _fd_distance_not_squared
    ),
    "Tr is the trace, the sum of the diagonal (np.trace), not the sum of all entries": _fd_sum_not_trace,
}


def _one_number(function: Any) -> Any:
    """The learner's function, with a 1-element array output read as the number it holds."""

    def wrapped(*args: Any) -> Any:
        out = function(*args)
        if isinstance(out, (np.ndarray, list, tuple)) and np.size(out) == 1 and not isinstance(out, str):
            return np.asarray(out).reshape(())
        return out

    return wrapped


def _frechet_diagnosis(got: Any, case: tuple[Any, ...], index: int) -> str | None:
    """nan, inf or a complex distance: the hints need the learner's raw output."""
    try:
        value = np.asarray(got, dtype=complex)
    except (TypeError, ValueError):
        return None
    if value.size == 1 and not np.isfinite(value).all():
        return (
            "your distance is nan or inf: np.sqrt of a matrix takes the root of each entry and gives nan "
            "for a negative one. Use the matrix square root, scipy.linalg.sqrtm(sigma_a @ sigma_b)"
        )
    if value.size == 1 and abs(value.reshape(()).imag) > 1e-6 * max(1.0, abs(value.reshape(()))):
        return "your distance is a complex number: keep the real part of the matrix square root, sqrtm(...).real"
    return None


@register(
    "06.4",
    reference=gaussian_frechet_distance,
    kind="code",
    right=[_frechet_by_eigenvalues, lambda *args: np.array([[gaussian_frechet_distance(*args)]])],
    wrongs=[_fd_no_root_term, _fd_root_once, _fd_elementwise_root, _fd_product_of_roots, _fd_sum_not_trace],
    solution=(
        "def gaussian_frechet_distance(mu_a, sigma_a, mu_b, sigma_b):\n"
        "    root = scipy.linalg.sqrtm(sigma_a @ sigma_b).real       # the matrix square root of the product\n"
        "    return np.sum((mu_a - mu_b) ** 2) + np.trace(sigma_a + sigma_b - 2 * root)\n"
        "\n"
        "sqrtm finds the matrix R with R @ R = sigma_a @ sigma_b; np.sqrt would take the root of each entry\n"
        "instead (and give nan for a negative one). The product of two covariance matrices is not symmetric,\n"
        "but its eigenvalues are real and not negative, so R exists; round-off can leave tiny imaginary\n"
        "parts, which .real drops. In one dimension this is (mu_a - mu_b)^2 + (sd_a - sd_b)^2 (exercise 06.3)."
    ),
)
def _check_06_4(function: Any) -> str | None:
    return check_function(
        _one_number(function) if callable(function) else function,
        gaussian_frechet_distance,
        FRECHET_CASES,
        variants=_FRECHET_VARIANTS,
        diagnose=_frechet_diagnosis,
        rtol=1e-4,
        atol=1e-6,
        advice="|mu_a - mu_b|^2 + Tr(sigma_a + sigma_b - 2 sqrtm(sigma_a @ sigma_b))",
        name="gaussian_frechet_distance",
    )


# ------------------------------------------------------------------ 06.5 predict: which score sees the collapse?

register_prediction(
    "06.5",
    options={
        "a": "the histogram or the IS-style score, and the FID-style score too",
        "b": "only the FID-style score",
        "c": "the histogram or the IS-style score, but not the FID-style score",
        "d": "none of them",
    },
    answer="b",
    why=(
        "the ten images are perfect digits, one per class, each repeated 100 times: every class holds exactly "
        "10% of the sample (a flat histogram) and every image is a confident digit, so the IS-style score is as "
        "high as real digits'. Both only look at classes. The FID-style score compares the spread of the "
        "features with real digits': ten points have almost none, so it is far higher than real digits'."
    ),
)


# ------------------------------------------------------------------ 06.6 the IS-style score of two modes

IS_MODES = 2


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


@register(
    "06.6",
    reference=inception_score_of_modes(IS_MODES),
    kind="value",
    right=[2, 2.0, np.float64(2.0), 1.999, np.array([2.0])],
    wrongs=[10.0, math.log(2.0), 1.0],
    data={"digits": [0, 1], "confidence": 1.0},
    solution=(
        "Each image is classified with confidence 1, so p(y|x) is one-hot, e.g. [1, 0, 0, ...].\n"
        "Half the images are 0s and half are 1s, so p(y) = [0.5, 0.5, 0, ..., 0].\n"
        "For every image, KL(p(y|x) || p(y)) = 1 * log(1 / 0.5) = log 2 (the zero entries add nothing).\n"
        "IS = exp(mean KL) = exp(log 2) = 2.\n"
        "In code: probs = np.repeat(np.eye(10)[[0, 1]], 50, axis=0); inception_score(probs)   # 2.0\n"
        "A generator that collapses onto k equally frequent, perfectly drawn classes scores exactly k:\n"
        "the score rewards confident and varied classes, and it caps a collapsed generator at k."
    ),
)
def _check_06_6(answer: Any) -> str | None:
    return check_value(
        answer,
        inception_score_of_modes(IS_MODES),
        2,
        hints=[
            (10.0, "10 would need all ten digits; p(y) here only spreads over two classes"),
            (math.log(2.0), "that is the mean KL divergence; the score is its exponential"),
            (1.0, "1 is the score of a generator stuck on a single class; this one draws two"),
        ],
        what="IS-style score",
    )
