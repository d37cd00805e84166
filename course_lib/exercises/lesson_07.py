"""Exercises of lesson 07 (autoencoders), in the order of the notebook.

* 07.1 (code): ``stamp_counts(n, kernel, stride)``, how many kernel stamps of a transposed convolution
  cover each output pixel; its length is the output size.
* 07.2 (predict): held out of training, do the 1s get larger reconstruction errors than the digits
  the autoencoder saw?
* 07.3 (code): ``threshold_for(normal_errors, rate)``, a threshold that flags a chosen fraction of the
  normal data (the false-alarm rate).
* 07.4 (code): ``kl_divergence(mu, log_var)``, the KL term of a VAE.
* 07.5 (code): ``reparameterize(mu, log_var, eps)``, the reparameterisation trick, with the noise given.

The hidden inputs are drawn here with fixed seeds; the expected values come from the reference
functions, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import Unanswered, Wrong, as_number, check_function, register, register_prediction, run_code

# ----------------------------------------------------------------------------------- references


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


def stamp_counts(n: int, kernel: int, stride: int) -> np.ndarray:
    """How many kernel stamps cover each output pixel of a 1-D transposed convolution ("valid").

    Input pixel ``i`` stamps the kernel onto output pixels ``i * stride`` to ``i * stride + kernel - 1``;
    the result has one count per output pixel, so its length is the output size.

    Example:
        >>> stamp_counts(2, 3, 2).tolist()
        [1, 1, 2, 1, 1]
    """
    counts = np.zeros(transposed_conv_output_size(n, kernel, stride), dtype=int)
    for i in range(n):
        counts[i * stride : i * stride + kernel] += 1
    return counts


def false_alarm_rate(normal_errors: np.ndarray, threshold: float) -> float:
    """The fraction of normal examples whose error is above ``threshold`` (flagged by mistake).

    Example:
        >>> false_alarm_rate(np.arange(100), 94.5)
        0.05
    """
    return float(np.mean(np.asarray(normal_errors, dtype=float) > float(threshold)))


def threshold_for(normal_errors: np.ndarray, rate: float) -> float:
    """The threshold above which a fraction ``rate`` of the normal errors lie: their (1 - rate) quantile.

    Example:
        >>> false_alarm_rate(np.arange(100), threshold_for(np.arange(100), 0.05))
        0.05
    """
    return float(np.quantile(np.asarray(normal_errors, dtype=float), 1.0 - rate))


def gaussian_kl(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """KL(N(mu, exp(log_var)) || N(0, I)) for each row of a batch of diagonal Gaussians.

    ``mu`` and ``log_var`` have shape (batch, latent_dim); the result has shape (batch,).

    Example:
        >>> gaussian_kl(np.zeros((1, 2)), np.zeros((1, 2))).tolist()
        [0.0]
    """
    mu, log_var = np.asarray(mu, dtype=float), np.asarray(log_var, dtype=float)
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - 1.0 - log_var, axis=-1)


def reparameterize(mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """The reparameterisation trick with the noise given: ``z = mu + exp(log_var / 2) * eps``.

    With ``eps`` drawn from N(0, I), ``z`` is drawn from N(mu, exp(log_var)); with ``eps`` given, it is
    an ordinary function of ``mu`` and ``log_var``, so gradients flow through it.

    Example:
        >>> reparameterize(np.array([1.0, -2.0]), np.log([1.0, 0.25]), np.array([0.5, 2.0])).tolist()
        [1.5, -1.0]
    """
    mu, log_var, eps = (np.asarray(a, dtype=float) for a in (mu, log_var, eps))
    return mu + np.exp(0.5 * log_var) * eps


def _as_float_array(value: Any, what: str) -> np.ndarray:
    if isinstance(value, (str, bytes)):
        raise Wrong(f"{what} should be numbers, got a string")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be a number or an array, got {type(value).__name__}") from None


# ----------------------------------------------------------------------------------- 07.1

# Hidden cases (n, kernel, stride), kernel >= stride. The first one tells the three slips apart.
_CASES_07_1 = [(7, 4, 2), (2, 3, 2), (7, 3, 2), (5, 3, 1), (3, 5, 3), (1, 3, 2), (6, 2, 2), (4, 5, 2)]
_PROBE_07_1 = (5, 3, 2)  # every wrong length below differs here


def _counts_loop_set(n: int, kernel: int, stride: int) -> np.ndarray:
    """A slip: setting 1 where a stamp falls, so overlapping stamps do not add up."""
    counts = np.zeros((n - 1) * stride + kernel, dtype=int)
    for i in range(n):
        counts[i * stride : i * stride + kernel] = 1
    return counts


def _counts_stride_long(n: int, kernel: int, stride: int) -> np.ndarray:
    """A slip: stamps `stride` pixels long, one after the other, as if they never overlapped."""
    counts = np.zeros((n - 1) * stride + kernel, dtype=int)
    for i in range(n):
        counts[i * stride : i * stride + stride] += 1
    return counts


def _counts_one_short(n: int, kernel: int, stride: int) -> np.ndarray:
    """A slip: the slice ends one pixel early (Python slices exclude their end)."""
    counts = np.zeros((n - 1) * stride + kernel, dtype=int)
    for i in range(n):
        counts[i * stride : i * stride + kernel - 1] += 1
    return counts


def _counts_convolve(n: int, kernel: int, stride: int) -> np.ndarray:
    """Another right way: spread the n ones `stride` apart, then convolve with `kernel` ones."""
    spread = np.zeros((n - 1) * stride + 1)
    spread[::stride] = 1.0
    return np.convolve(spread, np.ones(kernel)).round().astype(int)


def _length_hint_07_1(answer: Any) -> None:
    """Raise a targeted hint when the learner's counts have one of the typical wrong lengths."""
    n, kernel, stride = _PROBE_07_1
    got = run_code(answer, _PROBE_07_1, name="stamp_counts")
    if got is None:
        return  # check_function says "not answered yet"
    got = _as_float_array(got, "the counts")
    if got.ndim == 0:
        raise Wrong("return the counts, one per output pixel (an array), not a single number")
    length = len(got.reshape(-1))
    wrong_lengths = {
        n * stride: "n * stride is the output size with padding='same', which crops the output; with 'valid' "
        "nothing is cropped, and the last stamp sticks out kernel - stride pixels further",
        n * stride + kernel: "the last stamp starts at (n - 1) * stride, under the last input pixel (i = n - 1), "
        "not at n * stride",
        (n - 1) * stride: "(n - 1) * stride is where the last stamp starts; it is kernel pixels long",
        n + kernel - 1: "stamp i starts at i * stride: each stamp moves stride pixels from the previous one",
    }
    if length != transposed_conv_output_size(n, kernel, stride) and length in wrong_lengths:
        raise Wrong(f"for n={n}, kernel={kernel}, stride={stride} you return {length} counts: {wrong_lengths[length]}")


