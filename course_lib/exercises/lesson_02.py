"""Exercises of lesson 02 (multilayer perceptrons), in the order the notebook shows them.

* 02.1 (value): the gradient of softmax cross-entropy with respect to the logits, p - y, to 2 decimals.
* 02.2 (code): ``softmax_cross_entropy(logits, labels)``, the mean loss over a batch and its gradient
  with respect to the logits, numerically stable.
* 02.3 (predict): which optimizer's training loss falls fastest in the lesson's comparison.
* 02.4 (code): one step of Adam, ``adam_step(theta, g, m, s, t, lr, beta1, beta2, eps)``.
* 02.5 (model): an MLP within a parameter budget that reaches an accuracy target on validation
  images it did not train on.
* 02.6 (value): precision, recall and F1 of one class, read from a confusion matrix, to 3 decimals.

Expected values are computed here from the formulas, never typed in; the numbers a prompt shows
live in ``data`` and the notebook reads them with ``check.given``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..check import (
    Wrong,
    as_array,
    check_function,
    check_model,
    check_value,
    near,
    register,
    register_prediction,
    run_code,
)

# ---------------------------------------------------------------- the formulas the checkers rest on


def softmax(z: Any, axis: int = -1) -> np.ndarray:
    """Softmax of logits along ``axis`` (the last by default), computed stably (shifted by the maximum).

    Example:
        >>> softmax(np.zeros(4)).tolist()
        [0.25, 0.25, 0.25, 0.25]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_cross_entropy(logits: Any, labels: Any) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of a batch and its gradient with respect to the logits.

    ``L = -(1/B) sum_i log softmax(z_i)[y_i]`` and ``dL/dz = (P - Y) / B``, with ``P`` the softmax
    of each row and ``Y`` the one-hot labels. The log-softmax is computed as
    ``z - max(z) - log(sum(exp(z - max(z))))``, so large logits neither overflow nor give log(0).

    Args:
        logits: shape (B, K), one row of K class scores per example.
        labels: shape (B,), integer class indices in 0..K-1.

    Returns:
        (loss, grad): a float and a (B, K) array.

    Example:
        >>> loss, grad = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]))
        >>> round(loss, 4), grad[0].tolist()
        (1.3863, [-0.375, 0.125, 0.125, 0.125])
    """
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    if z.ndim != 2 or labels.shape != (len(z),) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"expected logits (B, K) and B integer labels, got shapes {z.shape} and {labels.shape}")
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(z))
    loss = -float(np.mean(log_p[rows, labels]))
    Y = np.eye(z.shape[1])[labels]
    return loss, (np.exp(log_p) - Y) / len(z)


def adam_step(
    theta: Any,
    g: Any,
    m: Any,
    s: Any,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One step of Adam (Kingma and Ba, 2015), as the lesson writes it: returns ``(theta, m, s)``.

    ``m = beta1 m + (1 - beta1) g``, ``s = beta2 s + (1 - beta2) g**2``, ``m_hat = m / (1 - beta1**t)``,
    ``s_hat = s / (1 - beta2**t)``, ``theta = theta - lr m_hat / (sqrt(s_hat) + eps)``; ``t`` counts
    the steps from 1. (Keras adds ``eps`` to ``sqrt(s)`` before the correction instead, see
    :func:`adam_step_keras`; the two differ only by how much ``eps`` counts.)

    Example:
        >>> theta, m, s = adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1), np.zeros(1), t=1, lr=0.1)
        >>> theta.round(6).tolist(), m.round(6).tolist(), s.round(6).tolist()
        ([0.9], [0.05], [0.00025])
    """
    theta, g, m, s = (np.asarray(a, dtype=float) for a in (theta, g, m, s))
    if not theta.shape == g.shape == m.shape == s.shape or t < 1:
        raise ValueError(f"theta, g, m and s must have one shape and t >= 1, got {theta.shape}, {g.shape}, t={t}")
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s


