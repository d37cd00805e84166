"""Exercises of lesson 07 (autoencoders).

* 07.1: the output size of a transposed convolution with padding "valid".
* 07.2: the KL term of a VAE, KL(N(mu, sigma^2) || N(0, 1)), as a NumPy function.
* 07.3: an anomaly threshold that flags a chosen fraction of normal data (the false-alarm rate).

Expected values are computed here from the formulas, not typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import close_to, register


def transposed_conv_output_size(n: int, kernel: int, stride: int) -> int:
    """Rows of the output of a transposed convolution with padding "valid" (kernel >= stride).

    Every one of the ``n`` input rows stamps the ``kernel`` rows of the kernel onto the output,
    ``stride`` rows further down than the previous one: the last stamp starts at row
    ``(n - 1) * stride`` and ends ``kernel`` rows later.

    Example:
        >>> transposed_conv_output_size(2, 3, 2)
        5
    """
    if min(n, kernel, stride) <= 0 or kernel < stride:
        raise ValueError(f"expected positive sizes with kernel >= stride, got n={n}, kernel={kernel}, stride={stride}")
    return (n - 1) * stride + kernel


def gaussian_kl(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """KL(N(mu, exp(log_var)) || N(0, I)) for each row of a batch of diagonal Gaussians.

    ``mu`` and ``log_var`` have shape (batch, latent_dim); the result has shape (batch,).

    Example:
        >>> gaussian_kl(np.zeros((1, 2)), np.zeros((1, 2))).tolist()
        [0.0]
    """
    mu, log_var = np.asarray(mu, dtype=float), np.asarray(log_var, dtype=float)
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - 1.0 - log_var, axis=-1)


def false_alarm_rate(normal_errors: np.ndarray, threshold: float) -> float:
    """The fraction of normal examples whose error is above ``threshold`` (flagged by mistake).

    Example:
        >>> false_alarm_rate(np.arange(100), 94.5)
        0.05
    """
    return float(np.mean(np.asarray(normal_errors, dtype=float) > float(threshold)))


# 07.1: a Conv2DTranspose with kernel 4, stride 2, padding "valid" on a 7 x 7 input.
_N, _K, _S = 7, 4, 2
_SIZE_07_1 = transposed_conv_output_size(_N, _K, _S)


@register(
    "07.1",
    reference=_SIZE_07_1,
    wrong=_N * _S,
    solution=(
        "Input row i stamps the kernel onto output rows i*stride ... i*stride + kernel - 1.\n"
        "The last input row is i = n - 1 = 6, so the last stamp covers rows 12 ... 15:\n"
        "  output size = (n - 1) * stride + kernel = 6 * 2 + 4 = 16.\n"
        "Check it: keras.layers.Conv2DTranspose(1, 4, strides=2)(np.zeros((1, 7, 7, 1))).shape\n"
        "is (1, 16, 16, 1). With padding='same' Keras crops the output to n * stride = 14."
    ),
)
def _check_07_1(answer: Any) -> str | None:
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return f"expected a number of rows, got {type(answer).__name__}"
    if value == _N * _S:
        return "n * stride is the size with padding='same', which crops the output; with 'valid' nothing is cropped"
    if value == (_N - 1) * _S:
        return "that is where the last stamp starts; it is kernel rows tall"
    if value == _N * _S + _K:
        return "count where the last stamp starts: input row n - 1, not n"
    return close_to(_SIZE_07_1, value, atol=0.0, rtol=0.0, what="output size")


# 07.2: the KL term of the VAE, per example.
def _wrong_kl(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """A common slip: using exp(0.5 * log_var), the standard deviation, where the variance belongs."""
    return -0.5 * np.sum(1.0 + log_var - mu**2 - np.exp(0.5 * log_var), axis=-1)


@register(
    "07.2",
    reference=gaussian_kl,
    wrong=_wrong_kl,
    solution=(
        "For one latent dimension with mean mu and variance sigma^2 = exp(log_var):\n"
        "  KL(N(mu, sigma^2) || N(0, 1)) = 0.5 * (mu^2 + sigma^2 - 1 - log sigma^2).\n"
        "Sum it over the latent dimensions (the last axis):\n\n"
        "def kl_divergence(mu, log_var):\n"
        "    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=-1)\n\n"
        "It is 0 exactly when mu = 0 and log_var = 0: the code distribution is the prior."
    ),
)
def _check_07_2(answer: Any) -> str | None:
    if not callable(answer):
        return "expected a function kl_divergence(mu, log_var) returning one number per row"
    zero = np.asarray(answer(np.zeros((3, 2)), np.zeros((3, 2))), dtype=float)
    if zero.shape != (3,):
        return f"for inputs of shape (3, 2) return shape (3,), one KL per example (sum over axis -1); got {zero.shape}"
    if not np.allclose(zero, 0.0, atol=1e-9):
        return "when mu = 0 and log_var = 0 the code is N(0, 1) itself, so the KL must be 0"
    rng = np.random.default_rng(7)
    mu, log_var = rng.normal(size=(5, 2)), rng.normal(scale=0.8, size=(5, 2))
    got = np.asarray(answer(mu, log_var), dtype=float)
    if np.allclose(got, _wrong_kl(mu, log_var)):
        return "exp(log_var) is the variance sigma^2; exp(0.5 * log_var) is the standard deviation"
    if np.allclose(got, -gaussian_kl(mu, log_var)):
        return "check the sign: a KL divergence is never negative"
    return close_to(gaussian_kl(mu, log_var), got, what="KL per example")


# 07.3: a threshold on the reconstruction error with a chosen false-alarm rate.
def _reference_threshold(normal_errors: np.ndarray, rate: float) -> float:
    return float(np.quantile(normal_errors, 1.0 - rate))


@register(
    "07.3",
    reference=_reference_threshold,
    wrong=lambda normal_errors, rate: float(np.quantile(normal_errors, rate)),
    solution=(
        "Flag an image when its error is above the threshold. To flag a fraction `rate` of the\n"
        "normal images, put the threshold at the (1 - rate) quantile of their errors:\n\n"
        "def threshold_for(normal_errors, rate):\n"
        "    return np.quantile(normal_errors, 1 - rate)\n\n"
        "Then np.mean(normal_errors > threshold) is about `rate`. Choose the threshold on\n"
        "validation data, never on the test set you report."
    ),
)
def _check_07_3(answer: Any) -> str | None:
    if not callable(answer):
        return "expected a function threshold_for(normal_errors, rate) returning one number"
    rng = np.random.default_rng(3)
    for n, rate in ((1000, 0.05), (2000, 0.01), (500, 0.2)):
        errors = rng.gamma(2.0, 0.01, size=n)
        try:
            threshold = float(answer(errors, rate))
        except (TypeError, ValueError):
            return "the threshold should be a single number"
        got = false_alarm_rate(errors, threshold)
        if abs(got - rate) > 2.0 / n + 1e-12:
            if abs(got - (1 - rate)) <= 2.0 / n:
                return f"your threshold flags {got:.0%} of normal data, not {rate:.0%}: use the (1 - rate) quantile"
            return f"with rate={rate}, your threshold flags {got:.1%} of the normal errors; it should flag {rate:.1%}"
    return None
