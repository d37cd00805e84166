"""Exercises of lesson 08 (from notebook to product: export, serve, measure and compress).

* 08.1: affine int8 quantisation of a float array, ``q = clip(round(x / scale) + zero_point)``.
* 08.2: the distillation term, ``T^2 * KL(softmax(teacher / T) || softmax(student / T))``.

Both are code exercises: the learner writes a function, checked here on inputs the notebook does
not show, with hints that name the usual slips. Expected values are computed here, not typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import register

INT8_MIN, INT8_MAX = -128, 127


def affine_params(x_min: float, x_max: float) -> tuple[float, int]:
    """Scale and zero point of an affine int8 scheme covering ``[x_min, x_max]`` (0 included).

    The range is first widened to contain 0, so that 0.0 is stored exactly (zero padding, ReLU);
    then 256 levels span it: ``scale = (max - min) / 255`` and ``zero_point = -128 - round(min / scale)``.

    Example:
        >>> affine_params(0.0, 1.0)
        (0.00392156862745098, -128)
    """
    low, high = min(float(x_min), 0.0), max(float(x_max), 0.0)
    if high <= low:
        raise ValueError(f"expected a range of positive width, got [{x_min}, {x_max}]")
    scale = (high - low) / (INT8_MAX - INT8_MIN)
    zero_point = int(np.clip(INT8_MIN - round(low / scale), INT8_MIN, INT8_MAX))
    return scale, zero_point


def quantize_int8(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """Affine int8 quantisation: ``clip(round(x / scale) + zero_point, -128, 127)`` as int8.

    Example:
        >>> quantize_int8(np.array([-1.0, 0.0, 0.26, 9.0]), 0.01, -20).tolist()
        [-120, -20, 6, 127]
    """
    q = np.round(np.asarray(x, dtype=np.float64) / scale) + zero_point
    return np.clip(q, INT8_MIN, INT8_MAX).astype(np.int8)


def dequantize_int8(q: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """Back to floats: ``scale * (q - zero_point)``.

    Example:
        >>> dequantize_int8(np.array([-120, -20, 6], dtype=np.int8), 0.01, -20).round(2).tolist()
        [-1.0, 0.0, 0.26]
    """
    return scale * (np.asarray(q, dtype=np.float64) - zero_point)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def distillation_loss(teacher_logits: np.ndarray, student_logits: np.ndarray, temperature: float) -> float:
    """Mean over the batch of ``T^2 * KL(p || q)``, with ``p = softmax(teacher / T)`` and
    ``q = softmax(student / T)``: Hinton et al.'s soft-target term.

    The factor ``T^2`` keeps the term's gradients the same size whatever the temperature.

    Example:
        >>> round(distillation_loss(np.array([[2.0, 0.0]]), np.array([[2.0, 0.0]]), 4.0), 6)
        0.0
    """
    t = np.asarray(teacher_logits, dtype=np.float64) / temperature
    s = np.asarray(student_logits, dtype=np.float64) / temperature
    log_p, log_q = _log_softmax(t), _log_softmax(s)
    kl = np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)
    return float(temperature**2 * np.mean(kl))


# ----------------------------------------------------------------------------------- 08.1

# Hidden inputs: values inside the range, below it and above it; no value sits on a rounding tie.
_X_08_1 = np.array([[-0.731, -0.2, 0.0, 0.013, 0.4489], [1.2345, 2.9, -3.3, 0.0917, -0.0551]])
_CASES_08_1 = [(_X_08_1, 0.0125, -30), (np.linspace(-0.313, 0.917, 13), 0.0041, 12), (_X_08_1, 0.02, 0)]


def _wrong_08_1(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """A common slip: no clipping to [-128, 127] (int8 then wraps around)."""
    return np.round(np.asarray(x) / scale).astype(np.int64) + zero_point


def _quant_hint(answer: Any) -> str | None:
    for x, scale, zero_point in _CASES_08_1:
        want = quantize_int8(x, scale, zero_point).astype(np.int64)
        try:
            got = np.asarray(answer(x.copy(), scale, zero_point))
        except TypeError as error:
            return f"quantize(x, scale, zero_point) should take three arguments ({error})"
        if got.shape != want.shape:
            return f"return one integer per input value: shape {want.shape}, yours has {got.shape}"
        if not np.issubdtype(got.dtype, np.number):
            return f"return an array of integers, got dtype {got.dtype}"
        if not np.allclose(got, np.round(got)):
            return "the result must be whole numbers: round x / scale to the nearest integer"
        got = got.astype(np.int64)
        if np.array_equal(got, want):
            continue
        raw = np.asarray(x, dtype=np.float64) / scale
        inside = (np.round(raw) + zero_point >= INT8_MIN) & (np.round(raw) + zero_point <= INT8_MAX)
        if np.array_equal(got, np.round(raw).astype(np.int64) + zero_point) or (
            np.array_equal(got[inside], want[inside]) and not np.array_equal(got[~inside], want[~inside])
        ):
            return "values outside the range must be clipped to [-128, 127] (np.clip) before converting to int8"
        if np.array_equal(got, np.clip(np.round(raw) - zero_point, INT8_MIN, INT8_MAX)):
            return "the zero point is added to round(x / scale), not subtracted"
        if np.array_equal(got, np.clip(np.round(raw), INT8_MIN, INT8_MAX)) and zero_point != 0:
            return "add the zero point: 0.0 must map to zero_point"
        if np.array_equal(got, np.clip(np.floor(raw) + zero_point, INT8_MIN, INT8_MAX)) or np.array_equal(
            got, np.clip(np.trunc(raw) + zero_point, INT8_MIN, INT8_MAX)
        ):
            return "round to the nearest integer (np.round), do not truncate (int() or astype cut off the fraction)"
        if np.array_equal(got, np.clip(np.round(np.asarray(x) * scale) + zero_point, INT8_MIN, INT8_MAX)):
            return "divide by the scale: the scale is the size of one integer step in float units"
        return "q = clip(round(x / scale) + zero_point, -128, 127); check each step on one value by hand"
    return None


@register(
    "08.1",
    reference=quantize_int8,
    wrong=_wrong_08_1,
    solution=(
        "def quantize(x, scale, zero_point):\n"
        "    q = np.round(x / scale) + zero_point        # one integer step is `scale` in float units\n"
        "    return np.clip(q, -128, 127).astype(np.int8)  # clip first: int8 would wrap around\n\n"
        "Dequantising, scale * (q - zero_point), gives back x within scale / 2 inside the range;\n"
        "outside it, the value saturates at the range's end."
    ),
)
def _check_08_1(answer: Any) -> str | None:
    if not callable(answer):
        return "expected a function quantize(x, scale, zero_point) that returns an integer array"
    return _quant_hint(answer)


# ----------------------------------------------------------------------------------- 08.2

_RNG = np.random.default_rng(8)
_TEACHER_08_2 = _RNG.normal(scale=3.0, size=(6, 10))
_STUDENT_08_2 = _RNG.normal(scale=2.0, size=(6, 10))
_T_08_2 = 4.0


def _wrong_08_2(teacher_logits: np.ndarray, student_logits: np.ndarray, temperature: float) -> float:
    """A common slip: forgetting the factor T^2."""
    return distillation_loss(teacher_logits, student_logits, temperature) / temperature**2


def _kl_rows(log_p: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    return np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)


@register(
    "08.2",
    reference=distillation_loss,
    wrong=_wrong_08_2,
    solution=(
        "def distillation_loss(teacher_logits, student_logits, temperature):\n"
        "    def log_softmax(z):\n"
        "        z = z - z.max(axis=-1, keepdims=True)          # for numerical stability\n"
        "        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))\n"
        "    log_p = log_softmax(teacher_logits / temperature)   # the teacher's soft targets\n"
        "    log_q = log_softmax(student_logits / temperature)   # the student, softened the same way\n"
        "    kl = np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)  # KL(p || q), one per example\n"
        "    return temperature**2 * kl.mean()\n\n"
        "T^2 undoes the 1/T^2 that softening puts on the gradients, so the soft term keeps its\n"
        "weight against the label term when T changes."
    ),
)
def _check_08_2(answer: Any) -> str | None:
    if not callable(answer):
        return "expected a function distillation_loss(teacher_logits, student_logits, temperature)"
    t, s, temp = _TEACHER_08_2, _STUDENT_08_2, _T_08_2
    same = np.asarray(answer(t.copy(), t.copy(), temp), dtype=float)
    if same.size != 1:
        return f"return one number, the mean over the batch (got shape {same.shape})"
    if abs(float(same)) > 1e-6:
        return "when the student's logits equal the teacher's, the KL divergence must be 0"
    got = float(np.asarray(answer(t.copy(), s.copy(), temp), dtype=float))
    want = distillation_loss(t, s, temp)
    if np.isclose(got, want, rtol=1e-5, atol=1e-8):
        # a second temperature, so that a constant factor that happens to fit T = 4 is caught
        got2 = float(np.asarray(answer(t.copy(), s.copy(), 2.0), dtype=float))
        if np.isclose(got2, distillation_loss(t, s, 2.0), rtol=1e-5, atol=1e-8):
            return None
        return "use the temperature you are given both to soften the logits and in the factor T^2"
    log_p, log_q = _log_softmax(t / temp), _log_softmax(s / temp)
    kl = _kl_rows(log_p, log_q)
    if np.isclose(got, kl.mean(), rtol=1e-5):
        return "multiply by T^2: softening divides the gradients by T^2, and the factor restores their size"
    if np.isclose(got, temp**2 * _kl_rows(log_q, log_p).mean(), rtol=1e-5):
        return "KL(p || q) weighs by the teacher's probabilities p: sum p * (log p - log q), not the other way round"
    if np.isclose(got, temp**2 * kl.sum(), rtol=1e-5):
        return "average over the batch (mean over examples), do not sum"
    unsoftened = _kl_rows(log_p, _log_softmax(s))
    if np.isclose(got, temp**2 * unsoftened.mean(), rtol=1e-5) or np.isclose(got, unsoftened.mean(), rtol=1e-5):
        return "divide the student's logits by T too: both distributions are softened the same way"
    plain = _kl_rows(_log_softmax(t), _log_softmax(s))
    if np.isclose(got, plain.mean(), rtol=1e-5) or np.isclose(got, temp**2 * plain.mean(), rtol=1e-5):
        return "soften both sets of logits: softmax(logits / T), not softmax(logits)"
    return (
        "compute p = softmax(teacher / T), q = softmax(student / T), then T^2 * mean over rows of sum p (log p - log q)"
    )