def adam_step_keras(
    theta: Any,
    g: Any,
    m: Any,
    s: Any,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One step of Adam as ``keras.optimizers.Adam`` computes it: the correction goes into the step
    size, ``alpha = lr sqrt(1 - beta2**t) / (1 - beta1**t)``, then ``theta - alpha m / (sqrt(s) + eps)``.

    Example:
        >>> a = adam_step_keras(np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), t=1, eps=0.0)[0]
        >>> b = adam_step(np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), t=1, eps=0.0)[0]
        >>> bool(np.allclose(a, b))
        True
    """
    theta, g, m, s = (np.asarray(a, dtype=float) for a in (theta, g, m, s))
    m = beta1 * m + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g**2
    alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return theta - alpha * m / (np.sqrt(s) + eps), m, s


def precision_recall_f1(cm: Any, k: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of class ``k`` from a confusion matrix (rows true, columns predicted).

    Example:
        >>> precision_recall_f1(np.array([[8, 2], [1, 9]]), 1)
        (0.8181818181818182, 0.9, 0.8571428571428572)
    """
    cm = np.asarray(cm, dtype=float)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or not 0 <= k < len(cm):
        raise ValueError(f"expected a square confusion matrix and a class index in it, got shape {cm.shape}, k={k}")
    true_positives = cm[k, k]
    precision = true_positives / cm[:, k].sum()  # column k: everything predicted as k
    recall = true_positives / cm[k, :].sum()  # row k: everything that truly is k
    f1 = 2 * precision * recall / (precision + recall)
    return float(precision), float(recall), float(f1)


# ---------------------------------------------------------------- 02.1: the error signal at the logits, by hand

LOGITS_EXAMPLE = {"logits": [2.0, 1.0, 0.1], "label": 0}
_Z1 = np.array(LOGITS_EXAMPLE["logits"])
_P1 = softmax(_Z1)
_Y1 = np.eye(len(_Z1))[LOGITS_EXAMPLE["label"]]
_GRAD_02_1 = _P1 - _Y1
_HINTS_02_1 = [
    (-_GRAD_02_1, "the sign is flipped: the gradient is p - y (predicted minus true), not y - p"),
    (_P1, "that is p = softmax(z); now subtract the one-hot label y = (1, 0, 0)"),
    (_Z1 - _Y1, "subtract y from the probabilities p = softmax(z), not from the logits z"),
    (_P1 - np.eye(3)[2], "the true class is class 0, the first entry: y = (1, 0, 0)"),
    (_P1 - np.eye(3)[1], "the true class is class 0, the first entry: y = (1, 0, 0)"),
]


@register(
    "02.1",
    reference=_GRAD_02_1,
    kind="value",
    right=[[-0.34, 0.24, 0.10], np.round(_GRAD_02_1, 3).tolist(), tuple(_GRAD_02_1), [[-0.341, 0.242, 0.099]]],
    wrongs=[-_GRAD_02_1, _P1, _Z1 - _Y1],
    data=LOGITS_EXAMPLE,
    solution=(
        "For softmax followed by cross-entropy, dL/dz = p - y, with p = softmax(z) and y the\n"
        "one-hot label.\n"
        "  p = softmax([2.0, 1.0, 0.1]) = [0.659, 0.242, 0.099]\n"
        "  y = [1, 0, 0]\n"
        "  dL/dz = p - y = [-0.341, 0.242, 0.099], or [-0.34, 0.24, 0.10] to 2 decimals\n"
        "In code: p = np.exp(z_ex) / np.exp(z_ex).sum(); answer = p - np.eye(3)[label_ex].\n"
        "The negative entry pushes the true class's logit up; the others are pushed down."
    ),
)
def _check_02_1(answer: Any) -> str | None:
    return check_value(answer, _GRAD_02_1, 2, hints=_HINTS_02_1, what="gradient (one value per logit)")


# ---------------------------------------------------------------- 02.2: softmax cross-entropy and its gradient, as code


def _ce_cases(seed: int, specs: list[tuple[int, int, float, float]]) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, classes, scale, offset in specs:
        logits = rng.normal(0, scale, size=(batch, classes)) + offset
        labels = rng.integers(0, classes, size=batch)
        cases.append((logits, labels))
    return cases


