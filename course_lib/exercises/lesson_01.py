"""Exercises of lesson 01 (the perceptron).

* 01.1: the output of one sigmoid neuron, ``sigmoid(w . x + b)``, for given numbers.
* 01.2: one step of the perceptron learning rule on a misclassified example.
* 01.3: weights that let a single perceptron compute XOR once it also sees the product x1 * x2.

Expected values are computed here from the formulas, not typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import close_to, register

# The numbers the notebook's prompts show (the notebook repeats them in the exercise cells).
NEURON_X = np.array([2.0, 1.0, 0.5])
NEURON_W = np.array([0.5, -1.0, 2.0])
NEURON_B = -0.5

UPDATE_W = np.array([0.5, -0.5])
UPDATE_B = 0.0
UPDATE_X = np.array([1.0, 2.0])
UPDATE_Y = 1
UPDATE_ETA = 0.5

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0, 1, 1, 0])


def sigmoid(z: Any) -> np.ndarray:
    """The logistic sigmoid, 1 / (1 + exp(-z)).

    Example:
        >>> float(sigmoid(0.0))
        0.5
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def step(z: Any) -> np.ndarray:
    """The perceptron's step activation: 1 where z >= 0, else 0.

    Example:
        >>> step(np.array([-1.0, 0.0, 2.0])).tolist()
        [0, 1, 1]
    """
    return (np.asarray(z, dtype=float) >= 0).astype(int)


def perceptron_update(
    w: np.ndarray, b: float, x: np.ndarray, y: int, eta: float
) -> tuple[np.ndarray, float]:
    """One step of Rosenblatt's rule: ``w += eta (y - y_hat) x``, ``b += eta (y - y_hat)``.

    Labels ``y`` and predictions ``y_hat = step(w . x + b)`` are 0 or 1.

    Example:
        >>> w, b = perceptron_update(np.array([0.5, -0.5]), 0.0, np.array([1.0, 2.0]), 1, 0.5)
        >>> w.tolist(), b
        ([1.0, 0.5], 0.5)
    """
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    if w.shape != x.shape or w.ndim != 1:
        raise ValueError(f"w and x must be vectors of the same length, got shapes {w.shape} and {x.shape}")
    if y not in (0, 1):
        raise ValueError(f"the label y must be 0 or 1, got {y!r}")
    error = y - int(step(w @ x + b))
    return w + eta * error * x, float(b + eta * error)


# ---------------------------------------------------------------- 01.1: one sigmoid neuron

_Z_01_1 = float(NEURON_W @ NEURON_X + NEURON_B)
_ANSWER_01_1 = float(sigmoid(_Z_01_1))


def _check_01_1(answer: Any) -> str | None:
    try:
        value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return f"expected one number (the neuron's output), got {type(answer).__name__}"
    if np.isclose(value, _ANSWER_01_1, atol=1e-4):
        return None
    if np.isclose(value, _Z_01_1, atol=1e-4):
        return "that is the weighted sum z = w . x + b; now pass it through the sigmoid"
    if np.isclose(value, float(step(_Z_01_1)), atol=1e-4):
        return "that is step(z); this neuron uses the sigmoid, 1 / (1 + exp(-z))"
    if np.isclose(value, float(sigmoid(NEURON_W @ NEURON_X)), atol=1e-4):
        return "close: did you add the bias b = -0.5 to the weighted sum?"
    return "compute z = w1*x1 + w2*x2 + w3*x3 + b first, then sigmoid(z) = 1 / (1 + exp(-z))"


register(
    "01.1",
    reference=_ANSWER_01_1,
    wrong=_Z_01_1,
    solution=(
        "z = w . x + b = 0.5*2.0 + (-1.0)*1.0 + 2.0*0.5 + (-0.5)\n"
        "  = 1.0 - 1.0 + 1.0 - 0.5 = 0.5\n"
        f"sigmoid(0.5) = 1 / (1 + exp(-0.5)) = {_ANSWER_01_1:.4f}\n"
        "In code: answer = sigmoid(w_ex @ x_ex + b_ex)"
    ),
)(_check_01_1)


# ---------------------------------------------------------------- 01.2: one perceptron update

_W_01_2, _B_01_2 = perceptron_update(UPDATE_W, UPDATE_B, UPDATE_X, UPDATE_Y, UPDATE_ETA)
_ANSWER_01_2 = np.append(_W_01_2, _B_01_2)  # [w1, w2, b] after the update


