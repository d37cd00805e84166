"""Exercises of lesson 08 (from notebook to product: export, serve, measure and compress), in the
order of the notebook.

* 08.1 (code): affine int8 quantisation of a float array, ``q = clip(round(x / scale) + zero_point)``.
* 08.2 (predict): is the 80%-sparse CNN faster than the dense one, run by LiteRT on one image?
* 08.3 (code): the distillation term, ``T^2 * KL(softmax(teacher / T) || softmax(student / T))``.

The code exercises run the learner's function on inputs the notebook does not show (drawn here
with fixed seeds), with hints that name the usual slips. Expected values are computed here by the
reference functions, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import as_number, check_function, register, register_prediction

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

# Hidden inputs: values inside the range, below it and above it, in several shapes; no value sits on a
# rounding tie. The first case has values beyond both ends, so that every slip below shows in it.
_X_08_1 = np.array([[-0.731, -0.2, 0.0, 0.013, 0.4489], [1.2345, 2.9, -3.3, 0.0917, -0.0551]])
_RNG_08_1 = np.random.default_rng(81)
_CASES_08_1 = [
    (_X_08_1, 0.0125, -30),
    (np.linspace(-0.313, 0.917, 13), 0.0041, 12),
    (_X_08_1, 0.02, 0),
    (_RNG_08_1.normal(scale=1.5, size=(2, 3, 4)), *affine_params(-2.0, 1.0)),
    (np.array(0.3717), 0.01, -128),
]


def _quantize_loop(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """Another right way: one value at a time, in plain Python, returned as int64."""
    flat = [min(127, max(-128, round(float(v) / scale) + zero_point)) for v in np.ravel(x)]
    return np.array(flat, dtype=np.int64).reshape(np.shape(x))


def _round(x: np.ndarray, scale: float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=np.float64) / scale)


_VARIANTS_08_1 = {
    "values outside the range must be clipped to [-128, 127] (np.clip), or they do not fit in int8": (
        lambda x, scale, zero_point: _round(x, scale) + zero_point
    ),
    "clip to [-128, 127] before converting: astype(np.int8) wraps 128 around to -128": (
        lambda x, scale, zero_point: (_round(x, scale) + zero_point).astype(np.int64).astype(np.int8)
    ),
    "clip at both ends: values below the range must become -128": (
        lambda x, scale, zero_point: np.minimum(_round(x, scale) + zero_point, INT8_MAX)
    ),
    "int8 holds -128 to 127; 0 to 255 is the range of uint8": (
        lambda x, scale, zero_point: np.clip(_round(x, scale) + zero_point, 0, 255)
    ),
    "the zero point is added to round(x / scale), not subtracted": (
        lambda x, scale, zero_point: np.clip(_round(x, scale) - zero_point, INT8_MIN, INT8_MAX)
    ),
    "add the zero point: 0.0 must map to zero_point": (
        lambda x, scale, zero_point: np.clip(_round(x, scale), INT8_MIN, INT8_MAX)
    ),
    "round to the nearest integer (np.round), do not truncate: int() and astype cut off the fraction": (
        lambda x, scale, zero_point: np.clip(np.trunc(x / scale) + zero_point, INT8_MIN, INT8_MAX)
    ),
    "round to the nearest integer (np.round), do not round down (np.floor)": (
        lambda x, scale, zero_point: np.clip(np.floor(x / scale) + zero_point, INT8_MIN, INT8_MAX)
    ),
    "divide by the scale: the scale is the size of one integer step in float units": (
        lambda x, scale, zero_point: np.clip(np.round(x * scale) + zero_point, INT8_MIN, INT8_MAX)
    ),
    "the result must be whole numbers: round x / scale to the nearest integer": (
        lambda x, scale, zero_point: np.clip(x / scale + zero_point, INT8_MIN, INT8_MAX)
    ),
}


@register(
    "08.1",
    reference=quantize_int8,
    kind="code",
    right=[
        lambda x, scale, zero_point: np.clip(np.rint(x / scale + zero_point), -128, 127).astype(np.int64),
        _quantize_loop,
    ],
    wrongs=list(_VARIANTS_08_1.values()),
    solution=(
        "def quantize(x, scale, zero_point):\n"
        "    q = np.round(x / scale) + zero_point        # one integer step is `scale` in float units\n"
        "    return np.clip(q, -128, 127).astype(np.int8)  # clip first: int8 would wrap around\n\n"
        "Dequantising, scale * (q - zero_point), gives back x within scale / 2 inside the range;\n"
        "outside it, the value saturates at the range's end."
    ),
)
def _check_08_1(answer: Any) -> str | None:
    return check_function(
        answer,
        quantize_int8,
        _CASES_08_1,
        variants=_VARIANTS_08_1,
        atol=1e-6,
        advice="q = clip(round(x / scale) + zero_point, -128, 127); check each step on one value by hand",
    )


# ----------------------------------------------------------------------------------- 08.2

SPEEDUP_BANDS_08_2 = (1.5, 3.0)  # below 1.5x: within what a busy machine moves one median


def option_08_2(dense_ms: float, pruned_ms: float) -> str:
    """The option of exercise 08.2 that two measured batch-1 medians show (dense / pruned speed-up).

    Example:
        >>> option_08_2(0.038, 0.038), option_08_2(0.038, 0.019), option_08_2(0.038, 0.008)
        ('c', 'b', 'a')
    """
    low, high = SPEEDUP_BANDS_08_2
    speedup = as_number(dense_ms, "dense median") / as_number(pruned_ms, "pruned median")
    return "a" if speedup >= high else "b" if speedup >= low else "c"


register_prediction(
    "08.2",
    options={
        "a": f"{SPEEDUP_BANDS_08_2[1]:g}x faster or more: four multiplications in five are by zero",
        "b": f"faster, between {SPEEDUP_BANDS_08_2[0]:g}x and {SPEEDUP_BANDS_08_2[1]:g}x: the zeros save "
        "part of the work",
        "c": f"about as fast as the dense model (less than {SPEEDUP_BANDS_08_2[0]:g}x faster, or slower)",
    },
    answer="c",
    why=(
        "the pruned model still stores every weight, zeros included, in dense float32 tensors, and LiteRT's "
        "dense kernels multiply by zero as fast as by anything else. Zeros buy speed only with sparse kernels "
        "and a sparsity pattern they can exploit (whole blocks or channels removed); here they buy a smaller "
        "compressed file."
    ),
)


# ----------------------------------------------------------------------------------- 08.3

_RNG_08_3 = np.random.default_rng(8)
_SAME_08_3 = _RNG_08_3.normal(scale=3.0, size=(4, 10))
_CASES_08_3 = [
    (_RNG_08_3.normal(scale=3.0, size=(6, 10)), _RNG_08_3.normal(scale=2.0, size=(6, 10)), 4.0),
    (_RNG_08_3.normal(scale=3.0, size=(3, 5)), _RNG_08_3.normal(scale=2.0, size=(3, 5)), 2.0),
    (_SAME_08_3, _SAME_08_3.copy(), 3.0),  # the student equals the teacher: the KL is 0
    (_RNG_08_3.normal(size=(1, 3)), _RNG_08_3.normal(size=(1, 3)), 1.0),
    (_RNG_08_3.normal(scale=6.0, size=(8, 10)), _RNG_08_3.normal(scale=4.0, size=(8, 10)), 8.0),
]


def _kl_rows(log_p: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    return np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)


def _soft(logits: np.ndarray, temperature: float) -> np.ndarray:
    return _log_softmax(np.asarray(logits, dtype=np.float64) / temperature)


def _distillation_loop(teacher_logits: np.ndarray, student_logits: np.ndarray, temperature: float) -> float:
    """Another right way: probabilities written out, one example at a time, returned as a 0-d array."""
    total = 0.0
    for t, s in zip(teacher_logits, student_logits):
        p = np.exp(t / temperature - np.max(t / temperature))
        p /= p.sum()
        q = np.exp(s / temperature - np.max(s / temperature))
        q /= q.sum()
        total += np.sum(p * np.log(p / q))
    return np.array(temperature**2 * total / len(teacher_logits))


_VARIANTS_08_3 = {
    "multiply by T^2: softening divides the gradients by T^2, and the factor restores their size": (
        lambda t, s, temp: _kl_rows(_soft(t, temp), _soft(s, temp)).mean()
    ),
    "the factor is T squared, T^2, not T": lambda t, s, temp: temp * _kl_rows(_soft(t, temp), _soft(s, temp)).mean(),
    "use the temperature you are given, both to soften the logits and in the factor T^2": (
        lambda t, s, temp: 16.0 * _kl_rows(_soft(t, temp), _soft(s, temp)).mean()
    ),
    "KL(p || q) weighs by the teacher's probabilities p: sum p * (log p - log q), not the other way round": (
        lambda t, s, temp: temp**2 * _kl_rows(_soft(s, temp), _soft(t, temp)).mean()
    ),
    "average over the batch (the mean over examples), do not sum": (
        lambda t, s, temp: temp**2 * _kl_rows(_soft(t, temp), _soft(s, temp)).sum()
    ),
    "divide the student's logits by T too: both distributions are softened the same way": (
        lambda t, s, temp: temp**2 * _kl_rows(_soft(t, temp), _soft(s, 1.0)).mean()
    ),
    "soften both sets of logits: softmax(logits / T), not softmax(logits)": (
        lambda t, s, temp: temp**2 * _kl_rows(_soft(t, 1.0), _soft(s, 1.0)).mean()
    ),
    "that is the cross-entropy, sum -p log q; the KL divergence subtracts the teacher's own entropy, "
    "sum p (log p - log q), so that it is 0 when the student matches the teacher": (
        lambda t, s, temp: temp**2 * np.mean(-np.sum(np.exp(_soft(t, temp)) * _soft(s, temp), axis=-1))
    ),
}


def _shape_diagnosis_08_3(got: Any, case: tuple[Any, ...], index: int) -> str | None:
    """One value per example, or per entry, instead of one number: the hint needs the output's shape."""
    shape, teacher = np.shape(got), case[0]
    if index == 0 and not isinstance(got, (str, bytes)):
        if shape == teacher.shape[:1]:
            return "return one number: average the per-example terms over the batch (rows are examples)"
        if shape == teacher.shape:
            return "sum p * (log p - log q) over the classes (axis=-1), then average over the batch"
    return None


@register(
    "08.3",
    reference=distillation_loss,
    kind="code",
    right=[
        _distillation_loop,
        lambda t, s, temp: float(f"{distillation_loss(t, s, temp):.7g}"),  # printed to 7 digits
    ],
    wrongs=[
        *_VARIANTS_08_3.values(),
        lambda t, s, temp: temp**2 * _kl_rows(_soft(t, temp), _soft(s, temp)),  # one value per example
    ],
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
def _check_08_3(answer: Any) -> str | None:
    return check_function(
        answer,
        distillation_loss,
        _CASES_08_3,
        variants=_VARIANTS_08_3,
        diagnose=_shape_diagnosis_08_3,
        name="distillation_loss",
        advice="compute p = softmax(teacher / T), q = softmax(student / T), "
        "then T^2 * the mean over rows of sum p (log p - log q)",
    )
