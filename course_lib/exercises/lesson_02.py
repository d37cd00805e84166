"""Exercises of lesson 02 (multilayer perceptrons).

* 02.1: the number of parameters of a dense network 784 -> 256 -> 128 -> 10.
* 02.2: the gradient of softmax cross-entropy with respect to the logits, p - y.
* 02.3: the factor by which (inverted) dropout scales the units it keeps.
* 02.4: precision, recall and F1 of one class, read from a confusion matrix.

Expected values are computed here from the formulas, not typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import close_to, register


def dense_param_count(layer_sizes: list[int], bias: bool = True) -> int:
    """Weights (and biases) of a stack of Dense layers with the given widths, input first.

    A Dense layer from n_in to n_out units holds n_in * n_out weights and n_out biases.

    Example:
        >>> dense_param_count([784, 256, 128, 10])
        235146
    """
    if len(layer_sizes) < 2 or any(int(n) <= 0 for n in layer_sizes):
        raise ValueError(f"expected at least two positive layer sizes (input first), got {layer_sizes!r}")
    return sum(n_in * n_out + (n_out if bias else 0) for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax of a vector of logits, computed stably (shifted by the maximum).

    Example:
        >>> softmax(np.zeros(4)).tolist()
        [0.25, 0.25, 0.25, 0.25]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def precision_recall_f1(cm: np.ndarray, k: int) -> tuple[float, float, float]:
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


# 02.1: parameters of Dense 784 -> 256 -> 128 -> 10.
_SIZES_02_1 = [784, 256, 128, 10]
_PARAMS_02_1 = dense_param_count(_SIZES_02_1)


@register(
    "02.1",
    reference=_PARAMS_02_1,
    wrong=dense_param_count(_SIZES_02_1, bias=False),
    solution=(
        "A Dense layer from n_in inputs to n_out units has an n_in x n_out weight matrix W\n"
        "and n_out biases b. Layer by layer:\n"
        "  784 -> 256: 784*256 + 256 = 200,960\n"
        "  256 -> 128: 256*128 + 128 =  32,896\n"
        "  128 ->  10: 128*10  +  10 =   1,290\n"
        "Total: 235,146 parameters. Check it with model.count_params() on\n"
        "keras.Sequential([keras.Input((784,)), Dense(256), Dense(128), Dense(10)])."
    ),
)
def _check_02_1(answer: Any) -> str | None:
    if close_to(_PARAMS_02_1, answer, atol=0.5, rtol=0, what="parameter count") is None:
        return None
    if close_to(dense_param_count(_SIZES_02_1, bias=False), answer, atol=0.5, rtol=0) is None:
        return "close: every unit also has one bias"
    if close_to(784 * 256 + 256 * 128 + 128 * 10 + 784 + 256 + 128, answer, atol=0.5, rtol=0) is None:
        return "the biases belong to the units a layer outputs (256, 128, 10), not to its inputs"
    return "add n_in * n_out weights plus n_out biases for each of the three Dense layers"


# 02.2: gradient of the cross-entropy loss with respect to the logits z.
_LOGITS_02_2 = np.array([2.0, 1.0, 0.1])
_LABEL_02_2 = 0
_GRAD_02_2 = softmax(_LOGITS_02_2) - np.eye(3)[_LABEL_02_2]


@register(
    "02.2",
    reference=_GRAD_02_2,
    wrong=-_GRAD_02_2,
    solution=(
        "For softmax followed by cross-entropy, dL/dz = p - y, with p = softmax(z) and y the\n"
        "one-hot label.\n"
        "  p = softmax([2.0, 1.0, 0.1]) = [0.659, 0.242, 0.099]\n"
        "  y = [1, 0, 0]\n"
        "  dL/dz = p - y = [-0.341, 0.242, 0.099]\n"
        "In code: z = np.array([2.0, 1.0, 0.1]); p = np.exp(z) / np.exp(z).sum(); p - np.eye(3)[0].\n"
        "The negative entry pushes the true class's logit up; the others are pushed down."
    ),
)
def _check_02_2(answer: Any) -> str | None:
    problem = close_to(_GRAD_02_2, answer, atol=2e-3, rtol=0, what="gradient")
    if problem is None:
        return None
    if "shape" in problem or "expected a number" in problem:
        return problem + " (one value per logit)"
    if close_to(-_GRAD_02_2, answer, atol=2e-3, rtol=0) is None:
        return "the sign is flipped: the gradient is p - y, not y - p"
    if close_to(softmax(_LOGITS_02_2), answer, atol=2e-3, rtol=0) is None:
        return "that is p = softmax(z); now subtract the one-hot label y"
    return "compute p = softmax(z), then subtract 1 from the entry of the true class (class 0)"


# 02.3: the factor inverted dropout applies to kept units, for Dropout(rate=0.2).
_RATE_02_3 = 0.2
_SCALE_02_3 = 1 / (1 - _RATE_02_3)


@register(
    "02.3",
    reference=_SCALE_02_3,
    wrong=1 - _RATE_02_3,
    solution=(
        "During training, Dropout(0.2) sets each unit to 0 with probability 0.2 and divides the\n"
        "others by the keep probability 1 - 0.2 = 0.8, i.e. multiplies them by 1 / 0.8 = 1.25.\n"
        "The expected value of every unit is then unchanged: 0.8 * 1.25 * h = h, so at test time\n"
        "the layer can simply do nothing. Check: keras.layers.Dropout(0.2)(np.ones((1, 10)), training=True)."
    ),
)
def _check_02_3(answer: Any) -> str | None:
    if close_to(_SCALE_02_3, answer, atol=1e-3, rtol=0, what="scale factor") is None:
        return None
    if close_to(1 - _RATE_02_3, answer, atol=1e-3, rtol=0) is None:
        return "0.8 is the keep probability; the kept units are divided by it, not multiplied"
    if close_to(_RATE_02_3, answer, atol=1e-3, rtol=0) is None or close_to(1.0, answer, atol=1e-3, rtol=0) is None:
        return "kept units are rescaled so that each unit's expected value does not change"
    return "kept units are divided by the keep probability, 1 - rate"


# 02.4: precision, recall and F1 of digit 5 from a confusion matrix of the digits 3, 5 and 8.
CM_02_4 = np.array([[50, 6, 4], [3, 30, 17], [5, 2, 43]])
_PRF_02_4 = precision_recall_f1(CM_02_4, 1)


@register(
    "02.4",
    reference=_PRF_02_4,
    wrong=(_PRF_02_4[1], _PRF_02_4[0], (_PRF_02_4[0] + _PRF_02_4[1]) / 2),
    solution=(
        "Rows are true classes, columns predictions; digit 5 is row and column 1.\n"
        "  precision = correct 5s / everything predicted 5 (column 1) = 30 / (6 + 30 + 2) = 0.789\n"
        "  recall    = correct 5s / every true 5 (row 1)             = 30 / (3 + 30 + 17) = 0.600\n"
        "  F1 = 2 * precision * recall / (precision + recall)          = 0.682\n"
        "In code: tp = cm[1, 1]; precision = tp / cm[:, 1].sum(); recall = tp / cm[1, :].sum()."
    ),
)
def _check_02_4(answer: Any) -> str | None:
    problem = close_to(_PRF_02_4, answer, atol=2e-3, rtol=0, what="(precision, recall, f1) triple")
    if problem is None:
        return None
    if "shape" in problem or "expected a number" in problem:
        return "give three numbers: (precision, recall, f1)"
    got = np.asarray(answer, dtype=float)
    precision, recall, f1 = _PRF_02_4
    if np.allclose(got[:2], [recall, precision], atol=2e-3):
        return "precision and recall are swapped: precision divides by a column (predicted 5), recall by a row (true 5)"
    if close_to([precision, recall], got[:2], atol=2e-3, rtol=0) is not None:
        return "precision = cm[1, 1] / column 1's sum; recall = cm[1, 1] / row 1's sum"
    if np.isclose(got[2], (precision + recall) / 2, atol=2e-3):
        return "precision and recall are right; F1 is their harmonic mean, 2PR / (P + R), not the plain average"
    return "precision and recall are right; F1 = 2 * precision * recall / (precision + recall)"