def _check_01_2(answer: Any) -> str | None:
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected three numbers [w1, w2, b], got {type(answer).__name__}"
    if got.shape != (3,):
        return f"expected three numbers [w1, w2, b] after the update, got shape {got.shape}"
    before = np.append(UPDATE_W, UPDATE_B)
    if np.allclose(got, before):
        return "the perceptron gets this example wrong (z = -0.5, so y_hat = 0 but y = 1): the weights must change"
    if np.allclose(got, 2 * before - _ANSWER_01_2):
        return "right size, wrong direction: the error y - y_hat is +1 here, so add eta * x"
    if np.allclose(got[:2], _ANSWER_01_2[:2]) and not np.isclose(got[2], _ANSWER_01_2[2]):
        return "the weights are right; the bias is updated too, b <- b + eta * (y - y_hat)"
    unscaled = np.append(UPDATE_W + (UPDATE_Y - 0) * UPDATE_X, UPDATE_B + (UPDATE_Y - 0))
    if np.allclose(got, unscaled):
        return "remember to multiply the change by the learning rate eta = 0.5"
    return close_to(_ANSWER_01_2, got, what="[w1, w2, b] after the update")


register(
    "01.2",
    reference=_ANSWER_01_2.tolist(),
    wrong=np.append(UPDATE_W, UPDATE_B).tolist(),
    solution=(
        "z = w . x + b = 0.5*1.0 + (-0.5)*2.0 + 0.0 = -0.5 < 0, so y_hat = 0.\n"
        "The label is y = 1, so the error y - y_hat = +1 and the rule adds eta * x:\n"
        "  w <- [0.5, -0.5] + 0.5 * [1.0, 2.0] = [1.0, 0.5]\n"
        "  b <- 0.0 + 0.5 * 1 = 0.5\n"
        "answer = [1.0, 0.5, 0.5]. Check: the new z = 1.0 + 1.0 + 0.5 = 2.5 >= 0, now right.\n"
        "z rose by eta * (|x|^2 + 1) = 0.5 * (5 + 1) = 3: an update always pushes z the right way."
    ),
)(_check_01_2)


# ---------------------------------------------------------------- 01.3: XOR with a product feature


def xor_features(inputs: np.ndarray) -> np.ndarray:
    """Extend each input (x1, x2) with their product: (x1, x2, x1 * x2).

    Example:
        >>> xor_features(XOR_INPUTS)[:, 2].tolist()
        [0.0, 0.0, 0.0, 1.0]
    """
    inputs = np.asarray(inputs, dtype=float)
    if inputs.ndim != 2 or inputs.shape[1] != 2:
        raise ValueError(f"expected inputs of shape (n, 2), got {inputs.shape}")
    return np.c_[inputs, inputs[:, 0] * inputs[:, 1]]


def _check_01_3(answer: Any) -> str | None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected a pair (w, b): w a list of three weights, b a number"
    try:
        w = np.asarray(answer[0], dtype=float)
        b = float(np.asarray(answer[1], dtype=float).reshape(()))
    except (TypeError, ValueError):
        return "expected a pair (w, b): w a list of three weights, b a number"
    if w.shape != (3,):
        return f"w needs one weight per feature (x1, x2, x1*x2), so three numbers; yours has shape {w.shape}"
    outputs = step(xor_features(XOR_INPUTS) @ w + b)
    if np.array_equal(outputs, XOR_TARGETS):
        return None
    table = ", ".join(f"{int(a)}{int(c)}->{o}" for (a, c), o in zip(XOR_INPUTS, outputs))
    return f"your perceptron computes {table}; XOR needs 00->0, 01->1, 10->1, 11->0"


register(
    "01.3",
    reference=([1.0, 1.0, -2.0], -0.5),
    wrong=([1.0, 1.0, 0.0], -0.5),
    solution=(
        "Write the four conditions, with z = w1*x1 + w2*x2 + w3*(x1*x2) + b:\n"
        "  (0,0) -> 0:  b < 0\n"
        "  (0,1) -> 1:  w2 + b >= 0\n"
        "  (1,0) -> 1:  w1 + b >= 0\n"
        "  (1,1) -> 0:  w1 + w2 + w3 + b < 0\n"
        "Take b = -0.5 and w1 = w2 = 1 (the OR gate); the product feature is 1 only at (1,1),\n"
        "so a weight w3 = -2 pulls that corner back down: 1 + 1 - 2 - 0.5 = -0.5 < 0.\n"
        "answer = ([1.0, 1.0, -2.0], -0.5). Without x1*x2 no (w1, w2, b) works; a hidden layer\n"
        "(lesson 02) learns helpful features like this one by itself."
    ),
)(_check_01_3)