@register(
    "07.1",
    reference=stamp_counts,
    kind="code",
    right=[_counts_convolve, lambda n, kernel, stride: stamp_counts(n, kernel, stride).astype(float).tolist()],
    wrongs=[
        _counts_loop_set,
        _counts_stride_long,
        _counts_one_short,
        lambda n, kernel, stride: np.ones(n * stride, dtype=int),
        lambda n, kernel, stride: (n - 1) * stride + kernel,
    ],
    solution=(
        "Input pixel i stamps the kernel onto output pixels i*stride ... i*stride + kernel - 1; where\n"
        "stamps overlap, they add. Count them with a loop over the input pixels:\n\n"
        "def stamp_counts(n, kernel, stride):\n"
        "    counts = np.zeros((n - 1) * stride + kernel, dtype=int)  # the last stamp starts at (n-1)*stride\n"
        "    for i in range(n):\n"
        "        counts[i * stride : i * stride + kernel] += 1          # += : overlapping stamps add up\n"
        "    return counts\n\n"
        "stamp_counts(7, 4, 2) has 16 counts (the output size), and stamp_counts(7, 3, 2) has 15:\n"
        "  kernel 3, stride 2: 1 1 2 1 2 1 2 ... 2 1 1   every other pixel gets two stamps\n"
        "  kernel 4, stride 2: 1 1 2 2 2 2 2 ... 2 1 1   every inside pixel gets two\n"
        "With a kernel that the stride does not divide, the coverage alternates along rows and columns:\n"
        "a built-in checkerboard that the trained weights must cancel (Odena et al., 2016,\n"
        "'Deconvolution and checkerboard artifacts'). Choose kernel = a multiple of the stride, or\n"
        "upsample then convolve, to avoid it."
    ),
)
def _check_07_1(answer: Any) -> str | None:
    _length_hint_07_1(answer)
    return check_function(
        answer,
        stamp_counts,
        _CASES_07_1,
        variants={
            "add 1 where a stamp falls (+=), do not set it to 1: where stamps overlap, the counts add up": (
                _counts_loop_set
            ),
            "each stamp is kernel pixels long, not stride: consecutive stamps overlap by kernel - stride pixels, "
            "and there the counts add up": _counts_stride_long,
            "each stamp is one pixel short: it covers i*stride to i*stride + kernel - 1 inclusive, so the slice "
            "ends at i*stride + kernel (a slice excludes its end)": _counts_one_short,
        },
        advice="stamp i covers output pixels i*stride to i*stride + kernel - 1; add 1 to each of them",
    )