# (B, K, spread, offset): B != K first, so that axis slips show; one example; two classes; equal logits.
_CE_CASES = _ce_cases(22, [(4, 3, 2.0, 0.0), (6, 10, 3.0, 0.0), (1, 2, 1.0, 0.0), (5, 4, 0.5, 0.0), (3, 5, 0.0, 0.0)])
# Every logit shifted by +-1000: softmax does not change, but exp(1000) overflows without the max-shift.
_CE_LARGE = _ce_cases(23, [(4, 5, 3.0, 1000.0), (3, 6, 3.0, -1000.0)])


def _ce_parts(logits: Any, labels: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    z = np.asarray(logits, dtype=float)
    P = softmax(z)
    return P, np.eye(z.shape[1])[labels], np.log(P), len(z)


def _ce_variant(kind: str) -> Callable[[Any, Any], tuple[float, np.ndarray]]:
    """softmax_cross_entropy with one typical slip, for the hints."""

    def variant(logits: Any, labels: Any) -> tuple[float, np.ndarray]:
        P, Y, log_p, B = _ce_parts(logits, labels)
        loss, grad = -float(np.sum(Y * log_p)) / B, (P - Y) / B
        if kind == "sign":
            grad = (Y - P) / B
        elif kind == "sum":
            loss, grad = loss * B, P - Y
        elif kind == "mean_all":
            loss, grad = loss / P.shape[1], grad / P.shape[1]
        elif kind == "bits":
            loss = loss / np.log(2)
        elif kind == "log10":
            loss = loss / np.log(10)
        elif kind == "block":
            loss = -float(np.mean(log_p[:, labels]))
        elif kind == "integers_as_one_hot":
            as_column = np.asarray(labels, dtype=float)[:, None]
            loss, grad = -float(np.sum(as_column * log_p)) / B, (P - as_column) / B
        elif kind == "axis0":
            P0 = softmax(logits, axis=0)
            loss, grad = -float(np.sum(Y * np.log(P0))) / B, (P0 - Y) / B
        elif kind == "no_y":
            grad = P / B
        return loss, grad

    return variant


_CE_VARIANTS = {
    "the gradient's sign is flipped: dL/dz = (P - Y) / B, predicted minus true": _ce_variant("sign"),
    "average over the batch: divide the summed loss, and the gradient, by the batch size B": _ce_variant("sum"),
    "np.mean over the whole (B, K) array also divides by the K classes: sum over the classes, then average over "
    "the B examples": _ce_variant("mean_all"),
    "that loss is in bits (log base 2); cross-entropy here uses the natural log, np.log": _ce_variant("bits"),
    "that loss uses log base 10; cross-entropy here uses the natural log, np.log": _ce_variant("log10"),
    "P[:, labels] takes every row's probability of every label, a B x B block; take one per row, "
    "P[np.arange(B), labels]": _ce_variant("block"),
    "labels holds B integers (class indices), not one-hot rows: build Y = np.eye(K)[labels] first": _ce_variant(
        "integers_as_one_hot"
    ),
    "softmax over the wrong axis: each row (one example) must sum to 1, so normalise along axis=1": _ce_variant(
        "axis0"
    ),
    "subtract the one-hot labels: the gradient is (P - Y) / B, not P / B": _ce_variant("no_y"),
}
_CE_ADVICE = "loss = -mean over the rows of log P[i, labels[i]], gradient = (P - Y) / B with Y = np.eye(K)[labels]"
# Tolerances that a float32 computation (Keras, TensorFlow) passes, logits near 1000 included; every slip
# above is off by far more.
_CE_CHECK = {
    "variants": _CE_VARIANTS,
    "outputs": ("loss", "gradient"),
    "advice": _CE_ADVICE,
    "rtol": 1e-4,
    "atol": 1e-5,
}


def _ce_naive(logits: Any, labels: Any) -> tuple[float, np.ndarray]:
    """A typical wrong answer: right formulas, but exp of the raw logits (overflows on large ones)."""
    z = np.asarray(logits, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(z)
        P = e / e.sum(axis=1, keepdims=True)
        loss = -float(np.mean(np.log(P[np.arange(len(z)), labels])))
    return loss, (P - np.eye(z.shape[1])[labels]) / len(z)


def _ce_with_loops(logits: Any, labels: Any) -> tuple[float, list[list[float]]]:
    """Another right answer: one example at a time, with log-sum-exp."""
    total, grad = 0.0, []
    for z, y in zip(np.asarray(logits, dtype=float), labels):
        top = max(z)
        log_sum = top + np.log(sum(np.exp(zk - top) for zk in z))
        total += log_sum - z[y]
        grad.append([np.exp(zk - log_sum) - (k == y) for k, zk in enumerate(z)])
    B = len(grad)
    return total / B, [[gk / B for gk in row] for row in grad]


def _check_02_2(answer: Any) -> str | None:
    problem = check_function(answer, softmax_cross_entropy, _CE_CASES, **_CE_CHECK)
    if problem is not None:
        return problem
    for logits, labels in _CE_LARGE:
        loss, grad = run_code(answer, (logits, labels))
        if not (
            np.all(np.isfinite(np.asarray(loss, dtype=float))) and np.all(np.isfinite(np.asarray(grad, dtype=float)))
        ):
            raise Wrong(
                f"right on ordinary logits, but for logits near {logits.mean():+.0f} your loss or gradient is inf or "
                "nan: np.exp overflows (or underflows to 0/0). Subtract each row's largest logit before np.exp "
                "(z - z.max(axis=1, keepdims=True)): softmax does not change, and exp never sees a number above 0"
            )
    return check_function(answer, softmax_cross_entropy, _CE_LARGE, **_CE_CHECK)


register(
    "02.2",
    reference=softmax_cross_entropy,
    kind="code",
    right=[_ce_with_loops],
    wrongs=[_CE_VARIANTS[k] for k in list(_CE_VARIANTS)[:2]] + [_ce_variant("bits"), _ce_naive],
    solution=(
        "def softmax_cross_entropy(logits, labels):\n"
        "    B, K = logits.shape\n"
        "    shifted = logits - logits.max(axis=1, keepdims=True)  # same softmax, no overflow\n"
        "    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax, row by row\n"
        "    loss = -np.mean(log_p[np.arange(B), labels])  # one log-probability per row: its true class\n"
        "    Y = np.eye(K)[labels]                          # one-hot labels, (B, K)\n"
        "    return loss, (np.exp(log_p) - Y) / B\n"
        "Keras computes the same: keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)\n"
        "gives the B losses (take their mean), and tf.GradientTape the gradient (P - Y) / B."
    ),
)(_check_02_2)


# ---------------------------------------------------------------- 02.3: predict, then run: which optimizer?

OPTIMIZER_OPTIONS = {
    "a": "plain SGD",
    "b": "SGD with momentum",
    "c": "an adaptive one, RMSProp or Adam",
}


register_prediction(
    "02.3",
    options=OPTIMIZER_OPTIONS,
    answer="c",
    why=(
        "at these learning rates, plain SGD moves every weight by the same small multiple of its gradient, so "
        "weights with small gradients hardly move. Momentum adds up the steps that agree from batch to batch and "
        "goes several times further. RMSProp and Adam divide each weight's step by the size of its recent "
        "gradients, so every weight moves at a similar pace from the first steps on: they get furthest. The "
        "ranking is for these learning rates: plain SGD with a larger one (0.1, as in section 5) goes much further."
    ),
)


# ---------------------------------------------------------------- 02.4: one Adam step, as code


def _adam_cases() -> list[tuple[Any, ...]]:
    """Hidden Adam steps: several shapes, the first step (m = s = 0), late steps, a zero gradient, and an
    eps large enough (with small gradients) that where it goes shows."""
    rng = np.random.default_rng(404)
    cases = []
    # (shape, t, lr, beta1, beta2, eps, gradient scale)
    for shape, t, lr, beta1, beta2, eps, scale in [
        ((5,), 3, 0.01, 0.9, 0.999, 1e-3, 0.001),
        ((2, 3), 1, 0.001, 0.9, 0.999, 1e-7, 1.0),
        ((4,), 50, 0.1, 0.8, 0.99, 1e-8, 2.0),
        ((3, 1, 2), 1000, 0.001, 0.9, 0.999, 1e-7, 0.01),
        ((1,), 2, 0.5, 0.5, 0.9, 0.1, 0.3),
    ]:
        theta, g = rng.normal(0, 0.1, size=shape), rng.normal(0, scale, size=shape)
        if t == 1:
            m, s = np.zeros(shape), np.zeros(shape)
        else:
            m, s = rng.normal(0, scale, size=shape), rng.uniform(0.5, 1.5, size=shape) * scale**2
        cases.append((theta, g, m, s, t, lr, beta1, beta2, eps))
    theta, m, s = rng.normal(0, 0.1, size=3), rng.normal(0, 0.1, size=3), rng.uniform(0.005, 0.02, size=3)
    cases.append((theta, np.zeros(3), m, s, 10, 0.01, 0.9, 0.999, 1e-7))  # a zero gradient: m and s decay
    return cases


_ADAM_CASES = _adam_cases()


def _adam_variant(kind: str) -> Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """adam_step with one typical slip, for the hints."""

    def variant(
        theta: Any, g: Any, m: Any, s: Any, t: int, lr: float, beta1: float, beta2: float, eps: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        theta, g, m_old, s_old = (np.asarray(a, dtype=float) for a in (theta, g, m, s))
        m = beta1 * m_old + (1 - beta1) * g
        s = beta2 * s_old + (1 - beta2) * g**2
        if kind == "no_one_minus_beta":
            m = beta1 * m_old + g
        m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
        if kind == "no_correction":
            m_hat, s_hat = m, s
        elif kind == "old_moments":
            m_hat, s_hat = m_old / (1 - beta1**t), s_old / (1 - beta2**t)
        if kind == "eps_inside":
            step = m_hat / np.sqrt(s_hat + eps)
        elif kind == "no_sqrt":
            step = m_hat / (s_hat + eps)
        else:
            step = m_hat / (np.sqrt(s_hat) + eps)
        if kind == "plus":
            return theta + lr * step, m, s
        return theta - lr * step, m, s

    return variant


_ADAM_VARIANTS = {
    "the bias correction is missing: divide m by (1 - beta1**t) and s by (1 - beta2**t) before the step; "
    "without it the first steps are far too small": _adam_variant("no_correction"),
    "eps goes outside the square root: lr * m_hat / (np.sqrt(s_hat) + eps)": _adam_variant("eps_inside"),
    "update m and s with this step's gradient first, then take the step with the new, corrected values": (
        _adam_variant("old_moments")
    ),
    "divide by the square root of s_hat: lr * m_hat / (np.sqrt(s_hat) + eps)": _adam_variant("no_sqrt"),
    "m is a moving average: m = beta1 * m + (1 - beta1) * g (the factor 1 - beta1 is missing)": _adam_variant(
        "no_one_minus_beta"
    ),
    "the step goes downhill: subtract it, theta - lr * m_hat / (np.sqrt(s_hat) + eps)": _adam_variant("plus"),
}
_ADAM_ADVICE = (
    "m = beta1*m + (1-beta1)*g; s = beta2*s + (1-beta2)*g**2; m_hat = m/(1-beta1**t); s_hat = s/(1-beta2**t); "
    "theta - lr*m_hat/(np.sqrt(s_hat) + eps); return (theta, m, s)"
)


# Loose enough for keras.optimizers.Adam itself (it rounds the betas to float32); every slip is off by far more.
_ADAM_CHECK = {"outputs": ("theta", "m", "s"), "advice": _ADAM_ADVICE, "rtol": 1e-4, "atol": 1e-7}


def _check_02_4(answer: Any) -> str | None:
    problem = check_function(answer, adam_step, _ADAM_CASES, variants=_ADAM_VARIANTS, **_ADAM_CHECK)
    if problem is not None and check_function(answer, adam_step_keras, _ADAM_CASES, **_ADAM_CHECK) is None:
        return None  # Keras's way of adding eps is right too
    return problem


register(
    "02.4",
    reference=adam_step,
    kind="code",
    right=[adam_step_keras],
    wrongs=[_ADAM_VARIANTS[k] for k in list(_ADAM_VARIANTS)[:3]],
    solution=(
        "def adam_step(theta, g, m, s, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7):\n"
        "    m = beta1 * m + (1 - beta1) * g        # moving average of the gradients (momentum)\n"
        "    s = beta2 * s + (1 - beta2) * g**2     # moving average of their squares (RMSProp)\n"
        "    m_hat = m / (1 - beta1**t)             # both started at 0: correct the bias towards 0\n"
        "    s_hat = s / (1 - beta2**t)\n"
        "    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), m, s\n"
        "At t = 1, m_hat = g and s_hat = g**2, so the first step is about lr * sign(g): every weight moves\n"
        "by about lr, whatever the size of its gradient. keras.optimizers.Adam folds the correction into\n"
        "the step size instead, alpha = lr * sqrt(1 - beta2**t) / (1 - beta1**t), then\n"
        "theta - alpha * m / (sqrt(s) + eps): the same step but for where eps goes; both are accepted."
    ),
)(_check_02_4)


# ---------------------------------------------------------------- 02.5: change the model: a small MLP that reaches a target

SMALL_MLP = {"max_params": 25_000, "target": 0.95, "held_out": 5_000}


def _mnist() -> Any:
    """MNIST as lesson 02 loads it (normalised, flattened)."""
    from ..datasets import load_mnist

    return load_mnist(normalize=True, flatten=True)


@functools.lru_cache(maxsize=1)
def _held_out() -> tuple[np.ndarray, np.ndarray]:
    """The last 5,000 MNIST validation images, flattened: no cell of lesson 02 trains on them. Copied, so
    that the rest of the data set is freed: only these stay in memory."""
    n, mnist = SMALL_MLP["held_out"], _mnist()
    return mnist.x_val[-n:].copy(), mnist.y_val[-n:].copy()


class _TrainedOnDemand:
    """A Keras model built (and trained) the first time it is used: the reference of 02.5 and its
    variants, so that importing this module never trains anything."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build, self._model = build, None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._model is None:
            self._model = self._build()
        return getattr(self._model, name)


@functools.lru_cache(maxsize=1)
def _reference_mlp() -> Any:
    """The solution of 02.5: 784-30-10 with ReLU, Adam, all 50,000 training images, 3 epochs (about a second)."""
    import keras

    mnist = _mnist()
    keras.utils.set_random_seed(42)
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(30, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy")
    model.fit(mnist.x_train, mnist.y_train, batch_size=256, epochs=3, verbose=0)
    return model


def _reference_logits_mlp() -> Any:
    """The same network with no softmax at the end: it outputs logits, which is just as right."""
    import keras

    trained = _reference_mlp()
    model = keras.Sequential(
        [keras.Input(shape=(784,)), keras.layers.Dense(30, activation="relu"), keras.layers.Dense(10)]
    )
    model.set_weights(trained.get_weights())
    return model


def _starting_mlp(width: int = 16) -> Any:
    """The model exercise 02.5 starts from (untrained): one hidden layer of ``width`` sigmoid units."""
    import keras

    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(width, activation="sigmoid"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _dense_params(sizes: list[int]) -> int:
    """Weights and biases of a stack of Dense layers with these widths, input first."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def _check_02_5(model: Any) -> str | None:
    x, y = _held_out()
    return check_model(
        model, x, y, target=SMALL_MLP["target"], max_params=SMALL_MLP["max_params"], what="validation accuracy"
    )


register(
    "02.5",
    reference=_TrainedOnDemand(_reference_mlp),
    kind="model",
    right=[_TrainedOnDemand(_reference_logits_mlp)],
    wrongs=[_TrainedOnDemand(_starting_mlp), _TrainedOnDemand(lambda: _starting_mlp(width=64))],
    data=SMALL_MLP,
    solution=(
        "The given model is held back by how it is trained more than by its size. Within 25,000 parameters:\n"
        "  small_model = keras.Sequential([keras.Input(shape=(784,)),\n"
        "                                  keras.layers.Dense(30, activation='relu'),   # 784*30 + 30 = 23,550\n"
        "                                  keras.layers.Dense(10, activation='softmax')])  # 30*10 + 10 = 310\n"
        "  small_model.compile(optimizer=keras.optimizers.Adam(5e-3), loss='sparse_categorical_crossentropy',\n"
        "                      metrics=['accuracy'])\n"
        "  small_model.fit(mnist.x_train, mnist.y_train, batch_size=256, epochs=3, verbose=0)\n"
        f"{_dense_params([784, 30, 10]):,} parameters, and about 0.96 on the held-out images after a second or two\n"
        "of training. Four changes: Adam instead of SGD, all 50,000 training images, ReLU instead of the\n"
        "sigmoid, and as many hidden units as the budget allows (each costs 795 parameters: 784 weights, a\n"
        "bias and 10 output weights). In our runs, undoing any one of the four (SGD at 0.1, 10,000 images,\n"
        "the sigmoid, or 16 units) left the model between 0.92 and 0.95. A second hidden layer fits too\n"
        f"(784-28-16-10 has {_dense_params([784, 28, 16, 10]):,} parameters) if you want to try depth."
    ),
)(_check_02_5)


# ---------------------------------------------------------------- 02.6: precision, recall and F1 from a confusion matrix

CONFUSION = {
    "digits": [3, 5, 8],
    "matrix": [[50, 6, 4], [3, 30, 17], [5, 2, 43]],  # rows: true digit, columns: predicted digit
    "digit": 5,
}
_K = CONFUSION["digits"].index(CONFUSION["digit"])
_PRF_02_6 = precision_recall_f1(CONFUSION["matrix"], _K)
_P6, _R6, _F6 = _PRF_02_6
_HINTS_02_6 = [
    (
        (_R6, _P6, _F6),
        "precision and recall are swapped: precision divides by a column (everything predicted 5), "
        "recall by a row (every true 5)",
    ),
    (
        (_P6, _R6, (_P6 + _R6) / 2),
        "precision and recall are right; F1 is their harmonic mean, 2PR / (P + R), not the plain average",
    ),
]
for _other in range(len(CONFUSION["digits"])):
    if _other != _K:
        _HINTS_02_6.append(
            (
                precision_recall_f1(CONFUSION["matrix"], _other),
                f"those are the scores of digit {CONFUSION['digits'][_other]}; digit 5 is row and column {_K} "
                "(the order is 3, 5, 8)",
            )
        )


@register(
    "02.6",
    reference=_PRF_02_6,
    kind="value",
    right=[tuple(round(s, 3) for s in _PRF_02_6), [0.789, 0.6, 0.682], np.array(_PRF_02_6)],
    wrongs=[_HINTS_02_6[0][0], _HINTS_02_6[1][0], _HINTS_02_6[2][0]],
    data=CONFUSION,
    solution=(
        "Rows are true classes, columns predictions; digit 5 is row and column 1.\n"
        "  precision = correct 5s / everything predicted 5 (column 1) = 30 / (6 + 30 + 2) = 0.789\n"
        "  recall    = correct 5s / every true 5 (row 1)             = 30 / (3 + 30 + 17) = 0.600\n"
        "  F1 = 2 * precision * recall / (precision + recall)          = 0.682\n"
        "In code: tp = cm[1, 1]; precision = tp / cm[:, 1].sum(); recall = tp / cm[1, :].sum()."
    ),
)
def _check_02_6(answer: Any) -> str | None:
    got = as_array(answer, shape=(3,), what="(precision, recall, f1) triple")
    problem = check_value(got, _PRF_02_6, 3, hints=_HINTS_02_6, what="(precision, recall, f1) triple")
    if problem is None or any(problem == hint for _, hint in _HINTS_02_6):
        return problem
    right = [near(g, s, 3) for g, s in zip(got, _PRF_02_6)]
    if right[0] and right[1]:
        return "precision and recall are right; F1 = 2 * precision * recall / (precision + recall)"
    if right[0]:
        return "precision is right; recall = cm[1, 1] / (the sum of row 1, every true 5)"
    if right[1]:
        return "recall is right; precision = cm[1, 1] / (the sum of column 1, everything predicted 5)"
    return "precision = cm[1, 1] / column 1's sum; recall = cm[1, 1] / row 1's sum; F1 = 2PR / (P + R)"