# ----------------------------------------------------------------------------------- 07.2

AUC_BAND_07_2 = (0.45, 0.55)  # "about 0.5": what one validation set of a few hundred 1s cannot tell apart


def option_07_2(auc_of_the_ones: float) -> str:
    """The option of exercise 07.2 that a measured validation ROC AUC for the held-out 1s shows.

    Example:
        >>> option_07_2(0.31), option_07_2(0.5), option_07_2(0.9)
        ('c', 'b', 'a')
    """
    low, high = AUC_BAND_07_2
    auc = as_number(auc_of_the_ones, "ROC AUC")
    return "a" if auc > high else "b" if auc >= low else "c"


register_prediction(
    "07.2",
    options={
        "a": f"above {AUC_BAND_07_2[1]}: the unseen 1s get larger errors than the digits it trained on, "
        "as the method hopes",
        "b": f"about 0.5 ({AUC_BAND_07_2[0]} to {AUC_BAND_07_2[1]}): the error cannot tell the 1s from the other digits",
        "c": f"below {AUC_BAND_07_2[0]}: the unseen 1s are rebuilt better than the digits it trained on",
    },
    answer="c",
    why=(
        "a 1 is a single thin stroke with few lit pixels. Even a model that never saw one rebuilds it with a "
        "small squared error, smaller than that of many digits it did see, because there is little ink to get "
        "wrong. The reconstruction error measures how hard an image is to rebuild as much as how unusual it "
        "is; dividing it by the image's ink (the score 'MSE / ink') corrects part of this."
    ),
)


# ----------------------------------------------------------------------------------- 07.3

_RNG_07_3 = np.random.default_rng(3)
_CASES_07_3 = [
    (_RNG_07_3.gamma(2.0, 0.01, size=1000), 0.05),
    (_RNG_07_3.gamma(2.0, 0.01, size=2000), 0.01),
    (_RNG_07_3.gamma(2.0, 0.01, size=500), 0.2),
    (_RNG_07_3.lognormal(-4.0, 0.7, size=800), 0.1),
]


def _threshold_sorted(normal_errors: np.ndarray, rate: float) -> float:
    """Another right way: sort, and stand just below the largest `rate` share."""
    ordered = np.sort(normal_errors)
    return float(ordered[len(ordered) - int(round(rate * len(ordered))) - 1])


_VARIANTS_07_3 = {
    "your threshold is the rate quantile, which flags 1 - rate of the normal errors: use the (1 - rate) quantile, "
    "with a fraction `rate` of the errors above it": lambda errors, rate: np.quantile(errors, rate),
    "np.percentile takes a percentage from 0 to 100 (np.quantile takes a fraction): "
    "np.percentile(errors, 100 * (1 - rate))": lambda errors, rate: np.percentile(errors, 1 - rate),
    "your threshold does not depend on `rate`: it must move with the false-alarm rate asked for": (
        lambda errors, rate: np.mean(errors) + 2 * np.std(errors)
    ),
}


@register(
    "07.3",
    reference=threshold_for,
    kind="code",
    right=[_threshold_sorted, lambda errors, rate: np.percentile(errors, 100 * (1 - rate))],
    wrongs=[*_VARIANTS_07_3.values(), lambda errors, rate: str(np.quantile(errors, 1 - rate))],
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
    """A threshold is right when it flags the asked share of the normal errors (within one example),
    whichever quantile rule gave it: the share is compared, not the threshold."""
    for errors, rate in _CASES_07_3:
        value = run_code(answer, (errors, rate), name="threshold_for")
        if value is None:
            raise Unanswered("threshold_for returns None: write your code in place of ... and `return` the threshold")
        share = false_alarm_rate(errors, as_number(value, "threshold"))
        tolerance = 1.5 / len(errors)  # one example either way: quantile rules differ by that much
        if abs(share - rate) <= tolerance:
            continue
        for hint, wrong in _VARIANTS_07_3.items():
            if abs(share - false_alarm_rate(errors, wrong(errors, rate))) <= tolerance:
                return hint
        return (
            f"with rate={rate}, your threshold flags {share:.1%} of the {len(errors)} normal errors; "
            f"it should flag {rate:.1%} of them"
        )
    return None


# ----------------------------------------------------------------------------------- 07.4

_RNG_07_4 = np.random.default_rng(7)
# A square batch first (it tells the batch axis from the latent axis), then zeros, then other shapes.
_CASES_07_4 = [
    (_RNG_07_4.normal(size=(4, 4)), _RNG_07_4.normal(scale=0.8, size=(4, 4))),
    (np.zeros((3, 2)), np.zeros((3, 2))),
    (_RNG_07_4.normal(size=(5, 2)), _RNG_07_4.normal(scale=0.8, size=(5, 2))),
    (_RNG_07_4.normal(size=(1, 1)), _RNG_07_4.normal(size=(1, 1))),
    (_RNG_07_4.normal(scale=2.0, size=(2, 16)), _RNG_07_4.normal(scale=2.0, size=(2, 16))),
]


def _kl_loop(mu: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """Another right way: one row and one dimension at a time, with sigma written out."""
    out = np.zeros(len(mu))
    for row in range(len(mu)):
        for k in range(mu.shape[1]):
            sigma = np.exp(log_var[row, k] / 2)
            out[row] += 0.5 * (mu[row, k] ** 2 + sigma**2 - 1 - 2 * np.log(sigma))
    return out


_VARIANTS_07_4 = {
    "exp(log_var) is the variance sigma^2; exp(0.5 * log_var) is the standard deviation sigma": (
        lambda mu, log_var: -0.5 * np.sum(1 + log_var - mu**2 - np.exp(0.5 * log_var), axis=-1)
    ),
    "check the sign: a KL divergence is never negative": lambda mu, log_var: -gaussian_kl(mu, log_var),
    "sum over the latent dimensions, the last axis (axis=-1), not over the batch": (
        lambda mu, log_var: 0.5 * np.sum(mu**2 + np.exp(log_var) - 1 - log_var, axis=0)
    ),
    "sum over the latent dimensions, do not average them: the KL of independent dimensions adds up": (
        lambda mu, log_var: 0.5 * np.mean(mu**2 + np.exp(log_var) - 1 - log_var, axis=-1)
    ),
    "the formula has a factor 1/2 in front of the sum": lambda mu, log_var: 2 * gaussian_kl(mu, log_var),
    "when mu = 0 and log_var = 0 the code distribution is N(0, 1) itself, so the KL must be 0: "
    "the 1 inside the brackets is missing": lambda mu, log_var: (
        0.5 * np.sum(mu**2 + np.exp(log_var) - log_var, axis=-1)
    ),
}


@register(
    "07.4",
    reference=gaussian_kl,
    kind="code",
    right=[_kl_loop, lambda mu, log_var: -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)],
    wrongs=list(_VARIANTS_07_4.values()),
    solution=(
        "For one latent dimension with mean mu and variance sigma^2 = exp(log_var):\n"
        "  KL(N(mu, sigma^2) || N(0, 1)) = 0.5 * (mu^2 + sigma^2 - 1 - log sigma^2).\n"
        "Sum it over the latent dimensions (the last axis):\n\n"
        "def kl_divergence(mu, log_var):\n"
        "    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=-1)\n\n"
        "It is 0 exactly when mu = 0 and log_var = 0: the code distribution is the prior."
    ),
)
def _check_07_4(answer: Any) -> str | None:
    return check_function(
        answer,
        gaussian_kl,
        _CASES_07_4,
        variants=_VARIANTS_07_4,
        advice="check one row by hand: mu = 0 and log_var = 0 must give 0, and every term must be summed over axis -1",
    )


# ----------------------------------------------------------------------------------- 07.5

_RNG_07_5 = np.random.default_rng(75)
_CASES_07_5 = [tuple(_RNG_07_5.normal(size=shape) for _ in range(3)) for shape in [(4, 2), (1, 3), (8, 16), (2,)]]


_VARIANTS_07_5 = {
    "exp(log_var) is the variance sigma^2, not the standard deviation: sigma = exp(log_var / 2), "
    "its square root": lambda mu, log_var, eps: mu + np.exp(log_var) * eps,
    "log_var is the logarithm of the variance: undo the log with exp, then take the square root, "
    "sigma = exp(log_var / 2)": lambda mu, log_var, eps: mu + log_var * eps,
    "multiply sigma by the noise eps: without it every draw gives the same code, mu + sigma": (
        lambda mu, log_var, eps: mu + np.exp(log_var / 2)
    ),
    "z = mu ignores the noise: add sigma * eps, with sigma = exp(log_var / 2)": lambda mu, log_var, eps: mu * 1.0,
    "add the mean: z = mu + sigma * eps": lambda mu, log_var, eps: np.exp(log_var / 2) * eps,
    "the standard deviation is exp(+log_var / 2), not exp(-log_var / 2)": (
        lambda mu, log_var, eps: mu + np.exp(-log_var / 2) * eps
    ),
}


def _fresh_noise(mu: np.ndarray, log_var: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """A slip: drawing new noise instead of using the eps given."""
    return mu + np.exp(log_var / 2) * np.random.default_rng().standard_normal(np.shape(mu))


@register(
    "07.5",
    reference=reparameterize,
    kind="code",
    right=[
        lambda mu, log_var, eps: mu + np.sqrt(np.exp(log_var)) * eps,
        lambda mu, log_var, eps: (mu + np.exp(log_var) ** 0.5 * eps).tolist(),
    ],
    wrongs=[*_VARIANTS_07_5.values(), _fresh_noise],
    solution=(
        "The encoder gives log sigma^2 (log_var); the standard deviation is sigma = exp(log_var / 2):\n\n"
        "def reparameterize(mu, log_var, eps):\n"
        "    return mu + np.exp(0.5 * log_var) * eps\n\n"
        "With eps ~ N(0, I), z ~ N(mu, sigma^2). The randomness is an input, so z is an ordinary,\n"
        "differentiable function of mu and log_var: dz/dmu = 1 and dz/dsigma = eps. The Sampling\n"
        "layer below is the same line in keras.ops, with eps drawn from a seeded generator."
    ),
)
def _check_07_5(answer: Any) -> str | None:
    mu, log_var, eps = _CASES_07_5[0]
    first = run_code(answer, (mu, log_var, eps), name="reparameterize")
    if first is not None:
        again = run_code(answer, (mu, log_var, eps), name="reparameterize")
        first, again = _as_float_array(first, "z"), _as_float_array(again, "z")
        if first.shape == again.shape and not np.allclose(first, again, equal_nan=True):
            return (
                "two calls with the same mu, log_var and eps gave different codes: use the eps you are given, "
                "do not draw new noise (with eps given, z is an ordinary function)"
            )
    return check_function(
        answer,
        reparameterize,
        _CASES_07_5,
        variants=_VARIANTS_07_5,
        advice="z = mu + sigma * eps, element by element, with sigma = exp(log_var / 2)",
    )
